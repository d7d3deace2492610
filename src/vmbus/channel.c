// SPDX-License-Identifier: GPL-2.0-only
/*
 * A channel's life after its offer: open (rings, GPADL, OPENCHANNEL),
 * sending packets, signalling the host, running the driver's callback
 * when the host signals us, close (protocol-vmbus.md 4.8, 4.9), and which
 * CPU the host interrupts for the channel (4.4, 4.10).
 *
 * The driver callback runs from a per-channel tasklet with a packet
 * budget: a channel with more to read goes to the back of the tasklet
 * queue, so one busy channel cannot starve the others on its CPU. While
 * the callback drains the ring, the inbound interrupt_mask tells the host
 * not to signal (6.7).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <hvlis/compat-cpu.h>

#include "vmbus_private.h"

#define VMBUS_CHANNEL_BUDGET	64

/* The CPU INITIATE_CONTACT names for the channel messages (4.6). */
#define VMBUS_CONNECT_CPU	0

/* The CPU the last spread channel got; offers are handled one at a time. */
static unsigned int vmbus_spread_cpu = VMBUS_CONNECT_CPU;

/* Where channels go that are not spread: where the host can interrupt. */
static unsigned int vmbus_default_cpu(void)
{
	int cpu = vmbus_connection.event_cpu;

	return cpu == HVLIS_EVENT_ANY_CPU ? VMBUS_CONNECT_CPU : cpu;
}

/* The VP number the host knows @cpu by (online), or HVLIS_VP_INVALID. */
static u32 vmbus_cpu_to_vp(unsigned int cpu)
{
	const struct hvlis_host_ops *host = vmbus_host_ops();

	return host->cpu_to_vp ? host->cpu_to_vp(cpu) : cpu;
}

/*
 * Choose the CPU for a new channel, on the message workqueue, as upstream
 * does (4.10): from 2.4 (WIN8), where the host honours target_vp, the
 * primaries of performance devices and all sub-channels take the online
 * CPUs in turn; everything else stays with the channel messages. Upstream
 * spreads per NUMA node, to keep channels near their memory; a plain round
 * robin over the online CPUs spreads as well on the single-node guests
 * this is tested on, and where a channel lands is a matter of speed only:
 * its events are handled on whichever CPU they arrive.
 */
void vmbus_channel_choose_cpu(struct hvlis_channel *channel)
{
	bool spread = channel->primary ||
		      vmbus_dev_is_perf(&channel->offer.if_type);
	unsigned int cpu;

	if (vmbus_connection.version < VMBUS_VERSION_WIN8 || !spread ||
	    vmbus_connection.event_cpu != HVLIS_EVENT_ANY_CPU) {
		channel->target_cpu = vmbus_default_cpu();
		return;
	}
	cpu = cpumask_next(vmbus_spread_cpu, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	vmbus_spread_cpu = cpu;
	channel->target_cpu = cpu;
}

/*
 * The VP for OPENCHANNEL: the target CPU's, unless that CPU went offline
 * since it was chosen or the host cannot name it; then the default CPU's.
 * With the channel OPENING already: a CPU chosen here under the hotplug
 * lock is online, and from the unlock on vmbus_cpu_offline() sees the
 * channel on it, so the lock is not held across the round trip.
 */
static u32 vmbus_channel_open_vp(struct hvlis_channel *channel)
{
	unsigned int cpu;
	u32 vp;

	lockdep_assert_held(&channel->open_lock);
	cpus_read_lock();
	cpu = channel->target_cpu;
	vp = cpu_online(cpu) ? vmbus_cpu_to_vp(cpu) : HVLIS_VP_INVALID;
	if (vp == HVLIS_VP_INVALID) {
		cpu = vmbus_default_cpu();
		WRITE_ONCE(channel->target_cpu, cpu);
		vp = vmbus_cpu_to_vp(cpu);
	}
	cpus_read_unlock();
	/* VP 0 takes the channel messages: it is always there. */
	return vp == HVLIS_VP_INVALID ? 0 : vp;
}

void vmbus_channel_signal(struct hvlis_channel *channel)
{
	struct vmbus_connection *conn = &vmbus_connection;
	const struct vmbus_channel_offer_channel *offer = &channel->offer;
	unsigned long *send_bits = (void *)((u8 *)conn->int_page +
					    VMBUS_INT_PAGE_SEND_OFFSET);
	u32 connection_id;

	/* Shared-interrupt channels name themselves in the interrupt page. */
	if (!(le16_to_cpu(offer->is_dedicated_interrupt) & 1) ||
	    (offer->monitor_allocated & 1))
		set_bit(channel->relid, send_bits);

	if (offer->monitor_allocated & 1) {
		struct vmbus_monitor_page *mp = conn->monitor_pages[1];
		u8 id = offer->monitorid;

		/* No hypercall: the host polls the child->parent page. */
		set_bit(id % 32, (unsigned long *)&mp->trigger_group[id / 32]);
		return;
	}

	if (conn->version == VMBUS_VERSION_WS2008)
		connection_id = VMBUS_EVENT_CONNECTION_ID;
	else
		connection_id = le32_to_cpu(offer->connection_id);
	vmbus_host_ops()->signal_event(connection_id);
}

/* Schedule the callback unless the channel is closing. */
static void vmbus_channel_schedule(struct hvlis_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&channel->sched_lock, flags);
	if (channel->callback_enabled)
		tasklet_schedule(&channel->tasklet);
	spin_unlock_irqrestore(&channel->sched_lock, flags);
}

/* The host's entry point for channel events; any context. */
void vmbus_on_channel_event(u32 relid)
{
	struct hvlis_channel *channel;

	rcu_read_lock();
	channel = vmbus_channel_lookup_rcu(relid);
	if (channel) {
		atomic64_inc(&channel->interrupts);
		vmbus_channel_schedule(channel);
	}
	rcu_read_unlock();
	if (!channel)
		pr_warn_ratelimited("dropping an event for relid %u: no such channel\n",
				    relid);
}

static void vmbus_channel_tasklet(unsigned long data)
{
	struct hvlis_channel *channel = (struct hvlis_channel *)data;
	struct vmbus_ring_control *ctl = channel->in.ctl;
	int done;

	WRITE_ONCE(ctl->interrupt_mask, cpu_to_le32(1));
	virt_mb();
	done = channel->callback(channel, channel->context, VMBUS_CHANNEL_BUDGET);
	if (done >= VMBUS_CHANNEL_BUDGET) {
		/* Still masked: we come back without the host's help. */
		vmbus_channel_schedule(channel);
		return;
	}
	WRITE_ONCE(ctl->interrupt_mask, 0);
	virt_mb();
	/* A stalled driver left a packet in the ring; it kicks us itself. */
	if (done == VMBUS_CALLBACK_STALLED)
		return;
	/* A packet written while masked came without a signal: look again. */
	if (vmbus_ring_has_data(&channel->in) && !READ_ONCE(channel->broken))
		vmbus_channel_schedule(channel);
}

void hvlis_channel_kick(struct hvlis_channel *channel)
{
	vmbus_channel_schedule(channel);
}
EXPORT_SYMBOL_GPL(hvlis_channel_kick);

void vmbus_channel_init(struct hvlis_channel *channel)
{
	mutex_init(&channel->open_lock);
	mutex_init(&channel->sub_lock);
	spin_lock_init(&channel->out.lock);
	spin_lock_init(&channel->sched_lock);
	INIT_LIST_HEAD(&channel->sub_channels);
	INIT_LIST_HEAD(&channel->sub_node);
	tasklet_init(&channel->tasklet, vmbus_channel_tasklet,
		     (unsigned long)channel);
	channel->state = VMBUS_CHANNEL_OFFERED;
	channel->moving_cpu = VMBUS_NO_CPU;
}

static int vmbus_channel_check_params(const struct hvlis_channel_open_params *p)
{
	if (!p->callback || p->userdata_len > VMBUS_USER_DEFINED_BYTES)
		return -EINVAL;
	if (p->send_ring_size % VMBUS_PAGE_SIZE || p->recv_ring_size % VMBUS_PAGE_SIZE ||
	    p->send_ring_size < 2 * VMBUS_PAGE_SIZE ||
	    p->recv_ring_size < 2 * VMBUS_PAGE_SIZE)
		return -EINVAL;
	if (p->max_packet_size < sizeof(struct vmbus_packet_descriptor) ||
	    p->max_packet_size > p->recv_ring_size - VMBUS_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

static void vmbus_channel_free_rings(struct hvlis_channel *channel)
{
	vfree(channel->ring_mem);
	channel->ring_mem = NULL;
	kfree(channel->packet);
	channel->packet = NULL;
	vmbus_request_table_free(channel->requests);
	channel->requests = NULL;
}

static void vmbus_channel_disable_callback(struct hvlis_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&channel->sched_lock, flags);
	channel->callback_enabled = false;
	spin_unlock_irqrestore(&channel->sched_lock, flags);
	tasklet_kill(&channel->tasklet);
}

/* A send racing with close either finishes first or sees -ENODEV. */
static void vmbus_channel_set_sendable(struct hvlis_channel *channel, bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&channel->out.lock, flags);
	channel->sendable = on;
	spin_unlock_irqrestore(&channel->out.lock, flags);
}

/* Post OPENCHANNEL and wait for its result. */
static int vmbus_channel_post_open(struct hvlis_channel *channel,
				   const struct hvlis_channel_open_params *p,
				   u32 vp)
{
	struct vmbus_channel_open_channel msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OPENCHANNEL),
		.child_relid = cpu_to_le32(channel->relid),
		/* Like Linux, the relid doubles as the open id. */
		.openid = cpu_to_le32(channel->relid),
		.ringbuffer_gpadlhandle = cpu_to_le32(channel->ring_gpadl),
		.target_vp = cpu_to_le32(vp),
		.downstream_ringbuffer_pageoffset =
			cpu_to_le32(p->send_ring_size / VMBUS_PAGE_SIZE),
	};
	struct vmbus_message_wait wait;
	int ret;

	if (p->userdata_len)
		memcpy(msg.userdata, p->userdata, p->userdata_len);
	ret = vmbus_message_wait_prepare(&wait, CHANNELMSG_OPENCHANNEL_RESULT,
					 channel, channel->relid);
	if (ret)
		return ret;
	ret = vmbus_post_message(&msg, sizeof(msg));
	if (ret) {
		vmbus_message_wait_cancel(&wait);
		return ret;
	}
	ret = vmbus_message_wait_for(&wait);
	if (ret)
		return ret;
	if (wait.status) {
		pr_err("relid %u: the host refused to open the channel (status %#x)\n",
		       channel->relid, wait.status);
		return -EIO;
	}
	return 0;
}

int hvlis_channel_open(struct hvlis_channel *channel,
		       const struct hvlis_channel_open_params *p)
{
	u32 ring_size = p->send_ring_size + p->recv_ring_size;
	unsigned long flags;
	u32 vp;
	int ret;

	ret = vmbus_channel_check_params(p);
	if (ret)
		return ret;

	mutex_lock(&channel->open_lock);
	if (channel->state == VMBUS_CHANNEL_OPENED ||
	    channel->state == VMBUS_CHANNEL_OPENING) {
		ret = -EBUSY;
		goto out_unlock;
	}
	channel->ring_mem = vzalloc(ring_size);
	channel->packet = kmalloc(p->max_packet_size, GFP_KERNEL);
	/* One slot per smallest packet the send ring can hold at once. */
	channel->requests = vmbus_request_table_alloc(p->send_ring_size / 32);
	if (!channel->ring_mem || !channel->packet || !channel->requests) {
		ret = -ENOMEM;
		goto out_free;
	}
	channel->ring_size = ring_size;
	channel->max_packet_size = p->max_packet_size;
	channel->peeked_len = 0;
	WRITE_ONCE(channel->broken, false);
	vmbus_ring_init(&channel->out, channel->ring_mem, p->send_ring_size);
	vmbus_ring_init(&channel->in, (u8 *)channel->ring_mem + p->send_ring_size,
			p->recv_ring_size);
	channel->state = VMBUS_CHANNEL_OPENING;
	vp = vmbus_channel_open_vp(channel);

	ret = hvlis_gpadl_create(channel, channel->ring_mem, ring_size,
				 &channel->ring_gpadl);
	if (ret == -ETIMEDOUT) {
		/* The host may have taken the pages after all: never free them. */
		channel->ring_mem = NULL;
		goto out_state;
	}
	if (ret)
		goto out_state;

	/*
	 * The host may write and signal as soon as it has answered, before
	 * this function returns: the callback must run, and be able to
	 * answer, from then on.
	 */
	channel->callback = p->callback;
	channel->context = p->context;
	spin_lock_irqsave(&channel->sched_lock, flags);
	channel->callback_enabled = true;
	spin_unlock_irqrestore(&channel->sched_lock, flags);
	vmbus_channel_set_sendable(channel, true);

	ret = vmbus_channel_post_open(channel, p, vp);
	if (ret) {
		vmbus_channel_set_sendable(channel, false);
		vmbus_channel_disable_callback(channel);
		if (hvlis_gpadl_teardown(channel, channel->ring_gpadl)) {
			/* The host may still write there: never free it. */
			channel->ring_mem = NULL;
		}
		goto out_state;
	}
	channel->state = VMBUS_CHANNEL_OPENED;
	mutex_unlock(&channel->open_lock);
	return 0;

out_state:
	channel->state = VMBUS_CHANNEL_OFFERED;
out_free:
	vmbus_channel_free_rings(channel);
out_unlock:
	mutex_unlock(&channel->open_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(hvlis_channel_open);



static void vmbus_channel_close_one(struct hvlis_channel *channel)
{
	struct vmbus_channel_relid_message msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_CLOSECHANNEL),
		.child_relid = cpu_to_le32(channel->relid),
	};
	int ret;

	mutex_lock(&channel->open_lock);
	if (channel->state != VMBUS_CHANNEL_OPENED) {
		mutex_unlock(&channel->open_lock);
		return;
	}
	vmbus_channel_set_sendable(channel, false);
	vmbus_channel_disable_callback(channel);
	/* Posted even when rescinded, as Linux does; the host ignores it then. */
	ret = vmbus_post_message(&msg, sizeof(msg));
	if (ret)
		pr_warn("relid %u: could not post CLOSECHANNEL (error %d)\n",
			channel->relid, ret);
	if (hvlis_gpadl_teardown(channel, channel->ring_gpadl)) {
		pr_warn("relid %u: leaking the ring memory the host did not give back\n",
			channel->relid);
		channel->ring_mem = NULL;
	}
	vmbus_channel_free_rings(channel);
	channel->state = VMBUS_CHANNEL_CLOSED;
	mutex_unlock(&channel->open_lock);
}

/*
 * Close a channel; for a primary, its open sub-channels first (4.9).
 * Process context only, never from the channel's own callback.
 */
void hvlis_channel_close(struct hvlis_channel *channel)
{
	struct hvlis_channel *sub;

	if (!channel->primary) {
		mutex_lock(&channel->sub_lock);
		list_for_each_entry(sub, &channel->sub_channels, sub_node)
			vmbus_channel_close_one(sub);
		mutex_unlock(&channel->sub_lock);
	}
	vmbus_channel_close_one(channel);
}
EXPORT_SYMBOL_GPL(hvlis_channel_close);

int hvlis_channel_send(struct hvlis_channel *channel, u16 type, u16 flags,
		       u64 trans_id, const struct kvec *kv, unsigned int nkv)
{
	struct vmbus_packet_descriptor desc;
	struct kvec vec[4];
	size_t total = sizeof(desc);
	unsigned int i;

	if (nkv >= ARRAY_SIZE(vec))
		return -EINVAL;
	vec[0].iov_base = &desc;
	vec[0].iov_len = sizeof(desc);
	/* Each part is bounded first, so the sum of four cannot wrap. */
	for (i = 0; i < nkv; i++) {
		if (kv[i].iov_len > VMBUS_PACKET_MAX_LEN)
			return -EMSGSIZE;
		vec[i + 1] = kv[i];
		total += kv[i].iov_len;
	}
	if (total > VMBUS_PACKET_MAX_LEN)
		return -EMSGSIZE;
	desc.type = cpu_to_le16(type);
	desc.offset8 = cpu_to_le16(sizeof(desc) / 8);
	desc.len8 = cpu_to_le16(ALIGN(total, 8) / 8);
	desc.flags = cpu_to_le16(flags);
	desc.trans_id = cpu_to_le64(trans_id);
	return vmbus_ring_write(channel, vec, nkv + 1, total);
}
EXPORT_SYMBOL_GPL(hvlis_channel_send);

/* Each range: its header and DIV_ROUND_UP(offset + len, 4096) PFNs. */
static u32 vmbus_range_pfns(const struct vmbus_page_range *range)
{
	return DIV_ROUND_UP((u64)range->offset + range->len, VMBUS_PAGE_SIZE);
}

int hvlis_channel_send_gpa_direct(struct hvlis_channel *channel,
				  const struct vmbus_page_range *ranges,
				  u32 nranges, const void *data, u32 len,
				  u64 trans_id, u16 flags)
{
	struct vmbus_gpa_direct_header hdr = {};
	u64 ranges_len = 0, total;
	u32 i, j;
	u8 stack_buf[256] __aligned(8);
	struct kvec vec[3];
	u8 *buf, *p;
	int ret;

	if (!nranges)
		return -EINVAL;
	/* u64 sums of u32 terms, stopped once past the limit: no wrap. */
	for (i = 0; i < nranges; i++) {
		if (!ranges[i].len || ranges[i].offset >= VMBUS_PAGE_SIZE)
			return -EINVAL;
		ranges_len += sizeof(struct vmbus_gpa_range) +
			      8ULL * vmbus_range_pfns(&ranges[i]);
		if (ranges_len > VMBUS_PACKET_MAX_LEN)
			return -EMSGSIZE;
	}
	total = sizeof(hdr) + ranges_len + len;
	if (total > VMBUS_PACKET_MAX_LEN)
		return -EMSGSIZE;

	/* The usual packet (one range of a few pages) needs no allocation. */
	buf = ranges_len <= sizeof(stack_buf) ? stack_buf :
	      kmalloc(ranges_len, GFP_ATOMIC);
	if (!buf)
		return -ENOMEM;
	for (p = buf, i = 0; i < nranges; i++) {
		struct vmbus_gpa_range *r = (void *)p;

		r->len = cpu_to_le32(ranges[i].len);
		r->offset = cpu_to_le32(ranges[i].offset);
		for (j = 0; j < vmbus_range_pfns(&ranges[i]); j++)
			r->pfn[j] = cpu_to_le64(ranges[i].pfns[j]);
		p += sizeof(*r) + 8 * j;
	}

	hdr.desc.type = cpu_to_le16(VMBUS_PACKET_DATA_USING_GPA_DIRECT);
	hdr.desc.offset8 = cpu_to_le16((sizeof(hdr) + ranges_len) / 8);
	hdr.desc.len8 = cpu_to_le16(ALIGN(total, 8) / 8);
	hdr.desc.flags = cpu_to_le16(flags);
	hdr.desc.trans_id = cpu_to_le64(trans_id);
	hdr.range_cnt = cpu_to_le32(nranges);
	vec[0] = (struct kvec){ .iov_base = &hdr, .iov_len = sizeof(hdr) };
	vec[1] = (struct kvec){ .iov_base = buf, .iov_len = ranges_len };
	vec[2] = (struct kvec){ .iov_base = (void *)data, .iov_len = len };
	ret = vmbus_ring_write(channel, vec, len ? 3 : 2, total);
	if (buf != stack_buf)
		kfree(buf);
	return ret;
}
EXPORT_SYMBOL_GPL(hvlis_channel_send_gpa_direct);

static u32 vmbus_packet_bytes(u32 payload_len)
{
	return ALIGN(sizeof(struct vmbus_packet_descriptor) + payload_len, 8) +
	       VMBUS_PACKET_TRAILER_SIZE;
}

bool hvlis_channel_can_send(struct hvlis_channel *channel, u32 payload_len)
{
	return vmbus_ring_has_room(channel, sizeof(struct vmbus_packet_descriptor) +
				   payload_len);
}
EXPORT_SYMBOL_GPL(hvlis_channel_can_send);

void hvlis_channel_want_space(struct hvlis_channel *channel, u32 payload_len)
{
	u32 bytes = payload_len ? vmbus_packet_bytes(payload_len) : 0;

	WRITE_ONCE(channel->out.ctl->pending_send_sz, cpu_to_le32(bytes));
	/* Set before the caller looks at the free space once more. */
	virt_mb();
}
EXPORT_SYMBOL_GPL(hvlis_channel_want_space);

void hvlis_set_subchannel_callbacks(struct hvlis_channel *primary,
				    void (*new_channel)(struct hvlis_channel *sub),
				    void (*rescinded)(struct hvlis_channel *sub))
{
	primary->sc_new = new_channel;
	primary->sc_rescinded = rescinded;
}
EXPORT_SYMBOL_GPL(hvlis_set_subchannel_callbacks);

u16 hvlis_channel_subchannel_index(const struct hvlis_channel *channel)
{
	return le16_to_cpu(channel->offer.sub_channel_index);
}
EXPORT_SYMBOL_GPL(hvlis_channel_subchannel_index);

bool hvlis_channel_rescinded(const struct hvlis_channel *channel)
{
	return READ_ONCE(channel->rescinded);
}
EXPORT_SYMBOL_GPL(hvlis_channel_rescinded);

struct vmbus_device *hvlis_channel_device(const struct hvlis_channel *channel)
{
	return channel->primary ? channel->primary->device : channel->device;
}
EXPORT_SYMBOL_GPL(hvlis_channel_device);

void hvlis_channel_set_drvdata(struct hvlis_channel *channel, void *data)
{
	channel->drvdata = data;
}
EXPORT_SYMBOL_GPL(hvlis_channel_set_drvdata);

void *hvlis_channel_get_drvdata(const struct hvlis_channel *channel)
{
	return channel->drvdata;
}
EXPORT_SYMBOL_GPL(hvlis_channel_get_drvdata);

void vmbus_on_open_result(const struct vmbus_channel_open_result *msg)
{
	vmbus_message_wait_answer(CHANNELMSG_OPENCHANNEL_RESULT,
				  le32_to_cpu(msg->child_relid),
				  le32_to_cpu(msg->openid),
				  le32_to_cpu(msg->status));
}

/*
 * Post MODIFYCHANNEL for an open channel. From 5.3 the host answers
 * whether it moved the channel; before that it does not answer at all.
 */
static int vmbus_channel_modify(struct hvlis_channel *channel,
				unsigned int cpu, u32 vp)
{
	struct vmbus_channel_modifychannel msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_MODIFYCHANNEL),
		.child_relid = cpu_to_le32(channel->relid),
		.target_vp = cpu_to_le32(vp),
	};
	bool answered = vmbus_connection.version >= VMBUS_VERSION_WIN10_V5_3;
	struct vmbus_message_wait wait;
	int ret;

	lockdep_assert_held(&channel->open_lock);
	if (answered) {
		/* The answer names the relid only: the key is always 0. */
		ret = vmbus_message_wait_prepare(&wait, CHANNELMSG_MODIFYCHANNEL_RESPONSE,
						 channel, 0);
		if (ret)
			return ret;
	}
	ret = vmbus_post_message(&msg, sizeof(msg));
	if (ret) {
		if (answered)
			vmbus_message_wait_cancel(&wait);
		return ret;
	}
	if (!answered)
		return 0;
	ret = vmbus_message_wait_for(&wait);
	if (ret)
		return ret;
	if (wait.status) {
		pr_warn_ratelimited("relid %u: the host refused to move the channel to CPU %u (VP %u, status %#x); it stays on CPU %u\n",
				    channel->relid, cpu, vp, wait.status,
				    channel->target_cpu);
		return -EIO;
	}
	return 0;
}

/*
 * Move the channel's interrupts to @cpu (sysfs channels/<relid>/cpu). An
 * open channel moves with MODIFYCHANNEL, from 4.1 on; the host may keep
 * signalling the old CPU for a while (4.4), which event delivery takes
 * like any other CPU. A channel that is not open keeps @cpu for its next
 * OPENCHANNEL.
 */
int vmbus_channel_set_cpu(struct hvlis_channel *channel, unsigned int cpu)
{
	struct vmbus_connection *conn = &vmbus_connection;
	int event_cpu = conn->event_cpu;
	u32 vp;
	int ret;

	if (conn->version < VMBUS_VERSION_WIN10_V4_1) {
		pr_warn_ratelimited("relid %u: VMBus %u.%u cannot move a channel to another CPU; that takes version 4.1 or later\n",
				    channel->relid, VMBUS_VERSION_MAJOR(conn->version),
				    VMBUS_VERSION_MINOR(conn->version));
		return -EOPNOTSUPP;
	}
	if (event_cpu != HVLIS_EVENT_ANY_CPU && cpu != event_cpu) {
		pr_warn_ratelimited("relid %u: the host's channel interrupts reach CPU %d only, so the channel cannot move to CPU %u\n",
				    channel->relid, event_cpu, cpu);
		return -EOPNOTSUPP;
	}
	mutex_lock(&channel->open_lock);
	/*
	 * As for open: once the new CPU, online now, is published as where
	 * the channel is moving, vmbus_cpu_offline() keeps it online; the
	 * old one stays guarded as the target until the host has answered.
	 */
	cpus_read_lock();
	vp = cpu < nr_cpu_ids && cpu_online(cpu) ? vmbus_cpu_to_vp(cpu) :
						    HVLIS_VP_INVALID;
	if (vp != HVLIS_VP_INVALID)
		WRITE_ONCE(channel->moving_cpu, cpu);
	cpus_read_unlock();
	if (vp == HVLIS_VP_INVALID)
		ret = -EINVAL;
	else if (READ_ONCE(channel->rescinded))
		ret = -ENODEV;
	else if (channel->state != VMBUS_CHANNEL_OPENED ||
		 cpu == channel->target_cpu)
		ret = 0;
	else
		ret = vmbus_channel_modify(channel, cpu, vp);
	if (!ret)
		WRITE_ONCE(channel->target_cpu, cpu);
	WRITE_ONCE(channel->moving_cpu, VMBUS_NO_CPU);
	mutex_unlock(&channel->open_lock);
	return ret;
}

/*
 * cpuhp teardown, under the CPU hotplug write lock, which open and
 * set_cpu take for reading while they publish a channel's CPU: a CPU the
 * host interrupts (or is about to) for an open or opening channel must
 * not go offline, or that channel's events would go to a CPU that is not
 * there.
 * Upstream refuses too; the admin moves the channel first.
 */
static int vmbus_cpu_offline(unsigned int cpu)
{
	u32 relid = vmbus_channel_on_cpu(cpu);

	if (!relid)
		return 0;
	pr_warn("CPU %u cannot go offline: the host interrupts it for channel %u; move the channel first (write another CPU to channels/%u/cpu)\n",
		cpu, relid, relid);
	return -EBUSY;
}

static int vmbus_cpu_hp_state;

int vmbus_channel_cpus_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					    "hv_vmbus/channels:online", NULL,
					    vmbus_cpu_offline);

	if (ret < 0)
		return ret;
	vmbus_cpu_hp_state = ret;
	return 0;
}

void vmbus_channel_cpus_exit(void)
{
	cpuhp_remove_state_nocalls(vmbus_cpu_hp_state);
}

void vmbus_on_modify_response(const struct vmbus_channel_modifychannel_response *msg)
{
	vmbus_message_wait_answer(CHANNELMSG_MODIFYCHANNEL_RESPONSE,
				  le32_to_cpu(msg->child_relid), 0,
				  le32_to_cpu(msg->status));
}
