/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_storvsc: the Hyper-V synthetic SCSI and IDE controllers as SCSI
 * hosts (protocol-devices.md section 1). Shared by the files of the
 * module: main.c (probe, remove), handshake.c (the VSTOR initialisation),
 * channel.c (channels and what arrives on them), io.c (SRBs out and back),
 * host.c (the SCSI host template) and events.c (rescans and removals the
 * host asks for).
 */
#ifndef HVLIS_STORVSC_H
#define HVLIS_STORVSC_H

#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <scsi/scsi_host.h>
#include <hvlis/compat.h>
#include <proto/vstor.h>
#include <vmbus.h>

/* 0.5: fixed ids of the requests that are not SCSI commands. */
#define STORVSC_INIT_TRANS_ID	(U64_MAX - 2)
#define STORVSC_RESET_TRANS_ID	(U64_MAX - 3)

/* 1.14 */
#define STORVSC_STEP_TIMEOUT		(5 * HZ)
#define STORVSC_SUBCHANNEL_TIMEOUT	(10 * HZ)
#define STORVSC_RESET_TIMEOUT		(5 * HZ)
#define STORVSC_SRB_TIMEOUT_SECONDS	60
#define STORVSC_REQUEST_TIMEOUT		(180 * HZ)

/* PFNs a command carries with it; longer lists are allocated. */
#define STORVSC_INLINE_PFNS	(SZ_512K / VMBUS_PAGE_SIZE + 1)

struct storvsc_dev;

/* One channel (the primary or a sub-channel), the channel of one hw queue. */
struct storvsc_chan {
	struct storvsc_dev *stor;
	/* Set while open; senders read it under RCU (see storvsc_chan_get()). */
	struct hvlis_channel *channel;
	unsigned int index;		/* its hw queue = its sub-channel index */
	bool cpu_known;			/* its callback has run: chan_of_cpu has it */
};

/* The one control request (handshake step, reset) in flight, if any. */
struct storvsc_ctl {
	struct mutex lock;		/* one control request at a time */
	spinlock_t reply_lock;		/* pending, trans_id, reply, reply_len */
	bool pending;
	u64 trans_id;
	struct vstor_packet reply;
	u32 reply_len;
	struct completion done;
};

struct storvsc_dev {
	struct vmbus_device *vdev;
	struct Scsi_Host *shost;
	bool is_ide;

	/* What the handshake agreed (fixed before the host is added). */
	u16 version;
	u32 packet_size;		/* 64, or 48 before/below WIN8 */
	u32 srb_size;			/* 0x34, or 0x24 */
	u8 sense_size;			/* 0x14, or 0x12 */
	u32 max_transfer;
	u16 host_max_subchannels;
	u32 host_flags;

	struct storvsc_ctl ctl;

	/* chans[0] is the primary; chans[i] sub-channel i, once opened. */
	unsigned int nr_chans;
	struct storvsc_chan *chans;
	/*
	 * Per CPU (nr_cpu_ids), the channel whose callback last ran there,
	 * i.e. whose interrupts the host sends to it: a command sent from
	 * that CPU goes out, and comes back, on it. Read under RCU.
	 */
	struct storvsc_chan **chan_of_cpu;

	atomic_t outstanding;		/* SRBs the host has not completed */
	wait_queue_head_t drained;
	/* The host took the device back: nothing will be answered. */
	bool gone;
	struct work_struct gone_work;	/* fails what it still owed */

	/* Rescans and LUN removals the host's answers ask for. */
	struct workqueue_struct *wq;
	struct work_struct bus_scan_work;
	spinlock_t event_lock;		/* removing, and queueing work */
	bool removing;

	atomic64_t bad_packets;		/* dropped as malformed or unexpected */
};

/* The command's private part (scsi_cmd_priv). */
struct storvsc_cmd {
	struct storvsc_chan *chan;	/* the channel it went out on */
	unsigned long flags;
#define STORVSC_CMD_OUTSTANDING	0	/* the host owes its completion */
	u64 pfns[STORVSC_INLINE_PFNS];
};

extern unsigned int storvsc_ring_size;

/* The controller lives in its SCSI host's private area. */
static inline struct storvsc_dev *shost_to_stor(struct Scsi_Host *shost)
{
	return shost_priv(shost);
}

static inline struct device *stor_dev(const struct storvsc_dev *stor)
{
	return &stor->vdev->dev;
}

/* handshake.c */
int storvsc_ctl_exec(struct storvsc_dev *stor, struct vstor_packet *pkt,
		     u64 trans_id, unsigned long timeout);
void storvsc_ctl_reply(struct storvsc_dev *stor, u64 trans_id,
		       const void *data, u32 len);
int storvsc_handshake(struct storvsc_dev *stor);
unsigned int storvsc_request_subchannels(struct storvsc_dev *stor);

/* channel.c */
int storvsc_chan_open(struct storvsc_chan *chan, struct hvlis_channel *channel);
void storvsc_subchannel_new(struct hvlis_channel *sub);
void storvsc_subchannel_rescinded(struct hvlis_channel *sub);
void storvsc_bad_packet(struct storvsc_dev *stor, const char *what, u64 trans_id);

/* io.c */
int storvsc_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *scmd);
void storvsc_on_io_completion(struct storvsc_chan *chan, u64 trans_id,
			      const struct vstor_packet *pkt, u32 len);
void storvsc_gone_work(struct work_struct *work);
void storvsc_fail_outstanding(struct storvsc_dev *stor,
			      struct storvsc_chan *only, int host_byte);

/* host.c */
extern struct scsi_host_template storvsc_template;
unsigned int storvsc_queue_depth_per_channel(void);

/* events.c */
void storvsc_events_init(struct storvsc_dev *stor);
void storvsc_events_stop(struct storvsc_dev *stor);
void storvsc_bus_changed(struct storvsc_dev *stor);
void storvsc_rescan_lun(struct storvsc_dev *stor, struct scsi_device *sdev);
void storvsc_remove_lun(struct storvsc_dev *stor, struct scsi_device *sdev);

#endif
