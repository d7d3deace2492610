/*
 * API: sysfs_emit_at(), appending at an offset to a sysfs show() buffer.
 * Changed: v5.10, with sysfs_emit() (probe sysfs_emit); before that
 * scnprintf(buf + at, PAGE_SIZE - at, ...).
 * Used by: compat/include/hvlis/compat-kernel.h (vmbus sysfs attributes
 * that list several values).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: sysfs_emit_at
 */
#include <linux/sysfs.h>

static int probe(char *buf, int at)
{
	return sysfs_emit_at(buf, at, "%d\n", 0);
}

int (*hvlis_probe)(char *, int) = probe;
