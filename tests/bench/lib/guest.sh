# shellcheck shell=sh
# Shared by the benchmarks: run a script in a test VM.

# bench_guest NAME SCRIPT: run SCRIPT in a test VM (tests/vm/run, the
# newest Debian kernel, the simulated host and hv_vmbus loaded) and print
# its output without carriage returns. When the run fails, say so with
# the output on stderr and fail: use as out=$(bench_guest ...) || exit 1.
bench_guest() {
	_out=$(HVLIS_RUN_CMD=$2 "$(dirname "$0")/../vm/run") || {
		echo "bench $1: the guest run failed" >&2
		[ -z "$_out" ] || echo "$_out" >&2
		return 1
	}
	echo "$_out" | tr -d '\r'
}
