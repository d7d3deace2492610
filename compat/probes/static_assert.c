/*
 * API: static_assert(expr[, msg]) of <linux/build_bug.h>.
 * Changed: v5.1 (build_bug.h: "add wrapper for _Static_assert"); the
 * header itself arrived in v4.13 and before that BUILD_BUG_ON() lived in
 * <linux/bug.h>.
 * Used by: compat/include/hvlis/compat-wire.h (the wire-format headers
 * under src/include/proto and the sim's proto_check.c).
 */
#include <linux/build_bug.h>

static_assert(sizeof(int) == 4);
static_assert(sizeof(long) == 8, "LP64");
