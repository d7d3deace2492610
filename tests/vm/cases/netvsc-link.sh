# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# Link state from the host: a NIC whose host says "disconnected"
# (MEDIA_DISCONNECT) loses carrier and its operstate goes down; pings
# stop; on MEDIA_CONNECT carrier and operstate come back and traffic
# resumes; several flaps in a row end where the last one says.
# programs: ip
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e11
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e12

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:01:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:01:0b" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.9.0 $a $b

carrier() {
	ip netns exec na cat /sys/class/net/"$ea"/carrier
}
operstate() {
	ip netns exec na cat /sys/class/net/"$ea"/operstate
}

check "carrier comes up" wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/carrier)\" = 1 ]"
check "ping works" ip netns exec na ping -c 2 -W 5 10.9.0.2

echo 0 >$sim/net/$a/link
check "carrier goes when the host says disconnected" \
	wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/carrier)\" = 0 ]"
check "operstate follows (linkwatch runs it within a second)" \
	wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/operstate)\" = down ]"
is "operstate is down" "$(operstate)" down
check_fails "no ping gets through" ip netns exec na ping -c 1 -W 2 10.9.0.2

echo 1 >$sim/net/$a/link
check "carrier comes back on connect" \
	wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/carrier)\" = 1 ]"
check "operstate is up" wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/operstate)\" = up ]"
check "ping works again" ip netns exec na ping -c 2 -W 5 10.9.0.2

for _ in 1 2 3 4 5; do
	echo 0 >$sim/net/$a/link
	echo 1 >$sim/net/$a/link
done
echo 0 >$sim/net/$a/link
check "after flaps ending down: no carrier" \
	wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/carrier)\" = 0 ]"
echo 1 >$sim/net/$a/link
check "and up again" wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec na cat /sys/class/net/$ea/carrier)\" = 1 ]"
check "traffic resumes" ip netns exec na ping -c 2 -W 5 10.9.0.2
is "carrier reads 1" "$(carrier)" 1

ip -n nb link set "$eb" down
echo 0 >$sim/net/$b/link
echo 1 >$sim/net/$b/link
check "an indication for a NIC that is down does no harm" ip -n nb link set "$eb" up
check "it has carrier when up" wait_for sh -c "[ \"\$(/usr/sbin/ip netns exec nb cat /sys/class/net/$eb/carrier)\" = 1 ]"
check "and passes frames" ip netns exec nb ping -c 2 -W 5 10.9.0.1
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
