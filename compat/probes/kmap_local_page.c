/*
 * API: kmap_local_page() and kunmap_local(), a mapping of a page that is
 * local to the thread and leaves preemption and page faults enabled.
 * Changed: v5.11 (mm/highmem: "Provide kmap_local*"); before that the
 * short-lived mapping was kmap_atomic()/kunmap_atomic().
 * Used by: compat/include/hvlis/compat-kernel.h (the sim's page copies).
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/module.h>

static int __init probe_init(void)
{
	struct page *page = alloc_page(GFP_KERNEL);
	void *va;

	if (!page)
		return -ENOMEM;
	va = kmap_local_page(page);
	kunmap_local(va);
	__free_page(page);
	return 0;
}
module_init(probe_init);
