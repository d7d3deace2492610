// SPDX-License-Identifier: GPL-2.0-only
/*
 * Offers and rescinds: each primary channel the host offers becomes a
 * device on the vmbus bus; a rescind removes it and releases the relid.
 *
 * Offers and rescinds are parsed on the ordered message workqueue, but
 * devices are registered and unregistered on a second ordered workqueue:
 * a driver's probe opens its channel and waits for host answers, which
 * arrive through the message workqueue it would otherwise block.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "vmbus_private.h"

/*
 * relid -> channel. Written under the mutex from the two workqueues and
 * unload; read under RCU from event delivery, which may be an interrupt.
 */
static struct hvlis_channel __rcu *vmbus_channels[VMBUS_MAX_RELID];
static DEFINE_MUTEX(vmbus_channels_lock);

struct hvlis_channel *vmbus_channel_get_by_relid(u32 relid)
{
	struct hvlis_channel *channel = NULL;

	mutex_lock(&vmbus_channels_lock);
	if (relid < VMBUS_MAX_RELID)
		channel = rcu_dereference_protected(vmbus_channels[relid],
						    lockdep_is_held(&vmbus_channels_lock));
	mutex_unlock(&vmbus_channels_lock);
	return channel;
}

struct hvlis_channel *vmbus_channel_lookup_rcu(u32 relid)
{
	if (relid >= VMBUS_MAX_RELID)
		return NULL;
	return rcu_dereference(vmbus_channels[relid]);
}

u32 vmbus_channel_on_cpu(unsigned int cpu)
{
	struct hvlis_channel *channel;
	u32 relid, found = 0;

	rcu_read_lock();
	for (relid = 1; relid < VMBUS_MAX_RELID && !found; relid++) {
		channel = rcu_dereference(vmbus_channels[relid]);
		if (channel && (READ_ONCE(channel->target_cpu) == cpu ||
				READ_ONCE(channel->moving_cpu) == cpu) &&
		    (READ_ONCE(channel->state) == VMBUS_CHANNEL_OPENING ||
		     READ_ONCE(channel->state) == VMBUS_CHANNEL_OPENED))
			found = relid;
	}
	rcu_read_unlock();
	return found;
}

static void vmbus_device_release(struct device *dev)
{
	struct vmbus_device *vdev = to_vmbus_device(dev);

	kfree(vdev->driver_override);
	kfree(vdev);
}

static void vmbus_release_relid(u32 relid)
{
	struct vmbus_channel_relid_message msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_RELID_RELEASED),
		.child_relid = cpu_to_le32(relid),
	};

	if (vmbus_post_message(&msg, sizeof(msg)))
		pr_warn("could not release relid %u to the host\n", relid);
}

/* Unpublish the channel; free it once no event delivery can see it. */
static void vmbus_channel_free(struct hvlis_channel *channel)
{
	mutex_lock(&vmbus_channels_lock);
	RCU_INIT_POINTER(vmbus_channels[channel->relid], NULL);
	mutex_unlock(&vmbus_channels_lock);
	/*
	 * Closed by now, so its tasklet is idle and event delivery cannot
	 * schedule it again; an event may still be looking at the channel.
	 */
	kfree_rcu(channel, rcu);
}

static void vmbus_register_device(struct hvlis_channel *channel)
{
	struct vmbus_device *vdev;
	int ret;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev) {
		pr_err("no memory for the device of relid %u\n", channel->relid);
		return;
	}
	vdev->class_id = channel->offer.if_type;
	vdev->instance_id = channel->offer.if_instance;
	vdev->channel = channel;
	vdev->dev.bus = &vmbus_bus;
	if (vmbus_connection.acpi_root)
		vdev->dev.parent = &vmbus_connection.acpi_root->dev;
	vdev->dev.release = vmbus_device_release;
	dev_set_name(&vdev->dev, "%pUl", &vdev->instance_id);

	/* The driver's probe runs inside device_register() and may ask for it. */
	channel->device = vdev;
	ret = device_register(&vdev->dev);
	if (ret) {
		pr_err("could not register the device for relid %u (error %d)\n",
		       channel->relid, ret);
		channel->device = NULL;
		put_device(&vdev->dev);
		return;
	}
	vdev->channels_kobj = kobject_create_and_add("channels", &vdev->dev.kobj);
	if (!vdev->channels_kobj)
		pr_warn("relid %u: could not add the device's channels directory\n",
			channel->relid);
	vmbus_channel_sysfs_add(channel);
}

/* The device goes, and with it the sysfs directories of its channels. */
static void vmbus_unregister_device(struct hvlis_channel *primary)
{
	struct vmbus_device *vdev = primary->device;
	struct hvlis_channel *sub;

	if (!vdev)
		return;
	mutex_lock(&primary->sub_lock);
	list_for_each_entry(sub, &primary->sub_channels, sub_node)
		vmbus_channel_sysfs_remove(sub);
	mutex_unlock(&primary->sub_lock);
	vmbus_channel_sysfs_remove(primary);
	kobject_put(vdev->channels_kobj);
	vdev->channels_kobj = NULL;
	device_unregister(&vdev->dev);
	primary->device = NULL;
}

/*
 * Tell the primary's driver about a sub-channel, under the device lock so
 * the driver cannot be unbinding meanwhile (remove clears the callbacks).
 */
static void vmbus_notify_driver(struct hvlis_channel *sub, bool rescinded)
{
	struct vmbus_device *vdev = sub->primary->device;
	void (*cb)(struct hvlis_channel *sub);

	if (!vdev)
		return;
	device_lock(&vdev->dev);
	cb = rescinded ? sub->primary->sc_rescinded : sub->primary->sc_new;
	if (vdev->dev.driver && cb)
		cb(sub);
	device_unlock(&vdev->dev);
}

/* A sub-channel joins its primary and the driver hears of it. */
static void vmbus_attach_subchannel(struct hvlis_channel *sub)
{
	struct hvlis_channel *primary = sub->primary;

	mutex_lock(&primary->sub_lock);
	list_add_tail(&sub->sub_node, &primary->sub_channels);
	mutex_unlock(&primary->sub_lock);
	vmbus_channel_sysfs_add(sub);
	vmbus_notify_driver(sub, false);
}

static void vmbus_register_work(struct work_struct *work)
{
	struct hvlis_channel *channel =
		container_of(work, struct hvlis_channel, register_work);

	if (channel->primary)
		vmbus_attach_subchannel(channel);
	else
		vmbus_register_device(channel);
}

static void vmbus_free_primary(struct hvlis_channel *primary)
{
	u32 relid = primary->relid;

	vmbus_channel_free(primary);
	vmbus_release_relid(relid);
}

/*
 * A rescinded sub-channel: the driver hears of it, it is closed (the
 * driver may have done so already) and leaves its primary. A primary
 * whose rescind came first is freed with its last sub-channel.
 */
static void vmbus_rescind_subchannel(struct hvlis_channel *sub)
{
	struct hvlis_channel *primary = sub->primary;
	u32 relid = sub->relid;
	bool free_primary;

	vmbus_notify_driver(sub, true);
	hvlis_channel_close(sub);
	vmbus_channel_sysfs_remove(sub);
	mutex_lock(&primary->sub_lock);
	list_del(&sub->sub_node);
	free_primary = primary->removed && list_empty(&primary->sub_channels);
	mutex_unlock(&primary->sub_lock);
	vmbus_channel_free(sub);
	vmbus_release_relid(relid);
	if (free_primary)
		vmbus_free_primary(primary);
}

static void vmbus_rescind_work(struct work_struct *work)
{
	struct hvlis_channel *channel =
		container_of(work, struct hvlis_channel, rescind_work);
	bool has_subs;

	if (channel->primary) {
		vmbus_rescind_subchannel(channel);
		return;
	}
	/* The driver's remove closes the channel and its sub-channels. */
	vmbus_unregister_device(channel);
	mutex_lock(&channel->sub_lock);
	channel->removed = true;
	has_subs = !list_empty(&channel->sub_channels);
	mutex_unlock(&channel->sub_lock);
	if (!has_subs)
		vmbus_free_primary(channel);
}

/* The primary a sub-channel offer belongs to: same type and instance. */
static struct hvlis_channel *
vmbus_find_primary(const struct vmbus_channel_offer_channel *offer)
{
	struct hvlis_channel *channel;
	unsigned int relid;

	lockdep_assert_held(&vmbus_channels_lock);
	for (relid = 1; relid < VMBUS_MAX_RELID; relid++) {
		channel = rcu_dereference_protected(vmbus_channels[relid],
						    lockdep_is_held(&vmbus_channels_lock));
		if (channel && !channel->primary && !channel->rescinded &&
		    guid_equal(&channel->offer.if_type, &offer->if_type) &&
		    guid_equal(&channel->offer.if_instance, &offer->if_instance))
			return channel;
	}
	return NULL;
}

/* Offer fields we use later, checked once here. */
static bool vmbus_offer_ok(const struct vmbus_channel_offer_channel *offer,
			   u32 relid)
{
	if (relid == 0 || relid >= VMBUS_MAX_RELID) {
		pr_warn_ratelimited("dropping an offer with relid %u: valid relids are 1 to %u\n",
				    relid, VMBUS_MAX_RELID - 1);
		return false;
	}
	if ((offer->monitor_allocated & 1) && offer->monitorid >= VMBUS_MONITOR_IDS) {
		pr_warn_ratelimited("dropping the offer of relid %u: monitor id %u is over %u\n",
				    relid, offer->monitorid, VMBUS_MONITOR_IDS - 1);
		return false;
	}
	return true;
}

void vmbus_on_offer(const struct vmbus_channel_offer_channel *offer)
{
	u32 relid = le32_to_cpu(offer->child_relid);
	struct hvlis_channel *channel, *primary = NULL;

	if (!vmbus_offer_ok(offer, relid))
		return;
	if (READ_ONCE(vmbus_connection.unloading))
		return;

	channel = kzalloc(sizeof(*channel), GFP_KERNEL);
	if (!channel) {
		pr_err("no memory for the channel of relid %u\n", relid);
		return;
	}
	channel->offer = *offer;
	channel->relid = relid;
	vmbus_channel_init(channel);
	INIT_WORK(&channel->register_work, vmbus_register_work);
	INIT_WORK(&channel->rescind_work, vmbus_rescind_work);

	mutex_lock(&vmbus_channels_lock);
	if (rcu_access_pointer(vmbus_channels[relid])) {
		mutex_unlock(&vmbus_channels_lock);
		kfree(channel);
		pr_warn_ratelimited("dropping a second offer for relid %u\n", relid);
		return;
	}
	if (le16_to_cpu(offer->sub_channel_index)) {
		primary = vmbus_find_primary(offer);
		if (!primary) {
			mutex_unlock(&vmbus_channels_lock);
			kfree(channel);
			pr_warn_ratelimited("dropping sub-channel relid %u: no primary channel %pUl\n",
					    relid, &offer->if_instance);
			return;
		}
		channel->primary = primary;
	}
	vmbus_channel_choose_cpu(channel);
	rcu_assign_pointer(vmbus_channels[relid], channel);
	mutex_unlock(&vmbus_channels_lock);

	queue_work(vmbus_connection.dev_wq, &channel->register_work);
}

void vmbus_on_rescind(const struct vmbus_channel_relid_message *msg)
{
	u32 relid = le32_to_cpu(msg->child_relid);
	struct hvlis_channel *channel = NULL;

	/* Unload removes every channel itself. */
	if (READ_ONCE(vmbus_connection.unloading))
		return;

	mutex_lock(&vmbus_channels_lock);
	if (relid < VMBUS_MAX_RELID)
		channel = rcu_dereference_protected(vmbus_channels[relid],
						    lockdep_is_held(&vmbus_channels_lock));
	if (channel && !channel->rescinded) {
		/* Wake whoever waits for the host's answer about it. */
		vmbus_message_wait_rescind(channel);
		/* Ordered after the channel's registration, which may be pending. */
		queue_work(vmbus_connection.dev_wq, &channel->rescind_work);
	} else {
		channel = NULL;
	}
	mutex_unlock(&vmbus_channels_lock);

	if (!channel)
		pr_warn_ratelimited("ignoring a rescind of relid %u: no such channel\n",
				    relid);
}

void vmbus_on_offers_delivered(void)
{
	complete(&vmbus_connection.offers_done);
}

int vmbus_request_offers(void)
{
	struct vmbus_channel_message_header msg = {
		.msgtype = cpu_to_le32(CHANNELMSG_REQUESTOFFERS),
	};
	int ret;

	reinit_completion(&vmbus_connection.offers_done);
	ret = vmbus_post_message(&msg, sizeof(msg));
	if (ret) {
		pr_err("could not ask the host for its offers (error %d)\n", ret);
		return ret;
	}
	if (!wait_for_completion_timeout(&vmbus_connection.offers_done, 60 * HZ))
		pr_warn("the host did not finish offering channels within 60 s; continuing with what it offered\n");
	/* Let the devices offered so far exist before the module load returns. */
	flush_workqueue(vmbus_connection.msg_wq);
	flush_workqueue(vmbus_connection.dev_wq);
	return 0;
}

/*
 * Module unload: no new offers, then every device goes (drivers close
 * their channels on the way), then every channel.
 */
void vmbus_remove_all_channels(void)
{
	struct hvlis_channel *channel;
	unsigned int relid;

	WRITE_ONCE(vmbus_connection.unloading, true);
	flush_workqueue(vmbus_connection.msg_wq);
	flush_workqueue(vmbus_connection.dev_wq);
	for (relid = 1; relid < VMBUS_MAX_RELID; relid++) {
		channel = vmbus_channel_get_by_relid(relid);
		if (channel && !channel->primary)
			vmbus_unregister_device(channel);
	}
	/* Whatever a driver left open, sub-channels before their primary. */
	for (relid = 1; relid < VMBUS_MAX_RELID; relid++) {
		channel = vmbus_channel_get_by_relid(relid);
		if (channel && !channel->primary)
			hvlis_channel_close(channel);
	}
	for (relid = 1; relid < VMBUS_MAX_RELID; relid++) {
		channel = vmbus_channel_get_by_relid(relid);
		if (channel)
			vmbus_channel_free(channel);
	}
}
