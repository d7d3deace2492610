/*
 * API: bio_max_segs(), the number of vectors to ask bio_alloc() for.
 * Changed: v5.12 (block: "add a bio_max_segs helper"), which also
 * replaced BIO_MAX_PAGES with BIO_MAX_VECS; before that the caller
 * clamped to BIO_MAX_PAGES itself.
 * Used by: compat/include/hvlis/compat-blkdev.h (the sim's device backend).
 */
#include <linux/bio.h>

static unsigned int probe(unsigned int nr)
{
	return bio_max_segs(nr);
}

unsigned int (*hvlis_probe)(unsigned int) = probe;
