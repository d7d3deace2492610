// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SCSI host template: the names udev rules match on, device setup,
 * and error handling. The host completes every SRB it was sent (1.13), so
 * a command that takes long is waited for, never aborted: its memory may
 * still be written by the host. Only a host that is gone is not waited
 * for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/module.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_devinfo.h>
#include <scsi/scsi_host.h>
#include <hvlis/compat-scsi.h>

#include "storvsc.h"

/*
 * 1.8: how many SRBs fit a channel's ring, each counted as the largest
 * packet Linux storvsc sends without allocating (a 32-page GPA range and
 * a full VSTOR packet), less the 10% it keeps free.
 */
#define STORVSC_PACKET_BUDGET	ALIGN(0x18 + 8 + 32 * 8 + sizeof(struct vstor_packet) + 8, 8)

/* Gapless scatterlists: one GPA range per command (1.9). */
#define STORVSC_VIRT_BOUNDARY	(VMBUS_PAGE_SIZE - 1)

unsigned int storvsc_queue_depth_per_channel(void)
{
	return (storvsc_ring_size - VMBUS_PAGE_SIZE) / STORVSC_PACKET_BUDGET * 9 / 10;
}

static int storvsc_sdev_init(struct scsi_device *sdev)
{
	/* Hyper-V disks claim SPC-2 but serve REPORT LUNS and VPD pages. */
	sdev->sdev_bflags |= BLIST_REPORTLUN2 | BLIST_TRY_VPD_PAGES;
	hvlis_sdev_virt_boundary(sdev, STORVSC_VIRT_BOUNDARY);
	return 0;
}

static int storvsc_sdev_configure(struct scsi_device *sdev)
{
	struct storvsc_dev *stor = shost_to_stor(sdev->host);
	bool msft = !strncmp(sdev->vendor, "Msft", 4);

	blk_queue_rq_timeout(sdev->request_queue, STORVSC_REQUEST_TIMEOUT);
	sdev->no_report_opcodes = 1;
	/* WRITE SAME only where the host has it: WIN10 disks of its own. */
	sdev->no_write_same = !(msft && stor->version >= VSTOR_PROTO_WIN10);
	if (msft && (stor->version == VSTOR_PROTO_WIN8 ||
		     stor->version == VSTOR_PROTO_WIN8_1))
		sdev->scsi_level = SCSI_SPC_3;
	return 0;
}

/*
 * Always wait on: the host completes it. A host that went away while the
 * controller was being removed completes nothing, so its commands are
 * failed from a work item (completing here would race the midlayer's
 * own handling of the timeout on kernels before 6.2).
 */
static enum scsi_timeout_action storvsc_eh_timed_out(struct scsi_cmnd *scmd)
{
	struct storvsc_dev *stor = shost_to_stor(scmd->device->host);

	if (READ_ONCE(stor->gone) || hvlis_channel_rescinded(stor->vdev->channel))
		schedule_work(&stor->gone_work);
	return SCSI_EH_RESET_TIMER;
}

/* Until the host has completed everything, or can no longer. */
static void storvsc_wait_drained(struct storvsc_dev *stor)
{
	while (!wait_event_timeout(stor->drained, !atomic_read(&stor->outstanding), HZ))
		if (READ_ONCE(stor->gone) || hvlis_channel_rescinded(stor->vdev->channel))
			return;
}

/* 1.13: RESET_BUS, then the host completes what it still has. */
static int storvsc_host_reset(struct scsi_cmnd *scmd)
{
	struct storvsc_dev *stor = shost_to_stor(scmd->device->host);
	struct vstor_packet pkt = {};
	int ret;

	shost_printk(KERN_INFO, stor->shost, "resetting the bus (%d commands outstanding)\n",
		     atomic_read(&stor->outstanding));
	pkt.operation = cpu_to_le32(VSTOR_OP_RESET_BUS);
	pkt.srb.path_id = scmd->device->channel;
	ret = storvsc_ctl_exec(stor, &pkt, STORVSC_RESET_TRANS_ID, STORVSC_RESET_TIMEOUT);
	if (ret)
		return FAILED;
	if (pkt.status)
		shost_printk(KERN_WARNING, stor->shost, "the host answered RESET_BUS with status %#x\n",
			     le32_to_cpu(pkt.status));
	storvsc_wait_drained(stor);
	return SUCCESS;
}

/* The geometry Hyper-V disks report: 255 heads, 63 sectors a track. */
static int storvsc_bios_param(struct scsi_device *sdev, struct block_device *bdev,
			      sector_t capacity, int geom[])
{
	sector_t cylinders = capacity;

	sector_div(cylinders, 255 * 63);
	if ((cylinders + 1) * 255 * 63 < capacity)
		cylinders = 0xffff;
	geom[0] = 255;
	geom[1] = 63;
	geom[2] = min_t(sector_t, cylinders, 0xffff);
	return 0;
}

/* The names are upstream storvsc's: udev rules and tools match on them. */
struct scsi_host_template storvsc_template = {
	.module			= THIS_MODULE,
	.name			= "storvsc_host_t",
	.proc_name		= "storvsc_host",
	.cmd_size		= sizeof(struct storvsc_cmd),
	.queuecommand		= storvsc_queuecommand,
	.eh_timed_out		= storvsc_eh_timed_out,
	.eh_host_reset_handler	= storvsc_host_reset,
	.slave_alloc		= storvsc_sdev_init,
	.slave_configure	= storvsc_sdev_configure,
	.bios_param		= storvsc_bios_param,
	.change_queue_depth	= scsi_change_queue_depth,
	.track_queue_depth	= 1,
	.cmd_per_lun		= 2048,
	.this_id		= -1,
	HVLIS_SHT_VIRT_BOUNDARY(STORVSC_VIRT_BOUNDARY)
};
