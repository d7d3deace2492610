/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's Hyper-V platform code, where it has one, and the kernel
 * interfaces around it that changed upstream.
 *
 * Kernels built with CONFIG_HYPERV (Debian's 6.1 and 6.12) set up the
 * hypercall page, the VMBus interrupt vector and the reference counter at
 * boot and export them; the hv_vmbus Hyper-V backend uses those where they
 * exist and brings its own otherwise. Each helper here answers "what does
 * this kernel provide" and falls back to "nothing" where it provides none.
 *
 * Only the Hyper-V backend (src/vmbus/hyperv/) includes this header,
 * not <hvlis/compat.h>: it pulls in asm/mshyperv.h, which no other driver
 * should see.
 */
#ifndef HVLIS_COMPAT_HYPERV_H
#define HVLIS_COMPAT_HYPERV_H

#include <linux/acpi.h>
#include <linux/compiler.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/types.h>
#include <asm/asm.h>
#include <asm/hw_irq.h>
#include <asm/hypervisor.h>
#include <hvlis/compat-hypervisor.h>

#if defined(HAVE_HV_HYPERCALL_PG) || defined(HAVE_HV_SETUP_VMBUS_HANDLER) || \
	defined(HAVE_HV_READ_REFERENCE_COUNTER) || defined(HAVE_HV_VP_INDEX)
#include <asm/mshyperv.h>
#endif
#ifdef HAVE_HV_READ_REFERENCE_COUNTER
#include <clocksource/hyperv_timer.h>
#endif

/*
 * v5.18: objtool checks IBT and ANNOTATE_NOENDBR exempts an address-taken
 * code label from it; before that there is nothing to exempt from.
 */
#ifdef HAVE_ANNOTATE_NOENDBR
#include <linux/objtool.h>
#else
#define ANNOTATE_NOENDBR ""
#endif

/*
 * v4.14: ASM_CALL_CONSTRAINT makes gcc set up the frame before an inline
 * asm call. Before, the same constraint on the stack pointer, as v4.14
 * spells it.
 */
#ifndef HAVE_ASM_CALL_CONSTRAINT
register unsigned long hvlis_stack_pointer asm(_ASM_SP);
#define ASM_CALL_CONSTRAINT	"+r" (hvlis_stack_pointer)
#endif

/*
 * v4.0: irqd_cfg(). Before, an x86 interrupt's irq_data carries its
 * struct irq_cfg (its vector) as chip data, which irqd_cfg() returned then.
 */
#ifndef HAVE_IRQD_CFG
static inline struct irq_cfg *hvlis_irqd_cfg(struct irq_data *d)
{
	return irq_data_get_irq_chip_data(d);
}

#define irqd_cfg hvlis_irqd_cfg
#endif

/*
 * v4.13: irq_data_get_effective_affinity_mask(). Before, x86 programs an
 * interrupt for the first online CPU of its affinity mask (within the
 * vector's domain, where the vector was allocated for that mask), so the
 * affinity mask's first CPU is where it is delivered.
 */
#ifndef HAVE_IRQ_DATA_GET_EFFECTIVE_AFFINITY_MASK
#define irq_data_get_effective_affinity_mask irq_data_get_affinity_mask
#endif

/*
 * The running kernel's version as a number, for the guest OS id the
 * hypervisor records (protocol-vmbus.md 1.3). A value, never a test: it
 * lives here because compat/ is the one home of LINUX_VERSION_CODE.
 */
#include <linux/version.h>
#define HVLIS_KERNEL_VERSION_VALUE	((u64)LINUX_VERSION_CODE)

/*
 * v5.12 (and 5.10.y): irq_set_affinity() is exported. Before, it is an
 * inline around __irq_set_affinity(), which is not exported; the exported
 * irq_set_affinity_hint() (an inline itself only from v5.17 on) sets the
 * mask as well, and clearing the hint at once leaves the mask set and
 * free_irq() with no hint to warn about.
 */
#ifndef HAVE_IRQ_SET_AFFINITY
static inline int hvlis_irq_set_affinity(unsigned int irq,
					 const struct cpumask *mask)
{
	int ret = irq_set_affinity_hint(irq, mask);

	irq_set_affinity_hint(irq, NULL);
	return ret;
}

#define irq_set_affinity hvlis_irq_set_affinity
#endif

/*
 * The hypercall page the kernel enabled at boot, or NULL when this kernel
 * has none (no CONFIG_HYPERV, or its Hyper-V setup did not run).
 */
static inline void *hvlis_kernel_hypercall_pg(void)
{
#ifdef HAVE_HV_HYPERCALL_PG
	return READ_ONCE(hv_hypercall_pg);
#else
	return NULL;
#endif
}

/*
 * The kernel's VMBus interrupt hook: with CONFIG_HYPERV, x86 installs
 * HYPERVISOR_CALLBACK_VECTOR (0xF3, protocol-vmbus.md 2.1) at boot when it
 * finds Hyper-V, and calls the handler set here from it. After the handler
 * returns, the kernel does the APIC EOI itself exactly when the
 * "deprecating auto-EOI" hint is set, so SINT auto-EOI must be the
 * opposite of that hint.
 */
#ifdef HAVE_HV_SETUP_VMBUS_HANDLER
#define HVLIS_KERNEL_VMBUS_VECTOR	HYPERVISOR_CALLBACK_VECTOR

static inline bool hvlis_kernel_vmbus_hook_available(void)
{
	/* The vector is installed only when the Hyper-V platform init ran. */
	return hypervisor_is_type(X86_HYPER_MS_HYPERV);
}

static inline void hvlis_kernel_vmbus_hook_set(void (*handler)(void))
{
	hv_setup_vmbus_handler(handler);
}

static inline void hvlis_kernel_vmbus_hook_clear(void)
{
	hv_remove_vmbus_handler();
}
#else
#define HVLIS_KERNEL_VMBUS_VECTOR	0

static inline bool hvlis_kernel_vmbus_hook_available(void)
{
	return false;
}

static inline void hvlis_kernel_vmbus_hook_set(void (*handler)(void))
{
}

static inline void hvlis_kernel_vmbus_hook_clear(void)
{
}
#endif

/*
 * The kernel's reference-counter reader (reference TSC page or MSR), or
 * NULL when this kernel has none and the caller reads the MSR.
 */
typedef u64 (*hvlis_ref_counter_fn)(void);

static inline hvlis_ref_counter_fn hvlis_kernel_ref_counter(void)
{
#ifdef HAVE_HV_READ_REFERENCE_COUNTER
	return READ_ONCE(hv_read_reference_counter);
#else
	return NULL;
#endif
}

/*
 * The VP number the kernel recorded for @cpu when the CPU came up under
 * Hyper-V, or 0xffffffff (the kernel's VP_INVAL) when it has none: no
 * table in this kernel, its Hyper-V setup did not run, or the CPU has not
 * come up.
 */
static inline u32 hvlis_kernel_vp_index(unsigned int cpu)
{
#ifdef HAVE_HV_VP_INDEX
	u32 *table = READ_ONCE(hv_vp_index);

	return table ? READ_ONCE(table[cpu]) : 0xffffffffU;
#else
	return 0xffffffffU;
#endif
}

#endif
