// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness self-test: loading this module provokes the kernel report named
 * by fault=, and the VM harness must fail the case that loads it even
 * though the case's own assertions pass.
 *
 *   fault=warn   a WARNING with a call trace (any kernel)
 *   fault=leak   memory nobody references any more (kmemleak, debug kernel)
 *   fault=kasan  a heap out-of-bounds read (KASAN, debug kernel)
 *   fault=panic  a kernel panic after the case started (any kernel): the
 *                harness must fail it, not boot it again
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *fault = "warn";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "which report to provoke: warn, leak, kasan or panic");

/* Keeps the compiler from proving the out-of-bounds index constant. */
static unsigned int oob_index = 16;
module_param(oob_index, uint, 0444);

static int __init selftest_init(void)
{
	if (!strcmp(fault, "warn")) {
		WARN(1, "hvlis_selftest: deliberate warning for the harness self-test\n");
	} else if (!strcmp(fault, "leak")) {
		void *p = NULL;
		int i;

		/*
		 * Dropped on purpose: kmemleak must find them. Several, because
		 * a stale copy of the last pointer can survive in a reused
		 * kernel stack and keep that one looking referenced.
		 */
		for (i = 0; i < 16; i++)
			p = kmalloc(128, GFP_KERNEL);
		pr_info("hvlis_selftest: leaked 16 objects of 128 bytes%s\n",
			p ? "" : " (the last allocation failed)");
	} else if (!strcmp(fault, "kasan")) {
		volatile char *p = kmalloc(16, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		pr_info("hvlis_selftest: read past the end: %d\n", p[oob_index]);
		kfree((void *)p);
	} else if (!strcmp(fault, "panic")) {
		panic("hvlis_selftest: deliberate panic for the harness self-test\n");
	} else {
		pr_err("hvlis_selftest: unknown fault '%s'\n", fault);
		return -EINVAL;
	}
	return 0;
}

static void __exit selftest_exit(void)
{
}

module_init(selftest_init);
module_exit(selftest_exit);

MODULE_DESCRIPTION("hv-lis VM harness self-test: provokes kernel reports (test only)");
MODULE_LICENSE("GPL");
