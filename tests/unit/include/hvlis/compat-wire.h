/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit tests' stand-in for compat/include/hvlis/compat-wire.h, which
 * the wire-format headers include: that one picks kernel headers, this
 * one gives the same three names from C11 and the compiler.
 */
#ifndef HVLIS_UNIT_COMPAT_WIRE_H
#define HVLIS_UNIT_COMPAT_WIRE_H

#include <assert.h>

#define BIT(nr) (1UL << (nr))
#define GENMASK(h, l) ((~0UL << (l)) & (~0UL >> (63 - (h))))

#endif
