/*
 * API: kobject_init_and_add() takes a const struct kobj_type *.
 * Changed: between v5.15 and v6.1, when the kobject core made every
 * kobj_type it is given const (v6.1's kobject.h has it; the exact release
 * is unverified); before that the argument was not const.
 * Used by: compat/include/hvlis/compat-kernel.h (vmbus channel sysfs).
 */
#include <linux/kobject.h>

static const struct kobj_type probe_ktype;

static int probe(struct kobject *kobj)
{
	return kobject_init_and_add(kobj, &probe_ktype, NULL, "hvlis_probe");
}

int (*hvlis_probe)(struct kobject *) = probe;
