# shellcheck shell=sh
# hv_timesync_daemon in the guest, fed by hv_utils over the "timesync"
# multicast group: with the daemon listening the kernel leaves the clock
# to it. A SYNC 3 s ahead is stepped by the daemon; a SAMPLE 2 s off
# (over the 500 ms step threshold) is stepped too; a SAMPLE 40 ms off is
# slewed, not stepped. --status shows what it did. Steps are measured as
# the change of CLOCK_REALTIME - CLOCK_BOOTTIME (sim's ic_clock).
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
ts_class=9527e630-d0ae-497b-adce-e80ab0175caf
ts=2dd1ce17-079e-403c-b352-a1921ee207ee
state=/tmp/ts.state
daemon=

# moved_ms: how far the clock moved since $before, in ms.
moved_ms() {
	echo $((($(cat $sim/ic_clock) - before) / 1000000))
}

# near WANT_MS TOLERANCE_MS: the clock moved by WANT_MS since $before.
near() {
	moved=$(moved_ms)
	[ $((moved - $1)) -le "$2" ] && [ $(($1 - moved)) -le "$2" ]
}

# samples: how many samples the daemon has handled (it saves its state
# after acting on each one); samples_above N: more than N.
samples() {
	hv_timesync_daemon --status --state-file $state | sed -n 's/^samples: *\([0-9]*\).*/\1/p'
}
samples_above() {
	[ "$(samples)" -gt "$1" ]
}

# moved_by FLAGS OFFSET_MS WANT_MS TOLERANCE_MS: one sample; the clock
# must move by WANT_MS. With the daemon running, judged once it has
# handled the sample; without, once the kernel's step shows (or 5 s).
moved_by() {
	seen=
	[ -n "$daemon" ] && seen=$(samples)
	before=$(cat $sim/ic_clock)
	echo "$1 $2" >$sim/ic_timesync || return 1
	if [ -n "$seen" ]; then
		wait_for samples_above "$seen"
	else
		wait_for near "$3" "$4"
	fi
	echo "moved by $(moved_ms) ms, want $3 +- $4"
	near "$3" "$4"
}

status_has() {
	hv_timesync_daemon --status --state-file $state | grep -q "$1"
}

modprobe vmbus_sim connect=0
echo "$ts_class $ts" >$sim/add_device
echo 1 >$sim/connected
check "hv_utils loads" modprobe hv_utils
check "the host's NEGOTIATE is answered" wait_for sh -c "grep -q '^timesync .*negotiations=1 ' $sim/ic_status"

hv_timesync_daemon -n -d --state-file $state 2>/tmp/ts.log &
daemon=$!
check "the daemon starts and reports its state" wait_for test -s $state

check "a SYNC 3 s ahead is stepped (by the daemon)" moved_by 1 3000 3000 50
check "the kernel left it to the daemon" sh -c "! dmesg | grep -q 'timesync: clock set to the host'"
check "a SAMPLE 2 s off, over the threshold, is stepped" moved_by 2 2000 2000 50
check "a SAMPLE 40 ms off is not stepped" moved_by 2 40 0 20
check "--status counts two steps and a slew" status_has "2 steps, 1 slews"
diag "$(hv_timesync_daemon --status --state-file $state | tr '\n' '|')"

kill "$daemon"
check "the daemon exits on SIGTERM" wait_for sh -c "! kill -0 $daemon 2>/dev/null"
daemon=
check "without the daemon, the kernel steps a SYNC again" moved_by 1 1000 1000 20
while IFS= read -r line; do diag "$line"; done </tmp/ts.log
is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "hv_utils unloads" rmmod hv_utils
