/*
 * API: the blk_opf_t type of a bio's or request's operation and flags.
 * Changed: v6.0 (block: "Introduce the type blk_opf_t"); before that they
 * were an unsigned int.
 * Used by: compat/include/hvlis/compat-blkdev.h (the sim's device backend).
 */
/* Through blkdev.h: RHEL 7's blk_types.h does not build on its own. */
#include <linux/blkdev.h>

blk_opf_t hvlis_probe_opf = REQ_OP_WRITE | REQ_SYNC;
