// SPDX-License-Identifier: GPL-2.0-only
/*
 * Signals between the guest and the simulated host (protocol-vmbus.md
 * 4.7, 4.8).
 *
 * Guest -> host: HvSignalEvent on a channel's connection id (this host
 * hands out SIM_CONN_ID_BASE + relid, never the relid itself), or on
 * connection 2 with the channel's bit set in the send half of the
 * interrupt page (version 0.13, whose offers carry no connection id), or
 * the same on the shared connection SIM_SHARED_CONN_ID (channels offered
 * without a dedicated interrupt, 1.1 up to 5.0), or,
 * for monitored channels, the channel's pending bit in the child->parent
 * monitor page, which this host polls every jiffy while a monitored
 * channel is open. Each only queues the channel's ring work: the guest
 * may signal in atomic context.
 *
 * Host -> guest: the guest's deliver_event entry point, called from an
 * IPI on the CPU the channel targets, as Hyper-V interrupts the channel's
 * target VP (this host numbers VPs like CPUs).
 * Before 2.4 (WIN8) hosts ignored target_vp: events go to CPU 0, and the
 * host also sets the channel's bit in the receive half of the interrupt
 * page, where guests of that era look for it.
 *
 * The interrupt and monitor pages are guest memory named by GPA in
 * INITIATE_CONTACT, mapped here like any page a GPADL names.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <hvlis/compat.h>

#include "sim.h"

/* Run the channel's ring work in @delay jiffies (sooner if already due). */
void sim_kick_channel(struct sim_channel *channel, unsigned long delay)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.event_lock, flags);
	if (channel->active)
		mod_delayed_work(sim.ring_wq, &channel->ring_work, delay);
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/* Run it in @delay jiffies unless it is queued already. */
void sim_kick_channel_later(struct sim_channel *channel, unsigned long delay)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.event_lock, flags);
	if (channel->active)
		queue_delayed_work(sim.ring_wq, &channel->ring_work, delay);
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/* Set or clear a monitored channel's bit in the parent->child page. */
int sim_monitor_trigger(u32 relid, bool on)
{
	struct sim_channel *channel;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&sim.event_lock, flags);
	channel = relid < VMBUS_MAX_RELID ? sim.relids[relid] : NULL;
	if (!channel || !channel->monitored) {
		ret = -ENOENT;
	} else if (!sim.server_monitor_page) {
		ret = -ENOTCONN;
	} else {
		unsigned long *word = (unsigned long *)
			&sim.server_monitor_page->trigger_group[channel->monitor_id / 32].pending;

		if (on)
			set_bit(channel->monitor_id % 32, word);
		else
			clear_bit(channel->monitor_id % 32, word);
	}
	spin_unlock_irqrestore(&sim.event_lock, flags);
	return ret;
}

/* Under sim.event_lock: a guest signal for @channel. */
static void sim_signalled(struct sim_channel *channel, u32 connection_id)
{
	if (channel->active) {
		atomic64_inc(&sim.signals);
		atomic_inc(&channel->signals);
		mod_delayed_work(sim.ring_wq, &channel->ring_work, 0);
	} else if (!READ_ONCE(channel->rescinded)) {
		/* A rescind can cross a signal; anything else cannot. */
		sim_violation("signal on connection %#x: relid %u is not open\n",
			      connection_id, channel->relid);
	}
}

/* Version 0.13: the send half of the interrupt page names the channels. */
static void sim_scan_send_bits(void)
{
	unsigned long *bits;
	unsigned int word, bit;

	if (!sim.int_page) {
		sim_violation("signal on connection %u without an interrupt page\n",
			      VMBUS_EVENT_CONNECTION_ID);
		return;
	}
	bits = (unsigned long *)((u8 *)sim.int_page + VMBUS_INT_PAGE_SEND_OFFSET);
	for (word = 0; word < VMBUS_MAX_RELID / BITS_PER_LONG; word++) {
		unsigned long pending;

		if (!READ_ONCE(bits[word]))
			continue;
		pending = xchg(&bits[word], 0);
		for_each_set_bit(bit, &pending, BITS_PER_LONG) {
			u32 relid = word * BITS_PER_LONG + bit;

			if (sim.relids[relid])
				sim_signalled(sim.relids[relid],
					      VMBUS_EVENT_CONNECTION_ID);
			else
				sim_violation("interrupt page names relid %u, which this host does not offer\n",
					      relid);
		}
	}
}

/*
 * The shared connection (1.1 up to 5.0): the channels without a dedicated
 * interrupt whose send bits are set. Bits of other channels are theirs
 * (monitored channels set them too) and stay. A signal that finds no bit
 * is spurious, as on Hyper-V: nothing to do.
 */
static void sim_scan_shared_bits(void)
{
	unsigned long *bits;
	unsigned int word, bit;

	if (!sim.int_page) {
		sim_violation("signal on the shared connection %#x without an interrupt page\n",
			      SIM_SHARED_CONN_ID);
		return;
	}
	bits = (unsigned long *)((u8 *)sim.int_page + VMBUS_INT_PAGE_SEND_OFFSET);
	for (word = 0; word < VMBUS_MAX_RELID / BITS_PER_LONG; word++) {
		unsigned long pending = READ_ONCE(bits[word]);

		for_each_set_bit(bit, &pending, BITS_PER_LONG) {
			struct sim_channel *channel = sim.relids[word * BITS_PER_LONG + bit];

			if (channel && channel->shared_interrupt &&
			    test_and_clear_bit(bit, &bits[word]))
				sim_signalled(channel, SIM_SHARED_CONN_ID);
		}
	}
}

/* The backend's signal_event op (HvSignalEvent); any context. */
void sim_signal_event(u32 connection_id)
{
	u32 version = READ_ONCE(sim.version);
	unsigned long flags;
	u32 relid;

	spin_lock_irqsave(&sim.event_lock, flags);
	if (!version) {
		sim_violation("signal on connection %#x before the guest connected\n",
			      connection_id);
	} else if (version == VMBUS_VERSION_WS2008) {
		if (connection_id == VMBUS_EVENT_CONNECTION_ID)
			sim_scan_send_bits();
		else
			sim_violation("signal on connection %#x: version 0.13 signals on %u\n",
				      connection_id, VMBUS_EVENT_CONNECTION_ID);
	} else if (connection_id == SIM_SHARED_CONN_ID &&
		   version < VMBUS_VERSION_WIN10_V5) {
		sim_scan_shared_bits();
	} else {
		relid = connection_id - SIM_CONN_ID_BASE;
		if (connection_id < SIM_CONN_ID_BASE || relid >= VMBUS_MAX_RELID ||
		    !sim.relids[relid])
			sim_violation("signal on connection %#x, which this host never handed out\n",
				      connection_id);
		else if (sim.relids[relid]->shared_interrupt &&
			 version < VMBUS_VERSION_WIN10_V5)
			sim_violation("signal on connection %#x: relid %u shares %#x\n",
				      connection_id, relid, SIM_SHARED_CONN_ID);
		else
			sim_signalled(sim.relids[relid], connection_id);
	}
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/*
 * Each CPU's pending events, like the SINT2 area of a VP's event-flags
 * page (2.5): bit N is relid N. One IPI at a time is on its way to the
 * CPU to hand them to the guest; events set meanwhile ride along.
 */
struct sim_cpu_events {
	unsigned long pending[BITS_TO_LONGS(VMBUS_MAX_RELID)];
	unsigned long queued;		/* bit 0: the IPI is on its way */
	call_single_data_t csd;
};

static DEFINE_PER_CPU(struct sim_cpu_events, sim_cpu_events);

/* The "interrupt", on the CPU it was sent to, interrupts off. */
static void sim_event_ipi(void *info)
{
	struct sim_cpu_events *ev = info;
	unsigned int word, bit;
	unsigned long pending;

	clear_bit(0, &ev->queued);
	/* Cleared before the scan: a relid set after it queues another IPI. */
	smp_mb__after_atomic();
	spin_lock(&sim.lock);
	for (word = 0; word < ARRAY_SIZE(ev->pending); word++) {
		if (!READ_ONCE(ev->pending[word]))
			continue;
		pending = xchg(&ev->pending[word], 0);
		if (!sim.attached)
			continue;
		for_each_set_bit(bit, &pending, BITS_PER_LONG) {
			hvlis_host_deliver_event(word * BITS_PER_LONG + bit);
			atomic64_inc(&sim.events);
		}
	}
	spin_unlock(&sim.lock);
}

/* Signal the guest for @channel. */
void sim_deliver_event(struct sim_channel *channel)
{
	struct sim_cpu_events *ev;
	unsigned int cpu = 0;
	unsigned long flags;
	u32 event = channel->relid;

	/*
	 * 2.5: before WIN8 the host names the channel in the receive half
	 * of the interrupt page and sets only bit 0 of VP 0's event flags.
	 */
	if (READ_ONCE(sim.version) < VMBUS_VERSION_WIN8) {
		spin_lock_irqsave(&sim.event_lock, flags);
		if (sim.int_page)
			set_bit(channel->relid, sim.int_page);
		spin_unlock_irqrestore(&sim.event_lock, flags);
		event = 0;
	} else {
		cpu = READ_ONCE(channel->target_vp);
	}
	/*
	 * With preemption off the CPU cannot finish going offline before the
	 * IPI is queued (stop_machine waits), and IPIs queued to a CPU that
	 * goes are run before it does. A target that is offline already
	 * (OPENCHANNEL and MODIFYCHANNEL check, but the guest may offline it
	 * later) is a VP that is not running: Hyper-V sets the flag in a
	 * SynIC nobody reads and the event is lost. So it is here, counted
	 * as lost and as a violation: a guest must move its channels off a
	 * CPU before that CPU goes.
	 */
	preempt_disable();
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		preempt_enable();
		atomic64_inc(&sim.lost_events);
		sim_violation("relid %u: event for VP %u, which is offline: lost\n",
			      channel->relid, cpu);
		return;
	}
	if (sim_platform_hyperv) {
		/* The flag in the VP's event page, and SINT2 (platform.c). */
		sim_platform_event(cpu, event);
		preempt_enable();
		return;
	}
	ev = per_cpu_ptr(&sim_cpu_events, cpu);
	set_bit(event, ev->pending);
	/* Ordered after the bit: one queuer at a time, so the csd is free. */
	if (!test_and_set_bit(0, &ev->queued) &&
	    WARN_ON_ONCE(smp_call_function_single_async(cpu, &ev->csd)))
		clear_bit(0, &ev->queued);
	preempt_enable();
}

/*
 * Poll the child->parent monitor page: take the pending bits the guest set
 * and run those channels. Requeues itself while a monitored channel is open.
 */
static void sim_monitor_work(struct work_struct *work)
{
	struct vmbus_monitor_page *mp;
	unsigned long flags;
	unsigned int group, bit;

	spin_lock_irqsave(&sim.event_lock, flags);
	mp = sim.monitor_page;
	if (!mp || !sim.monitored_open)
		goto out;
	for (group = 0; group < ARRAY_SIZE(mp->trigger_group); group++) {
		u32 *word = (u32 *)&mp->trigger_group[group].pending;
		unsigned long pending;

		if (!READ_ONCE(*word))
			continue;
		pending = xchg(word, 0);
		for_each_set_bit(bit, &pending, 32) {
			struct sim_channel *channel = sim.monitors[group * 32 + bit];

			/* Bits of closed channels may linger: not an error. */
			if (!channel || !channel->active)
				continue;
			atomic64_inc(&sim.signals);
			atomic_inc(&channel->signals);
			mod_delayed_work(sim.ring_wq, &channel->ring_work, 0);
			/* Guests also name the channel in the interrupt page. */
			if (sim.int_page)
				clear_bit(channel->relid,
					  (unsigned long *)((u8 *)sim.int_page +
							    VMBUS_INT_PAGE_SEND_OFFSET));
		}
	}
	queue_delayed_work(sim.ring_wq, &sim.monitor_work, 1);
out:
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

static void *sim_map_guest_page(u64 gpa)
{
	u64 pfn = gpa >> VMBUS_PAGE_SHIFT;

	return sim_map_guest_pages(&pfn, 1);
}

/* Map the pages INITIATE_CONTACT named; 0 for no interrupt page. */
int sim_signal_connect(u64 int_page_gpa, u64 server_page_gpa, u64 client_page_gpa)
{
	void *int_page = NULL, *server_page, *client_page;
	unsigned long flags;

	server_page = sim_map_guest_page(server_page_gpa);
	client_page = sim_map_guest_page(client_page_gpa);
	if (int_page_gpa)
		int_page = sim_map_guest_page(int_page_gpa);
	if (!server_page || !client_page || (int_page_gpa && !int_page)) {
		if (server_page)
			vunmap(server_page);
		if (client_page)
			vunmap(client_page);
		if (int_page)
			vunmap(int_page);
		return -EINVAL;
	}
	sim_signal_disconnect();
	spin_lock_irqsave(&sim.event_lock, flags);
	sim.int_page = int_page;
	sim.server_monitor_page = server_page;
	sim.monitor_page = client_page;
	spin_unlock_irqrestore(&sim.event_lock, flags);
	return 0;
}

/*
 * What a host writes into both monitor pages for a monitored channel it
 * offers: the connection id it signals or is signalled on, and its
 * polling latency for the monitor id (this host polls every jiffy), in
 * 100 ns units.
 */
void sim_monitor_describe(const struct sim_channel *channel)
{
	struct vmbus_monitor_page *pages[2];
	u8 group = channel->monitor_id / 32, bit = channel->monitor_id % 32;
	u32 latency = min_t(u32, jiffies_to_usecs(1) * 10, U16_MAX);
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&sim.event_lock, flags);
	pages[0] = sim.server_monitor_page;
	pages[1] = sim.monitor_page;
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		if (!pages[i])
			continue;
		WRITE_ONCE(pages[i]->latency[group][bit], cpu_to_le16(latency));
		WRITE_ONCE(pages[i]->parameter[group][bit].connection_id,
			   cpu_to_le32(sim_channel_connection_id(channel)));
	}
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/*
 * Stop polling and unmap the pages: the guest frees them once it is
 * disconnected. Every channel is shut by now.
 */
void sim_signal_disconnect(void)
{
	void *int_page, *server_page, *client_page;
	unsigned long flags;

	cancel_delayed_work_sync(&sim.monitor_work);
	spin_lock_irqsave(&sim.event_lock, flags);
	int_page = sim.int_page;
	server_page = sim.server_monitor_page;
	client_page = sim.monitor_page;
	sim.int_page = NULL;
	sim.server_monitor_page = NULL;
	sim.monitor_page = NULL;
	spin_unlock_irqrestore(&sim.event_lock, flags);
	if (int_page)
		vunmap(int_page);
	if (server_page)
		vunmap(server_page);
	if (client_page)
		vunmap(client_page);
}

void sim_signal_init(void)
{
	unsigned int cpu;

	spin_lock_init(&sim.event_lock);
	INIT_DELAYED_WORK(&sim.monitor_work, sim_monitor_work);
	for_each_possible_cpu(cpu) {
		struct sim_cpu_events *ev = per_cpu_ptr(&sim_cpu_events, cpu);

		INIT_CSD(&ev->csd, sim_event_ipi, ev);
	}
}

/* Module exit, every channel gone: let the last IPIs finish. */
void sim_signal_exit(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		while (test_bit(0, &per_cpu_ptr(&sim_cpu_events, cpu)->queued))
			cpu_relax();
	/* An IPI handler is an RCU reader: it is out of this module after this. */
	synchronize_rcu();
}

/* Lowest relid not in use (channels_lock): hosts reuse small relids. */
u32 sim_free_relid(void)
{
	u32 relid;

	for (relid = 1; relid < VMBUS_MAX_RELID; relid++)
		if (!sim.relids[relid])
			return relid;
	return 0;
}

bool sim_monitor_id_free(u8 id)
{
	return !sim.monitors[id];
}

/* Make a new channel known to signals (channels_lock held). */
void sim_publish_channel(struct sim_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.event_lock, flags);
	sim.relids[channel->relid] = channel;
	if (channel->monitored)
		sim.monitors[channel->monitor_id] = channel;
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/* Forget a channel that is shut and about to be freed. */
void sim_unpublish_channel(struct sim_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.event_lock, flags);
	if (sim.relids[channel->relid] == channel)
		sim.relids[channel->relid] = NULL;
	if (channel->monitored && sim.monitors[channel->monitor_id] == channel)
		sim.monitors[channel->monitor_id] = NULL;
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/* The channel is open: its signals run its ring work from now on. */
void sim_activate_channel(struct sim_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.event_lock, flags);
	channel->active = true;
	if (channel->monitored && sim.monitored_open++ == 0)
		queue_delayed_work(sim.ring_wq, &sim.monitor_work, 1);
	spin_unlock_irqrestore(&sim.event_lock, flags);
}

/*
 * Stop the channel's ring processing; when this returns, the ring work is
 * neither running nor queued and nothing queues it again.
 */
void sim_deactivate_channel(struct sim_channel *channel)
{
	unsigned long flags;
	bool was_active;

	spin_lock_irqsave(&sim.event_lock, flags);
	was_active = channel->active;
	channel->active = false;
	if (was_active && channel->monitored)
		sim.monitored_open--;
	spin_unlock_irqrestore(&sim.event_lock, flags);
	cancel_delayed_work_sync(&channel->ring_work);
}
