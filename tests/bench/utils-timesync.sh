#!/bin/sh
# Benchmark: time from a host time sample to its applied correction. The
# simulated host (vmbus_sim's ic_timesync) sends a sample 2 s off the
# guest's clock (alternately ahead and behind, so the clock does not run
# away), and the guest's CLOCK_REALTIME is stepped by:
#   sync-kernel    SYNC, no daemon: hv_utils steps the clock itself (from
#                  a work item, do_settimeofday64)
#   sync-daemon    SYNC, hv_timesync_daemon running: hv_utils multicasts
#                  the sample on the hvlis "timesync" genl group, the
#                  daemon receives it and calls clock_settime
#   sample-daemon  SAMPLE (over the daemon's 500 ms step threshold): the
#                  same path, the daemon's step-or-slew decision included
# The baseline (local-step), in the same boot and measured the same way,
# is the guest stepping its own clock by the same amount from a process
# (clock_settime in a thread): no host, no VMBus, no hv_utils, no netlink.
#
# Each figure is from "the host starts sending" (just before the write to
# ic_timesync) to "the guest's clock has been stepped", as seen by a
# SCHED_FIFO thread sleeping on a CLOCK_REALTIME timerfd with
# TFD_TIMER_CANCEL_ON_SET (the kernel wakes it from clock_was_set(), on
# any step by anyone; being real-time it runs as the stepping syscall
# returns), timed with CLOCK_MONOTONIC: no clock polling that would
# compete for the CPU. See tests/vm/progs/hvlis-bench-timesync.c. The ratio is
# figure / baseline, medians (and p90s): how many local clock steps' worth
# of time the host -> VMBus -> hv_utils (-> netlink -> daemon) path takes
# to get the correction applied; 1.0 would mean the path costs nothing
# beyond the step itself. "ack" is the median time until the host's write
# returned (the guest's IC answer reached the simulated host), for
# comparison: the correction usually lands before the host has its answer.
#
# The guest runs on one vCPU (cpu1 is taken offline first): under TCG a
# wakeup across vCPUs waits for the host to schedule the other vCPU's
# thread, milliseconds on a loaded machine, which swamped every figure
# and swung the baseline several-fold between runs. On one vCPU each
# figure is the path's own work and scheduling hops. The modes run in
# interleaved rounds (the daemon started and stopped each round) so drift
# in the machine's load spreads over all of them. TCG makes absolute
# times meaningless; read the ratios.
#
# The helper is a guest test program (tests/vm/progs), which tests/vm/run
# builds and every guest carries.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/guest.sh
. "$here/lib/guest.sh"
rounds=8
per_round=24
offset_ms=2000

guest=$(cat <<GUEST
rounds=$rounds n=$per_round off=$offset_ms
GUEST
)$(cat <<'GUEST'

echo 0 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
echo "INFO online vCPUs: $(cat /sys/devices/system/cpu/online)"
sim=/sys/kernel/debug/vmbus_sim
state=/tmp/ts.state
echo "9527e630-d0ae-497b-adce-e80ab0175caf 2dd1ce17-079e-403c-b352-a1921ee207ee" >$sim/add_device
/usr/sbin/modprobe hv_utils
tries=0
until grep -q '^timesync .*negotiations=1 ' $sim/ic_status; do
	tries=$((tries + 1)); [ $tries -lt 100 ] || { echo "timesync never negotiated"; exit 1; }; sleep 0.1
done
# wait_until TEST...: up to 10 s.
wait_until() {
	tries=0
	until "$@"; do
		tries=$((tries + 1)); [ $tries -lt 100 ] || return 1; sleep 0.1
	done
}
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	hvlis-bench-timesync local-step local "$n" "$off"
	hvlis-bench-timesync sync-kernel host "$n" "$off" 1
	rm -f $state
	hv_timesync_daemon -n --state-file $state 2>>/tmp/ts.log &
	daemon=$!
	wait_until grep -q '^mode=disciplining' $state 2>/dev/null ||
		{ echo "the daemon did not start:"; cat /tmp/ts.log; exit 1; }
	hvlis-bench-timesync sync-daemon host "$n" "$off" 1
	hvlis-bench-timesync sample-daemon host "$n" "$off" 2
	kill "$daemon"
	wait "$daemon" || true
done
hv_timesync_daemon --status --state-file $state | sed -n 's/^\(samples\|actions\):  */INFO last daemon run, \1: /p'
echo "INFO violations $(sed -n 's/^violations //p' $sim/counters)"
GUEST
)

out=$(bench_guest utils-timesync "$guest") || exit 1
echo "utils timesync: host time sample (${offset_ms} ms off) -> guest clock stepped, ratio to an in-guest clock_settime of the same size"
printf '%-14s %5s %5s %11s %11s %11s %9s %9s\n' path n miss median-us p90-us ack-us ratio p90-ratio
# The samples of one path, in microseconds, sorted.
values() {
	echo "$out" | awk -v l="$1" -v k="$2" '
	$1 == "SAMPLE" && $2 == "label=" l {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] / 1000 }
	}' | sort -n
}
# pct P: the P-th percentile (nearest rank) of sorted values on stdin.
pct() {
	awk -v p="$1" '{ v[NR] = $1 } END {
		if (!NR) { print "nan"; exit }
		r = int(NR * p / 100 + 0.999999); if (r < 1) r = 1
		print v[r]
	}'
}
base_med=$(values local-step lat_ns | pct 50)
base_p90=$(values local-step lat_ns | pct 90)
for path in local-step sync-kernel sync-daemon sample-daemon; do
	n=$(values "$path" lat_ns | wc -l)
	miss=$(echo "$out" | grep -c "^MISS label=$path " || true)
	med=$(values "$path" lat_ns | pct 50)
	p90=$(values "$path" lat_ns | pct 90)
	ack=$(values "$path" ack_ns | pct 50)
	awk -v p="$path" -v n="$n" -v m="$miss" -v med="$med" -v p90="$p90" -v ack="$ack" \
		-v bm="$base_med" -v bp="$base_p90" 'BEGIN {
		if (n == 0) { printf "%-14s %5d %5d %11s\n", p, n, m, "no samples"; exit }
		printf "%-14s %5d %5d %11.0f %11.0f %11.0f %9.2f %9.2f\n", p, n, m, med, p90, ack,
			(bm > 0 ? med / bm : 0), (bp > 0 ? p90 / bp : 0)
	}'
done
echo "$out" | grep '^MISS' | sort | uniq -c | sed 's/^/  /' || true
echo "$out" | sed -n 's/^INFO /  /p'
