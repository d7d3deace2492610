/*
 * API: bio_alloc(bdev, nr_vecs, opf, gfp), which sets the bio's device
 * and operation.
 * Changed: v5.18 (block: "pass a block_device and opf to bio_alloc");
 * before that bio_alloc(gfp, nr_vecs), then bio_set_dev() and bi_opf.
 * Used by: compat/include/hvlis/compat-blkdev.h (the sim's device backend).
 */
#include <linux/bio.h>

static struct bio *probe(struct block_device *bdev)
{
	return bio_alloc(bdev, 1, REQ_OP_READ, GFP_KERNEL);
}

struct bio *(*hvlis_probe)(struct block_device *) = probe;
