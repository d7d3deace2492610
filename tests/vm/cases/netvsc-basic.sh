# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# hv_netvsc's data path: two synthetic NICs on the sim's switch, each
# moved into its own network namespace, get the host's MACs and carry
# pings both ways, broadcasts (ARP) and a 4 MiB file over TCP that
# arrives with the same md5; ethtool -i names the driver and the NVSP
# version, -S counts the frames; the sim saw no protocol violation; and
# the driver unloads with traffic done and loads again.
# programs: ip nc ethtool
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e01
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e02

netcounter() {
	awk -v n="$2" '$1 == n { print $2 }' "$sim/net/$1/counters"
}

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:00:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:00:0b" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.7.0 $a $b
is "the first has the host's MAC" "$(ip netns exec na cat /sys/class/net/"$ea"/address)" 00:15:5d:00:00:0a
is "the second too" "$(ip netns exec nb cat /sys/class/net/"$eb"/address)" 00:15:5d:00:00:0b
is "the MTU is 1500" "$(ip netns exec na cat /sys/class/net/"$ea"/mtu)" 1500
is "ethtool -i: the driver" "$(ip netns exec na ethtool -i "$ea" | awk '$1 == "driver:" { print $2 }')" hv_netvsc
is "ethtool -i: the firmware version is the NVSP version" \
	"$(ip netns exec na ethtool -i "$ea" | awk '$1 == "firmware-version:" { print $2, $3 }')" "NVSP 6.1"
is "ethtool -i: the package version" \
	"$(ip netns exec na ethtool -i "$ea" | awk '$1 == "version:" { print $2 }')" "$(cat /etc/hvlis-version)"
check "the driver logs what it negotiated" sh -c "dmesg | grep -q '$ea: NVSP 0x60001, NDIS 6.30, MAC 00:15:5d:00:00:0a, MTU 1500, 1 channel'"
is "the sim sees the first's filter (directed, all-multicast, broadcast)" \
	"$(awk '$1 == "packet_filter" { print $2 }' $sim/net/$a/state)" 0xd
check "ping from the first to the second" ip netns exec na ping -c 3 -W 5 10.7.0.2
check "ping from the second to the first" ip netns exec nb ping -c 3 -W 5 10.7.0.1
check "1400-byte pings (frames of one section each)" ip netns exec na ping -c 3 -s 1400 -W 5 10.7.0.2
check "the ARP entry names the second's MAC" sh -c "/usr/sbin/ip -n na neigh show 10.7.0.2 | grep -q 00:15:5d:00:00:0b"

dd if=/dev/urandom of=/tmp/file bs=1M count=4 2>/dev/null
ip netns exec nb nc -l 5001 >/tmp/got &
listener=$!
sleep 1
check "a 4 MiB file goes over TCP" ip netns exec na nc -N -w 20 10.7.0.2 5001 </tmp/file
wait $listener
is "it arrives whole" "$(md5sum </tmp/got)" "$(md5sum </tmp/file)"
ip netns exec na nc -l 5002 >/tmp/got2 &
listener=$!
sleep 1
check "and back the other way" ip netns exec nb nc -N -w 20 10.7.0.1 5002 </tmp/file
wait $listener
is "whole too" "$(md5sum </tmp/got2)" "$(md5sum </tmp/file)"

tx=$(ip netns exec na ethtool -S "$ea" | awk '$1 == "tx_queue_0_bytes:" { print $2 }')
diag "ethtool -S: $(ip netns exec na ethtool -S "$ea" | tr -s ' \n' ' ')"
check "ethtool -S counts the bytes sent, the 4 MiB file and more ($tx)" test "${tx:-0}" -gt 4194304
is "no bad host packets" \
	"$(ip netns exec na ethtool -S "$ea" | awk '$1 == "bad_host_packets:" { print $2 }')" 0
check "the sim counted them too" test "$(netcounter $a tx_bytes)" -gt 4194304
is "the first saw no protocol violation" "$(netcounter $a violations)" 0
is "nor did the second" "$(netcounter $b violations)" 0
is "the sim as a whole saw none" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
diag "counters: $(tr '\n' ' ' <$sim/net/$a/counters)"

check "the first goes down" ip -n na link set "$ea" down
is "its filter is 0 then" "$(awk '$1 == "packet_filter" { print $2 }' $sim/net/$a/state)" 0x0
check "hv_netvsc unloads" rmmod hv_netvsc
check_fails "the interfaces are gone" ip -n na link show "$ea"
check "it loads again" modprobe hv_netvsc
check "the NICs come back" wait_for netdev_of $b
is "modinfo: the description" "$(modinfo -F description hv_netvsc)" "Hyper-V synthetic network adapter"
check "the driver's aliases match the device's modalias" \
	sh -c "modinfo hv_netvsc | grep -q \"alias:.*$(cat /sys/bus/vmbus/devices/$a/modalias)\""
check "hv_netvsc unloads again" rmmod hv_netvsc
