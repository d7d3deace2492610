# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# hv_netvsc's multi-queue (2.7, 3.6): two NICs whose host has 4 receive
# queues, in two namespaces, open 2 channels on 2 CPUs (ethtool -l shows
# the host's 4 as the maximum); 16 TCP flows reach both channels each way
# (the sim's per-channel counters and ethtool -S per queue); ethtool -L
# combined 1 and back to 2 under traffic keeps the flows and the
# addresses, and the host sees the new channel count and RSS on; ethtool
# -X equal 1 sends every received frame to channel 0; a host that grants
# no sub-channels gives 1 channel and -L 2 fails; an out-of-range send
# indirection table is counted and ignored; ethtool -g/-G shows and
# changes the buffers, which the host then sees.
# programs: ip ethtool iperf3
# smp: 2
# timeout: 420

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e51
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e52
c=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e53

netcounter() {
	awk -v n="$2" '$1 == n { print $2 }' "$sim/net/$1/counters"
}
netstate() {
	awk -v n="$2" '$1 == n { print $2 }' "$sim/net/$1/state"
}
# The combined count ethtool -l shows for the NIC $2 in namespace $1
# (- for none): $3 is "max" or "cur".
combined() {
	if [ "$1" = - ]; then ethtool -l "$2"; else ip netns exec "$1" ethtool -l "$2"; fi |
		awk -v w="$3" '/^Pre-set/ { s = "max" } /^Current/ { s = "cur" }
			$1 == "Combined:" && s == w { print $2 }'
}
# The ring size ethtool -g shows for the NIC $1 in na: $2 is RX or TX.
ring() {
	ip netns exec na ethtool -g "$1" |
		awk -v w="$2:" '/^Current/ { c = 1 } c && $1 == w { print $2 }'
}
# TCP flows from na to nb for $1 seconds (16 of them).
flows() {
	ip netns exec na iperf3 -c 10.7.0.2 -P 16 -t "$1" >/tmp/iperf.out 2>&1
}

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:05:0a max_subchannels=3" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:05:0b max_subchannels=3" >$sim/add_device
echo "$nic $c mac=00:15:5d:00:05:0c max_subchannels=0" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.7.0 $a $b
check "it binds the third NIC" wait_for netdev_of $c
ec=$(netdev_of $c)
diag "third interface $ec"

check "the first opens 2 channels (2 CPUs)" wait_for sh -c "test \"\$(awk '\$1 == \"channels\" { print \$2 }' $sim/net/$a/state)\" = 2"
check "so does the second" wait_for sh -c "test \"\$(awk '\$1 == \"channels\" { print \$2 }' $sim/net/$b/state)\" = 2"
is "the host granted 1 sub-channel" "$(netstate $a granted_subchannels)" 1
is "RSS is on at the host" "$(netstate $a rss_enabled)" 1
is "ethtool -l: the host allows 4" "$(combined na "$ea" max)" 4
is "ethtool -l: 2 in use" "$(combined na "$ea" cur)" 2
is "the netdev has 2 TX queues" "$(ip netns exec na sh -c "ls -d /sys/class/net/$ea/queues/tx-*" | wc -l)" 2
# RX queues are in sysfs only with CONFIG_RPS (the debug kernel has none).
if [ -d /sys/class/net/lo/queues/rx-0 ]; then
	is "and 2 RX queues" "$(ip netns exec na sh -c "ls -d /sys/class/net/$ea/queues/rx-*" | wc -l)" 2
fi
check "ethtool -x: the table spreads over both" \
	sh -c "/usr/sbin/ip netns exec na ethtool -x $ea | grep -q '^ *0: *0 *1 *0 *1'"

ip netns exec nb iperf3 -s -D
sleep 1
check "16 TCP flows go from the first to the second" flows 3
diag "$(tail -n 3 /tmp/iperf.out | tr -s ' \n' ' ')"
diag "counters a: $(grep channel $sim/net/$a/counters | tr '\n' ' ')"
diag "counters b: $(grep channel $sim/net/$b/counters | tr '\n' ' ')"
check "the first sent on channel 0" test "$(netcounter $a channel0_tx)" -gt 100
check "and on channel 1" test "$(netcounter $a channel1_tx)" -gt 100
check "the second received on channel 0" test "$(netcounter $b channel0_rx)" -gt 100
check "and on channel 1" test "$(netcounter $b channel1_rx)" -gt 100
check "ethtool -S: the first's queue 1 sent" test "$(ethtool_stat na "$ea" tx_queue_1_packets)" -gt 100
check "ethtool -S: the second's queue 1 received" test "$(ethtool_stat nb "$eb" rx_queue_1_packets)" -gt 100

# ethtool -L under traffic.
flows 25 &
traffic=$!
sleep 5
check "ethtool -L combined 1 under traffic" ip netns exec na ethtool -L "$ea" combined 1
is "the host sees 1 channel" "$(netstate $a channels)" 1
is "ethtool -l: 1 in use" "$(combined na "$ea" cur)" 1
sleep 4
check "ethtool -L combined 2 again" ip netns exec na ethtool -L "$ea" combined 2
is "the host sees 2 channels" "$(netstate $a channels)" 2
is "with RSS on" "$(netstate $a rss_enabled)" 1
is "ethtool -l: 2 in use" "$(combined na "$ea" cur)" 2
check "the flows carried on through both changes" wait $traffic
diag "$(tail -n 3 /tmp/iperf.out | tr -s ' \n' ' ')"
is "the address stayed" "$(ip -n na -o -4 addr show dev "$ea" | awk '{ print $4 }')" 10.7.0.1/24
is "the MAC too" "$(ip netns exec na cat /sys/class/net/"$ea"/address)" 00:15:5d:00:05:0a
check_fails "ethtool -L combined 5 is more than the host has" ip netns exec na ethtool -L "$ea" combined 5
is "no bad host packets on the first" "$(ethtool_stat na "$ea" bad_host_packets)" 0
is "nor on the second" "$(ethtool_stat nb "$eb" bad_host_packets)" 0

# ethtool -X equal 1: everything the second receives on channel 0.
check "ethtool -X equal 1" ip netns exec nb ethtool -X "$eb" equal 1
check "ethtool -x shows it" \
	sh -c "/usr/sbin/ip netns exec nb ethtool -x $eb | grep -q '^ *0: *0 *0 *0 *0 *0 *0 *0 *0'"
check_fails "ethtool -X with an entry past the channels is refused" \
	ip netns exec nb ethtool -X "$eb" weight 0 0 1
before0=$(netcounter $b channel0_rx)
before1=$(netcounter $b channel1_rx)
check "16 flows again" flows 3
is "the second received nothing on channel 1" "$(netcounter $b channel1_rx)" "$before1"
check "all on channel 0" test "$(netcounter $b channel0_rx)" -gt $((before0 + 100))
check "ethtool -X default" ip netns exec nb ethtool -X "$eb" default

# The host's send indirection table, out of range.
bad=$(ethtool_stat na "$ea" bad_host_packets)
check "the host sends a send table naming channels past 64" sh -c "echo indirection >$sim/net/$a/inject"
check "it is counted" wait_for sh -c "test \"\$(/usr/sbin/ip netns exec na /usr/sbin/ethtool -S $ea | awk '\$1 == \"bad_host_packets:\" { print \$2 }')\" = $((bad + 1))"
check "and ignored: traffic goes on" ip netns exec na ping -c 20 -i 0.05 -W 5 10.7.0.2
check "on both channels still" test "$(ethtool_stat na "$ea" tx_queue_1_packets)" -gt 0

# A host without sub-channels.
is "no sub-channels: 1 channel" "$(combined - "$ec" cur)" 1
is "and 1 at most" "$(combined - "$ec" max)" 1
check_fails "ethtool -L combined 2 fails" ethtool -L "$ec" combined 2
is "still 1 at the host" "$(netstate $c channels)" 1

# ethtool -g/-G: the buffers, in ETH_DATA_LEN frames.
is "ethtool -g: a 16 MiB receive buffer" "$(ring "$ea" RX)" 11184
is "ethtool -g: a 1044480-byte send buffer" "$(ring "$ea" TX)" 696
check "ethtool -G rx 2048 tx 1024" ip netns exec na ethtool -G "$ea" rx 2048 tx 1024
is "ethtool -g shows the receive buffer" "$(ring "$ea" RX)" 2048
is "and the send buffer" "$(ring "$ea" TX)" 1024
is "the host has 250 send sections of 6144 bytes" "$(netstate $a send_sections)" 250
diag "state a: $(tr '\n' ' ' <$sim/net/$a/state)"
check "the receive buffer has fewer sub-allocations than before" \
	test "$(netstate $a recv_sub_allocs)" -lt "$(netstate $b recv_sub_allocs)"
is "still 2 channels" "$(netstate $a channels)" 2
check_fails "ethtool -G rx 10 is too small" ip netns exec na ethtool -G "$ea" rx 10
check "ping over the new buffers" ip netns exec na ping -c 3 -W 5 10.7.0.2
check "and the flows" flows 3

is "the first saw no protocol violation" "$(netcounter $a violations)" 0
is "nor did the second" "$(netcounter $b violations)" 0
is "the sim as a whole saw none" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
is "every channel closed at the host" "$(netstate $a channels)" 0
