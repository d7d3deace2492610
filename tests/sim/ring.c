// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's side of a channel's rings (protocol-vmbus.md section 6): it
 * consumes the guest's outbound ring and produces into the guest's inbound
 * ring, both inside the channel's ring GPADL.
 *
 * Everything in the ring pages is guest-written and untrusted: the guest's
 * indices are checked on every read, each packet header before its body is
 * used, and packets are copied out before they are looked at, so a guest
 * changing them underneath sees its own garbage echoed at worst. A bad
 * value is a violation and breaks the channel: the host stops processing
 * it (until it is closed and opened again) rather than read out of bounds.
 *
 * The ring work runs per channel on sim.ring_wq under channel->ring_lock,
 * when the guest signals; it drains the outbound ring with its
 * interrupt_mask set (6.7, batching), handing each packet to the channel's
 * handler. When a reply does not fit the inbound ring, the packet stays in
 * the outbound ring and the host sets pending_send_sz on the inbound ring;
 * the guest signals once it has read enough (back-pressure). A guest that
 * frees the room but never signals is caught (sim_ring_wait_over()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <hvlis/compat.h>

#include "sim.h"

/* Packets handled per run before the work yields to other channels. */
#define SIM_RING_BUDGET		64
/* How long a wait for room goes before the host looks for itself. */
#define SIM_WAIT_CHECK		HZ

#define SIM_DESC_SIZE		sizeof(struct vmbus_packet_descriptor)
/* Largest packet a len8 can describe. */
#define SIM_MAX_PACKET		(U16_MAX * 8)

static u32 sim_ring_used(u32 size, u32 write, u32 read)
{
	return write >= read ? write - read : size - read + write;
}

static bool sim_ring_index_ok(const struct sim_ring *ring, u32 index)
{
	return index < ring->size && !(index & 7);
}

static void sim_ring_copy_from(const struct sim_ring *ring, u32 pos, void *dst,
			       u32 len)
{
	u32 first = min(len, ring->size - pos);

	memcpy(dst, ring->data + pos, first);
	memcpy((u8 *)dst + first, ring->data, len - first);
}

static u32 sim_ring_copy_to(struct sim_ring *ring, u32 pos, const void *src,
			    u32 len)
{
	u32 first = min(len, ring->size - pos);

	memcpy(ring->data + pos, src, first);
	memcpy(ring->data, (const u8 *)src + first, len - first);
	return (pos + len) % ring->size;
}

static u32 sim_ring_zero(struct sim_ring *ring, u32 pos, u32 len)
{
	u32 first = min(len, ring->size - pos);

	memset(ring->data + pos, 0, first);
	memset(ring->data, 0, len - first);
	return (pos + len) % ring->size;
}

/* The channel broke its rings: stop processing them (ring_lock held). */
void sim_ring_break(struct sim_channel *channel)
{
	if (channel->broken)
		return;
	WRITE_ONCE(channel->broken, true);
	atomic64_inc(&sim.broken_channels);
	pr_warn_ratelimited("relid %u: no longer processing the rings\n",
			    channel->relid);
}

/*
 * Set up the two rings of an opened channel: @downstream pages of the
 * @npages mapped at @va are the outbound ring, the rest the inbound one.
 * The guest initialised both; the host only reads the indices it owns.
 */
int sim_ring_setup(struct sim_channel *channel, void *va, u32 npages,
		   u32 downstream)
{
	struct sim_ring *out = &channel->out, *in = &channel->in;

	out->ctl = va;
	out->data = (u8 *)va + VMBUS_PAGE_SIZE;
	out->size = (downstream - 1) * VMBUS_PAGE_SIZE;
	in->ctl = (void *)((u8 *)va + (size_t)downstream * VMBUS_PAGE_SIZE);
	in->data = (u8 *)in->ctl + VMBUS_PAGE_SIZE;
	in->size = (npages - downstream - 1) * VMBUS_PAGE_SIZE;

	out->index = le32_to_cpu(READ_ONCE(out->ctl->read_index));
	in->index = le32_to_cpu(READ_ONCE(in->ctl->write_index));
	if (!sim_ring_index_ok(out, out->index) ||
	    !sim_ring_index_ok(out, le32_to_cpu(READ_ONCE(out->ctl->write_index))) ||
	    !sim_ring_index_ok(in, in->index) ||
	    !sim_ring_index_ok(in, le32_to_cpu(READ_ONCE(in->ctl->read_index)))) {
		sim_violation("OPENCHANNEL for relid %u: ring indices out of range or unaligned\n",
			      channel->relid);
		return -EINVAL;
	}

	channel->pkt_size = min_t(u32, out->size, SIM_MAX_PACKET);
	channel->pkt = kvmalloc(channel->pkt_size, GFP_KERNEL);
	if (!channel->pkt)
		return -ENOMEM;
	channel->broken = false;
	channel->waiting = false;
	return 0;
}

/* The channel is shut: forget the rings (their pages stay mapped). */
void sim_ring_teardown(struct sim_channel *channel)
{
	kvfree(channel->pkt);
	channel->pkt = NULL;
	memset(&channel->out, 0, sizeof(channel->out));
	memset(&channel->in, 0, sizeof(channel->in));
}

/* The guest's write index of the outbound ring, or -EPROTO. */
static int sim_ring_read_write_index(struct sim_channel *channel, u32 *write)
{
	struct sim_ring *out = &channel->out;

	*write = le32_to_cpu(READ_ONCE(out->ctl->write_index));
	/* The index before the packet bytes it covers (6.7 step 2). */
	virt_rmb();
	if (!sim_ring_index_ok(out, *write)) {
		sim_violation("relid %u: outbound write_index %u (ring of %u bytes)\n",
			      channel->relid, *write, out->size);
		return -EPROTO;
	}
	return 0;
}

/*
 * Copy the next outbound packet into channel->pkt. Returns its length
 * (len8 * 8, without the trailer), 0 when the ring is empty, -EPROTO when
 * the guest broke the ring.
 */
static int sim_ring_read_packet(struct sim_channel *channel)
{
	struct sim_ring *out = &channel->out;
	struct vmbus_packet_descriptor *desc = channel->pkt;
	u32 write, avail, len, off;
	u16 flags;

	if (sim_ring_read_write_index(channel, &write))
		return -EPROTO;
	avail = sim_ring_used(out->size, write, out->index);
	if (!avail)
		return 0;
	if (avail < SIM_DESC_SIZE + VMBUS_PACKET_TRAILER_SIZE) {
		sim_violation("relid %u: %u bytes in the outbound ring, less than a packet\n",
			      channel->relid, avail);
		return -EPROTO;
	}
	/* The copy is what is checked and used: the guest cannot change it. */
	sim_ring_copy_from(out, out->index, desc, SIM_DESC_SIZE);
	len = le16_to_cpu(desc->len8) * 8;
	off = le16_to_cpu(desc->offset8) * 8;
	if (off < SIM_DESC_SIZE || off > len ||
	    len + VMBUS_PACKET_TRAILER_SIZE > avail) {
		sim_violation("relid %u: outbound packet at %u with offset8 %u, len8 %u; %u bytes available\n",
			      channel->relid, out->index, off / 8, len / 8, avail);
		return -EPROTO;
	}
	/*
	 * COMPLETION_REQUESTED is the only flag (6.3): hosts such as
	 * OpenVMM refuse a packet with any other bit as a corrupt ring.
	 */
	flags = le16_to_cpu(desc->flags);
	if (flags & ~VMBUS_PACKET_FLAG_COMPLETION_REQUESTED) {
		atomic64_inc(&sim.bad_packet_flags);
		sim_violation("relid %u: outbound packet at %u with flags %#x, not just %#lx\n",
			      channel->relid, out->index, flags,
			      VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
		return -EPROTO;
	}
	sim_ring_copy_from(out, (out->index + SIM_DESC_SIZE) % out->size,
			   (u8 *)channel->pkt + SIM_DESC_SIZE, len - SIM_DESC_SIZE);
	return len;
}

/*
 * Done with the packet of @len bytes: move the read index past it and its
 * trailer, then wake a guest waiting for room (6.7 steps 4-6).
 */
static void sim_ring_consume(struct sim_channel *channel, u32 len)
{
	struct sim_ring *out = &channel->out;
	u32 consumed = len + VMBUS_PACKET_TRAILER_SIZE;
	u32 pending, write, free_after;

	out->index = (out->index + consumed) % out->size;
	/* Every read of the packet is done before the guest may reuse it. */
	virt_mb();
	WRITE_ONCE(out->ctl->read_index, cpu_to_le32(out->index));
	atomic64_inc(&sim.packets_received);
	atomic64_add(len, &sim.bytes_received);
	atomic64_inc(&channel->packets_in);

	/* The new read index is visible before pending_send_sz is read. */
	virt_mb();
	if (!(le32_to_cpu(READ_ONCE(out->ctl->feature_bits)) &
	      VMBUS_RING_FEAT_PENDING_SEND_SZ))
		return;
	pending = le32_to_cpu(READ_ONCE(out->ctl->pending_send_sz));
	if (!pending)
		return;
	write = le32_to_cpu(READ_ONCE(out->ctl->write_index));
	if (!sim_ring_index_ok(out, write))
		return;	/* caught by the next read */
	free_after = out->size - sim_ring_used(out->size, write, out->index);
	/* Wake only when the free space crosses what the guest waits for. */
	if (free_after > pending && free_after - consumed <= pending)
		sim_deliver_event(channel);
}

/* Bytes a packet with @payload_len bytes after the descriptor takes. */
u32 sim_packet_total(u32 payload_len)
{
	return ALIGN(SIM_DESC_SIZE + payload_len, 8) + VMBUS_PACKET_TRAILER_SIZE;
}

/* The guest's read index of the inbound ring, or -EPROTO. */
static int sim_ring_read_read_index(struct sim_channel *channel, u32 *read)
{
	struct sim_ring *in = &channel->in;

	*read = le32_to_cpu(READ_ONCE(in->ctl->read_index));
	if (!sim_ring_index_ok(in, *read)) {
		sim_violation("relid %u: inbound read_index %u (ring of %u bytes)\n",
			      channel->relid, *read, in->size);
		sim_ring_break(channel);
		return -EPROTO;
	}
	return 0;
}

/*
 * Waiting for room, the host finds it: did the guest signal, as 6.7 step 6
 * wants once its reads free more than pending_send_sz? The ring work also
 * runs a second after a wait began (SIM_WAIT_CHECK) to look. Room without
 * a signal is given another look later, in case the signal is on its way;
 * still none by then is a violation, after which the host carries on
 * rather than hang.
 */
static bool sim_ring_wait_over(struct sim_channel *channel)
{
	/* A guest without the feature is not expected to signal (6.2). */
	if (!(le32_to_cpu(READ_ONCE(channel->in.ctl->feature_bits)) &
	      VMBUS_RING_FEAT_PENDING_SEND_SZ))
		return true;
	if (atomic_read(&channel->signals) != channel->wait_signals)
		return true;
	if (!channel->wait_suspect) {
		channel->wait_suspect = true;
		return false;
	}
	sim_violation("relid %u: the guest read past pending_send_sz %u of its inbound ring without signalling the host\n",
		      channel->relid,
		      le32_to_cpu(READ_ONCE(channel->in.ctl->pending_send_sz)));
	return true;
}

/*
 * Is there room for a packet of @total bytes (sim_packet_total) in the
 * inbound ring? 0: yes. -EAGAIN: not now; pending_send_sz asks the guest
 * to signal when there is. -EMSGSIZE: never. -EPROTO: the guest broke the
 * ring (the channel is broken).
 */
int sim_ring_room(struct sim_channel *channel, u32 total)
{
	struct sim_ring *in = &channel->in;
	int signals = atomic_read(&channel->signals);
	u32 read;

	if (total >= in->size || total - VMBUS_PACKET_TRAILER_SIZE > SIM_MAX_PACKET)
		return -EMSGSIZE;
	/*
	 * Signals counted before the read index is read: one the guest sends
	 * for the reads that index does not show yet must count as new.
	 */
	smp_rmb();
	if (sim_ring_read_read_index(channel, &read))
		return -EPROTO;
	/* Strictly more: a full ring would look empty (6.5). */
	if (in->size - sim_ring_used(in->size, in->index, read) > total)
		goto room;

	WRITE_ONCE(in->ctl->pending_send_sz, cpu_to_le32(total));
	/* Publish the wish before looking again, or a read could miss it. */
	virt_mb();
	if (sim_ring_read_read_index(channel, &read))
		return -EPROTO;
	if (in->size - sim_ring_used(in->size, in->index, read) > total)
		goto room;
	if (!channel->waiting) {
		WRITE_ONCE(channel->waiting, true);
		channel->wait_suspect = false;
		channel->wait_signals = signals;
		atomic64_inc(&sim.ring_full_waits);
	}
	return -EAGAIN;

room:
	if (channel->waiting) {
		if (!sim_ring_wait_over(channel))
			return -EAGAIN;
		WRITE_ONCE(in->ctl->pending_send_sz, 0);
		WRITE_ONCE(channel->waiting, false);
	}
	return 0;
}

/*
 * Publish what was written at @old .. in->index and signal the guest if
 * it wants to know (6.6 steps 3-5, as the producer).
 */
static void sim_ring_publish(struct sim_channel *channel, u32 old, u32 bytes)
{
	struct sim_ring *in = &channel->in;
	u32 read;

	/* The packet before the index that covers it. */
	virt_mb();
	WRITE_ONCE(in->ctl->write_index, cpu_to_le32(in->index));
	atomic64_inc(&sim.packets_sent);
	atomic64_add(bytes, &sim.bytes_sent);
	atomic64_inc(&channel->packets_out);

	/* The new write index is visible before interrupt_mask is read. */
	virt_mb();
	if (READ_ONCE(in->ctl->interrupt_mask))
		return;
	/* interrupt_mask before read_index (6.6 step 5). */
	virt_rmb();
	read = le32_to_cpu(READ_ONCE(in->ctl->read_index));
	/* Signal only a guest that may have seen the ring empty. */
	if (read == old)
		sim_deliver_event(channel);
}

/*
 * Write a packet into the inbound ring: descriptor, @len bytes of
 * @payload, zero padding, trailer. Returns what sim_ring_room() does.
 */
int sim_ring_write_packet(struct sim_channel *channel, u16 type, u16 flags,
			  u64 trans_id, const void *payload, u32 len)
{
	struct sim_ring *in = &channel->in;
	u32 total = sim_packet_total(len);
	struct vmbus_packet_descriptor desc = {
		.type = cpu_to_le16(type),
		.offset8 = cpu_to_le16(SIM_DESC_SIZE / 8),
		.len8 = cpu_to_le16((total - VMBUS_PACKET_TRAILER_SIZE) / 8),
		.flags = cpu_to_le16(flags),
		.trans_id = cpu_to_le64(trans_id),
	};
	__le64 trailer;
	u32 old, pos;
	int ret;

	ret = sim_ring_room(channel, total);
	if (ret)
		return ret;
	old = in->index;
	trailer = cpu_to_le64((u64)old << 32);
	pos = sim_ring_copy_to(in, old, &desc, sizeof(desc));
	pos = sim_ring_copy_to(in, pos, payload, len);
	pos = sim_ring_zero(in, pos, total - VMBUS_PACKET_TRAILER_SIZE -
			    SIM_DESC_SIZE - len);
	in->index = sim_ring_copy_to(in, pos, &trailer, sizeof(trailer));
	sim_ring_publish(channel, old, total - VMBUS_PACKET_TRAILER_SIZE);
	return 0;
}

/*
 * Fault injection: write @len bytes of @buf (a multiple of 8, whatever it
 * says) and a trailer, then move the write index by @advance bytes
 * instead of by what was written.
 */
int sim_ring_write_raw(struct sim_channel *channel, const void *buf, u32 len,
		       u32 advance)
{
	struct sim_ring *in = &channel->in;
	u32 total = len + VMBUS_PACKET_TRAILER_SIZE;
	__le64 trailer;
	u32 old, pos;
	int ret;

	ret = sim_ring_room(channel, max(total, advance));
	if (ret)
		return ret;
	old = in->index;
	trailer = cpu_to_le64((u64)old << 32);
	pos = sim_ring_copy_to(in, old, buf, len);
	sim_ring_copy_to(in, pos, &trailer, sizeof(trailer));
	in->index = (old + advance) % in->size;
	sim_ring_publish(channel, old, len);
	return 0;
}

/* Packets of a channel nobody answers: read and forgotten. */
static int sim_drop_packet(struct sim_channel *channel, const void *pkt, u32 len)
{
	atomic64_inc(&sim.dropped_packets);
	return 0;
}

static int sim_handle_packet(struct sim_channel *channel, u32 len)
{
	switch (channel->handler) {
	case SIM_HANDLER_ECHO:
		return sim_echo_packet(channel, channel->pkt, len);
	case SIM_HANDLER_IC:
		return sim_ic_packet(channel, channel->pkt, len);
	case SIM_HANDLER_STORAGE:
		return sim_stor_packet(channel, channel->pkt, len);
	case SIM_HANDLER_NET:
		return sim_net_packet(channel, channel->pkt, len);
	case SIM_HANDLER_MOUSE:
		return sim_mouse_packet(channel, channel->pkt, len);
	case SIM_HANDLER_KEYBOARD:
		return sim_kbd_packet(channel, channel->pkt, len);
	default:
		return sim_drop_packet(channel, channel->pkt, len);
	}
}

/* Is there anything in the outbound ring? (Errors count as "look".) */
static bool sim_ring_has_data(struct sim_channel *channel)
{
	struct sim_ring *out = &channel->out;

	return le32_to_cpu(READ_ONCE(out->ctl->write_index)) != out->index;
}

static void sim_ring_process(struct sim_channel *channel)
{
	struct sim_ring *out = &channel->out;
	unsigned int budget = SIM_RING_BUDGET;
	int len, ret;

	/* What waits for room goes before any new request is answered. */
	if (channel->stor) {
		ret = sim_stor_flush(channel);
		if (ret == -EAGAIN)
			goto wait;
		if (ret < 0)
			goto broken;
	}
	if (channel->net) {
		ret = sim_net_flush(channel);
		if (ret == -EAGAIN)
			goto wait;
		if (ret < 0)
			goto broken;
	}
	/* Draining: the guest need not signal (6.7 step 1). */
	WRITE_ONCE(out->ctl->interrupt_mask, cpu_to_le32(1));
	/* The mask is visible before the write index is read. */
	virt_mb();
	for (;;) {
		while (budget) {
			len = sim_ring_read_packet(channel);
			if (!len)
				break;
			if (len < 0)
				goto broken;
			ret = sim_handle_packet(channel, len);
			if (ret == -EAGAIN)
				goto wait;
			if (ret == -EBUSY) {
				/* Done with it, but what it made waits for room. */
				sim_ring_consume(channel, len);
				goto wait;
			}
			if (ret < 0)
				goto broken;
			sim_ring_consume(channel, len);
			budget--;
		}
		if (!budget) {
			/* Still masked: come back without the guest's help. */
			sim_kick_channel(channel, 0);
			return;
		}
		WRITE_ONCE(out->ctl->interrupt_mask, 0);
		/* Unmasked before looking again (6.7 step 7). */
		virt_mb();
		/* A packet written while masked came without a signal. */
		if (!sim_ring_has_data(channel))
			return;
		WRITE_ONCE(out->ctl->interrupt_mask, cpu_to_le32(1));
		/* Masked again before draining. */
		virt_mb();
	}

wait:
	/*
	 * The reply does not fit; the guest signals when it has read enough.
	 * A guest that does not do pending_send_sz (feature bit 0 clear on
	 * its inbound ring) is polled instead, as hosts before Win8 did.
	 */
	if (!(le32_to_cpu(READ_ONCE(channel->in.ctl->feature_bits)) &
	      VMBUS_RING_FEAT_PENDING_SEND_SZ))
		sim_kick_channel(channel, 1);
	else
		sim_kick_channel_later(channel, SIM_WAIT_CHECK);
	return;

broken:
	sim_ring_break(channel);
}

/*
 * Read whatever the guest put in the outbound ring before a message it
 * sent after that (a REVOKE before the GPADL_TEARDOWN of a buffer): run
 * the ring work now and wait for it. From the message work only.
 */
void sim_ring_sync(struct sim_channel *channel)
{
	sim_kick_channel(channel, 0);
	flush_delayed_work(&channel->ring_work);
}

void sim_ring_work(struct work_struct *work)
{
	struct sim_channel *channel =
		container_of(to_delayed_work(work), struct sim_channel, ring_work);

	mutex_lock(&channel->ring_lock);
	if (!channel->broken && channel->pkt)
		sim_ring_process(channel);
	mutex_unlock(&channel->ring_lock);
}
