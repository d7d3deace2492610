/*
 * API: bdev_file_open_by_path(), which opens a block device by path and
 * returns a struct file (file_bdev() gives the device; fput() closes it).
 * Changed: v6.9 (block: "Provide bdev_open_* functions" in v6.7 returned
 * a bdev_handle; v6.9 "bdev: make struct bdev_handle private to the
 * block layer" replaced it by a file). Before v6.5 the call was
 * blkdev_get_by_path(path, fmode_t, holder) with blkdev_put(bdev, mode).
 * Used by: compat/include/hvlis/compat-blkdev.h (the storage host's
 * pass-through LUNs, tests/sim/storage_backend.c).
 */
#include <linux/blkdev.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>

static int __init probe_init(void)
{
	struct file *file = bdev_file_open_by_path("/dev/null-probe",
						   BLK_OPEN_READ, NULL, NULL);

	if (!IS_ERR(file)) {
		(void)file_bdev(file);
		fput(file);
	}
	return 0;
}
module_init(probe_init);
