// SPDX-License-Identifier: GPL-2.0-only
/*
 * SynthHID on the channel (protocol-devices.md 4.2, 4.3): the protocol
 * request, the host's response and device info, the ACK, and the input
 * reports after it.
 *
 * Everything the host sends is untrusted. A message whose pipe or SynthHID
 * header does not fit the packet is dropped; an INITIAL_DEVICE_INFO whose
 * sizes leave the message, whose HID descriptor has a bLength too small
 * for itself or that names a report descriptor that is empty, larger than
 * HID core takes or past the message's end fails the probe; reports before
 * the ACK are dropped. Each is logged, rate-limited.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/hid.h>
#include <linux/string.h>

#include "hid_hyperv.h"

/* 4.3: how long the host has for each of its two answers. */
#define MOUSEVSC_WAIT		(5 * HZ)

/* Any non-zero id: the host may complete the request, which is ignored. */
#define MOUSEVSC_TRANS_ID	1

static int mousevsc_send(struct mousevsc *mv, void *msg, u32 len, u32 type,
			 u32 size)
{
	struct synthhid_hdrs *hdr = msg;

	hdr->pipe.type = cpu_to_le32(SYNTHHID_PIPE_DATA);
	hdr->pipe.size = cpu_to_le32(len - sizeof(hdr->pipe));
	hdr->hid.type = cpu_to_le32(type);
	hdr->hid.size = cpu_to_le32(size);
	return hvlis_channel_send_inband(mv->channel, msg, len, MOUSEVSC_TRANS_ID,
					 VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
}

static void mousevsc_on_response(struct mousevsc *mv, const u8 *msg, u32 size)
{
	const struct synthhid_protocol_response *resp = (const void *)msg;

	if (size < sizeof(*resp) - sizeof(resp->hdr)) {
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping a %u-byte PROTOCOL_RESPONSE (5 bytes expected)\n",
				     size);
		return;
	}
	if (mv->response_received) {
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping a second PROTOCOL_RESPONSE\n");
		return;
	}
	mv->response_received = true;
	mv->approved = resp->approved;
	complete(&mv->protocol_done);
}

/* Check INITIAL_DEVICE_INFO (@size body bytes) and keep what it says. */
static int mousevsc_parse_info(struct mousevsc *mv, const u8 *body, u32 size)
{
	const struct synthhid_dev_info *info = (const void *)body;
	const struct synthhid_hid_desc *desc;
	u32 off, len;

	if (size < sizeof(*info) + sizeof(*desc)) {
		dev_err_ratelimited(&mv->vdev->dev,
				    "INITIAL_DEVICE_INFO of %u bytes: too short for the device info and HID descriptor (%zu)\n",
				    size, sizeof(*info) + sizeof(*desc));
		return -EINVAL;
	}
	if (le32_to_cpu(info->size) < sizeof(*info))
		dev_warn_ratelimited(&mv->vdev->dev,
				     "device info says it is %u bytes, not %zu; reading on\n",
				     le32_to_cpu(info->size), sizeof(*info));
	desc = (const void *)(body + sizeof(*info));
	off = sizeof(*info) + desc->bLength;
	if (desc->bLength < sizeof(*desc) || off > size) {
		dev_err_ratelimited(&mv->vdev->dev,
				    "HID descriptor with bLength %u in a %u-byte message: refused\n",
				    desc->bLength, size);
		return -EINVAL;
	}
	len = le16_to_cpu(desc->wReportLength);
	if (!len || len > HID_MAX_DESCRIPTOR_SIZE) {
		dev_err_ratelimited(&mv->vdev->dev,
				    "report descriptor of %u bytes: refused (1 to %u)\n",
				    len, HID_MAX_DESCRIPTOR_SIZE);
		return -EINVAL;
	}
	if (len > size - off) {
		dev_err_ratelimited(&mv->vdev->dev,
				    "report descriptor of %u bytes at offset %u runs past the %u-byte message: refused\n",
				    len, off, size);
		return -EINVAL;
	}
	mv->vendor = le16_to_cpu(info->vendor);
	mv->product = le16_to_cpu(info->product);
	mv->version = le16_to_cpu(info->version);
	memcpy(mv->rdesc, body + off, len);
	mv->rdesc_len = len;
	/* Hyper-V's own descriptor has this bug (SA-167): a Usage Maximum. */
	if (len > SYNTHHID_SA167_OFFSET &&
	    mv->rdesc[SYNTHHID_SA167_OFFSET] == SYNTHHID_SA167_BAD)
		mv->rdesc[SYNTHHID_SA167_OFFSET] = SYNTHHID_SA167_GOOD;
	return 0;
}

static void mousevsc_on_info(struct mousevsc *mv, const u8 *body, u32 size)
{
	if (mv->info_received) {
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping a second INITIAL_DEVICE_INFO\n");
		return;
	}
	mv->info_received = true;
	mv->info_status = mousevsc_parse_info(mv, body, size);
	complete(&mv->info_done);
}

static void mousevsc_on_report(struct mousevsc *mv, const u8 *body, u32 size)
{
	/* Paired with the release in mousevsc_probe(): mv->hid is added. */
	if (!smp_load_acquire(&mv->ready)) {
		if (!READ_ONCE(mv->acked))
			dev_warn_ratelimited(&mv->vdev->dev,
					     "dropping an input report sent before INITIAL_DEVICE_INFO_ACK\n");
		return;
	}
	if (!size) {
		dev_warn_ratelimited(&mv->vdev->dev, "dropping an empty input report\n");
		return;
	}
	mousevsc_hid_report(mv, body, size);
}

static void mousevsc_on_message(struct mousevsc *mv, const u8 *data, u32 len)
{
	const struct synthhid_hdrs *hdr = (const void *)data;
	u32 pipe_size, size, type;

	if (len < sizeof(*hdr)) {
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping a %u-byte message: too short for its headers\n",
				     len);
		return;
	}
	if (le32_to_cpu(hdr->pipe.type) != SYNTHHID_PIPE_DATA) {
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping a message of pipe type %u\n",
				     le32_to_cpu(hdr->pipe.type));
		return;
	}
	pipe_size = le32_to_cpu(hdr->pipe.size);
	size = le32_to_cpu(hdr->hid.size);
	type = le32_to_cpu(hdr->hid.type);
	if (pipe_size > len - sizeof(hdr->pipe) || pipe_size < sizeof(hdr->hid) ||
	    size > pipe_size - sizeof(hdr->hid)) {
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping message type %u: pipe size %u, SynthHID size %u do not fit its %u bytes\n",
				     type, pipe_size, size, len);
		return;
	}
	switch (type) {
	case SYNTHHID_PROTOCOL_RESPONSE:
		mousevsc_on_response(mv, data, size);
		break;
	case SYNTHHID_INITIAL_DEVICE_INFO:
		mousevsc_on_info(mv, data + sizeof(*hdr), size);
		break;
	case SYNTHHID_INPUT_REPORT:
		mousevsc_on_report(mv, data + sizeof(*hdr), size);
		break;
	default:
		dev_warn_ratelimited(&mv->vdev->dev,
				     "dropping a message of SynthHID type %u\n", type);
	}
}

int mousevsc_callback(struct hvlis_channel *channel, void *context, int budget)
{
	struct mousevsc *mv = context;
	const struct vmbus_packet_descriptor *desc;
	const void *data;
	int done = 0;
	u32 len;

	while (done < budget) {
		desc = hvlis_channel_peek(channel);
		if (IS_ERR(desc)) {
			dev_err_ratelimited(&mv->vdev->dev,
					    "the host broke the ring (error %ld)\n",
					    PTR_ERR(desc));
			break;
		}
		if (!desc)
			break;
		data = vmbus_packet_payload(desc, &len);
		switch (le16_to_cpu(desc->type)) {
		case VMBUS_PACKET_DATA_INBAND:
			mousevsc_on_message(mv, data, len);
			break;
		case VMBUS_PACKET_COMP:
			break;	/* of our requests: nothing waits for them */
		default:
			dev_warn_ratelimited(&mv->vdev->dev,
					     "dropping a packet of type %u\n",
					     le16_to_cpu(desc->type));
		}
		hvlis_channel_advance(channel);
		done++;
	}
	return done;
}

/*
 * 4.3 steps 1-3 on the open channel: ask for SynthHID 2.0, take the
 * host's device info and acknowledge it. Process context.
 */
int mousevsc_connect(struct mousevsc *mv)
{
	struct synthhid_protocol_request req = {
		.version = cpu_to_le32(SYNTHHID_VERSION_WIN8),
	};
	struct synthhid_device_info_ack ack = { };
	struct device *dev = &mv->vdev->dev;
	int ret;

	ret = mousevsc_send(mv, &req, sizeof(req), SYNTHHID_PROTOCOL_REQUEST,
			    sizeof(req.version));
	if (ret) {
		dev_err(dev, "could not send the protocol request (error %d)\n", ret);
		return ret;
	}
	if (!wait_for_completion_timeout(&mv->protocol_done, MOUSEVSC_WAIT)) {
		dev_err(dev, "the host did not answer the protocol request in 5 s\n");
		return -ETIMEDOUT;
	}
	if (!mv->approved) {
		dev_err(dev, "the host refused SynthHID version 2.0\n");
		return -ENODEV;
	}
	if (!wait_for_completion_timeout(&mv->info_done, MOUSEVSC_WAIT)) {
		dev_err(dev, "the host sent no device info in 5 s\n");
		return -ETIMEDOUT;
	}
	if (mv->info_status) {
		dev_err(dev, "the host's device info is unusable: no mouse\n");
		return mv->info_status;
	}
	WRITE_ONCE(mv->acked, true);
	ret = mousevsc_send(mv, &ack, sizeof(ack), SYNTHHID_INITIAL_DEVICE_INFO_ACK,
			    sizeof(ack.reserved));
	if (ret)
		dev_err(dev, "could not acknowledge the device info (error %d)\n", ret);
	return ret;
}
