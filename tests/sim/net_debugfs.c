// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/vmbus_sim/net/<instance>/: one directory per NIC.
 *
 *   link      0/1: cable out or in; the guest hears MEDIA_DISCONNECT or
 *             MEDIA_CONNECT (3.8) if RNDIS is up, and a NIC without link
 *             neither sends nor receives; reads back the state
 *   drop      N: lose the next N frames this NIC sends (reads what is left)
 *   corrupt   N: flip a byte of the next N frames delivered to this NIC
 *   mac_change  Y/N: whether the host takes the guest's MAC change
 *             (NetworkAddress, 3.8); refused with RNDIS_STATUS_FAILURE
 *   inject    one hostile message to the guest: bad_range (transfer
 *             range outside the receive buffer), rndis_len (RNDIS msg_len
 *             larger than its range), ppi_offset (PPI outside the
 *             message), unknown_type (an RNDIS type guests do not know),
 *             unknown_completion (a completion for a trans_id the guest
 *             never sent), indirection (a send indirection table with
 *             entries >= the channel count), bad_pageset
 *             (xfer_pageset_id other than 0xcafe); -ENODEV before the
 *             receive buffer, -EBUSY while one is still to go out
 *   counters  "name value" lines: tx_frames tx_bytes rx_frames rx_bytes
 *             dropped corrupted violations filtered (frames for the NIC
 *             its packet filter refused) queue_full no_slot (times every
 *             sub-allocation was out) tx_vlan rx_vlan (frames that
 *             carried an 802.1Q PPI from the guest, to it), then
 *             channel<i>_rx/_tx
 *   state     "name value" lines: nvsp_version ndis_version mtu (the
 *             guest's NDIS config less the 14-byte header; 1500 when it
 *             sent none or one out of range) packet_filter
 *             rss_enabled channels (open ones) mac link offloads
 *             (rx_csum4 rx_csum6 tx_csum lso as a bit mask 1 2 4 8)
 *             rndis (0 before INITIALIZE, 1 after, 2 halted)
 *             recv_sub_allocs sub_alloc_size free_sub_allocs
 *             send_sections max_subchannels granted_subchannels
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <hvlis/compat-debugfs.h>

#include "net.h"

static struct dentry *sim_net_debugfs_dir;

static int sim_net_link_get(void *data, u64 *val)
{
	struct sim_net_nic *nic = data;

	mutex_lock(&nic->lock);
	*val = nic->link_up;
	mutex_unlock(&nic->lock);
	return 0;
}

static int sim_net_link_set(void *data, u64 val)
{
	struct sim_net_nic *nic = data;
	bool changed;

	if (val > 1)
		return -EINVAL;
	mutex_lock(&nic->lock);
	changed = nic->link_up != !!val;
	nic->link_up = val;
	mutex_unlock(&nic->lock);
	/* Said again even if unchanged: a real switch port can flap. */
	sim_net_rndis_indicate(nic, val ? HVLIS_RNDIS_STATUS_MEDIA_CONNECT :
			       HVLIS_RNDIS_STATUS_MEDIA_DISCONNECT);
	if (changed)
		pr_info("vmbus_sim: net %pUl: link %s\n", &nic->instance_id,
			val ? "up" : "down");
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_net_link_fops, sim_net_link_get, sim_net_link_set,
			 "%llu\n");

static int sim_net_drop_get(void *data, u64 *val)
{
	struct sim_net_nic *nic = data;

	mutex_lock(&nic->lock);
	*val = nic->drop;
	mutex_unlock(&nic->lock);
	return 0;
}

static int sim_net_drop_set(void *data, u64 val)
{
	struct sim_net_nic *nic = data;

	if (val > U32_MAX)
		return -EINVAL;
	mutex_lock(&nic->lock);
	nic->drop = val;
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_net_drop_fops, sim_net_drop_get, sim_net_drop_set,
			 "%llu\n");

static int sim_net_corrupt_get(void *data, u64 *val)
{
	struct sim_net_nic *nic = data;

	mutex_lock(&nic->lock);
	*val = nic->corrupt;
	mutex_unlock(&nic->lock);
	return 0;
}

static int sim_net_corrupt_set(void *data, u64 val)
{
	struct sim_net_nic *nic = data;

	if (val > U32_MAX)
		return -EINVAL;
	mutex_lock(&nic->lock);
	nic->corrupt = val;
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_net_corrupt_fops, sim_net_corrupt_get,
			 sim_net_corrupt_set, "%llu\n");

static const char *const sim_net_inject_names[] = {
	[SIM_NET_INJECT_BAD_RANGE] = "bad_range",
	[SIM_NET_INJECT_RNDIS_LEN] = "rndis_len",
	[SIM_NET_INJECT_PPI_OFFSET] = "ppi_offset",
	[SIM_NET_INJECT_UNKNOWN_TYPE] = "unknown_type",
	[SIM_NET_INJECT_UNKNOWN_COMPLETION] = "unknown_completion",
	[SIM_NET_INJECT_INDIRECTION] = "indirection",
	[SIM_NET_INJECT_BAD_PAGESET] = "bad_pageset",
};

static ssize_t sim_net_inject_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct sim_net_nic *nic = file->private_data;
	char buf[32];
	unsigned int i;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	for (i = 1; i < ARRAY_SIZE(sim_net_inject_names); i++) {
		if (strcmp(strim(buf), sim_net_inject_names[i]))
			continue;
		ret = sim_net_inject_now(nic, i);
		return ret ? ret : count;
	}
	return -EINVAL;
}

static const struct file_operations sim_net_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_net_inject_write,
};

static int sim_net_counters_show(struct seq_file *m, void *unused)
{
	struct sim_net_nic *nic = m->private;
	struct sim_net_channel *nc;
	unsigned int i;

	seq_printf(m, "tx_frames %lld\n", atomic64_read(&nic->tx_frames));
	seq_printf(m, "tx_bytes %lld\n", atomic64_read(&nic->tx_bytes));
	seq_printf(m, "rx_frames %lld\n", atomic64_read(&nic->rx_frames));
	seq_printf(m, "rx_bytes %lld\n", atomic64_read(&nic->rx_bytes));
	seq_printf(m, "dropped %lld\n", atomic64_read(&nic->dropped));
	seq_printf(m, "corrupted %lld\n", atomic64_read(&nic->corrupted));
	seq_printf(m, "violations %lld\n", atomic64_read(&nic->violations));
	seq_printf(m, "filtered %lld\n", atomic64_read(&nic->filtered));
	seq_printf(m, "queue_full %lld\n", atomic64_read(&nic->queue_full));
	seq_printf(m, "no_slot %lld\n", atomic64_read(&nic->no_slot));
	seq_printf(m, "tx_vlan %lld\n", atomic64_read(&nic->tx_vlan));
	seq_printf(m, "rx_vlan %lld\n", atomic64_read(&nic->rx_vlan));
	mutex_lock(&nic->lock);
	for (i = 0; i < SIM_NET_CHANNELS; i++) {
		nc = nic->channels[i];
		if (!nc)
			continue;
		seq_printf(m, "channel%u_rx %lld\n", i, atomic64_read(&nc->rx_frames));
		seq_printf(m, "channel%u_tx %lld\n", i, atomic64_read(&nc->tx_frames));
	}
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_net_counters);

static int sim_net_state_show(struct seq_file *m, void *unused)
{
	struct sim_net_nic *nic = m->private;
	unsigned int i, channels = 0;

	mutex_lock(&nic->lock);
	for (i = 0; i < SIM_NET_CHANNELS; i++)
		if (nic->channels[i] && nic->channels[i]->channel->open)
			channels++;
	seq_printf(m, "nvsp_version %#x\n", nic->nvsp_version);
	seq_printf(m, "ndis_version %#x\n", nic->ndis_version);
	seq_printf(m, "mtu %u\n", nic->guest_mtu - ETH_HLEN);
	seq_printf(m, "packet_filter %#x\n", nic->filter);
	seq_printf(m, "rss_enabled %d\n", nic->rss_enabled);
	seq_printf(m, "channels %u\n", channels);
	seq_printf(m, "mac %pM\n", nic->mac);
	seq_printf(m, "link %d\n", nic->link_up);
	seq_printf(m, "offloads %#x\n", nic->rx_csum4 | nic->rx_csum6 << 1 |
		   nic->tx_csum << 2 | nic->lso << 3);
	seq_printf(m, "rndis %d\n", nic->halted ? 2 : nic->rndis_ready);
	seq_printf(m, "recv_sub_allocs %u\n", nic->sub_count);
	seq_printf(m, "sub_alloc_size %u\n", nic->sub_size);
	seq_printf(m, "free_sub_allocs %u\n", nic->sub_free);
	seq_printf(m, "send_sections %u\n", nic->sections);
	seq_printf(m, "max_subchannels %u\n", nic->max_subchannels);
	seq_printf(m, "granted_subchannels %u\n", nic->subchannels_granted);
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_net_state);

/* A new NIC's directory (sim_net_lock held); it stays until module exit. */
void sim_net_debugfs_add(struct sim_net_nic *nic)
{
	char name[UUID_STRING_LEN + 1];

	snprintf(name, sizeof(name), "%pUl", &nic->instance_id);
	nic->dir = debugfs_create_dir(name, sim_net_debugfs_dir);
	debugfs_create_file_unsafe("link", 0600, nic->dir, nic, &sim_net_link_fops);
	debugfs_create_file_unsafe("drop", 0600, nic->dir, nic, &sim_net_drop_fops);
	debugfs_create_file_unsafe("corrupt", 0600, nic->dir, nic,
				   &sim_net_corrupt_fops);
	debugfs_create_bool("mac_change", 0600, nic->dir, &nic->mac_change);
	debugfs_create_file("inject", 0200, nic->dir, nic, &sim_net_inject_fops);
	debugfs_create_file("counters", 0400, nic->dir, nic, &sim_net_counters_fops);
	debugfs_create_file("state", 0400, nic->dir, nic, &sim_net_state_fops);
}

void sim_net_debugfs_init(struct dentry *dir)
{
	sim_net_debugfs_dir = debugfs_create_dir("net", dir);
}
