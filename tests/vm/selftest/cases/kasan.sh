# shellcheck shell=sh
# Harness self-test: must be reported FAILED: the module it loads reads
# past the end of a heap object, which KASAN must report.
# timeout: 60
# kernels: debug
# expect-failure: kernel reported: .*(KASAN|BUG:)
check "the out-of-bounds module loads" modprobe hvlis_selftest fault=kasan
