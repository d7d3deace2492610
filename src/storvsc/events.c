// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the host asks of the guest's view of its disks, done in process
 * context on the controller's ordered workqueue (1.10, 1.12):
 *
 * - ENUMERATE_BUS or REMOVE_DEVICE: every known LUN gets a TEST UNIT
 *   READY (one that is gone answers INVALID_LUN, and goes), then the bus
 *   is scanned for new ones (not on IDE, whose one disk is fixed).
 * - UNIT ATTENTION "capacity data changed" and friends: that LUN is
 *   rescanned, so a resize shows without a reboot.
 * - INVALID_LUN: that LUN is removed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <hvlis/compat-scsi.h>

#include "storvsc.h"

#define STORVSC_TUR_TIMEOUT	(10 * HZ)

struct storvsc_lun_work {
	struct work_struct work;
	struct storvsc_dev *stor;
	unsigned int channel, id;
	u64 lun;
	bool remove;
};

static void storvsc_bus_scan(struct work_struct *work)
{
	struct storvsc_dev *stor = container_of(work, struct storvsc_dev, bus_scan_work);
	struct Scsi_Host *shost = stor->shost;
	struct scsi_device *sdev;

	mutex_lock(&shost->scan_mutex);
	shost_for_each_device(sdev, shost)
		scsi_test_unit_ready(sdev, STORVSC_TUR_TIMEOUT, 1, NULL);
	mutex_unlock(&shost->scan_mutex);
	if (!stor->is_ide)
		scsi_scan_host(shost);
}

static void storvsc_lun_work(struct work_struct *work)
{
	struct storvsc_lun_work *lw = container_of(work, struct storvsc_lun_work, work);
	struct scsi_device *sdev;

	sdev = scsi_device_lookup(lw->stor->shost, lw->channel, lw->id, lw->lun);
	if (sdev) {
		if (lw->remove) {
			sdev_printk(KERN_INFO, sdev, "the host no longer has this LUN; removing it\n");
			scsi_remove_device(sdev);
		} else {
			scsi_rescan_device(sdev);
		}
		scsi_device_put(sdev);
	}
	kfree(lw);
}

/* Queue @work unless the controller is going; false if not queued. */
static bool storvsc_queue_event(struct storvsc_dev *stor, struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&stor->event_lock, flags);
	if (!stor->removing) {
		queue_work(stor->wq, work);
		queued = true;
	}
	spin_unlock_irqrestore(&stor->event_lock, flags);
	return queued;
}

static void storvsc_queue_lun_work(struct storvsc_dev *stor,
				   struct scsi_device *sdev, bool remove)
{
	struct storvsc_lun_work *lw;

	/* From the channel callback: no sleeping (the allocator warns). */
	lw = kzalloc(sizeof(*lw), GFP_ATOMIC);
	if (!lw)
		return;
	INIT_WORK(&lw->work, storvsc_lun_work);
	lw->stor = stor;
	lw->channel = sdev->channel;
	lw->id = sdev->id;
	lw->lun = sdev->lun;
	lw->remove = remove;
	if (!storvsc_queue_event(stor, &lw->work))
		kfree(lw);
}

void storvsc_rescan_lun(struct storvsc_dev *stor, struct scsi_device *sdev)
{
	storvsc_queue_lun_work(stor, sdev, false);
}

void storvsc_remove_lun(struct storvsc_dev *stor, struct scsi_device *sdev)
{
	storvsc_queue_lun_work(stor, sdev, true);
}

void storvsc_bus_changed(struct storvsc_dev *stor)
{
	storvsc_queue_event(stor, &stor->bus_scan_work);
}

void storvsc_events_init(struct storvsc_dev *stor)
{
	spin_lock_init(&stor->event_lock);
	INIT_WORK(&stor->bus_scan_work, storvsc_bus_scan);
}

/* No new events; those queued run to their end. */
void storvsc_events_stop(struct storvsc_dev *stor)
{
	spin_lock_irq(&stor->event_lock);
	stor->removing = true;
	spin_unlock_irq(&stor->event_lock);
	drain_workqueue(stor->wq);
}
