// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection: hostile or broken channel messages, sent on request
 * through debugfs ("inject"). Each is something a buggy or malicious host
 * could send; the guest must log it, drop it and keep working.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "sim.h"

/* An offer of @relid; the instance GUID is made up from the relid. */
static void sim_fault_offer(u32 relid, u16 sub_channel_index)
{
	struct vmbus_channel_offer_channel offer = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OFFERCHANNEL),
		.if_type = GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce,
				     0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
		.if_instance = GUID_INIT(0xfa017000, 0, 0, 0, 0, 0, 0, 0, 0,
					 relid >> 8, relid & 0xff),
		.child_relid = cpu_to_le32(relid),
		.sub_channel_index = cpu_to_le16(sub_channel_index),
	};

	sim_deliver(&offer, sizeof(offer));
}

static void sim_fault_message(u32 type, u32 len)
{
	u8 buf[VMBUS_MESSAGE_MAX_SIZE + 16] = {};
	struct vmbus_channel_message_header *hdr = (void *)buf;

	hdr->msgtype = cpu_to_le32(type);
	sim_deliver(buf, min_t(u32, len, sizeof(buf)));
}

/* The relid of the first channel offered, or 0. */
static u32 sim_first_relid(void)
{
	struct sim_channel *channel;
	u32 relid = 0;

	mutex_lock(&sim.channels_lock);
	channel = list_first_entry_or_null(&sim.channels, struct sim_channel, node);
	if (channel)
		relid = channel->relid;
	mutex_unlock(&sim.channels_lock);
	return relid;
}

int sim_inject(const char *fault)
{
	if (!strcmp(fault, "short")) {
		sim_fault_message(CHANNELMSG_ALLOFFERS_DELIVERED, 4);
	} else if (!strcmp(fault, "oversized")) {
		sim_fault_message(CHANNELMSG_ALLOFFERS_DELIVERED,
				  VMBUS_MESSAGE_MAX_SIZE + 1);
	} else if (!strcmp(fault, "truncated_offer")) {
		sim_fault_message(CHANNELMSG_OFFERCHANNEL, 100);
	} else if (!strcmp(fault, "unknown_type")) {
		sim_fault_message(99, 16);
	} else if (!strcmp(fault, "guest_type")) {
		sim_fault_message(CHANNELMSG_INITIATE_CONTACT, 40);
	} else if (!strcmp(fault, "unsolicited_version")) {
		sim_fault_message(CHANNELMSG_VERSION_RESPONSE, 16);
	} else if (!strcmp(fault, "relid_zero")) {
		sim_fault_offer(0, 0);
	} else if (!strcmp(fault, "relid_too_big")) {
		sim_fault_offer(VMBUS_MAX_RELID + 100, 0);
	} else if (!strcmp(fault, "duplicate_relid")) {
		u32 relid = sim_first_relid();

		if (!relid)
			return -ENOENT;
		sim_fault_offer(relid, 0);
	} else if (!strcmp(fault, "unknown_rescind")) {
		struct vmbus_channel_relid_message msg = {
			.header.msgtype = cpu_to_le32(CHANNELMSG_RESCIND_CHANNELOFFER),
			.child_relid = cpu_to_le32(VMBUS_MAX_RELID - 1),
		};

		sim_deliver(&msg, sizeof(msg));
	} else {
		return -EINVAL;
	}
	pr_info("injected fault %s\n", fault);
	return 0;
}
