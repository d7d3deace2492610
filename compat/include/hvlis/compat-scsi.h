/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI midlayer API that changed upstream. Drivers are written against
 * the newest form; this header makes it exist on older kernels.
 */
#ifndef HVLIS_COMPAT_SCSI_H
#define HVLIS_COMPAT_SCSI_H

#include <linux/blk-mq.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

/*
 * v6.2: eh_timed_out returns enum scsi_timeout_action; before, enum
 * blk_eh_timer_return. Only "reset the timer" means the same in both:
 * the old BLK_EH_DONE was the new SCSI_EH_NOT_HANDLED, so SCSI_EH_DONE
 * and SCSI_EH_NOT_HANDLED have no old spelling here.
 */
#ifndef HAVE_SCSI_TIMEOUT_ACTION
#define scsi_timeout_action	blk_eh_timer_return
#define SCSI_EH_RESET_TIMER	BLK_EH_RESET_TIMER
#endif

/* v5.16: scsi_done(); before, the command's own scsi_done pointer. */
#ifndef HAVE_SCSI_DONE
static inline void hvlis_scsi_done(struct scsi_cmnd *scmd)
{
	scmd->scsi_done(scmd);
}

#define scsi_done hvlis_scsi_done
#endif

/*
 * v5.14: scsi_build_sense(). Before, the sense data is built into the
 * command's buffer and the result says CHECK CONDITION with valid sense
 * (DRIVER_SENSE), as the v5.14 helper first did.
 */
#ifndef HAVE_SCSI_BUILD_SENSE
static inline void hvlis_scsi_build_sense(struct scsi_cmnd *scmd, int desc,
					  u8 key, u8 asc, u8 ascq)
{
	scsi_build_sense_buffer(desc, scmd->sense_buffer, key, asc, ascq);
	scmd->result = (DRIVER_SENSE << 24) | SAM_STAT_CHECK_CONDITION;
}

#define scsi_build_sense hvlis_scsi_build_sense
#endif

/*
 * v6.0: the scsi_host_busy_iter() callback is (command, data). Before, it
 * also took a "reserved" flag, which hv-lis never looks at: the old call
 * is made with a callback that passes the two on. Before scsi_host_busy_iter()
 * existed, the same walk is blk_mq_tagset_busy_iter() over the host's tag
 * set, which visits the started requests, each with its command as its
 * payload, just as scsi_host_busy_iter() does.
 */
#ifndef HAVE_SCSI_HOST_BUSY_ITER_2ARGS
struct hvlis_busy_iter {
	bool (*fn)(struct scsi_cmnd *scmd, void *data);
	void *data;
};

#ifdef HAVE_SCSI_HOST_BUSY_ITER
static inline bool hvlis_busy_iter_one(struct scsi_cmnd *scmd, void *data,
				       bool reserved)
{
	struct hvlis_busy_iter *iter = data;

	return iter->fn(scmd, iter->data);
}
#else
static inline bool hvlis_busy_iter_one(struct request *rq, void *data,
				       bool reserved)
{
	struct hvlis_busy_iter *iter = data;

	return iter->fn(blk_mq_rq_to_pdu(rq), iter->data);
}
#endif

static inline void hvlis_scsi_host_busy_iter(struct Scsi_Host *shost,
					     bool (*fn)(struct scsi_cmnd *, void *),
					     void *data)
{
	struct hvlis_busy_iter iter = { .fn = fn, .data = data };

#ifdef HAVE_SCSI_HOST_BUSY_ITER
	scsi_host_busy_iter(shost, hvlis_busy_iter_one, &iter);
#else
	blk_mq_tagset_busy_iter(&shost->tag_set, hvlis_busy_iter_one, &iter);
#endif
}

#define scsi_host_busy_iter hvlis_scsi_host_busy_iter
#endif

/* v6.6 (and 6.1.y): scsi_rescan_device() takes the scsi_device. */
#ifndef HAVE_SCSI_RESCAN_DEVICE_SDEV
static inline void hvlis_scsi_rescan_device(struct scsi_device *sdev)
{
	scsi_rescan_device(&sdev->sdev_gendev);
}

#define scsi_rescan_device hvlis_scsi_rescan_device
#endif

/* v5.15: scsi_cmd_to_rq(); before, the command's request pointer. */
#ifndef HAVE_SCSI_CMD_TO_RQ
static inline struct request *scsi_cmd_to_rq(struct scsi_cmnd *scmd)
{
	return scmd->request;
}
#endif

/*
 * v5.1: the host template's virt_boundary_mask, which the midlayer puts
 * on each device's queue. Before, the driver puts it there from
 * slave_alloc, before any command reaches the device: a template ends
 * with HVLIS_SHT_VIRT_BOUNDARY(mask) (no comma after it: it brings its
 * own) and slave_alloc calls hvlis_sdev_virt_boundary() with that mask.
 */
#ifdef HAVE_SCSI_HOST_VIRT_BOUNDARY
#define HVLIS_SHT_VIRT_BOUNDARY(mask)	.virt_boundary_mask = (mask),
static inline void hvlis_sdev_virt_boundary(struct scsi_device *sdev,
					    unsigned long mask)
{
}
#else
#define HVLIS_SHT_VIRT_BOUNDARY(mask)
static inline void hvlis_sdev_virt_boundary(struct scsi_device *sdev,
					    unsigned long mask)
{
	blk_queue_virt_boundary(sdev->request_queue, mask);
}
#endif

#endif
