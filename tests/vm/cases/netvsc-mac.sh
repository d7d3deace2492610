# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# MAC change (NetworkAddress, protocol-devices 3.8): ip link set address
# on a running NIC changes what ip link and the host's state show; the
# peer's ARP learns the new MAC and pings go over it, while frames for
# the old MAC no longer arrive; the MAC survives an MTU change (the NIC
# re-initialised); a host that refuses the change leaves the old address
# and ip link fails; a multicast address is refused by the driver.
# programs: ip
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e81
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e82
old=00:15:5d:00:09:0a
new=00:15:5d:00:09:aa

modprobe vmbus_sim connect=0
echo "$nic $a mac=$old" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:09:0b" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.17.0 $a $b

address() {
	ip -n na link show "$ea" | awk '$1 == "link/ether" { print $2 }'
}
host_mac() {
	awk '$1 == "mac" { print $2 }' $sim/net/$a/state
}
rx_frames() {
	awk '$1 == "rx_frames" { print $2 }' $sim/net/$a/counters
}

check "ping from b learns a's MAC" ip netns exec nb ping -c 2 -W 5 10.17.0.1
check "b's ARP entry names the old MAC" sh -c "/usr/sbin/ip -n nb neigh show 10.17.0.1 | grep -q $old"

check "ip link set address while the NIC is up" ip -n na link set "$ea" address $new
is "ip link shows the new address" "$(address)" $new
is "the host's state shows it" "$(host_mac)" $new
ip -n nb neigh flush dev "$eb"
check "ping from b goes over the new MAC" ip netns exec nb ping -c 2 -W 5 10.17.0.1
check "b's ARP entry names the new MAC" sh -c "/usr/sbin/ip -n nb neigh show 10.17.0.1 | grep -q $new"
check "ping from a too" ip netns exec na ping -c 2 -W 5 10.17.0.2

ip -n nb neigh replace 10.17.0.1 lladdr $old dev "$eb" nud permanent
rx=$(rx_frames)
check_fails "pings to the old MAC get no answer" ip netns exec nb ping -c 5 -i 0.2 -W 1 10.17.0.1
got=$(($(rx_frames) - rx))
check "the switch delivered a none of the 5 ($got frames)" test "$got" -lt 5
ip -n nb neigh del 10.17.0.1 dev "$eb"
check "with ARP again, pings get through" ip netns exec nb ping -c 2 -W 5 10.17.0.1

check "an MTU change re-initialises the NIC" ip -n na link set "$ea" mtu 1400
check "carrier after it" wait_for net_has_carrier na "$ea"
is "the new MAC survives it, for ip link" "$(address)" $new
is "and for the host" "$(host_mac)" $new
check "pings go over it" ip netns exec nb ping -c 2 -W 5 10.17.0.1

echo N >$sim/net/$a/mac_change
check_fails "a host that refuses: ip link set address fails" \
	ip -n na link set "$ea" address 00:15:5d:00:09:bb
is "the address stays as it was" "$(address)" $new
is "so does the host's" "$(host_mac)" $new
check "the driver said the host refused" sh -c "dmesg | grep -q 'the host refused to set OID 0x1021b'"
check "pings still go" ip netns exec nb ping -c 2 -W 5 10.17.0.1
echo Y >$sim/net/$a/mac_change

check_fails "a multicast address is refused" ip -n na link set "$ea" address 01:00:5e:00:00:01
is "the address stays" "$(address)" $new
check "back to the permanent address" ip -n na link set "$ea" address $old
is "the host has it again" "$(host_mac)" $old
ip -n nb neigh flush dev "$eb"
check "pings go over it" ip netns exec nb ping -c 2 -W 5 10.17.0.1
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
