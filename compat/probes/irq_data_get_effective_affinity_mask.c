/*
 * API: irq_data_get_effective_affinity_mask(), the CPUs an interrupt is
 * really delivered to.
 * Changed: v4.13 ("genirq: Introduce effective affinity mask"), used by
 * x86 from v4.15; before, x86 delivers to CPUs of the affinity mask.
 * Used by: compat/include/hvlis/compat-hyperv.h (the ACPI VMBus interrupt,
 * src/vmbus/hyperv/irq.c).
 */
#include <linux/irq.h>

static unsigned int probe(struct irq_data *d)
{
	return cpumask_first(irq_data_get_effective_affinity_mask(d));
}

unsigned int (*hvlis_probe)(struct irq_data *) = probe;
