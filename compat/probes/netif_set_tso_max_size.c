/*
 * API: netif_set_tso_max_size(), the largest TSO frame a device takes,
 * and GSO_LEGACY_MAX_SIZE. Changed: v5.19 (BIG TCP: "net: add
 * netif_set_tso_max_size()" split the device's limit from the stack's);
 * before that netif_set_gso_max_size() set the one limit, at most
 * GSO_MAX_SIZE (64 KiB).
 * Used by: compat/include/hvlis/compat-net.h (hv_netvsc's LSO limit).
 */
#include <linux/netdevice.h>

static void probe(struct net_device *dev)
{
	netif_set_tso_max_size(dev, GSO_LEGACY_MAX_SIZE);
}

void (*hvlis_probe)(struct net_device *) = probe;
