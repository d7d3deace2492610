// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two rings of a channel, guest side (protocol-vmbus.md section 6):
 * we produce into the outbound ring and consume from the inbound one.
 *
 * The host can write any value into the shared pages at any moment, so
 * each index it owns is read once, checked, and used from a local copy;
 * our own indices live in private copies and are only ever stored to the
 * shared page; and an inbound packet is copied out whole before anything
 * in it is believed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/uio.h>

#include "vmbus_private.h"

void vmbus_ring_init(struct vmbus_ring *ring, void *mem, u32 size)
{
	ring->ctl = mem;
	ring->data = (u8 *)mem + VMBUS_PAGE_SIZE;
	ring->size = size - VMBUS_PAGE_SIZE;
	ring->priv_index = 0;
	ring->packets = 0;
	ring->bytes = 0;
	ring->full = 0;
	/* We honour pending_send_sz on the ring we consume (6.2). */
	ring->ctl->feature_bits = cpu_to_le32(VMBUS_RING_FEAT_PENDING_SEND_SZ);
}

/* A host-owned index is usable if it is inside the ring and 8-aligned. */
static bool vmbus_ring_index_ok(const struct vmbus_ring *ring, u32 index)
{
	return index < ring->size && IS_ALIGNED(index, 8);
}

static u32 vmbus_ring_used(const struct vmbus_ring *ring, u32 write, u32 read)
{
	return write >= read ? write - read : ring->size - read + write;
}

/* Senders (under out.lock) and the callback (inbound) both may break it. */
static void vmbus_ring_broken(struct hvlis_channel *channel, const char *what,
			      u32 value)
{
	if (!READ_ONCE(channel->broken))
		pr_warn_ratelimited("relid %u: the host corrupted the ring (%s %u); the channel stops\n",
				    channel->relid, what, value);
	WRITE_ONCE(channel->broken, true);
}

/*
 * Room in the outbound ring for a packet of @total bytes (descriptor
 * included) with its padding and trailer: strictly more than that, since a
 * full ring would look empty. Measured from our own write position.
 */
static bool vmbus_ring_fits(struct vmbus_ring *ring, u32 read, u32 total)
{
	lockdep_assert_held(&ring->lock);
	return ring->size - vmbus_ring_used(ring, ring->priv_index, read) >
	       ALIGN(total, 8) + VMBUS_PACKET_TRAILER_SIZE;
}

bool vmbus_ring_has_room(struct hvlis_channel *channel, u32 total)
{
	struct vmbus_ring *ring = &channel->out;
	unsigned long flags;
	bool room;
	u32 read;

	spin_lock_irqsave(&ring->lock, flags);
	read = le32_to_cpu(READ_ONCE(ring->ctl->read_index));
	room = vmbus_ring_index_ok(ring, read) && vmbus_ring_fits(ring, read, total);
	spin_unlock_irqrestore(&ring->lock, flags);
	return room;
}

/* Copy into the ring at @pos, wrapping at the end; returns the new pos. */
static u32 vmbus_ring_copy_to(struct vmbus_ring *ring, u32 pos,
			      const void *src, u32 len)
{
	u32 first = min(len, ring->size - pos);

	memcpy(ring->data + pos, src, first);
	memcpy(ring->data, (const u8 *)src + first, len - first);
	pos += len;
	return pos >= ring->size ? pos - ring->size : pos;
}

static void vmbus_ring_copy_from(const struct vmbus_ring *ring, u32 pos,
				 void *dst, u32 len)
{
	u32 first = min(len, ring->size - pos);

	memcpy(dst, ring->data + pos, first);
	memcpy((u8 *)dst + first, ring->data, len - first);
}

u32 vmbus_ring_bytes_to_read(struct vmbus_ring *ring)
{
	u32 write = le32_to_cpu(READ_ONCE(ring->ctl->write_index));
	u32 read = le32_to_cpu(READ_ONCE(ring->ctl->read_index));

	if (!vmbus_ring_index_ok(ring, write) || !vmbus_ring_index_ok(ring, read))
		return 0;
	return vmbus_ring_used(ring, write, read);
}

u32 vmbus_ring_bytes_to_write(struct vmbus_ring *ring)
{
	return ring->size - vmbus_ring_bytes_to_read(ring);
}

/*
 * Write one packet made of @kv (already including its descriptor) of
 * @total bytes: padding to 8 bytes and the trailer are added here.
 * Returns -EAGAIN when it does not fit now, -EIO when the host broke the
 * ring, and signals the host when the ring was empty (6.6).
 */
int vmbus_ring_write(struct hvlis_channel *channel, const struct kvec *kv,
		     unsigned int nkv, u32 total)
{
	struct vmbus_ring *ring = &channel->out;
	u32 packet_len = ALIGN(total, 8);
	u64 trailer, zero = 0;
	u32 read, old_write, pos;
	unsigned long flags;
	unsigned int i;
	bool signal;

	spin_lock_irqsave(&ring->lock, flags);
	if (!channel->sendable || READ_ONCE(channel->broken)) {
		spin_unlock_irqrestore(&ring->lock, flags);
		return channel->sendable ? -EIO : -ENODEV;
	}
	read = le32_to_cpu(READ_ONCE(ring->ctl->read_index));
	if (!vmbus_ring_index_ok(ring, read)) {
		vmbus_ring_broken(channel, "outbound read_index", read);
		spin_unlock_irqrestore(&ring->lock, flags);
		return -EIO;
	}
	old_write = ring->priv_index;
	if (!vmbus_ring_fits(ring, read, total)) {
		ring->full++;
		if (!ring->was_full)
			ring->full_first++;
		ring->was_full = true;
		spin_unlock_irqrestore(&ring->lock, flags);
		return -EAGAIN;
	}

	pos = old_write;
	for (i = 0; i < nkv; i++)
		pos = vmbus_ring_copy_to(ring, pos, kv[i].iov_base, kv[i].iov_len);
	pos = vmbus_ring_copy_to(ring, pos, &zero, packet_len - total);
	trailer = (u64)old_write << 32;
	pos = vmbus_ring_copy_to(ring, pos, &trailer, sizeof(trailer));

	/* The packet is in place before the host can see the new index. */
	virt_mb();
	ring->priv_index = pos;
	WRITE_ONCE(ring->ctl->write_index, cpu_to_le32(pos));
	ring->packets++;
	ring->bytes += packet_len;
	ring->was_full = false;

	/* Signal only if the host reads (no mask) and the ring was empty. */
	virt_mb();
	signal = !READ_ONCE(ring->ctl->interrupt_mask);
	if (signal) {
		virt_rmb();
		signal = le32_to_cpu(READ_ONCE(ring->ctl->read_index)) == old_write;
	}
	if (signal)
		ring->signals++;
	spin_unlock_irqrestore(&ring->lock, flags);

	if (signal)
		vmbus_channel_signal(channel);
	return 0;
}

bool vmbus_ring_has_data(struct vmbus_ring *ring)
{
	return le32_to_cpu(READ_ONCE(ring->ctl->write_index)) != ring->priv_index;
}

/*
 * Copy the next inbound packet into the channel's private buffer and check
 * it there. Only called from the channel callback, which never runs twice
 * at once for a channel (a tasklet), so the inbound ring needs no lock.
 */
const struct vmbus_packet_descriptor *hvlis_channel_peek(struct hvlis_channel *channel)
{
	struct vmbus_ring *ring = &channel->in;
	struct vmbus_packet_descriptor *desc = (void *)channel->packet;
	u32 write, read = ring->priv_index, avail, len, offset;

	if (READ_ONCE(channel->broken))
		return ERR_PTR(-EIO);
	write = le32_to_cpu(READ_ONCE(ring->ctl->write_index));
	if (!vmbus_ring_index_ok(ring, write)) {
		vmbus_ring_broken(channel, "inbound write_index", write);
		return ERR_PTR(-EIO);
	}
	/* The host's packet is complete in the ring before its index moves. */
	virt_rmb();
	avail = vmbus_ring_used(ring, write, read);
	if (!avail)
		return NULL;
	if (avail < sizeof(*desc) + VMBUS_PACKET_TRAILER_SIZE) {
		vmbus_ring_broken(channel, "inbound bytes", avail);
		return ERR_PTR(-EIO);
	}

	vmbus_ring_copy_from(ring, read, desc, sizeof(*desc));
	len = le16_to_cpu(desc->len8) * 8;
	offset = le16_to_cpu(desc->offset8) * 8;
	if (len < sizeof(*desc) || len + VMBUS_PACKET_TRAILER_SIZE > avail) {
		vmbus_ring_broken(channel, "packet length", len);
		return ERR_PTR(-EIO);
	}
	if (offset < sizeof(*desc) || offset > len) {
		vmbus_ring_broken(channel, "packet offset", offset);
		return ERR_PTR(-EIO);
	}
	if (len > channel->max_packet_size) {
		vmbus_ring_broken(channel, "packet length over the channel's maximum", len);
		return ERR_PTR(-EIO);
	}
	vmbus_ring_copy_from(ring, (read + sizeof(*desc)) % ring->size,
			     desc + 1, len - sizeof(*desc));
	channel->peeked_len = len + VMBUS_PACKET_TRAILER_SIZE;
	return desc;
}
EXPORT_SYMBOL_GPL(hvlis_channel_peek);

/*
 * Consume the packet peek returned. If the host waits for room
 * (pending_send_sz), wake it when the free space crosses what it needs.
 * The free space is measured after pending_send_sz is read: a host that
 * wrote more and then started waiting in between must not be missed.
 */
void hvlis_channel_advance(struct hvlis_channel *channel)
{
	struct vmbus_ring *ring = &channel->in;
	u32 consumed = channel->peeked_len, write, free_after, pending;

	if (WARN_ON_ONCE(!consumed))
		return;
	channel->peeked_len = 0;

	ring->priv_index = (ring->priv_index + consumed) % ring->size;
	ring->packets++;
	ring->bytes += consumed;
	/* Done reading the packet before the host may overwrite it. */
	virt_mb();
	WRITE_ONCE(ring->ctl->read_index, cpu_to_le32(ring->priv_index));

	virt_mb();
	pending = le32_to_cpu(READ_ONCE(ring->ctl->pending_send_sz));
	if (!pending)
		return;
	virt_rmb();
	write = le32_to_cpu(READ_ONCE(ring->ctl->write_index));
	if (!vmbus_ring_index_ok(ring, write))
		return;		/* the next peek reports it */
	free_after = ring->size - vmbus_ring_used(ring, write, ring->priv_index);
	/* Signal only on the crossing: before this read it did not fit. */
	if (free_after > pending && free_after - consumed <= pending) {
		ring->signals++;
		vmbus_channel_signal(channel);
	}
}
EXPORT_SYMBOL_GPL(hvlis_channel_advance);
