/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces of the Hyper-V host backend of hv_vmbus (prefix
 * hvb_). It talks to the rest of hv_vmbus only through <hvlis_host.h>:
 *
 *   backend.c    detection, bring-up and the hvlis_host_ops it registers
 *   hypercall.c  guest OS id, hypercall page, HvPostMessage and
 *                HvSignalEvent (protocol-vmbus.md 1.3-1.8)
 *   synic.c      per-CPU SynIC pages and SINT2, the interrupt handler:
 *                messages, EOM, event flags (2.1-2.5)
 *   irq.c        how the SynIC interrupt reaches the handler: the
 *                kernel's VMBus vector hook or the ACPI VMBus IRQ
 *   tsc_page.c   the reference TSC page (3.2)
 *
 * On a synthetic platform (<hvlis_hv_platform.h>) the same code runs with
 * CPUID, the MSRs, the hypercall and the interrupt hookup going through
 * the platform's table instead of the instructions and the kernel.
 */
#ifndef HVB_HYPERV_H
#define HVB_HYPERV_H

#include <linux/kernel.h>
#include <linux/types.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include <hvlis_hv_platform.h>
#include <proto/hv_tlfs.h>

struct hvlis_tsc_page;

/*
 * True when running under Hyper-V with the TLFS interface: the hypervisor
 * bit, the "Microsoft Hv" vendor signature with a sane maximum leaf, and
 * the "Hv#1" interface signature.
 */
static inline bool hvb_is_hyperv(void)
{
	u32 eax, ebx, ecx, edx;

	if (!(cpuid_ecx(1) & BIT(31)))
		return false;
	cpuid(HVB_CPUID_VENDOR_AND_MAX_LEAF, &eax, &ebx, &ecx, &edx);
	if (ebx != HVB_CPUID_SIGNATURE_EBX || ecx != HVB_CPUID_SIGNATURE_ECX ||
	    edx != HVB_CPUID_SIGNATURE_EDX)
		return false;
	if (eax < HVB_CPUID_MIN_MAX_LEAF || eax > HVB_CPUID_MAX_MAX_LEAF)
		return false;
	return cpuid_eax(HVB_CPUID_INTERFACE) == HVB_CPUID_INTERFACE_HV1;
}

/*
 * The synthetic platform the backend runs on instead of Hyper-V, or NULL
 * on Hyper-V (backend.c). Set before the backend comes up and cleared
 * after it went down, so every user below sees one value throughout.
 */
extern const struct hvlis_hv_platform *hvb_platform;

/*
 * Synthetic MSR access. rdmsr()/wrmsr() with 32-bit halves have kept
 * their names across releases (the 64-bit forms were renamed in v6.16).
 */
static inline u64 hvb_rdmsr(u32 msr)
{
	u32 lo, hi;

	if (hvb_platform)
		return hvb_platform->read_msr(msr);
	rdmsr(msr, lo, hi);
	return ((u64)hi << 32) | lo;
}

static inline void hvb_wrmsr(u32 msr, u64 val)
{
	if (hvb_platform)
		hvb_platform->write_msr(msr, val);
	else
		wrmsr(msr, lower_32_bits(val), upper_32_bits(val));
}

static inline void hvb_cpuid(u32 leaf, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	if (hvb_platform)
		hvb_platform->cpuid(leaf, eax, ebx, ecx, edx);
	else
		cpuid(leaf, eax, ebx, ecx, edx);
}

static inline u32 hvb_cpuid_eax(u32 leaf)
{
	u32 eax, ebx, ecx, edx;

	hvb_cpuid(leaf, &eax, &ebx, &ecx, &edx);
	return eax;
}

/* backend.c: called from hv_vmbus's init and exit. */
int hvb_backend_init(void);
void hvb_backend_exit(void);

/* tsc_page.c; hvb_tsc_page_free() from hv_vmbus's exit, on any host. */
void hvb_tsc_page_enable(void);
const struct hvlis_tsc_page *hvb_tsc_page(void);
void hvb_tsc_page_free(void);

/* hypercall.c */
int hvb_hcall_init(void);
void hvb_hcall_exit(void);
/* Both return the 16-bit HV_STATUS of the hypercall. */
u16 hvb_hcall_post_message(u32 connection_id, const void *payload, u32 len);
u16 hvb_hcall_signal_event(u32 connection_id);

/*
 * Where SINT2 must point for the interrupt to reach hvb_synic_isr():
 * the vector, whether the hypervisor or Linux does the APIC EOI, and
 * which CPU may take it (-1: every CPU).
 */
struct hvb_irq_route {
	u8 vector;
	bool auto_eoi;
	int cpu;
};

/* irq.c */
int hvb_irq_install(struct hvb_irq_route *route);
void hvb_irq_remove(void);

/* synic.c */
int hvb_synic_init(void);
int hvb_synic_enable(const struct hvb_irq_route *route);
void hvb_synic_disable(void);
void hvb_synic_exit(void);
void hvb_synic_isr(void);
u32 hvb_synic_vp_index(unsigned int cpu);

#endif
