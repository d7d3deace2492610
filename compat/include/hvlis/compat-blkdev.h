/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Opening a block device by path for exclusive read-write use, and
 * closing it again: the calls changed shape upstream (probe
 * bdev_file_open_by_path says how).
 */
#ifndef HVLIS_COMPAT_BLKDEV_H
#define HVLIS_COMPAT_BLKDEV_H

#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/fs.h>

/*
 * Open @path read-write and exclusively for @holder: an opaque handle for
 * hvlis_bdev_close() (or an ERR_PTR), the device in *@bdev.
 */
#ifdef HAVE_BDEV_FILE_OPEN_BY_PATH
static inline void *hvlis_bdev_open(const char *path, void *holder,
				    struct block_device **bdev)
{
	struct file *file = bdev_file_open_by_path(path, BLK_OPEN_READ |
						   BLK_OPEN_WRITE, holder, NULL);

	if (!IS_ERR(file))
		*bdev = file_bdev(file);
	return file;
}

static inline void hvlis_bdev_close(void *handle, struct block_device *bdev)
{
	fput(handle);
}
#else
#define HVLIS_BDEV_MODE	(FMODE_READ | FMODE_WRITE | FMODE_EXCL)

static inline void *hvlis_bdev_open(const char *path, void *holder,
				    struct block_device **bdev)
{
	struct block_device *b = blkdev_get_by_path(path, HVLIS_BDEV_MODE, holder);

	if (!IS_ERR(b))
		*bdev = b;
	return b;
}

static inline void hvlis_bdev_close(void *handle, struct block_device *bdev)
{
	blkdev_put(bdev, HVLIS_BDEV_MODE);
}
#endif

#endif
