# shellcheck shell=sh
# The host takes channels back while they are open and while packets
# flow: the run in progress ends with an error (not a hang), the device
# goes, the guest releases every relid, nothing leaks or warns, and the
# bus keeps working for the next device.
# smp: 2
# timeout: 240
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
echo_class=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
a=6a1f0c2e-9b7d-4e3a-8c51-2d4f6e8a0b01
b=6a1f0c2e-9b7d-4e3a-8c51-2d4f6e8a0b02
c=6a1f0c2e-9b7d-4e3a-8c51-2d4f6e8a0b03
devs=/sys/bus/vmbus/devices
dbg=/sys/kernel/debug/hvlis_echo

relid_of() {
	awk -v i="$1" '$3 == i && $5 == 0 {print $1}' $sim/devices
}

# flowing INSTANCE: each channel of the device has echoed 200 packets.
flowing() {
	awk -v i="$1" '$3 == i { n++; if ($8 >= 200) ok++ } END { exit !(n > 0 && ok == n) }' $sim/devices
}

# Start a long run in the background; its exit status lands in FILE.
run_bg() {
	(
		status=0
		echo "packets=100000000 min=1 max=8000 mode=mixed" >"$dbg/$1/run" || status=1
		echo $status >"$2"
	) &
}

modprobe vmbus_sim connect=0
echo "$echo_class $a monitor=0" >$sim/add_device
echo "$echo_class $b subchannels=2" >$sim/add_device
echo 1 >$sim/connected
check "the echo driver loads" modprobe hvlis_echo ring_pages=4
check "both devices bound" test -e $dbg/$a/run -a -e $dbg/$b/run
check "the sub-channels opened" wait_for sh -c "[ \$(wc -l <$dbg/$b/channels) -eq 3 ]"

run_bg $a /tmp/a.status
check "traffic flows" wait_for flowing $a
relid_of $a >$sim/rescind
check "the rescinded device goes away while traffic flows" wait_for test ! -e $devs/$a
check "the run in progress ended" wait_for test -s /tmp/a.status
check_fails "and said it failed" test "$(cat /tmp/a.status)" = 0
check "the guest released the relid" wait_for sh -c "! grep -q $a $sim/devices"

run_bg $b /tmp/b.status
check "traffic flows on all three channels" wait_for flowing $b
relid_of $b >$sim/rescind
check "a device with sub-channels goes away while all three carry traffic" wait_for test ! -e $devs/$b
check "its run ended" wait_for test -s /tmp/b.status
check "every relid of it was released" wait_for sh -c "! grep -q $b $sim/devices"

echo "$echo_class $c" >$sim/add_device
check "a new device binds" wait_for test -e $dbg/$c/run
check "and echoes" sh -c "echo 'packets=2000 max=8000 mode=mixed' >$dbg/$c/run"
is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "the driver unloads" rmmod hvlis_echo
check "the host disconnects" sh -c "echo 0 >$sim/connected"
