/*
 * API: scsi_host_template.eh_timed_out returns enum scsi_timeout_action
 * (SCSI_EH_DONE, SCSI_EH_RESET_TIMER, SCSI_EH_NOT_HANDLED).
 * Changed: v6.2 (scsi: core: "Change the return type of .eh_timed_out()");
 * before that it returned enum blk_eh_timer_return.
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc's timeout handler).
 */
#include <scsi/scsi_host.h>

static enum scsi_timeout_action probe_timed_out(struct scsi_cmnd *scmd)
{
	return SCSI_EH_RESET_TIMER;
}

struct scsi_host_template hvlis_probe_template = {
	.eh_timed_out = probe_timed_out,
};
