// SPDX-License-Identifier: GPL-2.0-only
/*
 * The network host: synthetic NICs speaking NVSP (protocol-devices.md
 * section 2) on a primary channel and the sub-channels the guest asks for.
 *
 * The primary walks the handshake of 2.4: INIT (every version of 2.1 the
 * host accepts, newest first from the guest), NDIS config and version,
 * the receive buffer, the send buffer; then RNDIS (net_rndis.c) rides on
 * SEND_RNDIS_PKT. A buffer's GPADL is looked up from a work item, since
 * GPADLs belong to the message work; the guest waits for the answer, and
 * the host reads nothing more from that channel until it is sent.
 *
 * Every host-to-guest RNDIS message (replies, indications, frames) goes
 * through the receive buffer: one sub-allocation per message, a
 * transfer-page packet per sub-allocation, reused only after the guest
 * completed it (2.5). Completions carry (generation << 32 | slot) as the
 * trans_id, so a stale or made-up one is caught.
 *
 * Guest sends are gathered (section bytes, then GPA ranges, 2.6) into a
 * per-channel buffer, completed, and walked message by message.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <hvlis/compat.h>

#include "net.h"

static const guid_t sim_net_class_id =
	GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
		  0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e);

/* 2.1: every NVSP version a Hyper-V host has spoken. */
static const u32 sim_net_versions[] = {
	NVSP_PROTOCOL_VERSION_1, NVSP_PROTOCOL_VERSION_2,
	NVSP_PROTOCOL_VERSION_4, NVSP_PROTOCOL_VERSION_5,
	NVSP_PROTOCOL_VERSION_6, NVSP_PROTOCOL_VERSION_61,
};

/* trans_ids of injected packets: the guest completes them, quietly. */
#define SIM_NET_INJECT_ID	BIT_ULL(63)

DEFINE_MUTEX(sim_net_lock);	/* protects sim_net_nics */
LIST_HEAD(sim_net_nics);

bool sim_net_class(const guid_t *class_id)
{
	return guid_equal(class_id, &sim_net_class_id);
}

struct sim_net_nic *sim_net_find(const guid_t *instance_id)
{
	struct sim_net_nic *nic;

	lockdep_assert_held(&sim_net_lock);
	list_for_each_entry(nic, &sim_net_nics, node)
		if (guid_equal(&nic->instance_id, instance_id))
			return nic;
	return NULL;
}

/* Versions compare by their order in the table, not their encoding. */
static int sim_net_version_rank(u32 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_net_versions); i++)
		if (sim_net_versions[i] == version)
			return i;
	return -1;
}

static bool sim_net_version_ok(const struct sim_net_nic *nic, u32 version)
{
	int rank = sim_net_version_rank(version);

	return nic->host_version && rank >= 0 &&
	       rank <= sim_net_version_rank(nic->host_version);
}

bool sim_net_options_ok(const struct sim_channel_options *opts)
{
	return (!opts->nvsp_version || sim_net_version_rank(opts->nvsp_version) >= 0) &&
	       opts->max_subchannels <= SIM_MAX_SUBCHANNELS &&
	       opts->mtu >= ETH_MIN_MTU && opts->mtu <= SIM_NET_MAX_MTU;
}

/* Wake the ring work of a channel with something to send. */
void sim_net_kick(struct sim_net_channel *nc)
{
	sim_kick_channel(nc->channel, 0);
}

/* Queue an RNDIS message for the guest, on the primary (any lock but nic->lock). */
void sim_net_queue_ctrl(struct sim_net_nic *nic, struct sk_buff *skb)
{
	struct sim_net_channel *nc;

	SIM_NET_CB(skb)->ctrl = true;
	mutex_lock(&nic->lock);
	nc = nic->channels[0];
	if (!nc || !nic->recv_va) {
		mutex_unlock(&nic->lock);
		atomic64_inc(&nic->dropped);
		kfree_skb(skb);
		return;
	}
	skb_queue_tail(&nc->ctrlq, skb);
	sim_net_kick(nc);
	mutex_unlock(&nic->lock);
}

/* The channel a received frame goes to: RSS picks one (nic->lock held). */
struct sim_net_channel *sim_net_rx_channel(struct sim_net_nic *nic, u32 hash)
{
	struct sim_net_channel *nc = NULL;

	lockdep_assert_held(&nic->lock);
	if (nic->rss_enabled && nic->rss_entries)
		nc = nic->channels[nic->rss_table[hash % nic->rss_entries]];
	if (!nc || !nc->channel->open)
		nc = nic->channels[0];
	return nc;
}

static void sim_net_forget_buffers(struct sim_net_nic *nic, bool recv, bool send)
{
	struct sim_net_channel *nc;
	unsigned int i;

	lockdep_assert_held(&nic->lock);
	if (recv) {
		nic->recv_va = NULL;
		nic->recv_gpadl = 0;
		nic->recv_size = 0;
		kvfree(nic->slots);
		nic->slots = NULL;
		kvfree(nic->free_slots);
		nic->free_slots = NULL;
		nic->sub_count = 0;
		nic->sub_free = 0;
		nic->sub_size = 0;
		for (i = 0; i < SIM_NET_CHANNELS; i++) {
			nc = nic->channels[i];
			if (!nc)
				continue;
			skb_queue_purge(&nc->ctrlq);
			skb_queue_purge(&nc->rxq);
		}
		if (nic->state == SIM_NET_READY)
			nic->state = SIM_NET_INITIALIZED;
	}
	if (send) {
		nic->send_va = NULL;
		nic->send_gpadl = 0;
		nic->send_size = 0;
		nic->sections = 0;
	}
}

/* The primary closed or went: start over at INIT (nic->lock held). */
static void sim_net_reset(struct sim_net_nic *nic)
{
	lockdep_assert_held(&nic->lock);
	sim_net_forget_buffers(nic, true, true);
	nic->state = SIM_NET_BEGIN;
	nic->nvsp_version = 0;
	nic->ndis_version = 0;
	nic->guest_mtu = ETH_FRAME_LEN;
	nic->capability = 0;
	nic->pending_type = 0;
	nic->pending_done = false;
	nic->subchannel_request = 0;
	nic->subchannels_granted = 0;
	nic->inject = SIM_NET_INJECT_NONE;
	sim_net_rndis_reset(nic);
}

static struct sim_net_nic *sim_net_new(const struct sim_channel *channel,
				       const struct sim_channel_options *opts);

/*
 * A NIC channel was created (channels_lock held): a primary from
 * add_device with its options, or a sub-channel (@opts NULL). A NIC
 * outlives its primary, with its counters, like a switch port.
 */
int sim_net_attach(struct sim_channel *channel,
		   const struct sim_channel_options *opts)
{
	struct sim_net_channel *nc;
	struct sim_net_nic *nic;
	u16 index = channel->sub_channel_index;

	lockdep_assert_held(&sim.channels_lock);
	if (index >= SIM_NET_CHANNELS)
		return -EINVAL;
	nc = kzalloc(sizeof(*nc), GFP_KERNEL);
	if (!nc)
		return -ENOMEM;
	nc->tx = kvmalloc(SIM_NET_TX_MAX, GFP_KERNEL);
	if (!nc->tx) {
		kfree(nc);
		return -ENOMEM;
	}
	skb_queue_head_init(&nc->ctrlq);
	skb_queue_head_init(&nc->rxq);
	nc->channel = channel;
	nc->index = index;

	mutex_lock(&sim_net_lock);
	nic = sim_net_find(&channel->instance_id);
	if (opts) {
		if (nic && nic->channels[0])
			goto busy;
		if (!nic)
			nic = sim_net_new(channel, opts);
		if (!nic)
			goto nomem;
		nic->host_version = opts->nvsp_version;
		nic->max_subchannels = opts->max_subchannels;
		nic->mtu = opts->mtu;
		if (opts->has_mac)
			ether_addr_copy(nic->perm_mac, opts->mac);
		ether_addr_copy(nic->mac, nic->perm_mac);
	} else if (!nic) {
		goto inval;
	}
	mutex_lock(&nic->lock);
	/*
	 * A sub-channel the guest has not released yet after its primary
	 * closed is not in the way of the next open's (a new relid).
	 */
	if (nic->channels[index] &&
	    !(index && nic->channels[index]->channel->rescinded)) {
		mutex_unlock(&nic->lock);
		goto busy;
	}
	nc->nic = nic;
	nic->channels[index] = nc;
	if (!index)
		sim_net_reset(nic);
	mutex_unlock(&nic->lock);
	mutex_unlock(&sim_net_lock);
	channel->net = nc;
	/* Sub-channels come from NVSP SUBCHANNEL, not from the open. */
	channel->subchannels = 0;
	return 0;

busy:
	mutex_unlock(&sim_net_lock);
	kvfree(nc->tx);
	kfree(nc);
	return -EEXIST;
inval:
	mutex_unlock(&sim_net_lock);
	kvfree(nc->tx);
	kfree(nc);
	return -EINVAL;
nomem:
	mutex_unlock(&sim_net_lock);
	kvfree(nc->tx);
	kfree(nc);
	return -ENOMEM;
}

/* The channel is destroyed (channels_lock held, already shut). */
void sim_net_detach(struct sim_channel *channel)
{
	struct sim_net_channel *nc = channel->net;
	struct sim_net_nic *nic;

	if (!nc)
		return;
	nic = nc->nic;
	mutex_lock(&nic->lock);
	if (nic->channels[nc->index] == nc)
		nic->channels[nc->index] = NULL;
	mutex_unlock(&nic->lock);
	skb_queue_purge(&nc->ctrlq);
	skb_queue_purge(&nc->rxq);
	channel->net = NULL;
	kvfree(nc->tx);
	kfree(nc);
}

/*
 * The channel is shut (channels_lock held, its ring work stopped). A
 * primary takes the NIC back to the start; a sub-channel's in-flight
 * sub-allocations are the host's again, since no completion can come.
 */
void sim_net_shut(struct sim_channel *channel)
{
	struct sim_net_channel *nc = channel->net;
	struct sim_net_nic *nic = nc->nic;
	u32 i;

	lockdep_assert_held(&sim.channels_lock);
	mutex_lock(&nic->lock);
	skb_queue_purge(&nc->ctrlq);
	skb_queue_purge(&nc->rxq);
	if (!nc->index) {
		sim_net_reset(nic);
		/* The next open gets sub-channels only if it asks (2.7). */
		channel->subchannels = 0;
	} else {
		for (i = 0; i < nic->sub_count; i++) {
			if (!nic->slots[i].busy || nic->slots[i].channel != nc->index)
				continue;
			nic->slots[i].busy = false;
			nic->free_slots[nic->sub_free++] = i;
		}
		if (nic->rss_enabled) {
			/* Frames for it go to the primary from now on. */
			for (i = 0; i < nic->rss_entries; i++)
				if (nic->rss_table[i] == nc->index)
					nic->rss_table[i] = 0;
		}
	}
	mutex_unlock(&nic->lock);
}

/*
 * A GPADL of the NIC's primary is torn down (channels_lock held). One the
 * host still uses as a buffer was never revoked: the host stops using it.
 */
void sim_net_gpadl_teardown(struct sim_channel *channel, u32 handle)
{
	struct sim_net_channel *nc = channel->net;
	struct sim_net_nic *nic;
	bool used;

	if (!nc || nc->index)
		return;
	nic = nc->nic;
	mutex_lock(&nic->lock);
	used = (nic->recv_va && nic->recv_gpadl == handle) ||
	       (nic->send_va && nic->send_gpadl == handle);
	mutex_unlock(&nic->lock);
	/* Its REVOKE may still be in the ring: the ring goes first. */
	if (used && channel->open)
		sim_ring_sync(channel);
	mutex_lock(&nic->lock);
	if (nic->recv_va && nic->recv_gpadl == handle) {
		sim_net_violation(nic,
				  "GPADL_TEARDOWN of the receive buffer %#x before REVOKE_RECV_BUF\n",
				  handle);
		sim_net_forget_buffers(nic, true, false);
	}
	if (nic->send_va && nic->send_gpadl == handle) {
		sim_net_violation(nic,
				  "GPADL_TEARDOWN of the send buffer %#x before REVOKE_SEND_BUF\n",
				  handle);
		sim_net_forget_buffers(nic, false, true);
	}
	if (nic->pending_type && !nic->pending_done &&
	    nic->pending_gpadl == handle)
		nic->pending_gpadl = 0;
	mutex_unlock(&nic->lock);
}

/* Lay out the receive buffer in sub-allocations (nic->lock held). */
static u32 sim_net_recv_setup(struct sim_net_nic *nic, u8 *va, u32 size)
{
	u32 frame = max(nic->guest_mtu, nic->mtu + ETH_HLEN);
	u32 i, count, sub;

	lockdep_assert_held(&nic->lock);
	/* OpenVMM's rule (2.4): the MTU, 256 for headers and PPIs, 36. */
	sub = ALIGN(256 + frame + 36, 8);
	count = size / sub;
	if (!count)
		return NVSP_STAT_FAIL;
	nic->slots = kvcalloc(count, sizeof(*nic->slots), GFP_KERNEL);
	nic->free_slots = kvmalloc_array(count, sizeof(u32), GFP_KERNEL);
	if (!nic->slots || !nic->free_slots) {
		kvfree(nic->slots);
		kvfree(nic->free_slots);
		nic->slots = NULL;
		nic->free_slots = NULL;
		return NVSP_STAT_FAIL;
	}
	for (i = 0; i < count; i++)
		nic->free_slots[i] = count - 1 - i;
	nic->recv_va = va;
	nic->recv_size = size;
	nic->sub_size = sub;
	nic->sub_count = count;
	nic->sub_free = count;
	return NVSP_STAT_SUCCESS;
}

/*
 * Find the GPADL a SEND_RECV_BUF or SEND_SEND_BUF named, from the message
 * workqueue's side of the locks, and let the ring work answer.
 */
static void sim_net_buf_work(struct work_struct *work)
{
	struct sim_net_nic *nic = container_of(work, struct sim_net_nic, buf_work);
	struct sim_net_channel *nc;
	struct sim_gpadl *gpadl;
	u32 status = NVSP_STAT_FAIL;

	mutex_lock(&sim.channels_lock);
	mutex_lock(&nic->lock);
	nc = nic->channels[0];
	if (!nc || !nic->pending_type || nic->pending_done)
		goto out;
	gpadl = nic->pending_gpadl ? sim_gpadl_find(nic->pending_gpadl) : NULL;
	if (!gpadl || gpadl->channel != nc->channel || !gpadl->va) {
		sim_net_violation(nic,
				  "buffer GPADL %#x is not a created GPADL of the primary channel\n",
				  nic->pending_gpadl);
	} else if (nic->pending_type == NVSP_MSG1_TYPE_SEND_RECV_BUF) {
		status = sim_net_recv_setup(nic, gpadl->va,
					    gpadl->npages * VMBUS_PAGE_SIZE);
		if (status == NVSP_STAT_SUCCESS) {
			nic->recv_gpadl = gpadl->handle;
			nic->state = SIM_NET_READY;
		}
	} else {
		nic->sections = gpadl->npages * VMBUS_PAGE_SIZE / SIM_NET_SEND_SECTION;
		if (nic->sections) {
			nic->send_va = gpadl->va;
			nic->send_size = gpadl->npages * VMBUS_PAGE_SIZE;
			nic->send_gpadl = gpadl->handle;
			status = NVSP_STAT_SUCCESS;
		}
	}
	nic->pending_status = status;
	nic->pending_done = true;
	sim_net_kick(nc);
out:
	mutex_unlock(&nic->lock);
	mutex_unlock(&sim.channels_lock);
}

/* Offer the sub-channels SUBCHANNEL granted, from the message workqueue. */
static void sim_net_subchannel_work(struct work_struct *work)
{
	struct sim_net_nic *nic = container_of(work, struct sim_net_nic,
					       subchannel_work);
	struct sim_channel *primary = NULL;
	u32 count;

	mutex_lock(&sim.channels_lock);
	mutex_lock(&nic->lock);
	count = nic->subchannel_request;
	nic->subchannel_request = 0;
	if (nic->channels[0])
		primary = nic->channels[0]->channel;
	mutex_unlock(&nic->lock);
	if (primary && primary->open && !primary->rescinded && count &&
	    !primary->subs_offered) {
		primary->subchannels = count;
		sim_offer_subchannels(primary);
	}
	mutex_unlock(&sim.channels_lock);
}

static struct sim_net_nic *sim_net_new(const struct sim_channel *channel,
				       const struct sim_channel_options *opts)
{
	struct sim_net_nic *nic = kzalloc(sizeof(*nic), GFP_KERNEL);
	const u8 *g = channel->instance_id.b;

	if (!nic)
		return NULL;
	nic->instance_id = channel->instance_id;
	/* Hyper-V's OUI 00:15:5d and the instance GUID's last bytes. */
	nic->perm_mac[0] = 0x00;
	nic->perm_mac[1] = 0x15;
	nic->perm_mac[2] = 0x5d;
	nic->perm_mac[3] = g[13];
	nic->perm_mac[4] = g[14];
	nic->perm_mac[5] = g[15];
	nic->link_up = true;
	nic->mac_change = true;
	mutex_init(&nic->lock);
	INIT_WORK(&nic->buf_work, sim_net_buf_work);
	INIT_WORK(&nic->subchannel_work, sim_net_subchannel_work);
	list_add_tail(&nic->node, &sim_net_nics);
	sim_net_debugfs_add(nic);
	return nic;
}

/* An NVSP message this host sends (ring_lock held). */
static int sim_net_send(struct sim_channel *channel, u16 type, u64 trans_id,
			const struct nvsp_message *msg, u32 len)
{
	return sim_ring_write_packet(channel, type, 0, trans_id, msg, len);
}

/* The size of the host's NVSP messages (2.1): OpenVMM's. */
static u32 sim_net_msg_size(const struct sim_net_nic *nic)
{
	return nic->nvsp_version == NVSP_PROTOCOL_VERSION_61 ?
	       NVSP_MESSAGE_SIZE : NVSP_MESSAGE_SIZE_V1;
}

/*
 * A transfer-page packet of one range (0.4) carrying SEND_RNDIS_PKT;
 * @slot's bytes are in place (ring_lock held, room checked).
 */
struct sim_net_xfer {
	struct vmbus_xfer_page_header hdr;
	struct vmbus_xfer_page_range range;
	struct nvsp_msg_header nvsp;
	struct nvsp_msg1_send_rndis_pkt rndis;
} __packed;
static_assert(sizeof(struct sim_net_xfer) == 48);
/* What one takes in the ring, trailer included. */
#define SIM_NET_XFER_TOTAL	(sizeof(struct sim_net_xfer) + VMBUS_PACKET_TRAILER_SIZE)

static int sim_net_write_xfer(struct sim_channel *channel, u16 pageset,
			      u64 trans_id, u32 offset, u32 count, bool ctrl)
{
	struct sim_net_xfer x = {
		.hdr.desc.type = cpu_to_le16(VMBUS_PACKET_DATA_USING_XFER_PAGES),
		.hdr.desc.offset8 = cpu_to_le16(offsetof(struct sim_net_xfer, nvsp) / 8),
		.hdr.desc.len8 = cpu_to_le16(sizeof(x) / 8),
		.hdr.desc.flags = cpu_to_le16(VMBUS_PACKET_FLAG_COMPLETION_REQUESTED),
		.hdr.desc.trans_id = cpu_to_le64(trans_id),
		.hdr.xfer_pageset_id = cpu_to_le16(pageset),
		.hdr.range_count = cpu_to_le32(1),
		.range.byte_count = cpu_to_le32(count),
		.range.byte_offset = cpu_to_le32(offset),
		.nvsp.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RNDIS_PKT),
		.rndis.channel_type = cpu_to_le32(ctrl ? NVSP_RNDIS_CHANNEL_CONTROL :
						  NVSP_RNDIS_CHANNEL_DATA),
		.rndis.send_buf_section_index = cpu_to_le32(NVSP_INVALID_SECTION_INDEX),
	};

	static_assert(offsetof(struct sim_net_xfer, nvsp) % 8 == 0);
	return sim_ring_write_raw(channel, &x, sizeof(x),
				  sizeof(x) + VMBUS_PACKET_TRAILER_SIZE);
}

/* A free sub-allocation, marked in flight on @nc (nic->lock held). */
static int sim_net_slot_get(struct sim_net_nic *nic, struct sim_net_channel *nc,
			    u64 *trans_id)
{
	struct sim_net_slot *slot;
	u32 i;

	lockdep_assert_held(&nic->lock);
	if (!nic->sub_free)
		return -ENOSPC;
	i = nic->free_slots[--nic->sub_free];
	slot = &nic->slots[i];
	slot->busy = true;
	slot->channel = nc->index;
	slot->gen++;
	*trans_id = (u64)slot->gen << 32 | i;
	return i;
}

/* A hostile message of @kind to the guest (ring_lock and nic->lock held). */
static int sim_net_write_inject(struct sim_net_channel *nc,
				enum sim_net_inject kind)
{
	struct sim_net_nic *nic = nc->nic;
	struct sim_channel *channel = nc->channel;
	struct rndis_message *msg;
	u64 trans_id;
	int slot;

	switch (kind) {
	case SIM_NET_INJECT_UNKNOWN_COMPLETION: {
		struct nvsp_rndis_pkt_completion comp = {
			.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE),
			.status = cpu_to_le32(NVSP_STAT_SUCCESS),
		};

		return sim_ring_write_packet(channel, VMBUS_PACKET_COMP, 0,
					     0x5a5a5a5a00c0ffeeULL, &comp,
					     sizeof(comp));
	}
	case SIM_NET_INJECT_INDIRECTION: {
		struct {
			struct nvsp_msg_header hdr;
			struct nvsp_msg5_send_indirection_table table;
			__le32 entry[NVSP_SEND_INDIRECTION_ENTRIES];
		} __packed t = {
			.hdr.msg_type = cpu_to_le32(NVSP_MSG5_TYPE_SEND_INDIRECTION_TABLE),
			.table.count = cpu_to_le32(NVSP_SEND_INDIRECTION_ENTRIES),
			.table.offset = cpu_to_le32(12),
		};
		unsigned int i;

		for (i = 0; i < NVSP_SEND_INDIRECTION_ENTRIES; i++)
			t.entry[i] = cpu_to_le32(SIM_NET_CHANNELS + i);
		return sim_ring_write_packet(channel, VMBUS_PACKET_DATA_INBAND, 0,
					     0, &t, sizeof(t));
	}
	case SIM_NET_INJECT_BAD_RANGE:
		/* A range past the end of the receive buffer. */
		return sim_net_write_xfer(channel, NVSP_RECV_BUF_ID,
					  SIM_NET_INJECT_ID, nic->recv_size - 8,
					  nic->sub_size, false);
	default:
		break;
	}

	/* The rest are RNDIS messages in a real sub-allocation. */
	slot = sim_net_slot_get(nic, nc, &trans_id);
	if (slot < 0)
		return slot;
	msg = (struct rndis_message *)(nic->recv_va + (size_t)slot * nic->sub_size);
	memset(msg, 0, RNDIS_PACKET_MSG_SIZE + 64);
	msg->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_PACKET);
	msg->hdr.msg_len = cpu_to_le32(RNDIS_PACKET_MSG_SIZE + 64);
	msg->pkt.data_offset = cpu_to_le32(sizeof(struct rndis_packet));
	msg->pkt.data_len = cpu_to_le32(64);
	switch (kind) {
	case SIM_NET_INJECT_RNDIS_LEN:
		msg->hdr.msg_len = cpu_to_le32(nic->sub_size * 4);
		break;
	case SIM_NET_INJECT_PPI_OFFSET:
		msg->pkt.per_pkt_info_offset = cpu_to_le32(nic->sub_size * 2);
		msg->pkt.per_pkt_info_len = cpu_to_le32(16);
		break;
	case SIM_NET_INJECT_UNKNOWN_TYPE:
		msg->hdr.msg_type = cpu_to_le32(0x0000ab00);
		break;
	default:
		break;
	}
	return sim_net_write_xfer(channel, kind == SIM_NET_INJECT_BAD_PAGESET ?
				  0xbeef : NVSP_RECV_BUF_ID, trans_id,
				  (u32)slot * nic->sub_size,
				  RNDIS_PACKET_MSG_SIZE + 64, false);
}

/*
 * Send what waits for the channel: a buffer answer, an injection, RNDIS
 * replies, then frames, each into a free sub-allocation (ring_lock
 * held). -EAGAIN when the inbound ring is full; 0 otherwise, also when
 * every sub-allocation is out (their completions kick the channel).
 */
int sim_net_flush(struct sim_channel *channel)
{
	struct sim_net_channel *nc = channel->net;
	struct sim_net_nic *nic = nc->nic;
	struct sk_buff *skb;
	u64 trans_id;
	u32 len = 0;
	bool ctrl;
	int ret, slot;

	lockdep_assert_held(&channel->ring_lock);
	mutex_lock(&nic->lock);
	if (!nc->index && nic->pending_type && nic->pending_done) {
		struct nvsp_message msg = {};
		u32 size = sim_net_msg_size(nic);

		if (nic->pending_type == NVSP_MSG1_TYPE_SEND_RECV_BUF) {
			struct nvsp_msg1_send_recv_buf_complete *c = &msg.recv_buf_complete;

			msg.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE);
			c->status = cpu_to_le32(nic->pending_status);
			if (nic->pending_status == NVSP_STAT_SUCCESS) {
				c->num_sections = cpu_to_le32(1);
				c->section[0].sub_alloc_size = cpu_to_le32(nic->sub_size);
				c->section[0].num_sub_allocs = cpu_to_le32(nic->sub_count);
				c->section[0].end_offset =
					cpu_to_le32(nic->sub_size * nic->sub_count);
			}
		} else {
			msg.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE);
			msg.send_buf_complete.status = cpu_to_le32(nic->pending_status);
			if (nic->pending_status == NVSP_STAT_SUCCESS)
				msg.send_buf_complete.section_size =
					cpu_to_le32(SIM_NET_SEND_SECTION);
		}
		ret = sim_net_send(channel, VMBUS_PACKET_COMP, nic->pending_trans_id,
				   &msg, size);
		if (ret)
			goto out;
		nic->pending_type = 0;
		nic->pending_done = false;
	}
	if (!nc->index && nic->inject && nic->recv_va) {
		ret = sim_ring_room(channel, sim_packet_total(128));
		if (ret)
			goto out;
		ret = sim_net_write_inject(nc, nic->inject);
		if (ret == -ENOSPC) {
			/* Every sub-allocation is out: after a completion. */
			ret = 0;
			goto out;
		}
		if (ret)
			goto out;
		pr_info("net %pUl: injected a hostile message (kind %d)\n",
			&nic->instance_id, nic->inject);
		nic->inject = SIM_NET_INJECT_NONE;
	}
	for (;;) {
		skb = skb_peek(&nc->ctrlq);
		if (!skb)
			skb = skb_peek(&nc->rxq);
		if (!skb)
			break;
		ctrl = SIM_NET_CB(skb)->ctrl;
		if (!nic->recv_va) {
			skb_unlink(skb, ctrl ? &nc->ctrlq : &nc->rxq);
			atomic64_inc(&nic->dropped);
			kfree_skb(skb);
			continue;
		}
		ret = sim_ring_room(channel, SIM_NET_XFER_TOTAL);
		if (ret)
			goto out;
		slot = sim_net_slot_get(nic, nc, &trans_id);
		if (slot < 0) {
			atomic64_inc(&nic->no_slot);
			ret = 0;
			goto out;
		}
		if (ctrl) {
			len = skb->len <= nic->sub_size ? skb->len : 0;
			if (len)
				memcpy(nic->recv_va + (size_t)slot * nic->sub_size,
				       skb->data, len);
		} else {
			len = sim_net_build_packet(nic, skb, nic->recv_va +
						   (size_t)slot * nic->sub_size,
						   nic->sub_size);
		}
		skb_unlink(skb, ctrl ? &nc->ctrlq : &nc->rxq);
		if (!len) {
			/* Too big for a sub-allocation: lost, as on a host. */
			nic->slots[slot].busy = false;
			nic->free_slots[nic->sub_free++] = slot;
			atomic64_inc(&nic->dropped);
			kfree_skb(skb);
			continue;
		}
		ret = sim_net_write_xfer(channel, NVSP_RECV_BUF_ID, trans_id,
					 (u32)slot * nic->sub_size, len, ctrl);
		if (ret) {
			/* Room was checked: only a broken ring fails here. */
			kfree_skb(skb);
			goto out;
		}
		if (!ctrl) {
			atomic64_inc(&nic->rx_frames);
			atomic64_add(skb->len, &nic->rx_bytes);
			atomic64_inc(&nc->rx_frames);
		}
		consume_skb(skb);
	}
	ret = 0;
out:
	mutex_unlock(&nic->lock);
	return ret == -EAGAIN ? -EAGAIN : ret ? -EPROTO : 0;
}

/*
 * A flush after a packet was handled: a full ring ends the ring work's
 * run like a packet that must wait (-EBUSY: consumed, but wait), since
 * the guest's signal for room is what it waits for next.
 */
static int sim_net_flush_after(struct sim_channel *channel)
{
	int ret = sim_net_flush(channel);

	return ret == -EAGAIN ? -EBUSY : ret;
}

/* The guest completed a transfer-page packet (ring_lock held). */
static void sim_net_completion(struct sim_net_channel *nc, const u8 *pkt,
			       u32 len, u32 off, u64 trans_id)
{
	struct sim_net_nic *nic = nc->nic;
	const struct nvsp_rndis_pkt_completion *comp = (const void *)(pkt + off);
	struct sim_net_slot *slot;
	u32 i = lower_32_bits(trans_id);

	if (trans_id & SIM_NET_INJECT_ID)
		return;
	if (len - off < sizeof(*comp) ||
	    le32_to_cpu(comp->msg_type) != NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE) {
		sim_net_violation(nic,
				  "channel %u: completion of %u bytes, not SEND_RNDIS_PKT_COMPLETE\n",
				  nc->index, len - off);
		return;
	}
	mutex_lock(&nic->lock);
	if (i >= nic->sub_count || !nic->slots[i].busy ||
	    nic->slots[i].gen != upper_32_bits(trans_id) ||
	    nic->slots[i].channel != nc->index) {
		mutex_unlock(&nic->lock);
		sim_net_violation(nic,
				  "channel %u: completion for trans_id %#llx, which is not in flight there\n",
				  nc->index, trans_id);
		return;
	}
	slot = &nic->slots[i];
	slot->busy = false;
	nic->free_slots[nic->sub_free++] = i;
	mutex_unlock(&nic->lock);
}

/* Copy @len bytes of guest memory described by one GPA range. */
static int sim_net_copy_range(struct sim_net_nic *nic, const __le64 *pfns,
			      u32 offset, u32 len, u8 *dst)
{
	u32 done = 0;

	while (done < len) {
		u32 at = offset + done, chunk;
		u64 pfn = le64_to_cpu(pfns[at / VMBUS_PAGE_SIZE]);
		u8 *va;

		if (!sim_guest_pfn_ok(pfn)) {
			sim_net_violation(nic,
					  "GPA range names PFN %#llx, which is not guest memory\n",
					  pfn);
			return -EINVAL;
		}
		chunk = min_t(u32, len - done, VMBUS_PAGE_SIZE - at % VMBUS_PAGE_SIZE);
		va = kmap_local_page(pfn_to_page(pfn));
		memcpy(dst + done, va + at % VMBUS_PAGE_SIZE, chunk);
		kunmap_local(va);
		done += chunk;
	}
	return 0;
}

/*
 * Gather one SEND_RNDIS_PKT: the section's bytes, then every GPA range
 * (2.6), into nc->tx. Returns the byte count or a negative error.
 */
static int sim_net_gather(struct sim_net_channel *nc, const u8 *pkt, u32 off,
			  const struct nvsp_msg1_send_rndis_pkt *req)
{
	const struct vmbus_packet_descriptor *desc = (const void *)pkt;
	struct sim_net_nic *nic = nc->nic;
	u32 index = le32_to_cpu(req->send_buf_section_index);
	u32 size = le32_to_cpu(req->send_buf_section_size);
	u32 total = 0, count, pos, i;

	if (index != NVSP_INVALID_SECTION_INDEX) {
		mutex_lock(&nic->lock);
		if (!nic->send_va || index >= nic->sections ||
		    size > SIM_NET_SEND_SECTION) {
			mutex_unlock(&nic->lock);
			sim_net_violation(nic,
					  "channel %u: send section %u (%u bytes) of %u sections\n",
					  nc->index, index, size, nic->sections);
			return -EINVAL;
		}
		memcpy(nc->tx, nic->send_va + (size_t)index * SIM_NET_SEND_SECTION,
		       size);
		mutex_unlock(&nic->lock);
		total = size;
	}
	if (le16_to_cpu(desc->type) != VMBUS_PACKET_DATA_USING_GPA_DIRECT)
		return total;

	/* 0.3: ranges from byte 24 up to offset8 * 8, each with its PFNs. */
	if (off < sizeof(struct vmbus_gpa_direct_header)) {
		sim_net_violation(nic, "channel %u: GPA-direct packet with offset8 %u\n",
				  nc->index, off / 8);
		return -EINVAL;
	}
	count = le32_to_cpu(((const struct vmbus_gpa_direct_header *)pkt)->range_cnt);
	pos = sizeof(struct vmbus_gpa_direct_header);
	for (i = 0; i < count; i++) {
		const struct vmbus_gpa_range *range = (const void *)(pkt + pos);
		u32 len, offset, npfn;

		if (pos + sizeof(*range) > off)
			goto bad;
		len = le32_to_cpu(range->len);
		offset = le32_to_cpu(range->offset);
		if (offset >= VMBUS_PAGE_SIZE || len > SIM_NET_TX_MAX - total)
			goto bad;
		npfn = DIV_ROUND_UP(offset + len, VMBUS_PAGE_SIZE);
		if (pos + sizeof(*range) + (size_t)npfn * 8 > off)
			goto bad;
		if (sim_net_copy_range(nic, range->pfn, offset, len, nc->tx + total))
			return -EINVAL;
		total += len;
		pos += sizeof(*range) + npfn * 8;
	}
	return total;
bad:
	sim_net_violation(nic,
			  "channel %u: GPA range %u of %u does not fit offset8 %u or the host's %u bytes\n",
			  nc->index, i, count, off / 8, SIM_NET_TX_MAX);
	return -EINVAL;
}

/* A u32 at any alignment (the unaligned helpers' header moved). */
static u32 sim_net_le32(const u8 *p)
{
	__le32 v;

	memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

/* The u32 value of a PPI element, if it has one inside @len bytes. */
static bool sim_net_ppi_u32(const u8 *ppi, u32 size, u32 *value)
{
	u32 off = le32_to_cpu(((const struct rndis_ppi *)ppi)->ppi_offset);

	if (off < sizeof(struct rndis_ppi) || off > size || size - off < 4)
		return false;
	*value = sim_net_le32(ppi + off);
	return true;
}

/* One RNDIS PACKET from the guest: checked, then to the switch. */
static void sim_net_tx_packet(struct sim_net_channel *nc, const u8 *msg, u32 len)
{
	const struct rndis_packet *p = (const void *)(msg + RNDIS_BODY_OFFSET);
	struct sim_net_nic *nic = nc->nic;
	u32 body = len - RNDIS_BODY_OFFSET, doff, dlen, poff, plen, value;
	struct sim_net_tx tx = {};
	const char *bad = NULL;
	bool drop = false;

	if (len < RNDIS_PACKET_MSG_SIZE) {
		sim_net_violation(nic, "channel %u: RNDIS PACKET of %u bytes\n",
				  nc->index, len);
		return;
	}
	doff = le32_to_cpu(p->data_offset);
	dlen = le32_to_cpu(p->data_len);
	poff = le32_to_cpu(p->per_pkt_info_offset);
	plen = le32_to_cpu(p->per_pkt_info_len);
	if (doff < sizeof(*p) || doff > body || dlen > body - doff)
		bad = "data outside the message";
	else if (dlen < ETH_HLEN)
		bad = "a frame shorter than an Ethernet header";
	else if (p->oob_data_offset || p->oob_data_len || p->num_oob_data_elements ||
		 p->vc_handle)
		bad = "OOB data or a VC handle";
	else if (plen && (poff < sizeof(*p) || poff > body || plen > body - poff))
		bad = "per-packet info outside the message";
	while (!bad && plen) {
		const u8 *ppi = msg + RNDIS_BODY_OFFSET + poff;
		u32 size = le32_to_cpu(((const struct rndis_ppi *)ppi)->size);
		u32 type = le32_to_cpu(((const struct rndis_ppi *)ppi)->type);

		if (plen < sizeof(struct rndis_ppi) || size < sizeof(struct rndis_ppi) ||
		    size > plen) {
			bad = "a per-packet info element of a bad size";
			break;
		}
		if (!sim_net_ppi_u32(ppi, size, &value)) {
			bad = "a per-packet info element with a bad offset";
			break;
		}
		switch (type) {
		case RNDIS_PPI_TCPIP_CHKSUM:
			tx.csum = value;
			break;
		case RNDIS_PPI_TCP_LARGESEND:
			tx.lso = value;
			break;
		case RNDIS_PPI_IEEE_8021Q:
			tx.vlan = value;
			tx.has_vlan = true;
			break;
		default:
			break;	/* the hash and the rest: nothing to do */
		}
		poff += size;
		plen -= size;
	}
	if (bad) {
		sim_net_violation(nic, "channel %u: RNDIS PACKET with %s\n",
				  nc->index, bad);
		return;
	}
	if (tx.has_vlan)
		atomic64_inc(&nic->tx_vlan);
	mutex_lock(&nic->lock);
	if (nic->drop) {
		nic->drop--;
		drop = true;
	}
	mutex_unlock(&nic->lock);
	atomic64_inc(&nic->tx_frames);
	atomic64_add(dlen, &nic->tx_bytes);
	atomic64_inc(&nc->tx_frames);
	if (drop) {
		atomic64_inc(&nic->dropped);
		return;
	}
	sim_net_switch_xmit(nic, msg + RNDIS_BODY_OFFSET + doff, dlen, &tx);
}

/* Walk the RNDIS messages of one gathered send. */
static u32 sim_net_walk(struct sim_net_channel *nc, u32 total)
{
	struct sim_net_nic *nic = nc->nic;
	u32 pos = 0, type, len;

	while (pos < total) {
		const u8 *msg = nc->tx + pos;

		if (total - pos < sizeof(struct rndis_msg_hdr)) {
			sim_net_violation(nic,
					  "channel %u: %u bytes after the last RNDIS message\n",
					  nc->index, total - pos);
			return NVSP_STAT_INVALID_RNDIS_PKT;
		}
		type = sim_net_le32(msg);
		len = sim_net_le32(msg + 4);
		if (len < sizeof(struct rndis_msg_hdr) || len > total - pos) {
			sim_net_violation(nic, "channel %u: RNDIS msg_len %u with %u bytes left\n",
					  nc->index, len, total - pos);
			return NVSP_STAT_INVALID_RNDIS_PKT;
		}
		if (type == HVLIS_RNDIS_MSG_PACKET) {
			sim_net_tx_packet(nc, msg, len);
		} else if (nc->index) {
			sim_net_violation(nic, "channel %u: RNDIS message %#x on a sub-channel\n",
					  nc->index, type);
		} else {
			sim_net_rndis_control(nic, msg, len);
		}
		pos += len;
	}
	return NVSP_STAT_SUCCESS;
}

static int sim_net_complete(struct sim_channel *channel, u64 trans_id, u32 type,
			    u32 status)
{
	struct nvsp_rndis_pkt_completion comp = {
		.msg_type = cpu_to_le32(type),
		.status = cpu_to_le32(status),
	};

	return sim_ring_write_packet(channel, VMBUS_PACKET_COMP, 0, trans_id,
				     &comp, sizeof(comp));
}

/* SEND_RNDIS_PKT from the guest, on any channel (ring_lock held). */
static int sim_net_rndis_pkt(struct sim_net_channel *nc, const u8 *pkt,
			     u32 off, const struct nvsp_message *msg, u64 trans_id)
{
	struct sim_net_nic *nic = nc->nic;
	u32 status = NVSP_STAT_FAIL;
	int total, ret;

	/* The completion must fit before anything is acted on. */
	ret = sim_ring_room(nc->channel, sim_packet_total(8));
	if (ret)
		return ret == -EAGAIN ? -EAGAIN : -EPROTO;
	if (READ_ONCE(nic->state) != SIM_NET_READY) {
		sim_net_violation(nic, "channel %u: SEND_RNDIS_PKT before the receive buffer\n",
				  nc->index);
	} else {
		total = sim_net_gather(nc, pkt, off, &msg->rndis_pkt);
		if (total >= 0) {
			/* Complete first: the guest may reuse its memory. */
			ret = sim_net_complete(nc->channel, trans_id,
					       NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE,
					       NVSP_STAT_SUCCESS);
			if (ret)
				return -EPROTO;
			sim_net_walk(nc, total);
			return 0;
		}
	}
	return sim_net_complete(nc->channel, trans_id,
				NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE, status) ?
	       -EPROTO : 0;
}

/* The answer to INIT (2.4 step 2). */
static int sim_net_init(struct sim_net_channel *nc, const struct nvsp_message *msg,
			u32 size, u64 trans_id)
{
	struct sim_net_nic *nic = nc->nic;
	struct nvsp_message reply = {
		.hdr.msg_type = cpu_to_le32(NVSP_MSG_TYPE_INIT_COMPLETE),
	};
	u32 version;
	bool ok;

	if (size < 8) {
		sim_net_violation(nic, "INIT of %u bytes\n", size);
		return 0;
	}
	version = le32_to_cpu(msg->init.min_protocol_ver);
	mutex_lock(&nic->lock);
	if (nic->state != SIM_NET_BEGIN) {
		sim_net_violation(nic, "INIT after version %#x was agreed\n",
				  nic->nvsp_version);
		ok = false;
	} else {
		ok = sim_net_version_ok(nic, version);
	}
	if (ok) {
		nic->nvsp_version = version;
		nic->state = SIM_NET_INITIALIZED;
	}
	mutex_unlock(&nic->lock);
	reply.init_complete.status = cpu_to_le32(ok ? NVSP_STAT_SUCCESS : NVSP_STAT_NONE);
	reply.init_complete.max_mdl_chain_len = cpu_to_le32(NVSP_MAX_MDL_CHAIN_LEN);
	/* OpenVMM: 2 for version 1 (staging guests insist), else invalid. */
	reply.init_complete.negotiated_protocol_ver =
		cpu_to_le32(ok && version == NVSP_PROTOCOL_VERSION_1 ? 2 :
			    NVSP_INVALID_PROTOCOL_VERSION);
	return sim_net_send(nc->channel, VMBUS_PACKET_COMP, trans_id, &reply,
			    version == NVSP_PROTOCOL_VERSION_61 && ok ?
			    NVSP_MESSAGE_SIZE : NVSP_MESSAGE_SIZE_V1);
}

/* SEND_RECV_BUF, SEND_SEND_BUF: the GPADL is found from buf_work. */
static int sim_net_send_buf(struct sim_net_channel *nc, u32 type,
			    const struct nvsp_message *msg, u32 size, u64 trans_id)
{
	struct sim_net_nic *nic = nc->nic;
	bool recv = type == NVSP_MSG1_TYPE_SEND_RECV_BUF;
	const char *bad = NULL;

	mutex_lock(&nic->lock);
	if (size < 4 + sizeof(struct nvsp_msg1_send_buf))
		bad = "too short";
	else if (nic->state == SIM_NET_BEGIN)
		bad = "before INIT";
	else if (recv && le16_to_cpu(msg->send_buf.id) != NVSP_RECV_BUF_ID)
		bad = "with an id other than 0xcafe";
	else if (recv ? !!nic->recv_va : !!nic->send_va)
		bad = "for a buffer already in place";
	else if (!recv && !nic->recv_va)
		bad = "before the receive buffer";
	nic->pending_gpadl = bad ? 0 : le32_to_cpu(msg->send_buf.gpadl_handle);
	nic->pending_type = type;
	nic->pending_trans_id = trans_id;
	nic->pending_status = NVSP_STAT_FAIL;
	nic->pending_done = !!bad;
	mutex_unlock(&nic->lock);
	if (bad)
		sim_net_violation(nic, "%s %s\n", recv ? "SEND_RECV_BUF" : "SEND_SEND_BUF",
				  bad);
	if (bad)
		sim_net_kick(nc);
	else
		schedule_work(&nic->buf_work);
	return 0;
}

static int sim_net_subchannel(struct sim_net_channel *nc,
			      const struct nvsp_message *msg, u32 size,
			      u64 trans_id)
{
	struct sim_net_nic *nic = nc->nic;
	struct nvsp_message reply = {
		.hdr.msg_type = cpu_to_le32(NVSP_MSG5_TYPE_SUBCHANNEL),
	};
	u32 want = 0, grant = 0;
	int ret;

	ret = sim_ring_room(nc->channel, sim_packet_total(NVSP_MESSAGE_SIZE));
	if (ret)
		return ret == -EAGAIN ? -EAGAIN : -EPROTO;
	mutex_lock(&nic->lock);
	if (size < 4 + sizeof(msg->subchannel_req) ||
	    le32_to_cpu(msg->subchannel_req.op) != NVSP_SUBCHANNEL_OP_ALLOCATE ||
	    nic->nvsp_version < NVSP_PROTOCOL_VERSION_5 ||
	    nic->subchannels_granted || !nic->rndis_ready) {
		mutex_unlock(&nic->lock);
		sim_net_violation(nic, "SUBCHANNEL request that this host cannot take (NVSP %#x)\n",
				  nic->nvsp_version);
		reply.subchannel_comp.status = cpu_to_le32(NVSP_STAT_FAIL);
	} else {
		want = le32_to_cpu(msg->subchannel_req.num_subchannels);
		grant = min_t(u32, want, nic->max_subchannels);
		nic->subchannels_granted = grant;
		nic->subchannel_request = grant;
		mutex_unlock(&nic->lock);
		reply.subchannel_comp.status = cpu_to_le32(NVSP_STAT_SUCCESS);
		reply.subchannel_comp.num_subchannels = cpu_to_le32(grant);
	}
	ret = sim_net_send(nc->channel, VMBUS_PACKET_COMP, trans_id, &reply,
			   sim_net_msg_size(nic));
	if (ret)
		return -EPROTO;
	if (grant)
		schedule_work(&nic->subchannel_work);
	return 0;
}

/* One NVSP message on the primary, other than SEND_RNDIS_PKT. */
static int sim_net_control(struct sim_net_channel *nc, u32 type,
			   const struct nvsp_message *msg, u32 size, u64 trans_id,
			   bool want_completion)
{
	struct sim_net_nic *nic = nc->nic;
	struct nvsp_message reply = {};

	switch (type) {
	case NVSP_MSG_TYPE_INIT:
		if (!want_completion)
			break;
		return sim_net_init(nc, msg, size, trans_id);
	case NVSP_MSG2_TYPE_SEND_NDIS_CONFIG:
		mutex_lock(&nic->lock);
		if (size < 4 + sizeof(msg->ndis_config) || nic->state != SIM_NET_INITIALIZED ||
		    nic->nvsp_version < NVSP_PROTOCOL_VERSION_2) {
			mutex_unlock(&nic->lock);
			sim_net_violation(nic, "SEND_NDIS_CONFIG out of place (NVSP %#x)\n",
					  nic->nvsp_version);
			return 0;
		}
		nic->guest_mtu = le32_to_cpu(msg->ndis_config.mtu);
		/* 2.4 step 3: outside [1514, 9216] means 1514. */
		if (nic->guest_mtu < ETH_FRAME_LEN || nic->guest_mtu > SIM_NET_MAX_MTU)
			nic->guest_mtu = ETH_FRAME_LEN;
		nic->capability = le64_to_cpu(msg->ndis_config.capability);
		mutex_unlock(&nic->lock);
		break;
	case NVSP_MSG1_TYPE_SEND_NDIS_VER:
		mutex_lock(&nic->lock);
		if (size < 4 + sizeof(msg->ndis_ver) || nic->state == SIM_NET_BEGIN) {
			mutex_unlock(&nic->lock);
			sim_net_violation(nic, "SEND_NDIS_VER out of place\n");
			return 0;
		}
		nic->ndis_version = le32_to_cpu(msg->ndis_ver.ndis_major_ver) << 16 |
				    (le32_to_cpu(msg->ndis_ver.ndis_minor_ver) & 0xffff);
		mutex_unlock(&nic->lock);
		break;
	case NVSP_MSG1_TYPE_SEND_RECV_BUF:
	case NVSP_MSG1_TYPE_SEND_SEND_BUF:
		if (!want_completion) {
			sim_net_violation(nic, "buffer message %u without COMPLETION_REQUESTED\n",
					  type);
			return 0;
		}
		return sim_net_send_buf(nc, type, msg, size, trans_id);
	case NVSP_MSG1_TYPE_REVOKE_RECV_BUF:
	case NVSP_MSG1_TYPE_REVOKE_SEND_BUF:
		mutex_lock(&nic->lock);
		if (type == NVSP_MSG1_TYPE_REVOKE_RECV_BUF ? !nic->recv_va : !nic->send_va) {
			mutex_unlock(&nic->lock);
			sim_net_violation(nic, "REVOKE of a buffer that is not in place (%u)\n",
					  type);
			return 0;
		}
		sim_net_forget_buffers(nic, type == NVSP_MSG1_TYPE_REVOKE_RECV_BUF,
				       type == NVSP_MSG1_TYPE_REVOKE_SEND_BUF);
		mutex_unlock(&nic->lock);
		break;
	case NVSP_MSG5_TYPE_SUBCHANNEL:
		return sim_net_subchannel(nc, msg, size, trans_id);
	case NVSP_MSG4_TYPE_SWITCH_DATA_PATH:
		/* No VF here: an empty completion is what the guest waits for. */
		reply.hdr.msg_type = cpu_to_le32(type);
		if (want_completion)
			return sim_net_send(nc->channel, VMBUS_PACKET_COMP, trans_id,
					    &reply, sim_net_msg_size(nic)) ? -EPROTO : 0;
		return 0;
	default:
		sim_net_violation(nic, "NVSP message type %u, which this host does not take\n",
				  type);
		break;
	}
	if (want_completion) {
		reply.hdr.msg_type = cpu_to_le32(type);
		return sim_net_send(nc->channel, VMBUS_PACKET_COMP, trans_id, &reply,
				    sim_net_msg_size(nic)) ? -EPROTO : 0;
	}
	return 0;
}

/*
 * One packet from a NIC channel (ring_lock held): 0 when done with it,
 * -EAGAIN to be called again with it later, -EBUSY when done with it but
 * the inbound ring is full, -EPROTO for a broken ring.
 */
int sim_net_packet(struct sim_channel *channel, const void *buf, u32 len)
{
	const struct vmbus_packet_descriptor *desc = buf;
	struct sim_net_channel *nc = channel->net;
	struct sim_net_nic *nic = nc->nic;
	u16 type = le16_to_cpu(desc->type);
	bool want = le16_to_cpu(desc->flags) & VMBUS_PACKET_FLAG_COMPLETION_REQUESTED;
	u32 off = le16_to_cpu(desc->offset8) * 8;
	u64 trans_id = le64_to_cpu(desc->trans_id);
	struct nvsp_message msg = {};
	u32 size = len - off, mtype;
	int ret;

	lockdep_assert_held(&channel->ring_lock);
	if (type == VMBUS_PACKET_COMP) {
		sim_net_completion(nc, buf, len, off, trans_id);
		/* A sub-allocation came back: frames may be waiting for it. */
		return sim_net_flush_after(channel);
	}
	if (type != VMBUS_PACKET_DATA_INBAND &&
	    type != VMBUS_PACKET_DATA_USING_GPA_DIRECT) {
		sim_net_violation(nic, "channel %u: packet of type %u\n", nc->index, type);
		return 0;
	}
	if (size < sizeof(struct nvsp_msg_header)) {
		sim_net_violation(nic, "channel %u: NVSP message of %u bytes\n",
				  nc->index, size);
		return 0;
	}
	memcpy(&msg, (const u8 *)buf + off, min_t(u32, size, sizeof(msg)));
	mtype = le32_to_cpu(msg.hdr.msg_type);

	/* While a buffer is looked up, the guest waits; so does its ring. */
	if (!nc->index && READ_ONCE(nic->pending_type))
		return -EAGAIN;
	if (mtype == NVSP_MSG1_TYPE_SEND_RNDIS_PKT) {
		if (!want || size < 4 + sizeof(msg.rndis_pkt)) {
			sim_net_violation(nic, "channel %u: SEND_RNDIS_PKT of %u bytes%s\n",
					  nc->index, size,
					  want ? "" : " without COMPLETION_REQUESTED");
			return 0;
		}
		ret = sim_net_rndis_pkt(nc, buf, off, &msg, trans_id);
	} else if (nc->index) {
		sim_net_violation(nic, "channel %u: NVSP message %u on a sub-channel\n",
				  nc->index, mtype);
		return 0;
	} else if (type != VMBUS_PACKET_DATA_INBAND) {
		sim_net_violation(nic, "NVSP message %u in a GPA-direct packet\n", mtype);
		return 0;
	}
	if (mtype != NVSP_MSG1_TYPE_SEND_RNDIS_PKT)
		ret = sim_net_control(nc, mtype, &msg, size, trans_id, want);
	if (ret)
		return ret;
	/* Replies this packet queued go out now, if there is room. */
	return sim_net_flush_after(channel);
}

/* debugfs inject: remember it, the primary's ring work sends it. */
int sim_net_inject_now(struct sim_net_nic *nic, enum sim_net_inject kind)
{
	int ret = 0;

	mutex_lock(&nic->lock);
	if (!nic->channels[0] || !nic->recv_va)
		ret = -ENODEV;
	else if (nic->inject)
		ret = -EBUSY;
	else
		nic->inject = kind;
	if (!ret)
		sim_net_kick(nic->channels[0]);
	mutex_unlock(&nic->lock);
	return ret;
}

/* Module exit: no channel is left, debugfs is gone. */
void sim_net_exit(void)
{
	struct sim_net_nic *nic, *next;

	list_for_each_entry_safe(nic, next, &sim_net_nics, node) {
		cancel_work_sync(&nic->buf_work);
		cancel_work_sync(&nic->subchannel_work);
		list_del(&nic->node);
		kvfree(nic->slots);
		kvfree(nic->free_slots);
		mutex_destroy(&nic->lock);
		kfree(nic);
	}
}
