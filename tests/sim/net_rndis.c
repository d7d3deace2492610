// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RNDIS device of a simulated NIC (protocol-devices.md section 3): the
 * guest is the RNDIS host and sends INITIALIZE, QUERY, SET and HALT; this
 * host answers as OpenVMM does (3.9, the OIDs of 3.5) and sends status
 * indications when the link changes. Replies are queued on the primary
 * and go out through the receive buffer (net.c).
 *
 * Everything runs from the primary's ring work, without nic->lock held;
 * the NIC's state is read and changed under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/kernel.h>

#include "net.h"

/* OpenVMM's LSOv2 limit (3.6). */
#define SIM_NET_LSO_MAX_SIZE	62780
/* 10 Gbit/s in the 100 bit/s units of OID_GEN_LINK_SPEED. */
#define SIM_NET_LINK_SPEED	100000000
#define SIM_NET_VENDOR_ID	0x0000155d

static const char sim_net_friendly_name[] = "hv-lis simulated NIC";

/* A message of @type with @body_len bytes after the header, zeroed. */
struct sk_buff *sim_net_rndis_alloc(u32 type, u32 body_len)
{
	u32 len = RNDIS_BODY_OFFSET + body_len;
	struct rndis_msg_hdr *hdr;
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	if (!skb)
		return NULL;
	hdr = skb_put_zero(skb, len);
	hdr->msg_type = cpu_to_le32(type);
	hdr->msg_len = cpu_to_le32(len);
	return skb;
}

/* The primary closed: the guest initializes the device again. */
void sim_net_rndis_reset(struct sim_net_nic *nic)
{
	lockdep_assert_held(&nic->lock);
	nic->rndis_ready = false;
	nic->halted = false;
	nic->filter = 0;
	ether_addr_copy(nic->mac, nic->perm_mac);
	nic->rx_csum4 = false;
	nic->rx_csum6 = false;
	nic->tx_csum = false;
	nic->lso = false;
	nic->rss_enabled = false;
	nic->rss_entries = 0;
}

/* A status indication (3.8), if the guest initialized RNDIS. */
void sim_net_rndis_indicate(struct sim_net_nic *nic, u32 status)
{
	struct rndis_message *msg;
	struct sk_buff *skb;
	bool ready;

	mutex_lock(&nic->lock);
	ready = nic->rndis_ready;
	mutex_unlock(&nic->lock);
	if (!ready)
		return;
	skb = sim_net_rndis_alloc(HVLIS_RNDIS_MSG_INDICATE,
				  sizeof(struct rndis_indicate_status));
	if (!skb)
		return;
	msg = (struct rndis_message *)skb->data;
	msg->indicate.status = cpu_to_le32(status);
	sim_net_queue_ctrl(nic, skb);
}

static void sim_net_put_u32(u8 *p, u32 v)
{
	__le32 le = cpu_to_le32(v);

	memcpy(p, &le, sizeof(le));
}

/* The hardware capabilities the guest may enable (3.6). */
static u32 sim_net_offload_caps(struct sim_net_nic *nic, const u8 *in, u32 in_len,
				u8 *out)
{
	struct ndis_offload *caps = (struct ndis_offload *)out;
	u8 rev = NDIS_OFFLOAD_REVISION_1;
	u32 size = NDIS_OFFLOAD_SIZE_REVISION_1;

	/* Answer the revision the guest asked for, up to 3. */
	if (in_len >= sizeof(struct ndis_object_header)) {
		const struct ndis_object_header *h = (const void *)in;

		if (h->revision >= NDIS_OFFLOAD_REVISION_3) {
			rev = NDIS_OFFLOAD_REVISION_3;
			size = NDIS_OFFLOAD_SIZE_REVISION_3;
		} else if (h->revision == NDIS_OFFLOAD_REVISION_2) {
			rev = NDIS_OFFLOAD_REVISION_2;
			size = NDIS_OFFLOAD_SIZE_REVISION_2;
		}
	}
	memset(caps, 0, size);
	caps->header.type = NDIS_OBJECT_TYPE_OFFLOAD;
	caps->header.revision = rev;
	caps->header.size = cpu_to_le16(size);
	caps->csum.ip4_txenc = cpu_to_le32(NDIS_OFFLOAD_ENCAP_8023);
	caps->csum.ip4_txcsum = cpu_to_le32(NDIS_TXCSUM_CAP_IP4_OPTIONS |
					    NDIS_TXCSUM_CAP_TCP4_OPTIONS |
					    NDIS_TXCSUM_CAP_TCP4 |
					    NDIS_TXCSUM_CAP_UDP4 |
					    NDIS_TXCSUM_CAP_IP4);
	caps->csum.ip4_rxenc = caps->csum.ip4_txenc;
	caps->csum.ip4_rxcsum = caps->csum.ip4_txcsum;
	caps->csum.ip6_txenc = cpu_to_le32(NDIS_OFFLOAD_ENCAP_8023);
	caps->csum.ip6_txcsum = cpu_to_le32(NDIS_TXCSUM_CAP_IP6_EXT_HDR |
					    NDIS_TXCSUM_CAP_TCP6_OPTIONS |
					    NDIS_TXCSUM_CAP_TCP6 |
					    NDIS_TXCSUM_CAP_UDP6);
	caps->csum.ip6_rxenc = caps->csum.ip6_txenc;
	caps->csum.ip6_rxcsum = caps->csum.ip6_txcsum;
	caps->lsov2.ip4_encap = cpu_to_le32(NDIS_OFFLOAD_ENCAP_8023);
	caps->lsov2.ip4_maxsz = cpu_to_le32(SIM_NET_LSO_MAX_SIZE);
	caps->lsov2.ip4_minsg = cpu_to_le32(2);
	caps->lsov2.ip6_encap = cpu_to_le32(NDIS_OFFLOAD_ENCAP_8023);
	caps->lsov2.ip6_maxsz = cpu_to_le32(SIM_NET_LSO_MAX_SIZE);
	caps->lsov2.ip6_minsg = cpu_to_le32(2);
	caps->lsov2.ip6_opts = cpu_to_le32(NDIS_LSOV2_CAP_IP6_EXT_HDR |
					   NDIS_LSOV2_CAP_TCP6_OPTIONS);
	return size;
}

/*
 * The answer to one QUERY: its bytes at @out (room for 256), their count
 * in *len, an RNDIS status.
 */
static u32 sim_net_query(struct sim_net_nic *nic, u32 oid, const u8 *in,
			 u32 in_len, u8 *out, u32 *len)
{
	struct ndis_recv_scale_cap *rss;
	unsigned int i;

	*len = 4;
	mutex_lock(&nic->lock);
	switch (oid) {
	case HVLIS_OID_GEN_MAXIMUM_FRAME_SIZE:
		sim_net_put_u32(out, nic->mtu);
		break;
	case HVLIS_OID_GEN_MAXIMUM_TOTAL_SIZE:
		sim_net_put_u32(out, nic->mtu + ETH_HLEN);
		break;
	case HVLIS_OID_802_3_PERMANENT_ADDRESS:
		ether_addr_copy(out, nic->perm_mac);
		*len = ETH_ALEN;
		break;
	case HVLIS_OID_802_3_CURRENT_ADDRESS:
		ether_addr_copy(out, nic->mac);
		*len = ETH_ALEN;
		break;
	case HVLIS_OID_GEN_FRIENDLY_NAME:
		/* UTF-16LE, NUL-terminated. */
		for (i = 0; i < sizeof(sim_net_friendly_name); i++) {
			out[2 * i] = sim_net_friendly_name[i];
			out[2 * i + 1] = 0;
		}
		*len = 2 * sizeof(sim_net_friendly_name);
		break;
	case HVLIS_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES:
		*len = sim_net_offload_caps(nic, in, in_len, out);
		break;
	case HVLIS_OID_GEN_MEDIA_CONNECT_STATUS:
		sim_net_put_u32(out, nic->link_up ? HVLIS_NDIS_MEDIA_STATE_CONNECTED :
				HVLIS_NDIS_MEDIA_STATE_DISCONNECTED);
		break;
	case HVLIS_OID_GEN_LINK_SPEED:
		sim_net_put_u32(out, SIM_NET_LINK_SPEED);
		break;
	case HVLIS_OID_GEN_CURRENT_PACKET_FILTER:
		sim_net_put_u32(out, nic->filter);
		break;
	case HVLIS_OID_GEN_VENDOR_ID:
		sim_net_put_u32(out, SIM_NET_VENDOR_ID);
		break;
	case HVLIS_OID_GEN_HARDWARE_STATUS:
		sim_net_put_u32(out, 0);
		break;
	case HVLIS_OID_GEN_RECEIVE_SCALE_CAPABILITIES:
		if (nic->nvsp_version < NVSP_PROTOCOL_VERSION_5)
			goto unsupported;
		rss = (struct ndis_recv_scale_cap *)out;
		memset(rss, 0, sizeof(*rss));
		rss->hdr.type = NDIS_OBJECT_TYPE_RSS_CAPABILITIES;
		rss->hdr.revision = NDIS_RSS_CAPS_REVISION_2;
		rss->hdr.size = cpu_to_le16(NDIS_RSS_CAPS_SIZE_REVISION_2);
		rss->capabilities = cpu_to_le32(NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV4 |
						NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV6 |
						NDIS_HASH_FUNC_TOEPLITZ);
		rss->num_int_msg = cpu_to_le32(1);
		rss->num_recv_que = cpu_to_le32(nic->max_subchannels + 1);
		rss->num_indirect_tabent = cpu_to_le16(NDIS_RSS_INDIRECTION_TABLE_DEFAULT);
		*len = sizeof(*rss);
		break;
	default:
		goto unsupported;
	}
	mutex_unlock(&nic->lock);
	return HVLIS_RNDIS_STATUS_SUCCESS;
unsupported:
	mutex_unlock(&nic->lock);
	*len = 0;
	return HVLIS_RNDIS_STATUS_NOT_SUPPORTED;
}

/* A checksum field of NDIS_OFFLOAD_PARAMETERS: is RX now on? */
static bool sim_net_rx_on(u8 field, bool was)
{
	if (field == NDIS_OFFLOAD_PARAMETERS_NO_CHANGE)
		return was;
	return field == NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED ||
	       field == NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED;
}

static u32 sim_net_set_offload(struct sim_net_nic *nic, const u8 *in, u32 len)
{
	const struct ndis_offload_params *p = (const void *)in;

	/* OpenVMM takes revision 1 and up: 20 bytes. */
	if (len < 20 || p->header.type != NDIS_OBJECT_TYPE_DEFAULT)
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	lockdep_assert_held(&nic->lock);
	nic->rx_csum4 = sim_net_rx_on(p->tcp_ip_v4_csum, nic->rx_csum4);
	nic->rx_csum6 = sim_net_rx_on(p->tcp_ip_v6_csum, nic->rx_csum6);
	nic->tx_csum = p->tcp_ip_v4_csum == NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED ||
		       p->tcp_ip_v4_csum == NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED;
	if (p->lso_v2_ipv4 != NDIS_OFFLOAD_PARAMETERS_NO_CHANGE)
		nic->lso = p->lso_v2_ipv4 == NDIS_OFFLOAD_PARAMETERS_LSO_ENABLED;
	return HVLIS_RNDIS_STATUS_SUCCESS;
}

/* OpenVMM's checks on RSS parameters (3.6). */
static u32 sim_net_set_rss(struct sim_net_nic *nic, const u8 *in, u32 len)
{
	const struct ndis_recv_scale_param *p = (const void *)in;
	u32 toff, tsize, koff, ksize, entries, queues, i;

	lockdep_assert_held(&nic->lock);
	if (len < sizeof(*p) || p->hdr.type != NDIS_OBJECT_TYPE_RSS_PARAMETERS)
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	if ((le16_to_cpu(p->flags) & NDIS_RSS_PARAM_FLAG_DISABLE_RSS) ||
	    !(le32_to_cpu(p->hashinfo) & 0xff)) {
		nic->rss_enabled = false;
		return HVLIS_RNDIS_STATUS_SUCCESS;
	}
	toff = le32_to_cpu(p->indirect_taboffset);
	tsize = le16_to_cpu(p->indirect_tabsize);
	koff = le32_to_cpu(p->hashkey_offset);
	ksize = le16_to_cpu(p->hashkey_size);
	entries = tsize / 4;
	if (ksize != NDIS_RSS_HASH_SECRET_KEY_SIZE || koff > len || ksize > len - koff ||
	    !tsize || tsize % 4 || entries > SIM_NET_RSS_ENTRIES || toff > len ||
	    tsize > len - toff)
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	queues = nic->subchannels_granted + 1;
	for (i = 0; i < entries; i++) {
		__le32 e;

		memcpy(&e, in + toff + 4 * i, sizeof(e));
		if (le32_to_cpu(e) >= queues)
			return HVLIS_RNDIS_STATUS_INVALID_DATA;
		nic->rss_table[i] = le32_to_cpu(e);
	}
	nic->rss_entries = entries;
	nic->rss_enabled = true;
	return HVLIS_RNDIS_STATUS_SUCCESS;
}

/* Is the UTF-16LE string of @len bytes at @s the ASCII @want? */
static bool sim_net_utf16_is(const u8 *s, u32 len, const char *want)
{
	u32 i, n = strlen(want);

	if (len != 2 * n)
		return false;
	for (i = 0; i < n; i++)
		if (s[2 * i] != want[i] || s[2 * i + 1])
			return false;
	return true;
}

/*
 * The guest's MAC change (3.8): "NetworkAddress" with 12 UTF-16 hex
 * digits as its string value; refused while mac_change is 0. Other
 * parameters are not supported.
 */
static u32 sim_net_set_config(struct sim_net_nic *nic, const u8 *in, u32 len)
{
	const struct rndis_config_parameter_info *info = (const void *)in;
	u32 noff, nlen, voff, vlen, i;
	u8 mac[ETH_ALEN];
	char hex[13];

	lockdep_assert_held(&nic->lock);
	if (len < sizeof(*info))
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	noff = le32_to_cpu(info->parameter_name_offset);
	nlen = le32_to_cpu(info->parameter_name_length);
	voff = le32_to_cpu(info->parameter_value_offset);
	vlen = le32_to_cpu(info->parameter_value_length);
	if (noff > len || nlen > len - noff || voff > len || vlen > len - voff)
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	if (!sim_net_utf16_is(in + noff, nlen, "NetworkAddress"))
		return HVLIS_RNDIS_STATUS_NOT_SUPPORTED;
	if (le32_to_cpu(info->parameter_type) != RNDIS_CONFIG_PARAM_TYPE_STRING ||
	    vlen < 24)
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	if (!READ_ONCE(nic->mac_change))
		return HVLIS_RNDIS_STATUS_FAILURE;
	for (i = 0; i < 12; i++)
		hex[i] = in[voff + 2 * i];
	hex[12] = '\0';
	if (hex2bin(mac, hex, ETH_ALEN) || !is_valid_ether_addr(mac))
		return HVLIS_RNDIS_STATUS_INVALID_DATA;
	ether_addr_copy(nic->mac, mac);
	return HVLIS_RNDIS_STATUS_SUCCESS;
}

static u32 sim_net_set(struct sim_net_nic *nic, u32 oid, const u8 *in, u32 len)
{
	u32 status = HVLIS_RNDIS_STATUS_SUCCESS;
	__le32 v;

	mutex_lock(&nic->lock);
	switch (oid) {
	case HVLIS_OID_GEN_CURRENT_PACKET_FILTER:
		if (len < 4) {
			status = HVLIS_RNDIS_STATUS_INVALID_LENGTH;
			break;
		}
		memcpy(&v, in, sizeof(v));
		nic->filter = le32_to_cpu(v);
		break;
	case HVLIS_OID_TCP_OFFLOAD_PARAMETERS:
		status = sim_net_set_offload(nic, in, len);
		break;
	case HVLIS_OID_GEN_RECEIVE_SCALE_PARAMETERS:
		status = sim_net_set_rss(nic, in, len);
		break;
	case HVLIS_OID_GEN_RNDIS_CONFIG_PARAMETER:
		status = sim_net_set_config(nic, in, len);
		break;
	case HVLIS_OID_GEN_NETWORK_LAYER_ADDRESSES:
	case HVLIS_OID_OFFLOAD_ENCAPSULATION:
		break;	/* accepted and ignored, as OpenVMM does */
	default:
		status = HVLIS_RNDIS_STATUS_NOT_SUPPORTED;
		break;
	}
	mutex_unlock(&nic->lock);
	return status;
}

/* The input buffer of a QUERY or SET, if it lies inside the message. */
static bool sim_net_info(struct sim_net_nic *nic, const u8 *msg, u32 len,
			 const u8 **in, u32 *in_len)
{
	const struct rndis_query_request *q = (const void *)(msg + RNDIS_BODY_OFFSET);
	u32 off = le32_to_cpu(q->info_buf_offset);
	u32 n = le32_to_cpu(q->info_buflen);
	u32 body = len - RNDIS_BODY_OFFSET;

	if (!n) {
		*in = NULL;
		*in_len = 0;
		return true;
	}
	if (off < sizeof(*q) || off > body || n > body - off) {
		sim_net_violation(nic,
				  "RNDIS OID %#x with its info buffer (%u bytes at %u) outside the %u-byte message\n",
				  le32_to_cpu(q->oid), n, off, len);
		return false;
	}
	*in = msg + RNDIS_BODY_OFFSET + off;
	*in_len = n;
	return true;
}

static void sim_net_init_reply(struct sim_net_nic *nic, const u8 *msg, u32 len)
{
	const struct rndis_init_request *req = (const void *)(msg + RNDIS_BODY_OFFSET);
	struct rndis_message *reply;
	struct sk_buff *skb;
	u32 status = HVLIS_RNDIS_STATUS_SUCCESS;

	if (len < RNDIS_INIT_MSG_SIZE) {
		sim_net_violation(nic, "RNDIS INITIALIZE of %u bytes\n", len);
		return;
	}
	if (le32_to_cpu(req->major_ver) != HVLIS_RNDIS_MAJOR_VERSION)
		status = HVLIS_RNDIS_STATUS_BAD_VERSION;
	skb = sim_net_rndis_alloc(HVLIS_RNDIS_MSG_INIT_C,
				  sizeof(struct rndis_init_complete));
	if (!skb)
		return;
	reply = (struct rndis_message *)skb->data;
	reply->init_complete.req_id = req->req_id;
	reply->init_complete.status = cpu_to_le32(status);
	reply->init_complete.major_ver = cpu_to_le32(HVLIS_RNDIS_MAJOR_VERSION);
	reply->init_complete.minor_ver = cpu_to_le32(HVLIS_RNDIS_MINOR_VERSION);
	reply->init_complete.dev_flags = cpu_to_le32(HVLIS_RNDIS_DF_CONNECTIONLESS);
	reply->init_complete.medium = cpu_to_le32(HVLIS_RNDIS_MEDIUM_802_3);
	reply->init_complete.max_pkt_per_msg = cpu_to_le32(8);
	reply->init_complete.max_xfer_size = cpu_to_le32(0xefffffff);
	reply->init_complete.pkt_alignment_factor = cpu_to_le32(3);
	if (!status) {
		mutex_lock(&nic->lock);
		nic->rndis_ready = true;
		nic->halted = false;
		mutex_unlock(&nic->lock);
	}
	sim_net_queue_ctrl(nic, skb);
}

static void sim_net_query_reply(struct sim_net_nic *nic, const u8 *msg, u32 len,
				bool set)
{
	const struct rndis_query_request *req = (const void *)(msg + RNDIS_BODY_OFFSET);
	struct rndis_message *reply;
	struct sk_buff *skb;
	u32 oid, status, out_len = 0;
	const u8 *in;
	u32 in_len;
	u8 out[256];

	if (len < RNDIS_QUERY_MSG_SIZE) {
		sim_net_violation(nic, "RNDIS %s of %u bytes\n", set ? "SET" : "QUERY", len);
		return;
	}
	oid = le32_to_cpu(req->oid);
	if (!sim_net_info(nic, msg, len, &in, &in_len))
		status = HVLIS_RNDIS_STATUS_INVALID_DATA;
	else if (set)
		status = sim_net_set(nic, oid, in, in_len);
	else
		status = sim_net_query(nic, oid, in, in_len, out, &out_len);
	if (set) {
		skb = sim_net_rndis_alloc(HVLIS_RNDIS_MSG_SET_C,
					  sizeof(struct rndis_set_complete));
		if (!skb)
			return;
		reply = (struct rndis_message *)skb->data;
		reply->set_complete.req_id = req->req_id;
		reply->set_complete.status = cpu_to_le32(status);
	} else {
		skb = sim_net_rndis_alloc(HVLIS_RNDIS_MSG_QUERY_C,
					  sizeof(struct rndis_query_complete) + out_len);
		if (!skb)
			return;
		reply = (struct rndis_message *)skb->data;
		reply->query_complete.req_id = req->req_id;
		reply->query_complete.status = cpu_to_le32(status);
		reply->query_complete.info_buflen = cpu_to_le32(out_len);
		reply->query_complete.info_buf_offset =
			cpu_to_le32(out_len ? sizeof(struct rndis_query_complete) : 0);
		memcpy(skb->data + RNDIS_QUERY_C_MSG_SIZE, out, out_len);
	}
	sim_net_queue_ctrl(nic, skb);
}

/* One RNDIS message other than PACKET, from the primary. */
void sim_net_rndis_control(struct sim_net_nic *nic, const u8 *msg, u32 len)
{
	struct rndis_message *reply;
	struct sk_buff *skb;
	u32 type;

	type = le32_to_cpu(((const struct rndis_msg_hdr *)msg)->msg_type);
	if (type != HVLIS_RNDIS_MSG_INIT && !READ_ONCE(nic->rndis_ready)) {
		sim_net_violation(nic, "RNDIS message %#x before INITIALIZE\n", type);
		return;
	}
	switch (type) {
	case HVLIS_RNDIS_MSG_INIT:
		sim_net_init_reply(nic, msg, len);
		break;
	case HVLIS_RNDIS_MSG_QUERY:
		sim_net_query_reply(nic, msg, len, false);
		break;
	case HVLIS_RNDIS_MSG_SET:
		sim_net_query_reply(nic, msg, len, true);
		break;
	case HVLIS_RNDIS_MSG_HALT:
		mutex_lock(&nic->lock);
		nic->halted = true;
		nic->rndis_ready = false;
		nic->filter = 0;
		mutex_unlock(&nic->lock);
		break;
	case HVLIS_RNDIS_MSG_KEEPALIVE:
		if (len < RNDIS_BODY_OFFSET + sizeof(struct rndis_keepalive_request))
			break;
		skb = sim_net_rndis_alloc(HVLIS_RNDIS_MSG_KEEPALIVE_C,
					  sizeof(struct rndis_keepalive_complete));
		if (!skb)
			break;
		reply = (struct rndis_message *)skb->data;
		memcpy(&reply->keepalive_complete.req_id, msg + RNDIS_BODY_OFFSET, 4);
		sim_net_queue_ctrl(nic, skb);
		break;
	case HVLIS_RNDIS_MSG_RESET:
		skb = sim_net_rndis_alloc(HVLIS_RNDIS_MSG_RESET_C,
					  sizeof(struct rndis_reset_complete));
		if (skb)
			sim_net_queue_ctrl(nic, skb);
		break;
	default:
		sim_net_violation(nic, "RNDIS message type %#x, which a guest does not send\n",
				  type);
		break;
	}
}
