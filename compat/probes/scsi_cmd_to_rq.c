/*
 * API: scsi_cmd_to_rq(), the block request a SCSI command belongs to.
 * Changed: v5.15 (scsi: core: "Introduce the scsi_cmd_to_rq() function");
 * before that the command's request pointer.
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc's I/O path).
 */
#include <scsi/scsi_cmnd.h>

static struct request *probe(struct scsi_cmnd *scmd)
{
	return scsi_cmd_to_rq(scmd);
}

struct request *(*hvlis_probe)(struct scsi_cmnd *) = probe;
