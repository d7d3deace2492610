/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The privileged primitives of hv_vmbus's Hyper-V backend, as a table a
 * synthetic Hyper-V platform can stand in for.
 *
 * On Hyper-V the backend reaches the hypervisor through CPUID, the
 * synthetic MSRs, the hypercall and an interrupt vector, and uses the
 * kernel's own Hyper-V setup where the kernel has one. Nothing needs to be
 * registered for that: it is the default. A test platform (vmbus_sim's
 * platform=hyperv) registers a table instead; the backend then comes up
 * on it, exactly as it does on Hyper-V except that every primitive below
 * goes through the table and none of the kernel's Hyper-V helpers is used
 * (they would touch the real MSRs and hypercall page).
 */
#ifndef HVLIS_HV_PLATFORM_H
#define HVLIS_HV_PLATFORM_H

#include <linux/types.h>

struct hvlis_hv_platform {
	const char *name;
	/*
	 * The module the table lives in: a clocksource reading the reference
	 * time through it pins it. If it emulates the reference TSC MSR, it
	 * fills the page the guest named there until this module unloads,
	 * unregistered or not (the page is partition state).
	 */
	struct module *owner;
	/* CPUID of a hypervisor leaf (0x40000000..0x4000ffff). */
	void (*cpuid)(u32 leaf, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx);
	/* A synthetic MSR, of the VP (CPU) the caller runs on. */
	u64 (*read_msr)(u32 msr);
	void (*write_msr)(u32 msr, u64 val);
	/* One hypercall (protocol-vmbus.md 1.4, 1.5); returns RAX. */
	u64 (*hypercall)(u64 control, u64 input, u64 output);
	/*
	 * Have the SynIC interrupt call @isr on whichever CPU it is raised,
	 * interrupts off, and say which vector SINT2 must carry and whether
	 * it is auto-EOI. irq_remove() returns once no call of @isr runs.
	 */
	int (*irq_install)(void (*isr)(void), u8 *vector, bool *auto_eoi);
	void (*irq_remove)(void);
};

/*
 * Bring the Hyper-V backend up on @platform; it registers with hv_vmbus
 * as on Hyper-V, so this connects to the host before it returns. -EBUSY
 * on real Hyper-V, while another platform is registered, or while a host
 * backend is.
 */
int hvlis_hv_platform_register(const struct hvlis_hv_platform *platform);
/* Take the backend down (disconnecting) and forget @platform. */
void hvlis_hv_platform_unregister(const struct hvlis_hv_platform *platform);

#endif
