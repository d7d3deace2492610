#!/bin/sh
# Benchmark: iperf3 between two synthetic NICs across the simulated host's
# virtual switch, each NIC in its own network namespace, beside a veth pair
# between two namespaces in the same boot (the kernel's own cross-namespace
# path: the limit). TCP with 1 and 4 streams (Mbit/s at the receiver), UDP
# with 64-byte datagrams (packets/s received). The NICs run on one channel
# and on a primary plus one sub-channel (2 vCPUs). Ratios are the NIC's
# figure over veth's: TCG makes absolute numbers meaningless.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/guest.sh
. "$here/lib/guest.sh"

guest=$(cat <<'GUEST'
. /lib/hvlis/tap.sh
sim=/sys/kernel/debug/vmbus_sim
net=f8615163-df3e-46c5-913f-f2d2f965ed0e
secs=5

# pair NAME IF-A IF-B: put the two interfaces in namespaces NAME-a and
# NAME-b with 10.9.N.1 and 10.9.N.2.
n=0
pair() {
	n=$((n + 1))
	ip netns add "$1-a"
	ip netns add "$1-b"
	ip link set "$2" netns "$1-a"
	ip link set "$3" netns "$1-b"
	ip -n "$1-a" addr add "10.9.$n.1/24" dev "$2"
	ip -n "$1-b" addr add "10.9.$n.2/24" dev "$3"
	ip -n "$1-a" link set "$2" up
	ip -n "$1-b" link set "$3" up
	ip netns exec "$1-a" ping -c 1 -W 5 "10.9.$n.2" >/dev/null 2>&1 || true
}

# iperf NAME: the three runs from NAME-a to NAME-b; prints "BENCH ...".
iperf() {
	ip netns exec "$1-b" iperf3 -s -D -I /tmp/iperf3.pid >/dev/null 2>&1
	sleep 0.5
	peer=10.9.$n.2
	for run in tcp1 tcp4 udp64; do
		case $run in
		tcp1) args= ;;
		tcp4) args="-P 4" ;;
		udp64) args="-u -l 64 -b 0" ;;
		esac
		# shellcheck disable=SC2086 # args are words
		ip netns exec "$1-a" iperf3 -c "$peer" -t $secs $args -f m >/tmp/iperf.out 2>&1 ||
			{ echo "BENCH $1 $run failed"; continue; }
		case $run in
		tcp1) awk -v d="$1" '/receiver/ { printf "BENCH %s tcp-1-stream %d\n", d, $(NF-2) }' /tmp/iperf.out ;;
		tcp4) awk -v d="$1" '/^\[SUM\].*receiver/ { printf "BENCH %s tcp-4-streams %d\n", d, $(NF-2) }' /tmp/iperf.out ;;
		udp64) awk -v d="$1" -v s=$secs '/receiver/ {
			split($(NF-2), a, "/"); printf "BENCH %s udp-64B-pps %d\n", d, (a[2] - a[1]) / s }' /tmp/iperf.out ;;
		esac
	done
	kill "$(cat /tmp/iperf3.pid)" 2>/dev/null || true
}

modprobe veth
ip link add vb-a type veth peer name vb-b
pair veth vb-a vb-b
iperf veth

# Two NICs on one channel, two with a sub-channel each (make run's setup
# loaded hv_netvsc for its own NIC; these bind as they are offered).
i=0
for subs in 0 0 1 1; do
	i=$((i + 1))
	echo "$net 7e1f0b2c-3d4e-4f50-8a6b-7c8d9e0f10a$i max_subchannels=$subs" >$sim/add_device
done
modprobe hv_netvsc
found=1
for i in 1 2 3 4; do
	wait_for netdev_of 7e1f0b2c-3d4e-4f50-8a6b-7c8d9e0f10a$i || found=0
done
if [ $found -eq 1 ]; then
	pair netvsc-1ch "$(netdev_of 7e1f0b2c-3d4e-4f50-8a6b-7c8d9e0f10a1)" \
		"$(netdev_of 7e1f0b2c-3d4e-4f50-8a6b-7c8d9e0f10a2)"
	iperf netvsc-1ch
	pair netvsc-2ch "$(netdev_of 7e1f0b2c-3d4e-4f50-8a6b-7c8d9e0f10a3)" \
		"$(netdev_of 7e1f0b2c-3d4e-4f50-8a6b-7c8d9e0f10a4)"
	iperf netvsc-2ch
else
	echo "BENCH netvsc unavailable"
fi
GUEST
)

out=$(bench_guest netvsc "$guest") || exit 1
echo "netvsc: iperf3 across the simulated switch, ratio to a veth pair in the same boot"
printf '%-16s %-12s %12s %8s\n' test device figure ratio
echo "$out" | awk '
/^BENCH/ && NF == 4 {
	dev = $2; t = $3; v[dev, t] = $4
	if (!(t in seen)) { seen[t] = 1; tests[++n] = t }
	if (!(dev in dseen)) { dseen[dev] = 1; devs[++m] = dev }
	next
}
/^BENCH/ { print "  " substr($0, 7) }
END {
	for (j = 1; j <= n; j++)
		for (d = 1; d <= m; d++) {
			t = tests[j]; dev = devs[d]
			if (!((dev, t) in v)) continue
			base = v["veth", t]
			printf "%-16s %-12s %12d %8s\n", t, dev, v[dev, t],
				base ? sprintf("%.2f", v[dev, t] / base) : "-"
		}
}
END { print "(tcp in Mbit/s at the receiver, udp in datagrams/s received)" }'
