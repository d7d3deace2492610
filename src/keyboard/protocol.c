// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keyboard protocol (protocol-devices.md 4.4): the guest asks for
 * version 1.0 and waits for the host's PROTOCOL_RESPONSE; after that the
 * host sends a keystroke EVENT per key transition.
 *
 * Everything the host sends is untrusted: a message shorter than its
 * struct, longer than the protocol allows, of a type the guest does not
 * take, or a response nobody waits for, is logged (rate-limited) and
 * dropped, and the next message is read as usual.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/jiffies.h>
#include <proto/synthkbd.h>

#include "keyboard.h"

/* How long Linux has always waited for the response. */
#define HV_KBD_PROTOCOL_TIMEOUT	(10 * HZ)
/*
 * The bus tells a driver of its primary's rescind only by the flag, so
 * the wait looks at it this often: a rescinded keyboard's probe ends
 * within this, not after the whole timeout.
 */
#define HV_KBD_RESCIND_POLL	(HZ / 20)
/* The host echoes it in a completion, which the driver does not need. */
#define HV_KBD_PROTOCOL_TRANS_ID	1

static void hv_kbd_protocol_response(struct hv_kbd *kbd, u32 status)
{
	unsigned long flags;
	bool taken;

	spin_lock_irqsave(&kbd->lock, flags);
	taken = kbd->waiting;
	if (taken) {
		kbd->waiting = false;
		kbd->proto_status = status;
		complete(&kbd->answered);
	}
	spin_unlock_irqrestore(&kbd->lock, flags);
	if (!taken)
		dev_warn_ratelimited(hv_kbd_dev(kbd),
				     "dropping a PROTOCOL_RESPONSE (status %#x) nobody asked for\n",
				     status);
}

/* @len: the payload's length, padding included (0.1). */
static void hv_kbd_on_message(struct hv_kbd *kbd, const void *data, u32 len)
{
	const struct synthkbd_protocol_response *resp = data;
	const struct synthkbd_keystroke *ks = data;
	const struct synthkbd_msg_hdr *hdr = data;
	size_t need;
	u32 type;

	if (len < sizeof(*hdr) || len > SYNTHKBD_MAX_MSG) {
		dev_warn_ratelimited(hv_kbd_dev(kbd),
				     "dropping a message of %u bytes from the host (messages are %zu to %u bytes)\n",
				     len, sizeof(*hdr), SYNTHKBD_MAX_MSG);
		return;
	}
	type = le32_to_cpu(hdr->type);
	switch (type) {
	case SYNTHKBD_PROTOCOL_RESPONSE:
		need = sizeof(*resp);
		if (len < need)
			break;
		hv_kbd_protocol_response(kbd, le32_to_cpu(resp->proto_status));
		return;
	case SYNTHKBD_EVENT:
		need = sizeof(*ks);
		if (len < need)
			break;
		hv_kbd_keystroke(kbd, le16_to_cpu(ks->make_code),
				 le32_to_cpu(ks->info));
		return;
	default:
		kbd->unknown_msgs++;
		dev_warn_ratelimited(hv_kbd_dev(kbd),
				     "dropping a message of unknown type %u from the host (%llu so far)\n",
				     type, kbd->unknown_msgs);
		return;
	}
	dev_warn_ratelimited(hv_kbd_dev(kbd),
			     "dropping a %s of %u bytes: too short (%zu needed)\n",
			     type == SYNTHKBD_EVENT ? "keystroke" : "PROTOCOL_RESPONSE",
			     len, need);
}

int hv_kbd_callback(struct hvlis_channel *channel, void *context, int budget)
{
	const struct vmbus_packet_descriptor *desc;
	struct hv_kbd *kbd = context;
	const void *data;
	int done = 0;
	u32 len;

	while (done < budget) {
		desc = hvlis_channel_peek(channel);
		if (IS_ERR(desc)) {
			dev_err_ratelimited(hv_kbd_dev(kbd),
					    "the host broke the keyboard ring (error %ld)\n",
					    PTR_ERR(desc));
			break;
		}
		if (!desc)
			break;
		data = vmbus_packet_payload(desc, &len);
		switch (le16_to_cpu(desc->type)) {
		case VMBUS_PACKET_DATA_INBAND:
			hv_kbd_on_message(kbd, data, len);
			break;
		case VMBUS_PACKET_COMP:
			/* Of the protocol request: the response is what counts. */
			break;
		default:
			dev_warn_ratelimited(hv_kbd_dev(kbd),
					     "dropping a packet of type %u from the host\n",
					     le16_to_cpu(desc->type));
			break;
		}
		hvlis_channel_advance(channel);
		done++;
	}
	return done;
}

/*
 * Ask for protocol 1.0 and wait for the answer: 0 when the host accepted
 * it, else an error, logged.
 */
int hv_kbd_connect(struct hv_kbd *kbd)
{
	struct synthkbd_protocol_request req = {
		.hdr.type = cpu_to_le32(SYNTHKBD_PROTOCOL_REQUEST),
		.version = cpu_to_le32(SYNTHKBD_VERSION_WIN8),
	};
	unsigned long end = jiffies + HV_KBD_PROTOCOL_TIMEOUT;
	bool answered;
	u32 status;
	int ret;

	spin_lock_irq(&kbd->lock);
	kbd->waiting = true;
	reinit_completion(&kbd->answered);
	spin_unlock_irq(&kbd->lock);

	ret = hvlis_channel_send_inband(kbd->channel, &req, sizeof(req),
					HV_KBD_PROTOCOL_TRANS_ID,
					VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret)
		dev_err(hv_kbd_dev(kbd), "could not send the protocol request (error %d)\n",
			ret);
	while (!ret) {
		if (wait_for_completion_timeout(&kbd->answered, HV_KBD_RESCIND_POLL))
			break;
		if (hvlis_channel_rescinded(kbd->channel))
			ret = -ENODEV;
		else if (time_after(jiffies, end))
			ret = -ETIMEDOUT;
	}

	spin_lock_irq(&kbd->lock);
	answered = !kbd->waiting;
	kbd->waiting = false;
	status = kbd->proto_status;
	spin_unlock_irq(&kbd->lock);
	/* An answer that came as the wait ended still counts. */
	if (!answered) {
		if (ret == -ENODEV)
			dev_err(hv_kbd_dev(kbd),
				"the host took the keyboard back before answering the protocol request\n");
		else if (ret == -ETIMEDOUT)
			dev_err(hv_kbd_dev(kbd),
				"the host did not answer the protocol request within %u s\n",
				HV_KBD_PROTOCOL_TIMEOUT / HZ);
		return ret;
	}

	if (!(status & SYNTHKBD_PROTOCOL_ACCEPTED)) {
		dev_err(hv_kbd_dev(kbd),
			"the host refused keyboard protocol %u.%u (status %#x)\n",
			SYNTHKBD_VERSION_WIN8 >> 16, SYNTHKBD_VERSION_WIN8 & 0xffff,
			status);
		return -ENODEV;
	}
	return 0;
}
