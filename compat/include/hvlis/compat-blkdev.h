/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Opening a block device by path for exclusive read-write use, and
 * closing it again: the calls changed shape upstream (probe
 * bdev_file_open_by_path says how).
 */
#ifndef HVLIS_COMPAT_BLKDEV_H
#define HVLIS_COMPAT_BLKDEV_H

#include <linux/bio.h>
#include <linux/bitops.h>
#include <linux/blk_types.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/fs.h>

/*
 * v4.18: SECTOR_SIZE and SECTOR_SHIFT in <linux/blkdev.h>, the 512-byte
 * unit of bi_sector; before, each driver defined its own.
 */
#ifndef SECTOR_SHIFT
#define SECTOR_SHIFT	9
#endif
#ifndef SECTOR_SIZE
#define SECTOR_SIZE	BIT(SECTOR_SHIFT)
#endif

/* v6.0: blk_opf_t; before, a bio's operation and flags were unsigned int. */
#ifndef HAVE_BLK_OPF_T
typedef unsigned int blk_opf_t;
#endif

/*
 * v5.18: bio_alloc() takes the device and operation; before, they are set
 * on the bio it returns.
 */
#ifndef HAVE_BIO_ALLOC_BDEV
static inline struct bio *hvlis_bio_alloc(struct block_device *bdev,
					  unsigned short nr_vecs, blk_opf_t opf,
					  gfp_t gfp)
{
	struct bio *bio = bio_alloc(gfp, nr_vecs);

	if (bio) {
		bio_set_dev(bio, bdev);
		bio->bi_opf = opf;
	}
	return bio;
}

#define bio_alloc hvlis_bio_alloc
#endif

/* v5.12: bio_max_segs(); before, the clamp was to BIO_MAX_PAGES. */
#ifndef HAVE_BIO_MAX_SEGS
static inline unsigned int bio_max_segs(unsigned int nr_segs)
{
	return min_t(unsigned int, nr_segs, BIO_MAX_PAGES);
}
#endif

/*
 * v5.12: blkdev_issue_flush() lost its gfp mask; v5.9 had dropped its
 * error_sector, which hv-lis never asks for.
 */
#ifndef HAVE_BLKDEV_ISSUE_FLUSH_BDEV
static inline int hvlis_blkdev_issue_flush(struct block_device *bdev)
{
#ifdef HAVE_BLKDEV_ISSUE_FLUSH_GFP
	return blkdev_issue_flush(bdev, GFP_KERNEL);
#else
	return blkdev_issue_flush(bdev, GFP_KERNEL, NULL);
#endif
}

#define blkdev_issue_flush hvlis_blkdev_issue_flush
#endif

/* v5.16: bdev_nr_bytes(); before, the size of the device's inode. */
#ifndef HAVE_BDEV_NR_BYTES
static inline loff_t bdev_nr_bytes(struct block_device *bdev)
{
	return i_size_read(bdev->bd_inode);
}
#endif

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
