/*
 * API: scsi_build_sense(), fixed or descriptor sense data in a command's
 * sense buffer with its result set to CHECK CONDITION.
 * Changed: v5.14 (scsi: core: "Add scsi_build_sense()"); before that a
 * driver called scsi_build_sense_buffer() and set the result itself.
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc's filtered commands).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: scsi_build_sense
 */
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_proto.h>

static void probe(struct scsi_cmnd *scmd)
{
	scsi_build_sense(scmd, 0, ILLEGAL_REQUEST, 0x20, 0x00);
}

void (*hvlis_probe)(struct scsi_cmnd *) = probe;
