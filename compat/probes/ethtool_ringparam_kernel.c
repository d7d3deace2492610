/*
 * API: ethtool_ops get_ringparam/set_ringparam with the kernel ring
 * parameters and an extack.
 * Changed: v5.17 ("ethtool: add support to set/get tx copybreak buf size
 * via ethtool"); before, only struct ethtool_ringparam.
 * Used by: src/netvsc/ethtool.c (ethtool -g/-G).
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

static void get(struct net_device *dev, struct ethtool_ringparam *ring,
		struct kernel_ethtool_ringparam *kring,
		struct netlink_ext_ack *extack)
{
}

static int set(struct net_device *dev, struct ethtool_ringparam *ring,
	       struct kernel_ethtool_ringparam *kring,
	       struct netlink_ext_ack *extack)
{
	return 0;
}

const struct ethtool_ops hvlis_probe_ops = {
	.get_ringparam = get,
	.set_ringparam = set,
};
