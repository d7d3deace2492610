# shellcheck shell=sh
# NVSP version negotiation: for each version a host may pick (6.1, 6,
# 5, 4, 2, 1) the driver tries the newer ones first, settles on that
# one, tells the host the matching NDIS version (6.30 from NVSP 5, 6.1
# below), and passes frames with it; a host that refuses every version
# leaves the NIC unbound with one clear message, and the driver unloads.
# programs: ip
# timeout: 300

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e

state() {
	awk -v n="$2" '$1 == n { print $2 }' "$sim/net/$1/state"
}

modprobe vmbus_sim connect=0
echo 1 >$sim/connected
modprobe hv_netvsc
mkdir -p /run/netns
n=0
for v in 0x60001:6.30 0x60000:6.30 0x50000:6.30 0x40000:6.1 0x30002:6.1 0x2:6.1; do
	ver=${v%%:*}
	ndis=${v#*:}
	n=$((n + 1))
	a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4a0$n
	b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4b0$n
	echo "$nic $a nvsp_version=$ver mac=00:15:5d:00:0a:0$n" >$sim/add_device
	echo "$nic $b nvsp_version=$ver mac=00:15:5d:00:0b:0$n" >$sim/add_device
	check "NVSP $ver: both NICs bind" wait_for sh -c "ls /sys/bus/vmbus/devices/$a/net/ && ls /sys/bus/vmbus/devices/$b/net/"
	ea=$(netdev_of $a)
	eb=$(netdev_of $b)
	is "NVSP $ver: the host agreed on it" "$(state $a nvsp_version)" "$ver"
	check "NVSP $ver: the driver logs it with NDIS $ndis" \
		sh -c "dmesg | grep -q '$ea: NVSP $ver, NDIS $ndis, '"
	ip netns add na$n
	ip netns add nb$n
	ip link set "$ea" netns na$n
	ip link set "$eb" netns nb$n
	ip -n na$n addr add 10.8.$n.1/24 dev "$ea"
	ip -n nb$n addr add 10.8.$n.2/24 dev "$eb"
	ip -n na$n link set "$ea" up
	ip -n nb$n link set "$eb" up
	wait_for sh -c "/usr/sbin/ip -n na$n link show $ea | grep -q LOWER_UP"
	check "NVSP $ver: ping across" ip netns exec na$n ping -c 2 -W 5 10.8.$n.2
	is "NVSP $ver: no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/net/$a/counters)" 0
	for d in $a $b; do
		relid=$(awk -v i="$d" '$3 == i && $5 == 0 { print $1 }' $sim/devices)
		echo "$relid" >$sim/rescind
	done
	check "NVSP $ver: the NICs go when the host takes them back" \
		wait_for sh -c "[ ! -e /sys/bus/vmbus/devices/$a ] && [ ! -e /sys/bus/vmbus/devices/$b ]"
done

c=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4c01
echo "$nic $c nvsp_version=0" >$sim/add_device
check "a host that accepts no version: the device appears" wait_for test -e /sys/bus/vmbus/devices/$c
sleep 2
check_fails "it is not bound" test -e /sys/bus/vmbus/drivers/hv_netvsc/$c
check_fails "it has no interface" netdev_of $c
check "the driver says why" sh -c "dmesg | grep -q 'the host accepts none of the network protocol versions 6.1, 6, 5, 4, 2 and 1'"
is "it sent no message but the INITs" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
check "vmbus_sim unloads" rmmod vmbus_sim
