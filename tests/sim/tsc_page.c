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
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include <asm/tsc.h>
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

/*
 * Publish scale and offset to the page: invalid first, so that a reader
 * that started before sees the sequence change; the gap between the two
 * fields widens the window a reader without the re-check would hit.
 */
static void sim_page_publish(void)
{
	lockdep_assert_held(&sim_ref_lock);
	WRITE_ONCE(sim_page.tsc_sequence, 0);
	/* Invalid before any field changes. */
	smp_wmb();
	if (!sim_page_valid)
		return;
	WRITE_ONCE(sim_page.tsc_scale, sim_ref_scale);
	/* Not usleep_range(): the caller holds a raw spinlock, IRQs off. */
	udelay(20);
	WRITE_ONCE(sim_page.tsc_offset, sim_ref_offset);
	/* Fields before the sequence that vouches for them. */
	smp_wmb();
	if (!++sim_page_seq)
		sim_page_seq = 1;
	WRITE_ONCE(sim_page.tsc_sequence, sim_page_seq);
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
}
