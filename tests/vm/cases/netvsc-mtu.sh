# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# MTU: 9000 on both NICs (the driver re-initialises each with the new
# NDIS configuration) carries 8972-byte pings unfragmented and a file
# over TCP; back to 1500 it works as before; the driver refuses an MTU
# below 68; a change in the middle of a transfer leaves the NIC
# working.
# programs: ip nc
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e51
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e52

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:05:0a mtu=9000" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:05:0b mtu=9000" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.13.0 $a $b

check "MTU 9000 on the first" ip -n na link set "$ea" mtu 9000
check "MTU 9000 on the second" ip -n nb link set "$eb" mtu 9000
is "the host was told" \
	"$(awk '$1 == "mtu" { print $2 }' $sim/net/$a/state)" 9000
check "carrier after the change" wait_for net_has_carrier na "$ea"
txp() {
	ip netns exec na cat /sys/class/net/"$ea"/statistics/tx_packets
}
before=$(txp)
check "8972-byte pings go" ip netns exec na ping -c 3 -s 8972 -W 5 10.13.0.2
sent=$(($(txp) - before))
check "unfragmented: one frame each, not 7 fragments ($sent sent)" test "$sent" -lt 12
dd if=/dev/urandom of=/tmp/file bs=1M count=2 2>/dev/null
ip netns exec nb nc -l 5001 >/tmp/got &
listener=$!
sleep 1
check "a file goes over TCP with jumbo frames" ip netns exec na nc -N -w 20 10.13.0.2 5001 </tmp/file
wait $listener
is "it arrives whole" "$(md5sum </tmp/got)" "$(md5sum </tmp/file)"

ip netns exec nb nc -l 5002 >/tmp/got2 &
listener=$!
sleep 1
(ip netns exec na nc -N -w 30 10.13.0.2 5002 </tmp/file; echo $? >/tmp/nc.status) &
sender=$!
sleep 1
check "MTU back to 1500 in the middle of a transfer" ip -n na link set "$ea" mtu 1500
check "and on the other side" ip -n nb link set "$eb" mtu 1500
wait $sender
wait $listener
diag "transfer across the change: status $(cat /tmp/nc.status), $(wc -c </tmp/got2) bytes"
check "carrier again" wait_for net_has_carrier na "$ea"
check "pings of 1472 bytes go" ip netns exec na ping -c 3 -s 1472 -W 5 10.13.0.2
before=$(txp)
check "pings of 4000 bytes go, fragmented" ip netns exec na ping -c 2 -s 4000 -W 5 10.13.0.2
sent=$(($(txp) - before))
check "in three fragments each ($sent sent)" test "$sent" -ge 6
check_fails "an MTU below 68 is refused" ip -n na link set "$ea" mtu 60
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
