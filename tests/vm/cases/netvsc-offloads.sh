# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# Offloads: the driver turns on what the host offers (TX and RX
# checksums, TSO) and ethtool -K changes what the host is told (the
# sim's offloads mask: rx_csum4 1, rx_csum6 2, tx_csum 4, lso 8); files
# sent over TCP arrive whole in every setting, received checksums are
# marked validated only while RX offload is on, and large sends go as
# single LSO frames only while TSO is on.
# programs: ip nc ethtool
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e61
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e62

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:06:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:06:0b" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.14.0 $a $b
# TCP sizes a TSO frame by its pacing rate (about 1 ms of data), which on
# the slow debug kernel is one segment: ask for 16 at least, so that a
# large send is a page-buffer one wherever TSO is on.
ip netns exec na sh -c "echo 16 >/proc/sys/net/ipv4/tcp_min_tso_segs"
dd if=/dev/urandom of=/tmp/file bs=1M count=2 2>/dev/null

offloads() {
	awk '$1 == "offloads" { print $2 }' $sim/net/"$1"/state
}
feature() {
	ip netns exec na ethtool -k "$ea" | awk -v n="$1:" '$1 == n { print $2 }'
}
port=5000
# transfer WHAT: a file from the first to the second, compared.
transfer() {
	port=$((port + 1))
	ip netns exec nb nc -l $port >/tmp/got &
	listener=$!
	sleep 1
	check "$1: a file goes over TCP" ip netns exec na nc -N -w 20 10.14.0.2 $port </tmp/file
	wait $listener
	is "$1: it arrives whole" "$(md5sum </tmp/got)" "$(md5sum </tmp/file)"
}

is "ethtool -k: TX checksums on" "$(feature tx-checksum-ipv4)" on
is "ethtool -k: RX checksums on" "$(feature rx-checksumming)" on
is "ethtool -k: TSO on" "$(feature tcp-segmentation-offload)" on
is "the host was told all of them" "$(offloads $a)" 0xf
pages=$(ethtool_stat na "$ea" tx_page_buffers)
valid=$(ethtool_stat nb "$eb" rx_csum_validated)
transfer "all offloads on"
check "large sends went as page buffers (LSO frames)" test "$(ethtool_stat na "$ea" tx_page_buffers)" -gt "$((pages + 10))"
check "the receiver was told its checksums are good" test "$(ethtool_stat nb "$eb" rx_csum_validated)" -gt "$((valid + 100))"

check "ethtool -K rx off on the receiver" ip netns exec nb ethtool -K "$eb" rx off
is "its host was told: no RX checksum" "$(offloads $b)" 0xc
valid=$(ethtool_stat nb "$eb" rx_csum_validated)
transfer "RX checksum offload off"
is "no checksum was marked validated" "$(ethtool_stat nb "$eb" rx_csum_validated)" "$valid"

check "ethtool -K tso off on the sender" ip netns exec na ethtool -K "$ea" tso off
is "its host was told: no LSO" "$(offloads $a)" 0x7
transfer "TSO off"

check "ethtool -K tx off on the sender" ip netns exec na ethtool -K "$ea" tx off
is "its host was told: no TX checksum" "$(offloads $a)" 0x3
transfer "TX checksum offload off"

check "everything back on" sh -c "/usr/sbin/ip netns exec na ethtool -K $ea tx on tso on && /usr/sbin/ip netns exec nb ethtool -K $eb rx on"
is "the host was told" "$(offloads $a)" 0xf
transfer "all back on"
is "no bad host packets" "$(ethtool_stat na "$ea" bad_host_packets)" 0
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
