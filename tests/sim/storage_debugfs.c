// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/vmbus_sim/storage/<instance GUID>/: one directory per
 * storage controller (added with add_device and the SCSI or IDE class).
 *
 *   add_lun     write "<path> <target> <lun> [size=<bytes>[K|M|G|T]]
 *               [block=512|4096] [backend=ram|dev:<path>]": attach a disk
 *               (SCSI: path 0..7, target 0..1, lun 0..255; IDE: the path
 *               and target of its instance GUID, lun 0); a guest that is
 *               initialised gets an ENUMERATE_BUS. ram (the default) needs
 *               size= and has 512-byte blocks unless told; dev: takes the
 *               device's size and logical block size unless told
 *   remove_lun  write "<path> <target> <lun>": detach it (ENUMERATE_BUS too)
 *   resize      write "<path> <target> <lun> <bytes>[K|M|G|T]": the next
 *               command to it gets UNIT ATTENTION 2A/09 once
 *   inject      write "<srb_status hex> <scsi_status hex>
 *               [sense=KEY/ASC/ASCQ (hex)] [count=N] [lba=FIRST-LAST]":
 *               the next N commands (default 1, 0: until cleared), or with
 *               lba= the next N reads and writes touching those blocks,
 *               are answered so, without moving data; "clear" drops all
 *   hold        write 1: keep SRB completions back; 0: send them all;
 *               reads "<hold> <held now>"
 *   drop        write N: the next N SRB completions are never sent;
 *               reads how many are still to drop
 *   counters    "<name> <value>" lines
 *   luns        "<path> <target> <lun> size=<bytes> block=<bytes>
 *               backend=<ram|dev:path> pages=<RAM pages in use>" lines
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <hvlis/compat.h>

#include "storage.h"

static struct dentry *sim_stor_debugfs_dir;

void sim_stor_debugfs_init(struct dentry *parent)
{
	sim_stor_debugfs_dir = debugfs_create_dir("storage", parent);
}

static char *sim_stor_command(const char __user *ubuf, size_t count)
{
	char *buf;

	if (!count || count > 256)
		return ERR_PTR(-EINVAL);
	buf = memdup_user_nul(ubuf, count);
	return buf;
}

/* "<bytes>" with an optional K, M, G or T suffix. */
static int sim_stor_parse_size(const char *s, u64 *size)
{
	char *end;

	*size = memparse(s, &end);
	return *end || end == s ? -EINVAL : 0;
}

/* "<path> <target> <lun>" from @p, advancing it. */
static int sim_stor_parse_address(char **p, u8 addr[3])
{
	unsigned int i;
	char *tok;

	for (i = 0; i < 3; i++) {
		do {
			tok = strsep(p, " \t");
		} while (tok && !*tok);
		if (!tok || kstrtou8(tok, 0, &addr[i]))
			return -EINVAL;
	}
	return 0;
}

static char *sim_stor_next(char **p)
{
	char *tok;

	do {
		tok = strsep(p, " \t");
	} while (tok && !*tok);
	return tok;
}

static bool sim_stor_address_ok(const struct sim_stor *stor, const u8 addr[3])
{
	if (stor->ide)
		return addr[0] == stor->ide_path && addr[1] == stor->ide_target &&
		       !addr[2];
	return addr[0] <= 7 && addr[1] <= 1;
}

static ssize_t sim_stor_add_lun_write(struct file *file, const char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	char *buf, *p, *tok, *backend = "ram";
	struct sim_stor_lun *lun, *l, *existing;
	u32 block = 0;
	u64 size = 0;
	u8 addr[3];
	int ret;

	buf = sim_stor_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	ret = sim_stor_parse_address(&p, addr);
	while (!ret && (tok = sim_stor_next(&p))) {
		if (str_has_prefix(tok, "size="))
			ret = sim_stor_parse_size(tok + 5, &size);
		else if (str_has_prefix(tok, "block="))
			ret = kstrtou32(tok + 6, 10, &block);
		else if (str_has_prefix(tok, "backend="))
			backend = tok + 8;
		else
			ret = -EINVAL;
	}
	if (!ret && !sim_stor_address_ok(stor, addr))
		ret = -EINVAL;
	if (ret)
		goto out;
	lun = sim_stor_lun_create(backend, size, block);
	if (IS_ERR(lun)) {
		ret = PTR_ERR(lun);
		goto out;
	}
	lun->path = addr[0];
	lun->target = addr[1];
	lun->lun = addr[2];
	strscpy(lun->backend, backend, sizeof(lun->backend));

	mutex_lock(&stor->lock);
	existing = sim_stor_lun_get(stor, addr[0], addr[1], addr[2]);
	if (existing) {
		sim_stor_lun_put(existing);
		mutex_unlock(&stor->lock);
		sim_stor_lun_put(lun);
		ret = -EEXIST;
		goto out;
	}
	/* Kept in address order: REPORT LUNS lists them ascending. */
	list_for_each_entry(l, &stor->luns, node)
		if ((l->path << 16 | l->target << 8 | l->lun) >
		    (addr[0] << 16 | addr[1] << 8 | addr[2]))
			break;
	list_add_tail(&lun->node, &l->node);
	sim_stor_notify(stor);
	mutex_unlock(&stor->lock);
out:
	kfree(buf);
	return ret ? ret : count;
}

/* The LUN @p names, with a reference; advances @p. */
static struct sim_stor_lun *sim_stor_lun_named(struct sim_stor *stor, char **p)
{
	struct sim_stor_lun *lun;
	u8 addr[3];

	if (sim_stor_parse_address(p, addr))
		return ERR_PTR(-EINVAL);
	mutex_lock(&stor->lock);
	lun = sim_stor_lun_get(stor, addr[0], addr[1], addr[2]);
	mutex_unlock(&stor->lock);
	return lun ? lun : ERR_PTR(-ENOENT);
}

static ssize_t sim_stor_remove_lun_write(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	struct sim_stor_lun *lun;
	char *buf, *p;
	int ret = 0;

	buf = sim_stor_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	lun = sim_stor_lun_named(stor, &p);
	if (IS_ERR(lun)) {
		ret = PTR_ERR(lun);
	} else if (sim_stor_next(&p)) {
		sim_stor_lun_put(lun);
		ret = -EINVAL;
	} else {
		mutex_lock(&stor->lock);
		/* Unless another remove_lun took it first. */
		if (!list_empty(&lun->node)) {
			list_del_init(&lun->node);
			sim_stor_lun_put(lun);
			sim_stor_notify(stor);
		}
		mutex_unlock(&stor->lock);
		sim_stor_lun_put(lun);
	}
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t sim_stor_resize_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	struct sim_stor_lun *lun;
	char *buf, *p, *tok;
	u64 size;
	int ret;

	buf = sim_stor_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	lun = sim_stor_lun_named(stor, &p);
	if (IS_ERR(lun)) {
		ret = PTR_ERR(lun);
		goto out;
	}
	tok = sim_stor_next(&p);
	ret = tok ? sim_stor_parse_size(tok, &size) : -EINVAL;
	if (!ret && (!size || size % lun->block_size || sim_stor_next(&p)))
		ret = -EINVAL;
	if (!ret) {
		mutex_lock(&stor->lock);
		ret = lun->ops->resize(lun, size);
		if (!ret) {
			WRITE_ONCE(lun->size, size);
			lun->unit_attention = true;
		}
		mutex_unlock(&stor->lock);
	}
	sim_stor_lun_put(lun);
out:
	kfree(buf);
	return ret ? ret : count;
}

static int sim_stor_parse_inject(char *p, struct sim_stor_inject *inj)
{
	char *tok;
	u32 key, asc, ascq;

	tok = sim_stor_next(&p);
	if (!tok || kstrtou8(tok, 16, &inj->srb_status))
		return -EINVAL;
	tok = sim_stor_next(&p);
	if (!tok || kstrtou8(tok, 16, &inj->scsi_status))
		return -EINVAL;
	inj->count = 1;
	while ((tok = sim_stor_next(&p))) {
		if (str_has_prefix(tok, "sense=")) {
			if (sscanf(tok + 6, "%x/%x/%x", &key, &asc, &ascq) != 3 ||
			    key > 0xf || asc > 0xff || ascq > 0xff)
				return -EINVAL;
			inj->sense = true;
			inj->key = key;
			inj->asc = asc;
			inj->ascq = ascq;
		} else if (str_has_prefix(tok, "count=")) {
			if (kstrtou32(tok + 6, 0, &inj->count))
				return -EINVAL;
		} else if (str_has_prefix(tok, "lba=")) {
			if (sscanf(tok + 4, "%llu-%llu", &inj->lba_first,
				   &inj->lba_last) != 2 ||
			    inj->lba_first > inj->lba_last)
				return -EINVAL;
			inj->lba_range = true;
		} else {
			return -EINVAL;
		}
	}
	inj->active = true;
	return 0;
}

static ssize_t sim_stor_inject_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	struct sim_stor_inject inj = {};
	unsigned int i;
	char *buf;
	int ret;

	buf = sim_stor_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (!strcmp(strim(buf), "clear")) {
		mutex_lock(&stor->lock);
		memset(stor->inject, 0, sizeof(stor->inject));
		mutex_unlock(&stor->lock);
		kfree(buf);
		return count;
	}
	ret = sim_stor_parse_inject(strim(buf), &inj);
	kfree(buf);
	if (ret)
		return ret;
	ret = -ENOSPC;
	mutex_lock(&stor->lock);
	for (i = 0; i < SIM_STOR_MAX_INJECT; i++) {
		if (!stor->inject[i].active) {
			stor->inject[i] = inj;
			ret = 0;
			break;
		}
	}
	mutex_unlock(&stor->lock);
	return ret ? ret : count;
}

static ssize_t sim_stor_hold_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	struct sim_stor_held *held;
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &on);
	if (ret)
		return ret;
	mutex_lock(&stor->lock);
	stor->hold = on;
	if (!on) {
		list_for_each_entry(held, &stor->held, node)
			held->release = true;
		sim_stor_kick_all(stor);
	}
	mutex_unlock(&stor->lock);
	return count;
}

static ssize_t sim_stor_hold_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	struct sim_stor_held *held;
	unsigned int n = 0;
	char buf[32];
	int len;
	bool on;

	mutex_lock(&stor->lock);
	on = stor->hold;
	list_for_each_entry(held, &stor->held, node)
		n++;
	mutex_unlock(&stor->lock);
	len = scnprintf(buf, sizeof(buf), "%d %u\n", on, n);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t sim_stor_drop_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	u32 n;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	mutex_lock(&stor->lock);
	stor->drop = n;
	mutex_unlock(&stor->lock);
	return count;
}

static ssize_t sim_stor_drop_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct sim_stor *stor = file->private_data;
	char buf[16];
	int len;

	mutex_lock(&stor->lock);
	len = scnprintf(buf, sizeof(buf), "%u\n", stor->drop);
	mutex_unlock(&stor->lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static int sim_stor_counters_show(struct seq_file *m, void *unused)
{
	struct sim_stor *stor = m->private;
	const struct {
		const char *name;
		atomic64_t *value;
	} counters[] = {
		{ "violations", &stor->violations },
		{ "init_violations", &stor->init_violations },
		{ "ios", &stor->ios },
		{ "reads", &stor->reads },
		{ "writes", &stor->writes },
		{ "bytes_read", &stor->bytes_read },
		{ "bytes_written", &stor->bytes_written },
		{ "unmaps", &stor->unmaps },
		{ "syncs", &stor->syncs },
		{ "resets", &stor->resets },
		{ "held", &stor->held_count },
		{ "held_lost", &stor->held_lost },
		{ "dropped", &stor->dropped },
		{ "enumerates", &stor->enumerates },
		{ "unit_attentions", &stor->unit_attentions },
		{ "injected", &stor->injected },
		{ "stalls", &stor->stalls },
	};
	unsigned int i, channels = 1;

	for (i = 0; i < ARRAY_SIZE(counters); i++)
		seq_printf(m, "%s %lld\n", counters[i].name,
			   atomic64_read(counters[i].value));
	seq_printf(m, "version %#x\n", READ_ONCE(stor->negotiated));
	seq_printf(m, "ready %d\n", READ_ONCE(stor->ready));
	mutex_lock(&stor->lock);
	for (i = 1; i < SIM_STOR_CHANNELS; i++)
		if (stor->channels[i] || atomic64_read(&stor->channel_ios[i]))
			channels = i + 1;
	mutex_unlock(&stor->lock);
	for (i = 0; i < channels; i++)
		seq_printf(m, "channel%u_ios %lld\n", i,
			   atomic64_read(&stor->channel_ios[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_stor_counters);

static int sim_stor_luns_show(struct seq_file *m, void *unused)
{
	struct sim_stor *stor = m->private;
	struct sim_stor_lun *lun;

	mutex_lock(&stor->lock);
	list_for_each_entry(lun, &stor->luns, node)
		seq_printf(m, "%u %u %u size=%llu block=%u backend=%s pages=%lld\n",
			   lun->path, lun->target, lun->lun, READ_ONCE(lun->size),
			   lun->block_size, lun->backend,
			   atomic64_read(&lun->ram_pages));
	mutex_unlock(&stor->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_stor_luns);

#define SIM_STOR_WO_FOPS(name)						\
static const struct file_operations sim_stor_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.write = sim_stor_##name##_write,				\
}

#define SIM_STOR_RW_FOPS(name)						\
static const struct file_operations sim_stor_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.read = sim_stor_##name##_read,					\
	.write = sim_stor_##name##_write,				\
}

SIM_STOR_WO_FOPS(add_lun);
SIM_STOR_WO_FOPS(remove_lun);
SIM_STOR_WO_FOPS(resize);
SIM_STOR_WO_FOPS(inject);
SIM_STOR_RW_FOPS(hold);
SIM_STOR_RW_FOPS(drop);

/* The controller's directory; it lives as long as the module. */
void sim_stor_debugfs_add(struct sim_stor *stor)
{
	char name[40];
	struct dentry *dir;

	snprintf(name, sizeof(name), "%pUl", &stor->instance_id);
	dir = debugfs_create_dir(name, sim_stor_debugfs_dir);
	debugfs_create_file("add_lun", 0200, dir, stor, &sim_stor_add_lun_fops);
	debugfs_create_file("remove_lun", 0200, dir, stor, &sim_stor_remove_lun_fops);
	debugfs_create_file("resize", 0200, dir, stor, &sim_stor_resize_fops);
	debugfs_create_file("inject", 0200, dir, stor, &sim_stor_inject_fops);
	debugfs_create_file("hold", 0600, dir, stor, &sim_stor_hold_fops);
	debugfs_create_file("drop", 0600, dir, stor, &sim_stor_drop_fops);
	debugfs_create_file("counters", 0400, dir, stor, &sim_stor_counters_fops);
	debugfs_create_file("luns", 0400, dir, stor, &sim_stor_luns_fops);
	stor->dir = dir;
}
