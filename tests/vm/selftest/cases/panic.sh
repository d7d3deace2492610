# shellcheck shell=sh
# Harness self-test: must be reported FAILED, on its first boot. The
# module it loads panics the kernel after /init's start mark: that is the
# case's failure, never a boot to retry.
# timeout: 60
# expect-failure: kernel reported: .*Kernel panic - not syncing: hvlis_selftest
check "the panicking module loads" modprobe hvlis_selftest fault=panic
