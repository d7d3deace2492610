# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# What users change while a NIC carries traffic, in one boot. First
# ethtool -K: while iperf3 TCP runs from na to nb (4 s runs, back to
# back) and files go the other way, TSO, TX and RX checksums go off and
# back on (only TSO on the debug kernel) on both ends; ethtool
# -k shows each state, the host is told each one (the sim's offloads
# mask: rx_csum4 1, rx_csum6 2, tx_csum 4, lso 8), every iperf3 run ends
# without an error and every file arrives whole. Then rmmod hv_netvsc
# under iperf3 in both directions and a ping flood each way: it returns
# within 20 s (60 s on the debug kernel), both interfaces go, the host
# saw every buffer revoked and every GPADL torn down (none left) and no
# protocol violation; modprobe brings both NICs back and they pass
# traffic again.
# programs: ip nc ethtool iperf3
# smp: 2
# timeout: 300

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e91
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e92

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:09:0a max_subchannels=1" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:09:0b max_subchannels=1" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.18.0 $a $b
check "ping gets through" ip netns exec na ping -c 2 -W 5 10.18.0.2

offloads() {
	awk '$1 == "offloads" { print $2 }' $sim/net/"$1"/state
}
# feature NS DEV NAME: what ethtool -k says of NAME (on/off).
feature() {
	ip netns exec "$1" ethtool -k "$2" | awk -v n="$3:" '$1 == n { print $2 }'
}
# netstat NS DEV NAME: the interface statistic NAME.
netstat() {
	ip netns exec "$1" cat /sys/class/net/"$2"/statistics/"$3"
}
counter() { counter_of $sim/counters "$1"; }
# listening NS PORT: wait until a TCP socket in NS listens on PORT.
listening() {
	wait_for sh -c "/usr/sbin/ip netns exec $1 cat /proc/net/tcp | grep -q ':$(printf %04X "$2") .* 0A '"
}
uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# --- ethtool -K under traffic ---

dd if=/dev/urandom of=/tmp/file bs=1M count=4 2>/dev/null
want=$(md5sum </tmp/file)
ip netns exec nb iperf3 -s -D -I /tmp/iperf3-nb.pid
wait_for ip netns exec na nc -z 10.18.0.2 5201
# iperf3 runs of 4 s from na to nb, one after another, until /tmp/stop:
# each one's exit status in /tmp/iperfs, its summary in /tmp/iperf.out.
rm -f /tmp/stop /tmp/iperfs /tmp/iperf.out
(
	while [ ! -e /tmp/stop ]; do
		ip netns exec na iperf3 -c 10.18.0.2 -t 4 -f m >/tmp/iperf.one 2>&1
		echo $? >>/tmp/iperfs
		grep -E 'receiver|error' /tmp/iperf.one >>/tmp/iperf.out
	done
) >/dev/null 2>&1 &
iperfs=$!

# Files from nb to na, one after another, until /tmp/stop: one line
# each in /tmp/xfers, its md5 as it arrived.
rm -f /tmp/xfers
(
	port=6000
	while [ ! -e /tmp/stop ]; do
		port=$((port + 1))
		ip netns exec na nc -l $port >/tmp/got &
		listener=$!
		listening na $port || break
		ip netns exec nb nc -N -w 20 10.18.0.1 $port </tmp/file
		wait $listener
		md5sum </tmp/got >>/tmp/xfers
	done
) >/dev/null 2>&1 &
xfers=$!
sleep 2

# toggle NS DEV INSTANCE WHAT MASK FEATURE STATE: ethtool -K WHAT STATE
# on DEV; ethtool -k shows FEATURE as STATE, its host has offloads MASK.
toggle() {
	check "ethtool -K $2 $4 $7" ip netns exec "$1" ethtool -K "$2" "$4" "$7"
	is "ethtool -k on $2: $6 $7" "$(feature "$1" "$2" "$6")" "$7"
	is "the host of $2 was told $5" "$(offloads "$3")" "$5"
}
both() {
	toggle na "$ea" $a "$@"
	toggle nb "$eb" $b "$@"
}

# One round: each toggle is three programs that must get the CPU from
# iperf3 and nc. The debug kernel, where a toggle costs about 25 s,
# toggles only TSO.
start=$(uptime_ms)
n=12
if debug_kernel; then
	n=4
	both tso 0x7 tcp-segmentation-offload off
	both tso 0xf tcp-segmentation-offload on
else
	both tso 0x7 tcp-segmentation-offload off
	both tx 0x3 tx-checksumming off
	both rx 0x0 rx-checksumming off
	both rx 0x3 rx-checksumming on
	both tx 0x7 tx-checksumming on
	both tso 0xf tcp-segmentation-offload on
fi
took=$(($(uptime_ms) - start))
diag "$n toggles took $took ms"
touch /tmp/stop
wait $iperfs $xfers
while IFS= read -r line; do diag "$line"; done </tmp/iperf.out
n=$(wc -l </tmp/iperfs)
check "iperf3 ran during the toggles ($n runs)" test "$n" -ge 2
is "and every run ended without an error" "$(sort -u /tmp/iperfs)" 0
is "each with data at the receiver" "$(grep -c 'bits/sec.*receiver' /tmp/iperf.out)" "$n"
check "none got nothing" sh -c "! grep ' 0.00 bits/sec.*receiver' /tmp/iperf.out"
kill "$(cat /tmp/iperf3-nb.pid)"
n=$(wc -l </tmp/xfers)
diag "$n files went from nb to na during the toggles"
check "files went over TCP during the toggles ($n)" test "$n" -ge 2
is "every one arrived whole" "$(sort -u /tmp/xfers)" "$want"
is "no bad host packets on $ea" "$(ethtool_stat na "$ea" bad_host_packets)" 0
is "nor on $eb" "$(ethtool_stat nb "$eb" bad_host_packets)" 0
is "no protocol violation while toggling" "$(counter violations)" 0

# --- rmmod under traffic ---

ip netns exec na iperf3 -s -D -I /tmp/iperf3-na.pid
ip netns exec nb iperf3 -s -D -I /tmp/iperf3-nb.pid
wait_for ip netns exec na nc -z 10.18.0.2 5201
wait_for ip netns exec nb nc -z 10.18.0.1 5201
ip netns exec na iperf3 -c 10.18.0.2 -t 60 >/dev/null 2>&1 &
up=$!
ip netns exec nb iperf3 -c 10.18.0.1 -t 60 >/dev/null 2>&1 &
down=$!
ip netns exec na ping -f -w 60 10.18.0.2 >/dev/null 2>&1 &
flood_a=$!
ip netns exec nb ping -f -w 60 10.18.0.1 >/dev/null 2>&1 &
flood_b=$!
sleep 4
tx=$(netstat na "$ea" tx_packets)
rx=$(netstat na "$ea" rx_packets)
sleep 1
check "traffic flows both ways before the unload" \
	test "$(netstat na "$ea" tx_packets)" -gt $((tx + 100)) -a "$(netstat na "$ea" rx_packets)" -gt $((rx + 100))
start=$(uptime_ms)
check "rmmod hv_netvsc under traffic" rmmod hv_netvsc
took=$(($(uptime_ms) - start))
diag "rmmod took $took ms"
# A hang detector: the debug kernel runs 5-7 times slower.
limit=20
debug_kernel && limit=60
check "it took under $limit s ($took ms)" test "$took" -lt $((limit * 1000))
check "the interface in na went" sh -c "! /usr/sbin/ip -n na -o link show | grep -q $ea"
check "and the one in nb" sh -c "! /usr/sbin/ip -n nb -o link show | grep -q $eb"
check "both NICs are unbound" sh -c "[ ! -e /sys/bus/vmbus/devices/$a/driver ] && [ ! -e /sys/bus/vmbus/devices/$b/driver ]"
kill $up $down $flood_a $flood_b 2>/dev/null
wait $up $down $flood_a $flood_b 2>/dev/null
kill "$(cat /tmp/iperf3-na.pid)" "$(cat /tmp/iperf3-nb.pid)"
is "no protocol violation" "$(counter violations)" 0
is "every channel closed at the host" "$(awk '$1 == "channels" { print $2 }' $sim/net/$a/state $sim/net/$b/state | tr '\n' ' ')" "0 0 "
is "no GPADL left at the host" "$(cat $sim/gpadls)" ""
is "every GPADL made was torn down" "$(counter gpadls_torndown)" "$(counter gpadls_created)"
check "no send left uncompleted, no revoke unread" \
	sh -c "! dmesg | grep -E 'did not complete every send|did not read the buffer revokes|kept the (send|receive) buffer'"

# --- and back ---

ip netns del na
ip netns del nb
net_pair 10.18.0 $a $b
check "ping gets through again" ip netns exec na ping -c 2 -W 5 10.18.0.2
ip netns exec na nc -l 7001 >/tmp/got &
listener=$!
listening na 7001
check "a file goes from nb to na again" ip netns exec nb nc -N -w 20 10.18.0.1 7001 </tmp/file
wait $listener
is "it arrives whole" "$(md5sum </tmp/got)" "$want"
is "the host was told every offload again" "$(offloads $a) $(offloads $b)" "0xf 0xf"
is "no protocol violation at the end" "$(counter violations)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
check "vmbus_sim unloads" rmmod vmbus_sim
