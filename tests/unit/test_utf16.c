// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of src/common/utf16.c, the converter hv_utils and the
 * daemons share: surrogate pairs, every kind of invalid input, the exact
 * largest KVP strings and one unit or byte over, and that output never
 * runs past the buffer (canary bytes after it, under ASan).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <linux/hvlis_genl.h>

#include "utf16.h"

#define CANARY	0xa5

/* UTF-16LE bytes from a list of units; returns the byte count. */
static size_t units(uint8_t *out, const uint16_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = (uint8_t)(u[i] & 0xff);
		out[2 * i + 1] = (uint8_t)(u[i] >> 8);
	}
	return 2 * n;
}

static void to_utf8(const uint16_t *u, size_t n, const char *want)
{
	uint8_t in[64];
	char out[64];
	size_t len = units(in, u, n);
	int r = hvlis_utf16le_to_utf8(in, len, out, sizeof(out));

	assert_int_equal(r, (int)strlen(want));
	assert_string_equal(out, want);
	/* Measuring gives the same length without writing. */
	assert_int_equal(hvlis_utf16le_to_utf8(in, len, NULL, 0), r);
}

static void test_utf16_ascii_and_bmp(void **state)
{
	(void)state;
	to_utf8((const uint16_t[]){ 'K', 'e', 'y' }, 3, "Key");
	to_utf8((const uint16_t[]){ 0x00e9 }, 1, "\xc3\xa9");		/* é */
	to_utf8((const uint16_t[]){ 0x20ac }, 1, "\xe2\x82\xac");	/* € */
	to_utf8((const uint16_t[]){ 0x07ff, 0x0800, 0xffff }, 3,
		"\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf");
	to_utf8((const uint16_t[]){ 0 }, 0, "");
}

static void test_utf16_surrogate_pairs(void **state)
{
	(void)state;
	/* U+1F600 and the extremes U+10000, U+10FFFF. */
	to_utf8((const uint16_t[]){ 0xd83d, 0xde00 }, 2, "\xf0\x9f\x98\x80");
	to_utf8((const uint16_t[]){ 0xd800, 0xdc00 }, 2, "\xf0\x90\x80\x80");
	to_utf8((const uint16_t[]){ 0xdbff, 0xdfff }, 2, "\xf4\x8f\xbf\xbf");
}

static void expect_utf16_error(const uint16_t *u, size_t n, int err)
{
	uint8_t in[64];
	char out[16];
	size_t len = units(in, u, n);

	memset(out, 'x', sizeof(out));
	assert_int_equal(hvlis_utf16le_to_utf8(in, len, out, sizeof(out)), err);
	assert_int_equal(out[0], '\0');	/* emptied, not half-written */
}

static void test_utf16_unpaired_surrogates(void **state)
{
	(void)state;
	expect_utf16_error((const uint16_t[]){ 0xd800 }, 1, -EILSEQ);		/* high at end */
	expect_utf16_error((const uint16_t[]){ 0xd800, 'a' }, 2, -EILSEQ);	/* high + BMP */
	expect_utf16_error((const uint16_t[]){ 0xdc00, 'a' }, 2, -EILSEQ);	/* lone low */
	expect_utf16_error((const uint16_t[]){ 0xd800, 0xd800 }, 2, -EILSEQ);	/* high + high */
	expect_utf16_error((const uint16_t[]){ 'a', 0xdfff }, 2, -EILSEQ);
	expect_utf16_error((const uint16_t[]){ 0xd800, 0 }, 2, -EILSEQ);	/* high + NUL */
}

static void test_utf16_stops_at_nul_and_odd_bytes(void **state)
{
	uint8_t in[8] = { 'a', 0, 0, 0, 'b', 0 };
	char out[8];

	(void)state;
	assert_int_equal(hvlis_utf16le_to_utf8(in, 6, out, sizeof(out)), 1);
	assert_string_equal(out, "a");
	/* An odd byte count ends in half a unit: truncated input. */
	assert_int_equal(hvlis_utf16le_to_utf8(in, 1, out, sizeof(out)), -EILSEQ);
	assert_int_equal(hvlis_utf16le_to_utf8((const uint8_t *)"a\0b", 3, out,
					       sizeof(out)), -EILSEQ);
	/* ... but a NUL before the odd byte ends the text first. */
	assert_int_equal(hvlis_utf16le_to_utf8((const uint8_t *)"a\0\0\0b", 5, out,
					       sizeof(out)), 1);
}

static void test_utf16_output_bounds(void **state)
{
	uint8_t in[8];
	char out[8];
	size_t len = units(in, (const uint16_t[]){ 'a', 0x20ac }, 2);	/* 4 bytes of UTF-8 */

	(void)state;
	memset(out, CANARY, sizeof(out));
	assert_int_equal(hvlis_utf16le_to_utf8(in, len, out, 5), 4);	/* exact fit */
	assert_int_equal((uint8_t)out[5], CANARY);
	memset(out, CANARY, sizeof(out));
	assert_int_equal(hvlis_utf16le_to_utf8(in, len, out, 4), -E2BIG);	/* no room for NUL */
	assert_int_equal((uint8_t)out[4], CANARY);
	assert_int_equal(out[0], '\0');
	assert_int_equal(hvlis_utf16le_to_utf8(in, len, out, 3), -E2BIG);	/* € cut */
	assert_int_equal(hvlis_utf16le_to_utf8(in, len, out, 0), -E2BIG);
}

/* The largest key the host can send: 255 units of U+20AC and a NUL. */
static void test_utf16_max_key_fits_uapi_limit(void **state)
{
	uint8_t in[HVLIS_KVP_WIRE_KEY_BYTES];
	char out[HVLIS_KVP_KEY_MAX + 1];
	size_t n = HVLIS_KVP_WIRE_KEY_BYTES / 2 - 1;

	(void)state;
	assert_int_equal(HVLIS_KVP_KEY_MAX, 766);
	assert_int_equal(HVLIS_KVP_VALUE_MAX, 3070);
	memset(in, 0, sizeof(in));
	for (size_t i = 0; i < n; i++) {
		in[2 * i] = 0xac;
		in[2 * i + 1] = 0x20;
	}
	memset(out, CANARY, sizeof(out));
	assert_int_equal(hvlis_utf16le_to_utf8(in, sizeof(in), out, HVLIS_KVP_KEY_MAX),
			 HVLIS_KVP_KEY_MAX - 1);
	assert_int_equal((uint8_t)out[HVLIS_KVP_KEY_MAX], CANARY);
	/* One byte less of room: does not fit. */
	assert_int_equal(hvlis_utf16le_to_utf8(in, sizeof(in), out, HVLIS_KVP_KEY_MAX - 1),
			 -E2BIG);
	/* Surrogate pairs use fewer bytes per unit: 127 pairs = 508 bytes. */
	for (size_t i = 0; i + 1 < n; i += 2) {
		in[2 * i] = 0x3d;
		in[2 * i + 1] = 0xd8;
		in[2 * i + 2] = 0x00;
		in[2 * i + 3] = 0xde;
	}
	in[2 * (n - 1)] = 'z';
	in[2 * (n - 1) + 1] = 0;
	assert_int_equal(hvlis_utf16le_to_utf8(in, sizeof(in), out, HVLIS_KVP_KEY_MAX),
			 127 * 4 + 1);
}

static void to_utf16(const char *in, const uint16_t *want, size_t n)
{
	uint8_t out[64], expect[64];

	units(expect, want, n);
	expect[2 * n] = expect[2 * n + 1] = 0;
	assert_int_equal(hvlis_utf8_to_utf16le(in, strlen(in) + 1, out, sizeof(out)),
			 (int)(2 * n + 2));
	assert_memory_equal(out, expect, 2 * n + 2);
	assert_int_equal(hvlis_utf8_to_utf16le(in, strlen(in) + 1, NULL, 0), (int)(2 * n + 2));
}

static void test_utf8_valid(void **state)
{
	(void)state;
	to_utf16("", (const uint16_t[]){ 0 }, 0);
	to_utf16("Key", (const uint16_t[]){ 'K', 'e', 'y' }, 3);
	to_utf16("\xc2\x80\xdf\xbf", (const uint16_t[]){ 0x80, 0x7ff }, 2);
	to_utf16("\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf",
		 (const uint16_t[]){ 0x800, 0xd7ff, 0xe000, 0xffff }, 4);
	to_utf16("\xf0\x9f\x98\x80", (const uint16_t[]){ 0xd83d, 0xde00 }, 2);
	to_utf16("\xf4\x8f\xbf\xbf", (const uint16_t[]){ 0xdbff, 0xdfff }, 2);
}

static void expect_utf8_error(const char *in, size_t in_max)
{
	uint8_t out[32];

	memset(out, 0xff, sizeof(out));
	assert_int_equal(hvlis_utf8_to_utf16le(in, in_max, out, sizeof(out)), -EILSEQ);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	assert_int_equal(hvlis_utf8_to_utf16le(in, in_max, NULL, 0), -EILSEQ);
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	expect_utf8_error("\xc0\x80", 3);		/* overlong NUL */
	expect_utf8_error("\xc1\xbf", 3);		/* overlong 2-byte */
	expect_utf8_error("\xe0\x9f\xbf", 4);		/* overlong 3-byte */
	expect_utf8_error("\xf0\x8f\xbf\xbf", 5);	/* overlong 4-byte */
	expect_utf8_error("\xed\xa0\x80", 4);		/* U+D800 encoded */
	expect_utf8_error("\xed\xbf\xbf", 4);		/* U+DFFF encoded */
	expect_utf8_error("\xf4\x90\x80\x80", 5);	/* U+110000 */
	expect_utf8_error("\xf5\x80\x80\x80", 5);
	expect_utf8_error("\xff", 2);
	expect_utf8_error("\x80", 2);			/* stray continuation */
	expect_utf8_error("a\xbf", 3);
	expect_utf8_error("\xc3", 2);			/* truncated by the NUL */
	expect_utf8_error("\xe2\x82", 3);
	expect_utf8_error("\xf0\x9f\x98", 4);
	expect_utf8_error("\xe2\x28\xa1", 4);		/* bad continuation */
	/* Truncated by in_max rather than by a NUL. */
	expect_utf8_error("\xe2\x82\xac", 2);
}

static void test_utf8_in_max_bounds_the_read(void **state)
{
	char in[4] = { 'a', 'b', 'c', 'd' };	/* no NUL at all */
	uint8_t out[16];

	(void)state;
	assert_int_equal(hvlis_utf8_to_utf16le(in, sizeof(in), out, sizeof(out)), 10);
	assert_int_equal(hvlis_utf8_to_utf16le(in, 2, out, sizeof(out)), 6);
	assert_int_equal(out[4], 0);
	assert_int_equal(hvlis_utf8_to_utf16le(in, 0, out, sizeof(out)), 2);
}

static void test_utf8_output_bounds(void **state)
{
	uint8_t out[16];

	(void)state;
	memset(out, CANARY, sizeof(out));
	assert_int_equal(hvlis_utf8_to_utf16le("ab", 3, out, 6), 6);	/* exact */
	assert_int_equal(out[6], CANARY);
	memset(out, CANARY, sizeof(out));
	assert_int_equal(hvlis_utf8_to_utf16le("ab", 3, out, 5), -E2BIG);
	assert_int_equal(out[5], CANARY);
	assert_int_equal(out[0], 0);
	assert_int_equal(hvlis_utf8_to_utf16le("ab", 3, out, 4), -E2BIG);
	assert_int_equal(hvlis_utf8_to_utf16le("", 1, out, 1), -E2BIG);
	assert_int_equal(hvlis_utf8_to_utf16le("", 1, out, 2), 2);
	/* A pair needs both units: 4 bytes plus the NUL unit. */
	assert_int_equal(hvlis_utf8_to_utf16le("\xf0\x9f\x98\x80", 5, out, 5), -E2BIG);
	assert_int_equal(hvlis_utf8_to_utf16le("\xf0\x9f\x98\x80", 5, out, 6), 6);
}

/* The host's value field: 1023 units and a NUL fit, 1024 do not. */
static void test_utf8_max_value_and_one_over(void **state)
{
	static char in[HVLIS_KVP_VALUE_MAX + 8];
	static uint8_t out[HVLIS_KVP_WIRE_VALUE_BYTES + 8];
	size_t units_max = HVLIS_KVP_WIRE_VALUE_BYTES / 2 - 1;

	(void)state;
	memset(in, 'v', units_max);
	in[units_max] = '\0';
	memset(out, CANARY, sizeof(out));
	assert_int_equal(hvlis_utf8_to_utf16le(in, sizeof(in), out,
					       HVLIS_KVP_WIRE_VALUE_BYTES),
			 HVLIS_KVP_WIRE_VALUE_BYTES);
	assert_int_equal(out[HVLIS_KVP_WIRE_VALUE_BYTES], CANARY);
	in[units_max] = 'v';
	in[units_max + 1] = '\0';
	assert_int_equal(hvlis_utf8_to_utf16le(in, sizeof(in), out,
					       HVLIS_KVP_WIRE_VALUE_BYTES), -E2BIG);
	assert_int_equal(out[HVLIS_KVP_WIRE_VALUE_BYTES], CANARY);
	/* The UTF-8 maximum (3 bytes a unit) converts to exactly the field. */
	for (size_t i = 0; i < units_max; i++)
		memcpy(in + 3 * i, "\xe2\x82\xac", 3);
	in[3 * units_max] = '\0';
	assert_int_equal(strlen(in), HVLIS_KVP_VALUE_MAX - 1);
	assert_int_equal(hvlis_utf8_to_utf16le(in, sizeof(in), out,
					       HVLIS_KVP_WIRE_VALUE_BYTES),
			 HVLIS_KVP_WIRE_VALUE_BYTES);
}

static void test_round_trip(void **state)
{
	const char *texts[] = {
		"", "a", "Key=Value;1.2.3.4", "\xc3\xa9t\xc3\xa9",
		"\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\xef\xbf\xbf",
	};
	uint8_t mid[64];
	char back[64];

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int n = hvlis_utf8_to_utf16le(texts[i], strlen(texts[i]) + 1, mid, sizeof(mid));

		assert_true(n >= 2);
		assert_int_equal(hvlis_utf16le_to_utf8(mid, (size_t)n, back, sizeof(back)),
				 (int)strlen(texts[i]));
		assert_string_equal(back, texts[i]);
	}
}

static void test_utf8_seq(void **state)
{
	int u = 0;

	(void)state;
	assert_int_equal(hvlis_utf8_seq("a", 1, &u), 1);
	assert_int_equal(u, 1);
	assert_int_equal(hvlis_utf8_seq("\xf0\x9f\x98\x80", 4, &u), 4);
	assert_int_equal(u, 2);
	assert_int_equal(hvlis_utf8_seq("\xf0\x9f\x98\x80", 3, &u), 0);
	assert_int_equal(hvlis_utf8_seq("\xc0\x80", 2, &u), 0);
	assert_int_equal(hvlis_utf8_seq("", 0, &u), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16_ascii_and_bmp),
		cmocka_unit_test(test_utf16_surrogate_pairs),
		cmocka_unit_test(test_utf16_unpaired_surrogates),
		cmocka_unit_test(test_utf16_stops_at_nul_and_odd_bytes),
		cmocka_unit_test(test_utf16_output_bounds),
		cmocka_unit_test(test_utf16_max_key_fits_uapi_limit),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_in_max_bounds_the_read),
		cmocka_unit_test(test_utf8_output_bounds),
		cmocka_unit_test(test_utf8_max_value_and_one_over),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_utf8_seq),
	};

	return cmocka_run_group_tests_name("utf16", tests, NULL, NULL);
}
