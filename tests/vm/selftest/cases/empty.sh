# shellcheck shell=sh
# Harness self-test: must be reported FAILED: it asserts nothing.
# kernels: debian
# (The harness's own logic, the same on every kernel: the debug kernel's
# slow minutes go to what only it checks.)
# timeout: 60
# expect-failure: the case asserted nothing
echo "this case checks nothing"
