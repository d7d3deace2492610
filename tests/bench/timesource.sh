#!/bin/sh
# Benchmark: the cost of clock_gettime(CLOCK_MONOTONIC) from userspace
# with hv_timesource's clocksource current, beside the native TSC's in the
# same boot, as a ratio (hvlis-clock cost: the mean of 300000 calls,
# timed by the clock itself):
#   tsc            the kernel's TSC clocksource: the vDSO reads it in
#                  userspace, no system call
#   hvlis_tsc_page the reference TSC page (the sim's), read in the kernel:
#                  the vDSO has no mode for it, so every call is a system
#                  call, which is most of the ratio
#   page invalid   the same with the host marking the page invalid: each
#                  read goes to the reference counter through the host
#                  backend (the sim's is a function call; Hyper-V's is an
#                  MSR read, an exit to the host)
# TCG makes absolute times meaningless; read the ratios.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/guest.sh
. "$here/lib/guest.sh"

guest=$(cat <<'GUEST'
sim=/sys/kernel/debug/vmbus_sim
cs=/sys/devices/system/clocksource/clocksource0
modprobe hv_timesource
n=300000
for round in 1 2 3; do
	echo tsc >$cs/current_clocksource && echo "BENCH tsc $(hvlis-clock cost $n)"
	echo hvlis_tsc_page >$cs/current_clocksource && echo "BENCH page $(hvlis-clock cost $n)"
	echo 0 >$sim/tsc_page_valid
	echo "BENCH invalid $(hvlis-clock cost $n)"
	echo 1 >$sim/tsc_page_valid
done
GUEST
)

out=$(bench_guest timesource "$guest") || exit 1
echo "clock_gettime(CLOCK_MONOTONIC) cost, best of 3 rounds, ratio to the native TSC clocksource"
printf '%-16s %12s %8s\n' clocksource ns/read ratio
echo "$out" | awk '
/^BENCH/ {
	v = $4
	if (!($2 in best) || v < best[$2]) best[$2] = v
}
END {
	if (!("tsc" in best) || best["tsc"] <= 0) { print "failed: no tsc figure"; exit 1 }
	printf "%-16s %12.1f %8.2f\n", "tsc", best["tsc"], 1
	printf "%-16s %12.1f %8.2f\n", "hvlis_tsc_page", best["page"], best["page"] / best["tsc"]
	printf "%-16s %12.1f %8.2f\n", "page invalid", best["invalid"], best["invalid"] / best["tsc"]
}'
