/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host-backend seam of hv_vmbus.
 *
 * A host backend is what carries channel messages and events between
 * hv_vmbus and the host: the Hyper-V backend inside hv_vmbus (hypercalls
 * and the SynIC), or the simulated host of tests/sim. It registers a const
 * table of ops with hvlis_host_register(), which connects to the host
 * (version negotiation, offers) before it returns; hvlis_host_unregister()
 * removes every device and disconnects. In between, the backend hands
 * whatever the host sends to hvlis_host_deliver_message() and
 * hvlis_host_deliver_event(). One backend at a time. Drivers above
 * hv_vmbus never see which host they have.
 */
#ifndef HVLIS_HOST_H
#define HVLIS_HOST_H

#include <linux/types.h>

struct hvlis_tsc_page;

/* No VP number is known for a CPU (also the kernel's own VP_INVAL). */
#define HVLIS_VP_INVALID	0xffffffffU
/* hvlis_host_register()'s event_cpu: the host can interrupt every CPU. */
#define HVLIS_EVENT_ANY_CPU	(-1)

struct hvlis_host_ops {
	const char *name;
	/* The module the ops live in; a clocksource pins it (vmbus.h). */
	struct module *owner;
	/* Post a channel message to the host (HvPostMessage on Hyper-V). */
	int (*post_message)(u32 connection_id, const void *msg, u32 len);
	/* Signal the host for a channel (HvSignalEvent on Hyper-V). */
	void (*signal_event)(u32 connection_id);
	/* The partition reference time, in 100 ns units. */
	u64 (*read_reference_time)(void);
	/*
	 * Optional: the VP number the host knows the online CPU @cpu by, for
	 * target_vp; HVLIS_VP_INVALID if it is not known (yet). Without it,
	 * VP n is CPU n.
	 */
	u32 (*cpu_to_vp)(unsigned int cpu);
	/*
	 * Optional: the reference TSC page the host keeps for this
	 * partition, or NULL. It and read_reference_time (which must agree
	 * with it) work, connected or not, for as long as @owner is loaded.
	 */
	const struct hvlis_tsc_page *(*tsc_page)(void);
};

/*
 * Connect to the host through @ops; process context, may sleep for as
 * long as the host takes to answer (bounded). @event_cpu is where
 * channel interrupts can reach the guest: HVLIS_EVENT_ANY_CPU when the
 * host interrupts whichever VP a channel targets, else the one CPU that
 * takes them all (Hyper-V through the ACPI VMBus IRQ), which every
 * channel then targets. -EBUSY while another backend is registered.
 */
int hvlis_host_register(const struct hvlis_host_ops *ops, int event_cpu);
/*
 * Remove every device and disconnect; @ops is not called afterwards. The
 * backend must keep delivering until this returns (UNLOAD's answer
 * arrives through it); later deliveries are dropped.
 */
void hvlis_host_unregister(const struct hvlis_host_ops *ops);

/* A channel message from the host (at most 240 bytes); any context. */
void hvlis_host_deliver_message(const void *msg, u32 len);
/*
 * The host signalled the channel @relid; any context. Relid 0 is never a
 * channel: it is how hosts before 2.4 (WIN8) say "look at the receive
 * half of the interrupt page", which hv_vmbus owns and scans.
 */
void hvlis_host_deliver_event(u32 relid);

#endif
