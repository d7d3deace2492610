# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# The sim's virtual switch and its knobs, driven through hv_netvsc:
# add_device refuses NIC options out of range; three NICs, each in its
# own namespace, see unicast only when it is theirs unless promiscuous;
# "drop N" loses exactly N frames the NIC sends; "corrupt N" damages N
# frames delivered to it, which the receiver's checksums catch (a TCP
# transfer still arrives whole); link down stops traffic both ways and
# up brings it back; hv-host net reads the same state; no violation.
# programs: ip nc
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=7a5e0c11-2b3c-4d5e-8f60-718293a4b501
b=7a5e0c11-2b3c-4d5e-8f60-718293a4b502
c=7a5e0c11-2b3c-4d5e-8f60-718293a4b503

counter() { counter_of "$sim/net/$1/counters" "$2"; }

state() {
	awk -v n="$2" '$1 == n { print $2 }' "$sim/net/$1/state"
}

modprobe vmbus_sim connect=0
check_fails "mtu=60 is refused" sh -c "echo '$nic $a mtu=60' >$sim/add_device"
check_fails "an unknown NVSP version is refused" \
	sh -c "echo '$nic $a nvsp_version=0x30000' >$sim/add_device"
check_fails "max_subchannels=65 is refused" \
	sh -c "echo '$nic $a max_subchannels=65' >$sim/add_device"
check_fails "subchannels= is for other devices" \
	sh -c "echo '$nic $a subchannels=1' >$sim/add_device"
check_fails "a storage option is refused for a NIC" \
	sh -c "echo '$nic $a vstor_version=0600' >$sim/add_device"
check "hv-host offers a NIC" hv-host offer net $a mac=00:15:5d:00:07:0a
echo "$nic $b mac=00:15:5d:00:07:0b" >$sim/add_device
echo "$nic $c" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.9.0 $a $b
check "the third NIC binds" wait_for netdev_of $c
ec=$(netdev_of $c)
is "a MAC by default is 00:15:5d and the GUID's last bytes" \
	"$(cat /sys/class/net/"$ec"/address)" 00:15:5d:a4:b5:03
is "hv-host net state shows the MAC" "$(hv-host net $a state | awk '$1 == "mac" { print $2 }')" \
	00:15:5d:00:07:0a
check "c comes up in namespace nc" net_join nc "$ec" 10.9.0.3/24
check "c has carrier" wait_for net_has_carrier nc "$ec"
check "a pings b" ip netns exec na ping -c 2 -W 5 10.9.0.2
check "a pings c" ip netns exec na ping -c 2 -W 5 10.9.0.3

rx=$(counter $c rx_frames)
ip netns exec na ping -c 10 -i 0.2 -W 5 10.9.0.2 >/dev/null
got=$(($(counter $c rx_frames) - rx))
# The 20 unicast frames would show; a broadcast or multicast may not.
check "c does not get the unicast between a and b ($got frames)" test "$got" -lt 10
ip -n nc link set "$ec" promisc on
check "promiscuous: c's packet filter becomes PROMISCUOUS alone" \
	wait_for sh -c "grep -qx 'packet_filter 0x20' $sim/net/$c/state"
rx=$(counter $c rx_frames)
ip netns exec na ping -c 10 -i 0.2 -W 5 10.9.0.2 >/dev/null
got=$(($(counter $c rx_frames) - rx))
check "promiscuous: c gets both ways of the 10 pings ($got frames)" test "$got" -ge 20
ip -n nc link set "$ec" promisc off
wait_for sh -c "grep -qx 'packet_filter 0xd' $sim/net/$c/state"

dropped=$(counter $a dropped)
check "hv-host net drop" hv-host net $a drop 3
out=$(ip netns exec na ping -c 8 -i 0.3 -W 2 10.9.0.2 2>&1 | grep 'packets transmitted')
diag "$out"
answered=$(echo "$out" | sed 's/.*, \([0-9]*\) packets received.*/\1/')
# ARP or IPv6 neighbour traffic of a's may take one of the three.
check "drop 3: 5 to 7 of 8 pings answered ($answered)" test "$answered" -ge 5 -a "$answered" -le 7
is "drop 3: counted" "$(($(counter $a dropped) - dropped))" 3
is "drop reads 0 when spent" "$(cat $sim/net/$a/drop)" 0

dd if=/dev/urandom of=/tmp/file bs=1M count=2 2>/dev/null
ip netns exec nb nc -l 5001 >/tmp/got &
listener=$!
sleep 1
echo 5 >$sim/net/$b/corrupt
check "a TCP transfer with 5 frames to b corrupted" ip netns exec na nc -N -w 30 10.9.0.2 5001 </tmp/file
wait $listener
is "it arrives whole" "$(md5sum </tmp/got)" "$(md5sum </tmp/file)"
is "the sim corrupted 5 frames" "$(counter $b corrupted)" 5

check "hv-host net link down" hv-host net $b link down
check "b loses carrier" wait_for sh -c "! /usr/sbin/ip -n nb link show $eb | grep -q LOWER_UP"
check_fails "no ping gets through" ip netns exec na ping -c 2 -W 2 10.9.0.2
is "the sim's state says link 0" "$(state $b link)" 0
check "hv-host net link up" hv-host net $b link up
check "b has carrier again" wait_for net_has_carrier nb "$eb"
check "pings get through again" wait_for ip netns exec na ping -c 1 -W 2 10.9.0.2

for x in $a $b $c; do
	is "no violation on $x" "$(counter "$x" violations)" 0
done
is "none in the sim as a whole" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
diag "a: $(tr '\n' ' ' <$sim/net/$a/counters)"
check "hv_netvsc unloads" rmmod hv_netvsc
