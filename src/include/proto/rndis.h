/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RNDIS as Hyper-V uses it inside NVSP SEND_RNDIS_PKT (protocol-devices.md
 * section 3): the guest is the RNDIS "host", the Hyper-V host the
 * "device". Shared by hv_netvsc and the simulated network host; the
 * asserts pin every layout to the reference. Names carry an HVLIS_/hvlis_
 * prefix where the kernel's own <linux/rndis.h> uses the plain one.
 */
#ifndef HVLIS_PROTO_RNDIS_H
#define HVLIS_PROTO_RNDIS_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* 3.1: message types */
#define HVLIS_RNDIS_MSG_COMPLETION	0x80000000
#define HVLIS_RNDIS_MSG_PACKET		0x00000001
#define HVLIS_RNDIS_MSG_INIT		0x00000002
#define HVLIS_RNDIS_MSG_INIT_C		0x80000002
#define HVLIS_RNDIS_MSG_HALT		0x00000003
#define HVLIS_RNDIS_MSG_QUERY		0x00000004
#define HVLIS_RNDIS_MSG_QUERY_C		0x80000004
#define HVLIS_RNDIS_MSG_SET		0x00000005
#define HVLIS_RNDIS_MSG_SET_C		0x80000005
#define HVLIS_RNDIS_MSG_RESET		0x00000006
#define HVLIS_RNDIS_MSG_RESET_C		0x80000006
#define HVLIS_RNDIS_MSG_INDICATE	0x00000007
#define HVLIS_RNDIS_MSG_KEEPALIVE	0x00000008
#define HVLIS_RNDIS_MSG_KEEPALIVE_C	0x80000008

/* 3.9: what the guest announces in INIT */
#define HVLIS_RNDIS_MAJOR_VERSION	1
#define HVLIS_RNDIS_MINOR_VERSION	0
#define HVLIS_RNDIS_MAX_XFER_SIZE	0x4000
#define HVLIS_RNDIS_DF_CONNECTIONLESS	0x1
#define HVLIS_RNDIS_MEDIUM_802_3	0

/* 3.3: status codes */
#define HVLIS_RNDIS_STATUS_SUCCESS		0x00000000
#define HVLIS_RNDIS_STATUS_PENDING		0x00000103
#define HVLIS_RNDIS_STATUS_BUFFER_OVERFLOW	0x80000005
#define HVLIS_RNDIS_STATUS_FAILURE		0xc0000001
#define HVLIS_RNDIS_STATUS_RESOURCES		0xc000009a
#define HVLIS_RNDIS_STATUS_NOT_SUPPORTED	0xc00000bb
#define HVLIS_RNDIS_STATUS_BAD_VERSION		0xc0010004
#define HVLIS_RNDIS_STATUS_INVALID_LENGTH	0xc0010014
#define HVLIS_RNDIS_STATUS_INVALID_DATA		0xc0010015
#define HVLIS_RNDIS_STATUS_BUFFER_TOO_SHORT	0xc0010016
#define HVLIS_RNDIS_STATUS_INVALID_OID		0xc0010017
/* 3.8: indications the guest acts on */
#define HVLIS_RNDIS_STATUS_MEDIA_CONNECT	0x4001000b
#define HVLIS_RNDIS_STATUS_MEDIA_DISCONNECT	0x4001000c
#define HVLIS_RNDIS_STATUS_LINK_SPEED_CHANGE	0x40010013
#define HVLIS_RNDIS_STATUS_NETWORK_CHANGE	0x40010018

/* 3.5: OIDs */
#define HVLIS_OID_GEN_SUPPORTED_LIST		0x00010101
#define HVLIS_OID_GEN_HARDWARE_STATUS		0x00010102
#define HVLIS_OID_GEN_MEDIA_SUPPORTED		0x00010103
#define HVLIS_OID_GEN_MEDIA_IN_USE		0x00010104
#define HVLIS_OID_GEN_MAXIMUM_LOOKAHEAD		0x00010105
#define HVLIS_OID_GEN_MAXIMUM_FRAME_SIZE	0x00010106
#define HVLIS_OID_GEN_LINK_SPEED		0x00010107
#define HVLIS_OID_GEN_VENDOR_ID			0x0001010c
#define HVLIS_OID_GEN_CURRENT_PACKET_FILTER	0x0001010e
#define HVLIS_OID_GEN_MAXIMUM_TOTAL_SIZE	0x00010111
#define HVLIS_OID_GEN_MAC_OPTIONS		0x00010113
#define HVLIS_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114
#define HVLIS_OID_GEN_NETWORK_LAYER_ADDRESSES	0x00010118
#define HVLIS_OID_GEN_RECEIVE_SCALE_CAPABILITIES 0x00010203
#define HVLIS_OID_GEN_RECEIVE_SCALE_PARAMETERS	0x00010204
#define HVLIS_OID_GEN_MAX_LINK_SPEED		0x00010206
#define HVLIS_OID_GEN_LINK_STATE		0x00010207
#define HVLIS_OID_GEN_RNDIS_CONFIG_PARAMETER	0x0001021b
#define HVLIS_OID_GEN_FRIENDLY_NAME		0x00020216
#define HVLIS_OID_802_3_PERMANENT_ADDRESS	0x01010101
#define HVLIS_OID_802_3_CURRENT_ADDRESS		0x01010102
#define HVLIS_OID_802_3_MULTICAST_LIST		0x01010103
#define HVLIS_OID_802_3_MAXIMUM_LIST_SIZE	0x01010104
#define HVLIS_OID_OFFLOAD_ENCAPSULATION		0x0101010a
#define HVLIS_OID_TCP_OFFLOAD_CURRENT_CONFIG	0xfc01020b
#define HVLIS_OID_TCP_OFFLOAD_PARAMETERS	0xfc01020c
#define HVLIS_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES 0xfc01020d

/* 3.5: OID_GEN_MEDIA_CONNECT_STATUS values */
#define HVLIS_NDIS_MEDIA_STATE_CONNECTED	0
#define HVLIS_NDIS_MEDIA_STATE_DISCONNECTED	1

/* 3.7: packet filter bits */
#define HVLIS_NDIS_PACKET_TYPE_DIRECTED		0x00000001
#define HVLIS_NDIS_PACKET_TYPE_MULTICAST	0x00000002
#define HVLIS_NDIS_PACKET_TYPE_ALL_MULTICAST	0x00000004
#define HVLIS_NDIS_PACKET_TYPE_BROADCAST	0x00000008
#define HVLIS_NDIS_PACKET_TYPE_SOURCE_ROUTING	0x00000010
#define HVLIS_NDIS_PACKET_TYPE_PROMISCUOUS	0x00000020
#define HVLIS_NDIS_PACKET_TYPE_SMT		0x00000040
#define HVLIS_NDIS_PACKET_TYPE_ALL_LOCAL	0x00000080
#define HVLIS_NDIS_PACKET_TYPE_GROUP		0x00000100
#define HVLIS_NDIS_PACKET_TYPE_ALL_FUNCTIONAL	0x00000200
#define HVLIS_NDIS_PACKET_TYPE_FUNCTIONAL	0x00000400
#define HVLIS_NDIS_PACKET_TYPE_MAC_FRAME	0x00000800

/* 3.2: the header of every message */
struct rndis_msg_hdr {
	__le32 msg_type;
	__le32 msg_len;		/* whole message, header and padding included */
} __packed;
static_assert(sizeof(struct rndis_msg_hdr) == 8);

/* The bodies below start at offset 8 of the message. */
struct rndis_init_request {
	__le32 req_id;
	__le32 major_ver;
	__le32 minor_ver;
	__le32 max_xfer_size;
} __packed;
static_assert(sizeof(struct rndis_init_request) == 16);

struct rndis_init_complete {
	__le32 req_id;
	__le32 status;
	__le32 major_ver;
	__le32 minor_ver;
	__le32 dev_flags;
	__le32 medium;
	__le32 max_pkt_per_msg;
	__le32 max_xfer_size;
	__le32 pkt_alignment_factor;	/* log2 */
	__le32 af_list_offset;
	__le32 af_list_size;
} __packed;
static_assert(sizeof(struct rndis_init_complete) == 44);

struct rndis_halt_request {
	__le32 req_id;
} __packed;
static_assert(sizeof(struct rndis_halt_request) == 4);

/* QUERY and SET (one layout); the info buffer offset counts from req_id (offset 8). */
struct rndis_query_request {
	__le32 req_id;
	__le32 oid;
	__le32 info_buflen;
	__le32 info_buf_offset;
	__le32 dev_vc_handle;
} __packed;
static_assert(sizeof(struct rndis_query_request) == 20);

struct rndis_query_complete {
	__le32 req_id;
	__le32 status;
	__le32 info_buflen;
	__le32 info_buf_offset;	/* from req_id; at least 16 */
} __packed;
static_assert(sizeof(struct rndis_query_complete) == 16);

struct rndis_set_complete {
	__le32 req_id;
	__le32 status;
} __packed;
static_assert(sizeof(struct rndis_set_complete) == 8);

struct rndis_reset_request {
	__le32 reserved;
} __packed;
static_assert(sizeof(struct rndis_reset_request) == 4);

struct rndis_reset_complete {
	__le32 status;
	__le32 addressing_reset;
} __packed;
static_assert(sizeof(struct rndis_reset_complete) == 8);

/* The status buffer offset counts from offset 8, like the others. */
struct rndis_indicate_status {
	__le32 status;
	__le32 status_buflen;
	__le32 status_buf_offset;
} __packed;
static_assert(sizeof(struct rndis_indicate_status) == 12);

struct rndis_keepalive_request {
	__le32 req_id;
} __packed;
static_assert(sizeof(struct rndis_keepalive_request) == 4);

struct rndis_keepalive_complete {
	__le32 req_id;
	__le32 status;
} __packed;
static_assert(sizeof(struct rndis_keepalive_complete) == 8);

/* PACKET: data and PPI offsets count from data_offset (offset 8). */
struct rndis_packet {
	__le32 data_offset;
	__le32 data_len;
	__le32 oob_data_offset;
	__le32 oob_data_len;
	__le32 num_oob_data_elements;
	__le32 per_pkt_info_offset;
	__le32 per_pkt_info_len;
	__le32 vc_handle;
	__le32 reserved;
} __packed;
static_assert(sizeof(struct rndis_packet) == 36);

struct rndis_message {
	struct rndis_msg_hdr hdr;
	union {
		struct rndis_init_request init_req;
		struct rndis_init_complete init_complete;
		struct rndis_halt_request halt_req;
		struct rndis_query_request query_req;
		struct rndis_query_request set_req;
		struct rndis_query_complete query_complete;
		struct rndis_set_complete set_complete;
		struct rndis_reset_request reset_req;
		struct rndis_reset_complete reset_complete;
		struct rndis_indicate_status indicate;
		struct rndis_keepalive_request keepalive_req;
		struct rndis_keepalive_complete keepalive_complete;
		struct rndis_packet pkt;
	};
} __packed;
static_assert(sizeof(struct rndis_message) == 52);
static_assert(offsetof(struct rndis_message, hdr.msg_len) == 4);
static_assert(offsetof(struct rndis_message, init_req.req_id) == 8);
static_assert(offsetof(struct rndis_message, init_req.major_ver) == 12);
static_assert(offsetof(struct rndis_message, init_req.minor_ver) == 16);
static_assert(offsetof(struct rndis_message, init_req.max_xfer_size) == 20);
static_assert(offsetof(struct rndis_message, init_complete.status) == 12);
static_assert(offsetof(struct rndis_message, init_complete.major_ver) == 16);
static_assert(offsetof(struct rndis_message, init_complete.dev_flags) == 24);
static_assert(offsetof(struct rndis_message, init_complete.medium) == 28);
static_assert(offsetof(struct rndis_message, init_complete.max_pkt_per_msg) == 32);
static_assert(offsetof(struct rndis_message, init_complete.max_xfer_size) == 36);
static_assert(offsetof(struct rndis_message, init_complete.pkt_alignment_factor) == 40);
static_assert(offsetof(struct rndis_message, init_complete.af_list_offset) == 44);
static_assert(offsetof(struct rndis_message, init_complete.af_list_size) == 48);
static_assert(offsetof(struct rndis_message, query_req.oid) == 12);
static_assert(offsetof(struct rndis_message, query_req.info_buflen) == 16);
static_assert(offsetof(struct rndis_message, query_req.info_buf_offset) == 20);
static_assert(offsetof(struct rndis_message, query_req.dev_vc_handle) == 24);
static_assert(offsetof(struct rndis_message, query_complete.status) == 12);
static_assert(offsetof(struct rndis_message, query_complete.info_buflen) == 16);
static_assert(offsetof(struct rndis_message, query_complete.info_buf_offset) == 20);
static_assert(offsetof(struct rndis_message, set_complete.status) == 12);
static_assert(offsetof(struct rndis_message, reset_complete.addressing_reset) == 12);
static_assert(offsetof(struct rndis_message, indicate.status) == 8);
static_assert(offsetof(struct rndis_message, indicate.status_buflen) == 12);
static_assert(offsetof(struct rndis_message, indicate.status_buf_offset) == 16);
static_assert(offsetof(struct rndis_message, keepalive_complete.status) == 12);
static_assert(offsetof(struct rndis_message, pkt.data_offset) == 8);
static_assert(offsetof(struct rndis_message, pkt.data_len) == 12);
static_assert(offsetof(struct rndis_message, pkt.oob_data_offset) == 16);
static_assert(offsetof(struct rndis_message, pkt.num_oob_data_elements) == 24);
static_assert(offsetof(struct rndis_message, pkt.per_pkt_info_offset) == 28);
static_assert(offsetof(struct rndis_message, pkt.per_pkt_info_len) == 32);
static_assert(offsetof(struct rndis_message, pkt.vc_handle) == 36);
static_assert(offsetof(struct rndis_message, pkt.reserved) == 40);

/* Where bodies' offsets count from (3.2) */
#define RNDIS_BODY_OFFSET	offsetof(struct rndis_message, init_req)
static_assert(RNDIS_BODY_OFFSET == 8);
/* Sizes of whole messages (3.2) */
#define RNDIS_INIT_MSG_SIZE	(8 + sizeof(struct rndis_init_request))
#define RNDIS_INIT_C_MSG_SIZE	(8 + sizeof(struct rndis_init_complete))
#define RNDIS_HALT_MSG_SIZE	(8 + sizeof(struct rndis_halt_request))
#define RNDIS_QUERY_MSG_SIZE	(8 + sizeof(struct rndis_query_request))
#define RNDIS_QUERY_C_MSG_SIZE	(8 + sizeof(struct rndis_query_complete))
#define RNDIS_SET_C_MSG_SIZE	(8 + sizeof(struct rndis_set_complete))
#define RNDIS_INDICATE_MSG_SIZE	(8 + sizeof(struct rndis_indicate_status))
#define RNDIS_PACKET_MSG_SIZE	(8 + sizeof(struct rndis_packet))
static_assert(RNDIS_INIT_MSG_SIZE == 24);
static_assert(RNDIS_INIT_C_MSG_SIZE == 52);
static_assert(RNDIS_HALT_MSG_SIZE == 12);
static_assert(RNDIS_QUERY_MSG_SIZE == 28);
static_assert(RNDIS_QUERY_C_MSG_SIZE == 24);
static_assert(RNDIS_SET_C_MSG_SIZE == 16);
static_assert(RNDIS_INDICATE_MSG_SIZE == 20);
static_assert(RNDIS_PACKET_MSG_SIZE == 44);
/* Linux puts the query/set info buffer right after the request: 20 from req_id */
#define RNDIS_QUERY_INFO_OFFSET	sizeof(struct rndis_query_request)
static_assert(RNDIS_QUERY_INFO_OFFSET == 20);
/* 3.2: the largest response a guest accepts */
#define RNDIS_MAX_RESPONSE_SIZE	(52 + 4096)

/* 3.4: per-packet info, one element; the data starts at ppi_offset. */
struct rndis_ppi {
	__le32 size;		/* whole element */
	__le32 type;		/* bits 0-30 type, bit 31 internal */
	__le32 ppi_offset;	/* 12 */
} __packed;
static_assert(sizeof(struct rndis_ppi) == 12);
static_assert(offsetof(struct rndis_ppi, ppi_offset) == 8);

#define RNDIS_PPI_INTERNAL		0x80000000
enum rndis_ppi_type {
	RNDIS_PPI_TCPIP_CHKSUM		= 0,
	RNDIS_PPI_IPSEC			= 1,
	RNDIS_PPI_TCP_LARGESEND		= 2,
	RNDIS_PPI_CLASSIFICATION_HANDLE	= 3,
	RNDIS_PPI_SG_LIST		= 5,
	RNDIS_PPI_IEEE_8021Q		= 6,
	RNDIS_PPI_ORIGINAL		= 7,
	RNDIS_PPI_NBL_HASH_VALUE	= 8,
	RNDIS_PPI_ORIGINAL_NET_BUFLIST	= 9,
	RNDIS_PPI_CACHED_NET_BUFLIST	= 10,
	RNDIS_PPI_SHORT_PKT_PADINFO	= 11,
};

/* RSC fragments (NVSP 6.1): type 1 with the internal bit */
#define RNDIS_PPI_PKTINFO_ID		(RNDIS_PPI_INTERNAL | 1)

/* A PPI element with its u32 value, as guests send them (16 bytes). */
struct rndis_ppi_u32 {
	struct rndis_ppi hdr;
	__le32 value;
} __packed;
static_assert(sizeof(struct rndis_ppi_u32) == 16);
static_assert(offsetof(struct rndis_ppi_u32, value) == 12);

/* 3.4 TCPIP_CHKSUM, TX request bits */
#define RNDIS_CSUM_TX_IS_IPV4		BIT(0)
#define RNDIS_CSUM_TX_IS_IPV6		BIT(1)
#define RNDIS_CSUM_TX_TCP		BIT(2)
#define RNDIS_CSUM_TX_UDP		BIT(3)
#define RNDIS_CSUM_TX_IP_HEADER		BIT(4)
#define RNDIS_CSUM_TX_TCP_OFFSET_SHIFT	16	/* 10 bits */
#define RNDIS_CSUM_TX_TCP_OFFSET_MASK	(0x3ff << RNDIS_CSUM_TX_TCP_OFFSET_SHIFT)
/* RX result bits */
#define RNDIS_CSUM_RX_TCP_FAILED	BIT(0)
#define RNDIS_CSUM_RX_UDP_FAILED	BIT(1)
#define RNDIS_CSUM_RX_IP_FAILED		BIT(2)
#define RNDIS_CSUM_RX_TCP_SUCCEEDED	BIT(3)
#define RNDIS_CSUM_RX_UDP_SUCCEEDED	BIT(4)
#define RNDIS_CSUM_RX_IP_SUCCEEDED	BIT(5)
#define RNDIS_CSUM_RX_LOOPBACK		BIT(6)
#define RNDIS_CSUM_RX_TCP_VALUE_INVALID	BIT(7)
#define RNDIS_CSUM_RX_IP_VALUE_INVALID	BIT(8)

/* 3.4 TCP_LARGESEND, LSOv2 request */
#define RNDIS_LSO_MSS_MASK		0x000fffff
#define RNDIS_LSO_TCP_OFFSET_SHIFT	20	/* 10 bits */
#define RNDIS_LSO_TCP_OFFSET_MASK	(0x3ff << RNDIS_LSO_TCP_OFFSET_SHIFT)
#define RNDIS_LSO_TYPE_V2		BIT(30)
#define RNDIS_LSO_IPV6			BIT(31)

/* 3.4 IEEE_8021Q */
#define RNDIS_VLAN_PRI_MASK		0x0007
#define RNDIS_VLAN_CFI			BIT(3)
#define RNDIS_VLAN_ID_SHIFT		4
#define RNDIS_VLAN_ID_MASK		(0xfff << RNDIS_VLAN_ID_SHIFT)

/* 3.4 PKTINFO_ID */
struct rndis_pktinfo_id {
	u8 version;	/* 1 */
	u8 flags;
	__le16 pkt_id;
} __packed;
static_assert(sizeof(struct rndis_pktinfo_id) == 4);
#define RNDIS_PKTINFO_SUBALLOC		BIT(0)
#define RNDIS_PKTINFO_1ST_FRAG		BIT(1)
#define RNDIS_PKTINFO_LAST_FRAG		BIT(2)

/* 2.9: headroom for a PACKET header and four PPIs */
#define RNDIS_TX_HEADROOM \
	(sizeof(struct rndis_message) + 4 * sizeof(struct rndis_ppi_u32))
static_assert(RNDIS_TX_HEADROOM == 116);

/* 3.6: the NDIS object header */
struct ndis_object_header {
	u8 type;
	u8 revision;
	__le16 size;
} __packed;
static_assert(sizeof(struct ndis_object_header) == 4);

#define NDIS_OBJECT_TYPE_DEFAULT		0x80
#define NDIS_OBJECT_TYPE_RSS_CAPABILITIES	0x88
#define NDIS_OBJECT_TYPE_RSS_PARAMETERS		0x89
#define NDIS_OBJECT_TYPE_OID_REQUEST		0x96
#define NDIS_OBJECT_TYPE_OFFLOAD		0xa7
#define NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION	0xa8

/* 3.6: NDIS_OFFLOAD, the hardware capabilities */
#define NDIS_OFFLOAD_REVISION_1		1
#define NDIS_OFFLOAD_REVISION_2		2
#define NDIS_OFFLOAD_REVISION_3		3
#define NDIS_OFFLOAD_SIZE_REVISION_1	112
#define NDIS_OFFLOAD_SIZE_REVISION_2	144
#define NDIS_OFFLOAD_SIZE_REVISION_3	156

#define NDIS_OFFLOAD_ENCAP_8023		2
/* checksum flags: 2-bit fields, value 1 = supported */
#define NDIS_TXCSUM_CAP_IP4_OPTIONS	0x001
#define NDIS_TXCSUM_CAP_TCP4_OPTIONS	0x004
#define NDIS_TXCSUM_CAP_TCP4		0x010
#define NDIS_TXCSUM_CAP_UDP4		0x040
#define NDIS_TXCSUM_CAP_IP4		0x100
#define NDIS_TXCSUM_CAP_IP6_EXT_HDR	0x001
#define NDIS_TXCSUM_CAP_TCP6_OPTIONS	0x004
#define NDIS_TXCSUM_CAP_TCP6		0x010
#define NDIS_TXCSUM_CAP_UDP6		0x040
#define NDIS_LSOV2_CAP_IP6_EXT_HDR	0x001
#define NDIS_LSOV2_CAP_TCP6_OPTIONS	0x004

struct ndis_csum_offload {
	__le32 ip4_txenc;
	__le32 ip4_txcsum;
	__le32 ip4_rxenc;
	__le32 ip4_rxcsum;
	__le32 ip6_txenc;
	__le32 ip6_txcsum;
	__le32 ip6_rxenc;
	__le32 ip6_rxcsum;
} __packed;
static_assert(sizeof(struct ndis_csum_offload) == 32);

struct ndis_lsov2_offload {
	__le32 ip4_encap;
	__le32 ip4_maxsz;
	__le32 ip4_minsg;
	__le32 ip6_encap;
	__le32 ip6_maxsz;
	__le32 ip6_minsg;
	__le32 ip6_opts;
} __packed;
static_assert(sizeof(struct ndis_lsov2_offload) == 28);

struct ndis_offload {
	struct ndis_object_header header;
	struct ndis_csum_offload csum;
	__le32 lsov1[4];
	__le32 ipsecv1[7];
	struct ndis_lsov2_offload lsov2;
	__le32 flags;
	/* revision 2 */
	u8 ipsecv2[32];
	/* revision 3 */
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 rsc_pad[2];
	__le32 gre_flags;
	__le32 gre_max_header;
} __packed;
static_assert(sizeof(struct ndis_offload) == NDIS_OFFLOAD_SIZE_REVISION_3);
static_assert(offsetof(struct ndis_offload, csum) == 4);
static_assert(offsetof(struct ndis_offload, csum.ip4_txcsum) == 8);
static_assert(offsetof(struct ndis_offload, csum.ip4_rxcsum) == 16);
static_assert(offsetof(struct ndis_offload, csum.ip6_txenc) == 20);
static_assert(offsetof(struct ndis_offload, csum.ip6_txcsum) == 24);
static_assert(offsetof(struct ndis_offload, csum.ip6_rxcsum) == 32);
static_assert(offsetof(struct ndis_offload, lsov1) == 36);
static_assert(offsetof(struct ndis_offload, ipsecv1) == 52);
static_assert(offsetof(struct ndis_offload, lsov2) == 80);
static_assert(offsetof(struct ndis_offload, lsov2.ip4_maxsz) == 84);
static_assert(offsetof(struct ndis_offload, lsov2.ip4_minsg) == 88);
static_assert(offsetof(struct ndis_offload, lsov2.ip6_encap) == 92);
static_assert(offsetof(struct ndis_offload, lsov2.ip6_maxsz) == 96);
static_assert(offsetof(struct ndis_offload, lsov2.ip6_minsg) == 100);
static_assert(offsetof(struct ndis_offload, lsov2.ip6_opts) == 104);
static_assert(offsetof(struct ndis_offload, flags) == 108);
static_assert(offsetof(struct ndis_offload, ipsecv2) == NDIS_OFFLOAD_SIZE_REVISION_1);
static_assert(offsetof(struct ndis_offload, rsc_ip4) == NDIS_OFFLOAD_SIZE_REVISION_2);
static_assert(offsetof(struct ndis_offload, rsc_ip6) == 145);
static_assert(offsetof(struct ndis_offload, gre_flags) == 148);

/* 3.6: NDIS_OFFLOAD_PARAMETERS (SET OID_TCP_OFFLOAD_PARAMETERS) */
#define NDIS_OFFLOAD_PARAMETERS_REVISION_3	3
#define NDIS_OFFLOAD_PARAMETERS_SIZE_NVSP4	22
/* checksum fields */
#define NDIS_OFFLOAD_PARAMETERS_NO_CHANGE		0
#define NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED		1
#define NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED	2
#define NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED	3
#define NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED		4
/* LSO and RSC fields */
#define NDIS_OFFLOAD_PARAMETERS_LSO_DISABLED		1
#define NDIS_OFFLOAD_PARAMETERS_LSO_ENABLED		2
#define NDIS_OFFLOAD_PARAMETERS_RSC_DISABLED		1
#define NDIS_OFFLOAD_PARAMETERS_RSC_ENABLED		2

struct ndis_offload_params {
	struct ndis_object_header header;
	u8 ip_v4_csum;
	u8 tcp_ip_v4_csum;
	u8 udp_ip_v4_csum;
	u8 tcp_ip_v6_csum;
	u8 udp_ip_v6_csum;
	u8 lso_v1;
	u8 ip_sec_v1;
	u8 lso_v2_ipv4;
	u8 lso_v2_ipv6;
	u8 tcp_connection_ip_v4;
	u8 tcp_connection_ip_v6;
	u8 reserved;
	__le32 flags;
	u8 ipsec_v2;
	u8 ipsec_v2_ip_v4;
	u8 rsc_ip_v4;
	u8 rsc_ip_v6;
	u8 encapsulated_packet_task_offload;
	u8 encapsulation_types;
	u8 pad[2];
} __packed;
static_assert(sizeof(struct ndis_offload_params) == 28);
static_assert(offsetof(struct ndis_offload_params, ip_v4_csum) == 4);
static_assert(offsetof(struct ndis_offload_params, tcp_ip_v4_csum) == 5);
static_assert(offsetof(struct ndis_offload_params, udp_ip_v4_csum) == 6);
static_assert(offsetof(struct ndis_offload_params, tcp_ip_v6_csum) == 7);
static_assert(offsetof(struct ndis_offload_params, udp_ip_v6_csum) == 8);
static_assert(offsetof(struct ndis_offload_params, lso_v1) == 9);
static_assert(offsetof(struct ndis_offload_params, ip_sec_v1) == 10);
static_assert(offsetof(struct ndis_offload_params, lso_v2_ipv4) == 11);
static_assert(offsetof(struct ndis_offload_params, lso_v2_ipv6) == 12);
static_assert(offsetof(struct ndis_offload_params, tcp_connection_ip_v4) == 13);
static_assert(offsetof(struct ndis_offload_params, flags) == 16);
static_assert(offsetof(struct ndis_offload_params, ipsec_v2) == 20);
static_assert(offsetof(struct ndis_offload_params, rsc_ip_v4) == 22);
static_assert(offsetof(struct ndis_offload_params, rsc_ip_v6) == 23);
static_assert(offsetof(struct ndis_offload_params, encapsulated_packet_task_offload) == 24);
static_assert(offsetof(struct ndis_offload_params, encapsulation_types) == 25);

/* 3.6: RSS capabilities (QUERY OID_GEN_RECEIVE_SCALE_CAPABILITIES) */
#define NDIS_RSS_CAPS_REVISION_2	2
#define NDIS_RSS_CAPS_SIZE_REVISION_2	18
#define NDIS_RSS_CAPS_MESSAGE_SIGNALED_INTERRUPTS	0x01000000
#define NDIS_RSS_CAPS_CLASSIFICATION_AT_ISR		0x02000000
#define NDIS_RSS_CAPS_CLASSIFICATION_AT_DPC		0x04000000
#define NDIS_RSS_CAPS_USING_MSI_X			0x08000000
#define NDIS_RSS_CAPS_RSS_AVAILABLE_ON_PORTS		0x10000000
#define NDIS_RSS_CAPS_SUPPORTS_MSI_X			0x20000000
#define NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV4		0x00000100
#define NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV6		0x00000200
#define NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV6_EX		0x00000400
#define NDIS_RSS_CAPS_HASH_TYPE_UDP_IPV4		0x00000800
#define NDIS_RSS_CAPS_HASH_TYPE_UDP_IPV6		0x00001000
#define NDIS_RSS_CAPS_HASH_TYPE_UDP_IPV6_EX		0x00002000

struct ndis_recv_scale_cap {
	struct ndis_object_header hdr;
	__le32 capabilities;
	__le32 num_int_msg;
	__le32 num_recv_que;
	__le16 num_indirect_tabent;
} __packed;
static_assert(sizeof(struct ndis_recv_scale_cap) == NDIS_RSS_CAPS_SIZE_REVISION_2);
static_assert(offsetof(struct ndis_recv_scale_cap, capabilities) == 4);
static_assert(offsetof(struct ndis_recv_scale_cap, num_int_msg) == 8);
static_assert(offsetof(struct ndis_recv_scale_cap, num_recv_que) == 12);
static_assert(offsetof(struct ndis_recv_scale_cap, num_indirect_tabent) == 16);

/* 3.6: RSS parameters (SET OID_GEN_RECEIVE_SCALE_PARAMETERS) */
#define NDIS_RSS_PARAMS_REVISION_2		2
#define NDIS_RSS_PARAMS_SIZE_REVISION_2		40
#define NDIS_RSS_PARAM_FLAG_BASE_CPU_UNCHANGED	0x0001
#define NDIS_RSS_PARAM_FLAG_HASH_INFO_UNCHANGED	0x0002
#define NDIS_RSS_PARAM_FLAG_ITABLE_UNCHANGED	0x0004
#define NDIS_RSS_PARAM_FLAG_HASH_KEY_UNCHANGED	0x0008
#define NDIS_RSS_PARAM_FLAG_DISABLE_RSS		0x0010
#define NDIS_HASH_FUNC_TOEPLITZ			0x00000001
#define NDIS_HASH_IPV4				0x00000100
#define NDIS_HASH_TCP_IPV4			0x00000200
#define NDIS_HASH_IPV6				0x00000400
#define NDIS_HASH_IPV6_EX			0x00000800
#define NDIS_HASH_TCP_IPV6			0x00001000
#define NDIS_HASH_TCP_IPV6_EX			0x00002000
#define NDIS_HASH_UDP_IPV4			0x00004000
#define NDIS_HASH_UDP_IPV6			0x00008000
#define NDIS_HASH_UDP_IPV6_EX			0x00010000
#define NDIS_RSS_HASH_SECRET_KEY_SIZE		40
#define NDIS_RSS_INDIRECTION_TABLE_DEFAULT	128
#define NDIS_RSS_INDIRECTION_TABLE_MAX		256

struct ndis_recv_scale_param {
	struct ndis_object_header hdr;
	__le16 flags;
	__le16 base_cpu_number;
	__le32 hashinfo;
	__le16 indirect_tabsize;	/* bytes */
	__le16 pad1;
	__le32 indirect_taboffset;	/* from the object start */
	__le16 hashkey_size;
	__le16 pad2;
	__le32 hashkey_offset;
	__le32 processor_masks_offset;
	__le32 num_processor_masks;
	__le32 processor_masks_entry_size;
} __packed;
static_assert(sizeof(struct ndis_recv_scale_param) == NDIS_RSS_PARAMS_SIZE_REVISION_2);
static_assert(offsetof(struct ndis_recv_scale_param, flags) == 4);
static_assert(offsetof(struct ndis_recv_scale_param, base_cpu_number) == 6);
static_assert(offsetof(struct ndis_recv_scale_param, hashinfo) == 8);
static_assert(offsetof(struct ndis_recv_scale_param, indirect_tabsize) == 12);
static_assert(offsetof(struct ndis_recv_scale_param, indirect_taboffset) == 16);
static_assert(offsetof(struct ndis_recv_scale_param, hashkey_size) == 20);
static_assert(offsetof(struct ndis_recv_scale_param, hashkey_offset) == 24);
static_assert(offsetof(struct ndis_recv_scale_param, processor_masks_offset) == 28);

/* 3.8: OID_GEN_RNDIS_CONFIG_PARAMETER, the MAC-change header */
#define RNDIS_CONFIG_PARAM_TYPE_INTEGER	0
#define RNDIS_CONFIG_PARAM_TYPE_STRING	2
struct rndis_config_parameter_info {
	__le32 parameter_name_offset;
	__le32 parameter_name_length;
	__le32 parameter_type;
	__le32 parameter_value_offset;
	__le32 parameter_value_length;
} __packed;
static_assert(sizeof(struct rndis_config_parameter_info) == 20);
static_assert(offsetof(struct rndis_config_parameter_info, parameter_value_offset) == 12);

#endif
