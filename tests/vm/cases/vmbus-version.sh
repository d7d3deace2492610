# shellcheck shell=sh
# Version negotiation against every host version the simulated host can
# pretend to be: hv_vmbus settles on the newest version both sides know,
# posts on the right connection, unloads only where the host supports it,
# and fails to connect, with the host's registration refused, when the
# host accepts nothing we speak.
# timeout: 120
# variants: synic

sim=/sys/kernel/debug/vmbus_sim

counter() { counter_of $sim/counters "$1"; }

# host_version  expected "Vmbus version:" line  expected UNLOADs
while read -r host want unloads; do
	modprobe vmbus_sim connect=0
	echo "$host" >$sim/host_version
	dmesg -c >/dev/null
	check "host $host: hv_vmbus connects to the host" sh -c "echo 1 >$sim/connected"
	check "host $host: negotiated $want" sh -c "dmesg | grep -q 'hv_vmbus: Vmbus version:$want\$'"
	is "host $host: the host agrees on the version" \
		"$(cat $sim/version)" "$(printf '0x%08x' "$((0x$(echo "$want" | cut -d. -f1) << 16 | $(echo "$want" | cut -d. -f2)))")"
	echo 0 >$sim/connected
	is "host $host: UNLOAD sent only from 3.0 on" "$(counter unloads)" "$unloads"
	is "host $host: no protocol violation" "$(counter violations)" 0
	rmmod vmbus_sim
done <<'VERSIONS'
0x0000000d 0.13 0
0x00010001 1.1 0
0x00020004 2.4 0
0x00030000 3.0 1
0x00040000 4.0 1
0x00040001 4.1 1
0x00050000 5.0 1
0x00050001 5.1 1
0x00050002 5.2 1
0x00050003 5.3 1
0x00060000 5.3 1
0x00040005 4.1 1
VERSIONS

# A host that knows none of our versions.
modprobe vmbus_sim connect=0
echo 0x0000000c >$sim/host_version
dmesg -c >/dev/null
check_fails "a host accepting no version: hv_vmbus does not connect" sh -c "echo 1 >$sim/connected"
is "the host is not registered" "$(cat $sim/connected)" 0
check "the refusal says why" sh -c 'dmesg | grep -q "the host accepts none of the VMBus versions"'
# The four 5.x requests are refused at connection 4, as by an old host;
# the six older ones reach the host and are declined.
is "every pre-5.0 version was offered" "$(counter messages)" 6
is "no protocol violation" "$(counter violations)" 0
check "vmbus_sim is free to go" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
