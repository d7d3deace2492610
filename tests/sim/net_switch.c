// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual switch between the simulated NICs. A frame one NIC sends
 * goes to the NIC whose current MAC it is for, broadcast and multicast to
 * every other NIC; each receiver's RNDIS packet filter decides what it
 * takes, and a promiscuous one also gets unicast for others.
 *
 * The switch does what a host does with offloads (3.4): it fills in the
 * checksums the sender left to it, cuts LSO frames into MSS-sized
 * segments, carries VLAN tags out of band, and on delivery marks
 * checksums as validated (or failed) only for a receiver that enabled RX
 * checksum offload. Frames cross NICs as skbs in the receiving channel's
 * queue; that channel's ring work writes them into the receive buffer
 * (net.c), so no ring work ever takes another's ring_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "net.h"

/* Where the headers of a frame are; l4 only for TCP and UDP. */
struct sim_net_hdrs {
	u32 l3;			/* offset of the IP header, 0: not IP */
	u32 l4;			/* offset of the TCP/UDP header, 0: neither */
	u32 l4_len;		/* per the IP header, clamped to the frame */
	u8 ipv;			/* 4 or 6 */
	u8 proto;		/* IPPROTO_TCP or IPPROTO_UDP */
};

static void sim_net_parse(const u8 *f, u32 len, struct sim_net_hdrs *h)
{
	u32 off = ETH_HLEN, ihl;
	__be16 proto;

	memset(h, 0, sizeof(*h));
	if (len < ETH_HLEN)
		return;
	proto = ((const struct ethhdr *)f)->h_proto;
	if (proto == htons(ETH_P_8021Q) && len >= VLAN_ETH_HLEN) {
		proto = ((const struct vlan_ethhdr *)f)->h_vlan_encapsulated_proto;
		off = VLAN_ETH_HLEN;
	}
	if (proto == htons(ETH_P_IP) && len >= off + sizeof(struct iphdr)) {
		const struct iphdr *ip = (const void *)(f + off);

		ihl = ip->ihl * 4;
		if (ip->version != 4 || ihl < sizeof(*ip) || len < off + ihl)
			return;
		h->l3 = off;
		h->ipv = 4;
		if (ip->frag_off & htons(IP_MF | IP_OFFSET))
			return;
		h->proto = ip->protocol;
		h->l4 = off + ihl;
		h->l4_len = len - h->l4;
		if (ntohs(ip->tot_len) >= ihl)
			h->l4_len = min_t(u32, h->l4_len, ntohs(ip->tot_len) - ihl);
	} else if (proto == htons(ETH_P_IPV6) && len >= off + sizeof(struct ipv6hdr)) {
		const struct ipv6hdr *ip6 = (const void *)(f + off);

		if (ip6->version != 6)
			return;
		h->l3 = off;
		h->ipv = 6;
		/* No extension headers: TCP or UDP right after. */
		h->proto = ip6->nexthdr;
		h->l4 = off + sizeof(*ip6);
		h->l4_len = len - h->l4;
		/* 0 in an LSO frame: the segments get theirs. */
		if (ip6->payload_len)
			h->l4_len = min_t(u32, h->l4_len, ntohs(ip6->payload_len));
	}
	if (h->proto == IPPROTO_TCP ? h->l4_len < sizeof(struct tcphdr) :
	    h->proto == IPPROTO_UDP ? h->l4_len < sizeof(struct udphdr) : true) {
		h->l4 = 0;
		h->proto = 0;
	}
}

/* The TCP/UDP checksum of the frame as it is (0 when right, with it in). */
static __sum16 sim_net_l4_csum(const u8 *f, const struct sim_net_hdrs *h)
{
	__wsum sum = csum_partial(f + h->l4, h->l4_len, 0);

	if (h->ipv == 4) {
		const struct iphdr *ip = (const void *)(f + h->l3);

		return csum_tcpudp_magic(ip->saddr, ip->daddr, h->l4_len, h->proto, sum);
	}
	return csum_ipv6_magic(&((const struct ipv6hdr *)(f + h->l3))->saddr,
			       &((const struct ipv6hdr *)(f + h->l3))->daddr,
			       h->l4_len, h->proto, sum);
}

static __sum16 *sim_net_l4_check(u8 *f, const struct sim_net_hdrs *h)
{
	return h->proto == IPPROTO_TCP ? &((struct tcphdr *)(f + h->l4))->check :
	       &((struct udphdr *)(f + h->l4))->check;
}

/* Fill in the checksums a sender left to the host (TX checksum PPI). */
static void sim_net_fill_csum(u8 *f, u32 len, u32 csum)
{
	struct sim_net_hdrs h;
	__sum16 *check, sum;

	sim_net_parse(f, len, &h);
	if ((csum & RNDIS_CSUM_TX_IP_HEADER) && h.ipv == 4) {
		struct iphdr *ip = (void *)(f + h.l3);

		ip->check = 0;
		ip->check = ip_fast_csum(ip, ip->ihl);
	}
	if (!h.l4 || !(csum & (h.proto == IPPROTO_TCP ? RNDIS_CSUM_TX_TCP :
			       RNDIS_CSUM_TX_UDP)))
		return;
	/* Whatever the sender seeded: the host sums the pseudo-header itself. */
	check = sim_net_l4_check(f, &h);
	*check = 0;
	sum = sim_net_l4_csum(f, &h);
	if (h.proto == IPPROTO_UDP && !sum)
		sum = CSUM_MANGLED_0;
	*check = sum;
}

/* Would @nic take a frame for @dst? (nic->lock held) */
static bool sim_net_accepts(struct sim_net_nic *nic, const u8 *dst, bool *for_it)
{
	u32 f = nic->filter;

	lockdep_assert_held(&nic->lock);
	*for_it = is_multicast_ether_addr(dst) || ether_addr_equal(dst, nic->mac);
	if (!nic->link_up || !nic->rndis_ready || !nic->recv_va || !f)
		return false;
	if (f & HVLIS_NDIS_PACKET_TYPE_PROMISCUOUS)
		return true;
	if (is_broadcast_ether_addr(dst))
		return f & HVLIS_NDIS_PACKET_TYPE_BROADCAST;
	if (is_multicast_ether_addr(dst))
		return f & (HVLIS_NDIS_PACKET_TYPE_ALL_MULTICAST |
			    HVLIS_NDIS_PACKET_TYPE_MULTICAST);
	return (f & HVLIS_NDIS_PACKET_TYPE_DIRECTED) && *for_it;
}

static u32 sim_net_hash(const u8 *f, u32 len)
{
	struct sim_net_hdrs h;
	u32 a = 0, b = 0, ports = 0;

	sim_net_parse(f, len, &h);
	if (h.ipv == 4) {
		const struct iphdr *ip = (const void *)(f + h.l3);

		a = (__force u32)ip->saddr;
		b = (__force u32)ip->daddr;
	} else if (h.ipv == 6) {
		const struct ipv6hdr *ip6 = (const void *)(f + h.l3);

		a = jhash(&ip6->saddr, sizeof(ip6->saddr), 0);
		b = jhash(&ip6->daddr, sizeof(ip6->daddr), 0);
	}
	if (h.l4)
		memcpy(&ports, f + h.l4, sizeof(ports));
	return jhash_3words(a, b, ports, h.proto);
}

/* Hand one frame to every port that takes it. */
static void sim_net_forward(struct sim_net_nic *from, struct sk_buff *skb)
{
	const u8 *dst = skb->data;
	struct sim_net_channel *nc;
	struct sim_net_nic *nic;
	struct sk_buff *copy;
	u32 hash = sim_net_hash(skb->data, skb->len);
	bool for_it;

	mutex_lock(&sim_net_lock);
	list_for_each_entry(nic, &sim_net_nics, node) {
		if (nic == from)
			continue;
		mutex_lock(&nic->lock);
		if (!sim_net_accepts(nic, dst, &for_it)) {
			if (for_it)
				atomic64_inc(&nic->filtered);
			mutex_unlock(&nic->lock);
			continue;
		}
		nc = sim_net_rx_channel(nic, hash);
		if (!nc || !nc->channel->open || skb_queue_len(&nc->rxq) >= SIM_NET_QUEUE_MAX) {
			atomic64_inc(&nic->queue_full);
			atomic64_inc(&nic->dropped);
			mutex_unlock(&nic->lock);
			continue;
		}
		copy = skb_clone(skb, GFP_KERNEL);
		if (!copy) {
			atomic64_inc(&nic->dropped);
			mutex_unlock(&nic->lock);
			continue;
		}
		SIM_NET_CB(copy)->ctrl = false;
		SIM_NET_CB(copy)->corrupt = false;
		if (nic->corrupt) {
			nic->corrupt--;
			SIM_NET_CB(copy)->corrupt = true;
		}
		SIM_NET_CB(copy)->hash = hash;
		skb_queue_tail(&nc->rxq, copy);
		sim_net_kick(nc);
		mutex_unlock(&nic->lock);
	}
	mutex_unlock(&sim_net_lock);
	consume_skb(skb);
}

/* The sender's VLAN PPI travels with the frame as its tag. */
static void sim_net_tag(struct sk_buff *skb, const struct sim_net_tx *tx)
{
	u16 tci;

	if (!tx->has_vlan)
		return;
	/* 3.4: priority 0-2, CFI 3, VLAN id 4-15. */
	tci = (tx->vlan & RNDIS_VLAN_PRI_MASK) << VLAN_PRIO_SHIFT |
	      ((tx->vlan & RNDIS_VLAN_CFI) ? VLAN_CFI_MASK : 0) |
	      ((tx->vlan & RNDIS_VLAN_ID_MASK) >> RNDIS_VLAN_ID_SHIFT);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);
}

static struct sk_buff *sim_net_skb(const u8 *data, u32 len, const struct sim_net_tx *tx)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_put_data(skb, data, len);
	sim_net_tag(skb, tx);
	return skb;
}

/*
 * LSOv2 (3.4): cut the frame into segments of at most @mss payload bytes,
 * with the IP length and id, TCP sequence, flags and both checksums of
 * each; the guest zeroed the IPv4 length and seeded the TCP checksum,
 * both of which the host recomputes.
 */
static void sim_net_segment(struct sim_net_nic *from, const u8 *f, u32 len,
			    const struct sim_net_tx *tx)
{
	const struct tcphdr *th;
	struct sim_net_hdrs h;
	u32 hlen, payload, off, seg, mss = tx->lso & RNDIS_LSO_MSS_MASK;
	u32 seq;
	u16 id = 0;
	struct sk_buff *skb;

	sim_net_parse(f, len, &h);
	if (h.proto != IPPROTO_TCP) {
		atomic64_inc(&from->dropped);
		pr_warn_ratelimited("net %pUl: LSO request for a frame that is not TCP over IP\n",
				    &from->instance_id);
		return;
	}
	th = (const void *)(f + h.l4);
	hlen = h.l4 + th->doff * 4;
	if (th->doff < 5 || hlen > len || !mss) {
		atomic64_inc(&from->dropped);
		return;
	}
	payload = len - hlen;
	seq = ntohl(th->seq);
	if (h.ipv == 4)
		id = ntohs(((const struct iphdr *)(f + h.l3))->id);
	off = 0;
	do {
		struct tcphdr *t;
		struct sim_net_hdrs sh;
		u8 *p;

		seg = min(mss, payload - off);
		skb = alloc_skb(hlen + seg, GFP_KERNEL);
		if (!skb) {
			atomic64_inc(&from->dropped);
			return;
		}
		p = skb_put(skb, hlen + seg);
		memcpy(p, f, hlen);
		memcpy(p + hlen, f + hlen + off, seg);
		if (h.ipv == 4) {
			struct iphdr *ip = (void *)(p + h.l3);

			ip->tot_len = htons(hlen - h.l3 + seg);
			ip->id = htons(id++);
			ip->check = 0;
			ip->check = ip_fast_csum(ip, ip->ihl);
		} else {
			((struct ipv6hdr *)(p + h.l3))->payload_len =
				htons(hlen - h.l3 - sizeof(struct ipv6hdr) + seg);
		}
		t = (void *)(p + h.l4);
		t->seq = htonl(seq + off);
		if (off + seg < payload) {
			t->fin = 0;
			t->psh = 0;
		}
		if (off)
			t->cwr = 0;
		sim_net_parse(p, hlen + seg, &sh);
		t->check = 0;
		t->check = sim_net_l4_csum(p, &sh);
		sim_net_tag(skb, tx);
		sim_net_forward(from, skb);
		off += seg;
	} while (off < payload);
}

/*
 * A frame @from sent (its sender's ring work, no lock held): offloads
 * done, then forwarded.
 */
void sim_net_switch_xmit(struct sim_net_nic *from, const u8 *frame, u32 len,
			 const struct sim_net_tx *tx)
{
	struct sk_buff *skb;

	if (!READ_ONCE(from->link_up)) {
		atomic64_inc(&from->dropped);
		return;
	}
	if (tx->lso) {
		sim_net_segment(from, frame, len, tx);
		return;
	}
	skb = sim_net_skb(frame, len, tx);
	if (!skb) {
		atomic64_inc(&from->dropped);
		return;
	}
	if (tx->csum)
		sim_net_fill_csum(skb->data, skb->len, tx->csum);
	sim_net_forward(from, skb);
}

static void sim_net_put_ppi(u8 *p, u32 type, u32 value)
{
	struct rndis_ppi_u32 ppi = {
		.hdr.size = cpu_to_le32(sizeof(ppi)),
		.hdr.type = cpu_to_le32(type),
		.hdr.ppi_offset = cpu_to_le32(sizeof(struct rndis_ppi)),
		.value = cpu_to_le32(value),
	};

	memcpy(p, &ppi, sizeof(ppi));
}

/*
 * Write the RNDIS PACKET for a frame from the switch at @dst, in a
 * sub-allocation of @room bytes (nic->lock held). Returns its length, 0
 * when it does not fit. Layout as OpenVMM's, but with the frame right
 * after the PPIs: header, PPIs (checksum, VLAN, hash), frame.
 */
u32 sim_net_build_packet(struct sim_net_nic *nic, struct sk_buff *skb, u8 *dst,
			 u32 room)
{
	struct rndis_message *msg = (struct rndis_message *)dst;
	bool tag = skb_vlan_tag_present(skb);
	bool inline_tag = tag && !(nic->capability & NVSP_NDIS_CAP_IEEE8021Q);
	u32 flen = skb->len + (inline_tag ? VLAN_HLEN : 0);
	struct sim_net_hdrs h;
	u32 nppi = 0, ppi_len, total, verdict = 0;
	bool csum_ppi;
	u8 *frame, *ppi;

	lockdep_assert_held(&nic->lock);
	sim_net_parse(skb->data, skb->len, &h);
	csum_ppi = h.l4 && (h.ipv == 4 ? nic->rx_csum4 : nic->rx_csum6);
	nppi = csum_ppi + (tag && !inline_tag) + nic->rss_enabled;
	ppi_len = nppi * sizeof(struct rndis_ppi_u32);
	total = RNDIS_PACKET_MSG_SIZE + ppi_len + flen;
	if (total > room)
		return 0;

	frame = dst + RNDIS_PACKET_MSG_SIZE + ppi_len;
	if (inline_tag) {
		struct vlan_hdr vh = {
			.h_vlan_TCI = htons(skb_vlan_tag_get(skb)),
			.h_vlan_encapsulated_proto = ((struct ethhdr *)skb->data)->h_proto,
		};

		memcpy(frame, skb->data, 2 * ETH_ALEN);
		memcpy(frame + 2 * ETH_ALEN, &skb->vlan_proto, sizeof(skb->vlan_proto));
		memcpy(frame + 2 * ETH_ALEN + 2, &vh, sizeof(vh));
		memcpy(frame + ETH_HLEN + VLAN_HLEN, skb->data + ETH_HLEN,
		       skb->len - ETH_HLEN);
	} else {
		memcpy(frame, skb->data, skb->len);
	}
	if (SIM_NET_CB(skb)->corrupt) {
		/* The last byte: payload for anything with one. */
		frame[flen - 1] ^= 0xff;
		atomic64_inc(&nic->corrupted);
	}

	memset(msg, 0, RNDIS_PACKET_MSG_SIZE);
	msg->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_PACKET);
	msg->hdr.msg_len = cpu_to_le32(total);
	msg->pkt.data_offset = cpu_to_le32(sizeof(struct rndis_packet) + ppi_len);
	msg->pkt.data_len = cpu_to_le32(flen);
	if (nppi) {
		msg->pkt.per_pkt_info_offset = cpu_to_le32(sizeof(struct rndis_packet));
		msg->pkt.per_pkt_info_len = cpu_to_le32(ppi_len);
	}
	ppi = dst + RNDIS_PACKET_MSG_SIZE;
	if (csum_ppi) {
		struct sim_net_hdrs fh;
		bool ok;

		/* Checked on what the guest gets, corruption included. */
		sim_net_parse(frame, flen, &fh);
		/* IPv4 UDP may go without a checksum (0). */
		ok = fh.l4 && (!sim_net_l4_csum(frame, &fh) ||
			       (fh.proto == IPPROTO_UDP && fh.ipv == 4 &&
				!*sim_net_l4_check(frame, &fh)));
		if (fh.proto == IPPROTO_TCP)
			verdict = ok ? RNDIS_CSUM_RX_TCP_SUCCEEDED : RNDIS_CSUM_RX_TCP_FAILED;
		else
			verdict = ok ? RNDIS_CSUM_RX_UDP_SUCCEEDED : RNDIS_CSUM_RX_UDP_FAILED;
		if (fh.ipv == 4)
			verdict |= ip_fast_csum(frame + fh.l3,
						((struct iphdr *)(frame + fh.l3))->ihl) ?
				   RNDIS_CSUM_RX_IP_FAILED : RNDIS_CSUM_RX_IP_SUCCEEDED;
		sim_net_put_ppi(ppi, RNDIS_PPI_TCPIP_CHKSUM, verdict);
		ppi += sizeof(struct rndis_ppi_u32);
	}
	if (tag && !inline_tag) {
		u16 tci = skb_vlan_tag_get(skb);

		sim_net_put_ppi(ppi, RNDIS_PPI_IEEE_8021Q,
				(tci >> VLAN_PRIO_SHIFT) |
				((tci & VLAN_CFI_MASK) ? RNDIS_VLAN_CFI : 0) |
				((tci & VLAN_VID_MASK) << RNDIS_VLAN_ID_SHIFT));
		ppi += sizeof(struct rndis_ppi_u32);
		atomic64_inc(&nic->rx_vlan);
	}
	if (nic->rss_enabled)
		sim_net_put_ppi(ppi, RNDIS_PPI_NBL_HASH_VALUE, SIM_NET_CB(skb)->hash);
	return total;
}
