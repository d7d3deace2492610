/*
 * API: irqd_cfg(), the x86 vector configuration of an interrupt's irq_data.
 * Changed: v4.0 (x86 irq: "Introduce irqd_cfg()"; the exact release is
 * unverified); before, an IO-APIC interrupt's irq_data carries its
 * struct irq_cfg as chip data.
 * Used by: compat/include/hvlis/compat-hyperv.h (the ACPI VMBus interrupt,
 * src/vmbus/hyperv/irq.c).
 */
#include <linux/irq.h>
#include <asm/hw_irq.h>

static u8 probe(struct irq_data *d)
{
	return irqd_cfg(d)->vector;
}

u8 (*hvlis_probe)(struct irq_data *) = probe;
