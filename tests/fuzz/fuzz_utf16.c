// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the UTF-16LE <-> UTF-8 converter the kernel and
 * the daemons share (src/common/utf16.c); the host's strings go through
 * it in hv_utils. Input: one byte choosing the output size, then text.
 * Any violation traps:
 *
 * - nothing is written past the output size (canaries after it; ASan
 *   catches reads), a success is NUL-terminated and as long as it says,
 *   and measuring (NULL output) gives the same answer as converting;
 * - round trips: valid UTF-8 -> UTF-16 -> UTF-8 is the identity, and
 *   UTF-16 that converts to UTF-8 converts back to the same units;
 * - hvlis_utf8_seq() agrees with the converter about validity.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "utf16.h"

#define MAX_TEXT	8192
#define CANARY		0xa5
#define SLACK		16

#define CHECK(cond)				\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out16[4 * MAX_TEXT + SLACK];
static char out8[4 * MAX_TEXT + SLACK];
static uint8_t back16[4 * MAX_TEXT + SLACK];

static void canaries_intact(const void *buf, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		CHECK(((const uint8_t *)buf)[i] == CANARY);
}

static void utf16_side(const uint8_t *in, size_t len, size_t out_size)
{
	int measured = hvlis_utf16le_to_utf8(in, len, NULL, 0);
	int n;

	memset(out8, CANARY, out_size + SLACK);
	n = hvlis_utf16le_to_utf8(in, len, out8, out_size);
	canaries_intact(out8, out_size, out_size + SLACK);
	CHECK(n == -EILSEQ || n == -E2BIG || n >= 0);
	CHECK(measured == -EILSEQ || measured >= 0);
	if (n >= 0) {
		CHECK(n == measured && (size_t)n < out_size && out8[n] == '\0');
		CHECK(strlen(out8) == (size_t)n);
		/* Back to UTF-16: the same units up to the first NUL unit. */
		int back = hvlis_utf8_to_utf16le(out8, (size_t)n + 1, back16, sizeof(back16));

		CHECK(back >= 2);
		CHECK(memcmp(back16, in, (size_t)back - 2) == 0);
		CHECK((size_t)back - 2 == len - (len % 2) ||
		      (in[back - 2] == 0 && in[back - 1] == 0));
	} else if (n == -E2BIG) {
		/* Output ran out before any invalid input was reached. */
		CHECK(measured == -EILSEQ || (size_t)measured >= out_size);
	} else {
		CHECK(measured == -EILSEQ);
	}
	if (out_size > 0 && n < 0)
		CHECK(out8[0] == '\0');
}

static void utf8_side(const char *in, size_t len, size_t out_bytes)
{
	int measured = hvlis_utf8_to_utf16le(in, len, NULL, 0);
	size_t pos = 0, end = strnlen(in, len);
	int n, units;
	int valid = 1;

	while (pos < end) {
		int k = hvlis_utf8_seq(in + pos, end - pos, &units);

		if (!k) {
			valid = 0;
			break;
		}
		pos += (size_t)k;
	}
	CHECK(valid ? measured >= 2 : measured == -EILSEQ);
	memset(out16, CANARY, out_bytes + SLACK);
	n = hvlis_utf8_to_utf16le(in, len, out16, out_bytes);
	canaries_intact(out16, out_bytes, out_bytes + SLACK);
	if (n >= 0) {
		CHECK(n == measured && n % 2 == 0 && (size_t)n <= out_bytes);
		CHECK(out16[n - 2] == 0 && out16[n - 1] == 0);
		/* Back to UTF-8: exactly the input text. */
		int back = hvlis_utf16le_to_utf8(out16, (size_t)n, out8, sizeof(out8));

		CHECK(back >= 0 && (size_t)back == end && memcmp(out8, in, end) == 0);
	} else if (n == -E2BIG) {
		CHECK(measured == -EILSEQ || (size_t)measured > out_bytes);
	} else {
		CHECK(n == -EILSEQ && measured == -EILSEQ);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len, out_size;

	if (size < 2 || size - 1 > MAX_TEXT)
		return 0;
	len = size - 1;
	/* Small sizes exercise the edges; 0xff means "plenty". */
	out_size = data[0] == 0xff ? 4 * MAX_TEXT : data[0];
	utf16_side(data + 1, len, out_size);
	utf8_side((const char *)data + 1, len, out_size);
	return 0;
}
