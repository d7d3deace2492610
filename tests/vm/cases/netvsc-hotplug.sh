# shellcheck shell=sh
# NICs come and go while the driver is loaded: one offered after load
# gets an interface and passes frames; the host takes one back under
# traffic (a ping flood) and its interface goes without a hang or a
# warning while the other keeps working; one offered again comes back.
# The first two have a sub-channel each (2 CPUs): it goes with them.
# programs: ip
# smp: 2
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e21
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e22
c=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e23

relid_of() {
	awk -v i="$1" '$3 == i && $5 == 0 { print $1 }' $sim/devices
}

# pair NETNS INSTANCE ADDR: the NIC's interface into NETNS, up with ADDR.
pair() {
	ip netns add "$1" 2>/dev/null
	e=$(netdev_of "$2")
	ip link set "$e" netns "$1"
	ip -n "$1" addr add "$3"/24 dev "$e"
	ip -n "$1" link set "$e" up
	wait_for sh -c "/usr/sbin/ip -n $1 link show $e | grep -q LOWER_UP"
}

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:02:0a max_subchannels=1" >$sim/add_device
echo 1 >$sim/connected
modprobe hv_netvsc
mkdir -p /run/netns
check "the NIC offered before load binds" wait_for netdev_of $a
echo "$nic $b mac=00:15:5d:00:02:0b max_subchannels=1" >$sim/add_device
check "a NIC offered after load binds" wait_for netdev_of $b
echo "$nic $c mac=00:15:5d:00:02:0c" >$sim/add_device
check "and a third" wait_for netdev_of $c
check "the first comes up" pair na $a 10.10.0.1
check "the second comes up" pair nb $b 10.10.0.2
check "the third comes up" pair nc $c 10.10.0.3
check "the first reaches the second" ip netns exec na ping -c 2 -W 5 10.10.0.2
check "the first reaches the third" ip netns exec na ping -c 2 -W 5 10.10.0.3

ip netns exec na ping -f -w 20 10.10.0.2 >/dev/null 2>&1 &
flood=$!
sleep 2
relid_of $b >$sim/rescind
check "the host takes the second back under a ping flood" \
	wait_for sh -c "[ ! -e /sys/bus/vmbus/devices/$b ]"
check "its interface goes" wait_for sh -c "! /usr/sbin/ip -n nb link show 2>/dev/null | grep -q 'eth'"
kill $flood 2>/dev/null
wait $flood 2>/dev/null
check "the first still reaches the third" ip netns exec na ping -c 2 -W 5 10.10.0.3

relid_of $a >$sim/rescind
check "the host takes the first back while idle" wait_for sh -c "[ ! -e /sys/bus/vmbus/devices/$a ]"
echo "$nic $b mac=00:15:5d:00:02:0b max_subchannels=1" >$sim/add_device
check "the second is offered again and binds" wait_for netdev_of $b
check "it comes up in its namespace again" pair nb $b 10.10.0.2
check "the third reaches it" ip netns exec nc ping -c 2 -W 5 10.10.0.2
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
check "vmbus_sim unloads" rmmod vmbus_sim
