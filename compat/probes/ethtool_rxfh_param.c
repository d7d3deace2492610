/*
 * API: ethtool_ops get_rxfh/set_rxfh taking struct ethtool_rxfh_param.
 * Changed: v6.8 ("net: ethtool: pass a pointer to parameters to
 * get/set_rxfh ethtool ops"); before, the table, key and hash function
 * were separate arguments.
 * Used by: src/netvsc/ethtool.c (ethtool -x/-X).
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

static int get(struct net_device *dev, struct ethtool_rxfh_param *rxfh)
{
	return rxfh->hfunc;
}

static int set(struct net_device *dev, struct ethtool_rxfh_param *rxfh,
	       struct netlink_ext_ack *extack)
{
	return rxfh->indir_size;
}

const struct ethtool_ops hvlis_probe_ops = {
	.get_rxfh = get,
	.set_rxfh = set,
};
