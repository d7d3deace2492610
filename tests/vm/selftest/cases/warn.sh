# shellcheck shell=sh
# Harness self-test: must be reported FAILED. Its assertion passes, but
# the module it loads prints a kernel WARNING.
# timeout: 60
# expect-failure: kernel reported: .*WARNING: .*hvlis_selftest
check "the WARN module loads" modprobe hvlis_selftest fault=warn
