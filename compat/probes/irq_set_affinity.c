/*
 * API: irq_set_affinity(), setting an interrupt's CPU mask, as an exported
 * function.
 * Changed: v5.12 (genirq: "Export affinity setter for modules", also in
 * 5.10.y stable kernels); before that it was an inline around
 * __irq_set_affinity(), which the kernel does not export, so a module
 * calling it builds and then fails to load. Such kernels export
 * irq_set_affinity_hint(), which also sets the mask.
 * Used by: compat/include/hvlis/compat-kernel.h (hv_vmbus pinning the ACPI
 * VMBus interrupt to CPU 0, src/vmbus/hyperv/irq.c).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: irq_set_affinity
 */
#include <linux/cpumask.h>
#include <linux/interrupt.h>

static int probe(unsigned int irq)
{
	return irq_set_affinity(irq, cpumask_of(0));
}

int (*hvlis_probe)(unsigned int) = probe;
