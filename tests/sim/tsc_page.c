// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated host's reference time and reference TSC page (3.1, 3.2).
 *
 * The host keeps the truth as a scale and offset for the guest's TSC, like
 * Hyper-V: reference time = (tsc * scale >> 64) + offset, whether it is
 * read through the counter or the page. Reading never calls into the
 * kernel's timekeeping, which may be reading a clocksource built on it.
 * Knobs in debugfs: invalidate the page, change the scale live (the
 * offset is recomputed so that the time stays continuous, as after a
 * migration) and make the time jump forward (a restored VM).
 *
 * The direct platform hands the guest this host's own page through the
 * seam. On the Hyper-V platform the guest allocates the page and names
 * it in the REFERENCE_TSC MSR (3.2); the host then fills that page too,
 * until this module unloads: the page is partition state, not VMBus
 * state, so a disconnect leaves it alone.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include <asm/tsc.h>
#include <hvlis/compat.h>
#include <hvlis/compat-debugfs.h>
#include <proto/hv_tlfs.h>
#include <proto/hv_tsc_page.h>
#include "sim.h"

static struct hvlis_tsc_page sim_page;

/* The host's own copy: always valid, whatever the page says. */
static DEFINE_RAW_SPINLOCK(sim_ref_lock);
static seqcount_t sim_ref_seq = SEQCNT_ZERO(sim_ref_seq);
static u64 sim_ref_scale;
static s64 sim_ref_offset;
static bool sim_page_valid = true;
static u32 sim_page_seq;
/* The REFERENCE_TSC MSR and the guest page it enables (platform=hyperv). */
static u64 sim_tsc_msr;
static struct hvlis_tsc_page *sim_guest_page;
/* The guest's reads of the reference counter, through either platform. */
static atomic64_t sim_counter_reads;

static u64 sim_ref_at(u64 tsc, u64 scale, s64 offset)
{
	return mul_u64_u64_shr(tsc, scale, 64) + offset;
}

u64 sim_read_reference_time(void)
{
	u64 scale, tsc;
	s64 offset;
	unsigned int seq;

	do {
		seq = raw_read_seqcount_begin(&sim_ref_seq);
		scale = sim_ref_scale;
		offset = sim_ref_offset;
		tsc = rdtsc_ordered();
	} while (read_seqcount_retry(&sim_ref_seq, seq));
	return sim_ref_at(tsc, scale, offset);
}

/* The guest reads the reference counter (3.1). */
u64 sim_guest_reference_time(void)
{
	atomic64_inc(&sim_counter_reads);
	return sim_read_reference_time();
}

/*
 * Publish scale and offset to @page: invalid first, so that a reader
 * that started before sees the sequence change; the gap between the two
 * fields widens the window a reader without the re-check would hit.
 */
static void sim_page_write(struct hvlis_tsc_page *page)
{
	lockdep_assert_held(&sim_ref_lock);
	WRITE_ONCE(page->tsc_sequence, 0);
	/* Invalid before any field changes. */
	smp_wmb();
	if (!sim_page_valid)
		return;
	WRITE_ONCE(page->tsc_scale, sim_ref_scale);
	/* Not usleep_range(): the caller holds a raw spinlock, IRQs off. */
	udelay(20);
	WRITE_ONCE(page->tsc_offset, sim_ref_offset);
	/* Fields before the sequence that vouches for them. */
	smp_wmb();
	WRITE_ONCE(page->tsc_sequence, sim_page_seq);
}

static void sim_page_publish(void)
{
	lockdep_assert_held(&sim_ref_lock);
	if (!++sim_page_seq)
		sim_page_seq = 1;
	sim_page_write(&sim_page);
	if (sim_guest_page)
		sim_page_write(sim_guest_page);
}

u64 sim_tsc_msr_read(void)
{
	return READ_ONCE(sim_tsc_msr);
}

/* The guest names (or stops naming) the page it wants filled (3.2). */
void sim_tsc_msr_write(u64 val)
{
	u64 pfn = (val & HVB_MSR_PAGE_PFN) >> HVB_HV_PAGE_SHIFT;
	unsigned long flags;

	if ((val & HVB_MSR_PAGE_ENABLE) && !pfn_valid(pfn)) {
		sim_violation("REFERENCE_TSC names pfn %#llx, which is not guest memory\n",
			      pfn);
		val &= ~HVB_MSR_PAGE_ENABLE;
	}
	raw_spin_lock_irqsave(&sim_ref_lock, flags);
	WRITE_ONCE(sim_tsc_msr, val);
	sim_guest_page = val & HVB_MSR_PAGE_ENABLE ? pfn_to_kaddr(pfn) : NULL;
	if (sim_guest_page)
		sim_page_write(sim_guest_page);
	raw_spin_unlock_irqrestore(&sim_ref_lock, flags);
}

/* The new @scale, and the offset that makes the time @now at @tsc. */
static void sim_ref_set(u64 tsc, u64 now, u64 scale)
{
	lockdep_assert_held(&sim_ref_lock);
	raw_write_seqcount_begin(&sim_ref_seq);
	sim_ref_scale = scale;
	sim_ref_offset = now - mul_u64_u64_shr(tsc, scale, 64);
	raw_write_seqcount_end(&sim_ref_seq);
	sim_page_publish();
}

/* New scale and/or a jump of @jump, the time continuous but for the jump. */
static void sim_ref_update(u64 scale, u64 jump)
{
	unsigned long flags;
	u64 tsc;

	raw_spin_lock_irqsave(&sim_ref_lock, flags);
	tsc = rdtsc_ordered();
	sim_ref_set(tsc, sim_ref_at(tsc, sim_ref_scale, sim_ref_offset) + jump, scale);
	raw_spin_unlock_irqrestore(&sim_ref_lock, flags);
}

const struct hvlis_tsc_page *sim_tsc_page(void)
{
	return &sim_page;
}

static int sim_scale_get(void *data, u64 *val)
{
	*val = READ_ONCE(sim_ref_scale);
	return 0;
}

static int sim_scale_set(void *data, u64 val)
{
	if (!val)
		return -EINVAL;
	sim_ref_update(val, 0);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_scale_fops, sim_scale_get, sim_scale_set, "%llu\n");

static int sim_jump_set(void *data, u64 val)
{
	sim_ref_update(READ_ONCE(sim_ref_scale), val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_jump_fops, NULL, sim_jump_set, "%llu\n");

static int sim_valid_get(void *data, u64 *val)
{
	*val = READ_ONCE(sim_page_valid);
	return 0;
}

static int sim_valid_set(void *data, u64 val)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim_ref_lock, flags);
	sim_page_valid = val;
	sim_page_publish();
	raw_spin_unlock_irqrestore(&sim_ref_lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_valid_fops, sim_valid_get, sim_valid_set, "%llu\n");

static int sim_seq_get(void *data, u64 *val)
{
	*val = READ_ONCE(sim_page.tsc_sequence);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_seq_fops, sim_seq_get, NULL, "%llu\n");

static int sim_ref_get(void *data, u64 *val)
{
	*val = sim_read_reference_time();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_ref_fops, sim_ref_get, NULL, "%llu\n");

static int sim_tsc_msr_get(void *data, u64 *val)
{
	*val = sim_tsc_msr_read();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_tsc_msr_fops, sim_tsc_msr_get, NULL, "%#llx\n");

static int sim_counter_reads_get(void *data, u64 *val)
{
	*val = atomic64_read(&sim_counter_reads);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_counter_reads_fops, sim_counter_reads_get, NULL, "%llu\n");

/* Reference time 0 at the guest's boot, 10 MHz for the guest's TSC rate. */
void sim_tsc_page_init(struct dentry *dir)
{
	u64 scale = div64_u64(U64_MAX, tsc_khz ? tsc_khz : 1000000) * 10000;
	u64 now = div_u64(ktime_get_boottime_ns(), 100);
	unsigned long flags;

	raw_spin_lock_irqsave(&sim_ref_lock, flags);
	sim_ref_set(rdtsc_ordered(), now, scale);
	raw_spin_unlock_irqrestore(&sim_ref_lock, flags);

	debugfs_create_file_unsafe("tsc_scale", 0600, dir, NULL, &sim_scale_fops);
	debugfs_create_file_unsafe("tsc_jump", 0200, dir, NULL, &sim_jump_fops);
	debugfs_create_file_unsafe("tsc_page_valid", 0600, dir, NULL, &sim_valid_fops);
	debugfs_create_file_unsafe("tsc_sequence", 0400, dir, NULL, &sim_seq_fops);
	debugfs_create_file_unsafe("reference_time", 0400, dir, NULL, &sim_ref_fops);
	debugfs_create_file_unsafe("tsc_msr", 0400, dir, NULL, &sim_tsc_msr_fops);
	debugfs_create_file_unsafe("counter_reads", 0400, dir, NULL,
				   &sim_counter_reads_fops);
}

/* The module goes: stop filling the guest's page before hv_vmbus frees it. */
void sim_tsc_page_exit(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim_ref_lock, flags);
	sim_guest_page = NULL;
	raw_spin_unlock_irqrestore(&sim_ref_lock, flags);
}
