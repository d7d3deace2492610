#!/bin/sh
# Benchmark: KVP round trips per second, host -> hv_utils -> hv_kvp_daemon
# -> hv_utils -> host, for a GET of one key (pool 0, a 5-byte value). The
# simulated host sends the requests back to back from the kernel
# (vmbus_sim's ic_kvp "repeat"), so no shell sits in the loop.
#
# The baseline, in the same boot: the same GET with no daemon registered,
# which hv_utils answers itself (E_FAIL) from its work item. It is the
# same host -> VMBus -> hv_utils -> host round trip without the netlink
# hop to the daemon, the daemon's pool-file read and the answer's
# conversion back; the ratio (daemon / no daemon, in round trips/s) is
# the share of the bare IC round trip the daemon path leaves. TCG makes
# absolute rates meaningless; read the ratio.
#
# The device is offered without a monitor page (monitor=0): the guest
# signals each answer, rather than the host finding it on its polling
# tick, so the figure is the guest's path, not the sim's poll period.
# Rounds alternate the two modes so load drift on the machine spreads
# over both; the figure is the median round.
#
# The guest runs on one vCPU (cpu1 is taken offline first): under TCG a
# wakeup across vCPUs (the daemon on one, the host's work on the other)
# waits for the machine to schedule the other vCPU's thread, which
# measured the machine's load, not the path (on 2 vCPUs the same run gave
# 2500 and 240 round trips/s).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/guest.sh
. "$here/lib/guest.sh"
rounds=5
per_round=400

guest=$(cat <<GUEST
rounds=$rounds n=$per_round
GUEST
)$(cat <<'GUEST'

echo 0 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
echo "INFO online vCPUs: $(cat /sys/devices/system/cpu/online)"
sim=/sys/kernel/debug/vmbus_sim
echo "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6 242ff919-07db-4180-9c2e-b86cb68c8c55 monitor=0" >$sim/add_device
# No waiting for a daemon before negotiating: the first round has none.
/usr/sbin/modprobe hv_utils kvp_negotiate_wait_ms=0
tries=0
until grep -q '^kvp .*negotiations=1 ' $sim/ic_status; do
	tries=$((tries + 1)); [ $tries -lt 100 ] || { echo "kvp never negotiated"; exit 1; }; sleep 0.1
done
registrations() { dmesg | grep -c 'hv_kvp_daemon registered'; }
# run MODE: one round of n GETs; prints the BENCH line.
run() {
	err=$( (echo "repeat $n get 0 BenchKey" >$sim/ic_kvp) 2>&1) || { echo "FAIL mode=$1 $err $(sed -n "s/^kvp //p" $sim/ic_status)"; return; }
	echo "BENCH mode=$1 status=$(sed -n 's/^status //p' $sim/ic_kvp) $(sed -n 's/^repeat \([0-9]*\) ns \([0-9]*\)/n=\1 ns=\2/p' $sim/ic_kvp)"
}
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	run nodaemon
	before=$(registrations)
	hv_kvp_daemon -n 2>>/tmp/kvp.log &
	daemon=$!
	tries=0
	until [ "$(registrations)" -gt "$before" ]; do
		tries=$((tries + 1)); [ $tries -lt 100 ] || { echo "the daemon did not register:"; cat /tmp/kvp.log; exit 1; }; sleep 0.1
	done
	echo "set 0 BenchKey hello" >$sim/ic_kvp
	run daemon
	kill "$daemon"
	wait "$daemon" || true
	# The kernel must have seen the socket close before the next round.
	tries=0
	until [ "$(dmesg | grep -c 'hv_kvp_daemon went away')" -ge "$r" ]; do
		tries=$((tries + 1)); [ $tries -lt 100 ] || break; sleep 0.1
	done
done
echo "INFO violations $(sed -n 's/^violations //p' $sim/counters)"
GUEST
)

out=$(bench_guest utils-kvp "$guest") || exit 1
echo "utils KVP: host GET of one key -> hv_utils -> hv_kvp_daemon -> host, ratio to the same round trip answered by hv_utils alone (no daemon)"
# rate MODE: round trips/s of each good round of MODE, sorted.
rate() {
	echo "$out" | awk -v m="$1" -v want="$2" '
	$1 == "BENCH" {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["mode"] == m && f["status"] == want && f["ns"] > 0) print f["n"] / f["ns"] * 1e9
	}' | sort -n
}
median() {
	awk '{ v[NR] = $1 } END { if (!NR) { print 0; exit } print v[int((NR + 1) / 2)] }'
}
base=$(rate nodaemon 0x80004005 | median)
kvp=$(rate daemon 0x00000000 | median)
printf '%-22s %7s %14s %8s\n' path rounds round-trips/s ratio
printf '%-22s %7s %14.0f %8.2f\n' "no daemon (baseline)" "$(rate nodaemon 0x80004005 | wc -l)" "$base" 1
awk -v n="$(rate daemon 0x00000000 | wc -l)" -v k="$kvp" -v b="$base" 'BEGIN {
	printf "%-22s %7s %14.0f %8.2f\n", "GET via the daemon", n, k, (b > 0 ? k / b : 0)
}'
echo "$out" | grep -E '^FAIL|^BENCH .*status=0x8' | grep -v 'mode=nodaemon status=0x80004005' | sed 's/^/  unexpected: /' || true
echo "$out" | sed -n 's/^INFO /  /p'
