// SPDX-License-Identifier: GPL-2.0-only
/*
 * The request table of a channel: each request a driver sends expecting a
 * completion gets a transaction id naming a slot that holds the driver's
 * value (usually a pointer). The completion's id is untrusted: it is
 * looked up, never dereferenced. An id is
 *
 *	(generation << 32) | (slot + 1)
 *
 * so id 0 (reserved for unsolicited packets) is never used, and a late
 * completion for a request whose slot was taken and reused carries an old
 * generation and is refused rather than completing the new request.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "vmbus_private.h"

struct vmbus_request_slot {
	u64 value;
	u32 generation;
};

struct vmbus_request_table {
	spinlock_t lock;
	u32 size;
	u32 next;		/* where to start looking for a free slot */
	unsigned long *used;
	struct vmbus_request_slot slots[];
};

struct vmbus_request_table *vmbus_request_table_alloc(u32 size)
{
	struct vmbus_request_table *table;

	table = kvzalloc(struct_size(table, slots, size), GFP_KERNEL);
	if (!table)
		return NULL;
	table->used = bitmap_zalloc(size, GFP_KERNEL);
	if (!table->used) {
		kvfree(table);
		return NULL;
	}
	spin_lock_init(&table->lock);
	table->size = size;
	return table;
}

void vmbus_request_table_free(struct vmbus_request_table *table)
{
	if (!table)
		return;
	bitmap_free(table->used);
	kvfree(table);
}

/* A transaction id for @value, or 0 when every slot is taken. */
u64 hvlis_request_add(struct hvlis_channel *channel, u64 value)
{
	struct vmbus_request_table *table = channel->requests;
	unsigned long flags;
	u32 slot;
	u64 id = 0;

	spin_lock_irqsave(&table->lock, flags);
	slot = find_next_zero_bit(table->used, table->size, table->next);
	if (slot >= table->size)
		slot = find_first_zero_bit(table->used, table->size);
	if (slot < table->size) {
		__set_bit(slot, table->used);
		table->slots[slot].value = value;
		table->next = slot + 1 < table->size ? slot + 1 : 0;
		id = ((u64)table->slots[slot].generation << 32) | (slot + 1);
	}
	spin_unlock_irqrestore(&table->lock, flags);
	return id;
}
EXPORT_SYMBOL_GPL(hvlis_request_add);

/*
 * Take the request @trans_id names: its value, and the slot is free again.
 * -ENOENT when the id names no outstanding request (unknown, completed
 * already, or abandoned and its slot reused).
 */
int hvlis_request_take(struct hvlis_channel *channel, u64 trans_id, u64 *value)
{
	struct vmbus_request_table *table = channel->requests;
	u32 slot = lower_32_bits(trans_id) - 1;
	u32 generation = upper_32_bits(trans_id);
	unsigned long flags;
	int ret = -ENOENT;

	spin_lock_irqsave(&table->lock, flags);
	if (slot < table->size && test_bit(slot, table->used) &&
	    table->slots[slot].generation == generation) {
		*value = table->slots[slot].value;
		table->slots[slot].generation++;
		__clear_bit(slot, table->used);
		ret = 0;
	}
	spin_unlock_irqrestore(&table->lock, flags);
	if (ret)
		pr_warn_ratelimited("relid %u: no request has transaction id %#llx; dropping its completion\n",
				    channel->relid, trans_id);
	return ret;
}
EXPORT_SYMBOL_GPL(hvlis_request_take);
