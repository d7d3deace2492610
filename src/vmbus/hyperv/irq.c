// SPDX-License-Identifier: GPL-2.0-only
/*
 * How the SynIC interrupt reaches hvb_synic_isr().
 *
 * SINT2 raises a plain local-APIC vector on the CPU it belongs to
 * (protocol-vmbus.md 2.1), and a module cannot install an IDT vector of
 * its own. Two ways remain, tried in this order:
 *
 *  1. The kernel's hook: a kernel with CONFIG_HYPERV installs
 *     HYPERVISOR_CALLBACK_VECTOR on every CPU at boot and calls the handler
 *     set with hv_setup_vmbus_handler() from it. SINT2 then carries that
 *     vector on every CPU.
 *  2. The ACPI VMBus device's interrupt: Hyper-V describes one in the
 *     device's _CRS. A Linux IRQ owns its vector on one CPU only, so SINT2
 *     is programmed with that vector on that CPU alone, which must be
 *     VP 0, where the channel messages arrive (4.6).
 *
 * Without either, the backend refuses to attach. A synthetic platform
 * (<hvlis_hv_platform.h>) has a hookup of its own, used instead of both.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/ioport.h>
#include <linux/rcupdate.h>
#include <asm/hw_irq.h>
#include <asm/processor.h>
#include <hvlis/compat.h>
#include <hvlis/compat-hyperv.h>

#include "hyperv.h"

static struct {
	bool platform;	/* the synthetic platform calls hvb_synic_isr() */
	bool hooked;	/* the kernel's vector calls hvb_synic_isr() */
	int irq;	/* or: the ACPI VMBus IRQ we requested, when > 0 */
} hvb_irq;

static irqreturn_t hvb_irq_handler(int irq, void *dev_id)
{
	hvb_synic_isr();
	/* SynIC interrupts can find nothing left to do; never call that spurious. */
	return IRQ_HANDLED;
}

/* The Linux IRQ of the ACPI VMBus device, or a negative errno. */
static int hvb_irq_find_acpi(void)
{
	/* The ids Hyper-V gives the VMBus root device (see vmbus_drv.c). */
	static const char * const hids[] = { "VMBUS", "VMBus" };
	struct acpi_device *adev = NULL;
	struct resource_entry *entry;
	LIST_HEAD(resources);
	unsigned int i;
	int irq = -ENOENT;
	int ret;

	for (i = 0; i < ARRAY_SIZE(hids) && !adev; i++)
		adev = acpi_dev_get_first_match_dev(hids[i], NULL, -1);
	if (!adev)
		return -ENODEV;

	/* Parsing _CRS also maps the interrupt's GSI to a Linux IRQ. */
	ret = acpi_dev_get_resources(adev, &resources, NULL, NULL);
	if (ret < 0) {
		irq = ret;
	} else {
		resource_list_for_each_entry(entry, &resources) {
			struct resource *res = entry->res;

			if (resource_type(res) == IORESOURCE_IRQ &&
			    !(res->flags & IORESOURCE_DISABLED) && res->start > 0) {
				irq = res->start;
				break;
			}
		}
		acpi_dev_free_resource_list(&resources);
	}
	acpi_dev_put(adev);
	return irq;
}

static int hvb_irq_install_acpi(struct hvb_irq_route *route)
{
	struct irq_data *data;
	struct irq_cfg *cfg;
	unsigned int cpu;
	int irq, ret;

	irq = hvb_irq_find_acpi();
	if (irq <= 0)
		return irq ? irq : -ENODEV;

	/*
	 * Ask for CPU 0 (normally VP 0) before the IRQ is started, so that
	 * its vector is allocated there; no balancing, so it stays there.
	 * Where it really landed is checked below and in synic.c.
	 */
	irq_set_affinity(irq, cpumask_of(0));
	ret = request_irq(irq, hvb_irq_handler, IRQF_NOBALANCING, "hv_vmbus",
			  &hvb_irq);
	if (ret) {
		pr_err("could not take the ACPI VMBus interrupt (IRQ %d, error %d), so hv_vmbus cannot receive host interrupts\n",
		       irq, ret);
		return ret;
	}

	data = irq_get_irq_data(irq);
	cfg = data ? irqd_cfg(data) : NULL;
	cpu = data ? cpumask_first(irq_data_get_effective_affinity_mask(data)) :
		     nr_cpu_ids;
	if (!cfg || !cfg->vector || cpu >= nr_cpu_ids) {
		free_irq(irq, &hvb_irq);
		pr_err("the ACPI VMBus interrupt (IRQ %d) has no CPU vector, so hv_vmbus cannot route the SynIC to it\n",
		       irq);
		return -ENODEV;
	}

	route->vector = cfg->vector;
	/* 2.4 step 4: Linux's irq flow acks the APIC itself; no auto-EOI. */
	route->auto_eoi = false;
	route->cpu = cpu;
	hvb_irq.irq = irq;
	pr_info("taking VMBus interrupts on IRQ %d (vector %#x, CPU %u)\n",
		irq, route->vector, cpu);
	return 0;
}

int hvb_irq_install(struct hvb_irq_route *route)
{
	int ret;

	if (hvb_platform) {
		ret = hvb_platform->irq_install(hvb_synic_isr, &route->vector,
						&route->auto_eoi);
		if (ret)
			return ret;
		hvb_irq.platform = true;
		route->cpu = -1;
		return 0;
	}
	if (hvlis_kernel_vmbus_hook_available()) {
		hvlis_kernel_vmbus_hook_set(hvb_synic_isr);
		hvb_irq.hooked = true;
		route->vector = HVLIS_KERNEL_VMBUS_VECTOR;
		/*
		 * The kernel's vector entry does the APIC EOI exactly when the
		 * "deprecating auto-EOI" hint is set (1.1d, 2.1, 2.4 step 4);
		 * auto-EOI must be on exactly when it does not.
		 */
		route->auto_eoi = !(hvb_cpuid_eax(HVB_CPUID_HINTS) &
				    HVB_HINT_DEPRECATING_AEOI);
		route->cpu = -1;
		return 0;
	}

	ret = hvb_irq_install_acpi(route);
	if (ret == -ENODEV || ret == -ENOENT)
		pr_err("this kernel has no Hyper-V VMBus interrupt hook (it was built without CONFIG_HYPERV) and no ACPI VMBus device with an interrupt was found, so hv_vmbus cannot receive host interrupts; use a kernel built with CONFIG_HYPERV\n");
	return ret;
}

void hvb_irq_remove(void)
{
	if (hvb_irq.platform) {
		hvb_platform->irq_remove();
		hvb_irq.platform = false;
	}
	if (hvb_irq.hooked) {
		hvlis_kernel_vmbus_hook_clear();
		/*
		 * The hook is cleared, but another CPU may still be inside
		 * the handler. Handlers run with interrupts off, which RCU
		 * counts as a read-side section: wait for them to finish.
		 */
		synchronize_rcu();
		hvb_irq.hooked = false;
	}
	if (hvb_irq.irq > 0) {
		free_irq(hvb_irq.irq, &hvb_irq);
		hvb_irq.irq = 0;
	}
}
