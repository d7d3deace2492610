# shellcheck shell=sh
# hid_hyperv against a hostile mouse host: a refused protocol, device info
# cut inside the HID descriptor, a report descriptor larger than HID core
# takes, one whose length runs past the message, a bLength of 0 and one
# past the message: each is refused with one clear log line, nothing is
# acknowledged and no input device appears. Input reports sent before the
# ACK are dropped with a log line and the mouse still comes up. After all
# of it a well-behaved host gets a working mouse, and the module unloads.
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

requests() {
	counter_of $sim/mouse protocol_requests
}

asked_since() {
	test "$(requests)" -gt "$1"
}

logged() {
	dmesg | grep -qF "$1"
}

no_input_device() {
	for d in /sys/class/input/*/name; do
		! grep -qx "$name" "$d" 2>/dev/null || return 1
	done
}

no_hid_device() {
	for d in /sys/bus/vmbus/devices/"$mouse"/0006:* /sys/class/input/*/name; do
		case $d in
		*/name) ! grep -qx "$name" "$d" 2>/dev/null || return 1 ;;
		*) ! test -e "$d" || return 1 ;;
		esac
	done
}

# hostile VARIANT LOG: the host answers as VARIANT; the guest says LOG.
hostile() {
	before=$(requests)
	dmesg -c >/dev/null
	echo "variant $1" >$sim/mouse
	check "$1: hid_hyperv loads" modprobe hid_hyperv
	check "$1: the guest asks" wait_for asked_since "$before"
	check "$1: the guest says why" wait_for logged "$2"
	check "$1: the probe fails: no driver bound" \
		sh -c "! test -e /sys/bus/vmbus/devices/$mouse/driver"
	is "$1: nothing acknowledged" "$(counter_of $sim/mouse acks)" "$acks"
	check "$1: no input device" no_hid_device
	check "$1: hid_hyperv unloads" rmmod hid_hyperv
}

modprobe vmbus_sim connect=0
echo "$mouse_class $mouse" >$sim/add_device
echo 1 >$sim/connected
modprobe hid_generic
modprobe evdev
acks=0

hostile refuse "the host refused SynthHID version 2.0"
hostile truncated \
	"INITIAL_DEVICE_INFO of 36 bytes: too short for the device info and HID descriptor"
hostile oversized "report descriptor of 4100 bytes: refused (1 to 4096)"
hostile desc_past \
	"report descriptor of 200 bytes at offset 41 runs past the 108-byte message: refused"
hostile blength0 "HID descriptor with bLength 0 in a 108-byte message: refused"
hostile blength_past "HID descriptor with bLength 255 in a 108-byte message: refused"
is "no protocol violation so far" "$(counter_of $sim/counters violations)" 0

# A descriptor of the right size that HID core cannot parse: the HID
# device is there, but no driver takes it and no input device appears.
dmesg -c >/dev/null
echo "variant garbage" >$sim/mouse
check "garbage: hid_hyperv loads" modprobe hid_hyperv
check "garbage: the HID device is added" \
	wait_for sh -c "ls -d /sys/bus/vmbus/devices/$mouse/0006:045E:0621.* >/dev/null 2>&1"
check "garbage: HID core says why" wait_for logged "collection stack underflow"
is "garbage: the well-sized device info was acknowledged" "$(counter_of $sim/mouse acks)" 1
check "garbage: no input device" no_input_device
check "garbage: hid_hyperv unloads" rmmod hid_hyperv
check "garbage: the HID device goes" no_hid_device

# Reports before the device info and before the ACK: dropped, logged.
dmesg -c >/dev/null
echo "variant early_report" >$sim/mouse
check "early_report: hid_hyperv loads" modprobe hid_hyperv
check "early_report: the mouse still comes up" hvlis-evdev find "$name"
dev=$(hvlis-evdev find "$name") || bail_out "no input device"
check "early_report: the early reports are logged" \
	logged "dropping an input report sent before INITIAL_DEVICE_INFO_ACK"
is "early_report: acknowledged (two ACKs in all now)" "$(counter_of $sim/mouse acks)" 2
is "early_report: no button held from before the ACK" "$(events 'buttons 2')" \
	"4 4 589826;1 273 1;0 0 0;"
echo "buttons 0" >$sim/mouse
check "early_report: hid_hyperv unloads" rmmod hid_hyperv

echo "variant normal" >$sim/mouse
check "a well-behaved host: hid_hyperv loads" modprobe hid_hyperv
check "the mouse comes up" hvlis-evdev find "$name"
dev=$(hvlis-evdev find "$name") || bail_out "no input device"
is "and moves" "$(events 'move 5 6')" "3 0 5;3 1 6;0 0 0;"
is "no protocol violation" "$(counter_of $sim/counters violations)" 0
check "hid_hyperv unloads" rmmod hid_hyperv
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
