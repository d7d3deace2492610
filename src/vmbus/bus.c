// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vmbus bus type: matching devices to drivers by class GUID, uevents
 * with the modalias udev loads drivers by, driver registration.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/pci_ids.h>
#include <linux/sysfs.h>
#include <hvlis/compat.h>

#include "vmbus_private.h"

static const struct hv_vmbus_device_id *
vmbus_match_id(const struct hv_vmbus_device_id *id, const guid_t *class_id)
{
	for (; !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, class_id))
			return id;
	return NULL;
}

static int vmbus_match(struct device *dev, compat_match_driver_t *drv)
{
	const struct vmbus_driver *vdrv =
		container_of(drv, struct vmbus_driver, driver);

	return vmbus_match_id(vdrv->id_table, &to_vmbus_device(dev)->class_id) != NULL;
}

/*
 * MODALIAS=vmbus:<the 16 class GUID bytes in wire order, as 32 lowercase
 * hex digits>, the format modpost writes for MODULE_DEVICE_TABLE(vmbus).
 */
static int vmbus_uevent(compat_uevent_device_t *dev, struct kobj_uevent_env *env)
{
	const struct vmbus_device *vdev =
		container_of(dev, struct vmbus_device, dev);

	return add_uevent_var(env, "MODALIAS=vmbus:%*phN",
			      (int)sizeof(vdev->class_id), &vdev->class_id);
}

static int vmbus_probe(struct device *dev)
{
	struct vmbus_driver *drv = to_vmbus_driver(dev->driver);
	struct vmbus_device *vdev = to_vmbus_device(dev);
	const struct hv_vmbus_device_id *id;

	id = vmbus_match_id(drv->id_table, &vdev->class_id);
	if (!id)
		return -ENODEV;
	return drv->probe(vdev, id);
}

static void vmbus_remove(struct device *dev)
{
	struct vmbus_driver *drv = to_vmbus_driver(dev->driver);

	if (drv->remove)
		drv->remove(to_vmbus_device(dev));
}
DECLARE_COMPAT_BUS_REMOVE(vmbus_remove)

/* Device attributes: upstream names and formats (protocol-vmbus.md 10). */
static ssize_t id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_vmbus_device(dev)->channel->relid);
}
static DEVICE_ATTR_RO(id);

static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", CHANNEL_OFFER_STATE);
}
static DEVICE_ATTR_RO(state);

static ssize_t monitor_id_show(struct device *dev, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "%u\n", to_vmbus_device(dev)->channel->offer.monitorid);
}
static DEVICE_ATTR_RO(monitor_id);

static ssize_t class_id_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_vmbus_device(dev)->class_id);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_vmbus_device(dev)->instance_id);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	const guid_t *class_id = &to_vmbus_device(dev)->class_id;

	return sysfs_emit(buf, "vmbus:%*phN\n", (int)sizeof(*class_id), class_id);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t vendor_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", PCI_VENDOR_ID_MICROSOFT);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", vmbus_dev_type(&to_vmbus_device(dev)->class_id));
}
static DEVICE_ATTR_RO(device);

static struct attribute *vmbus_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_monitor_id.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vmbus_dev);

struct bus_type vmbus_bus = {
	.name = "vmbus",
	.dev_groups = vmbus_dev_groups,
	.match = vmbus_match,
	.uevent = vmbus_uevent,
	.probe = vmbus_probe,
	.remove = COMPAT_BUS_REMOVE(vmbus_remove),
};

int __hvlis_driver_register(struct vmbus_driver *drv, struct module *owner,
			    const char *mod_name)
{
	if (!drv->probe || !drv->id_table)
		return -EINVAL;
	drv->driver.name = drv->name;
	drv->driver.owner = owner;
	drv->driver.mod_name = mod_name;
	drv->driver.bus = &vmbus_bus;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__hvlis_driver_register);

void hvlis_driver_unregister(struct vmbus_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(hvlis_driver_unregister);

int vmbus_bus_init(void)
{
	return bus_register(&vmbus_bus);
}

void vmbus_bus_exit(void)
{
	bus_unregister(&vmbus_bus);
}
