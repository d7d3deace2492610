/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Core kernel helpers that arrived or changed upstream after the oldest
 * kernel hv-lis builds for. Code uses the newest form; this header makes
 * it exist where it does not.
 */
#ifndef HVLIS_COMPAT_KERNEL_H
#define HVLIS_COMPAT_KERNEL_H

#include <linux/highmem.h>
#include <linux/kobject.h>
#include <linux/pci_ids.h>
#include <linux/smp.h>
#include <linux/string.h>

/*
 * Microsoft's PCI vendor ID, which the vmbus bus reports in sysfs; a
 * macro of <linux/pci_ids.h> from the v5.1x series on, absent in 5.10.
 */
#ifndef PCI_VENDOR_ID_MICROSOFT
#define PCI_VENDOR_ID_MICROSOFT	0x1414
#endif

/*
 * v5.11: kmap_local_page()/kunmap_local(). Before, kmap_atomic() is the
 * short-lived mapping; it also disables preemption and page faults, which
 * the copies done under it never need.
 */
#ifndef HAVE_KMAP_LOCAL_PAGE
#define kmap_local_page(page)	kmap_atomic(page)
#define kunmap_local(addr)	kunmap_atomic(addr)
#endif

/* v5.12: memzero_page(); before, zero_user() did the same. */
#ifndef HAVE_MEMZERO_PAGE
static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	zero_user(page, offset, len);
}
#endif

/*
 * v5.11: INIT_CSD() (a macro) sets up a call_single_data_t; before, the
 * same is a zeroed one with its function and argument set.
 */
#ifndef INIT_CSD
static inline void hvlis_init_csd(call_single_data_t *csd, smp_call_func_t fn,
				  void *info)
{
	memset(csd, 0, sizeof(*csd));
	csd->func = fn;
	csd->info = info;
}

#define INIT_CSD(csd, fn, info)	hvlis_init_csd(csd, fn, info)
#endif

/*
 * kobject_init_and_add() takes a const kobj_type (v6.1 has it). Before,
 * the kobject core never wrote through the pointer it took non-const, so
 * a const one is passed as it is.
 */
#ifndef HAVE_KOBJECT_CONST_KTYPE
#define kobject_init_and_add(kobj, ktype, parent, fmt, ...)		\
	kobject_init_and_add(kobj, (struct kobj_type *)(ktype), parent,	\
			     fmt, ##__VA_ARGS__)
#endif

#endif
