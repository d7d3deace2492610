// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Hyper-V host backend, which hv_vmbus's init brings up when CPUID
 * says Hyper-V. Bring-up follows the boot sequence of protocol-vmbus.md
 * 4.9 steps 1 and 3 (hypercall page, then the interrupt handler, then the
 * SynIC on every CPU) before the backend registers; exit undoes it in
 * reverse. The ops map the host seam to HvPostMessage, HvSignalEvent, the
 * reference counter, the reference TSC page and the VP index.
 *
 * hv_vmbus's init brings it up on Hyper-V; a synthetic Hyper-V platform
 * (<hvlis_hv_platform.h>) brings it up elsewhere by registering.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <hvlis/compat-hyperv.h>

#include <hvlis_host.h>
#include <proto/vmbus_channel.h>

#include "hyperv.h"

const struct hvlis_hv_platform *hvb_platform;
/*
 * The platform the reference time is read through. Unlike hvb_platform
 * it is never cleared: a clocksource that pinned the platform's module
 * (hvlis_reference_clock_get()) reads it after the platform unregistered,
 * and nobody else reads it without a registered backend.
 */
static const struct hvlis_hv_platform *hvb_clock_platform;
/* Serialises platform registration against unregistration. */
static DEFINE_MUTEX(hvb_platform_mutex);

/*
 * What VMBus needs from the partition's privileges (1.1): the hypercall,
 * SynIC and reference-counter MSRs, and the two hypercalls.
 */
#define HVB_NEEDED_MSRS						\
	(HVB_PRIV_HYPERCALL_MSRS | HVB_PRIV_SYNIC | HVB_PRIV_TIME_REF_COUNT)
#define HVB_NEEDED_HYPERCALLS						\
	(HVB_PRIV_POST_MESSAGES | HVB_PRIV_SIGNAL_EVENTS)

static int hvb_check_privileges(void)
{
	u32 eax, ebx, ecx, edx;

	hvb_cpuid(HVB_CPUID_FEATURES, &eax, &ebx, &ecx, &edx);
	if ((eax & HVB_NEEDED_MSRS) == HVB_NEEDED_MSRS &&
	    (ebx & HVB_NEEDED_HYPERCALLS) == HVB_NEEDED_HYPERCALLS)
		return 0;
	pr_err("this Hyper-V partition may not use what VMBus needs (CPUID 0x40000003 EAX %#x, EBX %#x: the hypercall, SynIC and reference-counter MSRs and the PostMessage and SignalEvent hypercalls are required); check the VM's configuration\n",
	       eax, ebx);
	return -ENODEV;
}

static int hvb_post_message(u32 connection_id, const void *msg, u32 len)
{
	u16 status;

	if (len > HVB_MESSAGE_PAYLOAD_MAX)
		return -EMSGSIZE;

	status = hvb_hcall_post_message(connection_id, msg, len);
	switch (status) {
	case HVB_HV_STATUS_SUCCESS:
		return 0;
	/* 1.6: the host's message buffers are full for now; the caller retries. */
	case HVB_HV_STATUS_INSUFFICIENT_MEMORY:
	case HVB_HV_STATUS_INSUFFICIENT_BUFFERS:
		return -EAGAIN;
	/* 1.6, 4.6: an old host has no connection 4 for INITIATE_CONTACT. */
	case HVB_HV_STATUS_INVALID_CONNECTION_ID:
		return -ECONNREFUSED;
	default:
		pr_warn_ratelimited("Hyper-V refused a channel message on connection %u with status %#x\n",
				    connection_id, status);
		return -EIO;
	}
}

static void hvb_signal_event(u32 connection_id)
{
	u16 status = hvb_hcall_signal_event(connection_id);

	if (status != HVB_HV_STATUS_SUCCESS)
		pr_warn_ratelimited("Hyper-V refused to signal connection %u with status %#x\n",
				    connection_id, status);
}

/* 3.1: 100 ns units; the kernel's reader uses the TSC page when it can. */
static u64 hvb_read_reference_time(void)
{
	const struct hvlis_hv_platform *platform = READ_ONCE(hvb_clock_platform);
	hvlis_ref_counter_fn read;

	if (platform)
		return platform->read_msr(HVB_MSR_TIME_REF_COUNT);
	read = hvlis_kernel_ref_counter();
	if (read)
		return read();
	return hvb_rdmsr(HVB_MSR_TIME_REF_COUNT);
}

/*
 * The VP number for target_vp: the kernel's table where it keeps one, else
 * what the VP index MSR said on that CPU when it came up.
 */
static u32 hvb_cpu_to_vp(unsigned int cpu)
{
	u32 vp = hvb_platform ? HVLIS_VP_INVALID : hvlis_kernel_vp_index(cpu);

	return vp != HVLIS_VP_INVALID ? vp : hvb_synic_vp_index(cpu);
}

/* Not const: the owner is the platform's module when there is one. */
static struct hvlis_host_ops hvb_host_ops = {
	.name = "Hyper-V",
	.owner = THIS_MODULE,
	.post_message = hvb_post_message,
	.signal_event = hvb_signal_event,
	.read_reference_time = hvb_read_reference_time,
	.cpu_to_vp = hvb_cpu_to_vp,
	.tsc_page = hvb_tsc_page,
};

int hvb_backend_init(void)
{
	struct hvb_irq_route route;
	int ret;

	ret = hvb_check_privileges();
	if (ret)
		return ret;
	/* The reference time's readers pin whoever provides it. */
	hvb_host_ops.owner = hvb_platform ? hvb_platform->owner : THIS_MODULE;
	hvb_tsc_page_enable();
	ret = hvb_hcall_init();
	if (ret)
		return ret;
	ret = hvb_synic_init();
	if (ret)
		goto err_hcall;
	/* 4.9 step 3: the handler is in place before any SINT2 is unmasked. */
	ret = hvb_irq_install(&route);
	if (ret)
		goto err_synic;
	ret = hvb_synic_enable(&route);
	if (ret)
		goto err_irq;
	/* The ACPI IRQ reaches one CPU only (irq.c): channels target it. */
	ret = hvlis_host_register(&hvb_host_ops,
				  route.cpu >= 0 ? route.cpu : HVLIS_EVENT_ANY_CPU);
	if (ret)
		goto err_enabled;
	return 0;

err_enabled:
	hvb_synic_disable();
err_irq:
	hvb_irq_remove();
err_synic:
	hvb_synic_exit();
err_hcall:
	hvb_hcall_exit();
	return ret;
}

void hvb_backend_exit(void)
{
	hvlis_host_unregister(&hvb_host_ops);
	/* No more SynIC interrupts, then no handler still running. */
	hvb_synic_disable();
	hvb_irq_remove();
	hvb_synic_exit();
	hvb_hcall_exit();
}

int hvlis_hv_platform_register(const struct hvlis_hv_platform *platform)
{
	int ret;

	/* On Hyper-V the backend runs on the real thing, from our init. */
	if (hvb_is_hyperv())
		return -EBUSY;
	mutex_lock(&hvb_platform_mutex);
	if (hvb_platform) {
		ret = -EBUSY;
		goto out;
	}
	hvb_platform = platform;
	WRITE_ONCE(hvb_clock_platform, platform);
	ret = hvb_backend_init();
	if (ret)
		hvb_platform = NULL;
	else
		pr_info("the Hyper-V backend runs on the %s platform\n",
			platform->name);
out:
	mutex_unlock(&hvb_platform_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(hvlis_hv_platform_register);

void hvlis_hv_platform_unregister(const struct hvlis_hv_platform *platform)
{
	mutex_lock(&hvb_platform_mutex);
	if (!WARN_ON(hvb_platform != platform)) {
		hvb_backend_exit();
		hvb_platform = NULL;
	}
	mutex_unlock(&hvb_platform_mutex);
}
EXPORT_SYMBOL_GPL(hvlis_hv_platform_unregister);
