// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_vmbus module entry: the bus, and on Hyper-V the Hyper-V backend.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/module.h>

#include "hyperv/hyperv.h"
#include "vmbus_private.h"

/* Hyper-V describes the VMBus root device in ACPI with these ids. */
static const struct acpi_device_id vmbus_acpi_ids[] = {
	{ "VMBUS", 0 },
	{ "VMBus", 0 },
	{ "", 0 },
};
MODULE_DEVICE_TABLE(acpi, vmbus_acpi_ids);

/*
 * The firmware's VMBus node, if it has one, is the parent of every VMBus
 * device in sysfs, as upstream's: udev's path_id names a disk by it
 * ("acpi-VMBUS:00-vmbus-<instance>-lun-<n>" under /dev/disk/by-path).
 */
static struct acpi_device *vmbus_find_acpi_root(void)
{
	const struct acpi_device_id *id;
	struct acpi_device *adev;

	for (id = vmbus_acpi_ids; id->id[0]; id++) {
		adev = acpi_dev_get_first_match_dev(id->id, NULL, -1);
		if (adev)
			return adev;
	}
	return NULL;
}

/* Whether hv_vmbus brought up (and so takes down) the Hyper-V backend. */
static bool vmbus_on_hyperv;

static int __init vmbus_init(void)
{
	int ret;

	vmbus_connection_init();
	vmbus_connection.acpi_root = vmbus_find_acpi_root();
	vmbus_connection.msg_wq = alloc_ordered_workqueue("hv_vmbus_msg", 0);
	vmbus_connection.dev_wq = alloc_ordered_workqueue("hv_vmbus_dev", 0);
	if (!vmbus_connection.msg_wq || !vmbus_connection.dev_wq) {
		ret = -ENOMEM;
		goto err_wq;
	}

	ret = vmbus_bus_init();
	if (ret)
		goto err_wq;
	ret = vmbus_channel_cpus_init();
	if (ret)
		goto err_bus;

	/*
	 * On Hyper-V the backend is ours and must come up, or there is no
	 * bus. Elsewhere a backend (the simulated host) may register later.
	 */
	vmbus_on_hyperv = hvb_is_hyperv();
	if (vmbus_on_hyperv) {
		ret = hvb_backend_init();
		if (ret)
			goto err_cpus;
	} else {
		pr_info("no Hyper-V hypervisor found; the bus stays empty until a host backend registers\n");
	}
	return 0;

err_cpus:
	vmbus_channel_cpus_exit();
err_bus:
	vmbus_bus_exit();
err_wq:
	if (vmbus_connection.dev_wq)
		destroy_workqueue(vmbus_connection.dev_wq);
	if (vmbus_connection.msg_wq)
		destroy_workqueue(vmbus_connection.msg_wq);
	acpi_dev_put(vmbus_connection.acpi_root);
	return ret;
}

static void __exit vmbus_exit(void)
{
	/* A simulated host holds a reference on us while registered. */
	if (vmbus_on_hyperv)
		hvb_backend_exit();
	hvb_tsc_page_free();
	destroy_workqueue(vmbus_connection.dev_wq);
	destroy_workqueue(vmbus_connection.msg_wq);
	vmbus_channel_cpus_exit();
	vmbus_bus_exit();
	acpi_dev_put(vmbus_connection.acpi_root);
}

module_init(vmbus_init);
module_exit(vmbus_exit);


MODULE_DESCRIPTION("Microsoft Hyper-V VMBus bus driver (hv-lis)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
