/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMBus ring buffers and the packets in them (protocol-vmbus.md section 6).
 * Shared by the guest (src/vmbus) and the simulated host (tests/sim); the
 * static_asserts pin every layout to the reference, so the two sides
 * cannot agree on a mistake.
 */
#ifndef HVLIS_PROTO_VMBUS_RING_H
#define HVLIS_PROTO_VMBUS_RING_H

#include <hvlis/compat-wire.h>
#include <linux/limits.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Pages as the host counts them: 4 KiB whatever the guest's PAGE_SIZE. */
#define VMBUS_PAGE_SHIFT	12
#define VMBUS_PAGE_SIZE		(1U << VMBUS_PAGE_SHIFT)

/* Ring control page (hv_ring_buffer header), one 4 KiB page. */
struct vmbus_ring_control {
	__le32 write_index;	/* producer: where the next packet goes */
	__le32 read_index;	/* consumer: the next unread byte */
	__le32 interrupt_mask;	/* consumer: 1 = do not signal me */
	__le32 pending_send_sz;	/* producer: signal me when this much is free */
	__le32 reserved1[12];
	__le32 feature_bits;	/* initialiser: VMBUS_RING_FEAT_* */
	u8 reserved2[4028];
} __packed;
static_assert(sizeof(struct vmbus_ring_control) == VMBUS_PAGE_SIZE);
static_assert(offsetof(struct vmbus_ring_control, read_index) == 4);
static_assert(offsetof(struct vmbus_ring_control, interrupt_mask) == 8);
static_assert(offsetof(struct vmbus_ring_control, pending_send_sz) == 12);
static_assert(offsetof(struct vmbus_ring_control, feature_bits) == 64);

#define VMBUS_RING_FEAT_PENDING_SEND_SZ	BIT(0)

/* Packet types (vmpacket_descriptor.type). */
enum vmbus_packet_type {
	VMBUS_PACKET_INVALID			= 0x0,
	VMBUS_PACKET_SYNCH			= 0x1,
	VMBUS_PACKET_ADD_XFER_PAGESET		= 0x2,
	VMBUS_PACKET_RM_XFER_PAGESET		= 0x3,
	VMBUS_PACKET_ESTABLISH_GPADL		= 0x4,
	VMBUS_PACKET_TEARDOWN_GPADL		= 0x5,
	VMBUS_PACKET_DATA_INBAND		= 0x6,
	VMBUS_PACKET_DATA_USING_XFER_PAGES	= 0x7,
	VMBUS_PACKET_DATA_USING_GPADL		= 0x8,
	VMBUS_PACKET_DATA_USING_GPA_DIRECT	= 0x9,
	VMBUS_PACKET_CANCEL_REQUEST		= 0xa,
	VMBUS_PACKET_COMP			= 0xb,
	VMBUS_PACKET_DATA_USING_ADDITIONAL_PKT	= 0xc,
	VMBUS_PACKET_ADDITIONAL_DATA		= 0xd,
};

#define VMBUS_PACKET_FLAG_COMPLETION_REQUESTED	BIT(0)

/* Every packet starts with this; lengths and offsets count 8-byte units. */
struct vmbus_packet_descriptor {
	__le16 type;
	__le16 offset8;		/* payload offset from the packet start */
	__le16 len8;		/* packet length without the trailer */
	__le16 flags;
	__le64 trans_id;	/* 0: unsolicited, never completed */
} __packed;
static_assert(sizeof(struct vmbus_packet_descriptor) == 16);
static_assert(offsetof(struct vmbus_packet_descriptor, len8) == 4);
static_assert(offsetof(struct vmbus_packet_descriptor, trans_id) == 8);

/* The longest packet len8 can describe (without the trailer). */
#define VMBUS_PACKET_MAX_LEN	(U16_MAX * 8)

/* After each packet: the write index at which it started, in the high half. */
#define VMBUS_PACKET_TRAILER_SIZE	8

/*
 * DATA_USING_GPA_DIRECT: after the descriptor, this header and then
 * range_cnt ranges, each a vmbus_gpa_range followed by its PFNs
 * (DIV_ROUND_UP(offset + len, 4096) of them).
 */
struct vmbus_gpa_direct_header {
	struct vmbus_packet_descriptor desc;
	__le32 reserved;
	__le32 range_cnt;
} __packed;
static_assert(sizeof(struct vmbus_gpa_direct_header) == 24);

struct vmbus_gpa_range {
	__le32 len;		/* bytes */
	__le32 offset;		/* into the first page */
	__le64 pfn[];		/* 4 KiB page frame numbers */
} __packed;
static_assert(sizeof(struct vmbus_gpa_range) == 8);

/* Ring sizes: a control page plus a data area of whole 4 KiB pages. */
#define VMBUS_RING_SIZE(data_bytes) \
	(VMBUS_PAGE_SIZE + ALIGN((data_bytes), VMBUS_PAGE_SIZE))

#endif
