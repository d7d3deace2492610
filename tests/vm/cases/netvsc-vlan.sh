# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# VLAN sub-interfaces on both ends: pings (full-size ones too) go across
# VLAN 10, with the tag out of band in the 802.1Q PPI both ways (the
# sim's tx_vlan and rx_vlan, the driver's rx_vlan); VLAN 10 does not
# reach VLAN 20; untagged traffic goes on beside; with ethtool -K txvlan
# off the stack puts the tag in the frame and VLAN 10 still works.
# modules: 8021q
# programs: ip ethtool
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e91
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e92

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:0a:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:0a:0b" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.18.0 $a $b
check "8021q loads (or is built in)" modprobe 8021q

counter() { counter_of $sim/net/"$1"/counters "$2"; }
driver_rx_vlan() {
	ip netns exec nb ethtool -S "$eb" | awk '$1 == "rx_vlan:" { print $2 }'
}

check "VLAN 10 on the first" ip -n na link add link "$ea" name "$ea.10" type vlan id 10
check "VLAN 10 on the second" ip -n nb link add link "$eb" name "$eb.10" type vlan id 10
ip -n na addr add 10.18.10.1/24 dev "$ea.10"
ip -n nb addr add 10.18.10.2/24 dev "$eb.10"
check "both VLAN interfaces come up" \
	sh -c "/usr/sbin/ip -n na link set $ea.10 up && /usr/sbin/ip -n nb link set $eb.10 up"

tx=$(counter $a tx_vlan)
rx=$(counter $b rx_vlan)
drx=$(driver_rx_vlan)
check "ping across VLAN 10" ip netns exec na ping -c 3 -W 5 10.18.10.2
check "full-size pings across VLAN 10" ip netns exec na ping -c 2 -s 1472 -W 5 10.18.10.2
check "the first sent the tag as a PPI ($(($(counter $a tx_vlan) - tx)) frames)" \
	test "$(($(counter $a tx_vlan) - tx))" -ge 5
check "the host delivered it to the second as a PPI ($(($(counter $b rx_vlan) - rx)) frames)" \
	test "$(($(counter $b rx_vlan) - rx))" -ge 5
check "the driver counted the tagged frames it received ($(($(driver_rx_vlan) - drx)))" \
	test "$(($(driver_rx_vlan) - drx))" -ge 5
check "untagged traffic goes on beside" ip netns exec na ping -c 2 -W 5 10.18.0.2
check "ping across VLAN 10 the other way" ip netns exec nb ping -c 2 -W 5 10.18.10.1

check "the second's VLAN 10 goes, VLAN 20 comes with its address" \
	sh -c "/usr/sbin/ip -n nb link del $eb.10 &&
		/usr/sbin/ip -n nb link add link $eb name $eb.20 type vlan id 20 &&
		/usr/sbin/ip -n nb addr add 10.18.10.2/24 dev $eb.20 &&
		/usr/sbin/ip -n nb link set $eb.20 up"
ip -n na neigh flush dev "$ea.10"
check_fails "VLAN 10 does not reach VLAN 20" ip netns exec na ping -c 2 -W 2 10.18.10.2
check "untagged traffic still goes" ip netns exec na ping -c 2 -W 5 10.18.0.2
check "VLAN 20 on the first too" \
	sh -c "/usr/sbin/ip -n na link add link $ea name $ea.20 type vlan id 20 &&
		/usr/sbin/ip -n na addr add 10.18.20.1/24 dev $ea.20 &&
		/usr/sbin/ip -n na link set $ea.20 up &&
		/usr/sbin/ip -n nb addr add 10.18.20.2/24 dev $eb.20"
check "ping across VLAN 20" ip netns exec na ping -c 2 -W 5 10.18.20.2

check "ethtool -K txvlan off on the first" ip netns exec na ethtool -K "$ea" txvlan off
tx=$(counter $a tx_vlan)
check "VLAN 20 works with the tag in the frame" ip netns exec na ping -c 3 -W 5 10.18.20.2
is "no PPI tag from the first then" "$(counter $a tx_vlan)" "$tx"
check "ethtool -K txvlan on again" ip netns exec na ethtool -K "$ea" txvlan on
check "VLAN 20 works with the PPI again" ip netns exec na ping -c 2 -W 5 10.18.20.2
check "and the tag is a PPI again" test "$(counter $a tx_vlan)" -gt "$tx"

is "no bad host packets" \
	"$(ip netns exec na ethtool -S "$ea" | awk '$1 == "bad_host_packets:" { print $2 }')" 0
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
