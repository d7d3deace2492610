// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool: the driver and the NVSP version (-i), the link (speed from the
 * host, full duplex), and the counters (-S): per queue, and per cause of
 * what did not go the usual way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ethtool.h>

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

const struct ethtool_ops netvsc_ethtool_ops = {
	.get_drvinfo = netvsc_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = netvsc_get_link_ksettings,
	.get_sset_count = netvsc_get_sset_count,
	.get_strings = netvsc_get_strings,
	.get_ethtool_stats = netvsc_get_ethtool_stats,
};
