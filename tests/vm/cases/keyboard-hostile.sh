# shellcheck shell=sh
# hyperv_keyboard against a hostile host. Bad messages on a working
# keyboard (a keystroke shorter than its struct, an unknown message type,
# a message over the protocol's 256 bytes, a Unicode keystroke, a make
# code that is no XT make code, a PROTOCOL_RESPONSE nobody asked for)
# are each dropped with a clear line and no key, and the next keystroke
# arrives as usual. A host that refuses the protocol, or never answers
# the request, leaves no keyboard behind. The module unloads after all.
# modules: evdev
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
kbd_class=f912ad6d-2b17-48ea-bd65-f927a61c7684
kbd=d34b2567-b9b6-42b9-8778-0a4ec0b955bf
name="AT Translated Set 2 keyboard"

# keys N CMD...: the first N EV_KEY events (CODE:VALUE, space-separated)
# the keyboard delivers while the host carries out the keyboard commands.
keys() {
	n=$1
	shift
	script=
	for cmd; do
		script="$script echo '$cmd' >$sim/keyboard &&"
	done
	hvlis-evdev read -b -n "$n" -T 1 "$dev" sh -c "$script true" |
		awk '{ printf "%s%s:%s", sep, $2, $3; sep = " " }'
}

# logged TEXT: the kernel log has a hyperv_keyboard line with TEXT.
logged() {
	dmesg | grep 'hyperv_keyboard' | grep -qF "$1"
}

# no_keyboard: the driver is not bound and there is no serio port.
no_keyboard() {
	[ ! -e /sys/bus/vmbus/drivers/hyperv_keyboard/$kbd ] &&
		! ls -d /sys/bus/vmbus/devices/$kbd/serio* >/dev/null 2>&1
}

modprobe evdev
modprobe vmbus_sim connect=0
echo "$kbd_class $kbd" >$sim/add_device
echo 1 >$sim/connected
check "hyperv_keyboard loads" modprobe hyperv_keyboard
dev=$(hvlis-evdev find "$name")
check "a keyboard input device appears" test -n "$dev"

# Each bad message carries 'a' (30) where a careless guest would find it;
# only the Q (16) after it may come out.
while read -r kind line; do
	is "hostile $kind: no key, and the next keystroke arrives" \
		"$(keys 2 "hostile $kind" 'key 10')" "16:1 16:0"
	check "hostile $kind: logged" logged "$line"
done <<EOT
short dropping a keystroke of 8 bytes: too short (12 needed)
unknown dropping a message of unknown type 7 from the host (1 so far)
oversized dropping a message of 512 bytes from the host
unicode dropping a Unicode keystroke (U+0041)
badcode dropping a keystroke with make code 0x1e1e
response dropping a PROTOCOL_RESPONSE (status 0x1) nobody asked for
EOT
is "the host sent every hostile message" "$(counter_of $sim/keyboard hostile)" 6
is "the keyboard still types" "$(keys 4 'type Q')" "42:1 16:1 16:0 42:0"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard

# A refused protocol: the probe fails, there is no keyboard.
echo "protocol refuse" >$sim/keyboard
check "hyperv_keyboard loads with a refusing host" modprobe hyperv_keyboard
is "the host answered the request" "$(counter_of $sim/keyboard responses)" 2
check "no keyboard is left" no_keyboard
check "the refusal is logged" logged "the host refused keyboard protocol 1.0 (status 0x0)"
check "the channel is closed again" wait_for sh -c "grep -q ' $kbd offered ' $sim/devices"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard

# A host that never answers: the probe gives up after 10 s.
echo "protocol silent" >$sim/keyboard
check "hyperv_keyboard loads with a silent host" modprobe hyperv_keyboard
is "the host was asked" "$(counter_of $sim/keyboard requests)" 3
check "no keyboard is left" no_keyboard
check "the missing answer is logged" \
	logged "the host did not answer the protocol request within 10 s"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard

# The host behaves again: so does the keyboard.
echo "protocol accept" >$sim/keyboard
check "hyperv_keyboard loads with a good host" modprobe hyperv_keyboard
dev=$(hvlis-evdev find "$name")
is "and types" "$(keys 2 'key 1e')" "30:1 30:0"
is "no protocol violation" "$(counter_of $sim/counters violations)" 0
check "hyperv_keyboard unloads" rmmod hyperv_keyboard
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
