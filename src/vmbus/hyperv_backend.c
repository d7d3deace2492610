// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Hyper-V host backend: what host.c attaches when it finds Hyper-V.
 * Attach follows the boot sequence of protocol-vmbus.md 4.9 steps 1 and 3
 * (hypercall page, then the interrupt handler, then the SynIC on every
 * CPU); detach undoes it in reverse. The ops map hv_vmbus's host seam to
 * HvPostMessage, HvSignalEvent, the reference counter and the VP index.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <asm/processor.h>
#include <hvlis/compat-hyperv.h>

#include "hyperv.h"
#include "hyperv_tlfs.h"
#include "vmbus_private.h"

/*
 * What VMBus needs from the partition's privileges (1.1): the hypercall,
 * SynIC and reference-counter MSRs, and the two hypercalls.
 */
#define HVLIS_NEEDED_MSRS						\
	(HVLIS_PRIV_HYPERCALL_MSRS | HVLIS_PRIV_SYNIC | HVLIS_PRIV_TIME_REF_COUNT)
#define HVLIS_NEEDED_HYPERCALLS						\
	(HVLIS_PRIV_POST_MESSAGES | HVLIS_PRIV_SIGNAL_EVENTS)

static int vmbus_hv_check_privileges(void)
{
	u32 eax, ebx, ecx, edx;

	cpuid(HVLIS_CPUID_FEATURES, &eax, &ebx, &ecx, &edx);
	if ((eax & HVLIS_NEEDED_MSRS) == HVLIS_NEEDED_MSRS &&
	    (ebx & HVLIS_NEEDED_HYPERCALLS) == HVLIS_NEEDED_HYPERCALLS)
		return 0;
	pr_err("this Hyper-V partition may not use what VMBus needs (CPUID 0x40000003 EAX %#x, EBX %#x: the hypercall, SynIC and reference-counter MSRs and the PostMessage and SignalEvent hypercalls are required); check the VM's configuration\n",
	       eax, ebx);
	return -ENODEV;
}

static int vmbus_hv_attach(struct vmbus_host_backend *host,
			   struct vmbus_guest *guest)
{
	struct hvlis_irq_route route;
	int ret;

	ret = vmbus_hv_check_privileges();
	if (ret)
		return ret;
	ret = hvlis_hcall_init();
	if (ret)
		return ret;
	ret = hvlis_synic_init(guest);
	if (ret)
		goto err_hcall;
	/* 4.9 step 3: the handler is in place before any SINT2 is unmasked. */
	ret = hvlis_irq_install(&route);
	if (ret)
		goto err_synic;
	ret = hvlis_synic_enable(&route);
	if (ret)
		goto err_irq;
	/* The ACPI IRQ reaches one CPU only (hyperv_irq.c): channels target it. */
	host->event_cpu = route.cpu >= 0 ? route.cpu : VMBUS_ANY_CPU;
	return 0;

err_irq:
	hvlis_irq_remove();
err_synic:
	hvlis_synic_exit();
err_hcall:
	hvlis_hcall_exit();
	return ret;
}

static void vmbus_hv_detach(struct vmbus_host_backend *host)
{
	/* No more SynIC interrupts, then no handler still running. */
	hvlis_synic_disable();
	hvlis_irq_remove();
	hvlis_synic_exit();
	hvlis_hcall_exit();
}

static int vmbus_hv_post_message(struct vmbus_host_backend *host,
				 u32 connection_id, const void *msg, u32 len)
{
	u16 status;

	if (len > HVLIS_MESSAGE_PAYLOAD_MAX)
		return -EMSGSIZE;

	status = hvlis_hcall_post_message(connection_id, msg, len);
	switch (status) {
	case HVLIS_HV_STATUS_SUCCESS:
		return 0;
	/* 1.6: the host's message buffers are full for now; the caller retries. */
	case HVLIS_HV_STATUS_INSUFFICIENT_MEMORY:
	case HVLIS_HV_STATUS_INSUFFICIENT_BUFFERS:
		return -EAGAIN;
	/* 1.6, 4.6: an old host has no connection 4 for INITIATE_CONTACT. */
	case HVLIS_HV_STATUS_INVALID_CONNECTION_ID:
		return -ECONNREFUSED;
	default:
		pr_warn_ratelimited("Hyper-V refused a channel message on connection %u with status %#x\n",
				    connection_id, status);
		return -EIO;
	}
}

static void vmbus_hv_signal_event(struct vmbus_host_backend *host,
				  u32 connection_id)
{
	u16 status = hvlis_hcall_signal_event(connection_id);

	if (status != HVLIS_HV_STATUS_SUCCESS)
		pr_warn_ratelimited("Hyper-V refused to signal connection %u with status %#x\n",
				    connection_id, status);
}

/* 3.1: 100 ns units; the kernel's reader uses the TSC page when it can. */
static u64 vmbus_hv_read_reference_time(struct vmbus_host_backend *host)
{
	hvlis_ref_counter_fn read = hvlis_kernel_ref_counter();

	if (read)
		return read();
	return hvlis_rdmsr(HVLIS_MSR_TIME_REF_COUNT);
}

/*
 * The VP number for target_vp: the kernel's table where it keeps one, else
 * what the VP index MSR said on that CPU when it came up.
 */
static u32 vmbus_hv_cpu_to_vp(struct vmbus_host_backend *host, unsigned int cpu)
{
	u32 vp = hvlis_kernel_vp_index(cpu);

	return vp != VMBUS_VP_INVALID ? vp : hvlis_synic_vp_index(cpu);
}

struct vmbus_host_backend vmbus_hv_backend = {
	.name = "Hyper-V",
	.owner = THIS_MODULE,
	.attach = vmbus_hv_attach,
	.detach = vmbus_hv_detach,
	.post_message = vmbus_hv_post_message,
	.signal_event = vmbus_hv_signal_event,
	.read_reference_time = vmbus_hv_read_reference_time,
	.cpu_to_vp = vmbus_hv_cpu_to_vp,
};
