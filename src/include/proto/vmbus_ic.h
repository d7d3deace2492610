/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Integration Component (util service) messages: the payload of the
 * in-band packets on the shutdown, heartbeat, time sync and KVP channels
 * (protocol-vmbus.md sections 8 and 9). Shared by hv_utils and the
 * simulated host; the asserts pin every layout to the reference.
 */
#ifndef HVLIS_PROTO_VMBUS_IC_H
#define HVLIS_PROTO_VMBUS_IC_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* 8.1: in front of every IC message; echoed back, never interpreted. */
struct vmbus_ic_pipe_hdr {
	__le32 flags;
	__le32 msgsize;
} __packed;
static_assert(sizeof(struct vmbus_ic_pipe_hdr) == 8);

struct vmbus_ic_version {
	__le16 major;
	__le16 minor;
} __packed;
static_assert(sizeof(struct vmbus_ic_version) == 4);

/* 8.2 */
enum vmbus_ic_msgtype {
	ICMSGTYPE_NEGOTIATE	= 0,
	ICMSGTYPE_HEARTBEAT	= 1,
	ICMSGTYPE_KVPEXCHANGE	= 2,
	ICMSGTYPE_SHUTDOWN	= 3,
	ICMSGTYPE_TIMESYNC	= 4,
	ICMSGTYPE_VSS		= 5,
	ICMSGTYPE_FCOPY		= 7,
};

/* 8.3 */
#define ICMSGHDRFLAG_TRANSACTION	0x1
#define ICMSGHDRFLAG_REQUEST		0x2
#define ICMSGHDRFLAG_RESPONSE		0x4

/* HRESULTs in status (9.4.1). */
#define HV_S_OK				0x00000000
#define HV_E_FAIL			0x80004005
#define HV_S_CONT			0x80070103
#define HV_ERROR_NOT_SUPPORTED		0x80070032
#define HV_ERROR_DISK_FULL		0x80070070
#define HV_INVALIDARG			0x80070057

/* The pipe header and the IC header: service data starts at 28. */
struct vmbus_ic_msg_hdr {
	struct vmbus_ic_pipe_hdr pipe;
	struct vmbus_ic_version icverframe;
	__le16 icmsgtype;
	struct vmbus_ic_version icvermsg;
	__le16 icmsgsize;	/* bytes of service data after this header */
	__le32 status;
	u8 ictransaction_id;
	u8 icflags;
	u8 reserved[2];
} __packed;
static_assert(sizeof(struct vmbus_ic_msg_hdr) == 28);
static_assert(offsetof(struct vmbus_ic_msg_hdr, icmsgtype) == 12);
static_assert(offsetof(struct vmbus_ic_msg_hdr, icmsgsize) == 18);
static_assert(offsetof(struct vmbus_ic_msg_hdr, status) == 20);
static_assert(offsetof(struct vmbus_ic_msg_hdr, icflags) == 25);

/* 8.4: NEGOTIATE service data; versions follow (framework, then message). */
#define VMBUS_IC_MAX_VERSIONS	100
struct vmbus_ic_negotiate {
	__le16 icframe_vercnt;
	__le16 icmsg_vercnt;
	__le32 reserved;
	struct vmbus_ic_version icversion_data[];
} __packed;
static_assert(sizeof(struct vmbus_ic_negotiate) == 8);

/* 9.1 */
#define SHUTDOWN_FLAG_FORCED		0x1
#define SHUTDOWN_FLAG_RESTART		0x2
#define SHUTDOWN_FLAG_HIBERNATE		0x4
struct vmbus_ic_shutdown {
	__le32 reason_code;
	__le32 timeout_seconds;
	__le32 flags;
	u8 display_message[2048];
} __packed;
static_assert(sizeof(struct vmbus_ic_shutdown) == 2060);
static_assert(offsetof(struct vmbus_ic_shutdown, flags) == 8);

/* 9.2 */
struct vmbus_ic_heartbeat {
	__le64 seq_num;
	__le32 reserved[8];
} __packed;
static_assert(sizeof(struct vmbus_ic_heartbeat) == 40);

/* 9.3: host time in 100 ns units since 1601-01-01 (FILETIME). */
#define ICTIMESYNCFLAG_PROBE	0
#define ICTIMESYNCFLAG_SYNC	1
#define ICTIMESYNCFLAG_SAMPLE	2

/* Service versions before 4.0. */
struct vmbus_ic_timesync {
	__le64 parenttime;
	__le64 childtime;
	__le64 roundtriptime;
	u8 flags;
} __packed;
static_assert(sizeof(struct vmbus_ic_timesync) == 25);
static_assert(offsetof(struct vmbus_ic_timesync, flags) == 24);

/* Service version 4.0: with the reference time the host sampled at. */
struct vmbus_ic_timesync_ref {
	__le64 parenttime;
	__le64 vmreferencetime;
	u8 flags;
	u8 leapflags;
	u8 stratum;
	u8 reserved[3];
} __packed;
static_assert(sizeof(struct vmbus_ic_timesync_ref) == 22);
static_assert(offsetof(struct vmbus_ic_timesync_ref, flags) == 16);

/* 9.4.1: KVP. */
enum vmbus_kvp_op {
	KVP_OP_GET		= 0,
	KVP_OP_SET		= 1,
	KVP_OP_DELETE		= 2,
	KVP_OP_ENUMERATE	= 3,
	KVP_OP_GET_IP_INFO	= 4,
	KVP_OP_SET_IP_INFO	= 5,
};

#define KVP_POOL_COUNT		5
#define KVP_KEY_BYTES		512	/* UTF-16LE on the wire */
#define KVP_VALUE_BYTES		2048

#define KVP_REG_SZ		1
#define KVP_REG_U32		4
#define KVP_REG_U64		8

struct vmbus_kvp_hdr {
	u8 operation;
	u8 pool;
	__le16 pad;
} __packed;
static_assert(sizeof(struct vmbus_kvp_hdr) == 4);

struct vmbus_kvp_value {
	__le32 value_type;
	__le32 key_size;	/* bytes, with the terminating NUL */
	__le32 value_size;
	u8 key[KVP_KEY_BYTES];
	u8 value[KVP_VALUE_BYTES];
} __packed;
static_assert(sizeof(struct vmbus_kvp_value) == 2572);
static_assert(offsetof(struct vmbus_kvp_value, key) == 12);
static_assert(offsetof(struct vmbus_kvp_value, value) == 524);

struct vmbus_kvp_delete {
	__le32 key_size;
	u8 key[KVP_KEY_BYTES];
} __packed;
static_assert(sizeof(struct vmbus_kvp_delete) == 516);

struct vmbus_kvp_enumerate {
	__le32 index;
	struct vmbus_kvp_value data;
} __packed;
static_assert(sizeof(struct vmbus_kvp_enumerate) == 2576);

/* GET_SET ops: header + one of the bodies above. */
struct vmbus_kvp_msg {
	struct vmbus_kvp_hdr hdr;
	union {
		struct vmbus_kvp_value get;
		struct vmbus_kvp_value set;
		struct vmbus_kvp_delete del;
		struct vmbus_kvp_enumerate enumerate;
	} body;
} __packed;
static_assert(sizeof(struct vmbus_kvp_msg) == 2580);

/* GET_IP_INFO / SET_IP_INFO: its own layout, operation and pool first. */
struct vmbus_kvp_ip_msg {
	u8 operation;
	u8 pool;
	u8 adapter_id[256];
	u8 addr_family;
	u8 dhcp_enabled;
	u8 ip_addr[2048];
	u8 sub_net[2048];
	u8 gate_way[1024];
	u8 dns_addr[2048];
} __packed;
static_assert(sizeof(struct vmbus_kvp_ip_msg) == 7428);
static_assert(offsetof(struct vmbus_kvp_ip_msg, addr_family) == 258);
static_assert(offsetof(struct vmbus_kvp_ip_msg, ip_addr) == 260);
static_assert(offsetof(struct vmbus_kvp_ip_msg, gate_way) == 4356);
static_assert(offsetof(struct vmbus_kvp_ip_msg, dns_addr) == 5380);

#endif
