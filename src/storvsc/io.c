// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCSI commands as SRBs (protocol-devices.md 1.4, 1.9) and their
 * completions (1.10).
 *
 * A command's data goes as one GPA-direct range straight from its own
 * pages: the host's virt_boundary_mask of 4 KiB guarantees that only the
 * first and the last page of the scatterlist may be partial, so the pages
 * form the one range the protocol allows. Its transaction id is the
 * blk-mq unique tag plus one, never 0 (which is the host's own), and a
 * completion is taken only for a command the host owes, on the channel
 * it went out on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blk-mq.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_tcq.h>
#include <hvlis/compat-scsi.h>

#include "storvsc.h"

#define STORVSC_PAGE_MASK	(VMBUS_PAGE_SIZE - 1)

/* The host owes nothing more for @scmd: account for it and complete it. */
static void storvsc_cmd_done(struct storvsc_dev *stor, struct scsi_cmnd *scmd)
{
	if (atomic_dec_and_test(&stor->outstanding))
		wake_up(&stor->drained);
	scsi_done(scmd);
}

/*
 * Commands the host of WIN8 (5.1) or older must not see (1.10): they
 * fail here as an unsupported opcode would on the device.
 */
static bool storvsc_filtered(const struct storvsc_dev *stor, struct scsi_cmnd *scmd)
{
	if (stor->version > VSTOR_PROTO_WIN8)
		return false;
	switch (scmd->cmnd[0]) {
	case WRITE_SAME:
	case SET_WINDOW:
		scsi_build_sense(scmd, 0, ILLEGAL_REQUEST, 0x20, 0x00);
		return true;
	default:
		return false;
	}
}

/*
 * Fill @range with the 4 KiB frames of the command's scatterlist; the
 * PFNs go to cmd->pfns or, for a long list, to an allocation the caller
 * frees with storvsc_put_pfns(). -ENOMEM, or -EINVAL for a scatterlist
 * that is not one gapless range (a block layer bug).
 */
static int storvsc_map_data(struct scsi_cmnd *scmd, struct storvsc_cmd *cmd,
			    struct vmbus_page_range *range)
{
	u32 len = scsi_bufflen(scmd), offset, count, n = 0;
	int nents = scsi_sg_count(scmd), i;
	struct scatterlist *sg;
	u64 *pfns;

	offset = sg_phys(scsi_sglist(scmd)) & STORVSC_PAGE_MASK;
	count = DIV_ROUND_UP((u64)offset + len, VMBUS_PAGE_SIZE);
	if (count <= ARRAY_SIZE(cmd->pfns))
		pfns = cmd->pfns;
	else
		pfns = kmalloc_array(count, sizeof(*pfns), GFP_ATOMIC);
	if (!pfns)
		return -ENOMEM;

	for_each_sg(scsi_sglist(scmd), sg, nents, i) {
		phys_addr_t start = sg_phys(sg), end = start + sg->length;
		u64 pfn;

		if ((i > 0 && (start & STORVSC_PAGE_MASK)) ||
		    (i < nents - 1 && (end & STORVSC_PAGE_MASK)))
			goto gap;
		for (pfn = start >> VMBUS_PAGE_SHIFT;
		     pfn < DIV_ROUND_UP_ULL(end, VMBUS_PAGE_SIZE); pfn++) {
			if (n == count)
				goto gap;
			pfns[n++] = pfn;
		}
	}
	if (n != count)
		goto gap;
	range->len = len;
	range->offset = offset;
	range->pfns = pfns;
	return 0;

gap:
	if (pfns != cmd->pfns)
		kfree(pfns);
	scmd_printk(KERN_ERR, scmd, "its %u bytes in %d segments do not form one range of pages\n",
		    len, nents);
	return -EINVAL;
}

static void storvsc_put_pfns(struct storvsc_cmd *cmd, const struct vmbus_page_range *range)
{
	if (range->pfns && range->pfns != cmd->pfns)
		kfree(range->pfns);
}

static void storvsc_build_srb(struct storvsc_dev *stor, struct scsi_cmnd *scmd,
			      struct vstor_packet *pkt)
{
	struct scsi_device *sdev = scmd->device;
	struct vstor_srb *srb = &pkt->srb;
	u32 flags = VSTOR_SRB_FLAGS_DISABLE_SYNCH_TRANSFER;

	pkt->operation = cpu_to_le32(VSTOR_OP_EXECUTE_SRB);
	pkt->flags = cpu_to_le32(VSTOR_FLAG_REQUEST_COMPLETION);
	srb->length = cpu_to_le16(stor->srb_size);
	srb->port_number = stor->shost->host_no;
	srb->path_id = sdev->channel;
	srb->target_id = sdev->id;
	srb->lun = sdev->lun;
	srb->cdb_length = scmd->cmd_len;
	memcpy(srb->cdb, scmd->cmnd, scmd->cmd_len);
	srb->sense_info_length = stor->sense_size;
	srb->data_transfer_length = cpu_to_le32(scsi_bufflen(scmd));
	switch (scmd->sc_data_direction) {
	case DMA_TO_DEVICE:
		srb->data_in = VSTOR_WRITE_TYPE;
		flags |= VSTOR_SRB_FLAGS_DATA_OUT;
		break;
	case DMA_FROM_DEVICE:
		srb->data_in = VSTOR_READ_TYPE;
		flags |= VSTOR_SRB_FLAGS_DATA_IN;
		break;
	default:
		srb->data_in = VSTOR_UNKNOWN_TYPE;
		flags |= VSTOR_SRB_FLAGS_NO_DATA_TRANSFER;
		break;
	}
	/* The WIN8 extension; pre-WIN8 packets end before it. */
	if (sdev->tagged_supported) {
		flags |= VSTOR_SRB_FLAGS_QUEUE_ACTION_ENABLE |
			 VSTOR_SRB_FLAGS_NO_QUEUE_FREEZE;
		srb->queue_tag = VSTOR_SP_UNTAGGED;
		srb->queue_action = VSTOR_SRB_SIMPLE_TAG_REQUEST;
	}
	srb->srb_flags = cpu_to_le32(flags);
	srb->time_out_value = cpu_to_le32(STORVSC_SRB_TIMEOUT_SECONDS);
}

static int storvsc_send(struct hvlis_channel *channel, const struct vstor_packet *pkt,
			u32 size, const struct vmbus_page_range *range, u64 trans_id)
{
	if (range->len)
		return hvlis_channel_send_gpa_direct(channel, range, 1, pkt, size, trans_id,
						     VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
	return hvlis_channel_send_inband(channel, pkt, size, trans_id,
					 VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
}

/* An open channel whose interrupts have not been seen on any CPU yet. */
static struct storvsc_chan *storvsc_unknown_chan(struct storvsc_dev *stor,
						 struct hvlis_channel **channel)
{
	unsigned int i;

	for (i = 1; i < stor->nr_chans; i++) {
		if (READ_ONCE(stor->chans[i].cpu_known))
			continue;
		*channel = READ_ONCE(stor->chans[i].channel);
		if (*channel)
			return &stor->chans[i];
	}
	return NULL;
}

/*
 * Send on the channel whose interrupts reach this CPU, else on one
 * whose interrupts are not known yet, else on the channel of hw queue
 * @hwq, else (none open, or rescinded) on the primary (see channel.c).
 * The caller holds the RCU read lock, which keeps a sub-channel from
 * being closed under it.
 */
static int storvsc_send_on_queue(struct storvsc_dev *stor, struct storvsc_cmd *cmd,
				 u16 hwq, const struct vstor_packet *pkt,
				 const struct vmbus_page_range *range, u64 trans_id)
{
	/* Only a hint: a preempted sender just uses another CPU's channel. */
	struct storvsc_chan *chan = READ_ONCE(stor->chan_of_cpu[raw_smp_processor_id()]);
	struct hvlis_channel *channel = chan ? READ_ONCE(chan->channel) : NULL;
	int ret;

	if (!channel)
		chan = storvsc_unknown_chan(stor, &channel);
	if (!channel && hwq < stor->nr_chans) {
		chan = &stor->chans[hwq];
		channel = READ_ONCE(chan->channel);
	}
	if (!channel) {
		chan = &stor->chans[0];
		channel = stor->vdev->channel;
	}
	for (;;) {
		WRITE_ONCE(cmd->chan, chan);
		/* Before the send: the completion may come before it returns. */
		set_bit(STORVSC_CMD_OUTSTANDING, &cmd->flags);
		atomic_inc(&stor->outstanding);
		ret = storvsc_send(channel, pkt, stor->packet_size, range, trans_id);
		if (!ret)
			return 0;
		/* Never written, so never completed: still ours. */
		clear_bit(STORVSC_CMD_OUTSTANDING, &cmd->flags);
		if (atomic_dec_and_test(&stor->outstanding))
			wake_up(&stor->drained);
		/* A sub-channel that just closed: the primary takes it. */
		if (ret != -ENODEV || !chan->index)
			return ret;
		chan = &stor->chans[0];
		channel = stor->vdev->channel;
	}
}

int storvsc_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *scmd)
{
	struct storvsc_dev *stor = shost_to_stor(shost);
	struct storvsc_cmd *cmd = scsi_cmd_priv(scmd);
	struct vmbus_page_range range = {};
	struct vstor_packet pkt = {};
	u32 tag;
	int ret;

	if (storvsc_filtered(stor, scmd)) {
		scsi_done(scmd);
		return 0;
	}
	if (scmd->sc_data_direction == DMA_BIDIRECTIONAL) {
		set_host_byte(scmd, DID_ERROR);
		scsi_done(scmd);
		return 0;
	}
	if (scsi_bufflen(scmd)) {
		ret = storvsc_map_data(scmd, cmd, &range);
		if (ret == -ENOMEM)
			return SCSI_MLQUEUE_HOST_BUSY;
		if (ret) {
			set_host_byte(scmd, DID_ERROR);
			scsi_done(scmd);
			return 0;
		}
	}
	storvsc_build_srb(stor, scmd, &pkt);
	tag = blk_mq_unique_tag(scsi_cmd_to_rq(scmd));

	rcu_read_lock();
	if (READ_ONCE(stor->gone))
		ret = -ENODEV;
	else
		ret = storvsc_send_on_queue(stor, cmd, blk_mq_unique_tag_to_hwq(tag),
					    &pkt, &range, (u64)tag + 1);
	rcu_read_unlock();
	storvsc_put_pfns(cmd, &range);

	switch (ret) {
	case 0:
		return 0;
	case -EAGAIN:
		/* The ring is full; completions will make room. */
		return SCSI_MLQUEUE_DEVICE_BUSY;
	case -ENODEV:
		set_host_byte(scmd, DID_NO_CONNECT);
		break;
	default:
		scmd_printk(KERN_ERR, scmd, "could not send the command to the host (error %d)\n",
			    ret);
		set_host_byte(scmd, DID_ERROR);
		break;
	}
	scsi_done(scmd);
	return 0;
}

/* ASC/ASCQ that mean "look at the device again, then retry" (1.10). */
static bool storvsc_sense_wants_rescan(const struct scsi_sense_hdr *sshdr)
{
	if (sshdr->asc == 0x2a && sshdr->ascq == 0x09)	/* capacity data changed */
		return true;
	/* Operating parameters changed, except microcode and LUN inventory. */
	return sshdr->asc == 0x3f && sshdr->ascq != 0x03 && sshdr->ascq != 0x0e;
}

/* The SRB's outcome as the SCSI midlayer's result, sense and residual. */
static void storvsc_srb_result(struct storvsc_dev *stor, struct scsi_cmnd *scmd,
			       const struct vstor_srb *srb)
{
	u8 srb_status = srb->srb_status, scsi_status = srb->scsi_status;
	u32 bufflen = scsi_bufflen(scmd), done = 0;
	struct scsi_sense_hdr sshdr;
	bool sense = false;
	u8 sense_len;

	/* Old hosts fail some VPD INQUIRYs and MODE SENSE pages they do serve. */
	if (scmd->cmnd[0] == INQUIRY || scmd->cmnd[0] == MODE_SENSE) {
		srb_status = VSTOR_SRB_STATUS_SUCCESS;
		scsi_status = SAM_STAT_GOOD;
	}
	scmd->result = scsi_status;
	if (srb_status & VSTOR_SRB_STATUS_AUTOSENSE_VALID) {
		sense_len = min_t(u8, srb->sense_info_length, VSTOR_SENSE_SIZE);
		sense = scsi_normalize_sense(srb->sense_data, sense_len, &sshdr);
		if (scsi_status == SAM_STAT_CHECK_CONDITION)
			memcpy(scmd->sense_buffer, srb->sense_data, sense_len);
	}

	switch (srb_status & VSTOR_SRB_STATUS_CODE_MASK) {
	case VSTOR_SRB_STATUS_SUCCESS:
	case VSTOR_SRB_STATUS_DATA_OVERRUN:
		done = min(le32_to_cpu(srb->data_transfer_length), bufflen);
		break;
	case VSTOR_SRB_STATUS_ERROR:
	case VSTOR_SRB_STATUS_ABORTED:
	case VSTOR_SRB_STATUS_INVALID_REQUEST:
	case VSTOR_SRB_STATUS_INTERNAL_ERROR:
		if (srb_status & VSTOR_SRB_STATUS_AUTOSENSE_VALID) {
			if (sense && storvsc_sense_wants_rescan(&sshdr)) {
				storvsc_rescan_lun(stor, scmd->device);
				set_host_byte(scmd, DID_REQUEUE);
			}
			/* Otherwise the midlayer acts on the sense. */
			break;
		}
		switch (scmd->cmnd[0]) {
		case ATA_12:
		case ATA_16:
			set_host_byte(scmd, DID_PASSTHROUGH);
			break;
		case TEST_UNIT_READY:
			/* Some hosts fail it so: the status byte decides. */
			break;
		default:
			set_host_byte(scmd, DID_ERROR);
			break;
		}
		break;
	case VSTOR_SRB_STATUS_INVALID_LUN:
		/* The LUN is gone on the host: it goes here too. */
		set_host_byte(scmd, DID_NO_CONNECT);
		storvsc_remove_lun(stor, scmd->device);
		break;
	default:
		break;
	}
	scsi_set_resid(scmd, bufflen - done);
}

/* From the callback of @chan: a completion that is not a control one. */
void storvsc_on_io_completion(struct storvsc_chan *chan, u64 trans_id,
			      const struct vstor_packet *pkt, u32 len)
{
	struct storvsc_dev *stor = chan->stor;
	struct scsi_cmnd *scmd = NULL;
	struct storvsc_cmd *cmd;

	if (trans_id <= (u64)U32_MAX + 1)
		scmd = scsi_host_find_tag(stor->shost, trans_id - 1);
	if (!scmd) {
		storvsc_bad_packet(stor,
				   "dropping a completion for no outstanding command", trans_id);
		return;
	}
	cmd = scsi_cmd_priv(scmd);
	if (READ_ONCE(cmd->chan) != chan) {
		storvsc_bad_packet(stor,
				   "dropping a completion on another channel than its command's",
				   trans_id);
		return;
	}
	if (!test_and_clear_bit(STORVSC_CMD_OUTSTANDING, &cmd->flags)) {
		storvsc_bad_packet(stor, "dropping a second completion of a command", trans_id);
		return;
	}
	/*
	 * The host did answer: a malformed answer fails the command (the
	 * midlayer retries it) rather than leaving it outstanding forever.
	 */
	if (len < stor->packet_size) {
		storvsc_bad_packet(stor, "failing the command of a truncated completion", trans_id);
		set_host_byte(scmd, DID_ERROR);
	} else if (le32_to_cpu(pkt->operation) != VSTOR_OP_COMPLETE_IO) {
		storvsc_bad_packet(stor,
				   "failing the command of a completion that is not COMPLETE_IO",
				   trans_id);
		set_host_byte(scmd, DID_ERROR);
	} else {
		storvsc_srb_result(stor, scmd, &pkt->srb);
	}
	storvsc_cmd_done(stor, scmd);
}

struct storvsc_fail {
	struct storvsc_dev *stor;
	struct storvsc_chan *only;
	int host_byte;
};

static bool storvsc_fail_one(struct scsi_cmnd *scmd, void *data)
{
	struct storvsc_cmd *cmd = scsi_cmd_priv(scmd);
	struct storvsc_fail *fail = data;

	if (fail->only && READ_ONCE(cmd->chan) != fail->only)
		return true;
	if (!test_and_clear_bit(STORVSC_CMD_OUTSTANDING, &cmd->flags))
		return true;
	scmd->result = 0;
	set_host_byte(scmd, fail->host_byte);
	storvsc_cmd_done(fail->stor, scmd);
	return true;
}

/*
 * Complete what the host owes on a channel that can no longer answer
 * (@only, or every channel when NULL) with @host_byte. Its callback must
 * not run any more: the channel is closed.
 */
void storvsc_fail_outstanding(struct storvsc_dev *stor, struct storvsc_chan *only,
			      int host_byte)
{
	struct storvsc_fail fail = { .stor = stor, .only = only, .host_byte = host_byte };

	scsi_host_busy_iter(stor->shost, storvsc_fail_one, &fail);
}

/*
 * The host is gone: what it owes will never come. Only once its channels
 * are closed (remove), or from the timeout handler's work when the host
 * went while the controller was already being removed.
 */
void storvsc_gone_work(struct work_struct *work)
{
	struct storvsc_dev *stor = container_of(work, struct storvsc_dev, gone_work);

	storvsc_fail_outstanding(stor, NULL, DID_NO_CONNECT);
}
