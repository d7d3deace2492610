// SPDX-License-Identifier: GPL-2.0-only
/*
 * Control requests on the primary channel and the VSTOR initialisation
 * (protocol-devices.md 1.7): BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION
 * from the newest version down, QUERY_PROPERTIES, END_INITIALIZATION, and
 * then CREATE_SUB_CHANNELS when the host can do multi-channel.
 *
 * Like the 4.x-5.x guests that still spoke the pre-WIN8 protocols, the
 * packets are the 48-byte pre-WIN8 layout until a WIN8 or later version
 * is agreed, so a WS2008 or WIN7 host never sees a packet longer than it
 * knows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/string.h>

#include "storvsc.h"

/* The guest's preference order (1.1). */
static const u16 storvsc_versions[] = {
	VSTOR_PROTO_WIN10, VSTOR_PROTO_WIN8_1, VSTOR_PROTO_WIN8,
	VSTOR_PROTO_WIN7, VSTOR_PROTO_WIN6,
};

static const char *storvsc_op_name(u32 op)
{
	switch (op) {
	case VSTOR_OP_BEGIN_INITIALIZATION:	return "BEGIN_INITIALIZATION";
	case VSTOR_OP_QUERY_PROTOCOL_VERSION:	return "QUERY_PROTOCOL_VERSION";
	case VSTOR_OP_QUERY_PROPERTIES:		return "QUERY_PROPERTIES";
	case VSTOR_OP_END_INITIALIZATION:	return "END_INITIALIZATION";
	case VSTOR_OP_CREATE_SUB_CHANNELS:	return "CREATE_SUB_CHANNELS";
	case VSTOR_OP_RESET_BUS:		return "RESET_BUS";
	default:				return "a control request";
	}
}

/*
 * Send @pkt on the primary and wait up to @timeout for its completion,
 * which replaces *@pkt (zero-filled past what the host sent). 0, or
 * -ETIMEDOUT, or -EPROTO when the answer is not a COMPLETE_IO, or the
 * error of the send. The caller looks at the status.
 */
int storvsc_ctl_exec(struct storvsc_dev *stor, struct vstor_packet *pkt,
		     u64 trans_id, unsigned long timeout)
{
	struct storvsc_ctl *ctl = &stor->ctl;
	u32 op = le32_to_cpu(pkt->operation);
	bool answered;
	int ret;

	pkt->flags = cpu_to_le32(VSTOR_FLAG_REQUEST_COMPLETION);
	mutex_lock(&ctl->lock);
	spin_lock_irq(&ctl->reply_lock);
	ctl->pending = true;
	ctl->trans_id = trans_id;
	ctl->reply_len = 0;
	reinit_completion(&ctl->done);
	spin_unlock_irq(&ctl->reply_lock);

	ret = hvlis_channel_send_inband(stor->chans[0].channel, pkt,
					stor->packet_size, trans_id,
					VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	if (!ret && !wait_for_completion_timeout(&ctl->done, timeout))
		ret = -ETIMEDOUT;

	spin_lock_irq(&ctl->reply_lock);
	answered = !ctl->pending;
	ctl->pending = false;
	if (answered) {
		memset(pkt, 0, sizeof(*pkt));
		memcpy(pkt, &ctl->reply, ctl->reply_len);
		ret = 0;
	}
	spin_unlock_irq(&ctl->reply_lock);
	mutex_unlock(&ctl->lock);

	if (ret == -ETIMEDOUT)
		dev_err(stor_dev(stor), "the host did not answer %s within %u s\n",
			storvsc_op_name(op), jiffies_to_msecs(timeout) / 1000);
	else if (ret)
		dev_err(stor_dev(stor), "could not send %s (error %d)\n",
			storvsc_op_name(op), ret);
	if (ret)
		return ret;
	if (le32_to_cpu(pkt->operation) != VSTOR_OP_COMPLETE_IO) {
		dev_err(stor_dev(stor), "the host answered %s with operation %u, not COMPLETE_IO\n",
			storvsc_op_name(op), le32_to_cpu(pkt->operation));
		return -EPROTO;
	}
	return 0;
}

/* From the channel callback: the completion of a control request. */
void storvsc_ctl_reply(struct storvsc_dev *stor, u64 trans_id,
		       const void *data, u32 len)
{
	struct storvsc_ctl *ctl = &stor->ctl;
	unsigned long flags;
	bool taken = false;

	spin_lock_irqsave(&ctl->reply_lock, flags);
	/* Mirrored size (1.7): a completion shorter than the request is cut. */
	if (ctl->pending && ctl->trans_id == trans_id && len >= stor->packet_size) {
		ctl->reply_len = min_t(u32, len, sizeof(ctl->reply));
		memcpy(&ctl->reply, data, ctl->reply_len);
		ctl->pending = false;
		complete(&ctl->done);
		taken = true;
	}
	spin_unlock_irqrestore(&ctl->reply_lock, flags);
	if (!taken)
		storvsc_bad_packet(stor, len < stor->packet_size ?
				   "dropping a truncated control completion" :
				   "dropping a control completion nobody waits for",
				   trans_id);
}

/* One handshake step that must succeed. */
static int storvsc_step(struct storvsc_dev *stor, struct vstor_packet *pkt,
			u32 op)
{
	int ret;

	memset(pkt, 0, sizeof(*pkt));
	pkt->operation = cpu_to_le32(op);
	ret = storvsc_ctl_exec(stor, pkt, STORVSC_INIT_TRANS_ID, STORVSC_STEP_TIMEOUT);
	if (ret)
		return ret;
	if (pkt->status) {
		dev_err(stor_dev(stor), "the host refused %s (status %#x)\n",
			storvsc_op_name(op), le32_to_cpu(pkt->status));
		return -EIO;
	}
	return 0;
}

static void storvsc_set_version(struct storvsc_dev *stor, u16 version)
{
	bool win8 = version >= VSTOR_PROTO_WIN8;

	stor->version = version;
	stor->packet_size = win8 ? sizeof(struct vstor_packet) : VSTOR_PACKET_SIZE_WIN7;
	stor->srb_size = win8 ? sizeof(struct vstor_srb) : VSTOR_SRB_SIZE_WIN7;
	stor->sense_size = win8 ? VSTOR_SENSE_SIZE : VSTOR_SENSE_SIZE_WIN7;
}

static int storvsc_negotiate(struct storvsc_dev *stor, struct vstor_packet *pkt)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(storvsc_versions); i++) {
		memset(pkt, 0, sizeof(*pkt));
		pkt->operation = cpu_to_le32(VSTOR_OP_QUERY_PROTOCOL_VERSION);
		pkt->version.major_minor = cpu_to_le16(storvsc_versions[i]);
		ret = storvsc_ctl_exec(stor, pkt, STORVSC_INIT_TRANS_ID,
				       STORVSC_STEP_TIMEOUT);
		if (ret)
			return ret;
		if (!pkt->status) {
			storvsc_set_version(stor, storvsc_versions[i]);
			return 0;
		}
	}
	dev_err(stor_dev(stor), "the host accepts none of the storage protocol versions 6.2, 6.0, 5.1, 4.2 and 2.0; not using this controller\n");
	return -EPROTONOSUPPORT;
}

/*
 * The handshake on the open primary. Every failure has been logged, in
 * one line, when this returns an error.
 */
int storvsc_handshake(struct storvsc_dev *stor)
{
	struct vstor_packet pkt;
	const struct vstor_channel_properties *props = &pkt.properties;
	int ret;

	/* Pre-WIN8 packets until the version says otherwise. */
	storvsc_set_version(stor, VSTOR_PROTO_WIN7);
	stor->version = 0;

	ret = storvsc_step(stor, &pkt, VSTOR_OP_BEGIN_INITIALIZATION);
	if (ret)
		return ret;
	ret = storvsc_negotiate(stor, &pkt);
	if (ret)
		return ret;
	ret = storvsc_step(stor, &pkt, VSTOR_OP_QUERY_PROPERTIES);
	if (ret)
		return ret;
	stor->host_max_subchannels = le16_to_cpu(props->max_channel_cnt);
	stor->host_flags = le32_to_cpu(props->flags);
	stor->max_transfer = le32_to_cpu(props->max_transfer_bytes);
	if (stor->max_transfer < VMBUS_PAGE_SIZE) {
		dev_err(stor_dev(stor), "the host allows %u bytes per request, less than one page; not using this controller\n",
			stor->max_transfer);
		return -EPROTO;
	}
	return storvsc_step(stor, &pkt, VSTOR_OP_END_INITIALIZATION);
}

/*
 * Ask for sub-channels (1.7 step 7) when the host can do multi-channel:
 * one per online CPU beyond the first, as many as the host has. They
 * arrive later, through storvsc_subchannel_new(). Returns how many were
 * asked for and granted; 0 leaves the controller on its primary, which
 * is not an error.
 */
unsigned int storvsc_request_subchannels(struct storvsc_dev *stor)
{
	struct vstor_packet pkt = {};
	unsigned int want;
	int ret;

	if (stor->is_ide || stor->version < VSTOR_PROTO_WIN8 ||
	    !(stor->host_flags & VSTOR_PROP_SUPPORTS_MULTI_CHANNEL))
		return 0;
	want = min_t(unsigned int, num_online_cpus() - 1, stor->host_max_subchannels);
	if (!want)
		return 0;

	pkt.operation = cpu_to_le32(VSTOR_OP_CREATE_SUB_CHANNELS);
	pkt.sub_channel_count = cpu_to_le16(want);
	ret = storvsc_ctl_exec(stor, &pkt, STORVSC_INIT_TRANS_ID,
			       STORVSC_SUBCHANNEL_TIMEOUT);
	if (!ret && pkt.status) {
		dev_warn(stor_dev(stor), "the host refused %u sub-channels (status %#x); using one channel\n",
			 want, le32_to_cpu(pkt.status));
		ret = -EIO;
	}
	return ret ? 0 : want;
}
