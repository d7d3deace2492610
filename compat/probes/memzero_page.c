/*
 * API: memzero_page(), zeroing part of a page through a local mapping.
 * Changed: v5.12 (mm/highmem: "Lift memcpy_[to|from]_page to core");
 * before that zero_user() did the same.
 * Used by: compat/include/hvlis/compat-kernel.h (the sim's RAM disks).
 */
#include <linux/highmem.h>

static void probe(struct page *page)
{
	memzero_page(page, 0, 512);
}

void (*hvlis_probe)(struct page *) = probe;
