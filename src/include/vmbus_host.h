/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host-backend seam of hv_vmbus.
 *
 * hv_vmbus talks to "the host" only through struct vmbus_host_backend: post
 * a channel message, signal a channel, read the 100 ns reference time, and
 * say which CPUs the host can interrupt and by which VP number. The
 * host talks back through the two entry points of struct vmbus_guest. The
 * Hyper-V backend implements the ops with hypercalls and the SynIC; the
 * simulated host (tests/sim, vmbus_sim.ko) exports its backend as the
 * symbol vmbus_sim_backend, which hv_vmbus looks up when it finds no
 * hypervisor. Drivers above hv_vmbus never see which host they have.
 */
#ifndef HVLIS_VMBUS_HOST_H
#define HVLIS_VMBUS_HOST_H

#include <linux/types.h>
#include <asm/processor.h>

struct module;

/* What the guest side hands the host when it attaches. */
struct vmbus_guest {
	/* A channel message from the host (payload of at most 240 bytes). */
	void (*deliver_message)(struct vmbus_guest *guest, const void *msg, u32 len);
	/* The host signalled the channel with relid @relid. */
	void (*deliver_event)(struct vmbus_guest *guest, u32 relid);
	/*
	 * Set by the guest once connected, for a backend that must know how
	 * the host signals: before 2.4 (WIN8) events arrive as bits in the
	 * receive half of the interrupt page, not in the event-flags page.
	 */
	u32 version;
	void *int_page;
};

/* No VP number is known for a CPU (also the kernel's own VP_INVAL). */
#define VMBUS_VP_INVALID	0xffffffffU
/* vmbus_host_backend.event_cpu: the host can interrupt every CPU. */
#define VMBUS_ANY_CPU		(-1)

struct vmbus_host_backend {
	const char *name;
	struct module *owner;
	/*
	 * Where channel interrupts can reach the guest: VMBUS_ANY_CPU when
	 * the host interrupts whichever VP a channel targets (OPENCHANNEL,
	 * MODIFYCHANNEL), else the one CPU that takes them all (Hyper-V
	 * through the ACPI VMBus IRQ, which only VP 0 gets), and every
	 * channel must target it. Valid once attach has succeeded.
	 */
	int event_cpu;
	/* Start delivering to @guest; the host may deliver from now on. */
	int (*attach)(struct vmbus_host_backend *host, struct vmbus_guest *guest);
	/* Stop delivering; no entry point of the guest is called afterwards. */
	void (*detach)(struct vmbus_host_backend *host);
	/* Post a channel message to the host (HvPostMessage on Hyper-V). */
	int (*post_message)(struct vmbus_host_backend *host, u32 connection_id,
			    const void *msg, u32 len);
	/* Signal the host for a channel (HvSignalEvent on Hyper-V). */
	void (*signal_event)(struct vmbus_host_backend *host, u32 connection_id);
	/* The partition reference time, in 100 ns units. */
	u64 (*read_reference_time)(struct vmbus_host_backend *host);
	/*
	 * Optional: the VP number the host knows the online CPU @cpu by, for
	 * target_vp; VMBUS_VP_INVALID if it is not known (yet). Without it,
	 * VP n is CPU n.
	 */
	u32 (*cpu_to_vp)(struct vmbus_host_backend *host, unsigned int cpu);
};

/*
 * Exported by the simulated host (tests/sim) while it is loaded. hv_vmbus
 * finds it with symbol_get() and never links against it.
 */
extern struct vmbus_host_backend vmbus_sim_backend;

/* Hyper-V CPUID leaves and signatures (protocol-vmbus.md 1.1). */
#define HV_CPUID_VENDOR_AND_MAX_LEAF	0x40000000
#define HV_CPUID_INTERFACE		0x40000001
#define HV_CPUID_MIN_MAX_LEAF		0x40000005
#define HV_CPUID_MAX_MAX_LEAF		0x4000ffff
#define HV_CPUID_SIGNATURE_EBX		0x7263694d	/* "Micr" */
#define HV_CPUID_SIGNATURE_ECX		0x666f736f	/* "osof" */
#define HV_CPUID_SIGNATURE_EDX		0x76482074	/* "t Hv" */
#define HV_CPUID_INTERFACE_HV1		0x31237648	/* "Hv#1" */

/*
 * True when running under Hyper-V with the TLFS interface: the hypervisor
 * bit, the "Microsoft Hv" vendor signature with a sane maximum leaf, and
 * the "Hv#1" interface signature.
 */
static inline bool vmbus_host_is_hyperv(void)
{
	u32 eax, ebx, ecx, edx;

	if (!(cpuid_ecx(1) & BIT(31)))
		return false;
	cpuid(HV_CPUID_VENDOR_AND_MAX_LEAF, &eax, &ebx, &ecx, &edx);
	if (ebx != HV_CPUID_SIGNATURE_EBX || ecx != HV_CPUID_SIGNATURE_ECX ||
	    edx != HV_CPUID_SIGNATURE_EDX)
		return false;
	if (eax < HV_CPUID_MIN_MAX_LEAF || eax > HV_CPUID_MAX_MAX_LEAF)
		return false;
	return cpuid_eax(HV_CPUID_INTERFACE) == HV_CPUID_INTERFACE_HV1;
}

#endif
