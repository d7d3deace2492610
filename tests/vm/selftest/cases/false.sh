# shellcheck shell=sh
# Harness self-test: must be reported FAILED: an assertion is false.
# timeout: 60
# expect-failure: 1 of 2 assertions failed: not ok 2 - false is true
check "true is true" true
check "false is true (deliberately wrong)" false
