# shellcheck shell=sh
# Hostile channel messages from the host: each is logged and dropped, the
# kernel stays quiet (no warning, oops or sanitizer report), and the bus
# keeps working: devices still come and go afterwards.
# timeout: 90
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
devs=/sys/bus/vmbus/devices

logged() {
	dmesg | grep -q "hv_vmbus: $1"
}

modprobe vmbus_sim connect=0
echo "57164f39-9115-4e78-ab55-382f3bd5422d fd149e91-82e0-4a7d-afa6-2a4166cbd7c0" >$sim/add_device
check "hv_vmbus connects to the host" sh -c "echo 1 >$sim/connected"
check "the heartbeat device is there" test -d $devs/fd149e91-82e0-4a7d-afa6-2a4166cbd7c0

# fault  what hv_vmbus must log
while IFS='|' read -r fault expect; do
	# @synic: a 241-byte message cannot fit a SynIC slot; the Hyper-V
	# backend drops it before the channel layer sees it.
	[ "$fault" = oversized ] && [ "$(sim_platform)" = hyperv ] &&
		expect="dropping a host message that claims 241 bytes; a SynIC message holds at most 240"
	dmesg -c >/dev/null
	echo "$fault" >$sim/inject
	check "$fault: logged as '$expect'" wait_for logged "$expect"
done <<'FAULTS'
short|dropping a 4-byte channel message: valid sizes are 8 to 240 bytes
oversized|dropping a 241-byte channel message: valid sizes are 8 to 240 bytes
truncated_offer|dropping a truncated type 1 channel message: 100 bytes, at least 196 expected
unknown_type|dropping a channel message of type 99: not one a host sends
guest_type|dropping a channel message of type 14: not one a host sends
unsolicited_version|dropping a VERSION_RESPONSE nobody asked for
relid_zero|dropping an offer with relid 0: valid relids are 1 to 2047
relid_too_big|dropping an offer with relid 2148: valid relids are 1 to 2047
duplicate_relid|dropping a second offer for relid 1
unknown_rescind|ignoring a rescind of relid 2047: no such channel
FAULTS

check_fails "an unknown fault name is refused" sh -c "echo no_such_fault >$sim/inject"
is "still one device: no fault created one" "$(find $devs -mindepth 1 -maxdepth 1 | wc -l)" 1
echo "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6 242ff919-07db-4180-9c2e-b86cb68c8c55" >$sim/add_device
check "after the faults, a hot-added device still appears" \
	wait_for test -d $devs/242ff919-07db-4180-9c2e-b86cb68c8c55
echo 1 >$sim/rescind
check "and a rescind still removes one" wait_for test ! -e $devs/fd149e91-82e0-4a7d-afa6-2a4166cbd7c0
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
