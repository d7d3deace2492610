/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces of the Hyper-V host backend of hv_vmbus:
 *
 *   hyperv_hypercall.c  guest OS id, hypercall page, HvPostMessage and
 *                       HvSignalEvent (protocol-vmbus.md 1.3-1.8)
 *   hyperv_synic.c      per-CPU SynIC pages and SINT2, the interrupt
 *                       handler: messages, EOM, event flags (2.1-2.5)
 *   hyperv_irq.c        how the SynIC interrupt reaches the handler: the
 *                       kernel's VMBus vector hook or the ACPI VMBus IRQ
 *   hyperv_backend.c    the struct vmbus_host_backend host.c selects
 */
#ifndef HVLIS_VMBUS_HYPERV_H
#define HVLIS_VMBUS_HYPERV_H

#include <linux/kernel.h>
#include <linux/types.h>
#include <asm/msr.h>

struct vmbus_guest;
struct vmbus_host_backend;

/*
 * Synthetic MSR access. rdmsr()/wrmsr() with 32-bit halves have kept
 * their names across releases (the 64-bit forms were renamed in v6.16).
 */
static inline u64 hvlis_rdmsr(u32 msr)
{
	u32 lo, hi;

	rdmsr(msr, lo, hi);
	return ((u64)hi << 32) | lo;
}

static inline void hvlis_wrmsr(u32 msr, u64 val)
{
	wrmsr(msr, lower_32_bits(val), upper_32_bits(val));
}

/* The backend host.c attaches on Hyper-V. */
extern struct vmbus_host_backend vmbus_hv_backend;

/* hyperv_hypercall.c */
int hvlis_hcall_init(void);
void hvlis_hcall_exit(void);
/* Both return the 16-bit HV_STATUS of the hypercall. */
u16 hvlis_hcall_post_message(u32 connection_id, const void *payload, u32 len);
u16 hvlis_hcall_signal_event(u32 connection_id);

/*
 * Where SINT2 must point for the interrupt to reach hvlis_synic_isr():
 * the vector, whether the hypervisor or Linux does the APIC EOI, and
 * which CPU may take it (-1: every CPU).
 */
struct hvlis_irq_route {
	u8 vector;
	bool auto_eoi;
	int cpu;
};

/* hyperv_irq.c */
int hvlis_irq_install(struct hvlis_irq_route *route);
void hvlis_irq_remove(void);

/* hyperv_synic.c */
int hvlis_synic_init(struct vmbus_guest *guest);
int hvlis_synic_enable(const struct hvlis_irq_route *route);
void hvlis_synic_disable(void);
void hvlis_synic_exit(void);
void hvlis_synic_isr(void);
u32 hvlis_synic_vp_index(unsigned int cpu);

#endif
