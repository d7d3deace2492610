/*
 * API: eth_hw_addr_set(), setting an Ethernet device's address.
 * Changed: v5.15 (net: "add a helpers for setting netdev->dev_addr",
 * as dev_addr became const); before that drivers copied into dev_addr.
 * Used by: compat/include/hvlis/compat-net.h (hv_netvsc's MAC).
 */
#include <linux/etherdevice.h>

static void probe(struct net_device *dev, const u8 *addr)
{
	eth_hw_addr_set(dev, addr);
}

void (*hvlis_probe)(struct net_device *, const u8 *) = probe;
