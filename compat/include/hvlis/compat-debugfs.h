/* SPDX-License-Identifier: GPL-2.0-only */
/* debugfs interfaces that changed upstream. */
#ifndef HVLIS_COMPAT_DEBUGFS_H
#define HVLIS_COMPAT_DEBUGFS_H

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/*
 * v4.7: debugfs_create_file_unsafe() with DEFINE_DEBUGFS_ATTRIBUTE().
 * Before, the plain file and simple attribute (whose removal races are
 * the ones v4.7 closed; the sim removes its files before their data).
 */
#ifndef HAVE_DEBUGFS_CREATE_FILE_UNSAFE
#define DEFINE_DEBUGFS_ATTRIBUTE DEFINE_SIMPLE_ATTRIBUTE
#define debugfs_create_file_unsafe debugfs_create_file
#endif

/*
 * v4.5: debugfs_create_bool() on a bool; before, on a u32. The same
 * "Y"/"N" file, over a bool.
 */
#ifndef HAVE_DEBUGFS_CREATE_BOOL_BOOL
static inline ssize_t hvlis_debugfs_bool_read(struct file *file,
					      char __user *ubuf,
					      size_t count, loff_t *ppos)
{
	bool *val = file->private_data;
	char buf[2] = { READ_ONCE(*val) ? 'Y' : 'N', '\n' };

	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static inline ssize_t hvlis_debugfs_bool_write(struct file *file,
					       const char __user *ubuf,
					       size_t count, loff_t *ppos)
{
	bool *val = file->private_data;
	char buf[8] = {};
	bool v;

	if (copy_from_user(buf, ubuf, min(count, sizeof(buf) - 1)))
		return -EFAULT;
	if (kstrtobool(buf, &v))
		return -EINVAL;
	WRITE_ONCE(*val, v);
	return count;
}

static const struct file_operations hvlis_debugfs_bool_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = hvlis_debugfs_bool_read,
	.write = hvlis_debugfs_bool_write,
	.llseek = default_llseek,
};

#define debugfs_create_bool(name, mode, parent, val)			\
	debugfs_create_file(name, mode, parent, val, &hvlis_debugfs_bool_fops)
#endif

#endif
