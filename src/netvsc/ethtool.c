// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool: the driver and the NVSP version (-i), the link (speed from the
 * host, full duplex), the counters (-S): per queue, and per cause of
 * what did not go the usual way; the channels (-l/-L), the RSS key and
 * indirection table (-x/-X) and the buffers as rings (-g/-G).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ethtool.h>
#include <linux/rtnetlink.h>

#include "netvsc.h"

static void netvsc_get_drvinfo(struct net_device *net, struct ethtool_drvinfo *info)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, HVLIS_VERSION, sizeof(info->version));
	/* The instance GUID (36 characters) does not fit; upstream leaves it empty too. */
	snprintf(info->fw_version, sizeof(info->fw_version), "NVSP %u.%u",
		 ndev->nvsp_version == NVSP_PROTOCOL_VERSION_1 ? 1 :
		 ndev->nvsp_version == NVSP_PROTOCOL_VERSION_2 ? 2 : ndev->nvsp_version >> 16,
		 ndev->nvsp_version >= NVSP_PROTOCOL_VERSION_4 ? ndev->nvsp_version & 0xffff : 0);
}

static int netvsc_get_link_ksettings(struct net_device *net,
				     struct ethtool_link_ksettings *cmd)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	cmd->base.speed = netif_carrier_ok(net) ? ndev->link_speed : SPEED_UNKNOWN;
	cmd->base.duplex = netif_carrier_ok(net) ? DUPLEX_FULL : DUPLEX_UNKNOWN;
	cmd->base.port = PORT_OTHER;
	return 0;
}

struct netvsc_stat {
	char name[ETH_GSTRING_LEN];
	size_t offset;
};

#define NETVSC_STAT(name, field) { name, offsetof(struct netvsc_dev, field) }

/* Device-wide counters, each an atomic64_t of struct netvsc_dev. */
static const struct netvsc_stat netvsc_stats[] = {
	NETVSC_STAT("tx_ring_busy", tx.ring_busy),
	NETVSC_STAT("tx_send_buffer_full", tx.no_section),
	NETVSC_STAT("tx_page_buffers", tx.gpa_direct),
	NETVSC_STAT("tx_batched", tx.batched),
	NETVSC_STAT("tx_dropped", tx.dropped),
	NETVSC_STAT("rx_no_memory", rx.no_memory),
	NETVSC_STAT("rx_csum_validated", rx.csum_validated),
	NETVSC_STAT("rx_vlan", rx.vlan),
	NETVSC_STAT("bad_host_packets", bad_packets),
};

/* Per queue: packets and bytes each way. */
#define NETVSC_QUEUE_STATS	4

static int netvsc_get_sset_count(struct net_device *net, int sset)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(netvsc_stats) + ndev->nr_chans * NETVSC_QUEUE_STATS;
}

static void netvsc_get_strings(struct net_device *net, u32 sset, u8 *data)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(netvsc_stats); i++) {
		strscpy_pad(data, netvsc_stats[i].name, ETH_GSTRING_LEN);
		data += ETH_GSTRING_LEN;
	}
	for (i = 0; i < ndev->nr_chans; i++) {
		ethtool_sprintf(&data, "tx_queue_%u_packets", i);
		ethtool_sprintf(&data, "tx_queue_%u_bytes", i);
		ethtool_sprintf(&data, "rx_queue_%u_packets", i);
		ethtool_sprintf(&data, "rx_queue_%u_bytes", i);
	}
}

static void netvsc_read_queue(struct netvsc_queue_stats *qs, u64 **data)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&qs->syncp);
		(*data)[0] = u64_stats_read(&qs->packets);
		(*data)[1] = u64_stats_read(&qs->bytes);
	} while (u64_stats_fetch_retry(&qs->syncp, start));
	*data += 2;
}

static void netvsc_get_ethtool_stats(struct net_device *net,
				     struct ethtool_stats *stats, u64 *data)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(netvsc_stats); i++)
		*data++ = atomic64_read((atomic64_t *)((u8 *)ndev + netvsc_stats[i].offset));
	for (i = 0; i < ndev->nr_chans; i++) {
		netvsc_read_queue(&ndev->chans[i].tx_stats, &data);
		netvsc_read_queue(&ndev->chans[i].rx_stats, &data);
	}
}

static void netvsc_get_channels(struct net_device *net, struct ethtool_channels *ch)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	ch->max_combined = ndev->host_queues;
	ch->combined_count = ndev->nr_chans;
}

/* Only the handshake sets the channel count: re-initialise (as upstream). */
static int netvsc_set_channels(struct net_device *net, struct ethtool_channels *ch)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	struct netvsc_config cfg;

	if (ch->rx_count || ch->tx_count || ch->other_count || !ch->combined_count ||
	    ch->combined_count > ndev->host_queues)
		return -EINVAL;
	if (!ndev->attached)
		return -ENODEV;
	if (ch->combined_count == ndev->nr_chans)
		return 0;
	netvsc_config_get(ndev, &cfg);
	cfg.chans = ch->combined_count;
	return netvsc_reconfigure(ndev, &cfg);
}

static int netvsc_get_rxnfc(struct net_device *net, struct ethtool_rxnfc *info,
			    u32 *rules)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	if (info->cmd != ETHTOOL_GRXRINGS)
		return -EOPNOTSUPP;
	info->data = ndev->nr_chans;
	return 0;
}

static u32 netvsc_get_rxfh_key_size(struct net_device *net)
{
	return NDIS_RSS_HASH_SECRET_KEY_SIZE;
}

static u32 netvsc_get_rxfh_indir_size(struct net_device *net)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	return ndev->rss_entries;
}

static void netvsc_rxfh_read(struct netvsc_dev *ndev, u32 *indir, u8 *key, u8 *hfunc)
{
	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	if (indir)
		memcpy(indir, ndev->rss_table, ndev->rss_entries * sizeof(*indir));
	if (key)
		memcpy(key, ndev->rss_key, sizeof(ndev->rss_key));
}

/* 3.6: a new key or table reaches the host only in the RSS parameters. */
static int netvsc_rxfh_write(struct netvsc_dev *ndev, const u32 *indir,
			     const u8 *key, u8 hfunc)
{
	u32 old_table[NDIS_RSS_INDIRECTION_TABLE_MAX];
	u8 old_key[NDIS_RSS_HASH_SECRET_KEY_SIZE];
	unsigned int i;
	int ret;

	ASSERT_RTNL();
	if (hfunc != ETH_RSS_HASH_NO_CHANGE && hfunc != ETH_RSS_HASH_TOP)
		return -EOPNOTSUPP;
	if (!ndev->attached)
		return -ENODEV;
	/* One channel has nothing to spread: no RSS parameters are sent then. */
	if (ndev->nr_chans < 2)
		return -EOPNOTSUPP;
	if (indir)
		for (i = 0; i < ndev->rss_entries; i++)
			if (indir[i] >= ndev->nr_chans)
				return -EINVAL;
	memcpy(old_table, ndev->rss_table, sizeof(old_table));
	memcpy(old_key, ndev->rss_key, sizeof(old_key));
	if (indir)
		memcpy(ndev->rss_table, indir, ndev->rss_entries * sizeof(*indir));
	if (key)
		memcpy(ndev->rss_key, key, sizeof(ndev->rss_key));
	/* The table as given, not the default, whatever the core's flag says yet. */
	ret = netvsc_rss_set(ndev, ndev->nr_chans, indir || netif_is_rxfh_configured(ndev->net));
	if (ret) {
		memcpy(ndev->rss_table, old_table, sizeof(old_table));
		memcpy(ndev->rss_key, old_key, sizeof(old_key));
	}
	return ret;
}

#ifdef HAVE_ETHTOOL_RXFH_PARAM
static int netvsc_get_rxfh(struct net_device *net, struct ethtool_rxfh_param *rxfh)
{
	netvsc_rxfh_read(netdev_priv(net), rxfh->indir, rxfh->key, &rxfh->hfunc);
	return 0;
}

static int netvsc_set_rxfh(struct net_device *net, struct ethtool_rxfh_param *rxfh,
			   struct netlink_ext_ack *extack)
{
	return netvsc_rxfh_write(netdev_priv(net), rxfh->indir, rxfh->key, rxfh->hfunc);
}
#else
static int netvsc_get_rxfh(struct net_device *net, u32 *indir, u8 *key, u8 *hfunc)
{
	netvsc_rxfh_read(netdev_priv(net), indir, key, hfunc);
	return 0;
}

static int netvsc_set_rxfh(struct net_device *net, const u32 *indir, const u8 *key,
			   const u8 hfunc)
{
	return netvsc_rxfh_write(netdev_priv(net), indir, key, hfunc);
}
#endif

/*
 * The receive and send buffers as rings of ETH_DATA_LEN frames, as
 * upstream shows them; a new size is rounded up to whole pages.
 */
static void netvsc_ring_read(struct netvsc_dev *ndev, struct ethtool_ringparam *ring)
{
	u32 recv_max = NETVSC_RECV_BUF_MAX;

	/* 2.4: NVSP 2 and older hosts take at most 15 MiB. */
	if (ndev->nvsp_version <= NVSP_PROTOCOL_VERSION_2)
		recv_max = NETVSC_SEND_BUF_MAX;
	ring->rx_max_pending = recv_max / ETH_DATA_LEN;
	ring->tx_max_pending = NETVSC_SEND_BUF_MAX / ETH_DATA_LEN;
	ring->rx_pending = ndev->recv_buf_want / ETH_DATA_LEN;
	ring->tx_pending = ndev->send_buf_want / ETH_DATA_LEN;
}

static int netvsc_ring_write(struct netvsc_dev *ndev, const struct ethtool_ringparam *ring)
{
	struct ethtool_ringparam max = {};
	struct netvsc_config cfg;

	netvsc_ring_read(ndev, &max);
	if (ring->rx_mini_pending || ring->rx_jumbo_pending ||
	    ring->rx_pending > max.rx_max_pending || ring->tx_pending > max.tx_max_pending ||
	    ring->rx_pending < NETVSC_BUF_MIN / ETH_DATA_LEN ||
	    ring->tx_pending < NETVSC_BUF_MIN / ETH_DATA_LEN)
		return -EINVAL;
	netvsc_config_get(ndev, &cfg);
	cfg.recv_buf_size = round_up(ring->rx_pending * ETH_DATA_LEN, VMBUS_PAGE_SIZE);
	cfg.send_buf_size = round_up(ring->tx_pending * ETH_DATA_LEN, VMBUS_PAGE_SIZE);
	if (cfg.recv_buf_size == ndev->recv_buf_want && cfg.send_buf_size == ndev->send_buf_want)
		return 0;
	if (!ndev->attached)
		return -ENODEV;
	return netvsc_reconfigure(ndev, &cfg);
}

#ifdef HAVE_ETHTOOL_RINGPARAM_KERNEL
static void netvsc_get_ringparam(struct net_device *net, struct ethtool_ringparam *ring,
				 struct kernel_ethtool_ringparam *kring,
				 struct netlink_ext_ack *extack)
{
	netvsc_ring_read(netdev_priv(net), ring);
}

static int netvsc_set_ringparam(struct net_device *net, struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	return netvsc_ring_write(netdev_priv(net), ring);
}
#else
static void netvsc_get_ringparam(struct net_device *net, struct ethtool_ringparam *ring)
{
	netvsc_ring_read(netdev_priv(net), ring);
}

static int netvsc_set_ringparam(struct net_device *net, struct ethtool_ringparam *ring)
{
	return netvsc_ring_write(netdev_priv(net), ring);
}
#endif

const struct ethtool_ops netvsc_ethtool_ops = {
	.get_drvinfo = netvsc_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = netvsc_get_link_ksettings,
	.get_sset_count = netvsc_get_sset_count,
	.get_strings = netvsc_get_strings,
	.get_ethtool_stats = netvsc_get_ethtool_stats,
	.get_channels = netvsc_get_channels,
	.set_channels = netvsc_set_channels,
	.get_rxnfc = netvsc_get_rxnfc,
	.get_rxfh_key_size = netvsc_get_rxfh_key_size,
	.get_rxfh_indir_size = netvsc_get_rxfh_indir_size,
	.get_rxfh = netvsc_get_rxfh,
	.set_rxfh = netvsc_set_rxfh,
	.get_ringparam = netvsc_get_ringparam,
	.set_ringparam = netvsc_set_ringparam,
};
