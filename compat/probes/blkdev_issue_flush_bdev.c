/*
 * API: blkdev_issue_flush(bdev), with no gfp mask.
 * Changed: v5.12 (block: "remove the gfp_mask argument to
 * blkdev_issue_flush"); before that blkdev_issue_flush(bdev, gfp).
 * Used by: compat/include/hvlis/compat-blkdev.h (the sim's device backend).
 */
#include <linux/blkdev.h>

static int probe(struct block_device *bdev)
{
	return blkdev_issue_flush(bdev);
}

int (*hvlis_probe)(struct block_device *) = probe;
