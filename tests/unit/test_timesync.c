// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of hv_timesync_daemon's pure parts: the offset from a
 * sample (transit not counted as offset, v3 hosts without a reference
 * time, invalid and extreme samples), the step/slew/defer/record
 * decision, the slew amount, NTP client names, and the state file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/hvlis_genl.h>

#include "test_dir.h"
#include "timesync_calc.h"
#include "timesync_state.h"

#define MS		1000000LL
#define SEC		1000000000LL
/* 2023-11-14 22:13:20 UTC in both epochs. */
#define T_UNIX_NS	(1700000000LL * SEC)
#define T_HOST		(HVLIS_TS_EPOCH_DELTA_100NS + 17000000000000000ULL)

static struct timesync_config cfg;

static int setup(void **state)
{
	(void)state;
	timesync_config_default(&cfg);
	return 0;
}

static struct timesync_sample sample(uint64_t host_ref, uint64_t recv_ref,
				     int64_t guest_ns, uint8_t flags)
{
	struct timesync_sample s = {
		.host_time = T_HOST, .host_ref = host_ref, .recv_ref = recv_ref,
		.recv_realtime = (uint64_t)guest_ns, .flags = flags,
	};
	return s;
}

static void test_offset_zero_when_clocks_agree(void **state)
{
	struct timesync_sample s = sample(0, 0, T_UNIX_NS, HVLIS_TS_FLAG_SAMPLE);
	struct timesync_offset off;

	(void)state;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.offset_ns == 0);
	assert_false(off.transit_known);
}

/* The host sampled 3 ms before receipt: its clock read 3 ms more then. */
static void test_transit_is_not_offset(void **state)
{
	struct timesync_sample s = sample(1000000, 1000000 + 30000, T_UNIX_NS + 3 * MS,
					  HVLIS_TS_FLAG_SAMPLE);
	struct timesync_offset off;

	(void)state;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.transit_known);
	assert_true(off.transit_ns == 3 * MS);
	assert_true(off.offset_ns == 0);
	/* Without the host's reference time the delay looks like an offset. */
	s.host_ref = 0;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.offset_ns == -3 * MS);
}

static void test_offset_sign(void **state)
{
	struct timesync_sample s = sample(0, 0, T_UNIX_NS - 2 * SEC, HVLIS_TS_FLAG_SAMPLE);
	struct timesync_offset off;

	(void)state;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.offset_ns == 2 * SEC);	/* guest behind: positive */
	s.recv_realtime = (uint64_t)(T_UNIX_NS + 250 * MS);
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.offset_ns == -250 * MS);
}

static void test_invalid_samples(void **state)
{
	struct timesync_sample s = sample(500, 400, T_UNIX_NS, HVLIS_TS_FLAG_SAMPLE);
	struct timesync_offset off;

	(void)state;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_REF_BACKWARDS);
	s = sample(1, 1 + 11 * 10000000ULL, T_UNIX_NS, HVLIS_TS_FLAG_SAMPLE);	/* 11 s */
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_STALE);
	s = sample(1, 1 + 10 * 10000000ULL, T_UNIX_NS, HVLIS_TS_FLAG_SAMPLE);	/* 10 s: ok */
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	s = sample(0, 0, T_UNIX_NS, 0);
	s.host_time = HVLIS_TS_EPOCH_DELTA_100NS - 1;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_BEFORE_1970);
	s.host_time = HVLIS_TS_EPOCH_DELTA_100NS;	/* exactly 1970 */
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	s.host_time = UINT64_MAX;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_TOO_LATE);
	s.host_time = T_HOST;
	s.recv_realtime = UINT64_MAX;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_GUEST_CLOCK);
	assert_non_null(strstr(timesync_sample_error_str(TIMESYNC_SAMPLE_STALE), "transit"));
}

static void test_extremes_do_not_overflow(void **state)
{
	struct timesync_sample s = sample(0, 0, 0, HVLIS_TS_FLAG_SYNC);
	struct timesync_offset off;

	(void)state;
	/* Largest host time that fits, guest at 0 and at its maximum. */
	s.host_time = HVLIS_TS_EPOCH_DELTA_100NS + (uint64_t)INT64_MAX / 100;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.offset_ns > 0);
	s.recv_realtime = (uint64_t)INT64_MAX;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	s.host_time = HVLIS_TS_EPOCH_DELTA_100NS;
	assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
	assert_true(off.offset_ns == -INT64_MAX);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, off.offset_ns, false),
			 TIMESYNC_ACT_STEP);
}

static void test_decide_without_other_client(void **state)
{
	(void)state;
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 2 * SEC, false), TIMESYNC_ACT_STEP);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 5 * MS, false), TIMESYNC_ACT_STEP);
	/* SYNC with the clock already right: no needless step. */
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, MS - 1, false), TIMESYNC_ACT_SLEW);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 10 * MS, false), TIMESYNC_ACT_SLEW);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, -10 * MS, false), TIMESYNC_ACT_SLEW);
	/* The threshold itself slews; one nanosecond more steps, either sign. */
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 500 * MS, false), TIMESYNC_ACT_SLEW);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 500 * MS + 1, false), TIMESYNC_ACT_STEP);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, -500 * MS - 1, false), TIMESYNC_ACT_STEP);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_PROBE, 10 * SEC, false), TIMESYNC_ACT_RECORD);
	cfg.step_threshold_ns = 100 * MS;
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 200 * MS, false), TIMESYNC_ACT_STEP);
}

static void test_decide_with_other_client(void **state)
{
	(void)state;
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 10 * MS, true), TIMESYNC_ACT_DEFER);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 10 * SEC, true), TIMESYNC_ACT_DEFER);
	/* SYNC (start, resume) still steps a wrong clock ... */
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 10 * SEC, true), TIMESYNC_ACT_STEP);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 10, true), TIMESYNC_ACT_DEFER);
	/* ... unless told to leave that to the other client too. */
	cfg.defer_sync = true;
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 10 * SEC, true), TIMESYNC_ACT_DEFER);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 10 * SEC, false), TIMESYNC_ACT_STEP);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_PROBE, 0, true), TIMESYNC_ACT_RECORD);
	/* --force: as if alone. */
	cfg.force = true;
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 10 * MS, true), TIMESYNC_ACT_SLEW);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SAMPLE, 10 * SEC, true), TIMESYNC_ACT_STEP);
	assert_int_equal(timesync_decide(&cfg, HVLIS_TS_FLAG_SYNC, 10 * SEC, true), TIMESYNC_ACT_STEP);
	assert_string_equal(timesync_action_name(TIMESYNC_ACT_DEFER), "defer");
}

/* A stream of samples as the host sends them, through calc and decide. */
static void test_sample_stream(void **state)
{
	static const struct {
		int64_t guest_off_ms;	/* guest clock minus true time */
		uint8_t flags;
		enum timesync_action want;
	} stream[] = {
		{ -3600000, HVLIS_TS_FLAG_SYNC, TIMESYNC_ACT_STEP },	/* resume: an hour behind */
		{ 2, HVLIS_TS_FLAG_SAMPLE, TIMESYNC_ACT_SLEW },
		{ -1, HVLIS_TS_FLAG_SAMPLE, TIMESYNC_ACT_SLEW },
		{ 700, HVLIS_TS_FLAG_SAMPLE, TIMESYNC_ACT_STEP },	/* jumped 0.7 s ahead */
		{ 0, HVLIS_TS_FLAG_PROBE, TIMESYNC_ACT_RECORD },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(stream) / sizeof(stream[0]); i++) {
		/* 1 ms transit, counted out of the offset. */
		struct timesync_sample s = sample(100, 100 + 10000,
						  T_UNIX_NS + MS + stream[i].guest_off_ms * MS,
						  stream[i].flags);
		struct timesync_offset off;

		assert_int_equal(timesync_calc_offset(&cfg, &s, &off), TIMESYNC_SAMPLE_OK);
		assert_true(off.offset_ns == -stream[i].guest_off_ms * MS);
		assert_int_equal(timesync_decide(&cfg, s.flags, off.offset_ns, false), stream[i].want);
	}
}

static void test_slew_usec(void **state)
{
	(void)state;
	assert_int_equal(timesync_slew_usec(&cfg, 1999), 1);
	assert_int_equal(timesync_slew_usec(&cfg, -1999), -1);
	assert_int_equal(timesync_slew_usec(&cfg, 999), 0);
	assert_int_equal(timesync_slew_usec(&cfg, 10 * MS), 10000);
	assert_int_equal(timesync_slew_usec(&cfg, 10 * SEC), 500000);	/* clamped */
	assert_int_equal(timesync_slew_usec(&cfg, -10 * SEC), -500000);
}

static void test_ntp_client_names(void **state)
{
	(void)state;
	assert_true(timesync_is_ntp_client("chronyd\n"));
	assert_true(timesync_is_ntp_client("ntpd"));
	assert_true(timesync_is_ntp_client("systemd-timesyn\n"));
	assert_false(timesync_is_ntp_client("chrony"));
	assert_false(timesync_is_ntp_client("ntpdate\n"));
	assert_false(timesync_is_ntp_client("bash\n"));
	assert_false(timesync_is_ntp_client(""));
}

static struct timesync_state full_state(void)
{
	struct timesync_state st = {
		.pid = 4242, .mode = "deferring", .other_client = "chronyd",
		.samples = 10, .invalid = 1, .steps = 2, .slews = 5, .deferred = 1,
		.recorded = 1, .have_sample = true, .last_rx_ns = T_UNIX_NS,
		.last_offset_ns = -1500, .last_transit_ns = -1, .last_flags = 2,
		.last_action = "slew", .step_threshold_ns = 500 * MS, .updated = 1700000000,
	};
	return st;
}

static void test_state_round_trip(void **state)
{
	struct timesync_state in = full_state(), out;
	char buf[TIMESYNC_STATE_MAX_BYTES], why[256];
	int len = timesync_state_format(&in, buf, sizeof(buf));

	(void)state;
	assert_true(len > 0);
	assert_true(timesync_state_parse(buf, (size_t)len, &out, why, sizeof(why)));
	assert_int_equal(out.pid, 4242);
	assert_string_equal(out.mode, "deferring");
	assert_string_equal(out.other_client, "chronyd");
	assert_int_equal(out.slews, 5);
	assert_true(out.last_offset_ns == -1500);
	assert_true(out.last_transit_ns == -1);
	assert_true(out.have_sample);
	assert_string_equal(out.last_action, "slew");
	/* Too small a buffer is refused, not cut. */
	assert_int_equal(timesync_state_format(&in, buf, 20), -1);
}

static void expect_bad_state(const char *text, const char *fragment)
{
	struct timesync_state st;
	char why[256];

	assert_false(timesync_state_parse(text, strlen(text), &st, why, sizeof(why)));
	assert_non_null(strstr(why, fragment));
}

static void test_state_bad_files(void **state)
{
	struct timesync_state st;
	char why[256], big[TIMESYNC_STATE_MAX_BYTES + 2];

	(void)state;
	expect_bad_state("pid=1\nmode=x\nsteps=-1\n", "bad value for steps");
	expect_bad_state("pid=1\nmode=x\nsteps=1x\n", "bad value for steps");
	expect_bad_state("pid=1\nmode=x\nsteps=99999999999999999999999\n", "steps");
	expect_bad_state("pid=1\nmode=two words\n", "mode");
	expect_bad_state("pid=1\nmode=x\nnonsense\n", "no '='");
	expect_bad_state("steps=1\n", "no pid or mode");
	expect_bad_state("pid=-5\nmode=x\n", "pid");
	expect_bad_state("pid=1\nmode=x\nlast_flags=256\n", "last_flags");
	assert_false(timesync_state_parse("pid=1\0mode=x\n", 13, &st, why, sizeof(why)));
	memset(big, 'a', sizeof(big));
	assert_false(timesync_state_parse(big, sizeof(big), &st, why, sizeof(why)));
	memset(big, 'a', 300);
	assert_false(timesync_state_parse(big, 300, &st, why, sizeof(why)));
	assert_non_null(strstr(why, "too long"));
	/* Unknown keys from a newer daemon and a missing final newline are fine. */
	{
		const char *text = "pid=1\nmode=x\nfuture_key=1\nsteps=3";

		assert_true(timesync_state_parse(text, strlen(text), &st, why, sizeof(why)));
	}
	assert_int_equal(st.steps, 3);
}

static void test_state_file_and_print(void **state)
{
	struct timesync_state in = full_state(), out;
	char dir[64], path[128], why[256], *text = NULL;
	size_t size = 0;
	FILE *mem;

	(void)state;
	assert_int_equal(test_dir_create(dir, sizeof(dir), "timesync_state"), 0);
	snprintf(path, sizeof(path), "%s/state", dir);
	assert_int_equal(timesync_state_write(path, &in), 0);
	assert_true(timesync_state_read(path, &out, why, sizeof(why)));
	assert_int_equal(out.steps, 2);
	mem = open_memstream(&text, &size);
	timesync_state_print(&out, mem);
	fclose(mem);
	assert_non_null(strstr(text, "deferring to chronyd"));
	assert_non_null(strstr(text, "last offset:     -0.000001500 s"));
	assert_non_null(strstr(text, "2023-11-14 22:13:20 UTC (SAMPLE, slew)"));
	assert_non_null(strstr(text, "unknown (the host sent no reference time)"));
	free(text);
	test_dir_remove(dir);
	assert_false(timesync_state_read(path, &out, why, sizeof(why)));
	assert_non_null(strstr(why, "is hv_timesync_daemon running?"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_offset_zero_when_clocks_agree, setup),
		cmocka_unit_test_setup(test_transit_is_not_offset, setup),
		cmocka_unit_test_setup(test_offset_sign, setup),
		cmocka_unit_test_setup(test_invalid_samples, setup),
		cmocka_unit_test_setup(test_extremes_do_not_overflow, setup),
		cmocka_unit_test_setup(test_decide_without_other_client, setup),
		cmocka_unit_test_setup(test_decide_with_other_client, setup),
		cmocka_unit_test_setup(test_sample_stream, setup),
		cmocka_unit_test_setup(test_slew_usec, setup),
		cmocka_unit_test_setup(test_ntp_client_names, setup),
		cmocka_unit_test_setup(test_state_round_trip, setup),
		cmocka_unit_test_setup(test_state_bad_files, setup),
		cmocka_unit_test_setup(test_state_file_and_print, setup),
	};

	return cmocka_run_group_tests_name("timesync", tests, NULL, NULL);
}
