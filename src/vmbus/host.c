// SPDX-License-Identifier: GPL-2.0-only
/*
 * Choosing the host backend: Hyper-V when its CPUID signature is present,
 * otherwise the simulated host if vmbus_sim.ko is loaded, otherwise none
 * and hv_vmbus refuses to load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "hyperv.h"
#include "vmbus_private.h"

static int vmbus_host_attach_to(struct vmbus_host_backend *host,
				struct vmbus_guest *guest)
{
	int ret;

	ret = host->attach(host, guest);
	if (ret) {
		pr_err("the %s host backend refused to attach (error %d)\n",
		       host->name, ret);
		return ret;
	}
	vmbus_connection.host = host;
	pr_info("attached to the %s host\n", host->name);
	return 0;
}

int vmbus_host_attach(struct vmbus_guest *guest)
{
	struct vmbus_host_backend *host;
	int ret;

	/* The Hyper-V backend is part of hv_vmbus: nothing to pin. */
	if (vmbus_host_is_hyperv())
		return vmbus_host_attach_to(&vmbus_hv_backend, guest);

	host = symbol_get(vmbus_sim_backend);
	if (!host) {
		pr_err("no Hyper-V hypervisor and no simulated host (vmbus_sim) found; hv_vmbus only works inside a Hyper-V guest\n");
		return -ENODEV;
	}

	ret = vmbus_host_attach_to(host, guest);
	if (ret)
		symbol_put(vmbus_sim_backend);
	return ret;
}

void vmbus_host_detach(void)
{
	struct vmbus_host_backend *host = vmbus_connection.host;

	host->detach(host);
	vmbus_connection.host = NULL;
	if (host != &vmbus_hv_backend)
		symbol_put(vmbus_sim_backend);
}
