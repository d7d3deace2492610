// SPDX-License-Identifier: GPL-2.0-only
/*
 * A NIC's channels: opening and closing them, and the callback that
 * reads what the host sends on one. Completions go to the control
 * request or the send they name (checked through the request table),
 * transfer-page packets to rx.c, and the host's in-band messages are
 * handled here. Anything malformed is counted, logged rate-limited and
 * dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "netvsc.h"

/* @len bytes at @buf (physically contiguous) as one GPA range. */
void netvsc_fill_pfns(const void *buf, u32 len, struct vmbus_page_range *range,
		      u64 *pfns)
{
	phys_addr_t pa = virt_to_phys((void *)buf);
	u32 i, n;

	range->offset = offset_in_page(pa);
	range->len = len;
	range->pfns = pfns;
	n = DIV_ROUND_UP(range->offset + len, VMBUS_PAGE_SIZE);
	for (i = 0; i < n; i++)
		pfns[i] = (pa >> VMBUS_PAGE_SHIFT) + i;
}

/* 2.7: the host says which channel each hash bucket's frames go out on. */
static void netvsc_on_indirection_table(struct netvsc_chan *chan, const u8 *msg,
					u32 len)
{
	struct netvsc_dev *ndev = chan->ndev;
	const struct nvsp_message *m = (const void *)msg;
	u32 table[NVSP_SEND_INDIRECTION_ENTRIES];
	u32 count, offset, i;

	if (len < offsetof(struct nvsp_message, indirection) + sizeof(m->indirection)) {
		netvsc_bad_packet(ndev, chan, "send indirection table too short for its header");
		return;
	}
	count = le32_to_cpu(m->indirection.count);
	offset = le32_to_cpu(m->indirection.offset);
	/* 2.7: hosts of NVSP 6 and older put the table at 40 whatever they say. */
	if (ndev->nvsp_version <= NVSP_PROTOCOL_VERSION_6 &&
	    len >= 40 + sizeof(table))
		offset = 40;
	if (count != NVSP_SEND_INDIRECTION_ENTRIES || offset < sizeof(m->hdr) ||
	    (u64)offset + sizeof(table) > len) {
		netvsc_bad_packet(ndev, chan, "send indirection table of the wrong size");
		return;
	}
	for (i = 0; i < count; i++) {
		table[i] = netvsc_le32_at(msg + offset + 4 * i);
		/* The channels granted, whether or not all are open yet. */
		if (table[i] >= NETVSC_MAX_CHANNELS ||
		    table[i] > READ_ONCE(ndev->subchans_granted)) {
			netvsc_bad_packet(ndev, chan,
					  "send indirection table naming a channel we do not have");
			return;
		}
	}
	for (i = 0; i < count; i++)
		WRITE_ONCE(ndev->send_table[i], table[i]);
	WRITE_ONCE(ndev->host_send_table, true);
}

static void netvsc_on_inband(struct netvsc_chan *chan,
			     const struct vmbus_packet_descriptor *desc)
{
	const u8 *data;
	u32 len, type;

	data = vmbus_packet_payload(desc, &len);
	if (len < sizeof(struct nvsp_msg_header)) {
		netvsc_bad_packet(chan->ndev, chan, "in-band message too short for its type");
		return;
	}
	type = netvsc_le32_at(data);
	switch (type) {
	case NVSP_MSG5_TYPE_SEND_INDIRECTION_TABLE:
		netvsc_on_indirection_table(chan, data, len);
		break;
	case NVSP_MSG4_TYPE_SEND_VF_ASSOCIATION:
		/* 2.8: no VF support; the synthetic path stays. */
		netdev_dbg(chan->ndev->net, "ignoring a VF association\n");
		break;
	default:
		netvsc_bad_packet(chan->ndev, chan,
				  "in-band message of a type this guest does not know");
		break;
	}
}

static void netvsc_on_completion(struct netvsc_chan *chan,
				 const struct vmbus_packet_descriptor *desc)
{
	u64 trans_id = le64_to_cpu(desc->trans_id);
	const void *data;
	u32 len;

	data = vmbus_packet_payload(desc, &len);
	if (trans_id == NETVSC_CTL_TRANS_ID) {
		if (chan->index)
			netvsc_bad_packet(chan->ndev, chan, "control completion on a sub-channel");
		else
			netvsc_nvsp_reply(chan->ndev, data, len);
		return;
	}
	netvsc_tx_completion(chan, trans_id, data, len);
}

/*
 * Whether the callback may go on reading: not while NAPI has a full
 * queue to hand up (it kicks the channel when it has room again).
 */
static bool netvsc_rx_room(struct netvsc_chan *chan)
{
	if (skb_queue_len(&chan->rx_queue) < NETVSC_RX_QUEUE_MAX)
		return true;
	WRITE_ONCE(chan->rx_stalled, true);
	/* Set before looking again: NAPI looks at it after dequeueing. */
	smp_mb();
	if (skb_queue_len(&chan->rx_queue) < NETVSC_RX_QUEUE_MAX) {
		WRITE_ONCE(chan->rx_stalled, false);
		return true;
	}
	return false;
}

static int netvsc_callback(struct hvlis_channel *channel, void *context, int budget)
{
	struct netvsc_chan *chan = context;
	const struct vmbus_packet_descriptor *desc;
	int done = 0, ret = 0;
	bool stalled = false;

	while (done < budget) {
		/* Room for the completion of what we read next, and for its frames. */
		if (!netvsc_rx_flush_deferred(chan) || !netvsc_rx_room(chan)) {
			stalled = true;
			break;
		}
		desc = hvlis_channel_peek(channel);
		if (IS_ERR(desc)) {
			dev_err_ratelimited(ndev_dev(chan->ndev), "channel %u: the host broke the ring (error %ld)\n",
					    chan->index, PTR_ERR(desc));
			break;
		}
		if (!desc)
			break;
		switch (le16_to_cpu(desc->type)) {
		case VMBUS_PACKET_COMP:
			netvsc_on_completion(chan, desc);
			break;
		case VMBUS_PACKET_DATA_USING_XFER_PAGES:
			netvsc_rx_xfer_packet(chan, desc);
			break;
		case VMBUS_PACKET_DATA_INBAND:
			netvsc_on_inband(chan, desc);
			break;
		default:
			netvsc_bad_packet(chan->ndev, chan,
					  "packet of a type this guest does not use");
			break;
		}
		hvlis_channel_advance(channel);
		done++;
	}
	if (!skb_queue_empty(&chan->rx_queue))
		napi_schedule(&chan->napi);
	netvsc_tx_wake(chan);
	ret = stalled ? VMBUS_CALLBACK_STALLED : done;
	return ret;
}

/* Open @channel as @chan (0.7: the same ring size each way). */
int netvsc_chan_open(struct netvsc_chan *chan, struct hvlis_channel *channel)
{
	struct hvlis_channel_open_params params = {
		.send_ring_size = netvsc_ring_bytes,
		.recv_ring_size = netvsc_ring_bytes,
		.max_packet_size = NVSP_MAX_INBOUND_PACKET,
		.callback = netvsc_callback,
		.context = chan,
	};
	int ret;

	chan->rx_copy = kmalloc(RNDIS_MAX_RESPONSE_SIZE, GFP_KERNEL);
	if (!chan->rx_copy)
		return -ENOMEM;
	skb_queue_head_init(&chan->rx_queue);
	skb_queue_head_init(&chan->tx_pending);
	chan->nr_deferred = 0;
	chan->rx_stalled = false;
	chan->batch_section = NVSP_INVALID_SECTION_INDEX;
	atomic_set(&chan->outstanding, 0);
	netif_napi_add(chan->ndev->net, &chan->napi, netvsc_napi_poll);
	napi_enable(&chan->napi);

	ret = hvlis_channel_open(channel, &params);
	if (ret) {
		napi_disable(&chan->napi);
		netif_napi_del(&chan->napi);
		kfree(chan->rx_copy);
		chan->rx_copy = NULL;
		return ret;
	}
	hvlis_channel_set_drvdata(channel, chan);
	chan->channel = channel;
	return 0;
}

/* After close no callback runs, so NAPI's queue only drains. */
void netvsc_chan_close(struct netvsc_chan *chan)
{
	if (!chan->channel)
		return;
	hvlis_channel_close(chan->channel);
	hvlis_channel_set_drvdata(chan->channel, NULL);
	chan->channel = NULL;
	napi_disable(&chan->napi);
	netif_napi_del(&chan->napi);
	skb_queue_purge(&chan->rx_queue);
	/* A host that went (or never completed them) will not read them now. */
	skb_queue_purge(&chan->tx_pending);
	kfree(chan->rx_copy);
	chan->rx_copy = NULL;
}
