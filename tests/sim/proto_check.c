// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared protocol constants, checked against the reference.
 *
 * The guest (src/vmbus, src/utils) and this host both take their
 * constants from src/include/proto/, so a constant read wrongly there is
 * read wrongly by both, and every case would still pass. Here each one is
 * compared with the literal number protocol-vmbus.md gives (the section
 * is named), never with another macro: a wrong header fails the build of
 * the simulated host (protocol-devices.md for VSTOR). Layouts (sizes, offsets) are pinned in the headers
 * themselves.
 *
 * This file has no code; it is compiled into vmbus_sim.ko for the checks.
 */
#include <linux/bits.h>	/* vmbus_ring.h uses BIT() without including it */
#include <linux/build_bug.h>
#include <proto/vmbus_channel.h>
#include <proto/vmbus_ic.h>
#include <proto/vmbus_ring.h>
#include <proto/vstor.h>

/* 4.3: channel message types. */
static_assert(CHANNELMSG_INVALID == 0);
static_assert(CHANNELMSG_OFFERCHANNEL == 1);
static_assert(CHANNELMSG_RESCIND_CHANNELOFFER == 2);
static_assert(CHANNELMSG_REQUESTOFFERS == 3);
static_assert(CHANNELMSG_ALLOFFERS_DELIVERED == 4);
static_assert(CHANNELMSG_OPENCHANNEL == 5);
static_assert(CHANNELMSG_OPENCHANNEL_RESULT == 6);
static_assert(CHANNELMSG_CLOSECHANNEL == 7);
static_assert(CHANNELMSG_GPADL_HEADER == 8);
static_assert(CHANNELMSG_GPADL_BODY == 9);
static_assert(CHANNELMSG_GPADL_CREATED == 10);
static_assert(CHANNELMSG_GPADL_TEARDOWN == 11);
static_assert(CHANNELMSG_GPADL_TORNDOWN == 12);
static_assert(CHANNELMSG_RELID_RELEASED == 13);
static_assert(CHANNELMSG_INITIATE_CONTACT == 14);
static_assert(CHANNELMSG_VERSION_RESPONSE == 15);
static_assert(CHANNELMSG_UNLOAD == 16);
static_assert(CHANNELMSG_UNLOAD_RESPONSE == 17);
static_assert(CHANNELMSG_TL_CONNECT_REQUEST == 21);
static_assert(CHANNELMSG_MODIFYCHANNEL == 22);
static_assert(CHANNELMSG_TL_CONNECT_RESULT == 23);
static_assert(CHANNELMSG_MODIFYCHANNEL_RESPONSE == 24);
static_assert(CHANNELMSG_COUNT == 25);

/* 4.5: protocol versions, (major << 16) | minor. */
static_assert(VMBUS_VERSION_WS2008 == 0x0000000d);
static_assert(VMBUS_VERSION_WIN7 == 0x00010001);
static_assert(VMBUS_VERSION_WIN8 == 0x00020004);
static_assert(VMBUS_VERSION_WIN8_1 == 0x00030000);
static_assert(VMBUS_VERSION_WIN10 == 0x00040000);
static_assert(VMBUS_VERSION_WIN10_V4_1 == 0x00040001);
static_assert(VMBUS_VERSION_WIN10_V5 == 0x00050000);
static_assert(VMBUS_VERSION_WIN10_V5_1 == 0x00050001);
static_assert(VMBUS_VERSION_WIN10_V5_2 == 0x00050002);
static_assert(VMBUS_VERSION_WIN10_V5_3 == 0x00050003);
static_assert(VMBUS_VERSION_MAJOR(0x00050003) == 5);
static_assert(VMBUS_VERSION_MINOR(0x00050003) == 3);

/* 1.6, 2.2, 4.1: connection ids, the SINT, the HvPostMessage type, sizes. */
static_assert(VMBUS_MESSAGE_CONNECTION_ID == 1);
static_assert(VMBUS_EVENT_CONNECTION_ID == 2);
static_assert(VMBUS_MESSAGE_CONNECTION_ID_4 == 4);
static_assert(VMBUS_MESSAGE_SINT == 2);
static_assert(VMBUS_MESSAGE_TYPE == 1);
static_assert(VMBUS_MESSAGE_MAX_SIZE == 240);
static_assert(VMBUS_MAX_RELID == 2048);
static_assert(VMBUS_USER_DEFINED_BYTES == 120);
static_assert(VMBUS_MONITOR_IDS == 128);
static_assert(VMBUS_INT_PAGE_SEND_OFFSET == 2048);

/* 4.3, 4.4: message sizes the guest and the host must agree on. */
static_assert(sizeof(struct vmbus_channel_message_header) == 8);
static_assert(sizeof(struct vmbus_channel_offer_channel) == 196);
static_assert(sizeof(struct vmbus_channel_relid_message) == 12);
static_assert(sizeof(struct vmbus_channel_open_channel) == 148);
static_assert(sizeof(struct vmbus_channel_open_result) == 20);
static_assert(sizeof(struct vmbus_channel_gpadl_created) == 20);
static_assert(sizeof(struct vmbus_channel_gpadl_teardown) == 16);
static_assert(sizeof(struct vmbus_channel_gpadl_torndown) == 12);
static_assert(sizeof(struct vmbus_channel_initiate_contact) == 40);
static_assert(sizeof(struct vmbus_channel_version_response) == 16);
static_assert(sizeof(struct vmbus_channel_modifychannel) == 16);
static_assert(sizeof(struct vmbus_channel_modifychannel_response) == 16);

/* 5: GPADL limits: (240 - 28) / 8 PFNs in a header, (240 - 16) / 8 in a body. */
static_assert(sizeof(struct vmbus_channel_gpadl_header) == 28);
static_assert(sizeof(struct vmbus_channel_gpadl_body) == 16);
static_assert(VMBUS_GPADL_HEADER_MAX_PFNS == 26);
static_assert(VMBUS_GPADL_BODY_MAX_PFNS == 28);
static_assert(offsetof(struct vmbus_channel_gpadl_body, msgnumber) == 8);
static_assert(offsetof(struct vmbus_channel_gpadl_body, gpadl) == 12);
static_assert(offsetof(struct vmbus_channel_gpadl_header, range_buflen) == 16);
static_assert(offsetof(struct vmbus_channel_gpadl_header, rangecount) == 18);
static_assert(offsetof(struct vmbus_channel_gpadl_header, byte_count) == 20);
static_assert(offsetof(struct vmbus_channel_gpadl_header, byte_offset) == 24);

/* The offer fields that differ between versions (4.4). */
static_assert(offsetof(struct vmbus_channel_offer_channel, mmio_megabytes) == 58);
static_assert(offsetof(struct vmbus_channel_offer_channel, monitor_allocated) == 189);
static_assert(offsetof(struct vmbus_channel_offer_channel, is_dedicated_interrupt) == 190);
static_assert(offsetof(struct vmbus_channel_offer_channel, reserved3) == 182);

/* 6.1 - 6.4: pages, ring control page, packet types and flags. */
static_assert(VMBUS_PAGE_SIZE == 4096);
static_assert(VMBUS_PAGE_SHIFT == 12);
static_assert(VMBUS_RING_FEAT_PENDING_SEND_SZ == 0x1);
static_assert(VMBUS_PACKET_FLAG_COMPLETION_REQUESTED == 0x1);
static_assert(VMBUS_PACKET_TRAILER_SIZE == 8);
static_assert(VMBUS_PACKET_INVALID == 0x0);
static_assert(VMBUS_PACKET_SYNCH == 0x1);
static_assert(VMBUS_PACKET_ADD_XFER_PAGESET == 0x2);
static_assert(VMBUS_PACKET_RM_XFER_PAGESET == 0x3);
static_assert(VMBUS_PACKET_ESTABLISH_GPADL == 0x4);
static_assert(VMBUS_PACKET_TEARDOWN_GPADL == 0x5);
static_assert(VMBUS_PACKET_DATA_INBAND == 0x6);
static_assert(VMBUS_PACKET_DATA_USING_XFER_PAGES == 0x7);
static_assert(VMBUS_PACKET_DATA_USING_GPADL == 0x8);
static_assert(VMBUS_PACKET_DATA_USING_GPA_DIRECT == 0x9);
static_assert(VMBUS_PACKET_CANCEL_REQUEST == 0xa);
static_assert(VMBUS_PACKET_COMP == 0xb);
static_assert(VMBUS_PACKET_DATA_USING_ADDITIONAL_PKT == 0xc);
static_assert(VMBUS_PACKET_ADDITIONAL_DATA == 0xd);
static_assert(VMBUS_PACKET_MAX_LEN == 65535 * 8);
static_assert(offsetof(struct vmbus_packet_descriptor, offset8) == 2);
static_assert(offsetof(struct vmbus_packet_descriptor, flags) == 6);

/* 8.2, 8.3: IC message types and header flags. */
static_assert(ICMSGTYPE_NEGOTIATE == 0);
static_assert(ICMSGTYPE_HEARTBEAT == 1);
static_assert(ICMSGTYPE_KVPEXCHANGE == 2);
static_assert(ICMSGTYPE_SHUTDOWN == 3);
static_assert(ICMSGTYPE_TIMESYNC == 4);
static_assert(ICMSGTYPE_VSS == 5);
static_assert(ICMSGTYPE_FCOPY == 7);
static_assert(ICMSGHDRFLAG_TRANSACTION == 0x1);
static_assert(ICMSGHDRFLAG_REQUEST == 0x2);
static_assert(ICMSGHDRFLAG_RESPONSE == 0x4);
static_assert(HV_E_FAIL == 0x80004005);
static_assert(VMBUS_IC_MAX_VERSIONS == 100);

/* 9.1 - 9.4: shutdown and timesync flags, KVP operations, sizes, types. */
static_assert(SHUTDOWN_FLAG_FORCED == 0x1);
static_assert(SHUTDOWN_FLAG_RESTART == 0x2);
static_assert(SHUTDOWN_FLAG_HIBERNATE == 0x4);
static_assert(KVP_OP_GET == 0);
static_assert(KVP_OP_SET == 1);
static_assert(KVP_OP_DELETE == 2);
static_assert(KVP_OP_ENUMERATE == 3);
static_assert(KVP_OP_GET_IP_INFO == 4);
static_assert(KVP_OP_SET_IP_INFO == 5);
static_assert(KVP_POOL_COUNT == 5);
static_assert(KVP_KEY_BYTES == 512);
static_assert(KVP_VALUE_BYTES == 2048);
static_assert(KVP_REG_SZ == 1);
static_assert(KVP_REG_U32 == 4);
static_assert(KVP_REG_U64 == 8);
static_assert(HV_S_CONT == 0x80070103);
static_assert(ICTIMESYNCFLAG_PROBE == 0);
static_assert(ICTIMESYNCFLAG_SYNC == 1);
static_assert(ICTIMESYNCFLAG_SAMPLE == 2);

/* protocol-devices.md 1.1, 1.2, 1.10: VSTOR versions, operations, SRB status. */
static_assert(VSTOR_PROTO_WIN6 == 0x0200);
static_assert(VSTOR_PROTO_WIN7 == 0x0402);
static_assert(VSTOR_PROTO_WIN8 == 0x0501);
static_assert(VSTOR_PROTO_WIN8_1 == 0x0600);
static_assert(VSTOR_PROTO_WIN10 == 0x0602);
static_assert(VSTOR_OP_COMPLETE_IO == 1);
static_assert(VSTOR_OP_EXECUTE_SRB == 3);
static_assert(VSTOR_OP_RESET_BUS == 6);
static_assert(VSTOR_OP_BEGIN_INITIALIZATION == 7);
static_assert(VSTOR_OP_QUERY_PROPERTIES == 10);
static_assert(VSTOR_OP_ENUMERATE_BUS == 11);
static_assert(VSTOR_OP_CREATE_SUB_CHANNELS == 13);
static_assert(VSTOR_SRB_STATUS_SUCCESS == 0x01);
static_assert(VSTOR_SRB_STATUS_ERROR == 0x04);
static_assert(VSTOR_SRB_STATUS_DATA_OVERRUN == 0x12);
static_assert(VSTOR_SRB_STATUS_INVALID_LUN == 0x20);
static_assert(VSTOR_SRB_STATUS_AUTOSENSE_VALID == 0x80);
static_assert(VSTOR_STATUS_REVISION_MISMATCH == 0xc0000059);
static_assert(VSTOR_STATUS_INVALID_DEVICE_STATE == 0xc0000184);
static_assert(VSTOR_SENSE_SIZE == 0x14 && VSTOR_SENSE_SIZE_WIN7 == 0x12);
