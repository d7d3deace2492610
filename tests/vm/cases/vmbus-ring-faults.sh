# shellcheck shell=sh
# A hostile host on the data path: corrupt ring indices, packets whose
# length or offset points outside what was written, completions nobody
# asked for, answers to requests never made, a rescind instead of an open
# answer, and a flood of 500 offers. Each is logged and contained (the
# channel it hit stops; nothing outside the ring is read), the kernel
# stays quiet, and another echo device still echoes afterwards.
# timeout: 240
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
echo_class=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
good=3c9a0e51-77d2-4b8e-a1f4-0d6c2b8e4f00
devs=/sys/bus/vmbus/devices
dbg=/sys/kernel/debug/hvlis_echo

logged() {
	dmesg | grep -q "$1"
}

relid_of() {
	awk -v i="$1" '$3 == i && $5 == 0 {print $1}' $sim/devices
}

echoes() {
	echo "packets=${2:-500} min=1 max=8000 mode=mixed" >"$dbg/$1/run"
}

modprobe vmbus_sim connect=0
echo "$echo_class $good monitor=0" >$sim/add_device
echo 1 >$sim/connected
check "the echo driver loads" modprobe hvlis_echo ring_pages=4
check "the good device echoes" echoes $good

# Ring faults: each on a fresh echo device of its own.
n=0
while IFS='|' read -r fault expect; do
	n=$((n + 1))
	inst=$(printf '3c9a0e51-77d2-4b8e-a1f4-0d6c2b8e4f%02x' $n)
	echo "$echo_class $inst monitor=0" >$sim/add_device
	wait_for test -e "$dbg/$inst/run"
	relid=$(relid_of "$inst")
	dmesg -c >/dev/null
	echo "$fault $relid" >$sim/inject
	check "$fault: logged as '$expect'" wait_for logged "$expect"
done <<'FAULTS'
ring_write_index|the host corrupted the ring (inbound write_index
ring_write_index_unaligned|the host corrupted the ring (inbound write_index
packet_len|the host corrupted the ring (packet length
packet_offset|the host corrupted the ring (packet offset
packet_offset_big|the host corrupted the ring (packet offset
unknown_completion|no request has transaction id 0xfa17fa17fa17fa17; dropping its completion
FAULTS
check_fails "a run on a channel the host broke fails, not hangs" echoes \
	3c9a0e51-77d2-4b8e-a1f4-0d6c2b8e4f01 10
check "a completion nobody asked for leaves the channel usable" echoes \
	3c9a0e51-77d2-4b8e-a1f4-0d6c2b8e4f06

# Answers to requests the guest never made.
relid=$(relid_of $good)
while IFS='|' read -r fault expect; do
	dmesg -c >/dev/null
	echo "$fault $relid" >$sim/inject
	check "$fault: logged as '$expect'" wait_for logged "$expect"
done <<FAULTS
gpadl_created_unknown|dropping a type 10 answer for relid $relid, id 0xfa170001: no such request is pending
gpadl_torndown_unknown|dropping a type 12 answer for id 0xfa170002: no such request is pending
open_result_unknown|dropping a type 6 answer for relid $relid, id $(printf %#x "$relid"): no such request is pending
FAULTS

# The host rescinds instead of answering OPENCHANNEL: probe fails, no hang.
late=3c9a0e51-77d2-4b8e-a1f4-0d6c2b8e4fff
echo rescind_during_open >$sim/inject
echo "$echo_class $late monitor=0" >$sim/add_device
check "a rescind during open fails the open" wait_for logged "could not open the channel (error -19)"
check "the device goes" wait_for test ! -e $devs/$late
check "its relid is released" wait_for sh -c "! grep -q $late $sim/devices"

# 500 offers back to back, then all taken back.
before=$(find $devs -mindepth 1 -maxdepth 1 | wc -l)
echo offer_flood >$sim/inject
check "an offer flood: every offer becomes a device" \
	wait_for sh -c "[ \$(find $devs -mindepth 1 -maxdepth 1 | wc -l) -eq $((before + 500)) ]"
echo fa17f100-0000-0000-0000-000000000000 >$sim/rescind
check "and all of them go again" \
	wait_for sh -c "[ \$(find $devs -mindepth 1 -maxdepth 1 | wc -l) -eq $before ]"
check "every flooded relid is released" \
	wait_for sh -c "! grep -q fa17f100 $sim/devices"

check "after all that, the good device still echoes" echoes $good 5000
is "no protocol violation by the guest" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "the driver unloads" rmmod hvlis_echo
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
