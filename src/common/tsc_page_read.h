/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the reference TSC page (protocol-vmbus.md 3.2), lockless. In a
 * header of its own so that the unit tests run this very code against a
 * host thread rewriting the page on another CPU, which no test guest can
 * do (its vCPUs take turns on one host thread).
 *
 * The kernel gets READ_ONCE(), smp_rmb(), rdtsc_ordered() and
 * mul_u64_u64_shr() from its headers; a userspace includer defines them
 * first (tests/unit/kernel_shim.h).
 */
#ifndef HVLIS_COMMON_TSC_PAGE_READ_H
#define HVLIS_COMMON_TSC_PAGE_READ_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/math64.h>
#include <asm/barrier.h>
#include <asm/msr.h>
#endif
#include <proto/hv_tsc_page.h>

/*
 * The reference time from @page: false while the host marks the page
 * invalid (sequence 0), when the caller reads the reference counter. A
 * sequence that changed under the read means the host rewrote scale and
 * offset meanwhile: the pair may be torn, so read again.
 */
static inline bool hvlis_tsc_page_read(const struct hvlis_tsc_page *page, u64 *time)
{
	u64 scale, tsc;
	s64 offset;
	u32 seq;

	do {
		seq = READ_ONCE(page->tsc_sequence);
		if (!seq)
			return false;
		/* The fields after the sequence that vouches for them. */
		smp_rmb();
		scale = READ_ONCE(page->tsc_scale);
		offset = READ_ONCE(page->tsc_offset);
		tsc = rdtsc_ordered();
		/* Re-read the sequence only after the fields. */
		smp_rmb();
	} while (READ_ONCE(page->tsc_sequence) != seq);

	*time = mul_u64_u64_shr(tsc, scale, 64) + offset;
	return true;
}

#endif
