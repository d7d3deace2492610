/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVSP: the network protocol on the synthetic NIC's channels
 * (protocol-devices.md section 2, and 0.4 for the transfer-page packet
 * that carries every host-to-guest RNDIS message). Shared by hv_netvsc
 * and the simulated network host; the asserts pin every layout to the
 * reference, so a mistake cannot hide by being made the same way on both
 * sides.
 */
#ifndef HVLIS_PROTO_NVSP_H
#define HVLIS_PROTO_NVSP_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <proto/vmbus_ring.h>

/* 2.1: protocol versions, (major << 16) | minor, except version 1 and 2 */
#define NVSP_PROTOCOL_VERSION_1		0x00000002
#define NVSP_PROTOCOL_VERSION_2		0x00030002
#define NVSP_PROTOCOL_VERSION_4		0x00040000
#define NVSP_PROTOCOL_VERSION_5		0x00050000
#define NVSP_PROTOCOL_VERSION_6		0x00060000
#define NVSP_PROTOCOL_VERSION_61	0x00060001
#define NVSP_INVALID_PROTOCOL_VERSION	0xffffffff

/* 2.1: the NDIS version a guest announces, (major << 16) | minor */
#define NVSP_NDIS_VERSION(major, minor)	(((major) << 16) | (minor))
#define NVSP_NDIS_VERSION_6_1		NVSP_NDIS_VERSION(6, 1)
#define NVSP_NDIS_VERSION_6_30		NVSP_NDIS_VERSION(6, 30)

/* 2.2: nvsp_message.hdr.msg_type */
enum nvsp_msg_type {
	NVSP_MSG_TYPE_NONE			= 0,
	NVSP_MSG_TYPE_INIT			= 1,
	NVSP_MSG_TYPE_INIT_COMPLETE		= 2,
	NVSP_MSG1_TYPE_SEND_NDIS_VER		= 100,
	NVSP_MSG1_TYPE_SEND_RECV_BUF		= 101,
	NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE	= 102,
	NVSP_MSG1_TYPE_REVOKE_RECV_BUF		= 103,
	NVSP_MSG1_TYPE_SEND_SEND_BUF		= 104,
	NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE	= 105,
	NVSP_MSG1_TYPE_REVOKE_SEND_BUF		= 106,
	NVSP_MSG1_TYPE_SEND_RNDIS_PKT		= 107,
	NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE	= 108,
	NVSP_MSG2_TYPE_SEND_NDIS_CONFIG		= 125,
	NVSP_MSG4_TYPE_SEND_VF_ASSOCIATION	= 128,
	NVSP_MSG4_TYPE_SWITCH_DATA_PATH		= 129,
	NVSP_MSG4_TYPE_UPLINK_CONNECT_STATE	= 130,
	NVSP_MSG5_TYPE_OID_QUERY_EX		= 131,
	NVSP_MSG5_TYPE_OID_QUERY_EX_COMP	= 132,
	NVSP_MSG5_TYPE_SUBCHANNEL		= 133,
	NVSP_MSG5_TYPE_SEND_INDIRECTION_TABLE	= 134,
	NVSP_MSG6_TYPE_PD_API			= 135,
	NVSP_MSG6_TYPE_PD_POST_BATCH		= 136,
};

/* 2.2: status codes */
enum nvsp_status {
	NVSP_STAT_NONE			= 0,
	NVSP_STAT_SUCCESS		= 1,
	NVSP_STAT_FAIL			= 2,
	NVSP_STAT_PROTOCOL_TOO_NEW	= 3,
	NVSP_STAT_PROTOCOL_TOO_OLD	= 4,
	NVSP_STAT_INVALID_RNDIS_PKT	= 5,
	NVSP_STAT_BUSY			= 6,
	NVSP_STAT_PROTOCOL_UNSUPPORTED	= 7,
};

/* 2.4: buffer ids, negotiated values the guest checks */
#define NVSP_RECV_BUF_ID		0xcafe
#define NVSP_SEND_BUF_ID		0
#define NVSP_MIN_SECTION_SIZE		68
#define NVSP_INVALID_SECTION_INDEX	0xffffffff
#define NVSP_MAX_MDL_CHAIN_LEN		34

/* 2.3 SEND_RNDIS_PKT channel_type */
#define NVSP_RNDIS_CHANNEL_DATA		0
#define NVSP_RNDIS_CHANNEL_CONTROL	1

/* 2.3 SEND_NDIS_CONFIG capability bits */
#define NVSP_NDIS_CAP_VMQ		BIT_ULL(0)
#define NVSP_NDIS_CAP_CHIMNEY		BIT_ULL(1)
#define NVSP_NDIS_CAP_SRIOV		BIT_ULL(2)
#define NVSP_NDIS_CAP_IEEE8021Q		BIT_ULL(3)
#define NVSP_NDIS_CAP_CORRELATION_ID	BIT_ULL(4)
#define NVSP_NDIS_CAP_TEAMING		BIT_ULL(5)
#define NVSP_NDIS_CAP_VSID		BIT_ULL(6)
#define NVSP_NDIS_CAP_RSC		BIT_ULL(7)

/* 2.3 SUBCHANNEL op, SWITCH_DATA_PATH active_datapath */
#define NVSP_SUBCHANNEL_OP_ALLOCATE	1
#define NVSP_DATAPATH_SYNTHETIC		0
#define NVSP_DATAPATH_VF		1

/* 2.7: the send indirection table and the channel limit */
#define NVSP_SEND_INDIRECTION_ENTRIES	16
#define NVSP_VRSS_CHANNEL_MAX		64

/* 2.5: ranges per transfer-page packet */
#define NVSP_MAX_PACKETS_PER_RECEIVE	375
#define NVSP_RSC_MAX			562

/* 2.3: one struct per message body, after the u32 type */
struct nvsp_msg_header {
	__le32 msg_type;
} __packed;
static_assert(sizeof(struct nvsp_msg_header) == 4);

struct nvsp_msg_init {
	__le32 min_protocol_ver;
	__le32 max_protocol_ver;
} __packed;
static_assert(sizeof(struct nvsp_msg_init) == 8);

struct nvsp_msg_init_complete {
	__le32 negotiated_protocol_ver;
	__le32 max_mdl_chain_len;
	__le32 status;
} __packed;
static_assert(sizeof(struct nvsp_msg_init_complete) == 12);

struct nvsp_msg1_send_ndis_version {
	__le32 ndis_major_ver;
	__le32 ndis_minor_ver;
} __packed;
static_assert(sizeof(struct nvsp_msg1_send_ndis_version) == 8);

struct nvsp_msg1_send_buf {	/* SEND_RECV_BUF and SEND_SEND_BUF */
	__le32 gpadl_handle;
	__le16 id;
} __packed;
static_assert(sizeof(struct nvsp_msg1_send_buf) == 6);

struct nvsp_recv_buf_section {
	__le32 offset;
	__le32 sub_alloc_size;
	__le32 num_sub_allocs;
	__le32 end_offset;
} __packed;
static_assert(sizeof(struct nvsp_recv_buf_section) == 16);

struct nvsp_msg1_send_recv_buf_complete {
	__le32 status;
	__le32 num_sections;
	struct nvsp_recv_buf_section section[1];	/* Linux: exactly one */
} __packed;
static_assert(sizeof(struct nvsp_msg1_send_recv_buf_complete) == 24);
static_assert(offsetof(struct nvsp_msg1_send_recv_buf_complete, section) == 8);

struct nvsp_msg1_revoke_buf {	/* REVOKE_RECV_BUF and REVOKE_SEND_BUF */
	__le16 id;
} __packed;
static_assert(sizeof(struct nvsp_msg1_revoke_buf) == 2);

struct nvsp_msg1_send_send_buf_complete {
	__le32 status;
	__le32 section_size;
} __packed;
static_assert(sizeof(struct nvsp_msg1_send_send_buf_complete) == 8);

struct nvsp_msg1_send_rndis_pkt {
	__le32 channel_type;
	__le32 send_buf_section_index;
	__le32 send_buf_section_size;
} __packed;
static_assert(sizeof(struct nvsp_msg1_send_rndis_pkt) == 12);

struct nvsp_msg1_send_rndis_pkt_complete {
	__le32 status;
} __packed;
static_assert(sizeof(struct nvsp_msg1_send_rndis_pkt_complete) == 4);

struct nvsp_msg2_send_ndis_config {
	__le32 mtu;
	__le32 reserved;
	__le64 capability;
} __packed;
static_assert(sizeof(struct nvsp_msg2_send_ndis_config) == 16);

struct nvsp_msg4_send_vf_association {
	__le32 allocated;
	__le32 serial;
} __packed;
static_assert(sizeof(struct nvsp_msg4_send_vf_association) == 8);

struct nvsp_msg4_switch_data_path {
	__le32 active_datapath;
} __packed;
static_assert(sizeof(struct nvsp_msg4_switch_data_path) == 4);

struct nvsp_msg5_subchannel_request {
	__le32 op;
	__le32 num_subchannels;
} __packed;
static_assert(sizeof(struct nvsp_msg5_subchannel_request) == 8);

struct nvsp_msg5_subchannel_complete {
	__le32 status;
	__le32 num_subchannels;	/* actually allocated */
} __packed;
static_assert(sizeof(struct nvsp_msg5_subchannel_complete) == 8);

/* 2.7: count u32 channel indices follow at @offset from the message start */
struct nvsp_msg5_send_indirection_table {
	__le32 count;
	__le32 offset;
} __packed;
static_assert(sizeof(struct nvsp_msg5_send_indirection_table) == 8);

/*
 * The whole message as new guests send it: 40 bytes (the NVSP 6 PD
 * members, unused here, are the largest). OpenVMM sends 28 bytes below
 * 6.1, so a receiver checks each message against what it reads, never
 * against this size.
 */
#define NVSP_MESSAGE_SIZE		40
#define NVSP_MESSAGE_SIZE_V1		28

struct nvsp_message {
	struct nvsp_msg_header hdr;
	union {
		struct nvsp_msg_init init;
		struct nvsp_msg_init_complete init_complete;
		struct nvsp_msg1_send_ndis_version ndis_ver;
		struct nvsp_msg1_send_buf send_buf;
		struct nvsp_msg1_send_recv_buf_complete recv_buf_complete;
		struct nvsp_msg1_revoke_buf revoke_buf;
		struct nvsp_msg1_send_send_buf_complete send_buf_complete;
		struct nvsp_msg1_send_rndis_pkt rndis_pkt;
		struct nvsp_msg1_send_rndis_pkt_complete rndis_pkt_complete;
		struct nvsp_msg2_send_ndis_config ndis_config;
		struct nvsp_msg4_send_vf_association vf_assoc;
		struct nvsp_msg4_switch_data_path switch_dp;
		struct nvsp_msg5_subchannel_request subchannel_req;
		struct nvsp_msg5_subchannel_complete subchannel_comp;
		struct nvsp_msg5_send_indirection_table indirection;
		u8 raw[NVSP_MESSAGE_SIZE - 4];
	};
} __packed;
static_assert(sizeof(struct nvsp_message) == NVSP_MESSAGE_SIZE);
static_assert(offsetof(struct nvsp_message, init.min_protocol_ver) == 4);
static_assert(offsetof(struct nvsp_message, init.max_protocol_ver) == 8);
static_assert(offsetof(struct nvsp_message, init_complete.negotiated_protocol_ver) == 4);
static_assert(offsetof(struct nvsp_message, init_complete.max_mdl_chain_len) == 8);
static_assert(offsetof(struct nvsp_message, init_complete.status) == 12);
static_assert(offsetof(struct nvsp_message, ndis_ver.ndis_minor_ver) == 8);
static_assert(offsetof(struct nvsp_message, send_buf.gpadl_handle) == 4);
static_assert(offsetof(struct nvsp_message, send_buf.id) == 8);
static_assert(offsetof(struct nvsp_message, recv_buf_complete.status) == 4);
static_assert(offsetof(struct nvsp_message, recv_buf_complete.num_sections) == 8);
static_assert(offsetof(struct nvsp_message, recv_buf_complete.section[0].offset) == 12);
static_assert(offsetof(struct nvsp_message, recv_buf_complete.section[0].sub_alloc_size) == 16);
static_assert(offsetof(struct nvsp_message, recv_buf_complete.section[0].num_sub_allocs) == 20);
static_assert(offsetof(struct nvsp_message, recv_buf_complete.section[0].end_offset) == 24);
static_assert(offsetof(struct nvsp_message, revoke_buf.id) == 4);
static_assert(offsetof(struct nvsp_message, send_buf_complete.section_size) == 8);
static_assert(offsetof(struct nvsp_message, rndis_pkt.channel_type) == 4);
static_assert(offsetof(struct nvsp_message, rndis_pkt.send_buf_section_index) == 8);
static_assert(offsetof(struct nvsp_message, rndis_pkt.send_buf_section_size) == 12);
static_assert(offsetof(struct nvsp_message, rndis_pkt_complete.status) == 4);
static_assert(offsetof(struct nvsp_message, ndis_config.mtu) == 4);
static_assert(offsetof(struct nvsp_message, ndis_config.capability) == 12);
static_assert(offsetof(struct nvsp_message, vf_assoc.serial) == 8);
static_assert(offsetof(struct nvsp_message, switch_dp.active_datapath) == 4);
static_assert(offsetof(struct nvsp_message, subchannel_req.num_subchannels) == 8);
static_assert(offsetof(struct nvsp_message, subchannel_comp.num_subchannels) == 8);
static_assert(offsetof(struct nvsp_message, indirection.count) == 4);
static_assert(offsetof(struct nvsp_message, indirection.offset) == 8);
static_assert(offsetof(struct nvsp_message, recv_buf_complete) +
	      sizeof(struct nvsp_msg1_send_recv_buf_complete) == NVSP_MESSAGE_SIZE_V1);

/* 2.5: what a guest sends back for a transfer-page packet (8 bytes) */
struct nvsp_rndis_pkt_completion {
	__le32 msg_type;	/* NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE */
	__le32 status;
} __packed;
static_assert(sizeof(struct nvsp_rndis_pkt_completion) == 8);

/*
 * 0.4: DATA_USING_XFER_PAGES. After the descriptor, this header and
 * range_count ranges into the receive buffer; the NVSP message starts at
 * offset8 * 8, which must be at least the end of the ranges.
 */
struct vmbus_xfer_page_range {
	__le32 byte_count;
	__le32 byte_offset;
} __packed;
static_assert(sizeof(struct vmbus_xfer_page_range) == 8);

struct vmbus_xfer_page_header {
	struct vmbus_packet_descriptor desc;
	__le16 xfer_pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	__le32 range_count;
	struct vmbus_xfer_page_range ranges[];
} __packed;
static_assert(sizeof(struct vmbus_xfer_page_header) == 24);
static_assert(offsetof(struct vmbus_xfer_page_header, xfer_pageset_id) == 16);
static_assert(offsetof(struct vmbus_xfer_page_header, sender_owns_set) == 18);
static_assert(offsetof(struct vmbus_xfer_page_header, range_count) == 20);
static_assert(offsetof(struct vmbus_xfer_page_header, ranges) == 24);

/*
 * 0.6: the largest inbound packet a guest takes: a transfer-page header
 * with the RSC maximum of ranges, an NVSP message and slack.
 */
#define NVSP_MAX_INBOUND_PACKET \
	(sizeof(struct vmbus_xfer_page_header) + \
	 NVSP_RSC_MAX * sizeof(struct vmbus_xfer_page_range) + \
	 NVSP_MESSAGE_SIZE + 64)
static_assert(NVSP_MAX_INBOUND_PACKET == 24 + 562 * 8 + 40 + 64);

#endif
