// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening and closing channels (protocol-vmbus.md 4.4, 4.9, 4.10):
 * OPENCHANNEL names a created GPADL of the channel holding both rings and
 * the VP to interrupt; the host checks the geometry, starts processing the
 * rings and answers OPENCHANNEL_RESULT. A primary created with
 * sub-channels gets them offered each time it is opened, and rescinded
 * when it is closed. CLOSECHANNEL stops all ring processing at once and is
 * not answered; the GPADL stays until the guest tears it down, and the
 * channel may be opened again. MODIFYCHANNEL (4.1+) moves an open
 * channel's interrupts to another VP, answered from 5.3 on.
 *
 * Runs from the message work under sim.channels_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>

#include "sim.h"

/* A VP this host can interrupt: it numbers VPs like the guest's CPUs. */
static bool sim_vp_ok(u32 vp)
{
	return vp < nr_cpu_ids && cpu_online(vp);
}

static void sim_open_result(u32 relid, u32 openid, u32 status)
{
	struct vmbus_channel_open_result msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OPENCHANNEL_RESULT),
		.child_relid = cpu_to_le32(relid),
		.openid = cpu_to_le32(openid),
		.status = cpu_to_le32(status),
	};

	sim_deliver(&msg, sizeof(msg));
}

/* Validate the open request against the channel and its GPADL. */
static struct sim_gpadl *sim_open_check(const struct sim_channel *channel,
					const struct vmbus_channel_open_channel *msg)
{
	u32 handle = le32_to_cpu(msg->ringbuffer_gpadlhandle);
	u32 downstream = le32_to_cpu(msg->downstream_ringbuffer_pageoffset);
	u32 target_vp = le32_to_cpu(msg->target_vp);
	struct sim_gpadl *gpadl;

	if (channel->open) {
		sim_violation("OPENCHANNEL for relid %u, which is open\n",
			      channel->relid);
		return NULL;
	}
	gpadl = sim_gpadl_find(handle);
	if (!gpadl || gpadl->channel != channel || !gpadl->va) {
		sim_violation("OPENCHANNEL for relid %u with GPADL %#x, which is not a created GPADL of that channel\n",
			      channel->relid, handle);
		return NULL;
	}
	/* Each ring: a control page and at least one data page (6.1). */
	if (downstream < 2 || downstream > gpadl->npages ||
	    gpadl->npages - downstream < 2) {
		sim_violation("OPENCHANNEL for relid %u: downstream ring at page %u of a %u-page GPADL leaves a ring without data pages\n",
			      channel->relid, downstream, gpadl->npages);
		return NULL;
	}
	if (!sim_vp_ok(target_vp)) {
		sim_violation("OPENCHANNEL for relid %u targets VP %u, which is not an online CPU of the VM\n",
			      channel->relid, target_vp);
		return NULL;
	}
	return gpadl;
}

void sim_open_channel(const void *buf, u32 len, u64 stamp)
{
	const struct vmbus_channel_open_channel *msg = buf;
	struct sim_channel *channel;
	struct sim_gpadl *gpadl;
	u32 relid, openid;
	bool rescinded;
	int ret;

	if (len < sizeof(*msg)) {
		sim_violation("OPENCHANNEL of %u bytes\n", len);
		return;
	}
	relid = le32_to_cpu(msg->child_relid);
	openid = le32_to_cpu(msg->openid);
	channel = sim_channel_for_guest(relid, stamp, "OPENCHANNEL", &rescinded);
	if (!channel) {
		/* A rescinded channel's opener is woken by the rescind. */
		if (!rescinded)
			sim_open_result(relid, openid, SIM_STATUS_FAILED);
		return;
	}
	if (atomic_xchg(&sim.rescind_during_open, 0)) {
		pr_info("fault rescind_during_open: rescinding relid %u instead of opening it\n",
			relid);
		sim_rescind_locked(channel);
		return;
	}
	if (atomic_xchg(&sim.open_silent, 0)) {
		pr_info("fault open_silent: not answering OPENCHANNEL for relid %u\n",
			relid);
		return;
	}
	gpadl = sim_open_check(channel, msg);
	if (!gpadl) {
		sim_open_result(relid, openid, SIM_STATUS_FAILED);
		return;
	}
	ret = sim_ring_setup(channel, gpadl->va, gpadl->npages,
			     le32_to_cpu(msg->downstream_ringbuffer_pageoffset));
	if (ret) {
		sim_ring_teardown(channel);
		sim_open_result(relid, openid, SIM_STATUS_FAILED);
		return;
	}
	channel->open = true;
	channel->openid = openid;
	WRITE_ONCE(channel->target_vp, le32_to_cpu(msg->target_vp));
	channel->ring_gpadl = gpadl;
	/* Before the answer: the guest may signal as soon as it has it. */
	sim_activate_channel(channel);
	atomic64_inc(&sim.opens);
	sim_open_result(relid, openid, 0);
	if (channel->handler == SIM_HANDLER_IC)
		sim_ic_opened(channel);

	if (!channel->primary && channel->subchannels && !channel->subs_offered)
		sim_offer_subchannels(channel);
}

/*
 * A primary closed: its sub-channels go with it (they were made for that
 * open), which the guest should have closed first (4.9). Its next open
 * gets a fresh set.
 */
static void sim_close_subchannels(struct sim_channel *primary)
{
	struct sim_channel *sub, *next;

	primary->subs_offered = false;
	list_for_each_entry_safe(sub, next, &sim.channels, node) {
		if (sub->primary != primary || sub->rescinded)
			continue;
		if (sub->open)
			sim_violation("CLOSECHANNEL for relid %u before its sub-channel %u\n",
				      primary->relid, sub->relid);
		sim_rescind_locked(sub);
	}
}

/*
 * Stop everything the host does with the channel's rings; when this
 * returns the host no longer touches them. No message is sent.
 */
void sim_channel_shut(struct sim_channel *channel)
{
	sim_deactivate_channel(channel);
	if (!channel->open)
		return;
	if (channel->stor)
		sim_stor_shut(channel);
	if (channel->net)
		sim_net_shut(channel);
	sim_ring_teardown(channel);
	channel->open = false;
	channel->ring_gpadl = NULL;
}

void sim_close_channel(const void *buf, u32 len, u64 stamp)
{
	const struct vmbus_channel_relid_message *msg = buf;
	struct sim_channel *channel;
	u32 relid;

	if (len < sizeof(*msg)) {
		sim_violation("CLOSECHANNEL of %u bytes\n", len);
		return;
	}
	relid = le32_to_cpu(msg->child_relid);
	channel = sim_channel_find(relid);
	/* Guests close rescinded channels too (4.11): nothing to do. */
	if (channel && channel->rescinded)
		return;
	if (!channel || !sim.offers_requested) {
		sim_violation("CLOSECHANNEL for relid %u, which this host does not offer\n",
			      relid);
		return;
	}
	if (!channel->open) {
		sim_violation("CLOSECHANNEL for relid %u, which is not open\n", relid);
		return;
	}
	sim_channel_shut(channel);
	atomic64_inc(&sim.closes);
	if (!channel->primary && channel->subs_offered)
		sim_close_subchannels(channel);
}

/* MODIFYCHANNEL_RESPONSE, which hosts send from 5.3 on only. */
static void sim_modify_result(u32 relid, u32 status)
{
	struct vmbus_channel_modifychannel_response msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_MODIFYCHANNEL_RESPONSE),
		.child_relid = cpu_to_le32(relid),
		.status = cpu_to_le32(status),
	};

	if (sim.version >= VMBUS_VERSION_WIN10_V5_3)
		sim_deliver(&msg, sizeof(msg));
}

/*
 * Events go to the new VP from now on; one already on its way to the old
 * one still lands there, as the guest must expect (4.4).
 */
void sim_modify_channel(const void *buf, u32 len, u64 stamp)
{
	const struct vmbus_channel_modifychannel *msg = buf;
	struct sim_channel *channel;
	bool rescinded;
	u32 relid, vp;

	if (len < sizeof(*msg)) {
		sim_violation("MODIFYCHANNEL of %u bytes\n", len);
		return;
	}
	relid = le32_to_cpu(msg->child_relid);
	vp = le32_to_cpu(msg->target_vp);
	if (sim.version < VMBUS_VERSION_WIN10_V4_1) {
		/* Such a host does not know the message: no answer either. */
		sim_violation("MODIFYCHANNEL for relid %u on a version %#x connection (needs 4.1 or later)\n",
			      relid, sim.version);
		return;
	}
	channel = sim_channel_for_guest(relid, stamp, "MODIFYCHANNEL", &rescinded);
	if (!channel) {
		/* A rescinded channel's waiter is woken by the rescind. */
		if (!rescinded)
			sim_modify_result(relid, SIM_STATUS_FAILED);
		return;
	}
	if (!channel->open) {
		sim_violation("MODIFYCHANNEL for relid %u, which is not open\n", relid);
		sim_modify_result(relid, SIM_STATUS_FAILED);
		return;
	}
	if (!sim_vp_ok(vp)) {
		sim_violation("MODIFYCHANNEL for relid %u targets VP %u, which is not an online CPU of the VM\n",
			      relid, vp);
		sim_modify_result(relid, SIM_STATUS_FAILED);
		return;
	}
	if (atomic_xchg(&sim.modify_fail, 0)) {
		pr_info("fault modify_fail: relid %u stays on VP %u instead of moving to VP %u\n",
			relid, channel->target_vp, vp);
		sim_modify_result(relid, SIM_STATUS_FAILED);
		return;
	}
	WRITE_ONCE(channel->target_vp, vp);
	sim_modify_result(relid, 0);
}
