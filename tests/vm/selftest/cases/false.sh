# Harness self-test: must be reported FAILED: an assertion is false.
# timeout: 60
check "true is true" true
check "false is true (deliberately wrong)" false
