/*
 * API: ktime_get_boottime_ns(), CLOCK_BOOTTIME in nanoseconds.
 * Changed: v5.3 (timekeeping: "Consolidate the name of the time
 * accessors" renamed ktime_get_boot_ns() to it).
 * Used by: compat/include/hvlis/compat-kernel.h (the sim's reference
 * time, tests/sim/core.c, ic.c and tsc_page.c).
 */
#include <linux/ktime.h>
#include <linux/timekeeping.h>

static u64 probe(void)
{
	return ktime_get_boottime_ns();
}

u64 (*hvlis_probe)(void) = probe;
