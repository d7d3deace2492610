// SPDX-License-Identifier: GPL-2.0-only
/*
 * The channels of a controller: opening them, and what arrives on them.
 * Every packet from the host is untrusted: a completion names its
 * request only through a transaction id that is checked before use
 * (io.c, storvsc_ctl_reply()), and anything malformed is counted, logged
 * rate-limited and dropped.
 *
 * Sub-channels (1.8) come one by one after CREATE_SUB_CHANNELS. A command
 * goes out on the channel whose interrupts reach the CPU it is sent
 * from, as the callbacks have shown them (vmbus.h does not say where a
 * channel's interrupts go). From a CPU no channel has shown up on yet, it
 * goes out on a channel that has not shown up anywhere yet, so that its
 * completion shows where that one's interrupts go; then on the channel of
 * its hw queue, the primary while that one is not open.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rcupdate.h>

#include "storvsc.h"

void storvsc_bad_packet(struct storvsc_dev *stor, const char *what, u64 trans_id)
{
	s64 count = atomic64_inc_return(&stor->bad_packets);

	dev_warn_ratelimited(stor_dev(stor), "%s from the host (transaction id %#llx; %lld bad packets so far)\n",
			     what, trans_id, count);
}

/* trans_id 0: the host tells us something (1.12). */
static void storvsc_on_unsolicited(struct storvsc_dev *stor,
				   const struct vstor_packet *pkt, u32 len)
{
	u32 op;

	if (len < sizeof(pkt->operation)) {
		storvsc_bad_packet(stor, "dropping a notification too short for its operation", 0);
		return;
	}
	op = le32_to_cpu(pkt->operation);
	switch (op) {
	case VSTOR_OP_ENUMERATE_BUS:
	case VSTOR_OP_REMOVE_DEVICE:
		storvsc_bus_changed(stor);
		break;
	case VSTOR_OP_COMPLETE_IO:
	case VSTOR_OP_FCHBA_DATA:
		storvsc_bad_packet(stor, "dropping a completion with transaction id 0", 0);
		break;
	default:
		dev_dbg(stor_dev(stor), "ignoring host notification %u\n", op);
		break;
	}
}

static void storvsc_on_packet(struct storvsc_chan *chan,
			      const struct vmbus_packet_descriptor *desc)
{
	struct storvsc_dev *stor = chan->stor;
	u64 trans_id = le64_to_cpu(desc->trans_id);
	u16 type = le16_to_cpu(desc->type);
	struct vstor_packet pkt = {};
	const void *data;
	u32 len;

	data = vmbus_packet_payload(desc, &len);
	/* Zero-filled past what came, so short notifications read zeroes. */
	memcpy(&pkt, data, min_t(u32, len, sizeof(pkt)));
	if (!trans_id) {
		if (type != VMBUS_PACKET_DATA_INBAND && type != VMBUS_PACKET_COMP)
			storvsc_bad_packet(stor,
					   "dropping a notification of an unexpected packet type",
					   0);
		else
			storvsc_on_unsolicited(stor, &pkt, len);
		return;
	}
	if (type != VMBUS_PACKET_COMP) {
		storvsc_bad_packet(stor, "dropping a packet that is not a completion", trans_id);
		return;
	}
	if (trans_id == STORVSC_INIT_TRANS_ID || trans_id == STORVSC_RESET_TRANS_ID) {
		if (chan->index)
			storvsc_bad_packet(stor,
					   "dropping a control completion on a sub-channel",
					   trans_id);
		else
			storvsc_ctl_reply(stor, trans_id, data, len);
		return;
	}
	storvsc_on_io_completion(chan, trans_id, &pkt, len);
}

static int storvsc_callback(struct hvlis_channel *channel, void *context, int budget)
{
	struct storvsc_chan *chan = context;
	struct storvsc_chan **mine = &chan->stor->chan_of_cpu[smp_processor_id()];
	const struct vmbus_packet_descriptor *desc;
	int done = 0;

	/* The host interrupts this CPU for the channel: senders here use it. */
	if (READ_ONCE(*mine) != chan && READ_ONCE(chan->channel)) {
		WRITE_ONCE(*mine, chan);
		WRITE_ONCE(chan->cpu_known, true);
	}
	while (done < budget) {
		desc = hvlis_channel_peek(channel);
		if (IS_ERR(desc)) {
			dev_err_ratelimited(stor_dev(chan->stor), "channel %u: the host broke the ring (error %ld)\n",
					    chan->index, PTR_ERR(desc));
			break;
		}
		if (!desc)
			break;
		storvsc_on_packet(chan, desc);
		hvlis_channel_advance(channel);
		done++;
	}
	return done;
}

/* Open @channel as @chan: 24 zero bytes of user data, as Linux sends. */
int storvsc_chan_open(struct storvsc_chan *chan, struct hvlis_channel *channel)
{
	static const struct vstor_channel_properties userdata;
	struct hvlis_channel_open_params params = {
		.send_ring_size = storvsc_ring_size,
		.recv_ring_size = storvsc_ring_size,
		.max_packet_size = VSTOR_MAX_INBOUND_PACKET,
		.userdata = &userdata,
		.userdata_len = sizeof(userdata),
		.callback = storvsc_callback,
		.context = chan,
	};
	int ret;

	ret = hvlis_channel_open(channel, &params);
	if (ret)
		return ret;
	hvlis_channel_set_drvdata(channel, chan);
	WRITE_ONCE(chan->channel, channel);
	return 0;
}

/* Under the primary's device lock (vmbus.h). */
void storvsc_subchannel_new(struct hvlis_channel *sub)
{
	struct vmbus_device *vdev = hvlis_channel_device(sub);
	struct storvsc_dev *stor = dev_get_drvdata(&vdev->dev);
	u16 index = hvlis_channel_subchannel_index(sub);
	int ret;

	device_lock_assert(&vdev->dev);
	/* A late offer for a controller whose probe failed or that went. */
	if (!stor)
		return;
	if (!index || index >= stor->nr_chans || stor->chans[index].channel) {
		dev_warn(stor_dev(stor), "ignoring sub-channel %u: %u were asked for\n",
			 index, stor->nr_chans - 1);
		return;
	}
	ret = storvsc_chan_open(&stor->chans[index], sub);
	if (ret)
		dev_warn(stor_dev(stor), "could not open sub-channel %u (error %d); its queue uses the primary\n",
			 index, ret);
}

static void storvsc_forget_cpus(struct storvsc_chan *chan)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		cmpxchg(&chan->stor->chan_of_cpu[cpu], chan, NULL);
}

/*
 * The host took a sub-channel back: its CPUs and its queue go back to
 * the primary, and what it had outstanding is sent again there.
 */
void storvsc_subchannel_rescinded(struct hvlis_channel *sub)
{
	struct storvsc_chan *chan = hvlis_channel_get_drvdata(sub);

	device_lock_assert(&hvlis_channel_device(sub)->dev);
	if (!chan)
		return;
	WRITE_ONCE(chan->channel, NULL);
	storvsc_forget_cpus(chan);
	/* No sender is still using it (they hold the RCU read lock). */
	synchronize_rcu();
	hvlis_channel_close(sub);
	/* A callback that ran meanwhile may have claimed a CPU again. */
	storvsc_forget_cpus(chan);
	hvlis_channel_set_drvdata(sub, NULL);
	storvsc_fail_outstanding(chan->stor, chan, DID_REQUEUE);
}
