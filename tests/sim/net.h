/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated network host (protocol-devices.md sections 2 and 3): the
 * host side of NVSP and RNDIS on synthetic NIC channels, and a virtual
 * switch between the NICs.
 *
 *   net.c          NICs, the per-channel NVSP state machine, buffers,
 *                  guest TX (send-buffer sections and GPA ranges)
 *   net_rndis.c    the RNDIS device: INIT, QUERY and SET answers, HALT,
 *                  status indications
 *   net_switch.c   ports, forwarding with offloads (checksums, LSO, VLAN),
 *                  delivery through the receiver's receive buffer
 *   net_debugfs.c  net/<instance>/ knobs and the hostile messages
 *
 * Locking, outermost first (after sim.channels_lock and ring_lock):
 *   sim_net_lock  the NIC list (the switch's port table)
 *   nic->lock     one NIC's NVSP/RNDIS state, its buffers' mappings and
 *                 sub-allocations; never held while taking another NIC's
 * Frames cross NICs only through the receiving channel's queue: a ring
 * work never takes another channel's ring_lock.
 */
#ifndef HVLIS_SIM_NET_H
#define HVLIS_SIM_NET_H

#include <linux/if_ether.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/uuid.h>
#include <proto/nvsp.h>
#include <proto/rndis.h>

#include "sim.h"

#define SIM_NET_CHANNELS	(SIM_MAX_SUBCHANNELS + 1)
/* Frames one channel may have queued for its guest before drops. */
#define SIM_NET_QUEUE_MAX	1024
/* What the guest sends in one SEND_RNDIS_PKT at most (LSO + headers). */
#define SIM_NET_TX_MAX		(128 * 1024)
#define SIM_NET_RSS_ENTRIES	NDIS_RSS_INDIRECTION_TABLE_MAX
/* 2.4: what this host answers (OpenVMM's sizes). */
#define SIM_NET_SEND_SECTION	6144
#define SIM_NET_DEFAULT_MTU	1500
#define SIM_NET_MAX_MTU		9216

/* Where a NIC's NVSP handshake is (2.4). */
enum sim_net_state {
	SIM_NET_BEGIN,		/* waiting for INIT */
	SIM_NET_INITIALIZED,	/* a version was agreed on */
	SIM_NET_READY,		/* receive buffer in place: RNDIS may start */
};

/* Kinds of hostile message (debugfs inject). */
enum sim_net_inject {
	SIM_NET_INJECT_NONE,
	SIM_NET_INJECT_BAD_RANGE,
	SIM_NET_INJECT_RNDIS_LEN,
	SIM_NET_INJECT_PPI_OFFSET,
	SIM_NET_INJECT_UNKNOWN_TYPE,
	SIM_NET_INJECT_UNKNOWN_COMPLETION,
	SIM_NET_INJECT_INDIRECTION,
	SIM_NET_INJECT_BAD_PAGESET,
};

/* One sub-allocation of the receive buffer. */
struct sim_net_slot {
	u32 gen;		/* bumped each use: stale completions are caught */
	u16 channel;		/* the channel its packet went out on */
	bool busy;
};

struct sim_net_nic;

/* The NVSP side of one channel. */
struct sim_net_channel {
	struct sim_net_nic *nic;
	struct sim_channel *channel;
	u16 index;			/* sub_channel_index */
	struct sk_buff_head ctrlq;	/* RNDIS replies (primary only) */
	struct sk_buff_head rxq;	/* frames from the switch */
	u8 *tx;				/* one guest send, gathered */
	atomic64_t rx_frames, tx_frames;
};

/* What the switch keeps with a frame in skb->cb. */
struct sim_net_cb {
	bool ctrl;		/* an RNDIS message, not a frame */
	bool corrupt;		/* flip a byte on delivery (debugfs corrupt) */
	u32 hash;		/* the flow hash RSS picked its channel by */
};

#define SIM_NET_CB(skb)	((struct sim_net_cb *)(skb)->cb)

struct sim_net_nic {
	struct list_head node;		/* in sim_net_nics */
	guid_t instance_id;
	/* Options of add_device. */
	u8 perm_mac[ETH_ALEN];
	u32 host_version;		/* newest NVSP accepted, 0: none */
	u16 max_subchannels;
	u32 mtu;			/* MAXIMUM_FRAME_SIZE */

	struct mutex lock;		/* everything below */
	struct sim_net_channel *channels[SIM_NET_CHANNELS];
	enum sim_net_state state;
	u32 nvsp_version;
	u32 ndis_version;
	u32 guest_mtu;			/* SEND_NDIS_CONFIG, with the header */
	u64 capability;
	/* The receive buffer, once the guest sent it and the host mapped it. */
	u32 recv_gpadl;
	u8 *recv_va;
	u32 recv_size;
	u32 sub_size, sub_count, sub_free;
	struct sim_net_slot *slots;
	u32 *free_slots;		/* a stack of sub_free indices */
	/* The send buffer. */
	u32 send_gpadl;
	u8 *send_va;
	u32 send_size;
	u32 sections;
	/* A SEND_*_BUF waiting for the message work to find its GPADL. */
	u32 pending_gpadl;
	u32 pending_type;		/* NVSP_MSG1_TYPE_SEND_*_BUF, or 0 */
	u64 pending_trans_id;
	bool pending_done;		/* looked up: answer from the ring work */
	u32 pending_status;
	struct work_struct buf_work;
	/* Sub-channels: what the guest asked for, from the message work. */
	u32 subchannel_request;
	u64 subchannel_trans_id;
	u32 subchannels_granted;
	bool subchannel_answer;	/* the completion still to be sent */
	struct work_struct subchannel_work;
	/* RNDIS (net_rndis.c). */
	bool rndis_ready;
	bool halted;
	u32 filter;
	bool link_up;
	u8 mac[ETH_ALEN];
	bool mac_change;		/* the host takes NetworkAddress */
	/* Offloads the guest enabled (OID_TCP_OFFLOAD_PARAMETERS). */
	bool rx_csum4, rx_csum6;
	bool tx_csum, lso;
	bool rss_enabled;
	u32 rss_entries;
	u16 rss_table[SIM_NET_RSS_ENTRIES];
	/* debugfs knobs */
	u32 drop;
	u32 corrupt;
	enum sim_net_inject inject;
	struct dentry *dir;

	atomic64_t violations;
	atomic64_t tx_frames, tx_bytes, rx_frames, rx_bytes;
	atomic64_t dropped, corrupted, filtered, queue_full, no_slot;
	/* frames with an 802.1Q PPI: from the guest, to the guest */
	atomic64_t tx_vlan, rx_vlan;
};

#define sim_net_violation(nic, fmt, ...)				\
	do {								\
		struct sim_net_nic *__nic = (nic);			\
									\
		atomic64_inc(&__nic->violations);			\
		sim_violation("net %pUl: " fmt, &__nic->instance_id,	\
			      ##__VA_ARGS__);				\
	} while (0)

extern struct mutex sim_net_lock;
extern struct list_head sim_net_nics;

/* net.c */
struct sim_net_nic *sim_net_find(const guid_t *instance_id);
void sim_net_queue_ctrl(struct sim_net_nic *nic, struct sk_buff *skb);
void sim_net_kick(struct sim_net_channel *nc);
struct sim_net_channel *sim_net_rx_channel(struct sim_net_nic *nic, u32 hash);
int sim_net_inject_now(struct sim_net_nic *nic, enum sim_net_inject kind);

/* net_rndis.c */
void sim_net_rndis_control(struct sim_net_nic *nic, const u8 *msg, u32 len);
void sim_net_rndis_indicate(struct sim_net_nic *nic, u32 status);
void sim_net_rndis_reset(struct sim_net_nic *nic);
struct sk_buff *sim_net_rndis_alloc(u32 type, u32 body_len);

/* net_switch.c */
struct sim_net_tx {
	u32 csum;		/* TCPIP_CHKSUM PPI, or 0 */
	u32 lso;		/* TCP_LARGESEND PPI, or 0 */
	u32 vlan;		/* IEEE_8021Q PPI, or 0 */
	bool has_vlan;
};

void sim_net_switch_xmit(struct sim_net_nic *from, const u8 *frame, u32 len,
			 const struct sim_net_tx *tx);
u32 sim_net_build_packet(struct sim_net_nic *nic, struct sk_buff *skb, u8 *dst,
			 u32 room);

/* net_debugfs.c */
void sim_net_debugfs_add(struct sim_net_nic *nic);

#endif
