# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
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
net_pair 10.12.0 $a $b
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
