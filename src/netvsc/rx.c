// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frames in (protocol-devices.md 0.4, 2.5, 3.4): the host writes RNDIS
 * messages into sub-allocations of the receive buffer and names them in
 * a transfer-page packet. Every range is checked against the buffer,
 * every RNDIS length and offset against the range, and each frame is
 * copied once into a new skb; then the packet is completed so the host
 * may reuse its sub-allocations. The skbs wait in the channel's queue
 * for its NAPI poll, which hands them to GRO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/skbuff.h>

#include "netvsc.h"

static int netvsc_rx_complete(struct netvsc_chan *chan, u64 trans_id, u32 status)
{
	struct nvsp_rndis_pkt_completion comp = {
		.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE),
		.status = cpu_to_le32(status),
	};
	struct kvec kv = { .iov_base = &comp, .iov_len = sizeof(comp) };

	return hvlis_channel_send(chan->channel, VMBUS_PACKET_COMP, 0, trans_id, &kv, 1);
}

/* Completions the ring had no room for go first; false while they fill the list. */
bool netvsc_rx_flush_deferred(struct netvsc_chan *chan)
{
	unsigned int i, n = chan->nr_deferred;

	for (i = 0; i < n; i++)
		if (netvsc_rx_complete(chan, chan->deferred[i].trans_id,
				       chan->deferred[i].status) == -EAGAIN)
			break;
	if (i) {
		memmove(chan->deferred, chan->deferred + i,
			(n - i) * sizeof(chan->deferred[0]));
		chan->nr_deferred = n - i;
	}
	if (chan->nr_deferred < NETVSC_DEFERRED_COMPS)
		return true;
	/* Full: the host signals once a completion fits again. */
	hvlis_channel_want_space(chan->channel, sizeof(struct nvsp_rndis_pkt_completion));
	return false;
}

static void netvsc_rx_send_completion(struct netvsc_chan *chan, u64 trans_id,
				      bool ok)
{
	u32 status = ok ? NVSP_STAT_SUCCESS : NVSP_STAT_FAIL;

	if (!chan->nr_deferred && netvsc_rx_complete(chan, trans_id, status) != -EAGAIN)
		return;
	/* The callback made sure of a free slot before reading the packet. */
	chan->deferred[chan->nr_deferred].trans_id = trans_id;
	chan->deferred[chan->nr_deferred].status = status;
	chan->nr_deferred++;
}

struct netvsc_rx_info {
	u32 csum;
	u32 vlan;
	u32 hash;
	bool has_csum, has_vlan, has_hash;
};

/* 3.4: the PPIs of a frame, all inside the copied header. */
static bool netvsc_rx_parse_ppis(struct netvsc_chan *chan, const u8 *ppi, u32 len,
				 struct netvsc_rx_info *info)
{
	while (len) {
		u32 size, type, offset;

		if (len < sizeof(struct rndis_ppi))
			return false;
		size = netvsc_le32_at(ppi);
		type = netvsc_le32_at(ppi + 4);
		offset = netvsc_le32_at(ppi + 8);
		if (size < sizeof(struct rndis_ppi) || size > len ||
		    offset < sizeof(struct rndis_ppi) || offset > size)
			return false;
		if (size - offset >= sizeof(u32)) {
			u32 value = netvsc_le32_at(ppi + offset);

			switch (type) {
			case RNDIS_PPI_TCPIP_CHKSUM:
				info->csum = value;
				info->has_csum = true;
				break;
			case RNDIS_PPI_IEEE_8021Q:
				info->vlan = value;
				info->has_vlan = true;
				break;
			case RNDIS_PPI_NBL_HASH_VALUE:
				info->hash = value;
				info->has_hash = true;
				break;
			default:
				break;
			}
		}
		ppi += size;
		len -= size;
	}
	return true;
}

/*
 * One RNDIS PACKET: @hdr is our copy of its first @hdr_len bytes, @msg
 * the message in the receive buffer (@msg_len bytes, inside the range).
 * False when it does not hold together.
 */
bool netvsc_rx_frame(struct netvsc_chan *chan, const void *hdr, u32 hdr_len,
		     const u8 *msg, u32 msg_len)
{
	struct netvsc_dev *ndev = chan->ndev;
	struct net_device *net = ndev->net;
	const struct rndis_message *m = hdr;
	struct netvsc_rx_info info = {};
	u32 data_offset, data_len, ppi_offset, ppi_len;
	struct sk_buff *skb;

	if (hdr_len < RNDIS_PACKET_MSG_SIZE) {
		netvsc_bad_packet(ndev, chan, "RNDIS packet too short for its header");
		return false;
	}
	data_offset = le32_to_cpu(m->pkt.data_offset);
	data_len = le32_to_cpu(m->pkt.data_len);
	ppi_offset = le32_to_cpu(m->pkt.per_pkt_info_offset);
	ppi_len = le32_to_cpu(m->pkt.per_pkt_info_len);
	/* 3.2: offsets count from offset 8 and point past the fixed part. */
	if (data_offset < sizeof(m->pkt) ||
	    (u64)RNDIS_BODY_OFFSET + data_offset + data_len > msg_len ||
	    data_len < ETH_HLEN || data_len > ETH_HLEN + VLAN_HLEN + NETVSC_MTU_MAX) {
		netvsc_bad_packet(ndev, chan, "RNDIS packet whose frame lies outside it");
		return false;
	}
	if (ppi_len && (ppi_offset < sizeof(m->pkt) ||
			(u64)RNDIS_BODY_OFFSET + ppi_offset + ppi_len > hdr_len ||
			!netvsc_rx_parse_ppis(chan, (const u8 *)hdr + RNDIS_BODY_OFFSET +
					      ppi_offset, ppi_len, &info))) {
		netvsc_bad_packet(ndev, chan, "RNDIS packet whose per-packet info lies outside it");
		return false;
	}

	skb = netdev_alloc_skb_ip_align(net, data_len);
	if (!skb) {
		atomic64_inc(&ndev->rx.no_memory);
		net->stats.rx_dropped++;
		return true;
	}
	skb_put_data(skb, msg + RNDIS_BODY_OFFSET + data_offset, data_len);
	skb->protocol = eth_type_trans(skb, net);
	skb_checksum_none_assert(skb);
	if (info.has_csum && (net->features & NETIF_F_RXCSUM) &&
	    info.csum & (RNDIS_CSUM_RX_TCP_SUCCEEDED | RNDIS_CSUM_RX_UDP_SUCCEEDED)) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		atomic64_inc(&ndev->rx.csum_validated);
	}
	if (info.has_vlan && (net->features & NETIF_F_HW_VLAN_CTAG_RX)) {
		u16 tci = ((info.vlan & RNDIS_VLAN_ID_MASK) >> RNDIS_VLAN_ID_SHIFT) |
			  (info.vlan & RNDIS_VLAN_PRI_MASK) << VLAN_PRIO_SHIFT |
			  (info.vlan & RNDIS_VLAN_CFI ? VLAN_CFI_MASK : 0);

		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);
		atomic64_inc(&ndev->rx.vlan);
	}
	if (info.has_hash && (net->features & NETIF_F_RXHASH))
		skb_set_hash(skb, info.hash, PKT_HASH_TYPE_L4);
	skb_record_rx_queue(skb, chan->index);
	skb_queue_tail(&chan->rx_queue, skb);
	return true;
}

/* One range: one RNDIS message. False when it must be completed as failed. */
static bool netvsc_rx_range(struct netvsc_chan *chan, u32 offset, u32 count)
{
	struct netvsc_dev *ndev = chan->ndev;
	const u8 *msg = (const u8 *)ndev->recv_buf + offset;
	u32 type, len, copy;

	if (count < sizeof(struct rndis_msg_hdr) ||
	    (u64)offset + count > ndev->recv_buf_size) {
		netvsc_bad_packet(ndev, chan, "transfer range outside the receive buffer");
		return false;
	}
	/* The host may change the buffer under us: use one copy of the header. */
	copy = min_t(u32, count, NETVSC_RX_PKT_HDR_MAX);
	memcpy(chan->rx_copy, msg, copy);
	type = netvsc_le32_at(chan->rx_copy);
	len = netvsc_le32_at(chan->rx_copy + 4);
	if (len < sizeof(struct rndis_msg_hdr) || len > count) {
		netvsc_bad_packet(ndev, chan, "RNDIS message longer than its transfer range");
		return false;
	}
	if (type == HVLIS_RNDIS_MSG_PACKET)
		return netvsc_rx_frame(chan, chan->rx_copy, min(copy, len), msg, len);
	if (len > RNDIS_MAX_RESPONSE_SIZE) {
		netvsc_bad_packet(ndev, chan, "RNDIS control message longer than any answer");
		return false;
	}
	if (len > copy)
		memcpy(chan->rx_copy + copy, msg + copy, len - copy);
	return netvsc_rndis_receive(chan, chan->rx_copy, len);
}

/* 0.4: a transfer-page packet, every one of its ranges, then its completion. */
void netvsc_rx_xfer_packet(struct netvsc_chan *chan,
			   const struct vmbus_packet_descriptor *desc)
{
	const struct vmbus_xfer_page_header *xfer = (const void *)desc;
	struct netvsc_dev *ndev = chan->ndev;
	u64 trans_id = le64_to_cpu(desc->trans_id);
	u32 total = le16_to_cpu(desc->len8) * 8;
	u32 offset = le16_to_cpu(desc->offset8) * 8;
	const char *bad = NULL;
	u32 count, i;
	bool ok = true;

	if (total < sizeof(*xfer)) {
		bad = "transfer-page packet too short for its header";
		goto out;
	}
	count = le32_to_cpu(xfer->range_count);
	if (le16_to_cpu(xfer->xfer_pageset_id) != NVSP_RECV_BUF_ID)
		bad = "transfer-page packet for a page set that is not the receive buffer";
	else if (!count || count > NVSP_RSC_MAX ||
		 offset < struct_size(xfer, ranges, count) ||
		 total < offset + sizeof(struct nvsp_msg_header))
		bad = "transfer-page packet whose ranges do not fit it";
	else if (netvsc_le32_at((const u8 *)desc + offset) != NVSP_MSG1_TYPE_SEND_RNDIS_PKT)
		bad = "transfer-page packet that does not carry RNDIS";
	else if (!READ_ONCE(ndev->recv_buf_shared))
		bad = "transfer-page packet before the receive buffer was set up";
	if (bad)
		goto out;
	for (i = 0; i < count; i++)
		ok &= netvsc_rx_range(chan, le32_to_cpu(xfer->ranges[i].byte_offset),
				      le32_to_cpu(xfer->ranges[i].byte_count));
out:
	if (bad) {
		netvsc_bad_packet(ndev, chan, bad);
		ok = false;
	}
	if (desc->flags & cpu_to_le16(VMBUS_PACKET_FLAG_COMPLETION_REQUESTED))
		netvsc_rx_send_completion(chan, trans_id, ok);
}

int netvsc_napi_poll(struct napi_struct *napi, int budget)
{
	struct netvsc_chan *chan = container_of(napi, struct netvsc_chan, napi);
	struct sk_buff *skb;
	int done = 0;

	while (done < budget && (skb = skb_dequeue(&chan->rx_queue))) {
		u64_stats_update_begin(&chan->rx_stats.syncp);
		u64_stats_inc(&chan->rx_stats.packets);
		u64_stats_add(&chan->rx_stats.bytes, skb->len + ETH_HLEN);
		u64_stats_update_end(&chan->rx_stats.syncp);
		napi_gro_receive(napi, skb);
		done++;
	}
	/* The callback waits for room in the queue: there is some now. */
	smp_mb();
	if (READ_ONCE(chan->rx_stalled) &&
	    skb_queue_len(&chan->rx_queue) < NETVSC_RX_QUEUE_MAX / 2) {
		WRITE_ONCE(chan->rx_stalled, false);
		if (chan->channel)
			hvlis_channel_kick(chan->channel);
	}
	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty(&chan->rx_queue))
		napi_schedule(napi);
	return done;
}
