// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection: hostile or broken channel messages and ring contents,
 * sent on request through debugfs ("inject"). Each is something a buggy or
 * malicious host could do; the guest must log it, drop it and keep working
 * (after a ring fault the channel is in an unspecified state for the
 * guest, but the guest must not crash or touch memory outside the ring).
 *
 * Write "<kind>" or "<kind> <relid>" to inject. Kinds:
 *
 * Channel messages:
 *   short                   ALLOFFERS_DELIVERED of 4 bytes (below the header)
 *   oversized               ALLOFFERS_DELIVERED of 241 bytes (over 240)
 *   truncated_offer         OFFERCHANNEL of 100 bytes (196 expected)
 *   unknown_type            a message of type 99
 *   guest_type              INITIATE_CONTACT (14), a guest->host type
 *   unsolicited_version     VERSION_RESPONSE nobody asked for
 *   relid_zero              an offer of relid 0
 *   relid_too_big           an offer of relid 2148 (valid: 1..2047)
 *   duplicate_relid         a second offer of the first channel's relid
 *   unknown_rescind         a rescind of relid 2047, never offered
 *   gpadl_created_unknown   GPADL_CREATED(relid, 0xfa170001, status 0): a
 *                           handle the guest never asked for
 *   gpadl_torndown_unknown  GPADL_TORNDOWN(0xfa170002), never torn down
 *   open_result_unknown     OPENCHANNEL_RESULT(relid, openid = relid,
 *                           status 0) for a channel not being opened
 *   (relid: the one given, else the first channel offered)
 *
 * Ring contents, on the inbound ring of the channel given, else of the
 * first open echo channel; the host stops processing that channel
 * afterwards (it is "broken" in the devices file) except after
 * unknown_completion. Each signals the guest as for a real packet.
 *   ring_write_index        write_index set past the end of the ring
 *   ring_write_index_unaligned  write_index moved by 4 (not 8-aligned)
 *   packet_len              a descriptor whose len8 reaches past what was
 *                           written (past the ring where len8 can), with the
 *                           write index moved by the 16 bytes written only
 *   packet_offset           a 32-byte in-band packet with offset8 1 (< 2)
 *   packet_offset_big       a 32-byte in-band packet with offset8 5 (> len8)
 *   unknown_completion      a well-formed COMP packet (8-byte payload) with
 *                           trans_id 0xfa17fa17fa17fa17, which the guest
 *                           never used
 *
 * Sequences:
 *   rescind_during_open     arm: the next OPENCHANNEL for an offered
 *                           channel is not answered; that channel (with its
 *                           sub-channels) is rescinded instead
 *   open_silent             arm: the next OPENCHANNEL for an offered
 *                           channel is never answered nor acted on, as by
 *                           a hung host (the channel stays closed)
 *   modify_fail             arm: the next valid MODIFYCHANNEL is refused:
 *                           the channel keeps its target VP and, from 5.3,
 *                           MODIFYCHANNEL_RESPONSE says status 0xc0000001
 *                           (before 5.3 the guest is not told)
 *   offer_flood             offer 500 new channels of class
 *                           fa17f100-0000-0000-0000-000000000000 (no
 *                           driver, no monitor) back to back (fewer if
 *                           relids run out); "rescind" with that class
 *                           GUID, or "all", takes them back
 *
 * The synthetic Hyper-V platform (platform=hyperv only; else the write
 * fails with EOPNOTSUPP):
 *   insufficient_buffers N  the next N HvPostMessage calls (default 1) are
 *                           answered HV_STATUS_INSUFFICIENT_BUFFERS, as by a
 *                           host whose message port is full: the guest
 *                           must retry them
 *   synic_hold              hold SINT2 interrupts back (each VP remembers
 *                           it was raised): host messages sent meanwhile
 *                           queue behind the SINT2 slot with msg_pending
 *   synic_release           let them go: the guest must EOM its way
 *                           through the queue
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "sim.h"

#define SIM_FAULT_GPADL_CREATED		0xfa170001
#define SIM_FAULT_GPADL_TORNDOWN	0xfa170002
#define SIM_FAULT_TRANS_ID		0xfa17fa17fa17fa17ULL
#define SIM_FLOOD_COUNT			500

static const guid_t sim_flood_class =
	GUID_INIT(0xfa17f100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

/* An offer of @relid; the instance GUID is made up from the relid. */
static void sim_fault_offer(u32 relid, u16 sub_channel_index)
{
	struct vmbus_channel_offer_channel offer = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OFFERCHANNEL),
		.if_type = GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce,
				     0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
		.if_instance = GUID_INIT(0xfa017000, 0, 0, 0, 0, 0, 0, 0, 0,
					 relid >> 8, relid & 0xff),
		.child_relid = cpu_to_le32(relid),
		.sub_channel_index = cpu_to_le16(sub_channel_index),
	};

	sim_deliver(&offer, sizeof(offer));
}

static void sim_fault_message(u32 type, u32 len)
{
	u8 buf[VMBUS_MESSAGE_MAX_SIZE + 16] = {};
	struct vmbus_channel_message_header *hdr = (void *)buf;

	hdr->msgtype = cpu_to_le32(type);
	sim_deliver(buf, min_t(u32, len, sizeof(buf)));
}

/* @relid if given (non-zero), else the first channel offered; 0: none. */
static u32 sim_fault_relid(u32 relid)
{
	struct sim_channel *channel;

	if (relid)
		return relid;
	mutex_lock(&sim.channels_lock);
	channel = list_first_entry_or_null(&sim.channels, struct sim_channel, node);
	if (channel)
		relid = channel->relid;
	mutex_unlock(&sim.channels_lock);
	return relid;
}

static int sim_fault_gpadl_created(u32 relid)
{
	struct vmbus_channel_gpadl_created msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_CREATED),
		.gpadl = cpu_to_le32(SIM_FAULT_GPADL_CREATED),
	};

	relid = sim_fault_relid(relid);
	if (!relid)
		return -ENOENT;
	msg.child_relid = cpu_to_le32(relid);
	sim_deliver(&msg, sizeof(msg));
	return 0;
}

static int sim_fault_open_result(u32 relid)
{
	struct vmbus_channel_open_result msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_OPENCHANNEL_RESULT),
	};

	relid = sim_fault_relid(relid);
	if (!relid)
		return -ENOENT;
	msg.child_relid = cpu_to_le32(relid);
	msg.openid = cpu_to_le32(relid);
	sim_deliver(&msg, sizeof(msg));
	return 0;
}

enum sim_ring_fault {
	SIM_RING_WRITE_INDEX,
	SIM_RING_WRITE_INDEX_UNALIGNED,
	SIM_RING_PACKET_LEN,
	SIM_RING_PACKET_OFFSET,
	SIM_RING_PACKET_OFFSET_BIG,
	SIM_RING_UNKNOWN_COMPLETION,
};

/* Ring lock held, the channel open and not broken. */
static int sim_ring_fault_apply(struct sim_channel *channel, enum sim_ring_fault fault)
{
	struct sim_ring *in = &channel->in;
	struct {
		struct vmbus_packet_descriptor desc;
		u8 payload[16];
	} pkt = {
		.desc.type = cpu_to_le16(VMBUS_PACKET_DATA_INBAND),
		.desc.offset8 = cpu_to_le16(2),
		.desc.len8 = cpu_to_le16(sizeof(pkt) / 8),
		.desc.trans_id = cpu_to_le64(SIM_FAULT_TRANS_ID),
	};
	u64 payload = SIM_FAULT_TRANS_ID;
	u32 len8;

	switch (fault) {
	case SIM_RING_WRITE_INDEX:
		WRITE_ONCE(in->ctl->write_index, cpu_to_le32(in->size + 8));
		break;
	case SIM_RING_WRITE_INDEX_UNALIGNED:
		WRITE_ONCE(in->ctl->write_index,
			   cpu_to_le32((in->index + 4) % in->size));
		break;
	case SIM_RING_PACKET_LEN:
		/* Past the whole ring if len8 can say so, past the write anyway. */
		len8 = min_t(u32, in->size / 8 + 1, U16_MAX);
		pkt.desc.len8 = cpu_to_le16(len8);
		return sim_ring_write_raw(channel, &pkt.desc, sizeof(pkt.desc),
					  sizeof(pkt.desc) + VMBUS_PACKET_TRAILER_SIZE);
	case SIM_RING_PACKET_OFFSET:
	case SIM_RING_PACKET_OFFSET_BIG:
		pkt.desc.offset8 = cpu_to_le16(fault == SIM_RING_PACKET_OFFSET ?
					       1 : sizeof(pkt) / 8 + 1);
		return sim_ring_write_raw(channel, &pkt, sizeof(pkt),
					  sizeof(pkt) + VMBUS_PACKET_TRAILER_SIZE);
	case SIM_RING_UNKNOWN_COMPLETION:
		return sim_ring_write_packet(channel, VMBUS_PACKET_COMP, 0,
					     SIM_FAULT_TRANS_ID, &payload,
					     sizeof(payload));
	}
	sim_deliver_event(channel);
	return 0;
}

/* The open channel @relid, or the first open echo channel (channels_lock). */
static struct sim_channel *sim_fault_channel(u32 relid)
{
	struct sim_channel *channel;

	if (relid) {
		channel = sim_channel_find(relid);
		return channel && channel->open ? channel : NULL;
	}
	list_for_each_entry(channel, &sim.channels, node)
		if (channel->open && channel->handler == SIM_HANDLER_ECHO)
			return channel;
	return NULL;
}

static int sim_ring_fault(enum sim_ring_fault fault, u32 relid)
{
	struct sim_channel *channel;
	int ret;

	mutex_lock(&sim.channels_lock);
	channel = sim_fault_channel(relid);
	if (!channel) {
		mutex_unlock(&sim.channels_lock);
		return -ENOENT;
	}
	mutex_lock(&channel->ring_lock);
	if (channel->broken) {
		ret = -EIO;
	} else {
		ret = sim_ring_fault_apply(channel, fault);
		if (ret == -EAGAIN || ret == -EMSGSIZE)
			ret = -EBUSY;	/* the ring has no room for it */
		else if (!ret && fault != SIM_RING_UNKNOWN_COMPLETION)
			sim_ring_break(channel);
	}
	mutex_unlock(&channel->ring_lock);
	mutex_unlock(&sim.channels_lock);
	return ret;
}

static int sim_offer_flood(void)
{
	struct sim_channel_options opts = { .monitor = false };
	guid_t instance;
	u32 gen;
	int i, ret = 0;

	mutex_lock(&sim.channels_lock);
	gen = ++sim.flood_generation;
	mutex_unlock(&sim.channels_lock);
	for (i = 0; i < SIM_FLOOD_COUNT; i++) {
		instance = GUID_INIT(0xfa17f100, gen >> 16, gen & 0xffff, 0, 0, 0, 0,
				     0, 0, i >> 8, i & 0xff);
		ret = sim_add_channel(&sim_flood_class, &instance, &opts);
		if (ret < 0)
			break;
	}
	if (!i)
		return ret;
	if (i < SIM_FLOOD_COUNT)
		pr_info("offer_flood: %d channels offered (error %d after that)\n",
			i, ret);
	return 0;
}

static const struct {
	const char *name;
	enum sim_ring_fault fault;
} sim_ring_faults[] = {
	{ "ring_write_index", SIM_RING_WRITE_INDEX },
	{ "ring_write_index_unaligned", SIM_RING_WRITE_INDEX_UNALIGNED },
	{ "packet_len", SIM_RING_PACKET_LEN },
	{ "packet_offset", SIM_RING_PACKET_OFFSET },
	{ "packet_offset_big", SIM_RING_PACKET_OFFSET_BIG },
	{ "unknown_completion", SIM_RING_UNKNOWN_COMPLETION },
};

static int sim_inject_one(const char *fault, u32 relid)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_ring_faults); i++)
		if (!strcmp(fault, sim_ring_faults[i].name))
			return sim_ring_fault(sim_ring_faults[i].fault, relid);

	if (!strcmp(fault, "short")) {
		sim_fault_message(CHANNELMSG_ALLOFFERS_DELIVERED, 4);
	} else if (!strcmp(fault, "oversized")) {
		sim_fault_message(CHANNELMSG_ALLOFFERS_DELIVERED,
				  VMBUS_MESSAGE_MAX_SIZE + 1);
	} else if (!strcmp(fault, "truncated_offer")) {
		sim_fault_message(CHANNELMSG_OFFERCHANNEL, 100);
	} else if (!strcmp(fault, "unknown_type")) {
		sim_fault_message(99, 16);
	} else if (!strcmp(fault, "guest_type")) {
		sim_fault_message(CHANNELMSG_INITIATE_CONTACT, 40);
	} else if (!strcmp(fault, "unsolicited_version")) {
		sim_fault_message(CHANNELMSG_VERSION_RESPONSE, 16);
	} else if (!strcmp(fault, "relid_zero")) {
		sim_fault_offer(0, 0);
	} else if (!strcmp(fault, "relid_too_big")) {
		sim_fault_offer(VMBUS_MAX_RELID + 100, 0);
	} else if (!strcmp(fault, "duplicate_relid")) {
		relid = sim_fault_relid(relid);
		if (!relid)
			return -ENOENT;
		sim_fault_offer(relid, 0);
	} else if (!strcmp(fault, "unknown_rescind")) {
		struct vmbus_channel_relid_message msg = {
			.header.msgtype = cpu_to_le32(CHANNELMSG_RESCIND_CHANNELOFFER),
			.child_relid = cpu_to_le32(VMBUS_MAX_RELID - 1),
		};

		sim_deliver(&msg, sizeof(msg));
	} else if (!strcmp(fault, "gpadl_created_unknown")) {
		return sim_fault_gpadl_created(relid);
	} else if (!strcmp(fault, "gpadl_torndown_unknown")) {
		struct vmbus_channel_gpadl_torndown msg = {
			.header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_TORNDOWN),
			.gpadl = cpu_to_le32(SIM_FAULT_GPADL_TORNDOWN),
		};

		sim_deliver(&msg, sizeof(msg));
	} else if (!strcmp(fault, "open_result_unknown")) {
		return sim_fault_open_result(relid);
	} else if (!strcmp(fault, "rescind_during_open")) {
		atomic_set(&sim.rescind_during_open, 1);
	} else if (!strcmp(fault, "open_silent")) {
		atomic_set(&sim.open_silent, 1);
	} else if (!strcmp(fault, "modify_fail")) {
		atomic_set(&sim.modify_fail, 1);
	} else if (!strcmp(fault, "offer_flood")) {
		return sim_offer_flood();
	} else if (!strcmp(fault, "insufficient_buffers")) {
		return sim_platform_force_busy(relid);
	} else if (!strcmp(fault, "synic_hold")) {
		return sim_platform_hold(true);
	} else if (!strcmp(fault, "synic_release")) {
		return sim_platform_hold(false);
	} else {
		return -EINVAL;
	}
	return 0;
}

/* @fault: "<kind>" or "<kind> <relid>". */
int sim_inject(const char *fault)
{
	char kind[32];
	u32 relid = 0;
	int n, ret;

	n = sscanf(fault, "%31s %u", kind, &relid);
	if (n < 1 || (n == 2 && (!relid || relid >= VMBUS_MAX_RELID)))
		return -EINVAL;
	ret = sim_inject_one(kind, relid);
	if (!ret)
		pr_info("injected fault %s\n", fault);
	return ret;
}
