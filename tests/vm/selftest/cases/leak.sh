# shellcheck shell=sh
# Harness self-test: must be reported FAILED: the module it loads leaks
# memory, which the end-of-case kmemleak scan must find.
# timeout: 60
# kernels: debug
# expect-failure: kernel reported: .*unreferenced object
check "the leaking module loads" modprobe hvlis_selftest fault=leak
