# shellcheck shell=sh
# hyperv_keyboard: the simulated host offers the synthetic keyboard; the
# driver asks for protocol 1.0, the host accepts, and the driver's serio
# port gets atkbd, so a keyboard input device appears under the vmbus
# device. Keystrokes the host sends (XT set-1 make codes with the break,
# E0 and shift the way a real keyboard makes them) come out of its evdev
# node as the right KEY_* presses and releases, in order.
# modules: evdev
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
kbd_class=f912ad6d-2b17-48ea-bd65-f927a61c7684
kbd=d34b2567-b9b6-42b9-8778-0a4ec0b955bf

# keys N CMD...: the first N EV_KEY events (CODE:VALUE, space-separated)
# the keyboard delivers while the host carries out the keyboard commands
# CMD, one after the other.
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

modprobe evdev
modprobe vmbus_sim connect=0
echo "$kbd_class $kbd" >$sim/add_device
echo 1 >$sim/connected
check "hyperv_keyboard loads" modprobe hyperv_keyboard
check "it binds the keyboard" test -e /sys/bus/vmbus/drivers/hyperv_keyboard/$kbd
is "the host was asked for protocol 1.0" "$(counter_of $sim/keyboard version)" 0x10000
is "and answered once" "$(counter_of $sim/keyboard responses)" 1
dev=$(hvlis-evdev find "AT Translated Set 2 keyboard")
check "a keyboard input device appears" test -n "$dev"
check "it is the vmbus keyboard's" \
	sh -c "ls -d /sys/bus/vmbus/devices/$kbd/serio*/input/input*/${dev##*/}"
check "it has letter, arrow and modifier keys" sh -c "hvlis-evdev caps $dev >/tmp/caps &&
	grep -qx 'key 30' /tmp/caps && grep -qx 'key 103' /tmp/caps && grep -qx 'key 97' /tmp/caps"

# Shift around capitals and shifted punctuation; digits and space plain.
is "typed 'Ab 1!' arrives as presses and releases" "$(keys 14 'type Ab 1!')" \
	"42:1 30:1 30:0 42:0 48:1 48:0 57:1 57:0 2:1 2:0 42:1 2:1 2:0 42:0"

# Every letter: each key's press, then its release.
want=
for c in 20 35 18 57 16 22 23 46 37 57 48 19 24 17 49 57 33 24 45 57 36 22 50 25 31 \
	57 24 47 18 19 57 20 35 18 57 38 30 44 21 57 32 24 34; do
	want="$want${want:+ }$c:1 $c:0"
done
is "a pangram arrives key by key" \
	"$(keys 86 'type the quick brown fox jumps over the lazy dog')" "$want"

# E0 keys: the same make code without E0 is another key.
is "E0 48 is the up arrow" "$(keys 2 'e0 48')" "103:1 103:0"
is "E0 50 is the down arrow" "$(keys 2 'e0 50')" "108:1 108:0"
is "E0 4B is the left arrow" "$(keys 2 'e0 4b')" "105:1 105:0"
is "E0 4D is the right arrow" "$(keys 2 'e0 4d')" "106:1 106:0"
is "E0 1D is right ctrl" "$(keys 2 'e0 1d')" "97:1 97:0"
is "1D alone is left ctrl" "$(keys 2 'key 1d')" "29:1 29:0"

# Modifiers held across other keys: make and break on their own.
is "right shift held over a key" "$(keys 4 'make 36' 'key 10' 'break 36')" \
	"54:1 16:1 16:0 54:0"
is "right ctrl held over an arrow" "$(keys 4 'make e0 1d' 'e0 4d' 'break e0 1d')" \
	"97:1 106:1 106:0 97:0"

is "every keystroke counted by the host" "$(counter_of $sim/keyboard events)" 120
is "no protocol violation" "$(counter_of $sim/counters violations)" 0
check "no keystroke was refused" sh -c "! dmesg | grep -q 'hyperv_keyboard.*dropping'"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard
check "the input device goes" wait_for sh -c "[ ! -e $dev ]"
check_fails "no keystrokes without the driver" sh -c "echo 'key 1e' >$sim/keyboard"
check "hyperv_keyboard loads again" modprobe hyperv_keyboard
is "asked again and answered" "$(counter_of $sim/keyboard responses)" 2
dev=$(hvlis-evdev find "AT Translated Set 2 keyboard")
is "and types again" "$(keys 2 'key 1e')" "30:1 30:0"
check "hyperv_keyboard unloads" rmmod hyperv_keyboard
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
