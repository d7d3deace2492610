// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/bus/vmbus/devices/<instance>/channels/<relid>/: one directory per
 * channel of a device, primary and sub-channels, with the upstream
 * attribute names (protocol-vmbus.md 10), which lsvmbus and admins read.
 * Root may write "cpu" to move the channel's interrupts to another CPU.
 *
 * The directory is a small object of its own rather than part of the
 * channel: removing it waits for readers still in a show method, so the
 * channel can be freed right after, whatever holds the kobject.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <hvlis/compat.h>

#include "vmbus_private.h"

struct vmbus_channel_kobj {
	struct kobject kobj;
	struct hvlis_channel *channel;
};

struct vmbus_channel_attr {
	struct attribute attr;
	ssize_t (*show)(struct hvlis_channel *channel, char *buf);
	ssize_t (*store)(struct hvlis_channel *channel, const char *buf,
			 size_t count);
};

static ssize_t vmbus_channel_attr_show(struct kobject *kobj,
				       struct attribute *attr, char *buf)
{
	struct vmbus_channel_kobj *ck = container_of(kobj, struct vmbus_channel_kobj, kobj);
	struct vmbus_channel_attr *ca = container_of(attr, struct vmbus_channel_attr, attr);

	return ca->show(ck->channel, buf);
}

static ssize_t vmbus_channel_attr_store(struct kobject *kobj,
					struct attribute *attr, const char *buf,
					size_t count)
{
	struct vmbus_channel_kobj *ck = container_of(kobj, struct vmbus_channel_kobj, kobj);
	struct vmbus_channel_attr *ca = container_of(attr, struct vmbus_channel_attr, attr);

	if (!ca->store)
		return -EIO;
	return ca->store(ck->channel, buf, count);
}

static const struct sysfs_ops vmbus_channel_sysfs_ops = {
	.show = vmbus_channel_attr_show,
	.store = vmbus_channel_attr_store,
};

/* Ring values exist only while the channel is open. */
static ssize_t vmbus_ring_show(struct hvlis_channel *channel, char *buf,
			       u32 (*get)(struct hvlis_channel *channel))
{
	ssize_t ret = -EINVAL;

	mutex_lock(&channel->open_lock);
	if (channel->state == VMBUS_CHANNEL_OPENED)
		ret = sysfs_emit(buf, "%u\n", get(channel));
	mutex_unlock(&channel->open_lock);
	return ret;
}

#define VMBUS_RING_ATTR(name, expr)					\
static u32 name##_get(struct hvlis_channel *channel)			\
{									\
	return expr;							\
}									\
static ssize_t name##_show(struct hvlis_channel *channel, char *buf)	\
{									\
	return vmbus_ring_show(channel, buf, name##_get);		\
}									\
static struct vmbus_channel_attr chan_attr_##name = __ATTR_RO(name)

VMBUS_RING_ATTR(out_mask, le32_to_cpu(READ_ONCE(channel->out.ctl->interrupt_mask)));
VMBUS_RING_ATTR(in_mask, le32_to_cpu(READ_ONCE(channel->in.ctl->interrupt_mask)));
VMBUS_RING_ATTR(read_avail, vmbus_ring_bytes_to_read(&channel->in));
VMBUS_RING_ATTR(write_avail, vmbus_ring_bytes_to_write(&channel->out));

#define VMBUS_CHANNEL_ATTR(name, fmt, expr)				\
static ssize_t name##_show(struct hvlis_channel *channel, char *buf)	\
{									\
	return sysfs_emit(buf, fmt "\n", expr);				\
}									\
static struct vmbus_channel_attr chan_attr_##name = __ATTR_RO(name)

VMBUS_CHANNEL_ATTR(interrupts, "%lld", (s64)atomic64_read(&channel->interrupts));
/* Guest -> host signals: a ring write or read is behind each. */
VMBUS_CHANNEL_ATTR(events, "%llu", READ_ONCE(channel->out.signals) +
		   READ_ONCE(channel->in.signals));
VMBUS_CHANNEL_ATTR(out_full_total, "%llu", READ_ONCE(channel->out.full));
VMBUS_CHANNEL_ATTR(out_full_first, "%llu", READ_ONCE(channel->out.full_first));
VMBUS_CHANNEL_ATTR(intr_out_empty, "%llu", READ_ONCE(channel->out.signals));
VMBUS_CHANNEL_ATTR(intr_in_full, "%llu", READ_ONCE(channel->in.signals));
VMBUS_CHANNEL_ATTR(subchannel_id, "%u", le16_to_cpu(channel->offer.sub_channel_index));
/* Monitored channels only (see vmbus_channel_attr_visible). */
VMBUS_CHANNEL_ATTR(monitor_id, "%u", channel->offer.monitorid);
VMBUS_CHANNEL_ATTR(pending, "%d", vmbus_monitor_pending(channel, VMBUS_MONITOR_CLIENT));
VMBUS_CHANNEL_ATTR(latency, "%u", vmbus_monitor_latency(channel, VMBUS_MONITOR_CLIENT));

static ssize_t cpu_show(struct hvlis_channel *channel, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(channel->target_cpu));
}

/* A CPU number (decimal); errors as vmbus_channel_set_cpu() says. */
static ssize_t cpu_store(struct hvlis_channel *channel, const char *buf,
			 size_t count)
{
	unsigned int cpu;
	int ret;

	if (kstrtouint(buf, 10, &cpu))
		return -EINVAL;
	ret = vmbus_channel_set_cpu(channel, cpu);
	return ret ? ret : count;
}
static struct vmbus_channel_attr chan_attr_cpu = __ATTR_RW(cpu);

static struct attribute *vmbus_channel_attrs[] = {
	&chan_attr_out_mask.attr,
	&chan_attr_in_mask.attr,
	&chan_attr_read_avail.attr,
	&chan_attr_write_avail.attr,
	&chan_attr_cpu.attr,
	&chan_attr_interrupts.attr,
	&chan_attr_events.attr,
	&chan_attr_intr_in_full.attr,
	&chan_attr_intr_out_empty.attr,
	&chan_attr_out_full_first.attr,
	&chan_attr_out_full_total.attr,
	&chan_attr_subchannel_id.attr,
	&chan_attr_monitor_id.attr,
	&chan_attr_pending.attr,
	&chan_attr_latency.attr,
	NULL,
};

/* As upstream: the monitor attributes only where the host gave a monitor. */
static umode_t vmbus_channel_attr_visible(struct kobject *kobj,
					  struct attribute *attr, int n)
{
	struct vmbus_channel_kobj *ck = container_of(kobj, struct vmbus_channel_kobj, kobj);

	if ((attr == &chan_attr_monitor_id.attr || attr == &chan_attr_pending.attr ||
	     attr == &chan_attr_latency.attr) && !(ck->channel->offer.monitor_allocated & 1))
		return 0;
	return attr->mode;
}

static const struct attribute_group vmbus_channel_group = {
	.attrs = vmbus_channel_attrs,
	.is_visible = vmbus_channel_attr_visible,
};

static void vmbus_channel_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct vmbus_channel_kobj, kobj));
}

static const struct kobj_type vmbus_channel_ktype = {
	.sysfs_ops = &vmbus_channel_sysfs_ops,
	.release = vmbus_channel_kobj_release,
};

/* Add channels/<relid>/ under the device; failure only costs the files. */
void vmbus_channel_sysfs_add(struct hvlis_channel *channel)
{
	struct vmbus_device *vdev = hvlis_channel_device(channel);
	struct vmbus_channel_kobj *ck;

	if (!vdev || !vdev->channels_kobj)
		return;
	ck = kzalloc(sizeof(*ck), GFP_KERNEL);
	if (!ck)
		return;
	ck->channel = channel;
	/*
	 * The files as a group of their own, not the ktype's default_groups,
	 * which kernels before v5.2 lack; the uevent still follows them.
	 */
	if (kobject_init_and_add(&ck->kobj, &vmbus_channel_ktype,
				 vdev->channels_kobj, "%u", channel->relid) ||
	    sysfs_create_group(&ck->kobj, &vmbus_channel_group)) {
		pr_warn("relid %u: could not add its sysfs directory\n", channel->relid);
		kobject_put(&ck->kobj);
		return;
	}
	kobject_uevent(&ck->kobj, KOBJ_ADD);
	channel->kobj = &ck->kobj;
}

/* Returns once no reader can be in a show method of the channel. */
void vmbus_channel_sysfs_remove(struct hvlis_channel *channel)
{
	if (!channel->kobj)
		return;
	kobject_del(channel->kobj);
	kobject_put(channel->kobj);
	channel->kobj = NULL;
}
