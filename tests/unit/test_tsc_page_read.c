// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit test of hvlis_tsc_page_read() (src/common/tsc_page_read.h), the
 * read hv_timesource does: a host thread rewrites the page on another
 * CPU as fast as it can while the test reads it. The TSC is held still,
 * and every (scale, offset) pair the host writes gives the same time at
 * that TSC, so a read that mixes the scale of one pair with the offset of
 * another (it skipped the sequence re-check) shows as a wrong time. The
 * test guests cannot catch that: their vCPUs take turns on one host
 * thread, so a rewrite never lands inside a read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>

#include "kernel_shim.h"

#define TEST_TSC	0x0123456789abcdefULL
#define TEST_TIME	0x0000100000000000ULL

static u64 rdtsc_ordered(void)
{
	return TEST_TSC;
}

#include "tsc_page_read.h"

static struct hvlis_tsc_page page;
static atomic_bool host_done;

/* Pairs that all give TEST_TIME at TEST_TSC, the scales far apart. */
static void pair(u32 n, u64 *scale, s64 *offset)
{
	*scale = 0x0000000123456789ULL * (n % 1021 + 1);
	*offset = (s64)(TEST_TIME - mul_u64_u64_shr(TEST_TSC, *scale, 64));
}

/* A valid page holding pair @n under sequence @seq. */
static void page_set(u32 n, u32 seq)
{
	u64 scale;
	s64 offset;

	pair(n, &scale, &offset);
	page.tsc_scale = scale;
	page.tsc_offset = offset;
	page.tsc_sequence = seq;
}

/* The host: invalid, scale, a pause, offset, a new sequence; and again. */
static void *host_main(void *arg)
{
	u32 seq = 1, rewrites = *(u32 *)arg;
	u64 scale;
	s64 offset;

	for (u32 n = 0; n < rewrites; n++) {
		pair(n, &scale, &offset);
		WRITE_ONCE(page.tsc_sequence, 0);
		smp_wmb();
		WRITE_ONCE(page.tsc_scale, scale);
		for (volatile int i = 0; i < 50; i++)
			;
		WRITE_ONCE(page.tsc_offset, offset);
		smp_wmb();
		if (!++seq)
			seq = 1;
		WRITE_ONCE(page.tsc_sequence, seq);
		/* Valid for a while, so that reads also succeed. */
		for (volatile int i = 0; i < 200; i++)
			;
	}
	atomic_store(&host_done, true);
	return NULL;
}

static void test_invalid_page(void **state)
{
	u64 time = 42;

	(void)state;
	page.tsc_sequence = 0;
	assert_false(hvlis_tsc_page_read(&page, &time));
	assert_int_equal(time, 42);
}

static void test_valid_page(void **state)
{
	u64 time = 0;

	(void)state;
	page_set(7, 5);
	assert_true(hvlis_tsc_page_read(&page, &time));
	assert_int_equal(time, TEST_TIME);
}

static void test_rewritten_under_reads(void **state)
{
	u32 rewrites = 300000;
	unsigned long valid = 0, invalid = 0, torn = 0;
	pthread_t host;

	(void)state;
	page_set(0, 1);
	atomic_store(&host_done, false);
	assert_int_equal(pthread_create(&host, NULL, host_main, &rewrites), 0);
	while (!atomic_load(&host_done)) {
		u64 time;

		if (!hvlis_tsc_page_read(&page, &time))
			invalid++;
		else if (time != TEST_TIME)
			torn++;
		else
			valid++;
	}
	pthread_join(host, NULL);
	print_message("# %lu reads valid, %lu while invalid, %lu torn\n",
		      valid, invalid, torn);
	assert_int_equal(torn, 0);
	assert_true(valid > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_page),
		cmocka_unit_test(test_valid_page),
		cmocka_unit_test(test_rewritten_under_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
