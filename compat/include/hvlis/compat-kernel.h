/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Core kernel helpers that arrived or changed upstream after the oldest
 * kernel hv-lis builds for. Code uses the newest form; this header makes
 * it exist where it does not.
 */
#ifndef HVLIS_COMPAT_KERNEL_H
#define HVLIS_COMPAT_KERNEL_H

#include <asm/barrier.h>
#include <linux/bitmap.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/pci_ids.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>

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
 * v4.13: call_single_data_t; before, the same is struct call_single_data.
 * The kernel's own type name, so a typedef.
 */
#ifndef HAVE_CALL_SINGLE_DATA_T
typedef struct call_single_data call_single_data_t;
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

/* v5.3: ktime_get_boottime_ns(); before, the same is ktime_get_boot_ns(). */
#ifndef HAVE_KTIME_GET_BOOTTIME_NS
#define ktime_get_boottime_ns()	ktime_get_boot_ns()
#endif

/*
 * v5.10: sysfs_emit() and sysfs_emit_at() format a show() buffer, which
 * is one page and page-aligned; before, scnprintf() bounded by the page.
 */
#ifndef HAVE_SYSFS_EMIT
static inline __printf(2, 3) int hvlis_sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(!buf || offset_in_page(buf), "invalid sysfs_emit: buf:%p\n", buf))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf, PAGE_SIZE, fmt, args);
	va_end(args);
	return len;
}

#define sysfs_emit hvlis_sysfs_emit
#endif

#ifndef HAVE_SYSFS_EMIT_AT
static inline __printf(3, 4) int hvlis_sysfs_emit_at(char *buf, int at,
						     const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(!buf || offset_in_page(buf) || at < 0 || at >= PAGE_SIZE,
		 "invalid sysfs_emit_at: buf:%p at:%d\n", buf, at))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf + at, PAGE_SIZE - at, fmt, args);
	va_end(args);
	return len;
}

#define sysfs_emit_at hvlis_sysfs_emit_at
#endif

/*
 * v5.12: memcpy_to_page(); before, the caller mapped the page (through
 * the kmap_local_page() above where that is absent too).
 */
#ifndef HAVE_MEMCPY_TO_PAGE
static inline void memcpy_to_page(struct page *page, size_t offset,
				  const char *from, size_t len)
{
	char *to = kmap_local_page(page);

	memcpy(to + offset, from, len);
	flush_dcache_page(page);
	kunmap_local(to);
}
#endif

/* v4.6: virt_mb(), the barrier between a guest and its host. */
#ifndef HAVE_VIRT_MB
/* smp_mb() is only a compiler barrier without SMP; mb() always orders. */
#define virt_mb()	mb()
#endif

/* v4.19: bitmap_zalloc()/bitmap_free(); before, a kcalloc()ed array. */
#ifndef HAVE_BITMAP_ZALLOC
static inline unsigned long *hvlis_bitmap_zalloc(unsigned int nbits, gfp_t flags)
{
	return kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long), flags);
}

#define bitmap_zalloc hvlis_bitmap_zalloc
#define bitmap_free kfree
#endif

/*
 * v5.0: str_has_prefix(), the prefix's length when @str starts with it,
 * else 0.
 */
#ifndef HAVE_STR_HAS_PREFIX
static inline size_t hvlis_str_has_prefix(const char *str, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(str, prefix, len) == 0 ? len : 0;
}

#define str_has_prefix hvlis_str_has_prefix
#endif

/* v3.17: do_settimeofday64(); before, do_settimeofday() on a timespec. */
#ifndef HAVE_DO_SETTIMEOFDAY64
static inline int hvlis_do_settimeofday64(const struct timespec64 *ts)
{
	struct timespec t = timespec64_to_timespec(*ts);

	return do_settimeofday(&t);
}

#define do_settimeofday64 hvlis_do_settimeofday64
#endif

#endif
