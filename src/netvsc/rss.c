// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multi-queue (protocol-devices.md 2.7 and 3.6): after the RNDIS
 * initialisation the guest learns how many receive queues the host has,
 * asks for sub-channels with NVSP SUBCHANNEL, opens each one the host
 * offers (from the vmbus offer work, under the device lock), and once
 * all are open sets the RSS parameters and grows the netdev's queues,
 * under the RTNL. A host without RSS, or one that grants nothing, leaves
 * the NIC on its primary channel alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "netvsc.h"

unsigned int netvsc_max_queues = NETVSC_MAX_CHANNELS;
module_param_named(max_queues, netvsc_max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues,
		 "channels (queues) of each NIC by default, at most the online CPUs and what the host has (default 8)");

/* 3.6: what the guest hashes received frames by. */
#define NETVSC_RSS_HASH		(NDIS_HASH_FUNC_TOEPLITZ | NDIS_HASH_IPV4 | \
				 NDIS_HASH_TCP_IPV4 | NDIS_HASH_IPV6 | NDIS_HASH_TCP_IPV6)

static void netvsc_subchan_work(struct work_struct *work);

void netvsc_rss_init_dev(struct netvsc_dev *ndev)
{
	mutex_init(&ndev->chan_lock);
	init_completion(&ndev->subchans_done);
	INIT_WORK(&ndev->subchan_work, netvsc_subchan_work);
	netdev_rss_key_fill(ndev->rss_key, sizeof(ndev->rss_key));
	ndev->host_queues = 1;
	ndev->rss_entries = NDIS_RSS_INDIRECTION_TABLE_DEFAULT;
}

/* All the sub-channels the host granted are open: finish from the RTNL. */
static void netvsc_subchans_check(struct netvsc_dev *ndev)
{
	lockdep_assert_held(&ndev->chan_lock);
	if (ndev->subchans_pending || ndev->subchans_open != ndev->subchans_granted)
		return;
	complete_all(&ndev->subchans_done);
	if (ndev->subchans_granted)
		schedule_work(&ndev->subchan_work);
}

/* 3.6: how many receive queues the host has, 1 when it has no RSS. */
static unsigned int netvsc_query_queues(struct netvsc_dev *ndev)
{
	struct ndis_recv_scale_cap caps = {
		.hdr.type = NDIS_OBJECT_TYPE_RSS_CAPABILITIES,
		.hdr.revision = NDIS_RSS_CAPS_REVISION_2,
		.hdr.size = cpu_to_le16(NDIS_RSS_CAPS_SIZE_REVISION_2),
	};
	u32 len = sizeof(caps), queues, entries;
	int ret;

	ret = netvsc_query(ndev, HVLIS_OID_GEN_RECEIVE_SCALE_CAPABILITIES, &caps,
			   sizeof(caps), &caps, &len);
	if (ret || len < sizeof(caps) ||
	    caps.hdr.type != NDIS_OBJECT_TYPE_RSS_CAPABILITIES) {
		dev_info(ndev_dev(ndev), "the host has no receive-side scaling (error %d, %u bytes); one queue\n",
			 ret, len);
		return 1;
	}
	queues = le32_to_cpu(caps.num_recv_que);
	entries = le16_to_cpu(caps.num_indirect_tabent);
	/* 2.7: a table size out of 1..256 means the default. */
	ndev->rss_entries = entries && entries <= NDIS_RSS_INDIRECTION_TABLE_MAX ?
			    entries : NDIS_RSS_INDIRECTION_TABLE_DEFAULT;
	return clamp_t(u32, queues, 1, NETVSC_MAX_CHANNELS);
}

/*
 * 2.7 steps 1-3, after the RNDIS initialisation: ask for the sub-channels
 * this NIC should have. Their offers arrive later (netvsc_subchan_new());
 * a host that refuses leaves one channel, which is no error.
 */
int netvsc_subchans_request(struct netvsc_dev *ndev)
{
	struct nvsp_message msg = {};
	u32 want, granted, status;
	int ret;

	reinit_completion(&ndev->subchans_done);
	ndev->host_queues = 1;
	if (ndev->nvsp_version >= NVSP_PROTOCOL_VERSION_5)
		ndev->host_queues = netvsc_query_queues(ndev);
	want = ndev->want_chans;
	if (!want)
		want = min3(num_online_cpus(), netvsc_max_queues, ndev->host_queues);
	want = min(want, ndev->host_queues);
	if (want < 2) {
		complete_all(&ndev->subchans_done);
		return 0;
	}

	/* Offers may come before the answer: take any index up to the request. */
	mutex_lock(&ndev->chan_lock);
	ndev->subchans_granted = want - 1;
	ndev->subchans_pending = true;
	mutex_unlock(&ndev->chan_lock);

	msg.hdr.msg_type = cpu_to_le32(NVSP_MSG5_TYPE_SUBCHANNEL);
	msg.subchannel_req.op = cpu_to_le32(NVSP_SUBCHANNEL_OP_ALLOCATE);
	msg.subchannel_req.num_subchannels = cpu_to_le32(want - 1);
	ret = netvsc_nvsp_exec(ndev, &msg, sizeof(msg), NVSP_MSG5_TYPE_SUBCHANNEL);
	status = le32_to_cpu(msg.subchannel_comp.status);
	granted = le32_to_cpu(msg.subchannel_comp.num_subchannels);
	if (!ret && (status != NVSP_STAT_SUCCESS || granted > want - 1)) {
		dev_warn(ndev_dev(ndev), "the host answered a request for %u sub-channels with status %u and %u of them; one queue\n",
			 want - 1, status, granted);
		granted = 0;
	}

	mutex_lock(&ndev->chan_lock);
	ndev->subchans_pending = false;
	ndev->subchans_granted = ret ? 0 : granted;
	/* Any opened past what was granted is closed with the rest on detach. */
	if (ndev->subchans_open > ndev->subchans_granted)
		ndev->subchans_granted = 0;
	netvsc_subchans_check(ndev);
	mutex_unlock(&ndev->chan_lock);
	return ret;
}

/* The vmbus offer work, under the primary's device lock (vmbus.h). */
void netvsc_subchan_new(struct hvlis_channel *sub)
{
	struct vmbus_device *vdev = hvlis_channel_device(sub);
	struct netvsc_dev *ndev = dev_get_drvdata(&vdev->dev);
	u16 index = hvlis_channel_subchannel_index(sub);
	int ret;

	device_lock_assert(&vdev->dev);
	/* A late offer for a NIC whose probe failed or that went. */
	if (!ndev)
		return;
	mutex_lock(&ndev->chan_lock);
	if (!index || index > ndev->subchans_granted || index >= NETVSC_MAX_CHANNELS ||
	    ndev->chans[index].channel || hvlis_channel_rescinded(sub)) {
		dev_warn(ndev_dev(ndev), "ignoring sub-channel %u: %u were asked for\n",
			 index, ndev->subchans_granted);
		goto out;
	}
	ret = netvsc_chan_open(&ndev->chans[index], sub);
	if (ret) {
		dev_warn(ndev_dev(ndev), "could not open sub-channel %u (error %d)\n",
			 index, ret);
		goto out;
	}
	ndev->subchans_open++;
	netvsc_subchans_check(ndev);
out:
	mutex_unlock(&ndev->chan_lock);
}

/* The netdev's queues: one per open channel. */
static void netvsc_set_queues(struct netvsc_dev *ndev, unsigned int n)
{
	WRITE_ONCE(ndev->nr_chans, n);
	netif_set_real_num_tx_queues(ndev->net, n);
	netif_set_real_num_rx_queues(ndev->net, n);
}

/*
 * The host took a sub-channel back while in use: its queue goes, and
 * the NIC carries on with the channels before it.
 */
void netvsc_subchan_rescinded(struct hvlis_channel *sub)
{
	struct netvsc_dev *ndev = dev_get_drvdata(&hvlis_channel_device(sub)->dev);
	struct netvsc_chan *chan;

	device_lock_assert(&hvlis_channel_device(sub)->dev);
	if (!ndev)
		return;
	rtnl_lock();
	mutex_lock(&ndev->chan_lock);
	chan = hvlis_channel_get_drvdata(sub);
	if (chan) {
		netif_tx_disable(ndev->net);
		if (chan->index < ndev->nr_chans)
			netvsc_set_queues(ndev, chan->index);
		synchronize_net();
		netvsc_chan_close(chan);
		ndev->subchans_open--;
		if (netif_running(ndev->net))
			netif_tx_wake_all_queues(ndev->net);
		dev_warn(ndev_dev(ndev), "the host took sub-channel %u back; %u channel%s left\n",
			 chan->index, ndev->nr_chans, ndev->nr_chans == 1 ? "" : "s");
	}
	mutex_unlock(&ndev->chan_lock);
	rtnl_unlock();
}

/* Before the primary closes (2.4): every sub-channel, and one queue again. */
void netvsc_subchans_close(struct netvsc_dev *ndev)
{
	unsigned int i;

	mutex_lock(&ndev->chan_lock);
	ndev->subchans_granted = 0;
	ndev->subchans_pending = false;
	for (i = 1; i < NETVSC_MAX_CHANNELS; i++)
		netvsc_chan_close(&ndev->chans[i]);
	ndev->subchans_open = 0;
	mutex_unlock(&ndev->chan_lock);
	netvsc_set_queues(ndev, 1);
}

/*
 * 3.6: the RSS parameters for @nr_chans queues: the key and the table,
 * the default spread or, if @keep, the one ethtool -X set if it fits.
 */
int netvsc_rss_set(struct netvsc_dev *ndev, unsigned int nr_chans, bool keep)
{
	u32 tab_bytes = ndev->rss_entries * sizeof(__le32);
	struct ndis_recv_scale_param *p;
	u32 len = sizeof(*p) + tab_bytes + NDIS_RSS_HASH_SECRET_KEY_SIZE;
	__le32 *table;
	unsigned int i;
	int ret;

	for (i = 0; i < ndev->rss_entries; i++)
		if (ndev->rss_table[i] >= nr_chans)
			keep = false;
	p = kzalloc(len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->hdr.type = NDIS_OBJECT_TYPE_RSS_PARAMETERS;
	p->hdr.revision = NDIS_RSS_PARAMS_REVISION_2;
	p->hdr.size = cpu_to_le16(NDIS_RSS_PARAMS_SIZE_REVISION_2);
	p->hashinfo = cpu_to_le32(NETVSC_RSS_HASH);
	p->indirect_tabsize = cpu_to_le16(tab_bytes);
	p->indirect_taboffset = cpu_to_le32(sizeof(*p));
	p->hashkey_size = cpu_to_le16(NDIS_RSS_HASH_SECRET_KEY_SIZE);
	p->hashkey_offset = cpu_to_le32(sizeof(*p) + tab_bytes);
	table = (__le32 *)(p + 1);
	for (i = 0; i < ndev->rss_entries; i++) {
		u32 q = keep ? ndev->rss_table[i] : ethtool_rxfh_indir_default(i, nr_chans);

		table[i] = cpu_to_le32(q);
	}
	memcpy((u8 *)p + sizeof(*p) + tab_bytes, ndev->rss_key,
	       NDIS_RSS_HASH_SECRET_KEY_SIZE);
	ret = netvsc_set(ndev, HVLIS_OID_GEN_RECEIVE_SCALE_PARAMETERS, p, len);
	if (!ret)
		for (i = 0; i < ndev->rss_entries; i++)
			ndev->rss_table[i] = le32_to_cpu(table[i]);
	kfree(p);
	return ret;
}

/* 2.7 step 4, under the RTNL once every granted sub-channel is open. */
static void netvsc_subchans_finish(struct netvsc_dev *ndev)
{
	unsigned int n, i;
	bool ready;
	int ret;

	ASSERT_RTNL();
	mutex_lock(&ndev->chan_lock);
	n = 1 + ndev->subchans_open;
	ready = READ_ONCE(ndev->attached) && !ndev->subchans_pending &&
		ndev->subchans_granted && ndev->subchans_open == ndev->subchans_granted &&
		ndev->nr_chans != n;
	mutex_unlock(&ndev->chan_lock);
	if (!ready)
		return;
	ret = netvsc_rss_set(ndev, n, netif_is_rxfh_configured(ndev->net));
	if (ret) {
		netdev_warn(ndev->net, "could not set the RSS parameters (error %d); one queue\n",
			    ret);
		return;
	}
	if (!ndev->host_send_table)
		for (i = 0; i < NVSP_SEND_INDIRECTION_ENTRIES; i++)
			WRITE_ONCE(ndev->send_table[i], i % n);
	netvsc_set_queues(ndev, n);
	netdev_info(ndev->net, "%u channels\n", n);
}

static void netvsc_subchan_work(struct work_struct *work)
{
	struct netvsc_dev *ndev = container_of(work, struct netvsc_dev, subchan_work);

	rtnl_lock();
	netvsc_subchans_finish(ndev);
	rtnl_unlock();
}

/*
 * For a re-initialisation under the RTNL (ethtool -L, -G, an MTU change):
 * wait for the sub-channels and finish at once, so the caller returns
 * with the channels in place. The offers need only the device lock.
 */
int netvsc_subchans_wait(struct netvsc_dev *ndev)
{
	ASSERT_RTNL();
	if (!wait_for_completion_timeout(&ndev->subchans_done, NETVSC_SUBCHAN_TIMEOUT)) {
		netdev_warn(ndev->net, "the host offered %u of %u sub-channels within %u s; one queue\n",
			    ndev->subchans_open, ndev->subchans_granted,
			    NETVSC_SUBCHAN_TIMEOUT / HZ);
		return -ETIMEDOUT;
	}
	netvsc_subchans_finish(ndev);
	return 0;
}
