// SPDX-License-Identifier: GPL-2.0-only
/*
 * hyperv_keyboard: the Hyper-V synthetic keyboard as a serio port
 * (protocol-devices.md 4.4). Probe opens the channel, agrees the protocol
 * version with the host and only then registers the port, so atkbd never
 * sees a keyboard the host has not accepted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/device.h>
#include <linux/serio.h>
#include <linux/slab.h>
#include <proto/synthkbd.h>
#include <proto/vmbus_classes.h>

#include "keyboard.h"

/* 0.7: 40 KiB rings like Linux's own driver. */
#define HV_KBD_RING_SIZE	VMBUS_RING_SIZE(36 * 1024)
/*
 * Larger than any keyboard message: a message over SYNTHKBD_MAX_MSG is
 * one bad message the driver drops, not a reason to stop the channel
 * (which is what a packet over the channel's maximum is).
 */
#define HV_KBD_MAX_PACKET	(sizeof(struct vmbus_packet_descriptor) + 4096)

static int hv_kbd_probe(struct vmbus_device *vdev,
			const struct hv_vmbus_device_id *id)
{
	struct hvlis_channel_open_params params = {
		.send_ring_size = HV_KBD_RING_SIZE,
		.recv_ring_size = HV_KBD_RING_SIZE,
		.max_packet_size = HV_KBD_MAX_PACKET,
		.callback = hv_kbd_callback,
	};
	struct hv_kbd *kbd;
	int ret;

	kbd = kzalloc(sizeof(*kbd), GFP_KERNEL);
	if (!kbd)
		return -ENOMEM;
	kbd->vdev = vdev;
	kbd->channel = vdev->channel;
	spin_lock_init(&kbd->lock);
	init_completion(&kbd->answered);
	kbd->serio = hv_kbd_serio_alloc(kbd);
	if (!kbd->serio) {
		ret = -ENOMEM;
		goto out_free;
	}
	dev_set_drvdata(&vdev->dev, kbd);

	params.context = kbd;
	ret = hvlis_channel_open(vdev->channel, &params);
	if (ret) {
		dev_err(&vdev->dev, "could not open the keyboard channel (error %d)\n",
			ret);
		goto out_free;
	}
	ret = hv_kbd_connect(kbd);
	if (ret)
		goto out_close;

	serio_register_port(kbd->serio);
	device_init_wakeup(&vdev->dev, true);
	return 0;

out_close:
	hvlis_channel_close(vdev->channel);
out_free:
	kfree(kbd->serio);
	kfree(kbd);
	return ret;
}

static void hv_kbd_remove(struct vmbus_device *vdev)
{
	struct hv_kbd *kbd = dev_get_drvdata(&vdev->dev);

	device_init_wakeup(&vdev->dev, false);
	/* Stops the port (no more bytes go to it) and frees it. */
	serio_unregister_port(kbd->serio);
	hvlis_channel_close(vdev->channel);
	kfree(kbd);
}

static const struct hv_vmbus_device_id hv_kbd_ids[] = {
	{ .guid = VMBUS_CLASS_KBD },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, hv_kbd_ids);

static struct vmbus_driver hv_kbd_driver = {
	.name = "hyperv_keyboard",
	.id_table = hv_kbd_ids,
	.probe = hv_kbd_probe,
	.remove = hv_kbd_remove,
};

static int __init hv_kbd_init(void)
{
	return hvlis_driver_register(&hv_kbd_driver);
}

static void __exit hv_kbd_exit(void)
{
	hvlis_driver_unregister(&hv_kbd_driver);
}

module_init(hv_kbd_init);
module_exit(hv_kbd_exit);

MODULE_DESCRIPTION("Hyper-V synthetic keyboard");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
