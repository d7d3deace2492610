# shellcheck shell=sh
# Harness self-test: must PASS after one retried boot. Its first boot is
# given an init that does not exist, so the kernel panics before /init's
# start mark: the harness must boot it again (without the parameter), and
# the second boot runs the case.
# kernels: debian
# (The harness's own logic, the same on every kernel: the debug kernel's
# slow minutes go to what only it checks.)
# timeout: 60
# first-boot-append: rdinit=/no-such-init init=/no-such-init
# expect-retry: the first boot died before the case started: .*Kernel panic
check "the second boot runs the case" true
