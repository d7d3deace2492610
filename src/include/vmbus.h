/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv-lis driver API: what a VMBus device driver (storvsc, netvsc, utils,
 * the clocksource, the mouse) sees of hv_vmbus.
 */
#ifndef HVLIS_VMBUS_H
#define HVLIS_VMBUS_H

#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/uuid.h>

struct vmbus_channel;

/* One offered primary channel, as a device on the vmbus bus. */
struct vmbus_device {
	guid_t class_id;	/* the device type (offer's interface type) */
	guid_t instance_id;	/* this device (offer's interface instance) */
	struct vmbus_channel *channel;	/* the primary channel */
	struct device dev;
};

static inline struct vmbus_device *to_vmbus_device(struct device *dev)
{
	return container_of(dev, struct vmbus_device, dev);
}

/*
 * A driver binds by class GUID. The id table uses the kernel's
 * struct hv_vmbus_device_id so MODULE_DEVICE_TABLE(vmbus, ...) produces
 * the "vmbus:<32 hex digits>" module aliases udev loads drivers by.
 */
struct vmbus_driver {
	const char *name;
	const struct hv_vmbus_device_id *id_table;
	int (*probe)(struct vmbus_device *vdev, const struct hv_vmbus_device_id *id);
	void (*remove)(struct vmbus_device *vdev);
	struct device_driver driver;
};

static inline struct vmbus_driver *to_vmbus_driver(struct device_driver *drv)
{
	return container_of(drv, struct vmbus_driver, driver);
}

/*
 * Exported names carry the hvlis_ prefix: the in-tree hv_vmbus exports the
 * upstream vmbus_* names with a different ABI, and an in-tree driver must
 * fail to load against this bus rather than bind with the wrong one.
 */
int __hvlis_driver_register(struct vmbus_driver *drv, struct module *owner,
			    const char *mod_name);
void hvlis_driver_unregister(struct vmbus_driver *drv);

#define hvlis_driver_register(drv) \
	__hvlis_driver_register(drv, THIS_MODULE, KBUILD_MODNAME)

#endif
