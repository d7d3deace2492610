# shellcheck shell=sh
# hv_timesource on the sim's reference TSC page: listed and selectable,
# CLOCK_MONOTONIC (the kernel's ktime, read from /proc/timer_list) never
# goes back across both CPUs while the host changes the scale (offset
# recomputed, as after a migration), invalidates and revalidates the page
# and jumps forward; it runs at the reference time's rate within 0.1 %;
# unloading while current switches back; with the kernel's Hyper-V
# clocksource there (faked), the module steps aside with one log line.
# Shell reads, a few ms apart: this checks ordering between reads, not
# within nanoseconds.
# timeout: 90
# smp: 2

sim=/sys/kernel/debug/vmbus_sim
cs=/sys/devices/system/clocksource/clocksource0

# monotonic ROUNDS: alternate CPUs; every read at least the one before.
# Counted in rounds, not seconds: the host's jumps move the clock.
monotonic() {
	last=0
	reads=0
	round=0
	while [ $round -lt "$1" ]; do
		round=$((round + 1))
		for cpu in 0 1; do
			now=$(taskset -c $cpu sed -n \
				's/^now at \([0-9]*\) nsecs$/\1/p;/^now at/q' /proc/timer_list)
			if [ "$now" -lt "$last" ]; then
				echo "# cpu $cpu read $now after $last"
				return 1
			fi
			last=$now
			reads=$((reads + 1))
		done
	done
	echo "# $reads reads"
}

# The host's games: scale +1 % and back, page invalid and valid, a jump.
host_games() {
	while :; do
		echo $((scale + scale / 100)) >$sim/tsc_scale
		echo 0 >$sim/tsc_page_valid
		sleep 0.05
		echo 1 >$sim/tsc_page_valid
		echo "$scale" >$sim/tsc_scale
		echo 10000 >$sim/tsc_jump
		sleep 0.05
	done
}

check "vmbus_sim loads" modprobe vmbus_sim
check "hv_timesource loads" modprobe hv_timesource
check "hvlis_tsc_page is listed" grep -qw hvlis_tsc_page $cs/available_clocksource
check "it becomes current" sh -c "echo hvlis_tsc_page >$cs/current_clocksource"
is "it is current" "$(cat $cs/current_clocksource)" hvlis_tsc_page

scale=$(cat $sim/tsc_scale)
host_games &
games=$!
# The debug kernel forks ten times slower: fewer rounds there.
rounds=1000
debug_kernel && rounds=100
check "CLOCK_MONOTONIC never goes back under the host's changes" monotonic $rounds
kill $games
wait $games 2>/dev/null
echo 1 >$sim/tsc_page_valid
echo "$scale" >$sim/tsc_scale
is "the page is valid again" "$(cat $sim/tsc_page_valid)" 1

# rate_ppm: CLOCK_MONOTONIC (this clocksource) against the host's
# reference time over 5 s, in parts per million; each sample reads both
# at one instant (the sim's clock_sample).
rate_ppm() {
	# shellcheck disable=SC2046 # two numbers, split on purpose
	set -- $(cat $sim/clock_sample)
	r0=$1 m0=$2
	sleep 5
	# shellcheck disable=SC2046 # two numbers, split on purpose
	set -- $(cat $sim/clock_sample)
	r1=$1 m1=$2
	dm=$(((m1 - m0) / 100))
	echo $((((dm - (r1 - r0)) * 1000000) / (r1 - r0)))
}
ppm=$(rate_ppm)
diag "rate off by $ppm ppm"
check "it runs at the reference time's rate within 0.1 %" \
	test "$ppm" -lt 1000 -a "$ppm" -gt -1000
check_fails "vmbus_sim, whose reference time it reads, cannot be unloaded" rmmod vmbus_sim

check "hv_timesource unloads while current" rmmod hv_timesource
check_fails "the kernel switched to another" grep -qx hvlis_tsc_page $cs/current_clocksource
check_fails "hvlis_tsc_page is gone" grep -qw hvlis_tsc_page $cs/available_clocksource

dmesg -c >/dev/null
check_fails "with the kernel's clocksource there, it does not load" \
	modprobe hv_timesource fake_kernel_clocksource=1
line="hv_timesource: the kernel.s Hyper-V clocksource is registered, stepping aside"
is "it says so once" "$(dmesg | grep -c "$line")" 1
check_fails "nothing was registered" grep -qw hvlis_tsc_page $cs/available_clocksource
check "vmbus_sim unloads" rmmod vmbus_sim
