/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VSTOR: the storage protocol on the synthetic SCSI and IDE channels
 * (protocol-devices.md section 1). Shared by hv_storvsc and the simulated
 * storage host; the asserts pin every layout to the reference, so a
 * mistake cannot hide by being made the same way on both sides.
 */
#ifndef HVLIS_PROTO_VSTOR_H
#define HVLIS_PROTO_VSTOR_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* 1.1: (major << 8) | minor */
#define VSTOR_PROTO_VERSION(major, minor)	(((major) << 8) | (minor))
#define VSTOR_PROTO_WIN6	VSTOR_PROTO_VERSION(2, 0)	/* WS2008 */
#define VSTOR_PROTO_WIN7	VSTOR_PROTO_VERSION(4, 2)
#define VSTOR_PROTO_WIN8	VSTOR_PROTO_VERSION(5, 1)
#define VSTOR_PROTO_WIN8_1	VSTOR_PROTO_VERSION(6, 0)
#define VSTOR_PROTO_WIN10	VSTOR_PROTO_VERSION(6, 2)

/* 1.2: vstor_packet.operation */
enum vstor_operation {
	VSTOR_OP_COMPLETE_IO		= 1,
	VSTOR_OP_REMOVE_DEVICE		= 2,
	VSTOR_OP_EXECUTE_SRB		= 3,
	VSTOR_OP_RESET_LUN		= 4,
	VSTOR_OP_RESET_ADAPTER		= 5,
	VSTOR_OP_RESET_BUS		= 6,
	VSTOR_OP_BEGIN_INITIALIZATION	= 7,
	VSTOR_OP_END_INITIALIZATION	= 8,
	VSTOR_OP_QUERY_PROTOCOL_VERSION	= 9,
	VSTOR_OP_QUERY_PROPERTIES	= 10,
	VSTOR_OP_ENUMERATE_BUS		= 11,
	VSTOR_OP_FCHBA_DATA		= 12,
	VSTOR_OP_CREATE_SUB_CHANNELS	= 13,
};

/* 1.3: vstor_packet.flags */
#define VSTOR_FLAG_REQUEST_COMPLETION	0x1

/* 1.7: NTSTATUS values in vstor_packet.status */
#define VSTOR_STATUS_SUCCESS			0x00000000
#define VSTOR_STATUS_BUFFER_OVERFLOW		0x80000005
#define VSTOR_STATUS_DEVICE_BUSY		0x80000011
#define VSTOR_STATUS_UNSUCCESSFUL		0xc0000001
#define VSTOR_STATUS_INVALID_PARAMETER		0xc000000d
#define VSTOR_STATUS_INVALID_DEVICE_REQUEST	0xc0000010
#define VSTOR_STATUS_REVISION_MISMATCH		0xc0000059
#define VSTOR_STATUS_DEVICE_NOT_CONNECTED	0xc000009d
#define VSTOR_STATUS_IO_TIMEOUT			0xc00000b5
#define VSTOR_STATUS_DEVICE_DOES_NOT_EXIST	0xc00000c0
#define VSTOR_STATUS_CANCELLED			0xc0000120
#define VSTOR_STATUS_INVALID_DEVICE_STATE	0xc0000184
#define VSTOR_STATUS_IO_DEVICE_ERROR		0xc0000185

/* 1.4, 1.14 */
#define VSTOR_CDB_SIZE			16
#define VSTOR_SENSE_SIZE		0x14	/* WIN8 and later */
#define VSTOR_SENSE_SIZE_WIN7		0x12	/* 4.2 and 2.0 */

/* vmscsi_request.data_in */
#define VSTOR_WRITE_TYPE		0
#define VSTOR_READ_TYPE			1
#define VSTOR_UNKNOWN_TYPE		2

/* vmscsi_request.queue_tag and queue_action for tagged devices */
#define VSTOR_SP_UNTAGGED		0xff
#define VSTOR_SRB_SIMPLE_TAG_REQUEST	0x20

/* 1.5: srb_flags (WIN8 extension only) */
#define VSTOR_SRB_FLAGS_QUEUE_ACTION_ENABLE	0x00000002
#define VSTOR_SRB_FLAGS_DISABLE_SYNCH_TRANSFER	0x00000008
#define VSTOR_SRB_FLAGS_DISABLE_AUTOSENSE	0x00000020
#define VSTOR_SRB_FLAGS_DATA_IN			0x00000040
#define VSTOR_SRB_FLAGS_DATA_OUT		0x00000080
#define VSTOR_SRB_FLAGS_NO_DATA_TRANSFER	0x00000000
#define VSTOR_SRB_FLAGS_NO_QUEUE_FREEZE		0x00000100

/* 1.10: srb_status, a 6-bit code and two flags */
#define VSTOR_SRB_STATUS_PENDING		0x00
#define VSTOR_SRB_STATUS_SUCCESS		0x01
#define VSTOR_SRB_STATUS_ABORTED		0x02
#define VSTOR_SRB_STATUS_ERROR			0x04
#define VSTOR_SRB_STATUS_BUSY			0x05
#define VSTOR_SRB_STATUS_INVALID_REQUEST	0x06
#define VSTOR_SRB_STATUS_NO_DEVICE		0x08
#define VSTOR_SRB_STATUS_TIMEOUT		0x09
#define VSTOR_SRB_STATUS_BUS_RESET		0x0e
#define VSTOR_SRB_STATUS_DATA_OVERRUN		0x12
#define VSTOR_SRB_STATUS_REQUEST_FLUSHED	0x16
#define VSTOR_SRB_STATUS_INVALID_LUN		0x20
#define VSTOR_SRB_STATUS_INTERNAL_ERROR		0x30
#define VSTOR_SRB_STATUS_CODE_MASK		0x3f
#define VSTOR_SRB_STATUS_QUEUE_FROZEN		0x40
#define VSTOR_SRB_STATUS_AUTOSENSE_VALID	0x80

/* 1.4: the SRB. The pre-WIN8 layout ends after the CDB/sense union. */
struct vstor_srb {
	__le16 length;
	u8 srb_status;
	u8 scsi_status;
	u8 port_number;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_info_length;
	u8 data_in;
	u8 reserved;
	__le32 data_transfer_length;
	union {
		u8 cdb[VSTOR_CDB_SIZE];
		u8 sense_data[VSTOR_SENSE_SIZE];
		u8 reserved_array[VSTOR_SENSE_SIZE];
	};
	/* The WIN8 extension */
	__le16 reserve;
	u8 queue_tag;
	u8 queue_action;
	__le32 srb_flags;
	__le32 time_out_value;
	__le32 queue_sort_key;
} __packed;
static_assert(sizeof(struct vstor_srb) == 0x34);
static_assert(offsetof(struct vstor_srb, srb_status) == 2);
static_assert(offsetof(struct vstor_srb, target_id) == 6);
static_assert(offsetof(struct vstor_srb, sense_info_length) == 9);
static_assert(offsetof(struct vstor_srb, data_in) == 10);
static_assert(offsetof(struct vstor_srb, data_transfer_length) == 12);
static_assert(offsetof(struct vstor_srb, cdb) == 16);
static_assert(offsetof(struct vstor_srb, reserve) == 0x24);
static_assert(offsetof(struct vstor_srb, srb_flags) == 40);
static_assert(offsetof(struct vstor_srb, time_out_value) == 44);

/* What a pre-WIN8 SRB and packet lack (the "size delta" of 1.4). */
#define VSTOR_SRB_WIN8_EXT_SIZE	16
#define VSTOR_SRB_SIZE_WIN7	(sizeof(struct vstor_srb) - VSTOR_SRB_WIN8_EXT_SIZE)
static_assert(VSTOR_SRB_SIZE_WIN7 == 0x24);

/* 1.6: the QUERY_PROPERTIES answer. */
#define VSTOR_PROP_SUPPORTS_MULTI_CHANNEL	0x1
struct vstor_channel_properties {
	__le32 reserved;
	__le16 max_channel_cnt;	/* sub-channels the host can offer */
	__le16 reserved1;
	__le32 flags;
	__le32 max_transfer_bytes;
	__le64 reserved2;
} __packed;
static_assert(sizeof(struct vstor_channel_properties) == 24);
static_assert(offsetof(struct vstor_channel_properties, max_channel_cnt) == 4);
static_assert(offsetof(struct vstor_channel_properties, flags) == 8);
static_assert(offsetof(struct vstor_channel_properties, max_transfer_bytes) == 12);

struct vstor_protocol_version {
	__le16 major_minor;
	__le16 revision;	/* 0 */
} __packed;
static_assert(sizeof(struct vstor_protocol_version) == 4);

/* 1.3: FC WWNs (FCHBA_DATA); FC itself is out of scope. */
struct vstor_fc_wwn {
	u8 primary_active;
	u8 reserved1[3];
	u8 primary_port_wwn[8];
	u8 primary_node_wwn[8];
	u8 secondary_port_wwn[8];
	u8 secondary_node_wwn[8];
} __packed;
static_assert(sizeof(struct vstor_fc_wwn) == 36);

/* 1.3: the in-band payload of every VSTOR packet. */
struct vstor_packet {
	__le32 operation;
	__le32 flags;
	__le32 status;
	union {
		struct vstor_srb srb;
		struct vstor_channel_properties properties;
		struct vstor_protocol_version version;
		struct vstor_fc_wwn wwn;
		__le16 sub_channel_count;
		u8 buffer[0x34];
	};
} __packed;
static_assert(sizeof(struct vstor_packet) == 64);
static_assert(offsetof(struct vstor_packet, status) == 8);
static_assert(offsetof(struct vstor_packet, srb) == 12);
static_assert(offsetof(struct vstor_packet, properties.max_transfer_bytes) == 24);
static_assert(offsetof(struct vstor_packet, srb.sense_data) == 28);

#define VSTOR_PACKET_HEADER_SIZE	offsetof(struct vstor_packet, srb)
#define VSTOR_PACKET_SIZE_WIN7		(sizeof(struct vstor_packet) - VSTOR_SRB_WIN8_EXT_SIZE)
static_assert(VSTOR_PACKET_SIZE_WIN7 == 48);

/*
 * 0.6: what a guest takes in one inbound packet: the descriptor and a
 * full packet (16 + 64 rounded to 8).
 */
#define VSTOR_MAX_INBOUND_PACKET	80

/*
 * 1.11: the IDE accelerator's offer user data (Linux ignores it; old
 * Windows guests read it).
 */
#define VSTOR_IDE_OFFER_FLAG_IDE_DEVICE	0x2
struct vstor_ide_offer_properties {
	__le16 reserved;
	u8 path_id;
	u8 target_id;
	__le32 reserved1;
	__le32 flags;
	__le32 reserved2[3];
} __packed;
static_assert(sizeof(struct vstor_ide_offer_properties) == 24);
static_assert(offsetof(struct vstor_ide_offer_properties, flags) == 8);

#endif
