/*
 * API: debugfs_create_file_unsafe() and DEFINE_DEBUGFS_ATTRIBUTE(), a
 * debugfs file whose attribute guards its own removal.
 * Changed: v4.7 ("debugfs: prevent access to removed files' private
 * data"); before, debugfs_create_file() and DEFINE_SIMPLE_ATTRIBUTE().
 * Used by: compat/include/hvlis/compat-debugfs.h (the sim's NIC knobs).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: debugfs_create_file_unsafe
 */
#include <linux/debugfs.h>

static int get(void *data, u64 *val)
{
	*val = 0;
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(probe_fops, get, NULL, "%llu\n");

static void probe(struct dentry *dir)
{
	debugfs_create_file_unsafe("probe", 0400, dir, NULL, &probe_fops);
}

void (*hvlis_probe)(struct dentry *) = probe;
