/*
 * API: u64_stats_t and its accessors u64_stats_read(), u64_stats_add()
 * and u64_stats_inc(), counters read under a u64_stats_sync.
 * Changed: v5.5 (u64_stats: "provide u64_stats_t type"); before that the
 * counters were plain u64 fields under the same u64_stats_sync.
 * Used by: compat/include/hvlis/compat-net.h (hv_netvsc's queue counters).
 */
#include <linux/u64_stats_sync.h>

static u64 probe(u64_stats_t *p)
{
	u64_stats_inc(p);
	u64_stats_add(p, 2);
	return u64_stats_read(p);
}

u64 (*hvlis_probe)(u64_stats_t *) = probe;
