# shellcheck shell=sh
# Harness self-test: must be reported FAILED: an assertion is false.
# kernels: debian
# (The harness's own logic, the same on every kernel: the debug kernel's
# slow minutes go to what only it checks.)
# timeout: 60
# expect-failure: 1 of 2 assertions failed: not ok 2 - false is true
check "true is true" true
check "false is true (deliberately wrong)" false
