# shellcheck shell=sh
# Harness self-test: must be reported FAILED: it never finishes.
# timeout: 15
# expect-failure: time limit
check "about to hang" true
while :; do sleep 1; done
