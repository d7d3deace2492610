/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * UTF-16LE <-> UTF-8 for the KVP strings: the host speaks UTF-16LE, the
 * daemons UTF-8. Freestanding so that one file builds in hv_utils and in
 * the userspace unit tests, fuzz targets and daemons.
 *
 * Both directions are strict: unpaired surrogates, overlong or truncated
 * UTF-8, UTF-8-encoded surrogates and code points above U+10FFFF are
 * -EILSEQ, never replaced, so what the host sent is what the daemon sees
 * or the request fails. Neither function writes outside out[0..size).
 */
#ifndef HVLIS_COMMON_UTF16_H
#define HVLIS_COMMON_UTF16_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
#endif

/*
 * Converts UTF-16LE to NUL-terminated UTF-8. Reads units from in until
 * the first NUL unit or in_bytes bytes, whichever comes first; an odd
 * byte left at the end without a NUL before it is a truncated unit.
 *
 * Returns the UTF-8 length without its NUL (>= 0), or -EILSEQ (invalid
 * UTF-16), or -E2BIG (out_size cannot hold the text and its NUL). With
 * out NULL and out_size 0 it only measures. On error out is "" if
 * out_size > 0.
 */
int hvlis_utf16le_to_utf8(const u8 *in, size_t in_bytes, char *out,
			  size_t out_size);

/*
 * Converts NUL-terminated UTF-8 to UTF-16LE with a terminating NUL unit.
 * Reads in until its NUL or in_max bytes, whichever comes first.
 *
 * Returns the bytes written *including* the NUL unit (an even number
 * >= 2: what the host's key_size / value_size fields count), or -EILSEQ
 * (invalid UTF-8), or -E2BIG (out_bytes cannot hold the text and its
 * NUL unit). With out NULL and out_bytes 0 it only measures. On error
 * out starts with a NUL unit if out_bytes >= 2.
 */
int hvlis_utf8_to_utf16le(const char *in, size_t in_max, u8 *out,
			  size_t out_bytes);

/*
 * The valid UTF-8 sequence at in[0..avail): returns its length (1..4)
 * and sets *units to the UTF-16 units it needs (1 or 2); returns 0 if
 * the bytes are not valid UTF-8 or the sequence is cut short.
 */
int hvlis_utf8_seq(const char *in, size_t avail, int *units);

#endif /* HVLIS_COMMON_UTF16_H */
