# shellcheck shell=sh
# hv_timesource on the sim's reference TSC page: listed and selectable;
# CLOCK_MONOTONIC never goes back across both CPUs over 10 s of tight
# reads (hvlis-clock, a thread pinned to each CPU) while the host changes
# the scale (offset recomputed, as after a migration), invalidates and
# revalidates the page and jumps forward; it runs at the native TSC's rate
# within 0.1 % over 5 s; unloading while current switches back; with the
# kernel's Hyper-V clocksource there (faked), the module steps aside with
# one log line. Reads come from the page while it is valid and from the
# reference counter while it is not. In the synic variant the page is
# the one hv_vmbus's Hyper-V backend named in the REFERENCE_TSC MSR.
# timeout: 120
# smp: 2
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
cs=/sys/devices/system/clocksource/clocksource0

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

# tsc_per_us: the current clocksource's rate in TSC ticks per us, over 5 s.
tsc_per_us() {
	hvlis-clock rate 5 | sed -n 's/^tsc_per_us //p'
}

# within_ppm A B PPM: A and B (decimals) differ by less than PPM parts per
# million of B.
within_ppm() {
	awk -v a="$1" -v b="$2" -v ppm="$3" 'BEGIN {
		d = (a - b) * 1000000 / b; if (d < 0) d = -d; exit !(b > 0 && d < ppm) }'
}

check "vmbus_sim loads" modprobe vmbus_sim
check "hv_timesource loads" modprobe hv_timesource
check "hvlis_tsc_page is listed" grep -qw hvlis_tsc_page $cs/available_clocksource
native=
if grep -qw tsc $cs/available_clocksource; then
	echo tsc >$cs/current_clocksource
	native=$(tsc_per_us)
	diag "the native TSC clocksource: $native ticks/us"
fi
check "it becomes current" sh -c "echo hvlis_tsc_page >$cs/current_clocksource"
is "it is current" "$(cat $cs/current_clocksource)" hvlis_tsc_page
if [ -n "$native" ]; then
	ours=$(tsc_per_us)
	diag "hvlis_tsc_page: $ours ticks/us"
	check "it runs at the native TSC's rate within 0.1 %" within_ppm "$ours" "$native" 1000
else
	skip "it runs at the native TSC's rate within 0.1 %" \
		"the kernel has no TSC clocksource to compare with"
fi

# counter_reads_during CMD...: the guest's reads of the reference counter
# while CMD runs.
counter_reads_during() {
	before=$(cat $sim/counter_reads)
	"$@" >/dev/null
	echo $(($(cat $sim/counter_reads) - before))
}

if grep -q vmbus_sim.platform=hyperv /proc/cmdline; then
	msr=$(cat $sim/tsc_msr)
	diag "REFERENCE_TSC $msr"
	check "the Hyper-V backend enabled the reference TSC page" \
		test $((msr & 1)) -eq 1
fi
reads=$(counter_reads_during hvlis-clock cost 20000)
diag "20000 clock reads on a valid page read the counter $reads times"
check "a valid page is read, not the counter" test "$reads" -lt 100
echo 0 >$sim/tsc_page_valid
reads=$(counter_reads_during hvlis-clock cost 20000)
echo 1 >$sim/tsc_page_valid
diag "20000 clock reads on an invalid page read the counter $reads times"
check "an invalid page sends every read to the counter" test "$reads" -ge 20000

scale=$(cat $sim/tsc_scale)
host_games &
games=$!
out=$(hvlis-clock monotonic 10)
diag "$out"
check "CLOCK_MONOTONIC never goes back on either CPU under the host's changes" \
	test "${out#* backwards 0 }" != "$out"
kill $games
wait $games 2>/dev/null
echo 1 >$sim/tsc_page_valid
echo "$scale" >$sim/tsc_scale
is "the page is valid again" "$(cat $sim/tsc_page_valid)" 1

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
