// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmbus_sim core: the host backend hv_vmbus attaches to.
 *
 * The backend is exported as vmbus_sim_backend; hv_vmbus looks it up with
 * symbol_get() when it finds no hypervisor, which also pins this module
 * while a guest is attached.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "sim.h"

struct vmbus_sim sim = {
	.host_version = VMBUS_VERSION_WIN10_V5_3,
};

/* Hand a message to the guest, if one is attached. */
void sim_deliver(const void *msg, u32 len)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.lock, flags);
	if (sim.guest)
		sim.guest->deliver_message(sim.guest, msg, len);
	spin_unlock_irqrestore(&sim.lock, flags);
}

static int sim_attach(struct vmbus_host_backend *host, struct vmbus_guest *guest)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.lock, flags);
	if (sim.guest) {
		spin_unlock_irqrestore(&sim.lock, flags);
		return -EBUSY;
	}
	sim.guest = guest;
	spin_unlock_irqrestore(&sim.lock, flags);
	return 0;
}

static void sim_detach(struct vmbus_host_backend *host)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.lock, flags);
	sim.guest = NULL;
	spin_unlock_irqrestore(&sim.lock, flags);
	/* Whatever the guest posted last is handled, with nobody to answer. */
	flush_workqueue(sim.wq);
	WRITE_ONCE(sim.version, 0);
	sim_reset_channels();
}

/* Hyper-V reference time: 100 ns units since the partition started. */
static u64 sim_read_reference_time(struct vmbus_host_backend *host)
{
	return div_u64(ktime_get_boottime_ns(), 100);
}

/* The sim numbers VPs like the guest's CPUs, and interrupts any of them. */
static u32 sim_cpu_to_vp(struct vmbus_host_backend *host, unsigned int cpu)
{
	return cpu;
}

struct vmbus_host_backend vmbus_sim_backend = {
	.name = "simulated",
	.owner = THIS_MODULE,
	.event_cpu = VMBUS_ANY_CPU,
	.attach = sim_attach,
	.detach = sim_detach,
	.post_message = sim_post_message,
	.signal_event = sim_signal_event,
	.read_reference_time = sim_read_reference_time,
	.cpu_to_vp = sim_cpu_to_vp,
};
EXPORT_SYMBOL_GPL(vmbus_sim_backend);

static int __init sim_init(void)
{
	if (vmbus_host_is_hyperv()) {
		pr_err("refusing to load on real Hyper-V: the simulated host is for test guests only\n");
		return -EPERM;
	}
	spin_lock_init(&sim.lock);
	mutex_init(&sim.channels_lock);
	INIT_LIST_HEAD(&sim.channels);
	INIT_LIST_HEAD(&sim.gpadls);
	sim_signal_init();
	sim.wq = alloc_ordered_workqueue("vmbus_sim", 0);
	if (!sim.wq)
		return -ENOMEM;
	/* Channels' ring work runs in parallel, as on a host's many cores. */
	sim.ring_wq = alloc_workqueue("vmbus_sim_ring", WQ_UNBOUND, 0);
	if (!sim.ring_wq) {
		destroy_workqueue(sim.wq);
		return -ENOMEM;
	}
	sim_debugfs_init();
	return 0;
}

static void __exit sim_exit(void)
{
	sim_debugfs_exit();
	destroy_workqueue(sim.wq);
	sim_channels_exit();
	destroy_workqueue(sim.ring_wq);
	sim_signal_exit();
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for testing hv-lis (test only)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
