# shellcheck shell=sh
# The host takes the mouse back while it is sending reports as fast as the
# ring takes them (a reader on the input device all along): the input
# device and the vmbus device go, the host's burst ends, and no report
# reaches the freed HID device (on the debug kernel KASAN would say so).
# Offered again, the mouse comes back under the loaded driver; unloading
# the driver while reports flow is just as clean.
# modules: hid hid_generic evdev
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
mouse_class=cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a
mouse=58f75a6d-d949-4320-99e1-a2a2576d581c
name="Microsoft Vmbus HID-compliant Mouse"

# events CMD: the events the host's CMD (a line for $sim/mouse) produces.
events() {
	hvlis-evdev read -n 0 -t 1000 "$dev" sh -c "echo '$1' >$sim/mouse" | tr '\n' ';'
}

reports_over() {
	test "$(counter_of $sim/mouse reports)" -gt "$1"
}

# flow: start a reader on $dev and a burst of reports; wait until
# reports arrive.
flow() {
	base=$(counter_of $sim/mouse reports)
	hvlis-evdev read -n 0 -t 10000 "$dev" >/tmp/events 2>/tmp/reader.err &
	reader=$!
	echo "burst 10000000" >$sim/mouse 2>/tmp/burst.err &
	burst=$!
	check "$1: reports flow" wait_for reports_over $((base + 50))
	check "$1: the reader sees them" wait_for test -s /tmp/events
}

# stopped: the burst and the reader end once the device is gone.
stopped() {
	check "$1: the input device goes" wait_for sh -c "! test -e $dev"
	check "$1: the host's burst ends" wait $burst
	n=$(counter_of $sim/mouse reports)
	diag "$1: $((n - base)) reports sent"
	check "$1: the reader ends" wait_for sh -c "! kill -0 $reader 2>/dev/null"
	check "$1: no more reports go out" sh -c "! echo 'move 1 1' >$sim/mouse"
}

modprobe vmbus_sim connect=0
echo "$mouse_class $mouse" >$sim/add_device
echo 1 >$sim/connected
modprobe hid_generic
modprobe evdev
check "hid_hyperv loads" modprobe hid_hyperv
check "the mouse comes up" hvlis-evdev find "$name"
dev=$(hvlis-evdev find "$name") || bail_out "no input device"

flow rescind
check "rescind: the host rescinds the mouse" sh -c "echo $mouse_class >$sim/rescind"
stopped rescind
check "rescind: the vmbus device goes" wait_for sh -c "! test -e /sys/bus/vmbus/devices/$mouse"

check "offered again" sh -c "echo '$mouse_class $mouse' >$sim/add_device"
check "the mouse comes back" hvlis-evdev find "$name"
dev=$(hvlis-evdev find "$name") || bail_out "no input device"
is "and moves" "$(events 'move 7 8')" "3 0 7;3 1 8;0 0 0;"

flow unload
check "unload: hid_hyperv unloads while reports flow" rmmod hid_hyperv
stopped unload
check "unload: the vmbus device stays" test -e /sys/bus/vmbus/devices/$mouse
check "unload: unbound" sh -c "! test -e /sys/bus/vmbus/devices/$mouse/driver"

is "no protocol violation" "$(counter_of $sim/counters violations)" 0
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
