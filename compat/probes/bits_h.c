/*
 * API: <linux/bits.h> with BIT(), BIT_ULL() and GENMASK().
 * Changed: v4.19 ("linux/bits.h: make BIT(), GENMASK(), and friends
 * available in assembly" moved them out of <linux/bitops.h>, which has
 * had them, GENMASK since v3.19, all along and still includes bits.h).
 * Used by: compat/include/hvlis/compat-wire.h (the wire-format headers).
 */
#include <linux/bits.h>

unsigned long hvlis_probe_bits = BIT(3) | GENMASK(7, 4) | BIT_ULL(5);
