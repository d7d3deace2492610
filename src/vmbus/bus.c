// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vmbus bus type: matching devices to drivers by class GUID, uevents
 * with the modalias udev loads drivers by, driver registration.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
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

/* driver_override, when set, names the only driver that may bind. */
static int vmbus_match(struct device *dev, compat_match_driver_t *drv)
{
	const struct vmbus_driver *vdrv =
		container_of(drv, struct vmbus_driver, driver);
	const struct vmbus_device *vdev = to_vmbus_device(dev);

	if (vdev->driver_override)
		return !strcmp(vdev->driver_override, drv->name);
	return vmbus_match_id(vdrv->id_table, &vdev->class_id) != NULL;
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

	/* An override may bind a driver whose table lacks the class. */
	id = vmbus_match_id(drv->id_table, &vdev->class_id);
	if (!id && !vdev->driver_override)
		return -ENODEV;
	return drv->probe(vdev, id);
}

static void vmbus_remove(struct device *dev)
{
	struct vmbus_driver *drv = to_vmbus_driver(dev->driver);
	struct vmbus_device *vdev = to_vmbus_device(dev);

	if (drv->remove)
		drv->remove(vdev);
	/* The next driver sets its own; none may call into this one. */
	hvlis_set_subchannel_callbacks(vdev->channel, NULL, NULL);
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
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_vmbus_device(dev)->channel->state));
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

static ssize_t numa_node_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  cpu_to_node(READ_ONCE(to_vmbus_device(dev)->channel->target_cpu)));
}
static DEVICE_ATTR_RO(numa_node);

/* "<relid>:<target cpu>" for the primary, then each sub-channel. */
static ssize_t channel_vp_mapping_show(struct device *dev,
				       struct device_attribute *attr, char *buf)
{
	struct hvlis_channel *primary = to_vmbus_device(dev)->channel, *sub;
	int len;

	len = sysfs_emit(buf, "%u:%u\n", primary->relid,
			 READ_ONCE(primary->target_cpu));
	mutex_lock(&primary->sub_lock);
	list_for_each_entry(sub, &primary->sub_channels, sub_node)
		len += sysfs_emit_at(buf, len, "%u:%u\n", sub->relid,
				     READ_ONCE(sub->target_cpu));
	mutex_unlock(&primary->sub_lock);
	return len;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static ssize_t driver_override_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct vmbus_device *vdev = to_vmbus_device(dev);
	ssize_t len;

	device_lock(dev);
	len = sysfs_emit(buf, "%s\n", vdev->driver_override ?: "");
	device_unlock(dev);
	return len;
}

/* As for PCI: a name sets the override, an empty write clears it. */
static ssize_t driver_override_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct vmbus_device *vdev = to_vmbus_device(dev);
	char *name = NULL, *old;

	if (count >= PAGE_SIZE)
		return -EINVAL;
	if (count && buf[0] != '\n') {
		name = kstrndup(buf, count, GFP_KERNEL);
		if (!name)
			return -ENOMEM;
		strim(name);
	}
	device_lock(dev);
	old = vdev->driver_override;
	vdev->driver_override = name;
	device_unlock(dev);
	kfree(old);
	return count;
}
static DEVICE_ATTR_RW(driver_override);

/* Ring attributes of the primary channel: an error while it is closed. */
static ssize_t vmbus_dev_ring_show(struct device *dev, char *buf, bool out,
				   u32 (*get)(struct vmbus_ring *ring))
{
	struct hvlis_channel *channel = to_vmbus_device(dev)->channel;
	ssize_t ret = -EINVAL;

	mutex_lock(&channel->open_lock);
	if (channel->state == VMBUS_CHANNEL_OPENED)
		ret = sysfs_emit(buf, "%u\n", get(out ? &channel->out : &channel->in));
	mutex_unlock(&channel->open_lock);
	return ret;
}

static u32 vmbus_ring_intr_mask(struct vmbus_ring *ring)
{
	return le32_to_cpu(READ_ONCE(ring->ctl->interrupt_mask));
}

static u32 vmbus_ring_read_index(struct vmbus_ring *ring)
{
	return le32_to_cpu(READ_ONCE(ring->ctl->read_index));
}

static u32 vmbus_ring_write_index(struct vmbus_ring *ring)
{
	return le32_to_cpu(READ_ONCE(ring->ctl->write_index));
}

#define VMBUS_DEV_RING_ATTR(name, out, get)				\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return vmbus_dev_ring_show(dev, buf, out, get);			\
}									\
static DEVICE_ATTR_RO(name)

VMBUS_DEV_RING_ATTR(out_intr_mask, true, vmbus_ring_intr_mask);
VMBUS_DEV_RING_ATTR(out_read_index, true, vmbus_ring_read_index);
VMBUS_DEV_RING_ATTR(out_write_index, true, vmbus_ring_write_index);
VMBUS_DEV_RING_ATTR(out_read_bytes_avail, true, vmbus_ring_bytes_to_read);
VMBUS_DEV_RING_ATTR(out_write_bytes_avail, true, vmbus_ring_bytes_to_write);
VMBUS_DEV_RING_ATTR(in_intr_mask, false, vmbus_ring_intr_mask);
VMBUS_DEV_RING_ATTR(in_read_index, false, vmbus_ring_read_index);
VMBUS_DEV_RING_ATTR(in_write_index, false, vmbus_ring_write_index);
VMBUS_DEV_RING_ATTR(in_read_bytes_avail, false, vmbus_ring_bytes_to_read);
VMBUS_DEV_RING_ATTR(in_write_bytes_avail, false, vmbus_ring_bytes_to_write);

/*
 * The primary channel's monitor id in the parent->child (server) and
 * child->parent (client) monitor pages: pending bit, latency (100 ns
 * units) and connection id. Only for a monitored channel.
 */
#define VMBUS_DEV_MONITOR_ATTR(name, fmt, get, page)			\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, fmt "\n",				\
			  get(to_vmbus_device(dev)->channel, page));	\
}									\
static DEVICE_ATTR_RO(name)

VMBUS_DEV_MONITOR_ATTR(server_monitor_pending, "%d", vmbus_monitor_pending,
		       VMBUS_MONITOR_SERVER);
VMBUS_DEV_MONITOR_ATTR(client_monitor_pending, "%d", vmbus_monitor_pending,
		       VMBUS_MONITOR_CLIENT);
VMBUS_DEV_MONITOR_ATTR(server_monitor_latency, "%u", vmbus_monitor_latency,
		       VMBUS_MONITOR_SERVER);
VMBUS_DEV_MONITOR_ATTR(client_monitor_latency, "%u", vmbus_monitor_latency,
		       VMBUS_MONITOR_CLIENT);
VMBUS_DEV_MONITOR_ATTR(server_monitor_conn_id, "%u", vmbus_monitor_conn_id,
		       VMBUS_MONITOR_SERVER);
VMBUS_DEV_MONITOR_ATTR(client_monitor_conn_id, "%u", vmbus_monitor_conn_id,
		       VMBUS_MONITOR_CLIENT);

static struct attribute *vmbus_dev_monitor_attrs[] = {
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_conn_id.attr,
	NULL,
};

static umode_t vmbus_dev_monitor_visible(struct kobject *kobj,
					 struct attribute *attr, int n)
{
	struct vmbus_device *vdev = to_vmbus_device(kobj_to_dev(kobj));

	return vdev->channel->offer.monitor_allocated & 1 ? attr->mode : 0;
}

static const struct attribute_group vmbus_dev_monitor_group = {
	.attrs = vmbus_dev_monitor_attrs,
	.is_visible = vmbus_dev_monitor_visible,
};

static struct attribute *vmbus_dev_attrs[] = {
	&dev_attr_numa_node.attr,
	&dev_attr_channel_vp_mapping.attr,
	&dev_attr_driver_override.attr,
	&dev_attr_out_intr_mask.attr,
	&dev_attr_out_read_index.attr,
	&dev_attr_out_write_index.attr,
	&dev_attr_out_read_bytes_avail.attr,
	&dev_attr_out_write_bytes_avail.attr,
	&dev_attr_in_intr_mask.attr,
	&dev_attr_in_read_index.attr,
	&dev_attr_in_write_index.attr,
	&dev_attr_in_read_bytes_avail.attr,
	&dev_attr_in_write_bytes_avail.attr,
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

static const struct attribute_group vmbus_dev_group = {
	.attrs = vmbus_dev_attrs,
};

static const struct attribute_group *vmbus_dev_groups[] = {
	&vmbus_dev_group,
	&vmbus_dev_monitor_group,
	NULL,
};

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
