/*
 * API: scsi_host_template.virt_boundary_mask, the gap-free scatterlist
 * boundary the midlayer sets on each device's queue.
 * Changed: v5.1 (scsi: core: "add a host / host template field for the
 * virt boundary"; the exact release is unverified); before that the
 * driver set it on the queue itself with blk_queue_virt_boundary().
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc's host template).
 */
#include <scsi/scsi_host.h>

struct scsi_host_template hvlis_probe_template = {
	.virt_boundary_mask = 4095,
};
