// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frames out (protocol-devices.md 2.6, 3.4): each frame becomes an RNDIS
 * PACKET with its per-packet info (VLAN tag, checksum or LSO request).
 * A frame that fits a send-buffer section is copied there, after the
 * frames already waiting in that section when the stack says more are
 * coming (xmit_more), and the skb is freed at once; a larger one, or any
 * frame when the send buffer is full, goes as GPA-direct page buffers
 * straight from the skb's pages, the RNDIS header pushed in front of its
 * data, and the skb is freed on the host's completion. The queue stops
 * when the ring is nearly full and the completions wake it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "netvsc.h"

/*
 * What a send's request-table value says: an skb pointer (sent as page
 * buffers), or a send-buffer section (tag 2), or control (1).
 */
#define NETVSC_TX_SECTION_TAG	2
#define NETVSC_TX_TAG_MASK	3

/* 2.6: stop below 10 % of the ring free, wake above 20 %. */
static u32 netvsc_ring_data(void)
{
	return netvsc_ring_bytes - VMBUS_PAGE_SIZE;
}

static u32 netvsc_alloc_section(struct netvsc_dev *ndev)
{
	u32 i;

	for (;;) {
		i = find_first_zero_bit(ndev->send_section_map, ndev->send_sections);
		if (i >= ndev->send_sections)
			return NVSP_INVALID_SECTION_INDEX;
		if (!test_and_set_bit(i, ndev->send_section_map))
			return i;
	}
}

static void netvsc_free_section(struct netvsc_dev *ndev, u32 index)
{
	if (index < ndev->send_sections)
		clear_bit(index, ndev->send_section_map);
}

static void netvsc_put_ppi(u8 **p, u32 type, u32 value)
{
	struct rndis_ppi_u32 ppi = {
		.hdr.size = cpu_to_le32(sizeof(ppi)),
		.hdr.type = cpu_to_le32(type),
		.hdr.ppi_offset = cpu_to_le32(sizeof(ppi.hdr)),
		.value = cpu_to_le32(value),
	};

	memcpy(*p, &ppi, sizeof(ppi));
	*p += sizeof(ppi);
}

/*
 * 3.4: the checksum or LSO request for @skb, or a checksum done here
 * for what the host does not take. 0, or an error to drop the frame.
 */
static int netvsc_tx_offload_ppi(struct netvsc_dev *ndev, struct sk_buff *skb,
				 u8 **p)
{
	bool v4 = skb->protocol == htons(ETH_P_IP);
	bool v6 = skb->protocol == htons(ETH_P_IPV6);
	u32 value, l4 = skb_transport_offset(skb);
	u8 proto;
	int ret;

	if (skb_is_gso(skb)) {
		ret = skb_cow_head(skb, 0);
		if (ret)
			return ret;
		value = (skb_shinfo(skb)->gso_size & RNDIS_LSO_MSS_MASK) |
			(l4 << RNDIS_LSO_TCP_OFFSET_SHIFT) | RNDIS_LSO_TYPE_V2;
		/* 3.4: the host fills in the lengths and checksums of each segment. */
		if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4) {
			ip_hdr(skb)->tot_len = 0;
			ip_hdr(skb)->check = 0;
			tcp_hdr(skb)->check = ~csum_tcpudp_magic(ip_hdr(skb)->saddr,
								 ip_hdr(skb)->daddr, 0,
								 IPPROTO_TCP, 0);
		} else {
			ipv6_hdr(skb)->payload_len = 0;
			tcp_hdr(skb)->check = ~csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
							       &ipv6_hdr(skb)->daddr, 0,
							       IPPROTO_TCP, 0);
			value |= RNDIS_LSO_IPV6;
		}
		netvsc_put_ppi(p, RNDIS_PPI_TCP_LARGESEND, value);
		return 0;
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	if (v4 && READ_ONCE(ndev->tx_csum_ip4))
		proto = ip_hdr(skb)->protocol;
	else if (v6 && READ_ONCE(ndev->tx_csum_ip6))
		proto = ipv6_hdr(skb)->nexthdr;
	else
		return skb_checksum_help(skb);
	if (proto == IPPROTO_TCP && (v4 ? ndev->csum_tcp4 : ndev->csum_tcp6))
		value = RNDIS_CSUM_TX_TCP;
	else if (proto == IPPROTO_UDP && (v4 ? ndev->csum_udp4 : ndev->csum_udp6))
		value = RNDIS_CSUM_TX_UDP;
	else
		return skb_checksum_help(skb);
	value |= (v4 ? RNDIS_CSUM_TX_IS_IPV4 : RNDIS_CSUM_TX_IS_IPV6) |
		 l4 << RNDIS_CSUM_TX_TCP_OFFSET_SHIFT;
	netvsc_put_ppi(p, RNDIS_PPI_TCPIP_CHKSUM, value);
	return 0;
}

/* The RNDIS PACKET header for @skb into @hdr; its length, or an error. */
static int netvsc_tx_build_header(struct netvsc_dev *ndev, struct sk_buff *skb,
				  u8 *hdr)
{
	struct rndis_message *m = (void *)hdr;
	u8 *p = hdr + RNDIS_PACKET_MSG_SIZE;
	u32 ppi_len;
	int ret;

	memset(hdr, 0, RNDIS_PACKET_MSG_SIZE);
	if (skb_vlan_tag_present(skb)) {
		u16 tci = skb_vlan_tag_get(skb);

		netvsc_put_ppi(&p, RNDIS_PPI_IEEE_8021Q,
			       (tci & VLAN_VID_MASK) << RNDIS_VLAN_ID_SHIFT |
			       ((tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT) |
			       (tci & VLAN_CFI_MASK ? RNDIS_VLAN_CFI : 0));
	}
	ret = netvsc_tx_offload_ppi(ndev, skb, &p);
	if (ret)
		return ret;
	ppi_len = p - hdr - RNDIS_PACKET_MSG_SIZE;
	m->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_PACKET);
	m->hdr.msg_len = cpu_to_le32(RNDIS_PACKET_MSG_SIZE + ppi_len + skb->len);
	m->pkt.data_offset = cpu_to_le32(sizeof(m->pkt) + ppi_len);
	m->pkt.data_len = cpu_to_le32(skb->len);
	if (ppi_len) {
		m->pkt.per_pkt_info_offset = cpu_to_le32(sizeof(m->pkt));
		m->pkt.per_pkt_info_len = cpu_to_le32(ppi_len);
	}
	return p - hdr;
}

static int netvsc_send_nvsp(struct netvsc_chan *chan, u32 section, u32 used,
			    const struct vmbus_page_range *ranges, u32 nranges,
			    u64 value)
{
	struct nvsp_message msg = {};
	u64 id, unused;
	int ret;

	msg.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RNDIS_PKT);
	msg.rndis_pkt.channel_type = cpu_to_le32(NVSP_RNDIS_CHANNEL_DATA);
	msg.rndis_pkt.send_buf_section_index = cpu_to_le32(section);
	msg.rndis_pkt.send_buf_section_size = cpu_to_le32(used);
	id = hvlis_request_add(chan->channel, value);
	if (!id)
		return -EAGAIN;
	atomic_inc(&chan->outstanding);
	if (nranges)
		ret = hvlis_channel_send_gpa_direct(chan->channel, ranges, nranges,
						    &msg, sizeof(msg), id,
						    VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	else
		ret = hvlis_channel_send_inband(chan->channel, &msg, sizeof(msg), id,
						VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret) {
		hvlis_request_take(chan->channel, id, &unused);
		atomic_dec(&chan->outstanding);
	}
	return ret;
}

/* Send the section being filled, if any. */
static int netvsc_flush_batch(struct netvsc_chan *chan)
{
	u32 section = chan->batch_section;
	int ret;

	if (section == NVSP_INVALID_SECTION_INDEX)
		return 0;
	ret = netvsc_send_nvsp(chan, section, chan->batch_len, NULL, 0,
			       ((u64)section << 2) | NETVSC_TX_SECTION_TAG);
	if (ret == -EAGAIN)
		return ret;	/* kept: sent with the next frame or on wake */
	if (ret) {
		netvsc_free_section(chan->ndev, section);
		atomic64_add(chan->batch_count, &chan->ndev->tx.dropped);
	}
	chan->batch_section = NVSP_INVALID_SECTION_INDEX;
	chan->batch_len = 0;
	chan->batch_count = 0;
	return 0;
}

/* Copy into a section; false when no section has room. */
static bool netvsc_tx_copy(struct netvsc_chan *chan, struct sk_buff *skb,
			   const u8 *hdr, u32 hdr_len)
{
	struct netvsc_dev *ndev = chan->ndev;
	u32 len = hdr_len + skb->len, padded = ALIGN(len, ndev->pkt_align);
	u8 *dst;

	if (padded > ndev->send_section_size)
		return false;
	/* A full batch, or one this frame does not fit, goes first. */
	if (chan->batch_section != NVSP_INVALID_SECTION_INDEX &&
	    (chan->batch_count >= ndev->max_pkt_per_msg ||
	     chan->batch_len + padded > ndev->send_section_size) &&
	    netvsc_flush_batch(chan))
		return false;
	if (chan->batch_section == NVSP_INVALID_SECTION_INDEX) {
		chan->batch_section = netvsc_alloc_section(ndev);
		if (chan->batch_section == NVSP_INVALID_SECTION_INDEX) {
			atomic64_inc(&ndev->tx.no_section);
			return false;
		}
	} else {
		atomic64_inc(&ndev->tx.batched);
	}
	dst = (u8 *)ndev->send_buf + chan->batch_section * ndev->send_section_size +
	      chan->batch_len;
	memcpy(dst, hdr, hdr_len);
	skb_copy_bits(skb, 0, dst + hdr_len, skb->len);
	/* 2.6: each message padded to the alignment, msg_len counting it. */
	memset(dst + len, 0, padded - len);
	((struct rndis_msg_hdr *)dst)->msg_len = cpu_to_le32(padded);
	chan->batch_len += padded;
	chan->batch_count++;
	return true;
}

/* The page buffers of @skb, whose data now starts with its RNDIS header. */
static int netvsc_tx_pages(struct netvsc_chan *chan, struct sk_buff *skb)
{
	struct vmbus_page_range *r = chan->tx_ranges;
	u64 *pfns = chan->tx_pfns;
	u32 used = 0, i, n;
	int ret;

	n = DIV_ROUND_UP(offset_in_page(skb->data) + skb_headlen(skb), VMBUS_PAGE_SIZE);
	if (n > NETVSC_TX_MAX_PFNS)
		return -EMSGSIZE;
	netvsc_fill_pfns(skb->data, skb_headlen(skb), r++, pfns);
	used = n;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		phys_addr_t pa = page_to_phys(skb_frag_page(frag)) + skb_frag_off(frag);
		u32 len = skb_frag_size(frag), j;

		if (!len)
			continue;
		r->offset = offset_in_page(pa);
		r->len = len;
		n = DIV_ROUND_UP(r->offset + len, VMBUS_PAGE_SIZE);
		if (used + n > NETVSC_TX_MAX_PFNS)
			return -EMSGSIZE;
		r->pfns = pfns + used;
		for (j = 0; j < n; j++)
			pfns[used + j] = (pa >> VMBUS_PAGE_SHIFT) + j;
		used += n;
		r++;
	}
	skb_queue_tail(&chan->tx_pending, skb);
	ret = netvsc_send_nvsp(chan, NVSP_INVALID_SECTION_INDEX, 0, chan->tx_ranges,
			       r - chan->tx_ranges, (u64)(uintptr_t)skb);
	if (ret)
		skb_unlink(skb, &chan->tx_pending);
	return ret;
}

static void netvsc_tx_count(struct netvsc_chan *chan, u32 bytes)
{
	u64_stats_update_begin(&chan->tx_stats.syncp);
	u64_stats_inc(&chan->tx_stats.packets);
	u64_stats_add(&chan->tx_stats.bytes, bytes);
	u64_stats_update_end(&chan->tx_stats.syncp);
}

/*
 * Stop the queue until the ring has room again: the host signals when
 * it has read enough, and the callback wakes the queue.
 */
static void netvsc_tx_stop(struct netvsc_chan *chan, struct netdev_queue *txq)
{
	netif_tx_stop_queue(txq);
	atomic64_inc(&chan->ndev->tx.ring_busy);
	hvlis_channel_want_space(chan->channel, netvsc_ring_data() / 5);
	/* It may have read meanwhile: the callback then wakes us at once. */
	if (hvlis_channel_can_send(chan->channel, netvsc_ring_data() / 5))
		hvlis_channel_kick(chan->channel);
}

static void netvsc_tx_maybe_stop(struct netvsc_chan *chan, struct netdev_queue *txq)
{
	if (!hvlis_channel_can_send(chan->channel, netvsc_ring_data() / 10))
		netvsc_tx_stop(chan, txq);
}

/*
 * 2.7: the host's send indirection table (or the default spread) picks
 * the channel for the frame's hash; an entry past the queues in use
 * falls back to the hash alone.
 */
u16 netvsc_select_queue(struct net_device *net, struct sk_buff *skb,
			struct net_device *sb_dev)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	unsigned int n = net->real_num_tx_queues;
	u32 hash, q;

	if (n <= 1)
		return 0;
	hash = skb_get_hash(skb);
	q = READ_ONCE(ndev->send_table[hash % NVSP_SEND_INDIRECTION_ENTRIES]);
	return q < n ? q : reciprocal_scale(hash, n);
}

netdev_tx_t netvsc_start_xmit(struct sk_buff *skb, struct net_device *net)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	u16 q = skb_get_queue_mapping(skb);
	struct netdev_queue *txq = netdev_get_tx_queue(net, q);
	struct netvsc_chan *chan;
	u8 hdr[RNDIS_TX_HEADROOM];
	u32 bytes = skb->len;
	int hdr_len, ret;

	if (unlikely(!READ_ONCE(ndev->attached) || q >= ndev->nr_chans ||
		     !ndev->chans[q].channel))
		goto drop;
	chan = &ndev->chans[q];

	hdr_len = netvsc_tx_build_header(ndev, skb, hdr);
	if (hdr_len < 0)
		goto drop;

	if (netvsc_tx_copy(chan, skb, hdr, hdr_len)) {
		dev_consume_skb_any(skb);
		netvsc_tx_count(chan, bytes);
		/* A batch the ring has no room for yet goes out on wake. */
		if ((!netdev_xmit_more() || netif_xmit_stopped(txq)) &&
		    netvsc_flush_batch(chan)) {
			netvsc_tx_stop(chan, txq);
			return NETDEV_TX_OK;
		}
		netvsc_tx_maybe_stop(chan, txq);
		return NETDEV_TX_OK;
	}

	/* Page buffers: what is batched goes first, to keep the order. */
	if (netvsc_flush_batch(chan))
		goto busy;
	if (skb_cow_head(skb, hdr_len))
		goto drop;
	memcpy(skb_push(skb, hdr_len), hdr, hdr_len);
	ret = netvsc_tx_pages(chan, skb);
	if (ret == -EMSGSIZE)
		ret = skb_linearize(skb) ? -ENOMEM : netvsc_tx_pages(chan, skb);
	if (ret == -EAGAIN) {
		skb_pull(skb, hdr_len);
		goto busy;
	}
	if (ret)
		goto drop;
	atomic64_inc(&ndev->tx.gpa_direct);
	netvsc_tx_count(chan, bytes);
	netvsc_tx_maybe_stop(chan, txq);
	return NETDEV_TX_OK;

busy:
	netvsc_tx_stop(chan, txq);
	return NETDEV_TX_BUSY;
drop:
	atomic64_inc(&ndev->tx.dropped);
	net->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* The host completed a send of ours (2.6); anything else is dropped. */
void netvsc_tx_completion(struct netvsc_chan *chan, u64 trans_id,
			  const void *data, u32 len)
{
	struct netvsc_dev *ndev = chan->ndev;
	u64 value;

	if (hvlis_request_take(chan->channel, trans_id, &value)) {
		netvsc_bad_packet(ndev, chan, "completion for no send of ours");
		return;
	}
	atomic_dec(&chan->outstanding);
	if (len < sizeof(struct nvsp_rndis_pkt_completion) ||
	    netvsc_le32_at(data) != NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE)
		netvsc_bad_packet(ndev, chan,
				  "send completion that is not SEND_RNDIS_PKT_COMPLETE");
	else if (netvsc_le32_at((const u8 *)data + 4) != NVSP_STAT_SUCCESS)
		ndev->net->stats.tx_errors++;

	switch (value & NETVSC_TX_TAG_MASK) {
	case NETVSC_TX_CONTROL:
		break;
	case NETVSC_TX_SECTION_TAG:
		netvsc_free_section(ndev, value >> 2);
		break;
	default: {
		struct sk_buff *skb = (struct sk_buff *)(uintptr_t)value;

		skb_unlink(skb, &chan->tx_pending);
		napi_consume_skb(skb, 0);
		break;
	}
	}
}

/* From the callback: completions and the host's reading made room. */
void netvsc_tx_wake(struct netvsc_chan *chan)
{
	struct netvsc_dev *ndev = chan->ndev;
	struct netdev_queue *txq;

	if (!READ_ONCE(ndev->attached) || chan->index >= ndev->net->real_num_tx_queues)
		return;
	txq = netdev_get_tx_queue(ndev->net, chan->index);
	if (!netif_tx_queue_stopped(txq) ||
	    !hvlis_channel_can_send(chan->channel, netvsc_ring_data() / 5))
		return;
	__netif_tx_lock(txq, smp_processor_id());
	/* The batch the ring had no room for goes before any new frame. */
	if (!netvsc_flush_batch(chan)) {
		hvlis_channel_want_space(chan->channel, 0);
		netif_tx_wake_queue(txq);
	}
	__netif_tx_unlock(txq);
}

/* With the queues disabled: send what is batched, or give its section back. */
void netvsc_tx_flush_all(struct netvsc_dev *ndev)
{
	unsigned int i;

	for (i = 0; i < ndev->nr_chans; i++) {
		struct netvsc_chan *chan = &ndev->chans[i];

		if (chan->channel && netvsc_flush_batch(chan)) {
			netvsc_free_section(ndev, chan->batch_section);
			chan->batch_section = NVSP_INVALID_SECTION_INDEX;
			chan->batch_len = 0;
			chan->batch_count = 0;
		}
	}
}

/* Wait until the host completed every send (after HALT); false on timeout. */
bool netvsc_tx_drain(struct netvsc_dev *ndev)
{
	unsigned long end = jiffies + NETVSC_DRAIN_TIMEOUT;
	unsigned int i;

	for (;;) {
		bool idle = true;

		for (i = 0; i < ndev->nr_chans; i++)
			if (atomic_read(&ndev->chans[i].outstanding))
				idle = false;
		if (idle)
			return true;
		if (ndev->gone || time_after(jiffies, end))
			return false;
		usleep_range(10000, 20000);
	}
}
