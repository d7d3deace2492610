# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# Real traffic between two synthetic NICs in two namespaces: iperf3 TCP
# with 1 and with 4 streams and UDP, a few seconds each, with a nonzero
# figure at the receiver; an 8 MiB file of random data sent with nc
# arrives with the same md5; after all of it the driver counted no bad
# host packet and the sim saw no protocol violation.
# programs: ip nc ethtool iperf3
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e71
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e72

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:08:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:08:0b" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.16.0 $a $b
check "ping gets through" ip netns exec na ping -c 2 -W 5 10.16.0.2

secs=3
debug_kernel && secs=2
ip netns exec nb iperf3 -s -D -I /tmp/iperf3.pid
wait_for ip netns exec na nc -z 10.16.0.2 5201

# receiver_mbits OUTPUT: iperf3's receiver figure (the [SUM] line with
# several streams) in Mbit/s, whole.
receiver_mbits() {
	echo "$1" | awk '/receiver/ && (!sum || /SUM/) {
		for (i = 2; i <= NF; i++)
			if ($i ~ /bits\/sec$/) {
				v = $(i - 1)
				if ($i ~ /^K/) v /= 1000
				if ($i ~ /^G/) v *= 1000
				if ($i ~ /^bits/) v /= 1000000
				r = v
			}
	} END { printf "%d\n", r }' sum="$2"
}

# iperf WHAT SUM ARGS...: one run from na to nb; its receiver figure.
iperf() {
	what=$1
	sum=$2
	shift 2
	if ! out=$(ip netns exec na iperf3 -c 10.16.0.2 -t $secs -f m "$@" 2>&1); then
		check "$what runs" false
		diag "$out"
		return
	fi
	echo "$out" | while IFS= read -r line; do diag "$line"; done
	mbits=$(receiver_mbits "$out" "$sum")
	check "$what: the receiver got data ($mbits Mbit/s)" test "$mbits" -gt 0
}

iperf "TCP, 1 stream" 0
iperf "TCP, 4 streams" 1 -P 4
iperf "TCP, nb to na (reverse)" 0 -R
iperf "UDP, 20 Mbit/s" 0 -u -b 20M
lost=$(echo "$out" | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) print $i }')
diag "UDP: lost/total datagrams at the receiver $lost"
check "UDP: most datagrams arrived ($lost)" \
	sh -c "echo $lost | awk -F/ '{ exit !(\$2 > 0 && \$1 * 2 < \$2) }'"
kill "$(cat /tmp/iperf3.pid)"

dd if=/dev/urandom of=/tmp/file bs=1M count=8 2>/dev/null
ip netns exec nb nc -l 5001 >/tmp/got &
listener=$!
wait_for sh -c "/usr/sbin/ip netns exec nb cat /proc/net/tcp | grep -q ':1389 '"
check "an 8 MiB file goes over TCP with nc" ip netns exec na nc -N -w 30 10.16.0.2 5001 </tmp/file
wait $listener
is "it arrives with the same md5" "$(md5sum </tmp/got)" "$(md5sum </tmp/file)"

is "the sender counted no bad host packet" "$(ethtool_stat na "$ea" bad_host_packets)" 0
is "nor did the receiver" "$(ethtool_stat nb "$eb" bad_host_packets)" 0
is "the receiver had memory for every frame" "$(ethtool_stat nb "$eb" rx_no_memory)" 0
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
diag "ethtool -S $eb: $(ip netns exec nb ethtool -S "$eb" | tr -s ' \n' ' ')"
check "hv_netvsc unloads" rmmod hv_netvsc
