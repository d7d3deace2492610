// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared protocol constants, checked against the reference.
 *
 * The guest (src/vmbus, src/utils) and this host both take their
 * constants from src/include/proto/, so a constant read wrongly there is
 * read wrongly by both, and every case would still pass. Here each one is
 * compared with the literal number protocol-vmbus.md gives (the section
 * is named), never with another macro: a wrong header fails the build of
 * the simulated host (protocol-devices.md for VSTOR, NVSP and RNDIS).
 * Layouts (sizes, offsets) are pinned in the headers
 * themselves.
 *
 * This file has no code; it is compiled into vmbus_sim.ko for the checks.
 */
#include <hvlis/compat-wire.h>
#include <proto/nvsp.h>
#include <proto/rndis.h>
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

/* protocol-devices.md 2.1, 2.2, 2.4, 2.7: NVSP versions, types, status, ids. */
static_assert(NVSP_PROTOCOL_VERSION_1 == 0x00000002);
static_assert(NVSP_PROTOCOL_VERSION_2 == 0x00030002);
static_assert(NVSP_PROTOCOL_VERSION_4 == 0x00040000);
static_assert(NVSP_PROTOCOL_VERSION_5 == 0x00050000);
static_assert(NVSP_PROTOCOL_VERSION_6 == 0x00060000);
static_assert(NVSP_PROTOCOL_VERSION_61 == 0x00060001);
static_assert(NVSP_INVALID_PROTOCOL_VERSION == 0xffffffff);
static_assert(NVSP_NDIS_VERSION_6_1 == 0x00060001);
static_assert(NVSP_NDIS_VERSION_6_30 == 0x0006001e);
static_assert(NVSP_MSG_TYPE_INIT == 1);
static_assert(NVSP_MSG_TYPE_INIT_COMPLETE == 2);
static_assert(NVSP_MSG1_TYPE_SEND_NDIS_VER == 100);
static_assert(NVSP_MSG1_TYPE_SEND_RECV_BUF == 101);
static_assert(NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE == 102);
static_assert(NVSP_MSG1_TYPE_REVOKE_RECV_BUF == 103);
static_assert(NVSP_MSG1_TYPE_SEND_SEND_BUF == 104);
static_assert(NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE == 105);
static_assert(NVSP_MSG1_TYPE_REVOKE_SEND_BUF == 106);
static_assert(NVSP_MSG1_TYPE_SEND_RNDIS_PKT == 107);
static_assert(NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE == 108);
static_assert(NVSP_MSG2_TYPE_SEND_NDIS_CONFIG == 125);
static_assert(NVSP_MSG4_TYPE_SEND_VF_ASSOCIATION == 128);
static_assert(NVSP_MSG4_TYPE_SWITCH_DATA_PATH == 129);
static_assert(NVSP_MSG5_TYPE_SUBCHANNEL == 133);
static_assert(NVSP_MSG5_TYPE_SEND_INDIRECTION_TABLE == 134);
static_assert(NVSP_STAT_SUCCESS == 1);
static_assert(NVSP_STAT_FAIL == 2);
static_assert(NVSP_STAT_PROTOCOL_UNSUPPORTED == 7);
static_assert(NVSP_RECV_BUF_ID == 0xcafe);
static_assert(NVSP_MIN_SECTION_SIZE == 68);
static_assert(NVSP_INVALID_SECTION_INDEX == 0xffffffff);
static_assert(NVSP_MAX_MDL_CHAIN_LEN == 34);
static_assert(NVSP_RNDIS_CHANNEL_DATA == 0 && NVSP_RNDIS_CHANNEL_CONTROL == 1);
static_assert(NVSP_NDIS_CAP_IEEE8021Q == 0x8);
static_assert(NVSP_NDIS_CAP_SRIOV == 0x4);
static_assert(NVSP_NDIS_CAP_TEAMING == 0x20);
static_assert(NVSP_NDIS_CAP_RSC == 0x80);
static_assert(NVSP_SUBCHANNEL_OP_ALLOCATE == 1);
static_assert(NVSP_SEND_INDIRECTION_ENTRIES == 16);
static_assert(NVSP_VRSS_CHANNEL_MAX == 64);
static_assert(NVSP_MAX_PACKETS_PER_RECEIVE == 375);
static_assert(NVSP_RSC_MAX == 562);
static_assert(NVSP_MESSAGE_SIZE == 40 && NVSP_MESSAGE_SIZE_V1 == 28);
static_assert(NVSP_MAX_INBOUND_PACKET == 4624);

/* protocol-devices.md 3.1, 3.3, 3.5, 3.7, 3.8: RNDIS types, status, OIDs. */
static_assert(HVLIS_RNDIS_MSG_PACKET == 0x00000001);
static_assert(HVLIS_RNDIS_MSG_INIT == 0x00000002);
static_assert(HVLIS_RNDIS_MSG_INIT_C == 0x80000002);
static_assert(HVLIS_RNDIS_MSG_HALT == 0x00000003);
static_assert(HVLIS_RNDIS_MSG_QUERY == 0x00000004);
static_assert(HVLIS_RNDIS_MSG_QUERY_C == 0x80000004);
static_assert(HVLIS_RNDIS_MSG_SET == 0x00000005);
static_assert(HVLIS_RNDIS_MSG_SET_C == 0x80000005);
static_assert(HVLIS_RNDIS_MSG_RESET_C == 0x80000006);
static_assert(HVLIS_RNDIS_MSG_INDICATE == 0x00000007);
static_assert(HVLIS_RNDIS_MSG_KEEPALIVE_C == 0x80000008);
static_assert(HVLIS_RNDIS_STATUS_SUCCESS == 0);
static_assert(HVLIS_RNDIS_STATUS_NOT_SUPPORTED == 0xc00000bb);
static_assert(HVLIS_RNDIS_STATUS_BAD_VERSION == 0xc0010004);
static_assert(HVLIS_RNDIS_STATUS_INVALID_LENGTH == 0xc0010014);
static_assert(HVLIS_RNDIS_STATUS_INVALID_DATA == 0xc0010015);
static_assert(HVLIS_RNDIS_STATUS_MEDIA_CONNECT == 0x4001000b);
static_assert(HVLIS_RNDIS_STATUS_MEDIA_DISCONNECT == 0x4001000c);
static_assert(HVLIS_RNDIS_STATUS_LINK_SPEED_CHANGE == 0x40010013);
static_assert(HVLIS_RNDIS_STATUS_NETWORK_CHANGE == 0x40010018);
static_assert(HVLIS_OID_GEN_MAXIMUM_FRAME_SIZE == 0x00010106);
static_assert(HVLIS_OID_GEN_LINK_SPEED == 0x00010107);
static_assert(HVLIS_OID_GEN_CURRENT_PACKET_FILTER == 0x0001010e);
static_assert(HVLIS_OID_GEN_MEDIA_CONNECT_STATUS == 0x00010114);
static_assert(HVLIS_OID_GEN_RECEIVE_SCALE_CAPABILITIES == 0x00010203);
static_assert(HVLIS_OID_GEN_RECEIVE_SCALE_PARAMETERS == 0x00010204);
static_assert(HVLIS_OID_GEN_RNDIS_CONFIG_PARAMETER == 0x0001021b);
static_assert(HVLIS_OID_GEN_FRIENDLY_NAME == 0x00020216);
static_assert(HVLIS_OID_802_3_PERMANENT_ADDRESS == 0x01010101);
static_assert(HVLIS_OID_802_3_CURRENT_ADDRESS == 0x01010102);
static_assert(HVLIS_OID_TCP_OFFLOAD_PARAMETERS == 0xfc01020c);
static_assert(HVLIS_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES == 0xfc01020d);
static_assert(HVLIS_NDIS_MEDIA_STATE_CONNECTED == 0);
static_assert(HVLIS_NDIS_PACKET_TYPE_DIRECTED == 0x001);
static_assert(HVLIS_NDIS_PACKET_TYPE_MULTICAST == 0x002);
static_assert(HVLIS_NDIS_PACKET_TYPE_ALL_MULTICAST == 0x004);
static_assert(HVLIS_NDIS_PACKET_TYPE_BROADCAST == 0x008);
static_assert(HVLIS_NDIS_PACKET_TYPE_PROMISCUOUS == 0x020);

/* protocol-devices.md 3.4, 3.6: PPIs and the NDIS objects. */
static_assert(RNDIS_PPI_TCPIP_CHKSUM == 0);
static_assert(RNDIS_PPI_TCP_LARGESEND == 2);
static_assert(RNDIS_PPI_IEEE_8021Q == 6);
static_assert(RNDIS_PPI_NBL_HASH_VALUE == 8);
static_assert(RNDIS_PPI_PKTINFO_ID == 0x80000001);
static_assert(RNDIS_CSUM_TX_TCP == 0x4 && RNDIS_CSUM_TX_UDP == 0x8);
static_assert(RNDIS_CSUM_TX_IP_HEADER == 0x10);
static_assert(RNDIS_CSUM_TX_TCP_OFFSET_MASK == 0x03ff0000);
static_assert(RNDIS_CSUM_RX_TCP_SUCCEEDED == 0x8 && RNDIS_CSUM_RX_UDP_SUCCEEDED == 0x10);
static_assert(RNDIS_CSUM_RX_IP_SUCCEEDED == 0x20 && RNDIS_CSUM_RX_IP_VALUE_INVALID == 0x100);
static_assert(RNDIS_LSO_MSS_MASK == 0x000fffff);
static_assert(RNDIS_LSO_TCP_OFFSET_MASK == 0x3ff00000);
static_assert(RNDIS_LSO_TYPE_V2 == 0x40000000 && RNDIS_LSO_IPV6 == 0x80000000);
static_assert(RNDIS_VLAN_ID_MASK == 0xfff0 && RNDIS_VLAN_CFI == 0x8);
static_assert(NDIS_OBJECT_TYPE_DEFAULT == 0x80);
static_assert(NDIS_OBJECT_TYPE_RSS_CAPABILITIES == 0x88);
static_assert(NDIS_OBJECT_TYPE_RSS_PARAMETERS == 0x89);
static_assert(NDIS_OBJECT_TYPE_OFFLOAD == 0xa7);
static_assert(NDIS_OFFLOAD_SIZE_REVISION_1 == 112);
static_assert(NDIS_OFFLOAD_SIZE_REVISION_2 == 144);
static_assert(NDIS_OFFLOAD_SIZE_REVISION_3 == 156);
static_assert(NDIS_OFFLOAD_ENCAP_8023 == 2);
static_assert(NDIS_TXCSUM_CAP_TCP4 == 0x10 && NDIS_TXCSUM_CAP_TCP4_OPTIONS == 0x04);
static_assert(NDIS_TXCSUM_CAP_UDP4 == 0x40);
static_assert(NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED == 1);
static_assert(NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED == 4);
static_assert(NDIS_OFFLOAD_PARAMETERS_LSO_ENABLED == 2);
static_assert(NDIS_RSS_PARAM_FLAG_DISABLE_RSS == 0x10);
static_assert(NDIS_HASH_FUNC_TOEPLITZ == 0x1);
static_assert(NDIS_RSS_HASH_SECRET_KEY_SIZE == 40);
static_assert(NDIS_RSS_INDIRECTION_TABLE_DEFAULT == 128);
