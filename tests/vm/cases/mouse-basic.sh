# shellcheck shell=sh
# hid_hyperv against the simulated host's mouse (Hyper-V's device info and
# 67-byte report descriptor): the handshake (one PROTOCOL_REQUEST, one
# ACK), an input device named and numbered as upstream's (BUS_VIRTUAL,
# 045e:0621) under the vmbus device, bound by hid-generic, with absolute
# X/Y 0..32767, three buttons and a wheel; the host's moves, clicks and
# wheel turns arrive as exactly those evdev events. The Hyper-V
# descriptor bug (SA-167) is fixed up: all buttons are still there.
# modules: hid hid_generic evdev
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
mouse_class=cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a
mouse=58f75a6d-d949-4320-99e1-a2a2576d581c
name="Microsoft Vmbus HID-compliant Mouse"

# events CMD: every event (type code value) the host's CMD (a line for
# $sim/mouse) produces, until 1 s passes without one.
events() {
	hvlis-evdev read -n 0 -t 1000 "$dev" sh -c "echo '$1' >$sim/mouse" | tr '\n' ';'
}

has_cap() {
	printf '%s\n' "$caps" | grep -qx "$1"
}

modprobe vmbus_sim connect=0
echo "$mouse_class $mouse" >$sim/add_device
echo 1 >$sim/connected
modprobe hid_generic
modprobe evdev
check "hid_hyperv loads" modprobe hid_hyperv
is "it is the hv-lis module, not the kernel's" "$(cat /sys/module/hid_hyperv/version)" \
	"$(cat /etc/hvlis-version)"
check "udev would load it for the mouse class" \
	sh -c "modinfo -F alias hid_hyperv | grep -qx vmbus:9eb6a8cf4a5bc04cb98b8ba1a1f3f95a"
check "it binds the mouse" wait_for test -e /sys/bus/vmbus/drivers/hid_hyperv/$mouse
check "an input device named as upstream's appears" hvlis-evdev find "$name"
dev=$(hvlis-evdev find "$name") || bail_out "no input device"
is "one protocol request" "$(counter_of $sim/mouse protocol_requests)" 1
is "one ACK" "$(counter_of $sim/mouse acks)" 1

caps=$(hvlis-evdev caps "$dev")
diag "$(printf '%s\n' "$caps" | tr '\n' ';')"
check "bus virtual, vendor 045e, product 0621, version 1" has_cap "id 0006 045e 0621 0001"
check "absolute X 0..32767" has_cap "abs 0 0 32767"
check "absolute Y 0..32767" has_cap "abs 1 0 32767"
check "BTN_LEFT" has_cap "key 272"
check "BTN_RIGHT" has_cap "key 273"
check "BTN_MIDDLE" has_cap "key 274"
check "REL_WHEEL" has_cap "rel 8"
check "no relative X" sh -c "! printf '%s\n' \"\$0\" | grep -qx 'rel 0'" "$caps"

hid=
for d in /sys/bus/vmbus/devices/"$mouse"/0006:045E:0621.*; do
	[ -d "$d" ] && hid=$d
done
check "the HID device sits under the vmbus device" test -n "$hid"
is "hid-generic drives it" "$(basename "$(readlink "$hid/driver")")" hid-generic
check "its uevent names it as upstream's" grep -qx "HID_NAME=$name" "$hid/uevent"
check "its uevent has upstream's ids" grep -qx "HID_ID=0006:0000045E:00000621" "$hid/uevent"
ev=/sys/class/input/${dev##*/}/device
is "sysfs bustype" "$(cat "$ev/id/bustype")" 0006
is "sysfs vendor" "$(cat "$ev/id/vendor")" 045e
is "sysfs product" "$(cat "$ev/id/product")" 0621

is "a move is ABS_X, ABS_Y" "$(events 'move 100 200')" "3 0 100;3 1 200;0 0 0;"
is "a move along X only" "$(events 'move 32767 200')" "3 0 32767;0 0 0;"
is "a left press" "$(events 'buttons 1')" "4 4 589825;1 272 1;0 0 0;"
is "its release" "$(events 'buttons 0')" "4 4 589825;1 272 0;0 0 0;"
is "a right press" "$(events 'buttons 2')" "4 4 589826;1 273 1;0 0 0;"
is "right to middle" "$(events 'buttons 4')" "4 4 589826;1 273 0;4 4 589827;1 274 1;0 0 0;"
is "middle released, pointer moved" "$(events 'buttons 0')" "4 4 589827;1 274 0;0 0 0;"
is "a wheel turn up" "$(events 'wheel 1')" "2 8 1;2 11 120;0 0 0;"
is "a wheel turn down" "$(events 'wheel -2')" "2 8 -2;2 11 -240;0 0 0;"
is "a raw report" "$(events 'raw 0100000000ffff')" \
	"4 4 589825;1 272 1;3 0 0;3 1 0;2 8 -1;2 11 -120;0 0 0;"
is "reports counted by the host" "$(counter_of $sim/mouse reports)" 10
is "no protocol violation" "$(counter_of $sim/counters violations)" 0

check "hid_hyperv unloads" rmmod hid_hyperv
check "the input device goes" wait_for sh -c "! test -e $dev"
check_fails "no reports without the driver" sh -c "echo 'move 1 1' >$sim/mouse"

# Hyper-V's own descriptor: byte 14 is a Logical Maximum (SA-167).
echo "variant sa167" >$sim/mouse
check "hid_hyperv loads again" modprobe hid_hyperv
check "a mouse again for Hyper-V's buggy descriptor" hvlis-evdev find "$name"
dev=$(hvlis-evdev find "$name") || bail_out "no input device"
caps=$(hvlis-evdev caps "$dev")
check "BTN_LEFT" has_cap "key 272"
check "BTN_MIDDLE: the usage range is fixed up" has_cap "key 274"
# The host kept its pointer where it was: the new device learns it now.
is "a middle press" "$(events 'buttons 4')" "4 4 589827;1 274 1;3 0 32767;3 1 200;0 0 0;"
is "two protocol requests now" "$(counter_of $sim/mouse protocol_requests)" 2
is "still no protocol violation" "$(counter_of $sim/counters violations)" 0
check "hid_hyperv unloads" rmmod hid_hyperv
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
