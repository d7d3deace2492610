// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_vmbus module entry: the bus, the host backend, the connection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/module.h>

#include "vmbus_private.h"

static struct vmbus_guest vmbus_guest = {
	.deliver_message = vmbus_on_host_message,
	.deliver_event = vmbus_on_channel_event,
};

/*
 * What a backend may read of the connection: the interrupt page before
 * the version that says to use it; version 0 before the page is freed,
 * and no interrupt handler still using it (they are RCU readers).
 */
static void vmbus_guest_publish(bool connected)
{
	if (connected) {
		vmbus_guest.int_page = vmbus_connection.int_page;
		smp_store_release(&vmbus_guest.version, vmbus_connection.version);
	} else {
		smp_store_release(&vmbus_guest.version, 0);
		synchronize_rcu();
	}
}

static int __init vmbus_init(void)
{
	int ret;

	vmbus_connection_init();
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

	ret = vmbus_host_attach(&vmbus_guest);
	if (ret)
		goto err_cpus;
	ret = vmbus_connect();
	if (ret)
		goto err_host;
	vmbus_guest_publish(true);
	ret = vmbus_request_offers();
	if (ret)
		goto err_connected;
	return 0;

err_connected:
	vmbus_remove_all_channels();
	vmbus_guest_publish(false);
	vmbus_disconnect();
err_host:
	vmbus_host_detach();
err_cpus:
	vmbus_channel_cpus_exit();
err_bus:
	vmbus_bus_exit();
err_wq:
	if (vmbus_connection.dev_wq)
		destroy_workqueue(vmbus_connection.dev_wq);
	if (vmbus_connection.msg_wq)
		destroy_workqueue(vmbus_connection.msg_wq);
	return ret;
}

static void __exit vmbus_exit(void)
{
	/* Devices first: their drivers still talk to the host on the way out. */
	vmbus_remove_all_channels();
	vmbus_guest_publish(false);
	vmbus_disconnect();
	/* After detach the host delivers nothing; then drain what it did. */
	vmbus_host_detach();
	destroy_workqueue(vmbus_connection.dev_wq);
	destroy_workqueue(vmbus_connection.msg_wq);
	vmbus_channel_cpus_exit();
	vmbus_bus_exit();
}

module_init(vmbus_init);
module_exit(vmbus_exit);

/* Hyper-V describes the VMBus root device in ACPI with these ids. */
static const struct acpi_device_id vmbus_acpi_ids[] = {
	{ "VMBUS", 0 },
	{ "VMBus", 0 },
	{ "", 0 },
};
MODULE_DEVICE_TABLE(acpi, vmbus_acpi_ids);

MODULE_DESCRIPTION("Microsoft Hyper-V VMBus bus driver (hv-lis)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
