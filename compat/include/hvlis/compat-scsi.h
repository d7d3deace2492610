/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI midlayer API that changed upstream. Drivers are written against
 * the newest form; this header makes it exist on older kernels.
 */
#ifndef HVLIS_COMPAT_SCSI_H
#define HVLIS_COMPAT_SCSI_H

#include <linux/blk-mq.h>
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

#endif
