/*
 * API: the kernel exports hv_hypercall_pg, the Hyper-V hypercall page it
 * set up at boot when it detected Hyper-V.
 * Changed: exported since v4.14 (x86/hyper-v: "use hypercall for remote TLB
 * flush" made it global); present only with CONFIG_HYPERV. Without it,
 * hv_vmbus allocates and enables a hypercall page of its own.
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: hv_hypercall_pg
 */
#include <linux/module.h>
#include <asm/mshyperv.h>

static int __init probe_init(void)
{
	return hv_hypercall_pg ? 0 : -ENODEV;
}
module_init(probe_init);
