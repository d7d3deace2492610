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

#include <linux/slab.h>

#include "vmbus_private.h"

/* relid -> channel; only touched from the two workqueues and unload. */
static struct vmbus_channel *vmbus_channels[VMBUS_MAX_RELID];
static DEFINE_MUTEX(vmbus_channels_lock);

struct vmbus_channel *vmbus_channel_get_by_relid(u32 relid)
{
	struct vmbus_channel *channel = NULL;

	mutex_lock(&vmbus_channels_lock);
	if (relid < VMBUS_MAX_RELID)
		channel = vmbus_channels[relid];
	mutex_unlock(&vmbus_channels_lock);
	return channel;
}

static void vmbus_device_release(struct device *dev)
{
	kfree(to_vmbus_device(dev));
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

static void vmbus_channel_free(struct vmbus_channel *channel)
{
	mutex_lock(&vmbus_channels_lock);
	vmbus_channels[channel->relid] = NULL;
	mutex_unlock(&vmbus_channels_lock);
	kfree(channel);
}

static void vmbus_register_work(struct work_struct *work)
{
	struct vmbus_channel *channel =
		container_of(work, struct vmbus_channel, register_work);
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
	vdev->dev.release = vmbus_device_release;
	dev_set_name(&vdev->dev, "%pUl", &vdev->instance_id);

	ret = device_register(&vdev->dev);
	if (ret) {
		pr_err("could not register the device for relid %u (error %d)\n",
		       channel->relid, ret);
		put_device(&vdev->dev);
		return;
	}
	channel->device = vdev;
}

/* Unregister the device, if it got one, and forget the channel. */
static void vmbus_channel_remove(struct vmbus_channel *channel)
{
	if (channel->device)
		device_unregister(&channel->device->dev);
	channel->device = NULL;
}

static void vmbus_rescind_work(struct work_struct *work)
{
	struct vmbus_channel *channel =
		container_of(work, struct vmbus_channel, rescind_work);
	u32 relid = channel->relid;

	vmbus_channel_remove(channel);
	vmbus_channel_free(channel);
	/* Only now may the host reuse the relid. */
	vmbus_release_relid(relid);
}

void vmbus_on_offer(const struct vmbus_channel_offer_channel *offer)
{
	u32 relid = le32_to_cpu(offer->child_relid);
	struct vmbus_channel *channel;

	if (relid == 0 || relid >= VMBUS_MAX_RELID) {
		pr_warn_ratelimited("dropping an offer with relid %u: valid relids are 1 to %u\n",
				    relid, VMBUS_MAX_RELID - 1);
		return;
	}
	if (le16_to_cpu(offer->sub_channel_index)) {
		pr_warn_ratelimited("dropping the offer of sub-channel relid %u: sub-channels are not supported yet\n",
				    relid);
		return;
	}
	if (READ_ONCE(vmbus_connection.unloading))
		return;

	channel = kzalloc(sizeof(*channel), GFP_KERNEL);
	if (!channel) {
		pr_err("no memory for the channel of relid %u\n", relid);
		return;
	}
	channel->offer = *offer;
	channel->relid = relid;
	INIT_WORK(&channel->register_work, vmbus_register_work);
	INIT_WORK(&channel->rescind_work, vmbus_rescind_work);

	mutex_lock(&vmbus_channels_lock);
	if (vmbus_channels[relid]) {
		mutex_unlock(&vmbus_channels_lock);
		kfree(channel);
		pr_warn_ratelimited("dropping a second offer for relid %u\n", relid);
		return;
	}
	vmbus_channels[relid] = channel;
	mutex_unlock(&vmbus_channels_lock);

	queue_work(vmbus_connection.dev_wq, &channel->register_work);
}

void vmbus_on_rescind(const struct vmbus_channel_relid_message *msg)
{
	u32 relid = le32_to_cpu(msg->child_relid);
	struct vmbus_channel *channel = NULL;

	/* Unload removes every channel itself. */
	if (READ_ONCE(vmbus_connection.unloading))
		return;

	mutex_lock(&vmbus_channels_lock);
	if (relid < VMBUS_MAX_RELID)
		channel = vmbus_channels[relid];
	if (channel && !channel->rescinded) {
		channel->rescinded = true;
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

/* Module unload: no new offers, then every device goes. */
void vmbus_remove_all_channels(void)
{
	unsigned int relid;

	WRITE_ONCE(vmbus_connection.unloading, true);
	flush_workqueue(vmbus_connection.msg_wq);
	flush_workqueue(vmbus_connection.dev_wq);
	for (relid = 1; relid < VMBUS_MAX_RELID; relid++) {
		struct vmbus_channel *channel = vmbus_channel_get_by_relid(relid);

		if (!channel)
			continue;
		vmbus_channel_remove(channel);
		vmbus_channel_free(channel);
	}
}
