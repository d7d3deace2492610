// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCSI command emulation for the storage host: one SRB's CDB against one
 * LUN (SPC-3 / SBC-3 as a Hyper-V virtual disk presents them), with the
 * data moved straight between the LUN's backend and the guest pages of the
 * SRB's GPA range, each mapped with kmap_local_page() while it is copied.
 *
 * Conventions (protocol-devices.md 1.10, checklist 8-10): a CHECK
 * CONDITION carries fixed-format sense with AUTOSENSE_VALID and srb_status
 * ERROR; fewer bytes than the buffer holds is DATA_OVERRUN with the count
 * moved; INQUIRY of an absent LUN answers peripheral byte 0x7f, any other
 * command to it INVALID_LUN; REPORT LUNS answers for any path and target.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/slab.h>
#include <hvlis/compat.h>

#include "storage.h"

#define SIM_STOR_SENSE_LEN	18
#define SIM_STOR_INQUIRY_LEN	36
/* Largest UNMAP parameter list this host reads: 64 descriptors. */
#define SIM_STOR_MAX_UNMAP_DESC	64
#define SIM_STOR_UNMAP_LIST	(8 + 16 * SIM_STOR_MAX_UNMAP_DESC)
/* Blocks one UNMAP or WRITE SAME may cover (VPD 0xb0). */
#define SIM_STOR_MAX_UNMAP_BLOCKS	0x800000
#define SIM_STOR_PHYS_BLOCK	4096

enum {
	SCSI_TEST_UNIT_READY = 0x00, SCSI_REQUEST_SENSE = 0x03,
	SCSI_READ_6 = 0x08, SCSI_WRITE_6 = 0x0a, SCSI_INQUIRY = 0x12,
	SCSI_MODE_SENSE_6 = 0x1a, SCSI_START_STOP_UNIT = 0x1b,
	SCSI_READ_CAPACITY_10 = 0x25, SCSI_READ_10 = 0x28, SCSI_WRITE_10 = 0x2a,
	SCSI_SYNCHRONIZE_CACHE_10 = 0x35, SCSI_WRITE_SAME_10 = 0x41,
	SCSI_UNMAP = 0x42, SCSI_MODE_SENSE_10 = 0x5a, SCSI_READ_16 = 0x88,
	SCSI_WRITE_16 = 0x8a, SCSI_SYNCHRONIZE_CACHE_16 = 0x91,
	SCSI_WRITE_SAME_16 = 0x93, SCSI_SERVICE_ACTION_IN_16 = 0x9e,
	SCSI_REPORT_LUNS = 0xa0, SCSI_READ_12 = 0xa8, SCSI_WRITE_12 = 0xaa,
};

#define SCSI_SAI_READ_CAPACITY_16	0x10

/*
 * Big-endian CDB and parameter fields, byte by byte (the unaligned
 * helpers' header moved between the kernels this builds for).
 */
static u64 sim_stor_get_be(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void sim_stor_put_be(u64 v, u8 *p, unsigned int n)
{
	while (n--) {
		p[n] = v;
		v >>= 8;
	}
}

#define get_be16(p)	((u16)sim_stor_get_be(p, 2))
#define get_be24(p)	((u32)sim_stor_get_be(p, 3))
#define get_be32(p)	((u32)sim_stor_get_be(p, 4))
#define get_be64(p)	sim_stor_get_be(p, 8)
#define put_be16(v, p)	sim_stor_put_be(v, p, 2)
#define put_be24(v, p)	sim_stor_put_be(v, p, 3)
#define put_be32(v, p)	sim_stor_put_be(v, p, 4)
#define put_be64(v, p)	sim_stor_put_be(v, p, 8)

/* The guest page holding byte @pos of the buffer, and where in it. */
struct page *sim_stor_buf_page(const struct sim_stor_buf *buf, u32 pos,
			       u32 *page_off)
{
	u32 at = buf->offset + pos;

	*page_off = at % VMBUS_PAGE_SIZE;
	return pfn_to_page(le64_to_cpu(buf->pfns[at / VMBUS_PAGE_SIZE]));
}

static int sim_stor_buf_copy(const struct sim_stor_buf *buf, u32 pos, u8 *mem,
			     u32 len, bool to_guest)
{
	if (pos > buf->len || len > buf->len - pos)
		return -EINVAL;
	while (len) {
		u32 off, chunk;
		struct page *page = sim_stor_buf_page(buf, pos, &off);
		u8 *va;

		chunk = min_t(u32, len, VMBUS_PAGE_SIZE - off);
		va = kmap_local_page(page);
		if (to_guest)
			memcpy(va + off, mem, chunk);
		else
			memcpy(mem, va + off, chunk);
		kunmap_local(va);
		mem += chunk;
		pos += chunk;
		len -= chunk;
	}
	return 0;
}

int sim_stor_buf_copy_to(const struct sim_stor_buf *buf, u32 pos,
			 const void *src, u32 len)
{
	return sim_stor_buf_copy(buf, pos, (u8 *)src, len, true);
}

int sim_stor_buf_copy_from(const struct sim_stor_buf *buf, u32 pos, void *dst,
			   u32 len)
{
	return sim_stor_buf_copy(buf, pos, dst, len, false);
}

/* Fixed-format sense (SPC-3 4.5.3), CHECK CONDITION with it. */
void sim_stor_sense(struct sim_stor_result *res, u8 key, u8 asc, u8 ascq)
{
	memset(res->sense, 0, sizeof(res->sense));
	res->sense[0] = 0x70;
	res->sense[2] = key;
	res->sense[7] = SIM_STOR_SENSE_LEN - 8;
	res->sense[12] = asc;
	res->sense[13] = ascq;
	res->sense_len = SIM_STOR_SENSE_LEN;
}

static void sim_stor_check(struct sim_stor_result *res, u8 key, u8 asc, u8 ascq)
{
	res->srb_status = VSTOR_SRB_STATUS_ERROR | VSTOR_SRB_STATUS_AUTOSENSE_VALID;
	res->scsi_status = SIM_STOR_CHECK_CONDITION;
	res->transferred = 0;
	sim_stor_sense(res, key, asc, ascq);
}

static void sim_stor_invalid_field(struct sim_stor_result *res)
{
	sim_stor_check(res, SIM_STOR_ILLEGAL_REQUEST, 0x24, 0x00);
}

static void sim_stor_good(const struct sim_stor_cmd *cmd,
			  struct sim_stor_result *res, u32 transferred)
{
	res->scsi_status = SIM_STOR_GOOD;
	res->transferred = transferred;
	res->srb_status = transferred < cmd->buf_len ?
			  VSTOR_SRB_STATUS_DATA_OVERRUN : VSTOR_SRB_STATUS_SUCCESS;
}

/*
 * A data-in command's answer: @avail bytes of @data, as many as the
 * allocation length and the guest's buffer take.
 */
static void sim_stor_data_in(const struct sim_stor_cmd *cmd,
			     struct sim_stor_result *res, const void *data,
			     u32 avail, u32 alloc)
{
	u32 n = min3(avail, alloc, cmd->buf_len);

	if (n && sim_stor_buf_copy_to(cmd->buf, 0, data, n)) {
		res->srb_status = VSTOR_SRB_STATUS_INTERNAL_ERROR;
		return;
	}
	sim_stor_good(cmd, res, n);
}

/* The command's data direction against the SRB's; false on a violation. */
static bool sim_stor_direction_ok(const struct sim_stor_cmd *cmd,
				  struct sim_stor_result *res, bool data_in)
{
	if (!cmd->buf || cmd->data_in == data_in)
		return true;
	sim_stor_violation(cmd->stor, "opcode %#x with a data-%s buffer; it moves data %s\n",
			   cmd->srb->cdb[0], cmd->data_in ? "in" : "out",
			   data_in ? "in" : "out");
	res->srb_status = VSTOR_SRB_STATUS_INVALID_REQUEST;
	res->scsi_status = SIM_STOR_GOOD;
	res->transferred = 0;
	return false;
}

/* LBA and block count of a medium-access CDB; false for other commands. */
bool sim_stor_scsi_lba(const u8 *cdb, u64 *lba, u32 *blocks)
{
	switch (cdb[0]) {
	case SCSI_READ_6:
	case SCSI_WRITE_6:
		*lba = get_be24(&cdb[1]) & 0x1fffff;
		*blocks = cdb[4] ? cdb[4] : 256;
		return true;
	case SCSI_READ_10:
	case SCSI_WRITE_10:
	case SCSI_WRITE_SAME_10:
		*lba = get_be32(&cdb[2]);
		*blocks = get_be16(&cdb[7]);
		return true;
	case SCSI_READ_12:
	case SCSI_WRITE_12:
		*lba = get_be32(&cdb[2]);
		*blocks = get_be32(&cdb[6]);
		return true;
	case SCSI_READ_16:
	case SCSI_WRITE_16:
	case SCSI_WRITE_SAME_16:
		*lba = get_be64(&cdb[2]);
		*blocks = get_be32(&cdb[10]);
		return true;
	default:
		return false;
	}
}

static u64 sim_stor_blocks(const struct sim_stor_lun *lun)
{
	return READ_ONCE(lun->size) / lun->block_size;
}

static bool sim_stor_range_ok(const struct sim_stor_lun *lun, u64 lba, u64 blocks,
			      struct sim_stor_result *res)
{
	u64 capacity = sim_stor_blocks(lun);

	if (lba > capacity || blocks > capacity - lba) {
		sim_stor_check(res, SIM_STOR_ILLEGAL_REQUEST, 0x21, 0x00);
		return false;
	}
	return true;
}

static void sim_stor_inquiry_std(const struct sim_stor_cmd *cmd, u8 *d)
{
	memset(d, ' ', SIM_STOR_INQUIRY_LEN);
	d[0] = cmd->lun ? 0x00 : 0x7f;	/* disk, or "no LUN here" */
	d[1] = 0;
	d[2] = 0x05;		/* SPC-3 */
	d[3] = 0x02;		/* response data format */
	d[4] = SIM_STOR_INQUIRY_LEN - 5;
	d[5] = 0;
	d[6] = 0;
	d[7] = 0x02;		/* CMDQUE */
	if (cmd->lun) {
		memcpy(&d[8], "Msft    ", 8);
		memcpy(&d[16], "Virtual Disk    ", 16);
		memcpy(&d[32], "1.0 ", 4);
	}
}

/* 38 hex digits naming the LUN: instance GUID, target, LUN. */
static int sim_stor_serial(const struct sim_stor_cmd *cmd, char *s, size_t size)
{
	return scnprintf(s, size, "%16phN%02x%02x%02x", cmd->stor->instance_id.b,
			 cmd->path, cmd->srb->target_id, cmd->srb->lun);
}

static u32 sim_stor_vpd(const struct sim_stor_cmd *cmd, u8 page, u8 *d)
{
	const struct sim_stor_lun *lun = cmd->lun;
	static const u8 pages[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2 };
	u32 bs = lun->block_size, max_blocks;
	char serial[48];
	int n;

	memset(d, 0, 64 + sizeof(serial) * 2);
	d[1] = page;
	switch (page) {
	case 0x00:
		memcpy(&d[4], pages, sizeof(pages));
		d[3] = sizeof(pages);
		return 4 + sizeof(pages);
	case 0x80:
		n = sim_stor_serial(cmd, serial, sizeof(serial));
		memcpy(&d[4], serial, n);
		d[3] = n;
		return 4 + n;
	case 0x83:
		/* NAA 6 from the instance GUID and the LUN's address. */
		d[4] = 0x01;		/* binary */
		d[5] = 0x03;		/* logical unit, NAA */
		d[7] = 16;
		d[8] = 0x60 | (cmd->stor->instance_id.b[15] & 0x0f);
		memcpy(&d[9], cmd->stor->instance_id.b, 12);
		d[21] = cmd->path;
		d[22] = cmd->srb->target_id;
		d[23] = cmd->srb->lun;
		/* T10 vendor id: "Msft" and the serial number. */
		n = sim_stor_serial(cmd, serial, sizeof(serial));
		d[24] = 0x02;		/* ASCII */
		d[25] = 0x01;		/* logical unit, T10 vendor id */
		d[27] = 8 + n;
		memcpy(&d[28], "Msft    ", 8);
		memcpy(&d[36], serial, n);
		d[3] = 36 + n - 4;
		return 36 + n;
	case 0xb0:
		max_blocks = cmd->stor->max_transfer / bs;
		d[3] = 0x3c;
		d[4] = 0x01;		/* WSNZ: WRITE SAME of 0 blocks refused */
		put_be32(max_blocks, &d[8]);
		put_be32(max_blocks, &d[12]);
		put_be32(SIM_STOR_MAX_UNMAP_BLOCKS, &d[20]);
		put_be32(SIM_STOR_MAX_UNMAP_DESC, &d[24]);
		put_be32(max(SIM_STOR_PHYS_BLOCK / bs, 1U), &d[28]);
		put_be32(0x80000000, &d[32]);	/* UGAVALID, aligned 0 */
		put_be64(SIM_STOR_MAX_UNMAP_BLOCKS, &d[36]);
		return 64;
	case 0xb1:
		d[3] = 0x3c;
		put_be16(1, &d[4]);	/* non-rotating */
		return 64;
	case 0xb2:
		d[3] = 4;
		d[5] = 0x80 | 0x40 | 0x04;	/* LBPU, LBPWS, LBPRZ */
		d[6] = 0x02;			/* thin provisioned */
		return 8;
	default:
		return 0;
	}
}

static void sim_stor_inquiry(const struct sim_stor_cmd *cmd,
			     struct sim_stor_result *res)
{
	const u8 *cdb = cmd->srb->cdb;
	u32 alloc = get_be16(&cdb[3]), len;
	u8 d[160];

	if (!sim_stor_direction_ok(cmd, res, true))
		return;
	if (!(cdb[1] & 0x01)) {
		if (cdb[2])
			return sim_stor_invalid_field(res);
		sim_stor_inquiry_std(cmd, d);
		return sim_stor_data_in(cmd, res, d, SIM_STOR_INQUIRY_LEN, alloc);
	}
	if (!cmd->lun) {
		/* Linux takes any INQUIRY answer: say there is no LUN. */
		memset(d, 0, 4);
		d[0] = 0x7f;
		d[1] = cdb[2];
		return sim_stor_data_in(cmd, res, d, 4, alloc);
	}
	len = sim_stor_vpd(cmd, cdb[2], d);
	if (!len)
		return sim_stor_invalid_field(res);
	sim_stor_data_in(cmd, res, d, len, alloc);
}

static void sim_stor_read_capacity(const struct sim_stor_cmd *cmd,
				   struct sim_stor_result *res, bool long_form)
{
	const struct sim_stor_lun *lun = cmd->lun;
	u64 last = sim_stor_blocks(lun) - 1;
	u8 d[32] = {};

	if (!sim_stor_direction_ok(cmd, res, true))
		return;
	if (!long_form) {
		put_be32(min_t(u64, last, U32_MAX), &d[0]);
		put_be32(lun->block_size, &d[4]);
		return sim_stor_data_in(cmd, res, d, 8, 8);
	}
	put_be64(last, &d[0]);
	put_be32(lun->block_size, &d[8]);
	/* Logical blocks per physical block: 512e disks are 4 KiB inside. */
	d[13] = ilog2(max(SIM_STOR_PHYS_BLOCK / lun->block_size, 1U));
	d[14] = 0x80 | 0x40;	/* LBPME, LBPRZ */
	sim_stor_data_in(cmd, res, d, sizeof(d),
			 get_be32(&cmd->srb->cdb[10]));
}

static void sim_stor_backend_error(struct sim_stor_result *res, bool write)
{
	sim_stor_check(res, SIM_STOR_MEDIUM_ERROR, write ? 0x0c : 0x11, 0x00);
}

static void sim_stor_rw(const struct sim_stor_cmd *cmd, struct sim_stor_result *res,
			bool write)
{
	struct sim_stor_lun *lun = cmd->lun;
	struct sim_stor *stor = cmd->stor;
	u64 lba, bytes;
	u32 blocks;
	int ret;

	sim_stor_scsi_lba(cmd->srb->cdb, &lba, &blocks);
	if (!sim_stor_direction_ok(cmd, res, !write) ||
	    !sim_stor_range_ok(lun, lba, blocks, res))
		return;
	bytes = (u64)blocks * lun->block_size;
	if (bytes > cmd->buf_len)
		return sim_stor_invalid_field(res);
	if (bytes) {
		if (write)
			ret = lun->ops->write(lun, lba * lun->block_size, bytes,
					      cmd->buf, 0);
		else
			ret = lun->ops->read(lun, lba * lun->block_size, bytes,
					     cmd->buf, 0);
		/* FUA (10, 12, 16): durable before the completion. */
		if (!ret && write && cmd->srb->cdb[0] != SCSI_WRITE_6 &&
		    (cmd->srb->cdb[1] & 0x08))
			ret = lun->ops->flush(lun);
		if (ret)
			return sim_stor_backend_error(res, write);
	}
	if (write) {
		atomic64_inc(&stor->writes);
		atomic64_add(bytes, &stor->bytes_written);
	} else {
		atomic64_inc(&stor->reads);
		atomic64_add(bytes, &stor->bytes_read);
	}
	sim_stor_good(cmd, res, bytes);
}

static void sim_stor_sync(const struct sim_stor_cmd *cmd, struct sim_stor_result *res)
{
	atomic64_inc(&cmd->stor->syncs);
	if (cmd->lun->ops->flush(cmd->lun))
		return sim_stor_backend_error(res, true);
	sim_stor_good(cmd, res, 0);
}

static void sim_stor_unmap(const struct sim_stor_cmd *cmd, struct sim_stor_result *res)
{
	struct sim_stor_lun *lun = cmd->lun;
	u32 len = get_be16(&cmd->srb->cdb[7]), i, count;
	u8 *list;

	if (!sim_stor_direction_ok(cmd, res, false))
		return;
	len = min(len, cmd->buf_len);
	if (!len)
		return sim_stor_good(cmd, res, 0);
	if (len < 8 || len > SIM_STOR_UNMAP_LIST)
		return sim_stor_invalid_field(res);
	list = kmalloc(len, GFP_KERNEL);
	if (!list) {
		res->srb_status = VSTOR_SRB_STATUS_BUSY;
		return;
	}
	if (sim_stor_buf_copy_from(cmd->buf, 0, list, len))
		goto invalid;
	count = min_t(u32, get_be16(&list[2]), len - 8) / 16;
	for (i = 0; i < count; i++) {
		const u8 *desc = &list[8 + 16 * i];
		u64 lba = get_be64(desc);
		u32 blocks = get_be32(&desc[8]);

		if (!sim_stor_range_ok(lun, lba, blocks, res))
			goto out;
		if (blocks > SIM_STOR_MAX_UNMAP_BLOCKS)
			goto invalid;
	}
	for (i = 0; i < count; i++) {
		const u8 *desc = &list[8 + 16 * i];
		u64 lba = get_be64(desc);
		u32 blocks = get_be32(&desc[8]);

		if (blocks && lun->ops->discard(lun, lba * lun->block_size,
						(u64)blocks * lun->block_size)) {
			sim_stor_backend_error(res, true);
			goto out;
		}
	}
	atomic64_inc(&cmd->stor->unmaps);
	sim_stor_good(cmd, res, len);
	goto out;
invalid:
	sim_stor_invalid_field(res);
out:
	kfree(list);
}

static void sim_stor_write_same(const struct sim_stor_cmd *cmd,
				struct sim_stor_result *res)
{
	struct sim_stor_lun *lun = cmd->lun;
	const u8 *cdb = cmd->srb->cdb;
	bool unmap = cdb[1] & 0x08;
	bool ndob = cdb[0] == SCSI_WRITE_SAME_16 && (cdb[1] & 0x01);
	u32 bs = lun->block_size, blocks;
	u8 *pattern;
	u64 lba;
	int ret;

	sim_stor_scsi_lba(cdb, &lba, &blocks);
	if (!sim_stor_direction_ok(cmd, res, false) ||
	    !sim_stor_range_ok(lun, lba, blocks, res))
		return;
	if (!blocks || blocks > SIM_STOR_MAX_UNMAP_BLOCKS ||
	    (!ndob && cmd->buf_len < bs))
		return sim_stor_invalid_field(res);
	pattern = kzalloc(bs, GFP_KERNEL);
	if (!pattern) {
		res->srb_status = VSTOR_SRB_STATUS_BUSY;
		return;
	}
	if (!ndob && sim_stor_buf_copy_from(cmd->buf, 0, pattern, bs)) {
		kfree(pattern);
		return sim_stor_invalid_field(res);
	}
	/* Unmapped blocks read as zeros (LBPRZ): unmap only a zero pattern. */
	if (unmap && !memchr_inv(pattern, 0, bs)) {
		ret = lun->ops->discard(lun, lba * bs, (u64)blocks * bs);
		atomic64_inc(&cmd->stor->unmaps);
	} else {
		ret = lun->ops->write_same(lun, lba * bs, (u64)blocks * bs,
					   pattern, bs);
		atomic64_inc(&cmd->stor->writes);
	}
	kfree(pattern);
	if (ret)
		return sim_stor_backend_error(res, true);
	sim_stor_good(cmd, res, ndob ? 0 : bs);
}

/* The mode pages this disk has (SBC-3 6.4): caching and control. */
static u32 sim_stor_mode_page(u8 page, u8 pc, u8 *p)
{
	switch (page) {
	case 0x08:
		memset(p, 0, 20);
		p[0] = 0x08;
		p[1] = 0x12;
		if (pc != 1)
			p[2] = 0x04;	/* WCE: the guest flushes */
		return 20;
	case 0x0a:
		memset(p, 0, 12);
		p[0] = 0x0a;
		p[1] = 0x0a;
		return 12;
	default:
		return 0;
	}
}

static void sim_stor_mode_sense(const struct sim_stor_cmd *cmd,
				struct sim_stor_result *res, bool ten)
{
	const struct sim_stor_lun *lun = cmd->lun;
	const u8 *cdb = cmd->srb->cdb;
	bool dbd = cdb[1] & 0x08;
	u8 pc = cdb[2] >> 6, page = cdb[2] & 0x3f, subpage = cdb[3];
	u32 hdr = ten ? 8 : 4, len, alloc, n;
	u8 d[8 + 8 + 20 + 12];

	if (!sim_stor_direction_ok(cmd, res, true))
		return;
	if (pc == 3)
		return sim_stor_check(res, SIM_STOR_ILLEGAL_REQUEST, 0x39, 0x00);
	if (subpage && subpage != 0xff)
		return sim_stor_invalid_field(res);
	memset(d, 0, sizeof(d));
	len = hdr;
	if (!dbd) {
		put_be32(min_t(u64, sim_stor_blocks(lun), U32_MAX), &d[len]);
		put_be24(lun->block_size, &d[len + 5]);
		len += 8;
	}
	if (page == 0x3f) {
		len += sim_stor_mode_page(0x08, pc, &d[len]);
		len += sim_stor_mode_page(0x0a, pc, &d[len]);
	} else {
		n = sim_stor_mode_page(page, pc, &d[len]);
		if (!n)
			return sim_stor_invalid_field(res);
		len += n;
	}
	if (ten) {
		put_be16(len - 2, &d[0]);
		d[3] = 0x10;		/* DPOFUA */
		put_be16(dbd ? 0 : 8, &d[6]);
		alloc = get_be16(&cdb[7]);
	} else {
		d[0] = len - 1;
		d[2] = 0x10;
		d[3] = dbd ? 0 : 8;
		alloc = cdb[4];
	}
	sim_stor_data_in(cmd, res, d, len, alloc);
}

/* The LUNs on the command's path and target, present or not there. */
static void sim_stor_report_luns(const struct sim_stor_cmd *cmd,
				 struct sim_stor_result *res)
{
	struct sim_stor *stor = cmd->stor;
	u32 alloc = get_be32(&cmd->srb->cdb[6]), len = 8;
	struct sim_stor_lun *lun;
	u8 *d;

	if (!sim_stor_direction_ok(cmd, res, true))
		return;
	if (alloc < 16 || cmd->srb->cdb[2] > 2)
		return sim_stor_invalid_field(res);
	d = kzalloc(8 + 8 * 256, GFP_KERNEL);
	if (!d) {
		res->srb_status = VSTOR_SRB_STATUS_BUSY;
		return;
	}
	mutex_lock(&stor->lock);
	list_for_each_entry(lun, &stor->luns, node) {
		if (lun->path != cmd->path || lun->target != cmd->srb->target_id)
			continue;
		d[len + 1] = lun->lun;	/* peripheral device addressing */
		len += 8;
	}
	mutex_unlock(&stor->lock);
	put_be32(len - 8, &d[0]);
	sim_stor_data_in(cmd, res, d, len, alloc);
	kfree(d);
}

static void sim_stor_request_sense(const struct sim_stor_cmd *cmd,
				   struct sim_stor_result *res)
{
	struct sim_stor_result none = {};

	if (!sim_stor_direction_ok(cmd, res, true))
		return;
	sim_stor_sense(&none, SIM_STOR_NO_SENSE, 0, 0);
	sim_stor_data_in(cmd, res, none.sense, SIM_STOR_SENSE_LEN,
			 cmd->srb->cdb[4]);
}

void sim_stor_scsi_execute(struct sim_stor_cmd *cmd, struct sim_stor_result *res)
{
	const u8 *cdb = cmd->srb->cdb;

	res->sense_len = 0;
	switch (cdb[0]) {
	case SCSI_INQUIRY:
		return sim_stor_inquiry(cmd, res);
	case SCSI_REPORT_LUNS:
		return sim_stor_report_luns(cmd, res);
	}
	if (!cmd->lun) {
		/* 1.10: how a removed disk leaves the guest. */
		res->srb_status = VSTOR_SRB_STATUS_INVALID_LUN;
		res->scsi_status = SIM_STOR_CHECK_CONDITION;
		res->transferred = 0;
		return;
	}
	switch (cdb[0]) {
	case SCSI_TEST_UNIT_READY:
	case SCSI_START_STOP_UNIT:
		return sim_stor_good(cmd, res, 0);
	case SCSI_REQUEST_SENSE:
		return sim_stor_request_sense(cmd, res);
	case SCSI_READ_CAPACITY_10:
		return sim_stor_read_capacity(cmd, res, false);
	case SCSI_SERVICE_ACTION_IN_16:
		if ((cdb[1] & 0x1f) != SCSI_SAI_READ_CAPACITY_16)
			break;
		return sim_stor_read_capacity(cmd, res, true);
	case SCSI_READ_6:
	case SCSI_READ_10:
	case SCSI_READ_12:
	case SCSI_READ_16:
		return sim_stor_rw(cmd, res, false);
	case SCSI_WRITE_6:
	case SCSI_WRITE_10:
	case SCSI_WRITE_12:
	case SCSI_WRITE_16:
		return sim_stor_rw(cmd, res, true);
	case SCSI_SYNCHRONIZE_CACHE_10:
	case SCSI_SYNCHRONIZE_CACHE_16:
		return sim_stor_sync(cmd, res);
	case SCSI_UNMAP:
		return sim_stor_unmap(cmd, res);
	case SCSI_WRITE_SAME_10:
	case SCSI_WRITE_SAME_16:
		return sim_stor_write_same(cmd, res);
	case SCSI_MODE_SENSE_6:
		return sim_stor_mode_sense(cmd, res, false);
	case SCSI_MODE_SENSE_10:
		return sim_stor_mode_sense(cmd, res, true);
	}
	/* Invalid command operation code. */
	sim_stor_check(res, SIM_STOR_ILLEGAL_REQUEST, 0x20, 0x00);
}
