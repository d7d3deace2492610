/*
 * API: the kernel exports hv_vp_index, its table of Hyper-V VP numbers by
 * CPU number, filled from the VP index MSR on each CPU as it comes up
 * (VP_INVAL, U32_MAX, until then).
 * Changed: exported since v4.14 (hyper-v: "Globalize vp_index", for remote
 * TLB flushes by hypercall), from arch/x86/hyperv at first and from
 * drivers/hv/hv_common.c since the v5.1x series (exact release
 * unverified); present only with CONFIG_HYPERV. Without it, hv_vmbus reads
 * the VP index MSR on each CPU itself.
 * Used by: compat/include/hvlis/compat-hyperv.h (channel target VPs).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: hv_vp_index
 */
#include <linux/module.h>
#include <asm/mshyperv.h>

static int __init probe_init(void)
{
	return hv_vp_index ? 0 : -ENODEV;
}
module_init(probe_init);
