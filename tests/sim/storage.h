/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated storage host (protocol-devices.md section 1): the host
 * side of VSTOR on synthetic SCSI and IDE channels.
 *
 *   storage.c          controllers, the per-channel VSTOR state machine,
 *                      packets, completions (held, dropped), sub-channels
 *   storage_scsi.c     SCSI command emulation for one SRB
 *   storage_backend.c  LUN backends: sparse RAM, a block device of the VM
 *   storage_debugfs.c  storage/<instance>/ knobs
 *
 * Locking, outermost first (after sim.channels_lock and ring_lock):
 *   stor->lock   the controller's LUN list, injections, held completions,
 *                its channels table; taken by ring work and debugfs
 * LUNs are reference counted: I/O runs without stor->lock.
 */
#ifndef HVLIS_SIM_STORAGE_H
#define HVLIS_SIM_STORAGE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/uuid.h>
#include <proto/vstor.h>
#include <hvlis/compat-xarray.h>

#include "sim.h"

#define SIM_STOR_MAX_INJECT	8
/* SRBs one channel may have held before the host stops reading it. */
#define SIM_STOR_MAX_OUTSTANDING	256
#define SIM_STOR_CHANNELS	(SIM_MAX_SUBCHANNELS + 1)

/* The VSTOR state of a primary channel (1.7, OpenVMM's table). */
enum sim_stor_state {
	SIM_STOR_BEGIN,
	SIM_STOR_QUERY_VERSION,
	SIM_STOR_QUERY_PROPERTIES,
	SIM_STOR_END_INIT,
	SIM_STOR_READY,
};

struct sim_stor_lun;

/*
 * The guest buffer of one SRB: the single GPA range of its packet, every
 * PFN checked to be guest memory.
 */
struct sim_stor_buf {
	u32 offset;		/* into the first page */
	u32 len;
	const __le64 *pfns;
};

struct sim_stor_backend_ops {
	/* Copy @len bytes at byte @pos of the LUN to/from the guest buffer. */
	int (*read)(struct sim_stor_lun *lun, u64 pos, u32 len,
		    const struct sim_stor_buf *buf, u32 buf_pos);
	int (*write)(struct sim_stor_lun *lun, u64 pos, u32 len,
		     const struct sim_stor_buf *buf, u32 buf_pos);
	/* Fill [pos, pos+len) with @len_pattern-byte @pattern (WRITE SAME). */
	int (*write_same)(struct sim_stor_lun *lun, u64 pos, u64 len,
			  const u8 *pattern, u32 pattern_len);
	int (*discard)(struct sim_stor_lun *lun, u64 pos, u64 len);
	int (*flush)(struct sim_stor_lun *lun);
	int (*resize)(struct sim_stor_lun *lun, u64 size);
	void (*release)(struct sim_stor_lun *lun);
};

struct sim_stor_lun {
	struct list_head node;	/* in stor->luns */
	struct kref ref;
	u8 path, target, lun;
	u64 size;		/* bytes, a multiple of block_size */
	u32 block_size;		/* 512 or 4096 */
	bool unit_attention;	/* capacity changed: tell the next command */
	const struct sim_stor_backend_ops *ops;
	/* RAM: 4 KiB pages by index, allocated on first write */
	struct xarray pages;
	atomic64_t ram_pages;
	/* dev: a block device of the VM */
	void *bdev_handle;	/* what opening it returned */
	struct block_device *bdev;
	char backend[72];	/* as add_lun named it */
};

/* One injected answer (debugfs "inject"). */
struct sim_stor_inject {
	bool active;
	u8 srb_status, scsi_status;
	bool sense;
	u8 key, asc, ascq;
	u32 count;		/* 0: until cleared */
	bool lba_range;
	u64 lba_first, lba_last;
};

/* A completion kept back by "hold". */
struct sim_stor_held {
	struct list_head node;
	u32 channel_index;
	bool release;		/* may go out now */
	u64 trans_id;
	u32 len;
	struct vstor_packet pkt;
};

/* One SCSI or IDE controller: a primary channel and its sub-channels. */
struct sim_stor {
	struct list_head node;	/* in sim_stors */
	guid_t class_id, instance_id;
	bool ide;
	u8 ide_path, ide_target;
	/* Options of add_device. */
	u16 version;		/* newest VSTOR version accepted, 0: none */
	u16 max_channels;	/* sub-channels offered (max_channel_cnt) */
	u32 max_transfer;

	struct mutex lock;	/* everything below */
	struct sim_channel *channels[SIM_STOR_CHANNELS];	/* by index */
	struct list_head luns;
	struct sim_stor_inject inject[SIM_STOR_MAX_INJECT];
	bool hold;
	u32 drop;
	struct list_head held;
	bool enumerate_pending;	/* an ENUMERATE_BUS to send */
	/* The primary's handshake, for sub-channels (its ring work writes). */
	bool ready;
	u16 negotiated;
	u16 subchannel_request;	/* CREATE_SUB_CHANNELS count to offer */
	struct work_struct subchannel_work;
	struct dentry *dir;

	atomic64_t violations, init_violations;
	atomic64_t ios, reads, writes, bytes_read, bytes_written;
	atomic64_t unmaps, syncs, resets, held_count, dropped;
	atomic64_t enumerates, unit_attentions, injected, stalls;
	atomic64_t held_lost;	/* held when the channel went away */
	atomic64_t channel_ios[SIM_STOR_CHANNELS];
};

/* The VSTOR side of one channel. */
struct sim_stor_channel {
	struct sim_stor *stor;
	u16 index;		/* sub_channel_index */
	enum sim_stor_state state;	/* primaries only */
	u16 version;		/* negotiated, primaries only */
	bool subchannels_created;
	u32 held;		/* completions held for this channel */
};

#define sim_stor_violation(stor, fmt, ...)				\
	do {								\
		struct sim_stor *__stor = (stor);			\
									\
		atomic64_inc(&__stor->violations);			\
		sim_violation("storage %pUl: " fmt, &__stor->instance_id, \
			      ##__VA_ARGS__);				\
	} while (0)

/* The outcome of one SRB. */
struct sim_stor_result {
	u8 srb_status;
	u8 scsi_status;
	u32 transferred;
	u8 sense_len;
	u8 sense[18];
};

/* The context one SRB is emulated in. */
struct sim_stor_cmd {
	struct sim_stor *stor;
	struct sim_stor_lun *lun;	/* NULL: absent */
	const struct vstor_srb *srb;
	const struct sim_stor_buf *buf;	/* NULL: no data */
	u32 buf_len;		/* data_transfer_length (0 without buf) */
	u8 path;
	bool data_in;		/* the buffer is for the guest to read */
};

/* SAM status, sense keys */
#define SIM_STOR_GOOD			0x00
#define SIM_STOR_CHECK_CONDITION	0x02
#define SIM_STOR_NO_SENSE		0x0
#define SIM_STOR_MEDIUM_ERROR		0x3
#define SIM_STOR_ILLEGAL_REQUEST	0x5
#define SIM_STOR_UNIT_ATTENTION		0x6

/* storage.c */
struct sim_stor_lun *sim_stor_lun_get(struct sim_stor *stor, u8 path,
				      u8 target, u8 lun);
void sim_stor_lun_put(struct sim_stor_lun *lun);
void sim_stor_notify(struct sim_stor *stor);
void sim_stor_kick_all(struct sim_stor *stor);
struct sim_stor *sim_stor_find(const guid_t *instance_id);
extern struct mutex sim_stors_lock;
extern struct list_head sim_stors;

/* storage_scsi.c */
bool sim_stor_scsi_lba(const u8 *cdb, u64 *lba, u32 *blocks);
void sim_stor_scsi_execute(struct sim_stor_cmd *cmd, struct sim_stor_result *res);
void sim_stor_sense(struct sim_stor_result *res, u8 key, u8 asc, u8 ascq);
int sim_stor_buf_copy_to(const struct sim_stor_buf *buf, u32 pos,
			 const void *src, u32 len);
int sim_stor_buf_copy_from(const struct sim_stor_buf *buf, u32 pos, void *dst,
			   u32 len);
struct page *sim_stor_buf_page(const struct sim_stor_buf *buf, u32 pos,
			       u32 *page_off);

/* storage_backend.c */
struct sim_stor_lun *sim_stor_lun_create(const char *backend, u64 size,
					 u32 block_size);

/* storage_debugfs.c */
void sim_stor_debugfs_add(struct sim_stor *stor);

#endif
