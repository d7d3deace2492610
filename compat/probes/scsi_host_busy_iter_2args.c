/*
 * API: scsi_host_busy_iter() calls back with (command, data), without
 * the "reserved" flag.
 * Changed: v6.0 (scsi: core: "Remove reserved request time-out handling"
 * series: "scsi: core: Drop the reserved argument of the busy iterator");
 * before that the callback took a third, bool argument.
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc failing what a
 * dead channel owes).
 */
#include <scsi/scsi_host.h>

static bool probe_one(struct scsi_cmnd *scmd, void *data)
{
	return true;
}

static void probe(struct Scsi_Host *shost)
{
	scsi_host_busy_iter(shost, probe_one, NULL);
}

void (*hvlis_probe)(struct Scsi_Host *) = probe;
