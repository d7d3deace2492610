# shellcheck shell=sh
# A hostile host: for each kind of malformed message the sim can send
# (a transfer range outside the receive buffer, an RNDIS length larger
# than its range, a PPI pointing outside its message, an unknown RNDIS
# type, a completion for an id the guest never sent, a send indirection
# table naming a channel that does not exist, a transfer-page packet
# for another page set) the driver counts it in ethtool -S
# bad_host_packets, logs it, and keeps passing frames; no oops or WARN.
# programs: ip ethtool
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e41
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e42

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:04:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:04:0b" >$sim/add_device
echo 1 >$sim/connected
modprobe hv_netvsc
check "both NICs bind" wait_for sh -c "ls /sys/bus/vmbus/devices/$a/net/ && ls /sys/bus/vmbus/devices/$b/net/"
ea=$(netdev_of $a)
eb=$(netdev_of $b)
mkdir -p /run/netns
ip netns add na
ip netns add nb
ip link set "$ea" netns na
ip link set "$eb" netns nb
ip -n na addr add 10.12.0.1/24 dev "$ea"
ip -n nb addr add 10.12.0.2/24 dev "$eb"
ip -n na link set "$ea" up
ip -n nb link set "$eb" up
wait_for sh -c "/usr/sbin/ip -n na link show $ea | grep -q LOWER_UP"
check "ping works before" ip netns exec na ping -c 2 -W 5 10.12.0.2

bad() {
	ip netns exec na ethtool -S "$ea" | awk '$1 == "bad_host_packets:" { print $2 }'
}

for kind in bad_range rndis_len ppi_offset unknown_type unknown_completion indirection bad_pageset; do
	before=$(bad)
	echo "$kind" >$sim/net/$a/inject
	check "$kind: counted" wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na ethtool -S $ea | awk '\$1 == \"bad_host_packets:\" { print \$2 }')\" -gt $before ]"
	check "$kind: the NIC keeps passing frames" ip netns exec na ping -c 2 -W 5 10.12.0.2
done
check "the driver logged what it dropped" sh -c "dmesg | grep -q 'bad packets so far'"
check "hv_netvsc unloads" rmmod hv_netvsc
