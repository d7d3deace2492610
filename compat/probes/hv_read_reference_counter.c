/*
 * API: the kernel exports hv_read_reference_counter, a pointer to the
 * function that reads the Hyper-V partition reference counter (through the
 * reference TSC page when the host offers one, else the MSR).
 * Changed: it replaced the exported hyperv_cs clocksource pointer (around
 * v5.6; the exact release is unverified), declared in
 * <clocksource/hyperv_timer.h> with CONFIG_HYPERV_TIMER (as in 5.10), and
 * moved to hv_common.c and <asm/mshyperv.h>, with an MSR-reading default,
 * in the v5.1x series; present only with CONFIG_HYPERV. Both headers are
 * included, so either declaration is found. Without it, hv_vmbus reads
 * the TIME_REF_COUNT MSR itself.
 * Used by: compat/include/hvlis/compat-hyperv.h (Hyper-V reference time).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: hv_read_reference_counter
 */
#include <linux/module.h>
#include <asm/mshyperv.h>
#include <clocksource/hyperv_timer.h>

static int __init probe_init(void)
{
	return hv_read_reference_counter ? 0 : -ENODEV;
}
module_init(probe_init);
