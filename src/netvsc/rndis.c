// SPDX-License-Identifier: GPL-2.0-only
/*
 * RNDIS control (protocol-devices.md 3.2-3.9): the guest is the RNDIS
 * "host" and sends INIT, QUERY, SET and HALT inside NVSP SEND_RNDIS_PKT;
 * the answers and the status indications come back through the receive
 * buffer like frames do. One request is in flight at a time, matched to
 * its answer by request id; every answer is checked before a byte of it
 * is used.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/slab.h>

#include "netvsc.h"

#define NETVSC_LINK_CHANGE_DELAY	(2 * HZ)	/* 3.8 NETWORK_CHANGE */

static u32 netvsc_rndis_next_id(struct netvsc_rndis_ctl *ctl)
{
	/* Never 0, so a zeroed answer cannot match. */
	if (++ctl->next_id == 0)
		ctl->next_id = 1;
	return ctl->next_id;
}

/*
 * Hand one RNDIS control message to the host: GPA direct (2.6 form 2),
 * on the primary, with its own request-table id so its NVSP completion
 * is checked like a frame's.
 */
int netvsc_send_control(struct netvsc_dev *ndev, const void *msg, u32 len)
{
	struct netvsc_chan *chan = &ndev->chans[0];
	struct nvsp_message nvsp = {};
	struct vmbus_page_range range;
	u64 pfns[2];
	u64 id;
	int ret;

	nvsp.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RNDIS_PKT);
	nvsp.rndis_pkt.channel_type = cpu_to_le32(NVSP_RNDIS_CHANNEL_CONTROL);
	nvsp.rndis_pkt.send_buf_section_index = cpu_to_le32(NVSP_INVALID_SECTION_INDEX);
	netvsc_fill_pfns(msg, len, &range, pfns);

	id = hvlis_request_add(chan->channel, NETVSC_TX_CONTROL);
	if (!id)
		return -EBUSY;
	atomic_inc(&chan->outstanding);
	ret = hvlis_channel_send_gpa_direct(chan->channel, &range, 1, &nvsp,
					    sizeof(nvsp), id,
					    VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret) {
		u64 unused;

		hvlis_request_take(chan->channel, id, &unused);
		atomic_dec(&chan->outstanding);
	}
	return ret;
}

/*
 * Send the request built in ctl->request (@len bytes; its req_id is set
 * here) and wait for the completion of type @reply_type. The answer is
 * in ctl->reply (ctl->reply_len bytes) when this returns 0; the caller
 * holds ctl->lock.
 */
static int netvsc_rndis_exec(struct netvsc_dev *ndev, u32 len, u32 reply_type)
{
	struct netvsc_rndis_ctl *ctl = &ndev->rndis;
	struct rndis_message *req = (void *)ctl->request;
	u32 type = le32_to_cpu(req->hdr.msg_type);
	bool answered;
	int ret;

	lockdep_assert_held(&ctl->lock);
	req->hdr.msg_len = cpu_to_le32(len);
	spin_lock_bh(&ctl->reply_lock);
	ctl->req_id = netvsc_rndis_next_id(ctl);
	req->init_req.req_id = cpu_to_le32(ctl->req_id);
	ctl->pending = true;
	ctl->reply_len = 0;
	reinit_completion(&ctl->done);
	spin_unlock_bh(&ctl->reply_lock);

	ret = netvsc_send_control(ndev, req, len);
	if (!ret && !wait_for_completion_timeout(&ctl->done, NETVSC_CTL_TIMEOUT))
		ret = -ETIMEDOUT;

	spin_lock_bh(&ctl->reply_lock);
	answered = !ctl->pending;
	ctl->pending = false;
	spin_unlock_bh(&ctl->reply_lock);
	if (answered)
		ret = 0;
	if (ret == -ETIMEDOUT)
		dev_err(ndev_dev(ndev), "the host did not answer RNDIS message %#x within %u s\n",
			type, NETVSC_CTL_TIMEOUT / HZ);
	else if (ret)
		dev_err(ndev_dev(ndev), "could not send RNDIS message %#x (error %d)\n",
			type, ret);
	if (ret)
		return ret;
	if (le32_to_cpu(((struct rndis_msg_hdr *)ctl->reply)->msg_type) != reply_type) {
		dev_err(ndev_dev(ndev), "the host answered RNDIS message %#x with type %#x\n",
			type, le32_to_cpu(((struct rndis_msg_hdr *)ctl->reply)->msg_type));
		return -EPROTO;
	}
	return 0;
}

/*
 * QUERY @oid with @in (@in_len bytes) as its input; up to *@out_len bytes
 * of the answer into @out, *@out_len set to what came. -EIO when the
 * host refused, -EPROTO when its answer does not hold together.
 */
int netvsc_query(struct netvsc_dev *ndev, u32 oid, const void *in, u32 in_len,
		 void *out, u32 *out_len)
{
	struct netvsc_rndis_ctl *ctl = &ndev->rndis;
	struct rndis_message *req = (void *)ctl->request;
	const struct rndis_message *rep = (void *)ctl->reply;
	u32 status, buflen, offset;
	int ret;

	if (RNDIS_QUERY_MSG_SIZE + in_len > PAGE_SIZE)
		return -EINVAL;
	mutex_lock(&ctl->lock);
	memset(req, 0, RNDIS_QUERY_MSG_SIZE);
	req->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_QUERY);
	req->query_req.oid = cpu_to_le32(oid);
	req->query_req.info_buflen = cpu_to_le32(in_len);
	req->query_req.info_buf_offset = cpu_to_le32(RNDIS_QUERY_INFO_OFFSET);
	memcpy(ctl->request + RNDIS_QUERY_MSG_SIZE, in, in_len);
	ret = netvsc_rndis_exec(ndev, RNDIS_QUERY_MSG_SIZE + in_len,
				HVLIS_RNDIS_MSG_QUERY_C);
	if (ret)
		goto out;
	ret = -EPROTO;
	if (ctl->reply_len < RNDIS_QUERY_C_MSG_SIZE)
		goto out;
	status = le32_to_cpu(rep->query_complete.status);
	buflen = le32_to_cpu(rep->query_complete.info_buflen);
	offset = le32_to_cpu(rep->query_complete.info_buf_offset);
	if (status != HVLIS_RNDIS_STATUS_SUCCESS) {
		ret = -EIO;
		goto out;
	}
	/* 3.2: the data lies inside the message, after the fixed part. */
	if (buflen > *out_len || (buflen && offset < sizeof(rep->query_complete)) ||
	    (u64)RNDIS_BODY_OFFSET + offset + buflen > ctl->reply_len) {
		dev_err(ndev_dev(ndev), "the host's answer to OID %#x does not fit (%u bytes at %u of a %u-byte message, room for %u)\n",
			oid, buflen, offset, ctl->reply_len, *out_len);
		goto out;
	}
	memcpy(out, ctl->reply + RNDIS_BODY_OFFSET + offset, buflen);
	*out_len = buflen;
	ret = 0;
out:
	mutex_unlock(&ctl->lock);
	return ret;
}

static int netvsc_query_u32(struct netvsc_dev *ndev, u32 oid, u32 *value)
{
	__le32 v;
	u32 len = sizeof(v);
	int ret;

	ret = netvsc_query(ndev, oid, NULL, 0, &v, &len);
	if (!ret && len != sizeof(v))
		ret = -EPROTO;
	if (!ret)
		*value = le32_to_cpu(v);
	return ret;
}

int netvsc_set(struct netvsc_dev *ndev, u32 oid, const void *data, u32 len)
{
	struct netvsc_rndis_ctl *ctl = &ndev->rndis;
	struct rndis_message *req = (void *)ctl->request;
	const struct rndis_message *rep = (void *)ctl->reply;
	int ret;

	if (RNDIS_QUERY_MSG_SIZE + len > PAGE_SIZE)
		return -EINVAL;
	mutex_lock(&ctl->lock);
	memset(req, 0, RNDIS_QUERY_MSG_SIZE);
	req->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_SET);
	req->set_req.oid = cpu_to_le32(oid);
	req->set_req.info_buflen = cpu_to_le32(len);
	req->set_req.info_buf_offset = cpu_to_le32(RNDIS_QUERY_INFO_OFFSET);
	memcpy(ctl->request + RNDIS_QUERY_MSG_SIZE, data, len);
	ret = netvsc_rndis_exec(ndev, RNDIS_QUERY_MSG_SIZE + len, HVLIS_RNDIS_MSG_SET_C);
	if (!ret && ctl->reply_len < RNDIS_SET_C_MSG_SIZE)
		ret = -EPROTO;
	if (!ret && rep->set_complete.status != cpu_to_le32(HVLIS_RNDIS_STATUS_SUCCESS)) {
		dev_warn(ndev_dev(ndev), "the host refused to set OID %#x (status %#x)\n",
			 oid, le32_to_cpu(rep->set_complete.status));
		ret = -EIO;
	}
	mutex_unlock(&ctl->lock);
	return ret;
}

/*
 * 3.8: a MAC change is the "NetworkAddress" configuration parameter, a
 * UTF-16 string of 12 hex digits. -EIO when the host refuses it.
 */
int netvsc_rndis_set_mac(struct netvsc_dev *ndev, const u8 *mac)
{
	static const char name[] = "NetworkAddress";
	struct {
		struct rndis_config_parameter_info info;
		__le16 name[sizeof(name) - 1];
		__le16 value[2 * ETH_ALEN];
	} __packed param;
	unsigned int i;

	/* 3.8: a 20-byte header, 28 bytes of name, 24 of value */
	BUILD_BUG_ON(sizeof(param) != 72);
	param.info.parameter_name_offset = cpu_to_le32(offsetof(typeof(param), name));
	param.info.parameter_name_length = cpu_to_le32(sizeof(param.name));
	param.info.parameter_type = cpu_to_le32(RNDIS_CONFIG_PARAM_TYPE_STRING);
	param.info.parameter_value_offset = cpu_to_le32(offsetof(typeof(param), value));
	param.info.parameter_value_length = cpu_to_le32(sizeof(param.value));
	for (i = 0; i < sizeof(name) - 1; i++)
		param.name[i] = cpu_to_le16(name[i]);
	for (i = 0; i < ETH_ALEN; i++) {
		param.value[2 * i] = cpu_to_le16(hex_asc_upper_hi(mac[i]));
		param.value[2 * i + 1] = cpu_to_le16(hex_asc_upper_lo(mac[i]));
	}
	return netvsc_set(ndev, HVLIS_OID_GEN_RNDIS_CONFIG_PARAMETER, &param, sizeof(param));
}

static int netvsc_rndis_initialize(struct netvsc_dev *ndev)
{
	struct netvsc_rndis_ctl *ctl = &ndev->rndis;
	struct rndis_message *req = (void *)ctl->request;
	const struct rndis_init_complete *ic = (void *)(ctl->reply + RNDIS_BODY_OFFSET);
	u32 status, align;
	int ret;

	mutex_lock(&ctl->lock);
	memset(req, 0, RNDIS_INIT_MSG_SIZE);
	req->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_INIT);
	req->init_req.major_ver = cpu_to_le32(HVLIS_RNDIS_MAJOR_VERSION);
	req->init_req.minor_ver = cpu_to_le32(HVLIS_RNDIS_MINOR_VERSION);
	req->init_req.max_xfer_size = cpu_to_le32(HVLIS_RNDIS_MAX_XFER_SIZE);
	ret = netvsc_rndis_exec(ndev, RNDIS_INIT_MSG_SIZE, HVLIS_RNDIS_MSG_INIT_C);
	if (!ret && ctl->reply_len < RNDIS_INIT_C_MSG_SIZE) {
		dev_err(ndev_dev(ndev), "the host's RNDIS INIT answer is %u bytes, too short\n",
			ctl->reply_len);
		ret = -EPROTO;
	}
	if (ret)
		goto out;
	status = le32_to_cpu(ic->status);
	if (status != HVLIS_RNDIS_STATUS_SUCCESS) {
		dev_err(ndev_dev(ndev), "the host refused RNDIS INIT (status %#x)\n", status);
		ret = -EIO;
		goto out;
	}
	/* 3.9: at least one packet per message, an alignment of a few bytes. */
	ndev->max_pkt_per_msg = clamp_t(u32, le32_to_cpu(ic->max_pkt_per_msg), 1, 64);
	align = le32_to_cpu(ic->pkt_alignment_factor);
	ndev->pkt_align = 1U << min_t(u32, max_t(u32, align, 3), 8);
out:
	mutex_unlock(&ctl->lock);
	return ret;
}

/* 3.6: a checksum field of NDIS_OFFLOAD_PARAMETERS. */
static u8 netvsc_csum_param(bool tx, bool rx)
{
	if (tx && rx)
		return NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED;
	if (tx)
		return NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED;
	if (rx)
		return NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED;
	return NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED;
}

/*
 * Tell the host which offloads to do, from @features (what the host can
 * do of them only). The IPv4 header checksum stays the guest's, as
 * upstream does it.
 */
int netvsc_set_offloads(struct netvsc_dev *ndev, netdev_features_t features)
{
	struct ndis_offload_params params = {};
	bool rx = features & NETIF_F_RXCSUM;
	bool tx4 = features & NETIF_F_IP_CSUM, tx6 = features & NETIF_F_IPV6_CSUM;
	u32 len;
	int ret;

	len = ndev->nvsp_version <= NVSP_PROTOCOL_VERSION_4 ?
	      NDIS_OFFLOAD_PARAMETERS_SIZE_NVSP4 : sizeof(params);
	params.header.type = NDIS_OBJECT_TYPE_DEFAULT;
	params.header.revision = NDIS_OFFLOAD_PARAMETERS_REVISION_3;
	params.header.size = cpu_to_le16(len);
	params.ip_v4_csum = NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED;
	params.tcp_ip_v4_csum = netvsc_csum_param(tx4 && ndev->csum_tcp4,
						  rx && ndev->csum_tcp4);
	params.tcp_ip_v6_csum = netvsc_csum_param(tx6 && ndev->csum_tcp6,
						  rx && ndev->csum_tcp6);
	/* 3.6: NVSP 4 and older hosts get the UDP fields as 0 (no change). */
	if (ndev->nvsp_version > NVSP_PROTOCOL_VERSION_4) {
		params.udp_ip_v4_csum = netvsc_csum_param(tx4 && ndev->csum_udp4,
							  rx && ndev->csum_udp4);
		params.udp_ip_v6_csum = netvsc_csum_param(tx6 && ndev->csum_udp6,
							  rx && ndev->csum_udp6);
	}
	params.lso_v2_ipv4 = features & NETIF_F_TSO ? NDIS_OFFLOAD_PARAMETERS_LSO_ENABLED :
			     NDIS_OFFLOAD_PARAMETERS_LSO_DISABLED;
	params.lso_v2_ipv6 = features & NETIF_F_TSO6 ? NDIS_OFFLOAD_PARAMETERS_LSO_ENABLED :
			     NDIS_OFFLOAD_PARAMETERS_LSO_DISABLED;
	ret = netvsc_set(ndev, HVLIS_OID_TCP_OFFLOAD_PARAMETERS, &params, len);
	if (ret)
		return ret;
	WRITE_ONCE(ndev->tx_csum_ip4, tx4);
	WRITE_ONCE(ndev->tx_csum_ip6, tx6);
	return 0;
}

/* 3.6: what the host can offload, as hw_features, and turning it on. */
static int netvsc_setup_offloads(struct netvsc_dev *ndev)
{
	struct net_device *net = ndev->net;
	struct ndis_offload caps = {};
	struct ndis_object_header hdr = { .type = NDIS_OBJECT_TYPE_OFFLOAD };
	netdev_features_t hw = 0;
	u32 len = sizeof(caps), size, need, ip4, ip6;
	int ret;

	if (ndev->nvsp_version >= NVSP_PROTOCOL_VERSION_5) {
		hdr.revision = NDIS_OFFLOAD_REVISION_3;
		hdr.size = cpu_to_le16(NDIS_OFFLOAD_SIZE_REVISION_3);
	} else if (ndev->nvsp_version >= NVSP_PROTOCOL_VERSION_4) {
		hdr.revision = NDIS_OFFLOAD_REVISION_2;
		hdr.size = cpu_to_le16(NDIS_OFFLOAD_SIZE_REVISION_2);
	} else {
		hdr.revision = NDIS_OFFLOAD_REVISION_1;
		hdr.size = cpu_to_le16(NDIS_OFFLOAD_SIZE_REVISION_1);
	}
	ret = netvsc_query(ndev, HVLIS_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, &hdr,
			   le16_to_cpu(hdr.size), &caps, &len);
	if (ret) {
		dev_err(ndev_dev(ndev), "could not read the host's offload capabilities (error %d)\n",
			ret);
		return ret;
	}
	size = le16_to_cpu(caps.header.size);
	if (caps.header.type != NDIS_OBJECT_TYPE_OFFLOAD || !caps.header.revision ||
	    size < NDIS_OFFLOAD_SIZE_REVISION_1 || size > NDIS_OFFLOAD_SIZE_REVISION_3 ||
	    size > len) {
		dev_err(ndev_dev(ndev), "the host's offload capabilities are malformed (type %#x, revision %u, size %u of %u bytes)\n",
			caps.header.type, caps.header.revision, size, len);
		return -EPROTO;
	}
	/* Only the part its size covers is the host's. */
	memset((u8 *)&caps + size, 0, sizeof(caps) - size);

	ip4 = le32_to_cpu(caps.csum.ip4_txcsum);
	ip6 = le32_to_cpu(caps.csum.ip6_txcsum);
	need = NDIS_TXCSUM_CAP_TCP4 | NDIS_TXCSUM_CAP_TCP4_OPTIONS;
	ndev->csum_tcp4 = (ip4 & need) == need;
	ndev->csum_udp4 = ip4 & NDIS_TXCSUM_CAP_UDP4 &&
			  ndev->nvsp_version > NVSP_PROTOCOL_VERSION_4;
	need = NDIS_TXCSUM_CAP_TCP6 | NDIS_TXCSUM_CAP_TCP6_OPTIONS | NDIS_TXCSUM_CAP_IP6_EXT_HDR;
	ndev->csum_tcp6 = (ip6 & need) == need;
	ndev->csum_udp6 = ip6 & NDIS_TXCSUM_CAP_UDP6 &&
			  ndev->nvsp_version > NVSP_PROTOCOL_VERSION_4;
	/* UDP the host cannot do is checksummed in tx.c. */
	if (ndev->csum_tcp4)
		hw |= NETIF_F_IP_CSUM | NETIF_F_RXCSUM;
	if (ndev->csum_tcp6)
		hw |= NETIF_F_IPV6_CSUM | NETIF_F_RXCSUM;
	if (ndev->csum_tcp4 && le32_to_cpu(caps.lsov2.ip4_encap) & NDIS_OFFLOAD_ENCAP_8023)
		hw |= NETIF_F_TSO;
	need = NDIS_LSOV2_CAP_IP6_EXT_HDR | NDIS_LSOV2_CAP_TCP6_OPTIONS;
	if (ndev->csum_tcp6 && le32_to_cpu(caps.lsov2.ip6_encap) & NDIS_OFFLOAD_ENCAP_8023 &&
	    (le32_to_cpu(caps.lsov2.ip6_opts) & need) == need)
		hw |= NETIF_F_TSO6;
	if (hw & (NETIF_F_TSO | NETIF_F_TSO6)) {
		u32 max = le32_to_cpu(caps.lsov2.ip4_maxsz);

		if (max > ETH_HLEN + net->mtu)
			netif_set_tso_max_size(net, min_t(u32, max, GSO_LEGACY_MAX_SIZE));
	}
	net->hw_features &= ~NETVSC_OFFLOAD_FEATURES;
	net->hw_features |= hw;
	/* At probe everything the host offers; after a re-attach what was on. */
	if (net->reg_state == NETREG_UNINITIALIZED)
		net->features = (net->features & ~NETVSC_OFFLOAD_FEATURES) | hw;
	else
		net->features &= ~NETVSC_OFFLOAD_FEATURES | hw;
	ret = netvsc_set_offloads(ndev, net->features);
	if (ret)
		dev_err(ndev_dev(ndev), "could not set the offload parameters (error %d)\n", ret);
	return ret;
}

/*
 * 3.9: INIT, the frame size, the MAC, offloads, the link state, and for
 * NVSP 5 and later the link speed. Every failure is logged.
 */
int netvsc_rndis_init(struct netvsc_dev *ndev)
{
	struct net_device *net = ndev->net;
	u32 len = ETH_ALEN, value;
	u8 mac[ETH_ALEN];
	int ret;

	ret = netvsc_rndis_initialize(ndev);
	if (ret)
		return ret;

	ret = netvsc_query_u32(ndev, HVLIS_OID_GEN_MAXIMUM_FRAME_SIZE, &value);
	if (ret) {
		dev_err(ndev_dev(ndev), "could not read the host's frame size (error %d)\n", ret);
		return ret;
	}
	ndev->host_mtu = value;
	/* Like upstream, only ever lowered to what the host says. */
	if (value >= ETH_MIN_MTU && value < net->mtu)
		net->mtu = value;

	ret = netvsc_query(ndev, HVLIS_OID_802_3_PERMANENT_ADDRESS, NULL, 0, mac, &len);
	if (!ret && (len != ETH_ALEN || !is_valid_ether_addr(mac)))
		ret = -EPROTO;
	if (ret) {
		dev_err(ndev_dev(ndev), "the host gave no usable MAC address (error %d)\n", ret);
		return ret;
	}
	ether_addr_copy(ndev->perm_addr, mac);

	ret = netvsc_setup_offloads(ndev);
	if (ret)
		return ret;

	ret = netvsc_query_u32(ndev, HVLIS_OID_GEN_MEDIA_CONNECT_STATUS, &value);
	if (ret) {
		dev_err(ndev_dev(ndev), "could not read the link state (error %d)\n", ret);
		return ret;
	}
	WRITE_ONCE(ndev->link_up, value == HVLIS_NDIS_MEDIA_STATE_CONNECTED);

	ndev->link_speed = SPEED_UNKNOWN;
	/* 3.5: units of 100 bit/s; its failure costs only ethtool's speed. */
	if (ndev->nvsp_version >= NVSP_PROTOCOL_VERSION_5 &&
	    !netvsc_query_u32(ndev, HVLIS_OID_GEN_LINK_SPEED, &value))
		ndev->link_speed = value / 10000;

	/* Initialised again, the NIC has the host's MAC: keep the user's. */
	if (is_valid_ether_addr(net->dev_addr) && !ether_addr_equal(net->dev_addr, mac) &&
	    netvsc_rndis_set_mac(ndev, net->dev_addr))
		netdev_warn(net, "the host no longer takes MAC %pM; frames for it may not arrive\n",
			    net->dev_addr);
	return 0;
}

/*
 * HALT (no answer), then wait until the host completed every send: it
 * must not read a send-buffer section or a page after we free it.
 */
void netvsc_rndis_halt(struct netvsc_dev *ndev)
{
	struct netvsc_rndis_ctl *ctl = &ndev->rndis;
	struct rndis_message *req = (void *)ctl->request;

	if (ndev->gone || ndev->halted)
		return;
	mutex_lock(&ctl->lock);
	memset(req, 0, RNDIS_HALT_MSG_SIZE);
	req->hdr.msg_type = cpu_to_le32(HVLIS_RNDIS_MSG_HALT);
	req->hdr.msg_len = cpu_to_le32(RNDIS_HALT_MSG_SIZE);
	req->halt_req.req_id = cpu_to_le32(netvsc_rndis_next_id(ctl));
	if (netvsc_send_control(ndev, req, RNDIS_HALT_MSG_SIZE))
		dev_warn(ndev_dev(ndev), "could not send RNDIS HALT\n");
	mutex_unlock(&ctl->lock);
	ndev->halted = true;
	if (!netvsc_tx_drain(ndev))
		dev_warn(ndev_dev(ndev), "the host did not complete every send within %u s\n",
			 NETVSC_DRAIN_TIMEOUT / HZ);
}

/* 3.7: the filter for the netdev's flags. */
u32 netvsc_rndis_filter_of(const struct net_device *net)
{
	u32 filter;

	if (net->flags & IFF_PROMISC)
		return HVLIS_NDIS_PACKET_TYPE_PROMISCUOUS;
	filter = HVLIS_NDIS_PACKET_TYPE_DIRECTED;
	if (net->flags & IFF_ALLMULTI || !netdev_mc_empty(net) || net->flags & IFF_MULTICAST)
		filter |= HVLIS_NDIS_PACKET_TYPE_ALL_MULTICAST;
	if (net->flags & IFF_BROADCAST)
		filter |= HVLIS_NDIS_PACKET_TYPE_BROADCAST;
	return filter;
}

int netvsc_rndis_set_filter(struct netvsc_dev *ndev, u32 filter)
{
	__le32 value = cpu_to_le32(filter);
	int ret;

	if (ndev->packet_filter == filter)
		return 0;
	ret = netvsc_set(ndev, HVLIS_OID_GEN_CURRENT_PACKET_FILTER, &value, sizeof(value));
	if (!ret)
		ndev->packet_filter = filter;
	return ret;
}

/* From process context: what the host last said of the link. */
void netvsc_link_work(struct work_struct *work)
{
	struct netvsc_dev *ndev = container_of(to_delayed_work(work),
					       struct netvsc_dev, link_work);

	if (READ_ONCE(ndev->link_up))
		netif_carrier_on(ndev->net);
	else
		netif_carrier_off(ndev->net);
}

/* 3.8 */
static void netvsc_indicate(struct netvsc_chan *chan, const void *msg, u32 len)
{
	struct netvsc_dev *ndev = chan->ndev;
	const struct rndis_message *m = msg;
	u32 status, buflen, offset;

	if (len < RNDIS_INDICATE_MSG_SIZE) {
		netvsc_bad_packet(ndev, chan, "status indication too short");
		return;
	}
	status = le32_to_cpu(m->indicate.status);
	switch (status) {
	case HVLIS_RNDIS_STATUS_MEDIA_CONNECT:
		WRITE_ONCE(ndev->link_up, true);
		mod_delayed_work(system_wq, &ndev->link_work, 0);
		break;
	case HVLIS_RNDIS_STATUS_MEDIA_DISCONNECT:
		WRITE_ONCE(ndev->link_up, false);
		mod_delayed_work(system_wq, &ndev->link_work, 0);
		break;
	case HVLIS_RNDIS_STATUS_NETWORK_CHANGE:
		/* Down, then up again, so DHCP clients renew. */
		if (READ_ONCE(ndev->link_up)) {
			netif_carrier_off(ndev->net);
			mod_delayed_work(system_wq, &ndev->link_work,
					 NETVSC_LINK_CHANGE_DELAY);
		}
		break;
	case HVLIS_RNDIS_STATUS_LINK_SPEED_CHANGE:
		buflen = le32_to_cpu(m->indicate.status_buflen);
		offset = le32_to_cpu(m->indicate.status_buf_offset);
		/* Checked against the range: old hosts leave it out of msg_len. */
		if (buflen < sizeof(u32) || offset < sizeof(m->indicate) ||
		    (u64)RNDIS_BODY_OFFSET + offset + sizeof(u32) > len) {
			netvsc_bad_packet(ndev, chan, "link speed indication without a speed");
			return;
		}
		ndev->link_speed = netvsc_le32_at((const u8 *)msg + RNDIS_BODY_OFFSET +
						      offset) / 10000;
		break;
	default:
		netdev_dbg(ndev->net, "ignoring RNDIS status %#x\n", status);
		break;
	}
}

/* A completion of our request: it must be the one we wait for. */
static void netvsc_rndis_reply(struct netvsc_chan *chan, const void *msg, u32 len)
{
	struct netvsc_dev *ndev = chan->ndev;
	struct netvsc_rndis_ctl *ctl = &ndev->rndis;
	const char *bad = NULL;
	u32 req_id;

	if (len < RNDIS_BODY_OFFSET + sizeof(__le32)) {
		netvsc_bad_packet(ndev, chan, "RNDIS completion too short for its request id");
		return;
	}
	if (len > RNDIS_MAX_RESPONSE_SIZE) {
		netvsc_bad_packet(ndev, chan, "RNDIS completion longer than any answer");
		return;
	}
	req_id = netvsc_le32_at((const u8 *)msg + RNDIS_BODY_OFFSET);
	spin_lock(&ctl->reply_lock);
	if (!ctl->pending || req_id != ctl->req_id) {
		bad = "RNDIS completion for no request of ours";
	} else {
		memcpy(ctl->reply, msg, len);
		ctl->reply_len = len;
		ctl->pending = false;
		complete(&ctl->done);
	}
	spin_unlock(&ctl->reply_lock);
	if (bad)
		netvsc_bad_packet(ndev, chan, bad);
}

/*
 * One RNDIS control message of a receive-buffer range: @len bytes (its
 * msg_len, checked to lie within the range) copied out of the buffer.
 * False for a message this guest does not know (3.1: the transfer is
 * then completed as failed).
 */
bool netvsc_rndis_receive(struct netvsc_chan *chan, const void *msg, u32 len)
{
	u32 type = le32_to_cpu(((const struct rndis_msg_hdr *)msg)->msg_type);

	switch (type) {
	case HVLIS_RNDIS_MSG_INIT_C:
	case HVLIS_RNDIS_MSG_QUERY_C:
	case HVLIS_RNDIS_MSG_SET_C:
		netvsc_rndis_reply(chan, msg, len);
		return true;
	case HVLIS_RNDIS_MSG_INDICATE:
		netvsc_indicate(chan, msg, len);
		return true;
	default:
		netvsc_bad_packet(chan->ndev, chan,
				  "RNDIS message of a type this guest does not know");
		return false;
	}
}
