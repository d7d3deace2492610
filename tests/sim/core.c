// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmbus_sim core: the host backend, registered with hv_vmbus.
 *
 * The sim registers from its init unless loaded with connect=0, so that a
 * test can set the host up first; debugfs "connected" connects and
 * disconnects it at run time, as a host that boots the guest's VMBus and
 * takes it away again. Unloading the sim disconnects first.
 *
 * How it registers depends on the platform parameter (platform.c):
 * directly as a host backend (its own ops below), or as a synthetic
 * Hyper-V platform under which hv_vmbus runs its Hyper-V backend.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include <hvlis/compat.h>

#include "sim.h"

struct vmbus_sim sim = {
	.host_version = VMBUS_VERSION_WIN10_V5_3,
};

static bool sim_connect_on_load = true;
module_param_named(connect, sim_connect_on_load, bool, 0444);
MODULE_PARM_DESC(connect, "Register with hv_vmbus at load (default: yes)");

/* Hand a message to the guest, if one is attached. */
void sim_deliver(const void *msg, u32 len)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.lock, flags);
	if (sim.attached && sim_platform_hyperv)
		sim_platform_deliver(msg, len);
	else if (sim.attached)
		hvlis_host_deliver_message(msg, len);
	spin_unlock_irqrestore(&sim.lock, flags);
}

static void sim_set_attached(bool attached)
{
	unsigned long flags;

	spin_lock_irqsave(&sim.lock, flags);
	sim.attached = attached;
	spin_unlock_irqrestore(&sim.lock, flags);
}

/* The guest is gone (or never came): forget what it set up. */
static void sim_detach(void)
{
	sim_set_attached(false);
	/* Whatever the guest posted last is handled, with nobody to answer. */
	flush_workqueue(sim.wq);
	WRITE_ONCE(sim.version, 0);
	sim_reset_channels();
}

/* The sim numbers VPs like the guest's CPUs, and interrupts any of them. */
static u32 sim_cpu_to_vp(unsigned int cpu)
{
	return cpu;
}

static const struct hvlis_host_ops sim_host_ops = {
	.name = "simulated",
	.post_message = sim_post_message,
	.signal_event = sim_signal_event,
	.owner = THIS_MODULE,
	.read_reference_time = sim_guest_reference_time,
	.cpu_to_vp = sim_cpu_to_vp,
	.tsc_page = sim_tsc_page,
};

/*
 * Attach and let hv_vmbus connect; its error if it could not (a version
 * this host refuses, a fault injected into the handshake).
 */
int sim_connect(void)
{
	int ret;

	mutex_lock(&sim.connect_lock);
	ret = -EALREADY;
	if (sim.registered)
		goto out;
	sim_set_attached(true);
	if (sim_platform_hyperv)
		ret = sim_platform_connect();
	else
		ret = hvlis_host_register(&sim_host_ops, HVLIS_EVENT_ANY_CPU);
	if (ret) {
		sim_detach();
		goto out;
	}
	sim.registered = true;
out:
	mutex_unlock(&sim.connect_lock);
	return ret;
}

void sim_disconnect(void)
{
	mutex_lock(&sim.connect_lock);
	if (sim.registered) {
		if (sim_platform_hyperv)
			sim_platform_disconnect();
		else
			hvlis_host_unregister(&sim_host_ops);
		sim_detach();
		sim.registered = false;
	}
	mutex_unlock(&sim.connect_lock);
}

static int __init sim_init(void)
{
	int ret;

	ret = sim_platform_init();
	if (ret)
		return ret;
	spin_lock_init(&sim.lock);
	mutex_init(&sim.connect_lock);
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
	if (!sim_connect_on_load)
		return 0;
	ret = sim_connect();
	/* On real Hyper-V, hv_vmbus has its own backend registered. */
	if (ret) {
		pr_err("could not connect hv_vmbus to the simulated host (error %d)\n",
		       ret);
		sim_debugfs_exit();
		destroy_workqueue(sim.wq);
		sim_channels_exit();
		sim_stor_exit();
		sim_net_exit();
		destroy_workqueue(sim.ring_wq);
		sim_signal_exit();
	}
	return ret;
}

static void __exit sim_exit(void)
{
	sim_debugfs_exit();
	sim_disconnect();
	sim_tsc_page_exit();
	destroy_workqueue(sim.wq);
	sim_channels_exit();
	sim_stor_exit();
	sim_net_exit();
	destroy_workqueue(sim.ring_wq);
	sim_signal_exit();
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for testing hv-lis (test only)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
