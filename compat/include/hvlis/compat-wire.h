/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the wire-format headers (src/include/proto) build on: BIT(),
 * GENMASK() and static_assert(). They include this header, not the kernel's
 * <linux/bits.h> and <linux/build_bug.h>, which older kernels lack.
 */
#ifndef HVLIS_COMPAT_WIRE_H
#define HVLIS_COMPAT_WIRE_H

/* v4.19: <linux/bits.h>; before, BIT() and GENMASK() are in bitops.h. */
#ifdef HAVE_BITS_H
#include <linux/bits.h>
#else
#include <linux/bitops.h>
#endif

/*
 * v5.1: static_assert() in <linux/build_bug.h>; before, the same check is
 * the compiler's _Static_assert, which gcc takes in the kernel's gnu89.
 */
#ifdef HAVE_STATIC_ASSERT
#include <linux/build_bug.h>
#else
#include <linux/bug.h>
#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)
#endif

#endif
