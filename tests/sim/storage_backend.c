// SPDX-License-Identifier: GPL-2.0-only
/*
 * LUN backends of the storage host.
 *
 * ram: sparse, 4 KiB pages in an xarray allocated on first write; a page
 * never written (or unmapped since) reads as zeros, so a 64 GiB disk costs
 * nothing until it is written. Writes are durable at once, a flush has
 * nothing to do.
 *
 * dev:<path>: a block device of the VM itself, opened exclusively. Reads
 * and writes are synchronous bios straight on the guest pages of the SRB
 * (from the ring work, which may sleep), SYNCHRONIZE CACHE a flush, UNMAP
 * a zero-out (unmapped blocks must read as zeros: LBPRZ).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <hvlis/compat-blkdev.h>
#include <hvlis/compat.h>

#include "storage.h"

#define SIM_RAM_PAGE		4096
#define SIM_RAM_SHIFT		12

static const u8 sim_ram_zeros[SIM_RAM_PAGE];

/* The backing page of index @idx, allocated if @alloc; NULL if absent. */
static struct page *sim_ram_page(struct sim_stor_lun *lun, unsigned long idx,
				 bool alloc)
{
	struct page *page = xa_load(&lun->pages, idx), *old;

	if (page || !alloc)
		return page;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return ERR_PTR(-ENOMEM);
	old = xa_cmpxchg(&lun->pages, idx, NULL, page, GFP_KERNEL);
	if (xa_is_err(old)) {
		__free_page(page);
		return ERR_PTR(xa_err(old));
	}
	if (old) {
		/* Another channel wrote it first. */
		__free_page(page);
		return old;
	}
	atomic64_inc(&lun->ram_pages);
	return page;
}

static int sim_ram_read(struct sim_stor_lun *lun, u64 pos, u32 len,
			const struct sim_stor_buf *buf, u32 buf_pos)
{
	while (len) {
		u32 off = pos & (SIM_RAM_PAGE - 1);
		u32 chunk = min_t(u32, len, SIM_RAM_PAGE - off);
		struct page *page = sim_ram_page(lun, pos >> SIM_RAM_SHIFT, false);
		int ret;

		if (page) {
			u8 *va = kmap_local_page(page);

			ret = sim_stor_buf_copy_to(buf, buf_pos, va + off, chunk);
			kunmap_local(va);
		} else {
			ret = sim_stor_buf_copy_to(buf, buf_pos, sim_ram_zeros, chunk);
		}
		if (ret)
			return ret;
		pos += chunk;
		buf_pos += chunk;
		len -= chunk;
	}
	return 0;
}

static int sim_ram_write(struct sim_stor_lun *lun, u64 pos, u32 len,
			 const struct sim_stor_buf *buf, u32 buf_pos)
{
	while (len) {
		u32 off = pos & (SIM_RAM_PAGE - 1);
		u32 chunk = min_t(u32, len, SIM_RAM_PAGE - off);
		struct page *page = sim_ram_page(lun, pos >> SIM_RAM_SHIFT, true);
		u8 *va;
		int ret;

		if (IS_ERR(page))
			return PTR_ERR(page);
		va = kmap_local_page(page);
		ret = sim_stor_buf_copy_from(buf, buf_pos, va + off, chunk);
		kunmap_local(va);
		if (ret)
			return ret;
		pos += chunk;
		buf_pos += chunk;
		len -= chunk;
	}
	return 0;
}

/* Unmapped blocks read as zeros: free whole pages, zero parts of others. */
static int sim_ram_discard(struct sim_stor_lun *lun, u64 pos, u64 len)
{
	while (len) {
		u32 off = pos & (SIM_RAM_PAGE - 1);
		u32 chunk = min_t(u64, len, SIM_RAM_PAGE - off);
		unsigned long idx = pos >> SIM_RAM_SHIFT;
		struct page *page;

		if (chunk == SIM_RAM_PAGE) {
			page = xa_erase(&lun->pages, idx);
			if (page) {
				__free_page(page);
				atomic64_dec(&lun->ram_pages);
			}
		} else {
			page = sim_ram_page(lun, idx, false);
			if (page)
				memzero_page(page, off, chunk);
		}
		pos += chunk;
		len -= chunk;
		cond_resched();
	}
	return 0;
}

static int sim_ram_write_same(struct sim_stor_lun *lun, u64 pos, u64 len,
			      const u8 *pattern, u32 pattern_len)
{
	if (!memchr_inv(pattern, 0, pattern_len))
		return sim_ram_discard(lun, pos, len);
	while (len) {
		/* Blocks are 512 or 4096 bytes: never across a backing page. */
		u32 off = pos & (SIM_RAM_PAGE - 1);
		struct page *page = sim_ram_page(lun, pos >> SIM_RAM_SHIFT, true);

		if (IS_ERR(page))
			return PTR_ERR(page);
		memcpy_to_page(page, off, pattern, pattern_len);
		pos += pattern_len;
		len -= pattern_len;
		cond_resched();
	}
	return 0;
}

static int sim_ram_flush(struct sim_stor_lun *lun)
{
	return 0;
}

static int sim_ram_resize(struct sim_stor_lun *lun, u64 size)
{
	u64 old = READ_ONCE(lun->size);

	/* What a shrink cuts off reads as zeros if the disk grows again. */
	if (size < old)
		sim_ram_discard(lun, size, old - size);
	return 0;
}

static void sim_ram_release(struct sim_stor_lun *lun)
{
	struct page *page;
	unsigned long idx;

	xa_for_each(&lun->pages, idx, page)
		__free_page(page);
	xa_destroy(&lun->pages);
}

static const struct sim_stor_backend_ops sim_stor_ram_ops = {
	.read = sim_ram_read,
	.write = sim_ram_write,
	.write_same = sim_ram_write_same,
	.discard = sim_ram_discard,
	.flush = sim_ram_flush,
	.resize = sim_ram_resize,
	.release = sim_ram_release,
};

/* Read or write @len bytes at @pos with the guest pages of @buf. */
static int sim_dev_rw(struct sim_stor_lun *lun, u64 pos, u32 len,
		      const struct sim_stor_buf *buf, u32 buf_pos, blk_opf_t opf)
{
	struct bio *bio;
	int ret;

	if (pos & (SECTOR_SIZE - 1) || len & (SECTOR_SIZE - 1) ||
	    buf_pos > buf->len || len > buf->len - buf_pos)
		return -EINVAL;
	bio = bio_alloc(lun->bdev, bio_max_segs(DIV_ROUND_UP(len, PAGE_SIZE) + 1),
			opf, GFP_KERNEL);
	bio->bi_iter.bi_sector = pos >> SECTOR_SHIFT;
	while (len) {
		u32 off, chunk;
		struct page *page = sim_stor_buf_page(buf, buf_pos, &off);

		chunk = min_t(u32, len, VMBUS_PAGE_SIZE - off);
		if (bio_add_page(bio, page, chunk, off) != chunk) {
			bio_put(bio);
			return -EIO;
		}
		buf_pos += chunk;
		len -= chunk;
	}
	ret = submit_bio_wait(bio);
	bio_put(bio);
	return ret;
}

static int sim_dev_read(struct sim_stor_lun *lun, u64 pos, u32 len,
			const struct sim_stor_buf *buf, u32 buf_pos)
{
	return sim_dev_rw(lun, pos, len, buf, buf_pos, REQ_OP_READ);
}

static int sim_dev_write(struct sim_stor_lun *lun, u64 pos, u32 len,
			 const struct sim_stor_buf *buf, u32 buf_pos)
{
	return sim_dev_rw(lun, pos, len, buf, buf_pos, REQ_OP_WRITE | REQ_SYNC);
}

static int sim_dev_discard(struct sim_stor_lun *lun, u64 pos, u64 len)
{
	return blkdev_issue_zeroout(lun->bdev, pos >> SECTOR_SHIFT,
				    len >> SECTOR_SHIFT, GFP_KERNEL, 0);
}

/* The pattern block repeated over a page, written page by page. */
static int sim_dev_write_same(struct sim_stor_lun *lun, u64 pos, u64 len,
			      const u8 *pattern, u32 pattern_len)
{
	struct page *page;
	u32 i;
	int ret = 0;

	if (!memchr_inv(pattern, 0, pattern_len))
		return sim_dev_discard(lun, pos, len);
	page = alloc_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	for (i = 0; i < PAGE_SIZE; i += pattern_len)
		memcpy_to_page(page, i, pattern, pattern_len);
	while (len && !ret) {
		u32 chunk = min_t(u64, len, PAGE_SIZE);
		struct bio *bio = bio_alloc(lun->bdev, 1, REQ_OP_WRITE | REQ_SYNC,
					    GFP_KERNEL);

		bio->bi_iter.bi_sector = pos >> SECTOR_SHIFT;
		__bio_add_page(bio, page, chunk, 0);
		ret = submit_bio_wait(bio);
		bio_put(bio);
		pos += chunk;
		len -= chunk;
		cond_resched();
	}
	__free_page(page);
	return ret;
}

static int sim_dev_flush(struct sim_stor_lun *lun)
{
	return blkdev_issue_flush(lun->bdev);
}

static int sim_dev_resize(struct sim_stor_lun *lun, u64 size)
{
	return size > bdev_nr_bytes(lun->bdev) ? -ENOSPC : 0;
}

static void sim_dev_release(struct sim_stor_lun *lun)
{
	hvlis_bdev_close(lun->bdev_handle, lun->bdev);
}

static const struct sim_stor_backend_ops sim_stor_dev_ops = {
	.read = sim_dev_read,
	.write = sim_dev_write,
	.write_same = sim_dev_write_same,
	.discard = sim_dev_discard,
	.flush = sim_dev_flush,
	.resize = sim_dev_resize,
	.release = sim_dev_release,
};

/*
 * Open @path for @lun: its size (0: the device's) and block size (0: the
 * device's logical block size) must fit the device.
 */
static int sim_stor_dev_open(struct sim_stor_lun *lun, const char *path)
{
	void *handle = hvlis_bdev_open(path, lun, &lun->bdev);
	u64 bytes;

	if (IS_ERR(handle))
		return PTR_ERR(handle);
	lun->bdev_handle = handle;
	bytes = bdev_nr_bytes(lun->bdev);
	if (!lun->block_size)
		lun->block_size = bdev_logical_block_size(lun->bdev);
	if (!lun->size)
		lun->size = round_down(bytes, lun->block_size);
	if ((lun->block_size != 512 && lun->block_size != 4096) ||
	    lun->block_size < bdev_logical_block_size(lun->bdev) ||
	    !lun->size || lun->size > bytes || lun->size % lun->block_size) {
		hvlis_bdev_close(handle, lun->bdev);
		return -EINVAL;
	}
	lun->ops = &sim_stor_dev_ops;
	return 0;
}

/*
 * A new LUN of @size bytes in @block_size blocks on @backend ("ram" or
 * "dev:<path>", where 0 means the device's); not on any controller yet.
 */
struct sim_stor_lun *sim_stor_lun_create(const char *backend, u64 size,
					 u32 block_size)
{
	struct sim_stor_lun *lun;
	int ret;

	lun = kzalloc(sizeof(*lun), GFP_KERNEL);
	if (!lun)
		return ERR_PTR(-ENOMEM);
	kref_init(&lun->ref);
	INIT_LIST_HEAD(&lun->node);
	xa_init(&lun->pages);
	atomic64_set(&lun->ram_pages, 0);
	lun->size = size;
	lun->block_size = block_size;
	if (!strcmp(backend, "ram")) {
		if (!block_size)
			lun->block_size = 512;
		if (!size || (lun->block_size != 512 && lun->block_size != 4096) ||
		    size % lun->block_size) {
			kfree(lun);
			return ERR_PTR(-EINVAL);
		}
		lun->ops = &sim_stor_ram_ops;
		return lun;
	}
	if (str_has_prefix(backend, "dev:")) {
		ret = sim_stor_dev_open(lun, backend + 4);
		if (!ret)
			return lun;
	} else {
		ret = -EINVAL;
	}
	kfree(lun);
	return ERR_PTR(ret);
}
