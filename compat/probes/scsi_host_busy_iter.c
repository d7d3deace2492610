/*
 * API: scsi_host_busy_iter(), calling back for every command a SCSI host
 * has in flight, in either form (probe scsi_host_busy_iter_2args tells
 * which).
 * Changed: between v5.4 and v5.10 (scsi: core: "add scsi_host_busy_iter()";
 * the exact release is unverified); before that a driver walked the
 * host's blk-mq tag set with blk_mq_tagset_busy_iter().
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc failing what a
 * dead channel owes).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: scsi_host_busy_iter
 */
#include <scsi/scsi_host.h>

static void probe(struct Scsi_Host *shost, void *fn)
{
	scsi_host_busy_iter(shost, fn, NULL);
}

void (*hvlis_probe)(struct Scsi_Host *, void *) = probe;
