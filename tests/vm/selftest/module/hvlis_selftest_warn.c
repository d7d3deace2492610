// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness self-test: loading this module prints a kernel WARNING. The VM
 * harness must report any case that loads it as failed, even though the
 * case's own assertions pass.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init selftest_warn_init(void)
{
	WARN(1, "hvlis_selftest_warn: deliberate warning for the harness self-test\n");
	return 0;
}

static void __exit selftest_warn_exit(void)
{
}

module_init(selftest_warn_init);
module_exit(selftest_warn_exit);

MODULE_DESCRIPTION("hv-lis VM harness self-test: WARNs on load (test only)");
MODULE_LICENSE("GPL");
