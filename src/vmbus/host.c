// SPDX-License-Identifier: GPL-2.0-only
/*
 * Choosing the host backend: Hyper-V when its CPUID signature is present,
 * otherwise the simulated host if vmbus_sim.ko is loaded, otherwise none
 * and hv_vmbus refuses to load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "vmbus_private.h"

int vmbus_host_attach(struct vmbus_guest *guest)
{
	struct vmbus_host_backend *host;
	int ret;

	if (vmbus_host_is_hyperv()) {
		pr_err("running on Hyper-V, but this build of hv_vmbus has no Hyper-V backend yet; use the distribution's hv_vmbus\n");
		return -ENODEV;
	}

	host = symbol_get(vmbus_sim_backend);
	if (!host) {
		pr_err("no Hyper-V hypervisor and no simulated host (vmbus_sim) found; hv_vmbus only works inside a Hyper-V guest\n");
		return -ENODEV;
	}

	ret = host->attach(host, guest);
	if (ret) {
		pr_err("the %s host backend refused to attach (error %d)\n",
		       host->name, ret);
		symbol_put(vmbus_sim_backend);
		return ret;
	}
	vmbus_connection.host = host;
	pr_info("attached to the %s host\n", host->name);
	return 0;
}

void vmbus_host_detach(void)
{
	vmbus_connection.host->detach(vmbus_connection.host);
	vmbus_connection.host = NULL;
	symbol_put(vmbus_sim_backend);
}
