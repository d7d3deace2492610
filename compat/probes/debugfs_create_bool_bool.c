/*
 * API: debugfs_create_bool() on a bool.
 * Changed: v4.5 ("debugfs: Make debugfs_create_bool() use bool, not u32");
 * before, it took a u32 *.
 * Used by: compat/include/hvlis/compat-debugfs.h (the sim's NIC knobs).
 */
#include <linux/debugfs.h>

static void probe(struct dentry *dir, bool *val)
{
	debugfs_create_bool("probe", 0600, dir, val);
}

void (*hvlis_probe)(struct dentry *, bool *) = probe;
