// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the channel-management protocol: messages the guest
 * posts are checked at the post (as the hypervisor checks HvPostMessage)
 * and handled in order on the sim's workqueue (as the host's VMBus server
 * handles its message port), which answers through sim_deliver().
 *
 * This file keeps the channels: offers (primaries from debugfs, their
 * sub-channels once opened), rescinds and relid releases, and the reset
 * when the guest goes away. GPADLs are in gpadl.c, open and close in
 * open.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>

#include "sim.h"
#include "sim_echo.h"

/* Every version a Hyper-V host has spoken (protocol-vmbus.md 4.5). */
static const u32 sim_known_versions[] = {
	VMBUS_VERSION_WS2008, VMBUS_VERSION_WIN7, VMBUS_VERSION_WIN8,
	VMBUS_VERSION_WIN8_1, VMBUS_VERSION_WIN10, VMBUS_VERSION_WIN10_V4_1,
	VMBUS_VERSION_WIN10_V5, VMBUS_VERSION_WIN10_V5_1,
	VMBUS_VERSION_WIN10_V5_2, VMBUS_VERSION_WIN10_V5_3,
};

static const guid_t sim_echo_class = SIM_ECHO_CLASS_GUID;

struct sim_message_work {
	struct work_struct work;
	u32 connection_id;
	u32 len;
	u64 stamp;	/* sim.rescinds when posted */
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
	return gpa && !(gpa & (VMBUS_PAGE_SIZE - 1));
}

static void sim_initiate_contact(const struct vmbus_channel_initiate_contact *msg,
				 u32 connection_id)
{
	struct vmbus_channel_version_response resp = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_VERSION_RESPONSE),
	};
	u32 version = le32_to_cpu(msg->vmbus_version_requested);
	bool ok = sim_accepts_version(version);
	u64 int_page = 0;

	if (READ_ONCE(sim.version)) {
		sim_violation("INITIATE_CONTACT while connected (version %#x); UNLOAD first\n",
			      sim.version);
		ok = false;
	}
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
		int_page = le64_to_cpu(msg->interrupt_page);
		if (!sim_gpa_ok(int_page)) {
			sim_violation("INITIATE_CONTACT without a page-aligned interrupt page\n");
			ok = false;
		}
	}
	if (!sim_gpa_ok(le64_to_cpu(msg->monitor_page1)) ||
	    !sim_gpa_ok(le64_to_cpu(msg->monitor_page2))) {
		sim_violation("INITIATE_CONTACT without page-aligned monitor pages\n");
		ok = false;
	}
	if (ok && sim_signal_connect(int_page, le64_to_cpu(msg->monitor_page1),
				     le64_to_cpu(msg->monitor_page2))) {
		sim_violation("INITIATE_CONTACT names pages that are not guest memory\n");
		ok = false;
	}

	if (ok && sim_platform_hyperv)
		sim_platform_contact(le32_to_cpu(msg->target_vcpu));
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

/*
 * The connection id the guest signals @channel on: its own, or from WIN7
 * up to 5.0 the shared one if it has no dedicated interrupt. 0.13 offers
 * carry none (the guest signals on connection 2).
 */
u32 sim_channel_connection_id(const struct sim_channel *channel)
{
	u32 version = READ_ONCE(sim.version);

	if (version == VMBUS_VERSION_WS2008)
		return VMBUS_EVENT_CONNECTION_ID;
	if (channel->shared_interrupt && version < VMBUS_VERSION_WIN10_V5)
		return SIM_SHARED_CONN_ID;
	return channel->connection_id;
}

/*
 * The offer as a host of the negotiated version sends it (4.4, 4.5):
 * 0.13 has neither is_dedicated_interrupt nor connection_id, WIN7 adds
 * both, sub_channel_index is non-zero only for sub-channels (2.4 on),
 * and the monitor id is valid only with monitor_allocated.
 */
static void sim_offer(const struct sim_channel *channel)
{
	struct vmbus_channel_offer_channel offer = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OFFERCHANNEL),
		.if_type = channel->class_id,
		.if_instance = channel->instance_id,
		.sub_channel_index = cpu_to_le16(channel->sub_channel_index),
		.child_relid = cpu_to_le32(channel->relid),
	};

	if (channel->stor)
		sim_stor_offer(channel, &offer);
	if (channel->monitored) {
		offer.monitorid = channel->monitor_id;
		offer.monitor_allocated = 1;
		sim_monitor_describe(channel);
	}
	/* 0.13 offers had neither field: such guests signal on connection 2. */
	if (sim.version != VMBUS_VERSION_WS2008) {
		offer.is_dedicated_interrupt =
			cpu_to_le16(!channel->shared_interrupt);
		offer.connection_id =
			cpu_to_le32(sim_channel_connection_id(channel));
	}
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

/* Any channel with @relid, rescinded or not (channels_lock held). */
struct sim_channel *sim_channel_find(u32 relid)
{
	return relid && relid < VMBUS_MAX_RELID ? sim.relids[relid] : NULL;
}

struct sim_channel *sim_channel_for_guest(u32 relid, u64 stamp, const char *what,
					  bool *rescinded)
{
	struct sim_channel *channel = sim_channel_find(relid);

	*rescinded = false;
	if (channel && channel->rescinded) {
		*rescinded = true;
		/* Posted before the guest could know: it crossed the rescind. */
		if (stamp >= channel->rescind_stamp)
			sim_violation("%s for relid %u after it was rescinded\n",
				      what, relid);
		return NULL;
	}
	if (!channel || !sim.offers_requested) {
		sim_violation("%s for relid %u, which this host does not offer\n",
			      what, relid);
		return NULL;
	}
	return channel;
}

const char *sim_channel_state(const struct sim_channel *channel)
{
	if (channel->rescinded)
		return "rescinded";
	if (channel->open)
		return READ_ONCE(channel->broken) ? "broken" : "open";
	return "offered";
}

/* A new channel, published but not offered yet (channels_lock held). */
static struct sim_channel *sim_channel_new(const guid_t *class_id,
					   const guid_t *instance_id,
					   bool monitor, bool dedicated)
{
	struct sim_channel *channel;
	u32 relid = sim_free_relid();

	if (!relid)
		return ERR_PTR(-ENOSPC);
	channel = kzalloc(sizeof(*channel), GFP_KERNEL);
	if (!channel)
		return ERR_PTR(-ENOMEM);
	channel->relid = relid;
	channel->connection_id = SIM_CONN_ID_BASE + relid;
	channel->class_id = *class_id;
	channel->instance_id = *instance_id;
	/* Monitor ids are relid % 128; a taken one means no monitor. */
	channel->monitor_id = relid % VMBUS_MONITOR_IDS;
	channel->monitored = monitor && sim_monitor_id_free(channel->monitor_id);
	channel->shared_interrupt = !dedicated;
	channel->handler = guid_equal(class_id, &sim_echo_class) ?
			   SIM_HANDLER_ECHO : SIM_HANDLER_DROP;
	if (sim_ic_class(class_id))
		channel->handler = SIM_HANDLER_IC;
	if (sim_stor_class(class_id))
		channel->handler = SIM_HANDLER_STORAGE;
	if (sim_net_class(class_id))
		channel->handler = SIM_HANDLER_NET;
	if (sim_mouse_class(class_id))
		channel->handler = SIM_HANDLER_MOUSE;
	if (sim_kbd_class(class_id))
		channel->handler = SIM_HANDLER_KEYBOARD;
	mutex_init(&channel->ring_lock);
	INIT_DELAYED_WORK(&channel->ring_work, sim_ring_work);
	atomic64_set(&channel->packets_in, 0);
	atomic64_set(&channel->packets_out, 0);
	atomic_set(&channel->signals, 0);
	list_add_tail(&channel->node, &sim.channels);
	sim_publish_channel(channel);
	return channel;
}

/* Forget a channel entirely (channels_lock held). */
static void sim_channel_destroy(struct sim_channel *channel)
{
	struct sim_channel *other;

	sim_channel_shut(channel);
	sim_gpadls_free(channel);
	sim_unpublish_channel(channel);
	sim_stor_detach(channel);
	sim_net_detach(channel);
	list_del(&channel->node);
	list_for_each_entry(other, &sim.channels, node)
		if (other->primary == channel)
			other->primary = NULL;
	mutex_destroy(&channel->ring_lock);
	kfree(channel);
}

int sim_add_channel(const guid_t *class_id, const guid_t *instance_id,
		    const struct sim_channel_options *opts)
{
	struct sim_channel *channel;
	int ret;

	if (opts->subchannels > SIM_MAX_SUBCHANNELS)
		return -EINVAL;
	/*
	 * A storage controller offers sub-channels when the guest asks
	 * (CREATE_SUB_CHANNELS), up to max_channels; nothing else has those.
	 */
	if (sim_stor_class(class_id) ? opts->subchannels ||
	    opts->max_channels > SIM_MAX_SUBCHANNELS : opts->storage_options)
		return -EINVAL;
	/* A NIC's sub-channels come from NVSP SUBCHANNEL (max_subchannels). */
	if (sim_net_class(class_id) ? opts->subchannels || !sim_net_options_ok(opts) :
	    opts->net_options)
		return -EINVAL;
	mutex_lock(&sim.channels_lock);
	channel = sim_channel_new(class_id, instance_id, opts->monitor,
				  opts->dedicated);
	if (IS_ERR(channel)) {
		mutex_unlock(&sim.channels_lock);
		return PTR_ERR(channel);
	}
	channel->subchannels = opts->subchannels;
	if (channel->handler == SIM_HANDLER_STORAGE) {
		ret = sim_stor_attach(channel, opts);
		if (ret) {
			sim_channel_destroy(channel);
			mutex_unlock(&sim.channels_lock);
			return ret;
		}
	}
	if (channel->handler == SIM_HANDLER_NET) {
		ret = sim_net_attach(channel, opts);
		if (ret) {
			sim_channel_destroy(channel);
			mutex_unlock(&sim.channels_lock);
			return ret;
		}
	}
	if (sim.offers_requested)
		sim_offer(channel);
	ret = channel->relid;
	mutex_unlock(&sim.channels_lock);
	return ret;
}

/*
 * The primary was opened: offer its sub-channels, same class and instance,
 * indices 1..n (4.10). Sub-channels came with WIN8 (2.4).
 */
void sim_offer_subchannels(struct sim_channel *primary)
{
	struct sim_channel *sub;
	u16 i;

	primary->subs_offered = true;
	if (sim.version < VMBUS_VERSION_WIN8)
		return;
	for (i = 1; i <= primary->subchannels; i++) {
		sub = sim_channel_new(&primary->class_id, &primary->instance_id,
				      primary->monitored,
				      !primary->shared_interrupt);
		if (IS_ERR(sub)) {
			pr_warn("relid %u: offering %u of %u sub-channels (error %ld)\n",
				primary->relid, i - 1, primary->subchannels,
				PTR_ERR(sub));
			return;
		}
		sub->primary = primary;
		sub->sub_channel_index = i;
		if (primary->stor && sim_stor_attach(sub, NULL)) {
			sim_channel_destroy(sub);
			pr_warn("relid %u: offering %u of %u storage sub-channels\n",
				primary->relid, i - 1, primary->subchannels);
			return;
		}
		if (primary->net && sim_net_attach(sub, NULL)) {
			sim_channel_destroy(sub);
			pr_warn("relid %u: offering %u of %u NIC sub-channels\n",
				primary->relid, i - 1, primary->subchannels);
			return;
		}
		sim_offer(sub);
	}
}

/*
 * Take one channel back: stop touching its rings and pages, then tell the
 * guest, which releases the relid once it is done with it (4.11).
 */
static void sim_rescind_one(struct sim_channel *channel)
{
	struct vmbus_channel_relid_message msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_RESCIND_CHANNELOFFER),
		.child_relid = cpu_to_le32(channel->relid),
	};

	if (!sim.offers_requested) {
		/* The guest never heard of it. */
		sim_channel_destroy(channel);
		return;
	}
	/* Before the shut, so a signal racing it is not taken for a bug. */
	WRITE_ONCE(channel->rescinded, true);
	sim_channel_shut(channel);
	sim_gpadls_unmap(channel);
	sim_deliver(&msg, sizeof(msg));
	channel->rescind_stamp = atomic64_inc_return(&sim.rescinds);
}

/* A primary's sub-channels go first (channels_lock held). */
void sim_rescind_locked(struct sim_channel *channel)
{
	struct sim_channel *sub, *next;

	if (channel->rescinded)
		return;
	list_for_each_entry_safe(sub, next, &sim.channels, node)
		if (sub->primary == channel && !sub->rescinded)
			sim_rescind_one(sub);
	sim_rescind_one(channel);
}

int sim_rescind_channel(u32 relid)
{
	struct sim_channel *channel;
	int ret = -ENOENT;

	mutex_lock(&sim.channels_lock);
	channel = sim_channel_find(relid);
	if (channel && !channel->rescinded) {
		sim_rescind_locked(channel);
		ret = 0;
	}
	mutex_unlock(&sim.channels_lock);
	return ret;
}

/* Rescind every primary matching (NULL: all) with its sub-channels. */
static int sim_rescind_matching(const guid_t *class_id)
{
	struct sim_channel *channel;
	int count = 0;
	bool again;

	mutex_lock(&sim.channels_lock);
	/* A rescind may free channels: start over after each. */
	do {
		again = false;
		list_for_each_entry(channel, &sim.channels, node) {
			if (channel->rescinded || channel->primary ||
			    (class_id && !guid_equal(&channel->class_id, class_id)))
				continue;
			sim_rescind_locked(channel);
			count++;
			again = true;
			break;
		}
	} while (again);
	mutex_unlock(&sim.channels_lock);
	return count;
}

int sim_rescind_class(const guid_t *class_id)
{
	return sim_rescind_matching(class_id);
}

int sim_rescind_all(void)
{
	return sim_rescind_matching(NULL);
}

static void sim_relid_released(const struct vmbus_channel_relid_message *msg)
{
	u32 relid = le32_to_cpu(msg->child_relid);
	struct sim_channel *channel;

	mutex_lock(&sim.channels_lock);
	channel = sim_channel_find(relid);
	if (!channel)
		sim_violation("RELID_RELEASED for relid %u, which this host never offered\n",
			      relid);
	else if (!channel->rescinded)
		sim_violation("RELID_RELEASED for relid %u, which was not rescinded\n",
			      relid);
	else
		sim_channel_destroy(channel);
	mutex_unlock(&sim.channels_lock);
}

/*
 * The guest went away (UNLOAD, or detached): close every channel, unmap
 * every GPADL and forget what the guest was told. Rescinded channels it
 * never released and sub-channels go with it; primaries stay, to be
 * offered to the next guest.
 */
void sim_reset_channels(void)
{
	struct sim_channel *channel, *next;

	mutex_lock(&sim.channels_lock);
	sim.offers_requested = false;
	atomic_set(&sim.rescind_during_open, 0);
	atomic_set(&sim.modify_fail, 0);
	atomic_set(&sim.open_silent, 0);
	list_for_each_entry_safe(channel, next, &sim.channels, node) {
		if (channel->rescinded || channel->primary ||
		    channel->sub_channel_index) {
			/* @next may be a sub-channel of it: not freed here. */
			sim_channel_destroy(channel);
			continue;
		}
		sim_channel_shut(channel);
		sim_gpadls_free(channel);
		channel->subs_offered = false;
	}
	mutex_unlock(&sim.channels_lock);
	sim_signal_disconnect();
}

/* Module exit: no guest is attached, nothing runs. */
void sim_channels_exit(void)
{
	struct sim_channel *channel, *next;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry_safe(channel, next, &sim.channels, node)
		sim_channel_destroy(channel);
	mutex_unlock(&sim.channels_lock);
	sim_signal_disconnect();
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

/*
 * The size a guest message of @type has at @version (4.3, 4.4): exact,
 * not a minimum, since a host reads a longer message as a different
 * (later) form of it. 0: a size of its own (GPADL_HEADER and GPADL_BODY,
 * checked by their handlers); -1: the guest never sends it at @version.
 */
static int sim_guest_message_size(u32 type, u32 version)
{
	switch (type) {
	case CHANNELMSG_INITIATE_CONTACT:
		return sizeof(struct vmbus_channel_initiate_contact);
	case CHANNELMSG_REQUESTOFFERS:
		return sizeof(struct vmbus_channel_message_header);
	case CHANNELMSG_UNLOAD:
		/* 3.0 and later; sim_unload() says why. */
		return sizeof(struct vmbus_channel_message_header);
	case CHANNELMSG_OPENCHANNEL:
		/* 6.0's longer OpenChannel2 is not spoken by this host. */
		return sizeof(struct vmbus_channel_open_channel);
	case CHANNELMSG_CLOSECHANNEL:
	case CHANNELMSG_RELID_RELEASED:
		return sizeof(struct vmbus_channel_relid_message);
	case CHANNELMSG_GPADL_HEADER:
	case CHANNELMSG_GPADL_BODY:
		return 0;
	case CHANNELMSG_GPADL_TEARDOWN:
		return sizeof(struct vmbus_channel_gpadl_teardown);
	case CHANNELMSG_MODIFYCHANNEL:
		/* 4.1 and later; sim_modify_channel() says why. */
		return sizeof(struct vmbus_channel_modifychannel);
	case CHANNELMSG_TL_CONNECT_REQUEST:
		/* 4.0 (hv_sock); 56 bytes with a silo id from 5.2 (UNVERIFIED). */
		if (version < VMBUS_VERSION_WIN10)
			return -1;
		return version >= VMBUS_VERSION_WIN10_V5_2 ? 56 : 40;
	default:
		/* Host -> guest messages, and types no version has. */
		return -1;
	}
}

/* Is the message of @len bytes the size its type has? Counts if not. */
static bool sim_message_size_ok(u32 type, u32 len)
{
	u32 version = READ_ONCE(sim.version);
	int size = sim_guest_message_size(type, version);

	if (type != CHANNELMSG_INITIATE_CONTACT && !version) {
		sim_violation("a type %u channel message before INITIATE_CONTACT was answered\n",
			      type);
		return false;
	}
	if (size < 0) {
		sim_violation("a type %u channel message; guests do not send it at %#x\n",
			      type, version);
		return false;
	}
	if (size && len != size) {
		sim_violation("a type %u channel message of %u bytes; at version %#x it has %d\n",
			      type, len, version, size);
		return false;
	}
	return true;
}

static void sim_message_work(struct work_struct *work)
{
	struct sim_message_work *mw =
		container_of(work, struct sim_message_work, work);
	const struct vmbus_channel_message_header *hdr = (void *)mw->data;
	u32 type = le32_to_cpu(hdr->msgtype);

	if (!sim_message_size_ok(type, mw->len)) {
		kfree(mw);
		return;
	}
	switch (type) {
	case CHANNELMSG_INITIATE_CONTACT:
		sim_initiate_contact((void *)mw->data, mw->connection_id);
		break;
	case CHANNELMSG_UNLOAD:
		sim_unload();
		break;
	case CHANNELMSG_REQUESTOFFERS:
		sim_request_offers();
		break;
	case CHANNELMSG_RELID_RELEASED:
		sim_relid_released((void *)mw->data);
		break;
	case CHANNELMSG_GPADL_HEADER:
	case CHANNELMSG_GPADL_BODY:
	case CHANNELMSG_GPADL_TEARDOWN:
	case CHANNELMSG_OPENCHANNEL:
	case CHANNELMSG_CLOSECHANNEL:
	case CHANNELMSG_MODIFYCHANNEL:
		mutex_lock(&sim.channels_lock);
		if (type == CHANNELMSG_GPADL_HEADER)
			sim_gpadl_header(mw->data, mw->len, mw->stamp);
		else if (type == CHANNELMSG_GPADL_BODY)
			sim_gpadl_body(mw->data, mw->len, mw->stamp);
		else if (type == CHANNELMSG_GPADL_TEARDOWN)
			sim_gpadl_teardown(mw->data, mw->len, mw->stamp);
		else if (type == CHANNELMSG_OPENCHANNEL)
			sim_open_channel(mw->data, mw->len, mw->stamp);
		else if (type == CHANNELMSG_CLOSECHANNEL)
			sim_close_channel(mw->data, mw->len, mw->stamp);
		else
			sim_modify_channel(mw->data, mw->len, mw->stamp);
		mutex_unlock(&sim.channels_lock);
		break;
	default:
		pr_warn_ratelimited("ignoring a type %u channel message: not simulated yet\n",
				    type);
		break;
	}
	kfree(mw);
	atomic_dec(&sim.posted_pending);
}

/*
 * HvPostMessage as the hypervisor sees it: the size must fit, and the
 * connection must exist. Returns -ECONNREFUSED for an unknown connection
 * (HV_STATUS_INVALID_CONNECTION_ID), -EINVAL for a bad size.
 */
int sim_post_message(u32 connection_id, const void *msg, u32 len)
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
	mw->stamp = atomic64_read(&sim.rescinds);
	memcpy(mw->data, msg, len);
	atomic64_inc(&sim.messages);
	atomic_inc(&sim.posted_pending);
	queue_work(sim.wq, &mw->work);
	return 0;
}
