/*
 * API: ethtool_sprintf(), one ETH_GSTRING_LEN name of a string set.
 * Changed: v5.13 ("ethtool: Add common function for filling out
 * strings"); before, drivers wrote each name and stepped the pointer.
 * Used by: compat/include/hvlis/compat-net.h (hv_netvsc's ethtool -S).
 */
#include <linux/ethtool.h>

static void probe(u8 **data)
{
	ethtool_sprintf(data, "rx_%u", 0U);
}

void (*hvlis_probe)(u8 **) = probe;
