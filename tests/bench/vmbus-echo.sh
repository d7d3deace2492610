#!/bin/sh
# Benchmark: echo throughput through VMBus channels (hv_vmbus ring buffer
# and packet path, both directions, against the simulated host), at 64 B,
# 1 KiB and 16 KiB packets, on one channel and on four channels (a primary
# and three sub-channels) of one device on 2 vCPUs. Each figure is printed
# beside an in-guest memcpy of the same bytes in the same boot, as a ratio:
# TCG makes absolute numbers meaningless.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/guest.sh
. "$here/lib/guest.sh"

guest=$(cat <<'GUEST'
sim=/sys/kernel/debug/vmbus_sim
cls=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
one=7b3e9f10-0c1d-4e5f-8a2b-3c4d5e6f7a01
four=7b3e9f10-0c1d-4e5f-8a2b-3c4d5e6f7a04
echo "$cls $one monitor=0" >$sim/add_device
echo "$cls $four monitor=0 subchannels=3" >$sim/add_device
modprobe hvlis_echo ring_pages=16
tries=0
while [ "$(wc -l </sys/kernel/debug/hvlis_echo/$four/channels 2>/dev/null || echo 0)" -lt 4 ]; do
	tries=$((tries + 1)); [ $tries -lt 50 ] || break; sleep 0.1
done
for spec in 64:40000 1024:40000 16384:8000; do
	size=${spec%:*} n=${spec#*:}
	for dev in $one $four; do
		d=/sys/kernel/debug/hvlis_echo/$dev
		echo "packets=$n min=$size max=$size mode=inband" >$d/run && echo "BENCH size=$size $(cat $d/result)"
		echo "packets=$n min=$size max=$size mode=memcpy" >$d/run && echo "BENCH size=$size $(cat $d/result)"
	done
done
GUEST
)

out=$(bench_guest vmbus-echo "$guest") || exit 1
echo "vmbus echo throughput (guest -> simulated host -> guest), ratio to in-guest memcpy of the same bytes"
printf '%-8s %-9s %12s %10s %12s %8s\n' size channels packets/s MB/s memcpy-MB/s ratio
echo "$out" | awk '
/^BENCH/ {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	if ($3 != "ok") { print "failed: " $0; next }
	mbs = f["bytes"] / f["ns"] * 1000
	if (f["mode"] == "memcpy") {
		printf "%-8s %-9s %12.0f %10.1f %12.1f %8.3f\n", f["size"], ch, pps, last, mbs, last / mbs
	} else {
		ch = f["channels"]; pps = f["packets"] / f["ns"] * 1e9; last = mbs
	}
}'
