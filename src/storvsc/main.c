// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_storvsc: Hyper-V synthetic storage. Each synthetic SCSI controller
 * offer becomes a SCSI host whose bus is scanned; each synthetic IDE
 * offer (one per disk) becomes a host with that one disk at the target
 * its instance GUID names (protocol-devices.md 1.11). Fibre Channel
 * offers are not bound.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <proto/vmbus_classes.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "storvsc.h"

unsigned int storvsc_ring_size = SZ_128K;
module_param_named(storvsc_ringbuffer_size, storvsc_ring_size, uint, 0444);
MODULE_PARM_DESC(storvsc_ringbuffer_size,
		 "bytes of each ring of each channel, its 4 KiB control page included (default 131072)");

#define STORVSC_RING_MIN	SZ_16K
#define STORVSC_RING_MAX	SZ_16M

/* 1.11 */
#define STORVSC_SCSI_MAX_LUN		255
#define STORVSC_SCSI_MAX_ID		2
#define STORVSC_SCSI_MAX_CHANNEL	7
#define STORVSC_IDE_MAX_LUN		64
#define STORVSC_IDE_MAX_ID		1
#define STORVSC_IDE_MAX_CHANNEL		0
#define STORVSC_IDE_MAX_DEVICE		1	/* master 0, slave 1 */

enum storvsc_class { STORVSC_SCSI, STORVSC_IDE };

static void storvsc_set_limits(struct storvsc_dev *stor)
{
	struct Scsi_Host *shost = stor->shost;
	u32 max_transfer = round_down(stor->max_transfer, VMBUS_PAGE_SIZE);

	if (stor->is_ide) {
		shost->max_lun = STORVSC_IDE_MAX_LUN;
		shost->max_id = STORVSC_IDE_MAX_ID;
		shost->max_channel = STORVSC_IDE_MAX_CHANNEL;
	} else {
		shost->max_lun = STORVSC_SCSI_MAX_LUN;
		shost->max_id = STORVSC_SCSI_MAX_ID;
		shost->max_channel = STORVSC_SCSI_MAX_CHANNEL;
	}
	shost->max_cmd_len = VSTOR_CDB_SIZE;
	/* 1.14: whole pages; one more PFN for a buffer that starts mid-page. */
	shost->max_sectors = max_transfer >> SECTOR_SHIFT;
	shost->sg_tablesize = max_transfer / VMBUS_PAGE_SIZE + 1;
	/* Each hw queue has its own tags and its own channel's ring. */
	shost->nr_hw_queues = stor->nr_chans;
	shost->can_queue = storvsc_queue_depth_per_channel();
}

/*
 * The controller stops talking to the host: no sender is left on the
 * channels, they are closed (so no callback runs), and what the host
 * still owed fails.
 */
static void storvsc_disconnect(struct storvsc_dev *stor)
{
	WRITE_ONCE(stor->gone, true);
	synchronize_rcu();
	hvlis_set_subchannel_callbacks(stor->vdev->channel, NULL, NULL);
	hvlis_channel_close(stor->vdev->channel);
	storvsc_fail_outstanding(stor, NULL, DID_NO_CONNECT);
}

static void storvsc_free(struct storvsc_dev *stor)
{
	struct Scsi_Host *shost = stor->shost;

	dev_set_drvdata(&stor->vdev->dev, NULL);
	cancel_work_sync(&stor->gone_work);
	if (stor->wq)
		destroy_workqueue(stor->wq);
	kfree(stor->chan_of_cpu);
	kfree(stor->chans);
	scsi_host_put(shost);
}

static int storvsc_probe(struct vmbus_device *vdev, const struct hv_vmbus_device_id *id)
{
	struct storvsc_dev *stor;
	struct Scsi_Host *shost;
	unsigned int i, max_chans;
	u16 target;
	int ret;

	/* 1.11: an IDE disk's device number is Data2 of its instance GUID. */
	target = vdev->instance_id.b[4] | vdev->instance_id.b[5] << 8;
	if (id->driver_data == STORVSC_IDE && target > STORVSC_IDE_MAX_DEVICE) {
		dev_err(&vdev->dev, "the instance names IDE device %u; an IDE channel has devices 0 and 1 only\n",
			target);
		return -ENODEV;
	}

	shost = scsi_host_alloc(&storvsc_template, sizeof(*stor));
	if (!shost)
		return -ENOMEM;
	stor = shost_to_stor(shost);
	stor->vdev = vdev;
	stor->shost = shost;
	stor->is_ide = id->driver_data == STORVSC_IDE;
	mutex_init(&stor->ctl.lock);
	spin_lock_init(&stor->ctl.reply_lock);
	init_completion(&stor->ctl.done);
	init_waitqueue_head(&stor->drained);
	INIT_WORK(&stor->gone_work, storvsc_gone_work);
	storvsc_events_init(stor);

	/* A channel per online CPU at most; IDE disks have no sub-channels. */
	max_chans = stor->is_ide ? 1 : num_online_cpus();
	stor->chans = kcalloc(max_chans, sizeof(*stor->chans), GFP_KERNEL);
	stor->chan_of_cpu = kcalloc(nr_cpu_ids, sizeof(*stor->chan_of_cpu), GFP_KERNEL);
	stor->wq = alloc_ordered_workqueue("storvsc_events_%u", 0, shost->host_no);
	if (!stor->chans || !stor->chan_of_cpu || !stor->wq) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < max_chans; i++) {
		stor->chans[i].stor = stor;
		stor->chans[i].index = i;
	}
	stor->nr_chans = 1;
	dev_set_drvdata(&vdev->dev, stor);

	ret = storvsc_chan_open(&stor->chans[0], vdev->channel);
	if (ret) {
		dev_err(&vdev->dev, "could not open the channel (error %d)\n", ret);
		goto out_free;
	}
	/* It logged why; the driver core need not say it again. */
	if (storvsc_handshake(stor)) {
		ret = -ENODEV;
		goto out_close;
	}
	hvlis_set_subchannel_callbacks(vdev->channel, storvsc_subchannel_new,
				       storvsc_subchannel_rescinded);
	stor->nr_chans = 1 + min(storvsc_request_subchannels(stor), max_chans - 1);
	storvsc_set_limits(stor);

	ret = scsi_add_host(shost, &vdev->dev);
	if (ret) {
		dev_err(&vdev->dev, "could not add the SCSI host (error %d)\n", ret);
		goto out_close;
	}
	if (!stor->is_ide) {
		scsi_scan_host(shost);
	} else {
		ret = scsi_add_device(shost, 0, target, 0);
		if (ret) {
			dev_err(&vdev->dev, "no IDE disk at target %u (error %d)\n", target, ret);
			goto out_remove;
		}
	}
	dev_info(&vdev->dev, "%s controller, protocol %u.%u, %u channel%s, %u bytes per request\n",
		 stor->is_ide ? "IDE" : "SCSI", stor->version >> 8, stor->version & 0xff,
		 stor->nr_chans, stor->nr_chans == 1 ? "" : "s", stor->max_transfer);
	return 0;

out_remove:
	storvsc_events_stop(stor);
	scsi_remove_host(shost);
out_close:
	hvlis_set_subchannel_callbacks(vdev->channel, NULL, NULL);
	hvlis_channel_close(vdev->channel);
out_free:
	storvsc_free(stor);
	return ret;
}

static void storvsc_remove(struct vmbus_device *vdev)
{
	struct storvsc_dev *stor = dev_get_drvdata(&vdev->dev);
	bool rescinded = hvlis_channel_rescinded(vdev->channel);

	/*
	 * A host that took the device back answers nothing: what it owed
	 * fails first, or removing the disks would wait for it forever.
	 */
	if (rescinded)
		storvsc_disconnect(stor);
	storvsc_events_stop(stor);
	scsi_remove_host(stor->shost);
	if (!rescinded)
		storvsc_disconnect(stor);
	storvsc_free(stor);
}

static const struct hv_vmbus_device_id storvsc_ids[] = {
	{ .guid = VMBUS_CLASS_SCSI, .driver_data = STORVSC_SCSI },
	{ .guid = VMBUS_CLASS_IDE, .driver_data = STORVSC_IDE },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, storvsc_ids);

static struct vmbus_driver storvsc_driver = {
	.name = KBUILD_MODNAME,
	.id_table = storvsc_ids,
	.probe = storvsc_probe,
	.remove = storvsc_remove,
};

static int __init storvsc_init(void)
{
	if (storvsc_ring_size % VMBUS_PAGE_SIZE || storvsc_ring_size < STORVSC_RING_MIN ||
	    storvsc_ring_size > STORVSC_RING_MAX) {
		pr_err("storvsc_ringbuffer_size=%u: it must be a multiple of 4096 from %u to %u\n",
		       storvsc_ring_size, STORVSC_RING_MIN, STORVSC_RING_MAX);
		return -EINVAL;
	}
	return hvlis_driver_register(&storvsc_driver);
}

static void __exit storvsc_exit(void)
{
	hvlis_driver_unregister(&storvsc_driver);
}

module_init(storvsc_init);
module_exit(storvsc_exit);

MODULE_DESCRIPTION("Hyper-V synthetic storage: SCSI and IDE controllers (Fibre Channel is not supported)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
