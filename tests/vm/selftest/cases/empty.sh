# shellcheck shell=sh
# Harness self-test: must be reported FAILED: it asserts nothing.
# timeout: 60
# expect-failure: the case asserted nothing
echo "this case checks nothing"
