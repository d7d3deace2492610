/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reference TSC page (protocol-vmbus.md 3.2): filled by the host,
 * read locklessly by the guest. Shared by hv_timesource, the Hyper-V
 * backend and the simulated host; the asserts pin the layout.
 */
#ifndef HVLIS_PROTO_HV_TSC_PAGE_H
#define HVLIS_PROTO_HV_TSC_PAGE_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* x86 only, so the host's byte order is the guest's. */
struct hvlis_tsc_page {
	u32 tsc_sequence;	/* 0: invalid, read the reference counter */
	u32 reserved1;
	u64 tsc_scale;		/* unsigned 64.64 multiplier */
	s64 tsc_offset;
	u64 reserved2[509];
} __packed __aligned(4096);
static_assert(sizeof(struct hvlis_tsc_page) == 4096);
static_assert(offsetof(struct hvlis_tsc_page, tsc_sequence) == 0);
static_assert(offsetof(struct hvlis_tsc_page, tsc_scale) == 8);
static_assert(offsetof(struct hvlis_tsc_page, tsc_offset) == 16);
static_assert(offsetof(struct hvlis_tsc_page, reserved2) == 24);

#endif
