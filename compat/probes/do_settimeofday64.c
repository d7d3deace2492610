/*
 * API: do_settimeofday64(), setting the wall clock from a timespec64.
 * Changed: v3.17 ("time: Provide do_settimeofday64()"; it became the only
 * one in v4.x when do_settimeofday() was removed); before, a timespec.
 * Used by: compat/include/hvlis/compat-kernel.h (hv_utils time sync).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: do_settimeofday64
 */
#include <linux/ktime.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>

static int probe(const struct timespec64 *ts)
{
	return do_settimeofday64(ts);
}

int (*hvlis_probe)(const struct timespec64 *) = probe;
