// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channel messages from the host: checked where they arrive (possibly in
 * interrupt context), copied, and handled in process context on the
 * connection's ordered workqueue, so messages are handled in the order the
 * host sent them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/workqueue.h>

#include "vmbus_private.h"

struct vmbus_message_work {
	struct work_struct work;
	u8 data[VMBUS_MESSAGE_MAX_SIZE];
};

static void vmbus_message_work(struct work_struct *work)
{
	struct vmbus_message_work *mw =
		container_of(work, struct vmbus_message_work, work);
	const struct vmbus_channel_message_header *hdr = (void *)mw->data;
	u32 type = le32_to_cpu(hdr->msgtype);

	switch (type) {
	case CHANNELMSG_OFFERCHANNEL:
		vmbus_on_offer((void *)mw->data);
		break;
	case CHANNELMSG_RESCIND_CHANNELOFFER:
		vmbus_on_rescind((void *)mw->data);
		break;
	case CHANNELMSG_ALLOFFERS_DELIVERED:
		vmbus_on_offers_delivered();
		break;
	case CHANNELMSG_OPENCHANNEL_RESULT:
		vmbus_on_open_result((void *)mw->data);
		break;
	case CHANNELMSG_GPADL_CREATED:
		vmbus_on_gpadl_created((void *)mw->data);
		break;
	case CHANNELMSG_GPADL_TORNDOWN:
		vmbus_on_gpadl_torndown((void *)mw->data);
		break;
	case CHANNELMSG_VERSION_RESPONSE:
		vmbus_on_version_response((void *)mw->data);
		break;
	case CHANNELMSG_UNLOAD_RESPONSE:
		vmbus_on_unload_response();
		break;
	case CHANNELMSG_MODIFYCHANNEL_RESPONSE:
		vmbus_on_modify_response((void *)mw->data);
		break;
	default:
		pr_warn_ratelimited("dropping a type %u channel message: not handled yet\n",
				    type);
		break;
	}
	kfree(mw);
}

/*
 * The host's entry point for channel messages. Everything in the message
 * is untrusted: its length and type are checked before anything is read.
 */
void vmbus_on_host_message(const void *msg, u32 len)
{
	const struct vmbus_channel_message_header *hdr = msg;
	struct vmbus_message_work *mw;
	u32 type, min;

	if (len < sizeof(*hdr) || len > VMBUS_MESSAGE_MAX_SIZE) {
		pr_warn_ratelimited("dropping a %u-byte channel message: valid sizes are 8 to 240 bytes\n",
				    len);
		return;
	}
	type = le32_to_cpu(hdr->msgtype);
	min = vmbus_host_message_min_size(type);
	if (!min) {
		pr_warn_ratelimited("dropping a channel message of type %u: not one a host sends\n",
				    type);
		return;
	}
	if (len < min) {
		pr_warn_ratelimited("dropping a truncated type %u channel message: %u bytes, at least %u expected\n",
				    type, len, min);
		return;
	}

	mw = kzalloc(sizeof(*mw), GFP_ATOMIC);
	if (!mw) {
		pr_warn_ratelimited("dropping a type %u channel message: out of memory\n",
				    type);
		return;
	}
	INIT_WORK(&mw->work, vmbus_message_work);
	memcpy(mw->data, msg, len);
	queue_work(vmbus_connection.msg_wq, &mw->work);
}
