# shellcheck shell=sh
# The host takes the keyboard back. While keys flow: the keyboard and
# its input device go, the reader sees the device go, and the keyboard
# offered again works. While the probe waits for the answer to its
# protocol request (from a host that does not answer): the probe ends at
# once, not after its 10 s timeout, and leaves no keyboard. The module
# unloads cleanly after both.
# modules: evdev
# timeout: 240

sim=/sys/kernel/debug/vmbus_sim
kbd_class=f912ad6d-2b17-48ea-bd65-f927a61c7684
kbd=d34b2567-b9b6-42b9-8778-0a4ec0b955bf
name="AT Translated Set 2 keyboard"

uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# relid: the keyboard channel's relid while the host offers it.
relid() {
	awk -v i=$kbd '$3 == i && $4 != "rescinded" { print $1 }' $sim/devices
}

keys() {
	n=$1
	shift
	hvlis-evdev read -b -n "$n" -T 1 "$dev" sh -c "echo '$*' >$sim/keyboard" |
		awk '{ printf "%s%s:%s", sep, $2, $3; sep = " " }'
}

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

# Keys flowing: a host typing without pause, a reader reading.
hvlis-evdev read -n 0 -t 10000 -T 1 "$dev" >/tmp/keys.out 2>/tmp/keys.err &
reader=$!
(while echo 'type the quick brown fox' >$sim/keyboard 2>/dev/null; do :; done) &
typist=$!
check "keys flow" wait_for sh -c "[ \$(wc -l </tmp/keys.out) -ge 20 ]"
relid >$sim/rescind
check "the keyboard goes" wait_for sh -c "[ ! -e /sys/bus/vmbus/devices/$kbd ]"
check "its input device goes" wait_for sh -c "[ ! -e $dev ]"
wait $typist
check_fails "the reader saw the device go" wait $reader
check "with an error, not a hang" grep -q 'read: No such device' /tmp/keys.err
check "the host's channel is released" wait_for sh -c "! grep -q ' $kbd ' $sim/devices"

echo "$kbd_class $kbd" >$sim/add_device
dev=$(hvlis-evdev find "$name")
check "the keyboard offered again appears" test -n "$dev"
is "and types" "$(keys 2 'key 1e')" "30:1 30:0"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard

# A rescind while the probe waits for the host's answer.
echo "protocol silent" >$sim/keyboard
requests=$(counter_of $sim/keyboard requests)
modprobe hyperv_keyboard &
loader=$!
check "the probe asks and waits" \
	wait_for sh -c "[ \$(awk '\$1 == \"requests\" { print \$2 }' $sim/keyboard) -gt $requests ]"
start=$(uptime_ms)
relid >$sim/rescind
wait $loader
took=$(($(uptime_ms) - start))
diag "the probe ended ${took} ms after the rescind"
check "the probe ended well before its 10 s timeout" test "$took" -lt 3000
check "the rescind is logged" \
	sh -c "dmesg | grep -q 'the host took the keyboard back before answering'"
check "no keyboard is left" no_keyboard
check "the device goes" wait_for sh -c "[ ! -e /sys/bus/vmbus/devices/$kbd ]"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard

echo "protocol accept" >$sim/keyboard
echo "$kbd_class $kbd" >$sim/add_device
check "hyperv_keyboard loads again" modprobe hyperv_keyboard
dev=$(hvlis-evdev find "$name")
is "the keyboard types" "$(keys 2 'key 10')" "16:1 16:0"
is "no protocol violation" "$(counter_of $sim/counters violations)" 0
check "hyperv_keyboard unloads" rmmod hyperv_keyboard
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
