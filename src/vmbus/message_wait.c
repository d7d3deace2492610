// SPDX-License-Identifier: GPL-2.0-only
/*
 * Waiting for the host's answer to a channel request: GPADL_CREATED for a
 * GPADL, OPENCHANNEL_RESULT for an open, GPADL_TORNDOWN for a teardown,
 * MODIFYCHANNEL_RESPONSE for a retarget. Answers are matched the way the
 * host matches them (protocol-vmbus.md 4.9): by relid and openid, relid
 * and GPADL handle, handle alone, or relid alone (key 0). An answer nobody
 * waits for is logged and dropped.
 *
 * A wait is bounded (host_timeout_ms): a host that never answers fails
 * the request with -ETIMEDOUT instead of blocking a probe, an unload or
 * CPU hotplug for ever. The host may still act on the request later, so
 * the memory it named stays the host's: callers leak it rather than free
 * it. A rescind of the channel wakes its waiters with -ENODEV.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>

#include "vmbus_private.h"

static unsigned int vmbus_host_timeout_ms = 30000;
module_param_named(host_timeout_ms, vmbus_host_timeout_ms, uint, 0644);
MODULE_PARM_DESC(host_timeout_ms,
		 "How long the host gets to answer a channel request, in ms (default 30000)");

/* What the guest asked, by the answer it waits for. */
static const char *vmbus_message_wait_request(u32 answer)
{
	switch (answer) {
	case CHANNELMSG_GPADL_CREATED:
		return "GPADL_HEADER";
	case CHANNELMSG_GPADL_TORNDOWN:
		return "GPADL_TEARDOWN";
	case CHANNELMSG_OPENCHANNEL_RESULT:
		return "OPENCHANNEL";
	case CHANNELMSG_MODIFYCHANNEL_RESPONSE:
		return "MODIFYCHANNEL";
	default:
		return "a request";
	}
}

/*
 * Register a wait before posting the request, so the answer cannot arrive
 * before anyone listens. Fails with -ENODEV if the channel is rescinded.
 */
int vmbus_message_wait_prepare(struct vmbus_message_wait *wait, u32 type,
			       struct hvlis_channel *channel, u32 key)
{
	struct vmbus_connection *conn = &vmbus_connection;
	int ret = 0;

	wait->type = type;
	wait->relid = channel->relid;
	wait->key = key;
	wait->status = 0;
	wait->error = 0;
	init_completion(&wait->done);

	spin_lock(&conn->wait_lock);
	if (channel->rescinded)
		ret = -ENODEV;
	else
		list_add_tail(&wait->node, &conn->waits);
	spin_unlock(&conn->wait_lock);
	return ret;
}

/*
 * Wait for the answer; 0 with wait->status set, or the reason there is
 * none: -ENODEV (rescinded), -ETIMEDOUT (no answer in time).
 */
int vmbus_message_wait_for(struct vmbus_message_wait *wait)
{
	unsigned int ms = READ_ONCE(vmbus_host_timeout_ms);
	bool answered;

	if (wait_for_completion_timeout(&wait->done, msecs_to_jiffies(ms)))
		return wait->error;
	/* An answer may come while we give up: then it counts. */
	spin_lock(&vmbus_connection.wait_lock);
	answered = completion_done(&wait->done);
	if (!answered)
		list_del(&wait->node);
	spin_unlock(&vmbus_connection.wait_lock);
	if (answered)
		return wait->error;
	pr_err("relid %u: the host did not answer %s (id %#x) within %u ms; giving up, and leaving it what it was given\n",
	       wait->relid, vmbus_message_wait_request(wait->type), wait->key, ms);
	return -ETIMEDOUT;
}

/* The request could not be posted: forget the wait. */
void vmbus_message_wait_cancel(struct vmbus_message_wait *wait)
{
	spin_lock(&vmbus_connection.wait_lock);
	if (!completion_done(&wait->done))
		list_del(&wait->node);
	spin_unlock(&vmbus_connection.wait_lock);
}

static void vmbus_message_wait_finish(struct vmbus_message_wait *wait, int error,
				      u32 status)
{
	list_del(&wait->node);
	wait->error = error;
	wait->status = status;
	complete(&wait->done);
}

void vmbus_message_wait_answer(u32 type, u32 relid, u32 key, u32 status)
{
	struct vmbus_connection *conn = &vmbus_connection;
	struct vmbus_message_wait *wait;

	spin_lock(&conn->wait_lock);
	list_for_each_entry(wait, &conn->waits, node) {
		if (wait->type != type || wait->key != key ||
		    (relid != VMBUS_ANY_RELID && wait->relid != relid))
			continue;
		vmbus_message_wait_finish(wait, 0, status);
		spin_unlock(&conn->wait_lock);
		return;
	}
	spin_unlock(&conn->wait_lock);
	if (relid == VMBUS_ANY_RELID)
		pr_warn_ratelimited("dropping a type %u answer for id %#x: no such request is pending\n",
				    type, key);
	else
		pr_warn_ratelimited("dropping a type %u answer for relid %u, id %#x: no such request is pending\n",
				    type, relid, key);
}

/*
 * The host rescinded @channel: it answers nothing more for it. Called on
 * the message workqueue, ahead of the rescind work, so a driver probe
 * waiting on the device workqueue is woken rather than deadlocked.
 */
void vmbus_message_wait_rescind(struct hvlis_channel *channel)
{
	struct vmbus_connection *conn = &vmbus_connection;
	struct vmbus_message_wait *wait, *next;

	spin_lock(&conn->wait_lock);
	channel->rescinded = true;
	list_for_each_entry_safe(wait, next, &conn->waits, node)
		if (wait->relid == channel->relid)
			vmbus_message_wait_finish(wait, -ENODEV, 0);
	spin_unlock(&conn->wait_lock);
}
