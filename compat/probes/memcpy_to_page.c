/*
 * API: memcpy_to_page(), copying into part of a page through a local
 * mapping.
 * Changed: v5.12 (mm/highmem: "Lift memcpy_[to|from]_page to core");
 * before that the caller mapped the page itself.
 * Used by: compat/include/hvlis/compat-kernel.h (the sim's RAM disks).
 */
#include <linux/highmem.h>

static void probe(struct page *page, const char *from)
{
	memcpy_to_page(page, 0, from, 16);
}

void (*hvlis_probe)(struct page *, const char *) = probe;
