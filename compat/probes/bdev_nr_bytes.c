/*
 * API: bdev_nr_bytes(), a block device's size in bytes.
 * Changed: v5.16 (block: "add a bdev_nr_bytes helper"); before that
 * i_size_read(bdev->bd_inode).
 * Used by: compat/include/hvlis/compat-blkdev.h (the sim's device backend).
 */
#include <linux/blkdev.h>

static loff_t probe(struct block_device *bdev)
{
	return bdev_nr_bytes(bdev);
}

loff_t (*hvlis_probe)(struct block_device *) = probe;
