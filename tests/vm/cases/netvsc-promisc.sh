# shellcheck shell=sh
# shellcheck disable=SC2154 # ea and eb: net_pair (tap.sh) sets them
# Promiscuous mode: a third NIC, c, does not see the unicast between a
# and b (tcpdump -p, its rx counters in ip -s link); with ip link set
# promisc on the host's filter becomes PROMISCUOUS and c sees those
# frames, in tcpdump and in its counters; off again, it sees none;
# tcpdump without -p turns promiscuous mode on by itself, and off when
# it ends.
# programs: ip tcpdump
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4ea1
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4ea2
c=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4ea3

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:0b:0a" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:0b:0b" >$sim/add_device
echo "$nic $c mac=00:15:5d:00:0b:0c" >$sim/add_device
echo 1 >$sim/connected
net_pair 10.19.0 $a $b
check "the third NIC binds" wait_for netdev_of $c
ec=$(netdev_of $c)
check "it comes up in namespace nc" net_join nc "$ec" 10.19.0.3/24
check "it has carrier" wait_for net_has_carrier nc "$ec"
check "a pings b" ip netns exec na ping -c 2 -W 5 10.19.0.2

filter() {
	awk '$1 == "packet_filter" { print $2 }' $sim/net/$c/state
}
rx_packets() {
	ip -n nc -s link show "$ec" | awk 'f { print $2; exit } $1 == "RX:" { f = 1 }'
}
# seen FLAGS: ICMP frames between a and b that c's tcpdump FLAGS captures
# during 10 pings from a to b (20 frames each way together).
seen() {
	rm -f /tmp/c.out /tmp/tcpdump.err
	# Not the ip function: $! must be tcpdump's own pid, for the kill.
	/usr/sbin/ip netns exec nc /usr/bin/tcpdump "$@" -Z root -l -n -i "$ec" \
		icmp and host 10.19.0.1 and host 10.19.0.2 >/tmp/c.out 2>/tmp/tcpdump.err &
	dump=$!
	if ! wait_for grep -qs "listening on" /tmp/tcpdump.err; then
		kill "$dump"
		echo "tcpdump did not start: $(cat /tmp/tcpdump.err)"
		return
	fi
	ip netns exec na ping -c 10 -i 0.2 -W 5 10.19.0.2 >/dev/null
	sleep 0.5
	kill "$dump"
	wait "$dump"
	grep -c ICMP /tmp/c.out
}

is "c's filter: directed, all-multicast, broadcast" "$(filter)" 0xd
rx=$(rx_packets)
got=$(seen -p)
rx_got=$(($(rx_packets) - rx))
is "not promiscuous: c's tcpdump -p sees none of a and b's pings" "$got" 0
check "nor do c's rx counters ($rx_got frames)" test "$rx_got" -lt 10

check "ip link set promisc on" ip -n nc link set "$ec" promisc on
check "the host's filter becomes PROMISCUOUS" wait_for sh -c "grep -qx 'packet_filter 0x20' $sim/net/$c/state"
rx=$(rx_packets)
got=$(seen -p)
rx_got=$(($(rx_packets) - rx))
is "promiscuous: c's tcpdump sees all 20 frames of the pings" "$got" 20
check "and c's rx counters count them ($rx_got frames)" test "$rx_got" -ge 20
check "a and b still talk" ip netns exec na ping -c 2 -W 5 10.19.0.2

check "ip link set promisc off" ip -n nc link set "$ec" promisc off
check "the host's filter is as before" wait_for sh -c "grep -qx 'packet_filter 0xd' $sim/net/$c/state"
is "c sees none of them again" "$(seen -p)" 0

is "tcpdump without -p: c sees all 20 frames" "$(seen)" 20
check "the filter is back when tcpdump ends" wait_for sh -c "grep -qx 'packet_filter 0xd' $sim/net/$c/state"
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_netvsc unloads" rmmod hv_netvsc
