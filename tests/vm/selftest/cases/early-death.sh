# shellcheck shell=sh
# Harness self-test: must PASS after one retried boot. Its first boot is
# given an init that does not exist, so the kernel panics before /init's
# start mark: the harness must boot it again (without the parameter), and
# the second boot runs the case.
# timeout: 60
# first-boot-append: rdinit=/no-such-init init=/no-such-init
# expect-retry: the first boot died before the case started: .*Kernel panic
check "the second boot runs the case" true
