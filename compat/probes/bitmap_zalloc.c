/*
 * API: bitmap_zalloc() and bitmap_free().
 * Changed: v4.19 ("bitmap: Add bitmap_alloc(), bitmap_zalloc() and
 * bitmap_free()"); before, a bitmap is a kcalloc()ed array of longs.
 * Used by: compat/include/hvlis/compat-kernel.h (hv_vmbus's request
 * table, hv_netvsc's send sections).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: bitmap_zalloc bitmap_free
 */
#include <linux/bitmap.h>
#include <linux/gfp.h>

static void probe(unsigned int nbits)
{
	bitmap_free(bitmap_zalloc(nbits, GFP_KERNEL));
}

void (*hvlis_probe)(unsigned int) = probe;
