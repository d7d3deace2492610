/*
 * API: ndo_select_queue(dev, skb, sb_dev), without a fallback function.
 * Changed: v5.2 removed the fallback argument; 4.19 to 5.1 (and RHEL 8's
 * 4.18) pass one, which a driver that picks the queue itself ignores.
 * Used by: compat/include/hvlis/compat-net.h (hv_netvsc's queue choice).
 */
#include <linux/netdevice.h>

static u16 select_queue(struct net_device *dev, struct sk_buff *skb,
			struct net_device *sb_dev)
{
	return 0;
}

const struct net_device_ops hvlis_probe = {
	.ndo_select_queue = select_queue,
};
