// SPDX-License-Identifier: GPL-2.0-only
/*
 * The NVSP side of a NIC's life (protocol-devices.md 2.1-2.4): control
 * requests on the primary, version negotiation from the newest version
 * down, the NDIS configuration and version, the receive and send
 * buffers with every check of the host's answers, and taking the
 * buffers back without freeing a page the host may still use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/vmalloc.h>
#include <hvlis/compat.h>

#include "netvsc.h"

/* 2.1: the guest's preference order. */
static const u32 netvsc_versions[] = {
	NVSP_PROTOCOL_VERSION_61, NVSP_PROTOCOL_VERSION_6,
	NVSP_PROTOCOL_VERSION_5, NVSP_PROTOCOL_VERSION_4,
	NVSP_PROTOCOL_VERSION_2, NVSP_PROTOCOL_VERSION_1,
};

/* 2.4: NVSP 2 and older hosts take at most 15 MiB of receive buffer. */
#define NETVSC_RECV_BUF_MAX_V2	(15 * 1024 * 1024)

void netvsc_bad_packet(struct netvsc_dev *ndev, struct netvsc_chan *chan,
		       const char *what)
{
	s64 count = atomic64_inc_return(&ndev->bad_packets);

	netdev_warn_once(ndev->net, "dropping bad host packets; see ethtool -S bad_host_packets\n");
	dev_warn_ratelimited(ndev_dev(ndev), "channel %u: %s (%lld bad packets so far)\n",
			     chan ? chan->index : 0, what, count);
}

/*
 * Send @msg (@len bytes) on the primary and wait for the completion that
 * answers it, whose type must be @expect_type; it replaces *@msg,
 * zero-filled past what the host sent. 0, -ETIMEDOUT, or the send error.
 */
int netvsc_nvsp_exec(struct netvsc_dev *ndev, struct nvsp_message *msg,
		     u32 len, u32 expect_type)
{
	struct netvsc_nvsp_ctl *ctl = &ndev->nvsp;
	u32 type = le32_to_cpu(msg->hdr.msg_type);
	bool answered;
	int ret;

	mutex_lock(&ctl->lock);
	spin_lock_bh(&ctl->reply_lock);
	ctl->pending = true;
	ctl->expect_type = expect_type;
	reinit_completion(&ctl->done);
	spin_unlock_bh(&ctl->reply_lock);

	ret = hvlis_channel_send_inband(ndev->chans[0].channel, msg, len,
					NETVSC_CTL_TRANS_ID,
					VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	if (!ret && !wait_for_completion_timeout(&ctl->done, NETVSC_CTL_TIMEOUT))
		ret = -ETIMEDOUT;

	spin_lock_bh(&ctl->reply_lock);
	answered = !ctl->pending;
	ctl->pending = false;
	if (answered) {
		*msg = ctl->reply;
		ret = 0;
	}
	spin_unlock_bh(&ctl->reply_lock);
	mutex_unlock(&ctl->lock);

	if (ret == -ETIMEDOUT)
		dev_err(ndev_dev(ndev), "the host did not answer NVSP message %u within %u s\n",
			type, NETVSC_CTL_TIMEOUT / HZ);
	else if (ret)
		dev_err(ndev_dev(ndev), "could not send NVSP message %u (error %d)\n",
			type, ret);
	return ret;
}

/* From the primary's callback: a completion with the control id. */
void netvsc_nvsp_reply(struct netvsc_dev *ndev, const void *data, u32 len)
{
	struct netvsc_nvsp_ctl *ctl = &ndev->nvsp;
	const char *bad = NULL;
	u32 type;

	if (len < sizeof(struct nvsp_msg_header)) {
		netvsc_bad_packet(ndev, &ndev->chans[0],
				  "control completion too short for its type");
		return;
	}
	type = le32_to_cpu(((const struct nvsp_msg_header *)data)->msg_type);
	spin_lock(&ctl->reply_lock);
	if (!ctl->pending) {
		bad = "control completion nobody waits for";
	} else if (type != ctl->expect_type) {
		bad = "control completion of the wrong type";
	} else {
		memset(&ctl->reply, 0, sizeof(ctl->reply));
		memcpy(&ctl->reply, data, min_t(u32, len, sizeof(ctl->reply)));
		ctl->pending = false;
		complete(&ctl->done);
	}
	spin_unlock(&ctl->reply_lock);
	if (bad)
		netvsc_bad_packet(ndev, &ndev->chans[0], bad);
}

/* A message the host does not answer. */
static int netvsc_nvsp_post(struct netvsc_dev *ndev, const struct nvsp_message *msg)
{
	return hvlis_channel_send_inband(ndev->chans[0].channel, msg, sizeof(*msg),
					 0, 0);
}

static int netvsc_negotiate(struct netvsc_dev *ndev)
{
	struct nvsp_message msg;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(netvsc_versions); i++) {
		memset(&msg, 0, sizeof(msg));
		msg.hdr.msg_type = cpu_to_le32(NVSP_MSG_TYPE_INIT);
		msg.init.min_protocol_ver = cpu_to_le32(netvsc_versions[i]);
		msg.init.max_protocol_ver = cpu_to_le32(netvsc_versions[i]);
		ret = netvsc_nvsp_exec(ndev, &msg, sizeof(msg), NVSP_MSG_TYPE_INIT_COMPLETE);
		if (ret)
			return ret;
		if (le32_to_cpu(msg.init_complete.status) == NVSP_STAT_SUCCESS) {
			ndev->nvsp_version = netvsc_versions[i];
			return 0;
		}
	}
	dev_err(ndev_dev(ndev), "the host accepts none of the network protocol versions 6.1, 6, 5, 4, 2 and 1; not using this NIC\n");
	return -EPROTONOSUPPORT;
}

static int netvsc_send_ndis_config(struct netvsc_dev *ndev)
{
	struct nvsp_message msg = {};

	/* 2.3: NVSP 1 has no NDIS configuration. */
	if (ndev->nvsp_version < NVSP_PROTOCOL_VERSION_2)
		return 0;
	msg.hdr.msg_type = cpu_to_le32(NVSP_MSG2_TYPE_SEND_NDIS_CONFIG);
	msg.ndis_config.mtu = cpu_to_le32(ndev->net->mtu + ETH_HLEN);
	msg.ndis_config.capability = cpu_to_le64(NVSP_NDIS_CAP_IEEE8021Q);
	return netvsc_nvsp_post(ndev, &msg);
}

static int netvsc_send_ndis_version(struct netvsc_dev *ndev)
{
	struct nvsp_message msg = {};

	ndev->ndis_version = ndev->nvsp_version >= NVSP_PROTOCOL_VERSION_5 ?
			     NVSP_NDIS_VERSION_6_30 : NVSP_NDIS_VERSION_6_1;
	msg.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_NDIS_VER);
	msg.ndis_ver.ndis_major_ver = cpu_to_le32(ndev->ndis_version >> 16);
	msg.ndis_ver.ndis_minor_ver = cpu_to_le32(ndev->ndis_version & 0xffff);
	return netvsc_nvsp_post(ndev, &msg);
}

/* A buffer the host gets a GPADL of; *@buf stays NULL on failure. */
static int netvsc_buf_alloc(struct netvsc_dev *ndev, u32 size, void **buf,
			    u32 *gpadl)
{
	int ret;

	*buf = vzalloc(size);
	if (!*buf)
		return -ENOMEM;
	ret = hvlis_gpadl_create(ndev->chans[0].channel, *buf, size, gpadl);
	if (ret) {
		dev_err(ndev_dev(ndev), "could not give the host a %u-byte buffer (error %d)\n",
			size, ret);
		vfree(*buf);
		*buf = NULL;
	}
	return ret;
}

static int netvsc_setup_recv_buf(struct netvsc_dev *ndev)
{
	const struct nvsp_recv_buf_section *sec;
	struct nvsp_message msg = {};
	u32 size = ndev->recv_buf_want;
	u64 used;
	int ret;

	if (ndev->nvsp_version <= NVSP_PROTOCOL_VERSION_2)
		size = min_t(u32, size, NETVSC_RECV_BUF_MAX_V2);
	ret = netvsc_buf_alloc(ndev, size, &ndev->recv_buf, &ndev->recv_gpadl);
	if (ret)
		return ret;
	ndev->recv_buf_size = size;

	msg.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_RECV_BUF);
	msg.send_buf.gpadl_handle = cpu_to_le32(ndev->recv_gpadl);
	msg.send_buf.id = cpu_to_le16(NVSP_RECV_BUF_ID);
	ret = netvsc_nvsp_exec(ndev, &msg, sizeof(msg),
			       NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE);
	if (ret)
		return ret;

	/* 2.4: one section at offset 0 of sub-allocations that fit. */
	sec = &msg.recv_buf_complete.section[0];
	ndev->recv_section_size = le32_to_cpu(sec->sub_alloc_size);
	ndev->recv_sections = le32_to_cpu(sec->num_sub_allocs);
	used = (u64)ndev->recv_section_size * ndev->recv_sections;
	if (le32_to_cpu(msg.recv_buf_complete.status) != NVSP_STAT_SUCCESS) {
		dev_err(ndev_dev(ndev), "the host refused the receive buffer (status %u)\n",
			le32_to_cpu(msg.recv_buf_complete.status));
		return -EIO;
	}
	if (le32_to_cpu(msg.recv_buf_complete.num_sections) != 1 || sec->offset ||
	    ndev->recv_section_size < NVSP_MIN_SECTION_SIZE || !ndev->recv_sections ||
	    used > size) {
		dev_err(ndev_dev(ndev), "the host's receive buffer layout is unusable (%u sections, offset %u, %u sub-allocations of %u bytes in %u bytes)\n",
			le32_to_cpu(msg.recv_buf_complete.num_sections),
			le32_to_cpu(sec->offset), ndev->recv_sections,
			ndev->recv_section_size, size);
		return -EPROTO;
	}
	ndev->recv_buf_shared = true;
	return 0;
}

static int netvsc_setup_send_buf(struct netvsc_dev *ndev)
{
	struct nvsp_message msg = {};
	u32 size = ndev->send_buf_want;
	int ret;

	ret = netvsc_buf_alloc(ndev, size, &ndev->send_buf, &ndev->send_gpadl);
	if (ret)
		return ret;
	ndev->send_buf_size = size;

	msg.hdr.msg_type = cpu_to_le32(NVSP_MSG1_TYPE_SEND_SEND_BUF);
	msg.send_buf.gpadl_handle = cpu_to_le32(ndev->send_gpadl);
	msg.send_buf.id = cpu_to_le16(NVSP_SEND_BUF_ID);
	ret = netvsc_nvsp_exec(ndev, &msg, sizeof(msg),
			       NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE);
	if (ret)
		return ret;
	if (le32_to_cpu(msg.send_buf_complete.status) != NVSP_STAT_SUCCESS) {
		dev_err(ndev_dev(ndev), "the host refused the send buffer (status %u)\n",
			le32_to_cpu(msg.send_buf_complete.status));
		return -EIO;
	}
	ndev->send_section_size = le32_to_cpu(msg.send_buf_complete.section_size);
	if (ndev->send_section_size < NVSP_MIN_SECTION_SIZE ||
	    ndev->send_section_size > size) {
		dev_err(ndev_dev(ndev), "the host's send sections of %u bytes do not fit a %u-byte buffer of at least %u-byte sections\n",
			ndev->send_section_size, size, NVSP_MIN_SECTION_SIZE);
		return -EPROTO;
	}
	ndev->send_buf_shared = true;
	ndev->send_sections = size / ndev->send_section_size;
	ndev->send_section_map = bitmap_zalloc(ndev->send_sections, GFP_KERNEL);
	return ndev->send_section_map ? 0 : -ENOMEM;
}

/*
 * The handshake on the open primary, up to the buffers. Every failure
 * has been logged when this returns an error; the caller undoes what was
 * done with netvsc_nvsp_disconnect().
 */
int netvsc_nvsp_connect(struct netvsc_dev *ndev)
{
	int ret;

	ret = netvsc_negotiate(ndev);
	if (ret)
		return ret;
	ret = netvsc_send_ndis_config(ndev);
	if (!ret)
		ret = netvsc_send_ndis_version(ndev);
	if (ret) {
		dev_err(ndev_dev(ndev), "could not send the NDIS configuration (error %d)\n", ret);
		return ret;
	}
	ret = netvsc_setup_recv_buf(ndev);
	if (ret)
		return ret;
	return netvsc_setup_send_buf(ndev);
}

static void netvsc_revoke(struct netvsc_dev *ndev, u32 type, u16 id)
{
	struct nvsp_message msg = {};

	msg.hdr.msg_type = cpu_to_le32(type);
	msg.revoke_buf.id = cpu_to_le16(id);
	netvsc_nvsp_post(ndev, &msg);
}

static void netvsc_wait_ring_read(struct netvsc_dev *ndev)
{
	struct hvlis_channel *channel = ndev->chans[0].channel;
	/* Room for a packet as large as the ring less one revoke: it is empty. */
	u32 nearly_all = netvsc_ring_bytes - VMBUS_PAGE_SIZE - 2 * sizeof(struct nvsp_message);
	unsigned long end = jiffies + NETVSC_CTL_TIMEOUT;

	while (!hvlis_channel_can_send(channel, nearly_all) &&
	       !hvlis_channel_rescinded(channel)) {
		if (time_after(jiffies, end)) {
			dev_warn(ndev_dev(ndev), "the host did not read the buffer revokes within %u s\n",
				 NETVSC_CTL_TIMEOUT / HZ);
			return;
		}
		usleep_range(1000, 2000);
	}
}

/* Freed only once the host gave the pages back; else they stay its own. */
static void netvsc_buf_free(struct netvsc_dev *ndev, void **buf, u32 gpadl,
			    const char *what)
{
	if (!*buf)
		return;
	if (hvlis_gpadl_teardown(ndev->chans[0].channel, gpadl)) {
		dev_warn(ndev_dev(ndev), "the host kept the %s buffer; leaving its pages to it\n",
			 what);
		*buf = NULL;
		return;
	}
	vfree(*buf);
	*buf = NULL;
}

/*
 * 2.4 teardown, after RNDIS HALT: revoke both buffers, then take their
 * GPADLs back, on the still open primary (the order every VMBus version
 * accepts).
 */
void netvsc_nvsp_disconnect(struct netvsc_dev *ndev)
{
	bool revoked = false;

	if (ndev->recv_buf_shared && !ndev->gone) {
		netvsc_revoke(ndev, NVSP_MSG1_TYPE_REVOKE_RECV_BUF, NVSP_RECV_BUF_ID);
		revoked = true;
	}
	if (ndev->send_buf_shared && !ndev->gone) {
		netvsc_revoke(ndev, NVSP_MSG1_TYPE_REVOKE_SEND_BUF, NVSP_SEND_BUF_ID);
		revoked = true;
	}
	/*
	 * The revokes travel in the ring, the teardowns as channel messages:
	 * let the host read the ring first, or it sees a teardown of a
	 * buffer it was never told to stop using.
	 */
	if (revoked)
		netvsc_wait_ring_read(ndev);
	ndev->recv_buf_shared = false;
	ndev->send_buf_shared = false;
	netvsc_buf_free(ndev, &ndev->recv_buf, ndev->recv_gpadl, "receive");
	netvsc_buf_free(ndev, &ndev->send_buf, ndev->send_gpadl, "send");
	bitmap_free(ndev->send_section_map);
	ndev->send_section_map = NULL;
}
