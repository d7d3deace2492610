// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the channel-management protocol: messages the guest
 * posts are checked at the post (as the hypervisor checks HvPostMessage)
 * and handled in order on the sim's workqueue (as the host's VMBus server
 * handles its message port), which answers through sim_deliver().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>

#include "sim.h"

/* Every version a Hyper-V host has spoken (protocol-vmbus.md 4.5). */
static const u32 sim_known_versions[] = {
	VMBUS_VERSION_WS2008, VMBUS_VERSION_WIN7, VMBUS_VERSION_WIN8,
	VMBUS_VERSION_WIN8_1, VMBUS_VERSION_WIN10, VMBUS_VERSION_WIN10_V4_1,
	VMBUS_VERSION_WIN10_V5, VMBUS_VERSION_WIN10_V5_1,
	VMBUS_VERSION_WIN10_V5_2, VMBUS_VERSION_WIN10_V5_3,
};

struct sim_message_work {
	struct work_struct work;
	u32 connection_id;
	u32 len;
	u8 data[VMBUS_MESSAGE_MAX_SIZE];
};

static bool sim_accepts_version(u32 version)
{
	unsigned int i;

	if (version > sim.host_version)
		return false;
	for (i = 0; i < ARRAY_SIZE(sim_known_versions); i++)
		if (sim_known_versions[i] == version)
			return true;
	return false;
}

static bool sim_gpa_ok(u64 gpa)
{
	return gpa && !(gpa & (PAGE_SIZE - 1));
}

static void sim_initiate_contact(const struct vmbus_channel_initiate_contact *msg,
				 u32 connection_id)
{
	struct vmbus_channel_version_response resp = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_VERSION_RESPONSE),
	};
	u32 version = le32_to_cpu(msg->vmbus_version_requested);
	bool ok = sim_accepts_version(version);

	if (version >= VMBUS_VERSION_WIN10_V5) {
		if (connection_id != VMBUS_MESSAGE_CONNECTION_ID_4) {
			sim_violation("INITIATE_CONTACT for %#x on connection %u, not 4\n",
				      version, connection_id);
			ok = false;
		}
		if (msg->msg_sint != VMBUS_MESSAGE_SINT || msg->msg_vtl != 0) {
			sim_violation("INITIATE_CONTACT asks for SINT %u VTL %u; this host delivers to SINT 2, VTL 0\n",
				      msg->msg_sint, msg->msg_vtl);
			ok = false;
		}
	} else {
		if (connection_id != VMBUS_MESSAGE_CONNECTION_ID) {
			sim_violation("INITIATE_CONTACT for %#x on connection %u, not 1\n",
				      version, connection_id);
			ok = false;
		}
		if (!sim_gpa_ok(le64_to_cpu(msg->interrupt_page))) {
			sim_violation("INITIATE_CONTACT without a page-aligned interrupt page\n");
			ok = false;
		}
	}
	if (!sim_gpa_ok(le64_to_cpu(msg->monitor_page1)) ||
	    !sim_gpa_ok(le64_to_cpu(msg->monitor_page2))) {
		sim_violation("INITIATE_CONTACT without page-aligned monitor pages\n");
		ok = false;
	}

	if (ok) {
		resp.version_supported = 1;
		if (version >= VMBUS_VERSION_WIN10_V5) {
			WRITE_ONCE(sim.msg_conn_id, SIM_MSG_CONN_ID);
			resp.msg_conn_id = cpu_to_le32(SIM_MSG_CONN_ID);
		} else {
			WRITE_ONCE(sim.msg_conn_id, VMBUS_MESSAGE_CONNECTION_ID);
		}
		WRITE_ONCE(sim.version, version);
	}
	sim_deliver(&resp, sizeof(resp));
}

static void sim_offer(const struct sim_channel *channel)
{
	struct vmbus_channel_offer_channel offer = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OFFERCHANNEL),
		.if_type = channel->class_id,
		.if_instance = channel->instance_id,
		.child_relid = cpu_to_le32(channel->relid),
		.monitorid = channel->relid % 128,
		.monitor_allocated = 1,
		.is_dedicated_interrupt = cpu_to_le16(1),
		.connection_id = cpu_to_le32(channel->relid),
	};

	sim_deliver(&offer, sizeof(offer));
}

static void sim_request_offers(void)
{
	struct vmbus_channel_message_header done = {
		.msgtype = cpu_to_le32(CHANNELMSG_ALLOFFERS_DELIVERED),
	};
	struct sim_channel *channel;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry(channel, &sim.channels, node)
		if (!channel->rescinded)
			sim_offer(channel);
	sim.offers_requested = true;
	mutex_unlock(&sim.channels_lock);
	sim_deliver(&done, sizeof(done));
}

static void sim_relid_released(const struct vmbus_channel_relid_message *msg)
{
	u32 relid = le32_to_cpu(msg->child_relid);
	struct sim_channel *channel;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry(channel, &sim.channels, node) {
		if (channel->relid != relid)
			continue;
		if (channel->rescinded) {
			list_del(&channel->node);
			kfree(channel);
		} else {
			sim_violation("RELID_RELEASED for relid %u, which was not rescinded\n",
				      relid);
		}
		mutex_unlock(&sim.channels_lock);
		return;
	}
	mutex_unlock(&sim.channels_lock);
	sim_violation("RELID_RELEASED for relid %u, which this host never offered\n",
		      relid);
}

/* Lowest relid not in use: hosts hand out small relids and reuse them. */
static u32 sim_free_relid(void)
{
	struct sim_channel *channel;
	u32 relid;

	for (relid = 1; relid < VMBUS_MAX_RELID; relid++) {
		bool used = false;

		list_for_each_entry(channel, &sim.channels, node)
			used |= channel->relid == relid;
		if (!used)
			return relid;
	}
	return 0;
}

int sim_add_channel(const guid_t *class_id, const guid_t *instance_id)
{
	struct sim_channel *channel;
	int ret;

	channel = kzalloc(sizeof(*channel), GFP_KERNEL);
	if (!channel)
		return -ENOMEM;
	channel->class_id = *class_id;
	channel->instance_id = *instance_id;

	mutex_lock(&sim.channels_lock);
	channel->relid = sim_free_relid();
	if (!channel->relid) {
		mutex_unlock(&sim.channels_lock);
		kfree(channel);
		return -ENOSPC;
	}
	list_add_tail(&channel->node, &sim.channels);
	if (sim.offers_requested)
		sim_offer(channel);
	ret = channel->relid;
	mutex_unlock(&sim.channels_lock);
	return ret;
}

int sim_rescind_channel(u32 relid)
{
	struct vmbus_channel_relid_message msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_RESCIND_CHANNELOFFER),
		.child_relid = cpu_to_le32(relid),
	};
	struct sim_channel *channel;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry(channel, &sim.channels, node) {
		if (channel->relid != relid || channel->rescinded)
			continue;
		if (sim.offers_requested) {
			/* The guest knows it: it must release the relid. */
			channel->rescinded = true;
			sim_deliver(&msg, sizeof(msg));
		} else {
			list_del(&channel->node);
			kfree(channel);
		}
		mutex_unlock(&sim.channels_lock);
		return 0;
	}
	mutex_unlock(&sim.channels_lock);
	return -ENOENT;
}

/*
 * The guest went away (UNLOAD, or detached): forget what it was told.
 * Rescinded channels it never released are gone with it.
 */
void sim_reset_channels(void)
{
	struct sim_channel *channel, *next;

	mutex_lock(&sim.channels_lock);
	sim.offers_requested = false;
	list_for_each_entry_safe(channel, next, &sim.channels, node) {
		if (channel->rescinded) {
			list_del(&channel->node);
			kfree(channel);
		}
	}
	mutex_unlock(&sim.channels_lock);
}

static void sim_unload(void)
{
	struct vmbus_channel_message_header resp = {
		.msgtype = cpu_to_le32(CHANNELMSG_UNLOAD_RESPONSE),
	};

	if (sim.version < VMBUS_VERSION_WIN8_1) {
		/* Such a host has no UNLOAD: it would never answer. */
		sim_violation("UNLOAD on a version %#x connection (needs 3.0 or later)\n",
			      sim.version);
		return;
	}
	WRITE_ONCE(sim.version, 0);
	sim_reset_channels();
	atomic64_inc(&sim.unloads);
	sim_deliver(&resp, sizeof(resp));
}

static void sim_message_work(struct work_struct *work)
{
	struct sim_message_work *mw =
		container_of(work, struct sim_message_work, work);
	const struct vmbus_channel_message_header *hdr = (void *)mw->data;
	u32 type = le32_to_cpu(hdr->msgtype);

	switch (type) {
	case CHANNELMSG_INITIATE_CONTACT:
		if (mw->len < sizeof(struct vmbus_channel_initiate_contact))
			sim_violation("INITIATE_CONTACT of %u bytes\n", mw->len);
		else
			sim_initiate_contact((void *)mw->data, mw->connection_id);
		break;
	case CHANNELMSG_UNLOAD:
		sim_unload();
		break;
	case CHANNELMSG_REQUESTOFFERS:
		sim_request_offers();
		break;
	case CHANNELMSG_RELID_RELEASED:
		if (mw->len < sizeof(struct vmbus_channel_relid_message))
			sim_violation("RELID_RELEASED of %u bytes\n", mw->len);
		else
			sim_relid_released((void *)mw->data);
		break;
	default:
		pr_warn_ratelimited("ignoring a type %u channel message: not simulated yet\n",
				    type);
		break;
	}
	kfree(mw);
}

/*
 * HvPostMessage as the hypervisor sees it: the size must fit, and the
 * connection must exist. Returns -ECONNREFUSED for an unknown connection
 * (HV_STATUS_INVALID_CONNECTION_ID), -EINVAL for a bad size.
 */
int sim_post_message(struct vmbus_host_backend *host, u32 connection_id,
		     const void *msg, u32 len)
{
	struct sim_message_work *mw;
	bool known;

	if (len < sizeof(struct vmbus_channel_message_header) ||
	    len > VMBUS_MESSAGE_MAX_SIZE) {
		sim_violation("posted a %u-byte message\n", len);
		return -EINVAL;
	}
	/* Written by the message work, read here at post time. */
	if (READ_ONCE(sim.version))
		known = connection_id == READ_ONCE(sim.msg_conn_id);
	else
		known = connection_id == VMBUS_MESSAGE_CONNECTION_ID ||
			(connection_id == VMBUS_MESSAGE_CONNECTION_ID_4 &&
			 sim.host_version >= VMBUS_VERSION_WIN10_V5);
	if (!known) {
		/* A 5.0+ request to an older host is how guests probe it. */
		if (READ_ONCE(sim.version) ||
		    connection_id != VMBUS_MESSAGE_CONNECTION_ID_4)
			sim_violation("posted on connection %u, which this host does not have\n",
				      connection_id);
		return -ECONNREFUSED;
	}

	mw = kzalloc(sizeof(*mw), GFP_ATOMIC);
	if (!mw)
		return -EAGAIN;	/* HV_STATUS_INSUFFICIENT_MEMORY: retry */
	INIT_WORK(&mw->work, sim_message_work);
	mw->connection_id = connection_id;
	mw->len = len;
	memcpy(mw->data, msg, len);
	atomic64_inc(&sim.messages);
	queue_work(sim.wq, &mw->work);
	return 0;
}
