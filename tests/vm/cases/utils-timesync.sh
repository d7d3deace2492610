# shellcheck shell=sh
# hv_utils' time sync without hv_timesync_daemon: nobody listens on the
# "timesync" group, so the kernel applies SYNC itself. The simulated host
# sends samples whose parenttime is the guest's own time plus an offset;
# a SYNC 5 s ahead steps the guest clock by 5 s (within 10 ms: with
# version 4.0 the host's reference time makes it exact), SAMPLE and PROBE
# messages of any offset leave it alone, and with version 3.0 (no
# reference time) a SYNC steps it too. The step is measured as the change
# of CLOCK_REALTIME - CLOCK_BOOTTIME (ic_clock), which nothing else moves.
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
ts_class=9527e630-d0ae-497b-adce-e80ab0175caf
ts=2dd1ce17-079e-403c-b352-a1921ee207ee

status() {
	sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" $sim/ic_status
}

# moved_ms: how far the clock moved since $before, in ms.
moved_ms() {
	echo $((($(cat $sim/ic_clock) - before) / 1000000))
}

# near WANT_MS TOLERANCE_MS: the clock moved by WANT_MS since $before.
near() {
	moved=$(moved_ms)
	[ $((moved - $1)) -le "$2" ] && [ $(($1 - moved)) -le "$2" ]
}

# stepped_by FLAGS OFFSET_MS WANT_MS TOLERANCE_MS: send one sample, then
# check the clock moved by WANT_MS.
stepped_by() {
	before=$(cat $sim/ic_clock)
	echo "$1 $2" >$sim/ic_timesync || return 1
	[ "$(cat $sim/ic_timesync)" = 0x00000000 ] || { echo "status $(cat $sim/ic_timesync)"; return 1; }
	if [ "$3" -ne 0 ]; then
		# A step: judged as soon as it shows (or after 5 s).
		wait_for near "$3" "$4"
	else
		# No step: give a wrong one the time it would take to show.
		sleep 0.5
	fi
	echo "moved by $(moved_ms) ms, want $3 +- $4"
	near "$3" "$4"
}

modprobe vmbus_sim connect=0
echo "$ts_class $ts" >$sim/add_device
echo 1 >$sim/connected
check "hv_utils loads" modprobe hv_utils
check "it binds the time sync device" test -e /sys/bus/vmbus/drivers/hv_utils/$ts
check "the host's NEGOTIATE is answered" wait_for sh -c "grep -q '^timesync .*negotiations=1 ' $sim/ic_status"
is "time sync version 4.0 chosen" "$(status timesync srv)" 4.0

check "a SYNC 5 s ahead steps the clock by 5 s" stepped_by 1 5000 5000 10
check "the step is logged" sh -c "dmesg | grep -q 'timesync: clock set to the host'"
check "a SYNC 3 s behind steps it back" stepped_by 1 -3000 -3000 10
check "a SAMPLE 2 s off does not step it" stepped_by 2 2000 0 10
check "a SAMPLE 40 ms off does not step it" stepped_by 2 40 0 10
check "a PROBE 2 s off does not step it" stepped_by 0 2000 0 10
check "a SYNC with no offset leaves it where it is" stepped_by 1 0 0 10

# An older host: 3.0 samples carry no reference time.
echo "timesync 1.0,3.0 1.0,3.0" >$sim/ic_offer
check "negotiating again with 3.0 offered" sh -c "echo timesync >$sim/ic_negotiate"
is "time sync version 3.0 chosen" "$(status timesync srv)" 3.0
check "a 3.0 SYNC 5 s ahead steps the clock (within the delivery time)" stepped_by 1 5000 5000 250
check "a 3.0 SAMPLE does not step it" stepped_by 2 2000 0 10

is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "hv_utils unloads" rmmod hv_utils
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
