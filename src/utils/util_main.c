// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_utils: the Hyper-V util services (shutdown, heartbeat, time sync,
 * KVP) as one vmbus driver binding the four device classes
 * (protocol-vmbus.md 7). Each bound channel gets small rings, the IC
 * framework (ic.c) and its service.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <proto/vmbus_classes.h>

#include "hv_utils.h"

/* Rings: util messages are small and one at a time (KVP's IP one: 7.3 KiB). */
#define UTIL_RING_SIZE		VMBUS_RING_SIZE(3 * 4096)
#define UTIL_MAX_PACKET		ALIGN(sizeof(struct vmbus_packet_descriptor) + UTIL_MAX_MSG, 8)

static int util_probe(struct vmbus_device *vdev, const struct hv_vmbus_device_id *id)
{
	const struct util_service *svc = (const void *)id->driver_data;
	struct hvlis_channel_open_params params = {
		.send_ring_size = UTIL_RING_SIZE,
		.recv_ring_size = UTIL_RING_SIZE,
		.max_packet_size = UTIL_MAX_PACKET,
		.callback = util_ic_callback,
	};
	struct util_dev *dev;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	dev->msg = kzalloc(UTIL_MAX_MSG, GFP_KERNEL);
	if (!dev->msg) {
		ret = -ENOMEM;
		goto out_free;
	}
	dev->vdev = vdev;
	dev->channel = vdev->channel;
	dev->svc = svc;
	if (svc->init) {
		ret = svc->init(dev);
		if (ret)
			goto out_free;
	}
	dev_set_drvdata(&vdev->dev, dev);
	params.context = dev;
	ret = hvlis_channel_open(vdev->channel, &params);
	if (ret) {
		dev_err(&vdev->dev, "%s: could not open the channel (error %d)\n",
			svc->name, ret);
		goto out_exit;
	}
	return 0;

out_exit:
	if (svc->exit)
		svc->exit(dev);
out_free:
	kfree(dev->msg);
	kfree(dev);
	return ret;
}

static void util_remove(struct vmbus_device *vdev)
{
	struct util_dev *dev = dev_get_drvdata(&vdev->dev);

	/* No callback runs after the close: then the service can go. */
	hvlis_channel_close(vdev->channel);
	if (dev->svc->exit)
		dev->svc->exit(dev);
	kfree(dev->msg);
	kfree(dev);
}

#define UTIL_ID(class, svc) \
	{ .guid = class, .driver_data = (kernel_ulong_t)&(svc) }

static const struct hv_vmbus_device_id util_ids[] = {
	UTIL_ID(VMBUS_CLASS_SHUTDOWN, util_shutdown_service),
	UTIL_ID(VMBUS_CLASS_HEARTBEAT, util_heartbeat_service),
	UTIL_ID(VMBUS_CLASS_TIMESYNC, util_timesync_service),
	UTIL_ID(VMBUS_CLASS_KVP, util_kvp_service),
	{ },
};
MODULE_DEVICE_TABLE(vmbus, util_ids);

static struct vmbus_driver util_driver = {
	.name = "hv_utils",
	.id_table = util_ids,
	.probe = util_probe,
	.remove = util_remove,
};

static int __init util_init(void)
{
	int ret;

	ret = util_genl_init();
	if (ret)
		return ret;
	ret = hvlis_driver_register(&util_driver);
	if (ret)
		util_genl_exit();
	return ret;
}

static void __exit util_exit(void)
{
	hvlis_driver_unregister(&util_driver);
	util_genl_exit();
}

module_init(util_init);
module_exit(util_exit);

MODULE_DESCRIPTION("Hyper-V util services: shutdown, heartbeat, time sync, KVP");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
