# shellcheck shell=sh
# Harness self-test: must be reported FAILED: it never finishes.
# kernels: debian
# (The harness's own logic, the same on every kernel: the debug kernel's
# slow minutes go to what only it checks.)
# timeout: 15
# expect-failure: time limit
check "about to hang" true
while :; do sleep 1; done
