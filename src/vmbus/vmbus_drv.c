// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_vmbus module entry: the bus, then the host connection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/module.h>

#include "vmbus_private.h"

static void vmbus_deliver_message(struct vmbus_guest *guest, const void *msg,
				  u32 len)
{
	pr_warn_ratelimited("dropping a %u-byte channel message: channel management is not implemented yet\n",
			    len);
}

static void vmbus_deliver_event(struct vmbus_guest *guest, u32 relid)
{
	pr_warn_ratelimited("dropping an event for relid %u: channels are not implemented yet\n",
			    relid);
}

static struct vmbus_guest vmbus_guest = {
	.deliver_message = vmbus_deliver_message,
	.deliver_event = vmbus_deliver_event,
};

static int __init vmbus_init(void)
{
	int ret;

	ret = vmbus_bus_init();
	if (ret)
		return ret;

	ret = vmbus_host_attach(&vmbus_guest);
	if (ret) {
		vmbus_bus_exit();
		return ret;
	}
	return 0;
}

static void __exit vmbus_exit(void)
{
	vmbus_host_detach();
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
