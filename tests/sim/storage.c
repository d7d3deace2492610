// SPDX-License-Identifier: GPL-2.0-only
/*
 * The storage host: SCSI and IDE controllers speaking VSTOR
 * (protocol-devices.md section 1) on a primary channel and the
 * sub-channels the guest asks for.
 *
 * The primary channel walks OpenVMM's state machine (1.7): Begin,
 * QueryVersion, QueryProperties, EndInit, Ready; a packet out of order is
 * answered with INVALID_DEVICE_STATE and counted. Sub-channels carry SRBs
 * once the primary is Ready. Every completion goes back on the channel its
 * request came on, with the request's own size (1.7, completion size
 * rule). Anything a real host would refuse is a violation, counted both
 * globally and per controller.
 *
 * Packets are handled from the channel's ring work (ring_lock held). The
 * host checks for room for the answer before it acts on a request, so an
 * SRB is executed exactly once. Completions kept back by "hold" wait in
 * the controller's held list and go out from the ring work of their
 * channel when released, or when a RESET_BUS flushes them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>

#include "storage.h"

static const guid_t sim_stor_scsi_class =
	GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05,
		  0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f);
static const guid_t sim_stor_ide_class =
	GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c,
		  0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5);

/* Every VSTOR version a Hyper-V host has spoken that guests use (1.1). */
static const u16 sim_stor_versions[] = {
	VSTOR_PROTO_WIN6, VSTOR_PROTO_WIN7, VSTOR_PROTO_WIN8,
	VSTOR_PROTO_WIN8_1, VSTOR_PROTO_WIN10,
};

DEFINE_MUTEX(sim_stors_lock);	/* protects sim_stors */
LIST_HEAD(sim_stors);

bool sim_stor_class(const guid_t *class_id)
{
	return guid_equal(class_id, &sim_stor_scsi_class) ||
	       guid_equal(class_id, &sim_stor_ide_class);
}

struct sim_stor *sim_stor_find(const guid_t *instance_id)
{
	struct sim_stor *stor;

	lockdep_assert_held(&sim_stors_lock);
	list_for_each_entry(stor, &sim_stors, node)
		if (guid_equal(&stor->instance_id, instance_id))
			return stor;
	return NULL;
}

/* The LUN at @path:@target:@lun with a reference, or NULL. */
struct sim_stor_lun *sim_stor_lun_get(struct sim_stor *stor, u8 path,
				      u8 target, u8 lun)
{
	struct sim_stor_lun *l;

	lockdep_assert_held(&stor->lock);
	list_for_each_entry(l, &stor->luns, node)
		if (l->path == path && l->target == target && l->lun == lun) {
			kref_get(&l->ref);
			return l;
		}
	return NULL;
}

static void sim_stor_lun_free(struct kref *ref)
{
	struct sim_stor_lun *lun = container_of(ref, struct sim_stor_lun, ref);

	lun->ops->release(lun);
	kfree(lun);
}

void sim_stor_lun_put(struct sim_stor_lun *lun)
{
	kref_put(&lun->ref, sim_stor_lun_free);
}

/* Run the ring work of every channel of @stor (stor->lock held). */
void sim_stor_kick_all(struct sim_stor *stor)
{
	unsigned int i;

	lockdep_assert_held(&stor->lock);
	for (i = 0; i < SIM_STOR_CHANNELS; i++)
		if (stor->channels[i])
			sim_kick_channel(stor->channels[i], 0);
}

/*
 * The LUNs changed: a guest that is initialised hears of it through an
 * unsolicited ENUMERATE_BUS (1.12), sent from the primary's ring work
 * (stor->lock held).
 */
void sim_stor_notify(struct sim_stor *stor)
{
	struct sim_channel *primary = stor->channels[0];

	lockdep_assert_held(&stor->lock);
	if (!primary || !READ_ONCE(stor->ready))
		return;
	stor->enumerate_pending = true;
	sim_kick_channel(primary, 0);
}

/* Offer what CREATE_SUB_CHANNELS asked for, from the message workqueue. */
static void sim_stor_subchannel_work(struct work_struct *work)
{
	struct sim_stor *stor = container_of(work, struct sim_stor,
					     subchannel_work);
	struct sim_channel *primary;
	u16 count;

	mutex_lock(&sim.channels_lock);
	mutex_lock(&stor->lock);
	primary = stor->channels[0];
	count = stor->subchannel_request;
	stor->subchannel_request = 0;
	mutex_unlock(&stor->lock);
	if (primary && primary->open && !primary->rescinded && count &&
	    !primary->subs_offered) {
		primary->subchannels = count;
		sim_offer_subchannels(primary);
	}
	mutex_unlock(&sim.channels_lock);
}

static struct sim_stor *sim_stor_new(const struct sim_channel *channel)
{
	struct sim_stor *stor = kzalloc(sizeof(*stor), GFP_KERNEL);

	if (!stor)
		return NULL;
	stor->class_id = channel->class_id;
	stor->instance_id = channel->instance_id;
	mutex_init(&stor->lock);
	INIT_LIST_HEAD(&stor->luns);
	INIT_LIST_HEAD(&stor->held);
	INIT_WORK(&stor->subchannel_work, sim_stor_subchannel_work);
	list_add_tail(&stor->node, &sim_stors);
	sim_stor_debugfs_add(stor);
	return stor;
}

/*
 * A storage channel was created (channels_lock held): a primary from
 * add_device with its options, or a sub-channel of one (@opts NULL). A
 * controller outlives its primary, with its LUNs, so the same instance
 * added again finds its disks as it left them.
 */
int sim_stor_attach(struct sim_channel *channel,
		    const struct sim_channel_options *opts)
{
	struct sim_stor_channel *sc;
	struct sim_stor *stor;

	lockdep_assert_held(&sim.channels_lock);
	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (!sc)
		return -ENOMEM;
	mutex_lock(&sim_stors_lock);
	stor = sim_stor_find(&channel->instance_id);
	if (!opts) {
		/* A sub-channel: its primary's controller exists. */
		if (!stor || channel->sub_channel_index >= SIM_STOR_CHANNELS)
			goto inval;
	} else {
		if (stor && (stor->channels[0] ||
			     !guid_equal(&stor->class_id, &channel->class_id)))
			goto busy;
		if (!stor)
			stor = sim_stor_new(channel);
		if (!stor)
			goto nomem;
		stor->ide = guid_equal(&channel->class_id, &sim_stor_ide_class);
		/* 1.11: Data1 is the IDE channel, Data2 the device. */
		stor->ide_path = channel->instance_id.b[0];
		stor->ide_target = channel->instance_id.b[4];
		stor->version = opts->vstor_version;
		stor->max_channels = stor->ide ? 0 : opts->max_channels;
		stor->max_transfer = opts->max_transfer;
	}
	mutex_unlock(&sim_stors_lock);

	sc->stor = stor;
	sc->index = channel->sub_channel_index;
	mutex_lock(&stor->lock);
	if (stor->channels[sc->index]) {
		mutex_unlock(&stor->lock);
		kfree(sc);
		return -EBUSY;
	}
	stor->channels[sc->index] = channel;
	atomic64_set(&stor->channel_ios[sc->index], 0);
	mutex_unlock(&stor->lock);
	channel->stor = sc;
	channel->subchannels = 0;
	return 0;

busy:
	mutex_unlock(&sim_stors_lock);
	kfree(sc);
	return -EEXIST;
inval:
	mutex_unlock(&sim_stors_lock);
	kfree(sc);
	return -EINVAL;
nomem:
	mutex_unlock(&sim_stors_lock);
	kfree(sc);
	return -ENOMEM;
}

/* The channel is destroyed (channels_lock held, already shut). */
void sim_stor_detach(struct sim_channel *channel)
{
	struct sim_stor_channel *sc = channel->stor;

	if (!sc)
		return;
	mutex_lock(&sc->stor->lock);
	if (sc->stor->channels[sc->index] == channel)
		sc->stor->channels[sc->index] = NULL;
	mutex_unlock(&sc->stor->lock);
	channel->stor = NULL;
	kfree(sc);
}

/* The IDE accelerator's offer (1.11): user data old Windows guests read. */
void sim_stor_offer(const struct sim_channel *channel,
		    struct vmbus_channel_offer_channel *offer)
{
	struct vstor_ide_offer_properties props = {};
	struct sim_stor *stor = channel->stor->stor;

	if (!stor->ide)
		return;
	props.path_id = stor->ide_path;
	props.target_id = stor->ide_target;
	props.flags = cpu_to_le32(VSTOR_IDE_OFFER_FLAG_IDE_DEVICE);
	BUILD_BUG_ON(sizeof(props) > sizeof(offer->user_def));
	memcpy(offer->user_def, &props, sizeof(props));
	offer->chn_flags = cpu_to_le16(0x1);	/* ENUMERATE_DEVICE_INTERFACE */
}

static u32 sim_stor_packet_size(u16 version)
{
	return version >= VSTOR_PROTO_WIN8 ? sizeof(struct vstor_packet) :
	       VSTOR_PACKET_SIZE_WIN7;
}

/* Write a completion of @len payload bytes (ring_lock held). */
static int sim_stor_write(struct sim_channel *channel, u64 trans_id,
			  const struct vstor_packet *pkt, u32 len)
{
	return sim_ring_write_packet(channel, VMBUS_PACKET_COMP, 0, trans_id,
				     pkt, len);
}

/*
 * The channel's ring work is about to read packets: send what waits for
 * it first, released held completions and (on the primary) a pending
 * ENUMERATE_BUS. -EAGAIN when the inbound ring is full.
 */
int sim_stor_flush(struct sim_channel *channel)
{
	struct sim_stor_channel *sc = channel->stor;
	struct sim_stor *stor = sc->stor;
	struct sim_stor_held *held, *next;
	int ret = 0;

	lockdep_assert_held(&channel->ring_lock);
	mutex_lock(&stor->lock);
	list_for_each_entry_safe(held, next, &stor->held, node) {
		if (held->channel_index != sc->index || !held->release)
			continue;
		ret = sim_stor_write(channel, held->trans_id, &held->pkt,
				     held->len);
		if (ret)
			goto out;
		list_del(&held->node);
		sc->held--;
		kfree(held);
	}
	if (!sc->index && stor->enumerate_pending) {
		struct vstor_packet pkt = {
			.operation = cpu_to_le32(VSTOR_OP_ENUMERATE_BUS),
		};

		/* Unsolicited: trans_id 0, no completion, negotiated size. */
		if (sc->state == SIM_STOR_READY)
			ret = sim_ring_write_packet(channel, VMBUS_PACKET_DATA_INBAND,
						    0, 0, &pkt,
						    sim_stor_packet_size(sc->version));
		if (!ret) {
			stor->enumerate_pending = false;
			atomic64_inc(&stor->enumerates);
		}
	}
out:
	mutex_unlock(&stor->lock);
	return ret;
}

/*
 * The channel is shut (channels_lock held, its ring work stopped; its
 * rings still mapped). Held completions of a rescinded channel still go
 * out, since the guest may read them; a closed channel's are lost, and
 * counted. A primary starts over at Begin on its next open.
 */
void sim_stor_shut(struct sim_channel *channel)
{
	struct sim_stor_channel *sc = channel->stor;
	struct sim_stor *stor = sc->stor;
	struct sim_stor_held *held, *next;

	lockdep_assert_held(&sim.channels_lock);
	mutex_lock(&channel->ring_lock);
	mutex_lock(&stor->lock);
	list_for_each_entry_safe(held, next, &stor->held, node) {
		if (held->channel_index != sc->index)
			continue;
		if (!channel->rescinded || !channel->pkt || channel->broken ||
		    sim_stor_write(channel, held->trans_id, &held->pkt, held->len)) {
			atomic64_inc(&stor->held_lost);
			pr_info("storage %pUl: channel %u went away with a held completion (trans_id %#llx)\n",
				&stor->instance_id, sc->index, held->trans_id);
		}
		list_del(&held->node);
		kfree(held);
	}
	sc->held = 0;
	if (!sc->index) {
		sc->state = SIM_STOR_BEGIN;
		sc->version = 0;
		sc->subchannels_created = false;
		stor->enumerate_pending = false;
		stor->subchannel_request = 0;
		WRITE_ONCE(stor->ready, false);
		WRITE_ONCE(stor->negotiated, 0);
		channel->subchannels = 0;
	}
	mutex_unlock(&stor->lock);
	mutex_unlock(&channel->ring_lock);
}

/* What a request is answered with, before it is written. */
struct sim_stor_reply {
	struct vstor_packet pkt;
	u32 len;
};

static void sim_stor_reply_init(struct sim_stor_reply *reply,
				const struct vstor_packet *req, u32 len, u32 status)
{
	memset(&reply->pkt, 0, sizeof(reply->pkt));
	reply->pkt.operation = cpu_to_le32(VSTOR_OP_COMPLETE_IO);
	reply->pkt.status = cpu_to_le32(status);
	/* 1.7: mirror the request's size, at most the header and 0x34. */
	reply->len = min_t(u32, len, sizeof(struct vstor_packet));
}

static const char *const sim_stor_state_names[] = {
	[SIM_STOR_BEGIN] = "Begin",
	[SIM_STOR_QUERY_VERSION] = "QueryVersion",
	[SIM_STOR_QUERY_PROPERTIES] = "QueryProperties",
	[SIM_STOR_END_INIT] = "EndInit",
	[SIM_STOR_READY] = "Ready",
};

static void sim_stor_bad_state(struct sim_stor_channel *sc, u32 op,
			       struct sim_stor_reply *reply)
{
	struct sim_stor *stor = sc->stor;

	atomic64_inc(&stor->init_violations);
	sim_stor_violation(stor, "channel %u: operation %u in state %s\n",
			   sc->index, op, sc->index ? "(sub-channel)" :
			   sim_stor_state_names[sc->state]);
	reply->pkt.status = cpu_to_le32(VSTOR_STATUS_INVALID_DEVICE_STATE);
}

static bool sim_stor_version_ok(const struct sim_stor *stor, u16 version)
{
	unsigned int i;

	if (!stor->version || version > stor->version)
		return false;
	for (i = 0; i < ARRAY_SIZE(sim_stor_versions); i++)
		if (sim_stor_versions[i] == version)
			return true;
	return false;
}

static bool sim_stor_multichannel(const struct sim_stor *stor, u16 version)
{
	return version >= VSTOR_PROTO_WIN8 && stor->max_channels;
}

/* The handshake and control operations of the primary (1.7). */
static void sim_stor_control(struct sim_channel *channel,
			     const struct vstor_packet *req,
			     struct sim_stor_reply *reply)
{
	struct sim_stor_channel *sc = channel->stor;
	struct sim_stor *stor = sc->stor;
	u32 op = le32_to_cpu(req->operation);
	u16 version, count;

	switch (op) {
	case VSTOR_OP_BEGIN_INITIALIZATION:
		if (sc->state != SIM_STOR_BEGIN)
			return sim_stor_bad_state(sc, op, reply);
		sc->state = SIM_STOR_QUERY_VERSION;
		return;
	case VSTOR_OP_QUERY_PROTOCOL_VERSION:
		if (sc->state != SIM_STOR_QUERY_VERSION)
			return sim_stor_bad_state(sc, op, reply);
		version = le16_to_cpu(req->version.major_minor);
		reply->pkt.version = req->version;
		if (!sim_stor_version_ok(stor, version)) {
			reply->pkt.status = cpu_to_le32(VSTOR_STATUS_REVISION_MISMATCH);
			return;
		}
		sc->version = version;
		sc->state = SIM_STOR_QUERY_PROPERTIES;
		return;
	case VSTOR_OP_QUERY_PROPERTIES:
		if (sc->state != SIM_STOR_QUERY_PROPERTIES)
			return sim_stor_bad_state(sc, op, reply);
		reply->pkt.properties.max_transfer_bytes =
			cpu_to_le32(stor->max_transfer);
		if (sim_stor_multichannel(stor, sc->version)) {
			reply->pkt.properties.flags =
				cpu_to_le32(VSTOR_PROP_SUPPORTS_MULTI_CHANNEL);
			reply->pkt.properties.max_channel_cnt =
				cpu_to_le16(stor->max_channels);
		}
		sc->state = SIM_STOR_END_INIT;
		return;
	case VSTOR_OP_END_INITIALIZATION:
		if (sc->state != SIM_STOR_END_INIT)
			return sim_stor_bad_state(sc, op, reply);
		sc->state = SIM_STOR_READY;
		return;
	case VSTOR_OP_CREATE_SUB_CHANNELS:
		if (sc->state != SIM_STOR_END_INIT && sc->state != SIM_STOR_READY)
			return sim_stor_bad_state(sc, op, reply);
		count = le16_to_cpu(req->sub_channel_count);
		if (!sim_stor_multichannel(stor, sc->version) ||
		    sc->subchannels_created || !count) {
			atomic64_inc(&stor->init_violations);
			sim_stor_violation(stor, "CREATE_SUB_CHANNELS for %u: %s\n", count,
					   !sim_stor_multichannel(stor, sc->version) ?
					   "multi-channel was not offered" :
					   sc->subchannels_created ?
					   "sub-channels were created already" :
					   "none asked for");
			reply->pkt.status = cpu_to_le32(VSTOR_STATUS_INVALID_PARAMETER);
			return;
		}
		if (count > stor->max_channels) {
			sim_stor_violation(stor,
					   "CREATE_SUB_CHANNELS for %u, more than the %u offered\n",
					   count, stor->max_channels);
			count = stor->max_channels;
		}
		sc->subchannels_created = true;
		mutex_lock(&stor->lock);
		stor->subchannel_request = count;
		mutex_unlock(&stor->lock);
		/* Offers go out after this answer, in message order. */
		queue_work(sim.wq, &stor->subchannel_work);
		return;
	default:
		return sim_stor_bad_state(sc, op, reply);
	}
}

/*
 * RESET_BUS: held SRBs complete with BUS_RESET, as Windows hosts complete
 * requests a bus reset flushed. Linux takes that as "no data, status
 * GOOD" and requeues the rest of the request, without the retry and
 * run-time limits an ABORTED (DID_ERROR) would count against.
 */
static void sim_stor_reset_bus(struct sim_stor *stor)
{
	struct sim_stor_held *held;

	atomic64_inc(&stor->resets);
	mutex_lock(&stor->lock);
	list_for_each_entry(held, &stor->held, node) {
		held->pkt.srb.srb_status = VSTOR_SRB_STATUS_BUS_RESET;
		held->pkt.srb.scsi_status = 0;
		held->pkt.srb.sense_info_length = 0;
		held->pkt.srb.data_transfer_length = 0;
		held->pkt.status = cpu_to_le32(VSTOR_STATUS_CANCELLED);
		held->release = true;
	}
	sim_stor_kick_all(stor);
	mutex_unlock(&stor->lock);
}

/*
 * Check the single GPA range of an SRB packet and describe it in @buf;
 * false on a violation.
 */
static bool sim_stor_gpa_range(struct sim_stor *stor, u16 index, const u8 *pkt,
			       u32 off, struct sim_stor_buf *buf)
{
	const struct vmbus_gpa_direct_header *hdr = (const void *)pkt;
	const struct vmbus_gpa_range *range = (const void *)(hdr + 1);
	u32 count = le32_to_cpu(hdr->range_cnt), i;
	u64 pfns;

	if (off < sizeof(*hdr) + sizeof(*range)) {
		sim_stor_violation(stor,
				   "channel %u: GPA-direct packet with offset8 %u, no room for a range\n",
				   index, off / 8);
		return false;
	}
	if (count != 1) {
		sim_stor_violation(stor, "channel %u: SRB with %u GPA ranges, not one\n",
				   index, count);
		return false;
	}
	buf->len = le32_to_cpu(range->len);
	buf->offset = le32_to_cpu(range->offset);
	if (!buf->len || buf->offset >= VMBUS_PAGE_SIZE) {
		sim_stor_violation(stor, "channel %u: GPA range of %u bytes at offset %u\n",
				   index, buf->len, buf->offset);
		return false;
	}
	pfns = DIV_ROUND_UP((u64)buf->offset + buf->len, VMBUS_PAGE_SIZE);
	if (pfns > (off - sizeof(*hdr) - sizeof(*range)) / 8) {
		sim_stor_violation(stor,
				   "channel %u: GPA range of %llu pages reaches past offset8 %u\n",
				   index, pfns, off / 8);
		return false;
	}
	for (i = 0; i < pfns; i++) {
		u64 pfn = le64_to_cpu(range->pfn[i]);

		if (!sim_guest_pfn_ok(pfn)) {
			sim_stor_violation(stor,
					   "channel %u: GPA range names PFN %#llx, which is not guest memory\n",
					   index, pfn);
			return false;
		}
	}
	buf->pfns = range->pfn;
	return true;
}

/* Does an injection match the command? (stor->lock held) */
static struct sim_stor_inject *sim_stor_injection(struct sim_stor *stor,
						  const struct sim_stor_cmd *cmd)
{
	unsigned int i;
	u64 lba;
	u32 blocks;

	for (i = 0; i < SIM_STOR_MAX_INJECT; i++) {
		struct sim_stor_inject *inj = &stor->inject[i];

		if (!inj->active)
			continue;
		if (!inj->lba_range)
			return inj;
		if (cmd->lun && sim_stor_scsi_lba(cmd->srb->cdb, &lba, &blocks) &&
		    blocks && lba <= inj->lba_last &&
		    lba + blocks - 1 >= inj->lba_first)
			return inj;
	}
	return NULL;
}

/*
 * What the host answers before emulating the command: an injection, or
 * the unit attention of a resize (stor->lock held). True if @res is set.
 */
static bool sim_stor_preempt(struct sim_stor *stor, struct sim_stor_cmd *cmd,
			     struct sim_stor_result *res)
{
	struct sim_stor_inject *inj = sim_stor_injection(stor, cmd);
	u8 op = cmd->srb->cdb[0];

	if (inj) {
		atomic64_inc(&stor->injected);
		res->srb_status = inj->srb_status;
		res->scsi_status = inj->scsi_status;
		if (inj->sense) {
			sim_stor_sense(res, inj->key, inj->asc, inj->ascq);
			res->srb_status = inj->srb_status | VSTOR_SRB_STATUS_AUTOSENSE_VALID;
		}
		if (inj->count && !--inj->count)
			inj->active = false;
		return true;
	}
	/* SPC: INQUIRY, REPORT LUNS and REQUEST SENSE do not take it. */
	if (cmd->lun && cmd->lun->unit_attention && op != 0x12 && op != 0xa0 &&
	    op != 0x03) {
		cmd->lun->unit_attention = false;
		atomic64_inc(&stor->unit_attentions);
		res->srb_status = VSTOR_SRB_STATUS_ERROR;
		res->scsi_status = SIM_STOR_CHECK_CONDITION;
		sim_stor_sense(res, SIM_STOR_UNIT_ATTENTION, 0x2a, 0x09);
		res->srb_status |= VSTOR_SRB_STATUS_AUTOSENSE_VALID;
		return true;
	}
	return false;
}

/*
 * EXECUTE_SRB: the answer in @reply. A malformed SRB is a violation,
 * answered with INVALID_REQUEST so that the guest does not wait forever.
 */
static void sim_stor_srb(struct sim_channel *channel, const u8 *pkt, u32 off,
			 const struct vstor_packet *req, u32 size,
			 struct sim_stor_reply *reply)
{
	struct sim_stor_channel *sc = channel->stor;
	struct sim_stor *stor = sc->stor;
	const struct vstor_srb *srb = &req->srb;
	struct sim_stor_result res = {};
	struct sim_stor_buf buf;
	struct sim_stor_cmd cmd = {
		.stor = stor,
		.srb = srb,
	};
	u16 version = READ_ONCE(stor->negotiated);
	u32 srb_len, dtl, flags, sense_cap;
	const char *bad = NULL;

	srb_len = version >= VSTOR_PROTO_WIN8 ? sizeof(*srb) : VSTOR_SRB_SIZE_WIN7;
	dtl = le32_to_cpu(srb->data_transfer_length);
	flags = le32_to_cpu(srb->srb_flags);
	if (le16_to_cpu(srb->length) != srb_len || size < VSTOR_PACKET_HEADER_SIZE + srb_len)
		bad = "SRB length does not match the negotiated version";
	else if (!srb->cdb_length || srb->cdb_length > VSTOR_CDB_SIZE)
		bad = "cdb_length is not 1..16";
	else if (srb->data_in > VSTOR_UNKNOWN_TYPE)
		bad = "data_in is not READ, WRITE or UNKNOWN";
	else if (dtl > stor->max_transfer)
		bad = "data_transfer_length above max_transfer_bytes";
	else if (le16_to_cpu(((const struct vmbus_packet_descriptor *)pkt)->type) ==
		 VMBUS_PACKET_DATA_INBAND ? dtl != 0 : !dtl)
		bad = "data_transfer_length does not match the packet type";
	else if (dtl && srb->data_in == VSTOR_UNKNOWN_TYPE)
		bad = "a data buffer with data_in UNKNOWN";
	else if (version >= VSTOR_PROTO_WIN8 && dtl &&
		 !(flags & (srb->data_in == VSTOR_READ_TYPE ?
			    VSTOR_SRB_FLAGS_DATA_IN : VSTOR_SRB_FLAGS_DATA_OUT)))
		bad = "srb_flags do not say the data direction";
	if (bad) {
		sim_stor_violation(stor, "channel %u: EXECUTE_SRB (opcode %#x, %u bytes): %s\n",
				   sc->index, srb->cdb[0], dtl, bad);
		goto invalid;
	}
	if (dtl) {
		if (!sim_stor_gpa_range(stor, sc->index, pkt, off, &buf))
			goto invalid;
		if (buf.len != dtl) {
			sim_stor_violation(stor,
					   "channel %u: GPA range of %u bytes for data_transfer_length %u\n",
					   sc->index, buf.len, dtl);
			goto invalid;
		}
		cmd.buf = &buf;
		cmd.buf_len = dtl;
		cmd.data_in = srb->data_in == VSTOR_READ_TYPE;
	}
	/* 1.11: IDE SRBs go to the disk's own channel, whatever they say. */
	cmd.path = stor->ide ? stor->ide_path : srb->path_id;

	atomic64_inc(&stor->ios);
	atomic64_inc(&stor->channel_ios[sc->index]);
	mutex_lock(&stor->lock);
	cmd.lun = sim_stor_lun_get(stor, cmd.path, srb->target_id, srb->lun);
	if (!sim_stor_preempt(stor, &cmd, &res)) {
		mutex_unlock(&stor->lock);
		sim_stor_scsi_execute(&cmd, &res);
	} else {
		mutex_unlock(&stor->lock);
	}
	if (cmd.lun)
		sim_stor_lun_put(cmd.lun);

	/* The answer: the request's SRB with the outcome written over it. */
	memcpy(&reply->pkt.srb, srb, srb_len);
	memset(reply->pkt.srb.sense_data, 0, sizeof(reply->pkt.srb.sense_data));
	reply->pkt.srb.srb_status = res.srb_status;
	reply->pkt.srb.scsi_status = res.scsi_status;
	reply->pkt.srb.data_transfer_length = cpu_to_le32(res.transferred);
	sense_cap = version >= VSTOR_PROTO_WIN8 ? VSTOR_SENSE_SIZE : VSTOR_SENSE_SIZE_WIN7;
	sense_cap = min_t(u32, sense_cap, srb->sense_info_length);
	if (res.sense_len && sense_cap) {
		res.sense_len = min_t(u32, res.sense_len, sense_cap);
		memcpy(reply->pkt.srb.sense_data, res.sense, res.sense_len);
		reply->pkt.srb.sense_info_length = res.sense_len;
	} else {
		reply->pkt.srb.sense_info_length = 0;
		reply->pkt.srb.srb_status &= ~VSTOR_SRB_STATUS_AUTOSENSE_VALID;
	}
	switch (res.srb_status & VSTOR_SRB_STATUS_CODE_MASK) {
	case VSTOR_SRB_STATUS_SUCCESS:
		break;
	case VSTOR_SRB_STATUS_DATA_OVERRUN:
		reply->pkt.status = cpu_to_le32(VSTOR_STATUS_BUFFER_OVERFLOW);
		break;
	case VSTOR_SRB_STATUS_INVALID_LUN:
		reply->pkt.status = cpu_to_le32(VSTOR_STATUS_DEVICE_DOES_NOT_EXIST);
		break;
	default:
		reply->pkt.status = cpu_to_le32(VSTOR_STATUS_IO_DEVICE_ERROR);
		break;
	}
	return;

invalid:
	memcpy(&reply->pkt.srb, srb, min_t(u32, srb_len, sizeof(*srb)));
	reply->pkt.srb.srb_status = VSTOR_SRB_STATUS_INVALID_REQUEST;
	reply->pkt.srb.scsi_status = 0;
	reply->pkt.srb.data_transfer_length = 0;
	reply->pkt.srb.sense_info_length = 0;
	reply->pkt.status = cpu_to_le32(VSTOR_STATUS_INVALID_PARAMETER);
}

/*
 * Send the completion of an SRB, or hold it, or drop it (debugfs knobs).
 * Room for it was checked before the SRB ran.
 */
static int sim_stor_complete_srb(struct sim_channel *channel, u64 trans_id,
				 struct sim_stor_reply *reply)
{
	struct sim_stor_channel *sc = channel->stor;
	struct sim_stor *stor = sc->stor;
	struct sim_stor_held *held;

	mutex_lock(&stor->lock);
	if (stor->drop) {
		stor->drop--;
		atomic64_inc(&stor->dropped);
		mutex_unlock(&stor->lock);
		pr_info("storage %pUl: dropping the completion of trans_id %#llx on channel %u\n",
			&stor->instance_id, trans_id, sc->index);
		return 0;
	}
	if (stor->hold) {
		held = kmalloc(sizeof(*held), GFP_KERNEL);
		if (held) {
			held->channel_index = sc->index;
			held->release = false;
			held->trans_id = trans_id;
			held->len = reply->len;
			held->pkt = reply->pkt;
			list_add_tail(&held->node, &stor->held);
			sc->held++;
			atomic64_inc(&stor->held_count);
			mutex_unlock(&stor->lock);
			return 0;
		}
	}
	mutex_unlock(&stor->lock);
	return sim_stor_write(channel, trans_id, &reply->pkt, reply->len);
}

/*
 * One packet from a storage channel (ring_lock held): 0 when done with it,
 * -EAGAIN to be called again with it later, -EPROTO for a broken ring.
 */
int sim_stor_packet(struct sim_channel *channel, const void *pkt, u32 len)
{
	const struct vmbus_packet_descriptor *desc = pkt;
	struct sim_stor_channel *sc = channel->stor;
	struct sim_stor *stor = sc->stor;
	u16 type = le16_to_cpu(desc->type);
	u16 flags = le16_to_cpu(desc->flags);
	u32 off = le16_to_cpu(desc->offset8) * 8;
	u64 trans_id = le64_to_cpu(desc->trans_id);
	struct sim_stor_reply reply;
	struct vstor_packet req = {};
	u32 size = len - off, op;
	bool primary_ready;
	int ret;

	lockdep_assert_held(&channel->ring_lock);
	if (type != VMBUS_PACKET_DATA_INBAND &&
	    type != VMBUS_PACKET_DATA_USING_GPA_DIRECT) {
		sim_stor_violation(stor, "channel %u: packet of type %u\n",
				   sc->index, type);
		return 0;
	}
	if (!(flags & VMBUS_PACKET_FLAG_COMPLETION_REQUESTED)) {
		sim_stor_violation(stor, "channel %u: packet without COMPLETION_REQUESTED\n",
				   sc->index);
		return 0;
	}
	if (!trans_id) {
		sim_stor_violation(stor, "channel %u: completion requested for trans_id 0\n",
				   sc->index);
		return 0;
	}
	if (size != sizeof(struct vstor_packet) && size != VSTOR_PACKET_SIZE_WIN7) {
		sim_stor_violation(stor, "channel %u: a %u-byte VSTOR packet, not 48 or 64\n",
				   sc->index, size);
		return 0;
	}
	memcpy(&req, (const u8 *)pkt + off, size);
	op = le32_to_cpu(req.operation);

	/* Sub-channels carry nothing until the primary is Ready (1.7). */
	primary_ready = READ_ONCE(stor->ready);
	if (sc->index && !primary_ready)
		return -EAGAIN;
	if (op == VSTOR_OP_EXECUTE_SRB && sc->held >= SIM_STOR_MAX_OUTSTANDING) {
		atomic64_inc(&stor->stalls);
		return -EAGAIN;
	}
	/* Room for the answer first: a request runs exactly once. */
	ret = sim_ring_room(channel, sim_packet_total(size));
	if (ret == -EMSGSIZE) {
		sim_stor_violation(stor,
				   "channel %u: inbound ring of %u bytes too small for a completion\n",
				   sc->index, channel->in.size);
		return -EPROTO;
	}
	if (ret)
		return ret;

	sim_stor_reply_init(&reply, &req, size, VSTOR_STATUS_SUCCESS);
	if (type == VMBUS_PACKET_DATA_USING_GPA_DIRECT && op != VSTOR_OP_EXECUTE_SRB) {
		sim_stor_violation(stor, "channel %u: operation %u in a GPA-direct packet\n",
				   sc->index, op);
		reply.pkt.status = cpu_to_le32(VSTOR_STATUS_INVALID_PARAMETER);
		return sim_stor_write(channel, trans_id, &reply.pkt, reply.len);
	}
	switch (op) {
	case VSTOR_OP_EXECUTE_SRB:
		if (!sc->index && sc->state != SIM_STOR_READY)
			break;
		sim_stor_srb(channel, pkt, off, &req, size, &reply);
		return sim_stor_complete_srb(channel, trans_id, &reply);
	case VSTOR_OP_RESET_LUN:
	case VSTOR_OP_RESET_ADAPTER:
		if (!sc->index && sc->state != SIM_STOR_READY)
			break;
		return sim_stor_write(channel, trans_id, &reply.pkt, reply.len);
	case VSTOR_OP_RESET_BUS:
		if (!sc->index && sc->state != SIM_STOR_READY)
			break;
		sim_stor_reset_bus(stor);
		return sim_stor_write(channel, trans_id, &reply.pkt, reply.len);
	default:
		if (sc->index)
			break;
		sim_stor_control(channel, &req, &reply);
		WRITE_ONCE(stor->negotiated, sc->version);
		WRITE_ONCE(stor->ready, sc->state == SIM_STOR_READY);
		ret = sim_stor_write(channel, trans_id, &reply.pkt, reply.len);
		if (!ret && stor->ready && op == VSTOR_OP_END_INITIALIZATION) {
			/* Sub-channels waiting for Ready. */
			mutex_lock(&stor->lock);
			sim_stor_kick_all(stor);
			mutex_unlock(&stor->lock);
		}
		return ret;
	}
	sim_stor_bad_state(sc, op, &reply);
	return sim_stor_write(channel, trans_id, &reply.pkt, reply.len);
}

/* Module exit: no channel is left, debugfs is gone. */
void sim_stor_exit(void)
{
	struct sim_stor *stor, *next;
	struct sim_stor_lun *lun, *ln;
	struct sim_stor_held *held, *hn;

	list_for_each_entry_safe(stor, next, &sim_stors, node) {
		cancel_work_sync(&stor->subchannel_work);
		list_for_each_entry_safe(lun, ln, &stor->luns, node) {
			list_del(&lun->node);
			sim_stor_lun_put(lun);
		}
		list_for_each_entry_safe(held, hn, &stor->held, node) {
			list_del(&held->node);
			kfree(held);
		}
		list_del(&stor->node);
		mutex_destroy(&stor->lock);
		kfree(stor);
	}
}
