/*
 * API: str_has_prefix(), whether a string starts with a prefix, as the
 * prefix's length.
 * Changed: v5.0 ("string: Add str_has_prefix()").
 * Used by: compat/include/hvlis/compat-kernel.h (the sim's debugfs
 * parsers).
 */
#include <linux/string.h>

static size_t probe(const char *s)
{
	return str_has_prefix(s, "p");
}

size_t (*hvlis_probe)(const char *) = probe;
