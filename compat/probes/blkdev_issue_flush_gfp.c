/*
 * API: blkdev_issue_flush(bdev, gfp), without the error_sector argument.
 * Changed: v5.9 (block: "remove the error_sector argument to
 * blkdev_issue_flush"); before that blkdev_issue_flush(bdev, gfp, NULL).
 * v5.12 dropped the gfp mask too (probe blkdev_issue_flush_bdev).
 * Used by: compat/include/hvlis/compat-blkdev.h (the sim's device backend).
 */
#include <linux/blkdev.h>

static int probe(struct block_device *bdev)
{
	return blkdev_issue_flush(bdev, GFP_KERNEL);
}

int (*hvlis_probe)(struct block_device *) = probe;
