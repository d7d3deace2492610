/*
 * API: netif_napi_add(dev, napi, poll) without a weight argument.
 * Changed: v6.1 ("net: drop the weight argument from netif_napi_add"),
 * which made the weight the default NAPI_POLL_WEIGHT; before, every
 * caller passed one.
 * Used by: compat/include/hvlis/compat-net.h (hv_netvsc's NAPI).
 */
#include <linux/netdevice.h>

static int poll(struct napi_struct *napi, int budget)
{
	return 0;
}

static void probe(struct net_device *dev, struct napi_struct *napi)
{
	netif_napi_add(dev, napi, poll);
}

void (*hvlis_probe)(struct net_device *, struct napi_struct *) = probe;
