/*
 * API: scsi_done(), the exported call that completes a SCSI command.
 * Changed: v5.16 (scsi: core: "Introduce scsi_done()"); before that the
 * driver called the command's own scsi_done function pointer.
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc completions).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: scsi_done
 */
#include <scsi/scsi_cmnd.h>

static void probe(struct scsi_cmnd *scmd)
{
	scsi_done(scmd);
}

void (*hvlis_probe)(struct scsi_cmnd *) = probe;
