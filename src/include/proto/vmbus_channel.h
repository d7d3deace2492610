/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMBus channel-management messages: what the guest posts to the host
 * (HvPostMessage payloads) and what the host delivers to the guest (SynIC
 * message payloads). Facts from protocol-vmbus.md sections 4 and 5; every
 * struct is asserted against the sizes and offsets given there, so a layout
 * mistake cannot hide by being made identically by the guest and the sim.
 */
#ifndef HVLIS_PROTO_VMBUS_CHANNEL_H
#define HVLIS_PROTO_VMBUS_CHANNEL_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/uuid.h>

/* Protocol versions: (major << 16) | minor. */
#define VMBUS_VERSION_WS2008		0x0000000d	/* 0.13 */
#define VMBUS_VERSION_WIN7		0x00010001	/* 1.1 */
#define VMBUS_VERSION_WIN8		0x00020004	/* 2.4 */
#define VMBUS_VERSION_WIN8_1		0x00030000	/* 3.0 */
#define VMBUS_VERSION_WIN10		0x00040000	/* 4.0 */
#define VMBUS_VERSION_WIN10_V4_1	0x00040001	/* 4.1 */
#define VMBUS_VERSION_WIN10_V5		0x00050000	/* 5.0 */
#define VMBUS_VERSION_WIN10_V5_1	0x00050001	/* 5.1 */
#define VMBUS_VERSION_WIN10_V5_2	0x00050002	/* 5.2 */
#define VMBUS_VERSION_WIN10_V5_3	0x00050003	/* 5.3 */

#define VMBUS_VERSION_MAJOR(v)		((v) >> 16)
#define VMBUS_VERSION_MINOR(v)		((v) & 0xffff)

/* Connection ids (HvPostMessage / HvSignalEvent). */
#define VMBUS_MESSAGE_CONNECTION_ID	1	/* messages, version < 5.0 */
#define VMBUS_EVENT_CONNECTION_ID	2	/* signals, WS2008 */
#define VMBUS_MESSAGE_CONNECTION_ID_4	4	/* INITIATE_CONTACT, version >= 5.0 */
#define VMBUS_MESSAGE_SINT		2
#define VMBUS_MESSAGE_TYPE		1	/* HvPostMessage MessageType */

#define VMBUS_MESSAGE_MAX_SIZE		240	/* payload incl. the 8-byte header */
#define VMBUS_MAX_RELID			2048	/* valid relids: 1 .. 2047 */
#define VMBUS_USER_DEFINED_BYTES	120

enum vmbus_channel_message_type {
	CHANNELMSG_INVALID			= 0,
	CHANNELMSG_OFFERCHANNEL			= 1,
	CHANNELMSG_RESCIND_CHANNELOFFER		= 2,
	CHANNELMSG_REQUESTOFFERS		= 3,
	CHANNELMSG_ALLOFFERS_DELIVERED		= 4,
	CHANNELMSG_OPENCHANNEL			= 5,
	CHANNELMSG_OPENCHANNEL_RESULT		= 6,
	CHANNELMSG_CLOSECHANNEL			= 7,
	CHANNELMSG_GPADL_HEADER			= 8,
	CHANNELMSG_GPADL_BODY			= 9,
	CHANNELMSG_GPADL_CREATED		= 10,
	CHANNELMSG_GPADL_TEARDOWN		= 11,
	CHANNELMSG_GPADL_TORNDOWN		= 12,
	CHANNELMSG_RELID_RELEASED		= 13,
	CHANNELMSG_INITIATE_CONTACT		= 14,
	CHANNELMSG_VERSION_RESPONSE		= 15,
	CHANNELMSG_UNLOAD			= 16,
	CHANNELMSG_UNLOAD_RESPONSE		= 17,
	CHANNELMSG_TL_CONNECT_REQUEST		= 21,
	CHANNELMSG_MODIFYCHANNEL		= 22,
	CHANNELMSG_TL_CONNECT_RESULT		= 23,
	CHANNELMSG_MODIFYCHANNEL_RESPONSE	= 24,
	CHANNELMSG_COUNT			= 25,
};

struct vmbus_channel_message_header {
	__le32 msgtype;
	__le32 padding;
} __packed;
static_assert(sizeof(struct vmbus_channel_message_header) == 8);

/* CHANNELMSG_OFFERCHANNEL (host -> guest), 196 bytes. */
struct vmbus_channel_offer_channel {
	struct vmbus_channel_message_header header;
	guid_t if_type;
	guid_t if_instance;
	__le64 reserved1;
	__le64 reserved2;
	__le16 chn_flags;
	__le16 mmio_megabytes;
	u8 user_def[VMBUS_USER_DEFINED_BYTES];
	__le16 sub_channel_index;
	__le16 reserved3;
	__le32 child_relid;
	u8 monitorid;
	u8 monitor_allocated;
	__le16 is_dedicated_interrupt;
	__le32 connection_id;
} __packed;
static_assert(sizeof(struct vmbus_channel_offer_channel) == 196);
static_assert(offsetof(struct vmbus_channel_offer_channel, if_type) == 8);
static_assert(offsetof(struct vmbus_channel_offer_channel, if_instance) == 24);
static_assert(offsetof(struct vmbus_channel_offer_channel, chn_flags) == 56);
static_assert(offsetof(struct vmbus_channel_offer_channel, user_def) == 60);
static_assert(offsetof(struct vmbus_channel_offer_channel, sub_channel_index) == 180);
static_assert(offsetof(struct vmbus_channel_offer_channel, child_relid) == 184);
static_assert(offsetof(struct vmbus_channel_offer_channel, monitorid) == 188);
static_assert(offsetof(struct vmbus_channel_offer_channel, connection_id) == 192);

/* CHANNELMSG_RESCIND_CHANNELOFFER (h->g), CLOSECHANNEL and RELID_RELEASED (g->h). */
struct vmbus_channel_relid_message {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
} __packed;
static_assert(sizeof(struct vmbus_channel_relid_message) == 12);

/* CHANNELMSG_OPENCHANNEL (guest -> host), 148 bytes. */
struct vmbus_channel_open_channel {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 openid;
	__le32 ringbuffer_gpadlhandle;
	__le32 target_vp;
	__le32 downstream_ringbuffer_pageoffset;
	u8 userdata[VMBUS_USER_DEFINED_BYTES];
} __packed;
static_assert(sizeof(struct vmbus_channel_open_channel) == 148);
static_assert(offsetof(struct vmbus_channel_open_channel, target_vp) == 20);
static_assert(offsetof(struct vmbus_channel_open_channel, userdata) == 28);

/* CHANNELMSG_OPENCHANNEL_RESULT (host -> guest), 20 bytes. */
struct vmbus_channel_open_result {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 openid;
	__le32 status;
} __packed;
static_assert(sizeof(struct vmbus_channel_open_result) == 20);

/*
 * CHANNELMSG_GPADL_HEADER (guest -> host): one range of byte_count bytes
 * at byte_offset 0, and as many of its PFNs as fit (at most 26).
 */
#define VMBUS_GPADL_HEADER_MAX_PFNS	26
#define VMBUS_GPADL_BODY_MAX_PFNS	28

struct vmbus_channel_gpadl_header {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 gpadl;
	__le16 range_buflen;
	__le16 rangecount;
	__le32 byte_count;
	__le32 byte_offset;
	__le64 pfn[];
} __packed;
static_assert(sizeof(struct vmbus_channel_gpadl_header) == 28);
static_assert(sizeof(struct vmbus_channel_gpadl_header) +
	      VMBUS_GPADL_HEADER_MAX_PFNS * 8 <= VMBUS_MESSAGE_MAX_SIZE);

/* CHANNELMSG_GPADL_BODY (guest -> host): more PFNs of the same GPADL. */
struct vmbus_channel_gpadl_body {
	struct vmbus_channel_message_header header;
	__le32 msgnumber;
	__le32 gpadl;
	__le64 pfn[];
} __packed;
static_assert(sizeof(struct vmbus_channel_gpadl_body) == 16);
static_assert(sizeof(struct vmbus_channel_gpadl_body) +
	      VMBUS_GPADL_BODY_MAX_PFNS * 8 <= VMBUS_MESSAGE_MAX_SIZE);

/* CHANNELMSG_GPADL_CREATED (host -> guest), 20 bytes. */
struct vmbus_channel_gpadl_created {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 gpadl;
	__le32 creation_status;
} __packed;
static_assert(sizeof(struct vmbus_channel_gpadl_created) == 20);

/* CHANNELMSG_GPADL_TEARDOWN (guest -> host), 16 bytes. */
struct vmbus_channel_gpadl_teardown {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 gpadl;
} __packed;
static_assert(sizeof(struct vmbus_channel_gpadl_teardown) == 16);

/* CHANNELMSG_GPADL_TORNDOWN (host -> guest), 12 bytes. */
struct vmbus_channel_gpadl_torndown {
	struct vmbus_channel_message_header header;
	__le32 gpadl;
} __packed;
static_assert(sizeof(struct vmbus_channel_gpadl_torndown) == 12);

/*
 * CHANNELMSG_INITIATE_CONTACT (guest -> host), 40 bytes. Below 5.0 the
 * guest passes its interrupt page; from 5.0 on, the SINT and VTL that
 * messages should reach instead.
 */
struct vmbus_channel_initiate_contact {
	struct vmbus_channel_message_header header;
	__le32 vmbus_version_requested;
	__le32 target_vcpu;
	union {
		__le64 interrupt_page;
		struct {
			u8 msg_sint;
			u8 msg_vtl;
			u8 reserved[6];
		} __packed;
	};
	__le64 monitor_page1;
	__le64 monitor_page2;
} __packed;
static_assert(sizeof(struct vmbus_channel_initiate_contact) == 40);
static_assert(offsetof(struct vmbus_channel_initiate_contact, interrupt_page) == 16);
static_assert(offsetof(struct vmbus_channel_initiate_contact, msg_sint) == 16);
static_assert(offsetof(struct vmbus_channel_initiate_contact, msg_vtl) == 17);
static_assert(offsetof(struct vmbus_channel_initiate_contact, monitor_page1) == 24);
static_assert(offsetof(struct vmbus_channel_initiate_contact, monitor_page2) == 32);

/* CHANNELMSG_VERSION_RESPONSE (host -> guest), 16 bytes. */
struct vmbus_channel_version_response {
	struct vmbus_channel_message_header header;
	u8 version_supported;
	u8 connection_state;
	__le16 padding;
	__le32 msg_conn_id;	/* for an accepted version >= 5.0 */
} __packed;
static_assert(sizeof(struct vmbus_channel_version_response) == 16);
static_assert(offsetof(struct vmbus_channel_version_response, msg_conn_id) == 12);

/*
 * CHANNELMSG_MODIFYCHANNEL (guest -> host), 16 bytes, version 4.1 and
 * later: from now on, interrupt @target_vp for the channel.
 */
struct vmbus_channel_modifychannel {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 target_vp;
} __packed;
static_assert(sizeof(struct vmbus_channel_modifychannel) == 16);
static_assert(offsetof(struct vmbus_channel_modifychannel, child_relid) == 8);
static_assert(offsetof(struct vmbus_channel_modifychannel, target_vp) == 12);

/*
 * CHANNELMSG_MODIFYCHANNEL_RESPONSE (host -> guest), 16 bytes, version 5.3
 * and later only; matched to its request by relid (4.9).
 */
struct vmbus_channel_modifychannel_response {
	struct vmbus_channel_message_header header;
	__le32 child_relid;
	__le32 status;
} __packed;
static_assert(sizeof(struct vmbus_channel_modifychannel_response) == 16);
static_assert(offsetof(struct vmbus_channel_modifychannel_response, child_relid) == 8);
static_assert(offsetof(struct vmbus_channel_modifychannel_response, status) == 12);

/*
 * A monitor page (protocol-vmbus.md 4.7): monitor id m is bit m % 32 of
 * trigger group m / 32. The guest signals a monitored channel by setting
 * its pending bit in the child->parent page; the host polls that page.
 */
#define VMBUS_MONITOR_IDS		128

struct vmbus_monitor_trigger_group {
	__le32 pending;
	__le32 armed;
} __packed;

struct vmbus_monitor_parameter {
	__le32 connection_id;
	__le16 flag_number;
	__le16 reserved;
} __packed;

struct vmbus_monitor_page {
	__le32 trigger_state;
	__le32 reserved1;
	struct vmbus_monitor_trigger_group trigger_group[4];
	__le64 reserved2[3];
	__le32 next_checktime[4][32];
	__le16 latency[4][32];
	__le64 reserved3[32];
	struct vmbus_monitor_parameter parameter[4][32];
	u8 reserved4[1984];
} __packed;
static_assert(sizeof(struct vmbus_monitor_page) == 4096);
static_assert(offsetof(struct vmbus_monitor_page, trigger_group) == 0x8);
static_assert(offsetof(struct vmbus_monitor_page, next_checktime) == 0x40);
static_assert(offsetof(struct vmbus_monitor_page, latency) == 0x240);
static_assert(offsetof(struct vmbus_monitor_page, parameter) == 0x440);

/* The interrupt page: host->guest bits, then guest->host bits. */
#define VMBUS_INT_PAGE_SEND_OFFSET	2048

/*
 * REQUESTOFFERS (g->h), ALLOFFERS_DELIVERED (h->g), UNLOAD (g->h) and
 * UNLOAD_RESPONSE (h->g) are a bare header.
 */

/* Smallest valid size of each message the host may send; 0: never sent. */
static inline u32 vmbus_host_message_min_size(u32 msgtype)
{
	switch (msgtype) {
	case CHANNELMSG_OFFERCHANNEL:
		return sizeof(struct vmbus_channel_offer_channel);
	case CHANNELMSG_RESCIND_CHANNELOFFER:
		return sizeof(struct vmbus_channel_relid_message);
	case CHANNELMSG_ALLOFFERS_DELIVERED:
	case CHANNELMSG_UNLOAD_RESPONSE:
		return sizeof(struct vmbus_channel_message_header);
	case CHANNELMSG_OPENCHANNEL_RESULT:
		return sizeof(struct vmbus_channel_open_result);
	case CHANNELMSG_GPADL_CREATED:
		return sizeof(struct vmbus_channel_gpadl_created);
	case CHANNELMSG_GPADL_TORNDOWN:
		return sizeof(struct vmbus_channel_gpadl_torndown);
	case CHANNELMSG_VERSION_RESPONSE:
		return sizeof(struct vmbus_channel_version_response);
	case CHANNELMSG_MODIFYCHANNEL_RESPONSE:
		return sizeof(struct vmbus_channel_modifychannel_response);
	case CHANNELMSG_TL_CONNECT_RESULT:
		return 44;
	default:
		return 0;
	}
}

#endif
