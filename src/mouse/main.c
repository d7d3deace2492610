// SPDX-License-Identifier: GPL-2.0-only
/*
 * hid_hyperv: the Hyper-V synthetic mouse (protocol-devices.md 4), a
 * vmbus driver that speaks SynthHID to the host and presents what it
 * reports as a HID device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hid.h>
#include <linux/module.h>
#include <linux/pm_wakeup.h>
#include <linux/slab.h>
#include <proto/vmbus_classes.h>

#include "hid_hyperv.h"

/* 0.7: 40 KiB rings each way. */
#define MOUSEVSC_RING_SIZE	VMBUS_RING_SIZE(36 * 1024)
/* The largest message: device info with a report descriptor HID core takes. */
#define MOUSEVSC_MAX_PACKET	ALIGN(sizeof(struct vmbus_packet_descriptor) + \
				      sizeof(struct synthhid_device_info) + \
				      HID_MAX_DESCRIPTOR_SIZE, 8)

static void mousevsc_free(struct mousevsc *mv)
{
	kfree(mv->report);
	kfree(mv->rdesc);
	kfree(mv);
}

static int mousevsc_probe(struct vmbus_device *vdev,
			  const struct hv_vmbus_device_id *id)
{
	struct hvlis_channel_open_params params = {
		.send_ring_size = MOUSEVSC_RING_SIZE,
		.recv_ring_size = MOUSEVSC_RING_SIZE,
		.max_packet_size = MOUSEVSC_MAX_PACKET,
		.callback = mousevsc_callback,
	};
	struct mousevsc *mv;
	int ret;

	mv = kzalloc(sizeof(*mv), GFP_KERNEL);
	if (!mv)
		return -ENOMEM;
	mv->rdesc = kmalloc(HID_MAX_DESCRIPTOR_SIZE, GFP_KERNEL);
	mv->report = kmalloc(HID_MAX_BUFFER_SIZE, GFP_KERNEL);
	if (!mv->rdesc || !mv->report) {
		ret = -ENOMEM;
		goto out_free;
	}
	mv->vdev = vdev;
	mv->channel = vdev->channel;
	init_completion(&mv->protocol_done);
	init_completion(&mv->info_done);
	dev_set_drvdata(&vdev->dev, mv);

	params.context = mv;
	ret = hvlis_channel_open(vdev->channel, &params);
	if (ret) {
		dev_err(&vdev->dev, "could not open the channel (error %d)\n", ret);
		goto out_free;
	}
	ret = mousevsc_connect(mv);
	if (ret)
		goto out_close;
	ret = mousevsc_hid_add(mv);
	if (ret)
		goto out_close;
	/* Paired with the acquire in mousevsc_on_report(). */
	smp_store_release(&mv->ready, true);
	/* Host input wakes a suspended guest. */
	device_init_wakeup(&vdev->dev, true);
	return 0;

out_close:
	/* No callback runs after the close: then the HID device can go. */
	hvlis_channel_close(vdev->channel);
	mousevsc_hid_destroy(mv);
out_free:
	mousevsc_free(mv);
	return ret;
}

static void mousevsc_remove(struct vmbus_device *vdev)
{
	struct mousevsc *mv = dev_get_drvdata(&vdev->dev);

	/* No callback runs after the close: then the HID device can go. */
	hvlis_channel_close(vdev->channel);
	mousevsc_hid_destroy(mv);
	device_init_wakeup(&vdev->dev, false);
	mousevsc_free(mv);
}

static const struct hv_vmbus_device_id mousevsc_ids[] = {
	{ .guid = VMBUS_CLASS_MOUSE },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, mousevsc_ids);

static struct vmbus_driver mousevsc_driver = {
	.name = "hid_hyperv",
	.id_table = mousevsc_ids,
	.probe = mousevsc_probe,
	.remove = mousevsc_remove,
};

static int __init mousevsc_init(void)
{
	return hvlis_driver_register(&mousevsc_driver);
}

static void __exit mousevsc_exit(void)
{
	hvlis_driver_unregister(&mousevsc_driver);
}

module_init(mousevsc_init);
module_exit(mousevsc_exit);

MODULE_DESCRIPTION("Hyper-V synthetic mouse (SynthHID)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
