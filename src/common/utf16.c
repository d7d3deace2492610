// SPDX-License-Identifier: GPL-2.0-only
/*
 * UTF-16LE <-> UTF-8, see utf16.h. Written in the C both the kernel
 * (gnu89 on old kernels: declarations first) and C11 userspace accept.
 */
#include "utf16.h"

#define SURROGATE_HIGH_FIRST	0xd800
#define SURROGATE_LOW_FIRST	0xdc00
#define SURROGATE_LAST		0xdfff
#define UNICODE_LAST		0x10ffff
/* Lengths are returned as int; stop well before it could overflow. */
#define LEN_LIMIT		0x7ffffff0u

static int utf8_len(u32 cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp < 0x10000)
		return 3;
	return 4;
}

static void utf8_put(char *out, u32 cp, int len)
{
	static const u8 lead[5] = { 0, 0x00, 0xc0, 0xe0, 0xf0 };
	int i;

	for (i = len - 1; i > 0; i--) {
		out[i] = (char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	out[0] = (char)(lead[len] | cp);
}

static u16 get_le16(const u8 *p)
{
	return (u16)(p[0] | (p[1] << 8));
}

static void put_le16(u8 *p, u16 unit)
{
	p[0] = (u8)(unit & 0xff);
	p[1] = (u8)(unit >> 8);
}

/* Empties out on error so a caller that ignores the result sees "". */
static int utf8_fail(char *out, size_t out_size, int err)
{
	if (out && out_size > 0)
		out[0] = '\0';
	return err;
}

int hvlis_utf16le_to_utf8(const u8 *in, size_t in_bytes, char *out,
			  size_t out_size)
{
	size_t pos = 0, len = 0;
	u32 cp;
	u16 unit, low;
	int n;

	for (;;) {
		if (in_bytes - pos < 2) {
			/* A lone last byte is half a unit, not the end. */
			if (in_bytes - pos == 1)
				return utf8_fail(out, out_size, -EILSEQ);
			break;
		}
		unit = get_le16(in + pos);
		pos += 2;
		if (unit == 0)
			break;
		cp = unit;
		if (unit >= SURROGATE_LOW_FIRST && unit <= SURROGATE_LAST)
			return utf8_fail(out, out_size, -EILSEQ);
		if (unit >= SURROGATE_HIGH_FIRST && unit < SURROGATE_LOW_FIRST) {
			if (in_bytes - pos < 2)
				return utf8_fail(out, out_size, -EILSEQ);
			low = get_le16(in + pos);
			if (low < SURROGATE_LOW_FIRST || low > SURROGATE_LAST)
				return utf8_fail(out, out_size, -EILSEQ);
			pos += 2;
			cp = 0x10000 + (((u32)(unit - SURROGATE_HIGH_FIRST) << 10) |
					(u32)(low - SURROGATE_LOW_FIRST));
		}
		n = utf8_len(cp);
		if (len > LEN_LIMIT)
			return utf8_fail(out, out_size, -E2BIG);
		if (out) {
			/* Room for this sequence and the NUL after it. */
			if (out_size == 0 || len + (size_t)n > out_size - 1)
				return utf8_fail(out, out_size, -E2BIG);
			utf8_put(out + len, cp, n);
		}
		len += (size_t)n;
	}
	if (out) {
		if (out_size == 0 || len > out_size - 1)
			return utf8_fail(out, out_size, -E2BIG);
		out[len] = '\0';
	}
	return (int)len;
}

/*
 * Decodes one UTF-8 sequence from in[0..avail); returns its length and
 * the code point in *cp, or 0 if it is invalid or cut short.
 */
static int utf8_get(const u8 *in, size_t avail, u32 *cp)
{
	u8 b = in[0];
	u32 min, c;
	int len, i;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		len = 2;
		c = b & 0x1f;
		min = 0x80;
	} else if (b >= 0xe0 && b <= 0xef) {
		len = 3;
		c = b & 0x0f;
		min = 0x800;
	} else if (b >= 0xf0 && b <= 0xf4) {
		len = 4;
		c = b & 0x07;
		min = 0x10000;
	} else {
		/* A continuation byte, 0xc0/0xc1 (always overlong), or > 0xf4. */
		return 0;
	}
	if (avail < (size_t)len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((in[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (in[i] & 0x3f);
	}
	if (c < min || c > UNICODE_LAST ||
	    (c >= SURROGATE_HIGH_FIRST && c <= SURROGATE_LAST))
		return 0;
	*cp = c;
	return len;
}

int hvlis_utf8_seq(const char *in, size_t avail, int *units)
{
	u32 cp;
	int n;

	if (avail == 0)
		return 0;
	n = utf8_get((const u8 *)in, avail, &cp);
	if (n)
		*units = cp >= 0x10000 ? 2 : 1;
	return n;
}

static int utf16_fail(u8 *out, size_t out_bytes, int err)
{
	if (out && out_bytes >= 2)
		put_le16(out, 0);
	return err;
}

int hvlis_utf8_to_utf16le(const char *in, size_t in_max, u8 *out,
			  size_t out_bytes)
{
	const u8 *p = (const u8 *)in;
	size_t pos = 0, len = 0, end;
	u32 cp;
	int n, units;

	/* The text ends at its NUL or at in_max, whichever is first. */
	for (end = 0; end < in_max && p[end]; end++)
		;
	while (pos < end) {
		n = utf8_get(p + pos, end - pos, &cp);
		if (n == 0)
			return utf16_fail(out, out_bytes, -EILSEQ);
		pos += (size_t)n;
		units = cp >= 0x10000 ? 2 : 1;
		if (len > LEN_LIMIT)
			return utf16_fail(out, out_bytes, -E2BIG);
		if (out) {
			/* Room for these units and the NUL unit after them. */
			if (out_bytes < 2 || len + (size_t)units * 2 > out_bytes - 2)
				return utf16_fail(out, out_bytes, -E2BIG);
			if (units == 2) {
				cp -= 0x10000;
				put_le16(out + len, (u16)(SURROGATE_HIGH_FIRST + (cp >> 10)));
				put_le16(out + len + 2,
					 (u16)(SURROGATE_LOW_FIRST + (cp & 0x3ff)));
			} else {
				put_le16(out + len, (u16)cp);
			}
		}
		len += (size_t)units * 2;
	}
	if (out) {
		if (out_bytes < 2 || len > out_bytes - 2)
			return utf16_fail(out, out_bytes, -E2BIG);
		put_le16(out + len, 0);
	}
	return (int)(len + 2);
}
