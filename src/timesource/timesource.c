// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_timesource: a clocksource from the partition reference time
 * (protocol-vmbus.md 3), 10 MHz and 64 bits. It reads the reference TSC
 * page where the host keeps one and the reference counter otherwise, or
 * while the host marks the page invalid.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/clocksource.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <asm/msr.h>
#include <asm/cpufeature.h>
#include <asm/hypervisor.h>
#include <hvlis/compat-hypervisor.h>
#include <proto/hv_tsc_page.h>
#include "../common/tsc_page_read.h"
#include <vmbus.h>

#define TS_CLOCK_HZ	10000000

/* Test only: behave as if the kernel's Hyper-V clocksource were there. */
static bool fake_kernel_clocksource;
module_param(fake_kernel_clocksource, bool, 0444);
MODULE_PARM_DESC(fake_kernel_clocksource,
		 "Step aside as if the kernel had registered its Hyper-V clocksource (testing)");

/* The host's reference counter and page; pins the host backend. */
static struct hvlis_reference_clock ts_clock;

static u64 ts_read_page(struct clocksource *cs)
{
	u64 time;

	if (hvlis_tsc_page_read(ts_clock.page, &time))
		return time;
	return ts_clock.read();
}

static u64 ts_read_counter(struct clocksource *cs)
{
	return ts_clock.read();
}

/*
 * Ratings as upstream hyperv_timer.c: 250 when the TSC is invariant, so
 * that the native TSC (300) wins, else 500 so that this one wins over a
 * TSC that migration may change under the guest. The counter alone is an
 * MSR trap on Hyper-V: 245/495, just below the page, like upstream.
 */
static struct clocksource ts_cs_page = {
	.name	= "hvlis_tsc_page",
	.read	= ts_read_page,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

static struct clocksource ts_cs_ref = {
	.name	= "hvlis_ref",
	.read	= ts_read_counter,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

static struct clocksource *ts_cs;

/*
 * The kernel registers hyperv_clocksource_tsc_page or _msr from
 * hv_init_clocksource(), which only its Hyper-V platform setup calls
 * (CONFIG_HYPERV_TIMER). No iterator over registered clocksources is
 * exported and hv_read_reference_counter is no sign: since 6.x it points
 * at an MSR reader even off Hyper-V. So: running on Hyper-V with that
 * code built in means the kernel's own is there (or chose not to be,
 * from feature bits it trusts more than we would).
 */
static bool ts_kernel_has_clocksource(void)
{
	return fake_kernel_clocksource ||
	       (IS_ENABLED(CONFIG_HYPERV_TIMER) &&
		hypervisor_is_type(X86_HYPER_MS_HYPERV));
}

static int __init ts_init(void)
{
	bool invariant = boot_cpu_has(X86_FEATURE_TSC_RELIABLE) ||
			 boot_cpu_has(X86_FEATURE_NONSTOP_TSC);
	int ret;

	if (ts_kernel_has_clocksource()) {
		pr_info("the kernel's Hyper-V clocksource is registered, stepping aside\n");
		return -ENODEV;
	}

	ret = hvlis_reference_clock_get(&ts_clock);
	if (ret) {
		pr_info("no host backend is registered; no reference time to read\n");
		return ret;
	}
	if (ts_clock.page) {
		ts_cs = &ts_cs_page;
		ts_cs->rating = invariant ? 250 : 500;
	} else {
		ts_cs = &ts_cs_ref;
		ts_cs->rating = invariant ? 245 : 495;
	}

	ret = clocksource_register_hz(ts_cs, TS_CLOCK_HZ);
	if (ret) {
		hvlis_reference_clock_put(&ts_clock);
		return ret;
	}
	pr_info("registered %s, rating %d\n", ts_cs->name, ts_cs->rating);
	return 0;
}

/* The kernel switches to the next best clocksource first if it is current. */
static void __exit ts_exit(void)
{
	clocksource_unregister(ts_cs);
	hvlis_reference_clock_put(&ts_clock);
}

module_init(ts_init);
module_exit(ts_exit);
MODULE_DESCRIPTION("Hyper-V reference time clocksource");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
