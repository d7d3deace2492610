/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * v4.20: the XArray. Before, the part of it the sim uses (load, insert
 * where empty, erase, walk, destroy) on a radix tree: readers under RCU,
 * writers under the array's own spinlock, tree nodes preloaded outside it.
 */
#ifndef HVLIS_COMPAT_XARRAY_H
#define HVLIS_COMPAT_XARRAY_H

#ifdef HAVE_XARRAY
#include <linux/xarray.h>
#else
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/radix-tree.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct xarray {
	spinlock_t lock;
	struct radix_tree_root root;
};

static inline void xa_init(struct xarray *xa)
{
	spin_lock_init(&xa->lock);
	INIT_RADIX_TREE(&xa->root, GFP_ATOMIC);
}

static inline void *xa_load(struct xarray *xa, unsigned long index)
{
	void *entry;

	rcu_read_lock();
	entry = radix_tree_lookup(&xa->root, index);
	rcu_read_unlock();
	return entry;
}

/* Errors come back as ERR_PTR()s: no entry stored here is one. */
#define xa_is_err(entry)	IS_ERR(entry)
#define xa_err(entry)		((int)PTR_ERR(entry))

/* Only "store where empty" (@old NULL) is backported. */
static inline void *xa_cmpxchg(struct xarray *xa, unsigned long index,
			       void *old, void *entry, gfp_t gfp)
{
	void *cur;
	int ret;

	if (WARN_ON(old))
		return ERR_PTR(-EINVAL);
	ret = radix_tree_preload(gfp);
	if (ret)
		return ERR_PTR(ret);
	spin_lock(&xa->lock);
	cur = radix_tree_lookup(&xa->root, index);
	if (!cur)
		ret = radix_tree_insert(&xa->root, index, entry);
	spin_unlock(&xa->lock);
	radix_tree_preload_end();
	return ret ? ERR_PTR(ret) : cur;
}

static inline void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *entry;

	spin_lock(&xa->lock);
	entry = radix_tree_delete(&xa->root, index);
	spin_unlock(&xa->lock);
	return entry;
}

/* The first entry at @*index or after (after @*index if @after). */
static inline void *hvlis_xa_find(struct xarray *xa, unsigned long *index,
				  bool after)
{
	struct radix_tree_iter iter;
	void *entry = NULL;
	void **slot;

	if (after && *index == ULONG_MAX)
		return NULL;
	rcu_read_lock();
	radix_tree_for_each_slot(slot, &xa->root, &iter, *index + after) {
		entry = radix_tree_deref_slot(slot);
		if (entry && !radix_tree_exception(entry)) {
			*index = iter.index;
			break;
		}
		entry = NULL;
	}
	rcu_read_unlock();
	return entry;
}

#define xa_for_each(xa, index, entry)					\
	for (index = 0, entry = hvlis_xa_find(xa, &index, false); entry;	\
	     entry = hvlis_xa_find(xa, &index, true))

/* Empties the array; the entries themselves are the caller's. */
static inline void xa_destroy(struct xarray *xa)
{
	unsigned long index;
	void *entry;

	xa_for_each(xa, index, entry)
		xa_erase(xa, index);
}
#endif

#endif
