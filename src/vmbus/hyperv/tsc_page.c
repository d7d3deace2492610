// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference TSC page (protocol-vmbus.md 3.2) behind the host seam's
 * tsc_page op.
 *
 * The page is partition state, not VMBus state: a clocksource may read
 * it long after the connection is gone. So it is enabled once, when the
 * backend first comes up with the privilege, stays enabled across
 * reconnects, and is released only when hv_vmbus unloads (a reader pins
 * the backend's module, so none is left then). When the MSR is already
 * enabled because the kernel's own Hyper-V clocksource set it up, the
 * page it names is read where it is and never written.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <proto/hv_tsc_page.h>

#include "hyperv.h"

/* The page we allocated, from its first enable until hv_vmbus unloads. */
static struct hvlis_tsc_page *hvb_own_page;
/* We enabled the MSR on Hyper-V itself: disable it before freeing. */
static bool hvb_own_page_on_hyperv;
/* The kernel's page, mapped: released when hv_vmbus unloads. */
static struct hvlis_tsc_page *hvb_kernel_page;
/* What the tsc_page op answers: one of the two, or NULL. */
static const struct hvlis_tsc_page *hvb_page;

static u64 hvb_page_pfn(struct hvlis_tsc_page *page)
{
	return virt_to_phys(page) >> HVB_HV_PAGE_SHIFT;
}

/* The kernel's page, at @pfn: mapped once, kept until we unload. */
static const struct hvlis_tsc_page *hvb_tsc_page_map_kernel(u64 pfn)
{
	if (!hvb_kernel_page) {
		hvb_kernel_page = memremap(pfn << HVB_HV_PAGE_SHIFT,
					   HVB_HV_PAGE_SIZE, MEMREMAP_WB);
		if (!hvb_kernel_page)
			pr_warn("cannot map the kernel's reference TSC page at pfn %#llx: the reference counter is read instead\n",
				pfn);
	}
	return hvb_kernel_page;
}

/*
 * Called by the backend's bring-up, before it registers with hv_vmbus.
 * Nothing fails the bring-up: without a page, the counter still works.
 */
void hvb_tsc_page_enable(void)
{
	u64 msr, pfn;

	WRITE_ONCE(hvb_page, NULL);
	if (!(hvb_cpuid_eax(HVB_CPUID_FEATURES) & HVB_PRIV_REFERENCE_TSC))
		return;
	msr = hvb_rdmsr(HVB_MSR_REFERENCE_TSC);
	pfn = (msr & HVB_MSR_PAGE_PFN) >> HVB_HV_PAGE_SHIFT;
	if (msr & HVB_MSR_PAGE_ENABLE) {
		if (hvb_own_page && pfn == hvb_page_pfn(hvb_own_page))
			WRITE_ONCE(hvb_page, hvb_own_page);
		else
			WRITE_ONCE(hvb_page, hvb_tsc_page_map_kernel(pfn));
		return;
	}
	if (!hvb_own_page) {
		hvb_own_page = (void *)get_zeroed_page(GFP_KERNEL);
		if (!hvb_own_page) {
			pr_warn("no memory for the reference TSC page: the reference counter is read instead\n");
			return;
		}
	}
	/* 3.2: the reserved bits are kept as the hypervisor has them. */
	hvb_wrmsr(HVB_MSR_REFERENCE_TSC, (msr & HVB_MSR_PAGE_KEEP) |
		  (hvb_page_pfn(hvb_own_page) << HVB_HV_PAGE_SHIFT) |
		  HVB_MSR_PAGE_ENABLE);
	if (!hvb_platform)
		hvb_own_page_on_hyperv = true;
	WRITE_ONCE(hvb_page, hvb_own_page);
}

/* The seam's tsc_page op: the page the host keeps, or NULL. */
const struct hvlis_tsc_page *hvb_tsc_page(void)
{
	return READ_ONCE(hvb_page);
}

/*
 * hv_vmbus unloads: no reader is left. A synthetic platform stopped
 * filling our page when its module went; Hyper-V is told to stop here.
 */
void hvb_tsc_page_free(void)
{
	if (hvb_own_page_on_hyperv) {
		u64 msr = hvb_rdmsr(HVB_MSR_REFERENCE_TSC);

		hvb_wrmsr(HVB_MSR_REFERENCE_TSC, msr & HVB_MSR_PAGE_KEEP);
	}
	if (hvb_own_page)
		free_page((unsigned long)hvb_own_page);
	if (hvb_kernel_page)
		memunmap(hvb_kernel_page);
}
