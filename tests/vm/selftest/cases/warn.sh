# Harness self-test: must be reported FAILED. Its assertion passes, but
# the module it loads prints a kernel WARNING.
# timeout: 60
check "the WARN module loads" modprobe hvlis_selftest_warn
