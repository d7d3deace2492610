// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IC framework (protocol-vmbus.md 8): reading host messages off a
 * util channel, checking the pipe and IC headers, version negotiation,
 * and the answer every request gets (the same buffer back, icflags
 * TRANSACTION|RESPONSE, the received trans_id and length).
 *
 * Everything the host sends is untrusted: a message too short for its
 * headers is dropped; one whose icmsgsize runs past the packet, whose
 * icmsgtype is not the service's, or that comes before negotiation, is
 * answered E_FAIL; a NEGOTIATE with bad counts gets a failed negotiation
 * answer. Each is logged, rate-limited.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/string.h>
/*
 * After the headers it leans on without including them: RHEL 7's wants
 * size_t, RHEL 8's SIZE_MAX (<linux/limits.h>, through <linux/kernel.h>).
 */
#include <linux/overflow.h>

#include "hv_utils.h"

#define IC_HDR_SIZE	sizeof(struct vmbus_ic_msg_hdr)

static int util_send(struct util_dev *dev)
{
	struct vmbus_ic_msg_hdr *hdr = util_hdr(dev);

	hdr->icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE;
	return hvlis_channel_send_inband(dev->channel, dev->msg, dev->msg_len,
					 dev->trans_id, 0);
}

static void util_answer(struct util_dev *dev)
{
	int ret = util_send(dev);

	if (ret)
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: could not answer the host (error %d)\n",
				     dev->svc->name, ret);
	/* The buffer is free for the next message once the answer is out. */
	smp_store_release(&dev->busy, false);
}

void util_reply(struct util_dev *dev)
{
	util_answer(dev);
	/*
	 * The host may have sent its next request as soon as it had this
	 * answer, and the callback left it in the ring: take it now.
	 */
	hvlis_channel_kick(dev->channel);
}

static void util_fail(struct util_dev *dev)
{
	util_hdr(dev)->status = cpu_to_le32(HV_E_FAIL);
}

/* The newest of @ours (newest first) that the host's list offers. */
static const struct vmbus_ic_version *
util_pick(const struct vmbus_ic_version *ours, unsigned int nours,
	  const struct vmbus_ic_version *theirs, unsigned int ntheirs)
{
	unsigned int i, j;

	for (i = 0; i < nours; i++)
		for (j = 0; j < ntheirs; j++)
			if (util_ver(&ours[i]) == util_ver(&theirs[j]))
				return &ours[i];
	return NULL;
}

/* 8.4: answer a NEGOTIATE in place; false when it failed. */
static bool util_negotiate(struct util_dev *dev, u32 size)
{
	const struct util_service *svc = dev->svc;
	struct vmbus_ic_negotiate *neg = (void *)(dev->msg + IC_HDR_SIZE);
	const struct vmbus_ic_version *fw = NULL, *srv = NULL;
	u32 fc, mc;

	/* The answer needs room for the counts and two versions. */
	if (size < struct_size(neg, icversion_data, 2) ||
	    dev->msg_len < IC_HDR_SIZE + struct_size(neg, icversion_data, 2)) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: NEGOTIATE of %u bytes: too short, refused\n",
				     svc->name, size);
		util_fail(dev);
		return false;
	}
	fc = le16_to_cpu(neg->icframe_vercnt);
	mc = le16_to_cpu(neg->icmsg_vercnt);
	if (fc > VMBUS_IC_MAX_VERSIONS || mc > VMBUS_IC_MAX_VERSIONS ||
	    struct_size(neg, icversion_data, fc + mc) > size) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: NEGOTIATE offers %u framework and %u service versions in %u bytes: refused\n",
				     svc->name, fc, mc, size);
		goto fail;
	}
	fw = util_pick(svc->fw_versions, svc->fw_count, neg->icversion_data, fc);
	srv = util_pick(svc->srv_versions, svc->srv_count,
			neg->icversion_data + fc, mc);
	if (!fw || !srv) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: the host offers no %s version this driver speaks\n",
				     svc->name, fw ? "service" : "framework");
		goto fail;
	}
	neg->icframe_vercnt = cpu_to_le16(1);
	neg->icmsg_vercnt = cpu_to_le16(1);
	neg->icversion_data[0] = *fw;
	neg->icversion_data[1] = *srv;
	util_hdr(dev)->icmsgsize = cpu_to_le16(struct_size(neg, icversion_data, 2));
	if (!dev->negotiated || util_ver(&dev->fw) != util_ver(fw) ||
	    util_ver(&dev->srv) != util_ver(srv))
		dev_info(&dev->vdev->dev, "%s: framework %u.%u, service version %u.%u\n",
			 svc->name, le16_to_cpu(fw->major), le16_to_cpu(fw->minor),
			 le16_to_cpu(srv->major), le16_to_cpu(srv->minor));
	dev->fw = *fw;
	dev->srv = *srv;
	dev->negotiated = true;
	dev->negotiations++;
	return true;

fail:
	neg->icframe_vercnt = 0;
	neg->icmsg_vercnt = 0;
	util_hdr(dev)->icmsgsize = cpu_to_le16(sizeof(*neg));
	util_fail(dev);
	return false;
}

/*
 * One in-band packet of @len bytes at @data from the host; false when it
 * must wait in the ring until the answer to the last one is out.
 */
static bool util_on_message(struct util_dev *dev, const void *data, u32 len,
			    u64 trans_id)
{
	const struct util_service *svc = dev->svc;
	struct vmbus_ic_msg_hdr *hdr;
	u32 size;
	u16 type;

	if (len < IC_HDR_SIZE || len > UTIL_MAX_MSG) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: dropping a %u-byte message (headers take %zu, at most %zu)\n",
				     svc->name, len, IC_HDR_SIZE, UTIL_MAX_MSG);
		return true;
	}
	/* Paired with util_answer(): the last answer is out of dev->msg. */
	if (smp_load_acquire(&dev->busy))
		return false;
	/* Our own copy: checked once, and ours to answer in. */
	memcpy(dev->msg, data, len);
	dev->msg_len = len;
	dev->trans_id = trans_id;
	hdr = util_hdr(dev);
	size = le16_to_cpu(hdr->icmsgsize);
	type = le16_to_cpu(hdr->icmsgtype);

	dev->busy = true;
	if (size > len - IC_HDR_SIZE) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: icmsgsize %u runs past the %u-byte message: refused\n",
				     svc->name, size, len);
		util_fail(dev);
	} else if (type == ICMSGTYPE_NEGOTIATE) {
		if (util_negotiate(dev, size) && svc->negotiated &&
		    svc->negotiated(dev) == UTIL_DEFER)
			return true;
	} else if (type != svc->msgtype) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: message type %u on this channel: refused\n",
				     svc->name, type);
		util_fail(dev);
	} else if (!dev->negotiated) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "%s: message type %u before negotiation: refused\n",
				     svc->name, type);
		util_fail(dev);
	} else if (svc->handle(dev, dev->msg + IC_HDR_SIZE, size) == UTIL_DEFER) {
		return true;
	} else if (svc->answered) {
		util_answer(dev);
		svc->answered(dev);
		return true;
	}
	util_answer(dev);
	return true;
}

int util_ic_callback(struct hvlis_channel *channel, void *context, int budget)
{
	struct util_dev *dev = context;
	const struct vmbus_packet_descriptor *desc;
	const void *data;
	int done = 0;
	u32 len;

	while (done < budget) {
		desc = hvlis_channel_peek(channel);
		if (IS_ERR(desc)) {
			dev_err_ratelimited(&dev->vdev->dev,
					    "%s: the host broke the ring (error %ld)\n",
					    dev->svc->name, PTR_ERR(desc));
			break;
		}
		if (!desc)
			break;
		data = vmbus_packet_payload(desc, &len);
		if (le16_to_cpu(desc->type) == VMBUS_PACKET_DATA_INBAND) {
			if (!util_on_message(dev, data, len,
					     le64_to_cpu(desc->trans_id)))
				return VMBUS_CALLBACK_STALLED;
		} else {
			dev_warn_ratelimited(&dev->vdev->dev,
					     "%s: dropping a packet of type %u\n",
					     dev->svc->name, le16_to_cpu(desc->type));
		}
		hvlis_channel_advance(channel);
		done++;
	}
	return done;
}
