# shellcheck shell=sh
# The ring buffer and packet API's workout: the test driver hvlis_echo
# sends packets of random sizes (1 byte to most of the ring) through the
# simulated host's echo device and checks every echoed byte, in order:
# in-band, in-band with completions through the request table, and
# GPA-direct (the host reads the guest pages the packet names). 30 000
# packets through 16 KiB rings wrap each ring thousands of times. Then
# all four channels of a device with three sub-channels at once. Sized to
# take about a third of its time limit when another build shares the
# two cores (the guest runs on one host thread); a fifth of the packets
# on the debug kernel, still hundreds of wraps of every ring.
# smp: 2
# timeout: 300
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
echo_class=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
one=0e5c4a1d-3f7b-4c2e-9a10-6b8d2f4e1a01
multi=0e5c4a1d-3f7b-4c2e-9a10-6b8d2f4e1a02
devs=/sys/bus/vmbus/devices
dbg=/sys/kernel/debug/hvlis_echo

# packets N: N, or a fifth of it on the debug kernel.
packets() {
	if debug_kernel; then echo $(($1 / 5)); else echo "$1"; fi
}

# run DEVICE ARGS...: one echo run; its result line goes to the log.
run() {
	dev=$1
	shift
	status=0
	echo "$*" >"$dbg/$dev/run" || status=1
	cat "$dbg/$dev/result"
	diag "$*: $(cat "$dbg/$dev/result")"
	return $status
}

modprobe vmbus_sim connect=0
echo "$echo_class $one monitor=0" >$sim/add_device
echo "$echo_class $multi subchannels=3" >$sim/add_device
echo 1 >$sim/connected
check "the echo driver loads" modprobe hvlis_echo ring_pages=4
check "it binds the device" test -e /sys/bus/vmbus/drivers/hvlis_echo/$one
is "the channel is open (state 3)" "$(cat $devs/$one/state)" 3
check "the channel has its sysfs directory" test -d "$devs/$one/channels/$(cat $devs/$one/id)"
ch=$devs/$one/channels/$(cat $devs/$one/id)
for attr in monitor_id pending latency; do
	check_fails "an unmonitored channel has no $attr" test -e "$ch/$attr"
done

# A 16 KiB ring with room for a 12 KiB packet and its header.
waits_before=$(sed -n 's/^ring_full_waits //p' $sim/counters)
check "$(packets 30000) in-band packets of 1..12000 bytes echo intact" \
	run $one packets="$(packets 30000)" min=1 max=12000 mode=inband seed=1
check "$(packets 8000) packets with completions echo intact" \
	run $one packets="$(packets 8000)" min=1 max=12000 mode=completion seed=2
check "$(packets 8000) GPA-direct packets echo intact" \
	run $one packets="$(packets 8000)" min=1 max=12000 mode=gpa seed=3
check "$(packets 8000) packets of every kind, mixed" \
	run $one packets="$(packets 8000)" min=1 max=12000 mode=mixed seed=4
check "the smallest and largest packets" \
	run $one packets="$(packets 1000)" min=12000 max=12000 mode=mixed seed=5
check "ring statistics read while open" test "$(cat $devs/$one/out_read_index)" -ge 0
diag "channel counters: intr_out_empty $(cat "$ch/intr_out_empty") intr_in_full $(cat "$ch/intr_in_full") out_full_first $(cat "$ch/out_full_first") out_full_total $(cat "$ch/out_full_total") events $(cat "$ch/events")"
check "intr_out_empty counts signals for an outbound ring that was empty" \
	test "$(cat "$ch/intr_out_empty")" -gt 0
# 12000-byte answers in a 16 KiB ring: the host usually waits for room,
# but a guest that always reads first never makes it wait. Every wait
# ends with the guest's signal (the sim calls a missing one a violation),
# so the guest's count must show one wherever the host waited.
waits=$(($(sed -n 's/^ring_full_waits //p' $sim/counters) - waits_before))
diag "the host waited for room $waits times"
if [ "$waits" -gt 0 ]; then
	check "intr_in_full counts signals of room for a host that waited" \
		test "$(cat "$ch/intr_in_full")" -gt 0
fi
check "out_full_first counts no more than out_full_total" \
	test "$(cat "$ch/out_full_first")" -le "$(cat "$ch/out_full_total")"

check "all sub-channels arrive and open" wait_for sh -c "[ \$(wc -l <$dbg/$multi/channels) -eq 4 ]"
is "channel_vp_mapping lists the four channels" "$(wc -l <$devs/$multi/channel_vp_mapping)" 4
mch=$devs/$multi/channels/$(cat $devs/$multi/id)
is "a monitored channel shows its monitor_id" "$(cat "$mch/monitor_id")" "$(cat $devs/$multi/monitor_id)"
is "and the host's latency for it" "$(cat "$mch/latency")" "$(cat $devs/$multi/client_monitor_latency)"
check "and its pending bit" grep -qx '[01]' "$mch/pending"
check "sub-channels have their sysfs directories" \
	test "$(find $devs/$multi/channels -mindepth 1 -maxdepth 1 | wc -l)" -eq 4
check "4 channels at once, $(packets 5000) mixed packets each" \
	run $multi packets="$(packets 5000)" min=1 max=12000 mode=mixed seed=6
check "a monitored channel (signalled through the monitor page) echoes" \
	run $multi packets="$(packets 500)" min=1 max=100 mode=inband seed=7

# driver_override: only the named driver may bind.
drv=/sys/bus/vmbus/drivers/hvlis_echo
echo "$one" >$drv/unbind
is "unbinding closes the channel (state 2)" "$(cat $devs/$one/state)" 2
echo other_driver >$devs/$one/driver_override
is "driver_override reads back" "$(cat $devs/$one/driver_override)" other_driver
echo "$one" >/sys/bus/vmbus/drivers_probe
check_fails "an overridden device does not bind its class driver" test -e $drv/$one
echo >$devs/$one/driver_override
is "an empty write clears driver_override" "$(cat $devs/$one/driver_override)" ""
echo "$one" >/sys/bus/vmbus/drivers_probe
check "cleared, it binds again" test -e $drv/$one
check "and echoes after being reopened" run $one packets="$(packets 2000)" max=12000 mode=mixed seed=8

is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "the driver unloads with its channels open" rmmod hvlis_echo
is "the channel is closed (state 2)" "$(cat $devs/$one/state)" 2
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
