/*
 * API: sysfs_emit(), formatting a sysfs show() buffer of PAGE_SIZE.
 * Changed: v5.10 (sysfs: "Add sysfs_emit and sysfs_emit_at to format
 * sysfs output"); before that show() callbacks used scnprintf(buf,
 * PAGE_SIZE, ...).
 * Used by: compat/include/hvlis/compat-kernel.h (vmbus device and channel
 * sysfs attributes).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: sysfs_emit
 */
#include <linux/sysfs.h>

static int probe(char *buf)
{
	return sysfs_emit(buf, "%d\n", 0);
}

int (*hvlis_probe)(char *) = probe;
