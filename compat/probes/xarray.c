/*
 * API: the XArray, <linux/xarray.h>: xa_init(), xa_load(), xa_cmpxchg(),
 * xa_erase(), xa_for_each(), xa_destroy().
 * Changed: v4.20 ("XArray: ..." series); before, the same sparse array is
 * a radix tree with its user's own lock.
 * Used by: compat/include/hvlis/compat-xarray.h (the sim's RAM disks).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: xa_load __xa_cmpxchg xa_erase xa_find xa_find_after xa_destroy
 */
#include <linux/xarray.h>

static void *probe(struct xarray *xa, void *p)
{
	unsigned long idx;
	void *entry;

	xa_init(xa);
	entry = xa_cmpxchg(xa, 1, NULL, p, GFP_KERNEL);
	if (xa_is_err(entry))
		return ERR_PTR(xa_err(entry));
	xa_for_each(xa, idx, entry)
		xa_erase(xa, idx);
	xa_destroy(xa);
	return xa_load(xa, 1);
}

void *(*hvlis_probe)(struct xarray *, void *) = probe;
