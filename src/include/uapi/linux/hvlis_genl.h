/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * hvlis: the generic netlink family between the hv-lis utility driver
 * (hv_utils) and its daemons, hv_kvp_daemon and hv_timesync_daemon.
 *
 * Included by the kernel module and by userspace (libnl-genl-3), so it
 * uses nothing but <linux/types.h>. Userspace finds the family by name
 * (HVLIS_GENL_NAME) and the multicast group by name; the numbers the
 * kernel assigns change from one module load to the next.
 *
 * Versioning: HVLIS_GENL_VERSION is the family's genl version (the
 * "version" of struct genl_family and of every genlmsghdr) and the
 * protocol version exchanged by HVLIS_CMD_KVP_REGISTER. Commands and
 * attributes are only ever added at the end of their enums; the daemons
 * ignore attributes they do not know, so a newer kernel stays readable.
 * The kernel validates strictly (generic netlink's default for a new
 * family): an attribute it does not know is refused with -EINVAL, so a
 * daemon sends only what the version the kernel answered its
 * registration with defines. A change that old peers would misread
 * takes a new version.
 *
 * One attribute space serves every command, so the kernel can give the
 * family a single nla_policy. Each attribute's comment says its type
 * and its largest payload; strings are NUL-terminated UTF-8 whose
 * length *including* the NUL is at most the HVLIS_*_MAX given
 * (NLA_NUL_STRING with .len = MAX - 1 in the kernel's policy).
 *
 * Privilege: HVLIS_CMD_KVP_REGISTER and HVLIS_CMD_KVP_RESPONSE change
 * what the host is told, so the kernel marks them GENL_ADMIN_PERM
 * (CAP_NET_ADMIN). The kernel sends HVLIS_CMD_KVP_REQUEST and
 * HVLIS_CMD_TIME_SAMPLE; userspace sending them is rejected
 * (-EOPNOTSUPP: no doit). Receivers check that a message came from the
 * kernel (netlink port 0): unicasts to a daemon's port can be sent by
 * any local process.
 */
#ifndef _UAPI_LINUX_HVLIS_GENL_H
#define _UAPI_LINUX_HVLIS_GENL_H

#include <linux/types.h>

#define HVLIS_GENL_NAME			"hvlis"
#define HVLIS_GENL_VERSION		1
/* Multicast group of HVLIS_CMD_TIME_SAMPLE. */
#define HVLIS_GENL_MCGRP_TIMESYNC	"timesync"

/*
 * String limits. The host's KVP fields are fixed-size UTF-16LE arrays
 * whose last unit must be the terminating NUL; the kernel converts them
 * to UTF-8 and back (src/common/utf16.c). A UTF-16 unit becomes at most
 * 3 bytes of UTF-8 (a BMP character; a surrogate pair is 2 units and 4
 * bytes), so a field of F bytes holds at most F/2 - 1 units plus the NUL
 * and its UTF-8 form needs at most 3 * (F/2 - 1) + 1 bytes with the NUL.
 * The reverse does not always fit: 3070 bytes of ASCII are 3069 units,
 * more than a value field holds. A daemon's string that does not fit the
 * host's field is answered with HVLIS_KVP_E_FAIL by the kernel; daemons
 * check this themselves with hvlis_utf8_to_utf16le() in measuring mode.
 */
#define HVLIS_UTF8_MAX(field_bytes)	(3 * ((field_bytes) / 2 - 1) + 1)

#define HVLIS_KVP_WIRE_KEY_BYTES	512	/* hv_kvp_exchg_msg_value.key */
#define HVLIS_KVP_WIRE_VALUE_BYTES	2048	/* hv_kvp_exchg_msg_value.value */
#define HVLIS_KVP_WIRE_ADAPTER_BYTES	256	/* hv_kvp_ip_msg.adapter_id */
#define HVLIS_KVP_WIRE_IP_BYTES		2048	/* ip_addr, sub_net, dns_addr */
#define HVLIS_KVP_WIRE_GATEWAY_BYTES	1024	/* gate_way */

#define HVLIS_KVP_KEY_MAX	HVLIS_UTF8_MAX(HVLIS_KVP_WIRE_KEY_BYTES)	/* 766 */
#define HVLIS_KVP_VALUE_MAX	HVLIS_UTF8_MAX(HVLIS_KVP_WIRE_VALUE_BYTES)	/* 3070 */
#define HVLIS_KVP_ADAPTER_MAX	HVLIS_UTF8_MAX(HVLIS_KVP_WIRE_ADAPTER_BYTES)	/* 382 */
#define HVLIS_KVP_IP_MAX	HVLIS_UTF8_MAX(HVLIS_KVP_WIRE_IP_BYTES)	/* 3070 */
#define HVLIS_KVP_GATEWAY_MAX	HVLIS_UTF8_MAX(HVLIS_KVP_WIRE_GATEWAY_BYTES)	/* 1534 */
/* The driver's IntegrationServicesVersion string ("3.1" upstream). */
#define HVLIS_DRV_VERSION_MAX	64

enum hvlis_cmd {
	HVLIS_CMD_UNSPEC,
	/*
	 * daemon -> kernel, CAP_NET_ADMIN: HVLIS_ATTR_VERSION (the daemon's
	 * protocol version). The sending port becomes the KVP daemon; the
	 * kernel answers with a message of the same command carrying
	 * HVLIS_ATTR_VERSION (the version it will speak: the lower of the
	 * two) and HVLIS_ATTR_DRV_VERSION. -EBUSY while another port that
	 * is still open is registered; -EPROTONOSUPPORT if the daemon's
	 * version is one the kernel cannot speak. The registration ends
	 * when the port closes (NETLINK_URELEASE) or the module unloads.
	 */
	HVLIS_CMD_KVP_REGISTER,
	/*
	 * kernel -> registered daemon (unicast): one host KVP request.
	 * Always REQ_ID, KVP_OP, KVP_POOL; then by operation:
	 *   GET          KVP_KEY
	 *   SET          KVP_KEY, KVP_VALUE (REG_U32 / REG_U64 values arrive
	 *                as decimal strings, converted by the kernel)
	 *   DELETE       KVP_KEY
	 *   ENUMERATE    KVP_INDEX
	 *   GET_IP_INFO  IP_ADAPTER_ID (MAC address), IP_ADDR_FAMILY
	 *   SET_IP_INFO  IP_ADAPTER_ID (the NIC's VMBus instance GUID, or a
	 *                MAC address), IP_ADDR_FAMILY, IP_DHCP_ENABLED,
	 *                IP_ADDR, IP_SUBNET, IP_GATEWAY, IP_DNS
	 */
	HVLIS_CMD_KVP_REQUEST,
	/*
	 * daemon -> kernel, CAP_NET_ADMIN, from the registered port only
	 * (-EPERM otherwise): REQ_ID of the request answered, KVP_ERROR,
	 * KVP_OP (the request's, echoed so the kernel can cross-check it;
	 * optional for the kernel); when KVP_ERROR is HVLIS_KVP_OK also,
	 * by operation:
	 *   GET          KVP_VALUE
	 *   ENUMERATE    KVP_KEY, KVP_VALUE
	 *   GET_IP_INFO  IP_ADAPTER_ID, IP_ADDR_FAMILY (bits of the families
	 *                found), IP_DHCP_ENABLED, IP_ADDR, IP_SUBNET,
	 *                IP_GATEWAY, IP_DNS
	 * A REQ_ID that is not the outstanding request (timed out, already
	 * answered) is dropped with -ENOENT.
	 */
	HVLIS_CMD_KVP_RESPONSE,
	/*
	 * kernel -> multicast group HVLIS_GENL_MCGRP_TIMESYNC: one host
	 * time sample. TS_HOST_TIME, TS_RECV_REF, TS_RECV_REALTIME, TS_FLAGS
	 * always; TS_HOST_REF, TS_LEAP, TS_STRATUM when the host's message
	 * has them (version 4.0). A listener on the group is how the kernel
	 * knows a daemon disciplines the clock: with none, the kernel steps
	 * the clock on HVLIS_TS_FLAG_SYNC itself.
	 */
	HVLIS_CMD_TIME_SAMPLE,
	__HVLIS_CMD_MAX,
};
#define HVLIS_CMD_MAX	(__HVLIS_CMD_MAX - 1)

enum hvlis_attr {
	HVLIS_ATTR_UNSPEC,
	HVLIS_ATTR_PAD,			/* padding for 64-bit attributes */
	/* Registration. */
	HVLIS_ATTR_VERSION,		/* u32: protocol version */
	HVLIS_ATTR_DRV_VERSION,		/* string, HVLIS_DRV_VERSION_MAX */
	/* KVP request and response. */
	HVLIS_ATTR_REQ_ID,		/* u32: kernel's id of the request */
	HVLIS_ATTR_KVP_OP,		/* u8: enum hvlis_kvp_op */
	HVLIS_ATTR_KVP_POOL,		/* u8: enum hvlis_kvp_pool */
	HVLIS_ATTR_KVP_KEY,		/* string, HVLIS_KVP_KEY_MAX */
	HVLIS_ATTR_KVP_VALUE,		/* string, HVLIS_KVP_VALUE_MAX */
	HVLIS_ATTR_KVP_INDEX,		/* u32: ENUMERATE index */
	HVLIS_ATTR_KVP_ERROR,		/* u32: enum hvlis_kvp_error */
	HVLIS_ATTR_IP_ADAPTER_ID,	/* string, HVLIS_KVP_ADAPTER_MAX */
	HVLIS_ATTR_IP_ADDR_FAMILY,	/* u8: HVLIS_KVP_ADDR_FAMILY_* bits */
	HVLIS_ATTR_IP_DHCP_ENABLED,	/* u8: 0 or 1 */
	HVLIS_ATTR_IP_ADDR,		/* string, HVLIS_KVP_IP_MAX, ';'-separated */
	HVLIS_ATTR_IP_SUBNET,		/* string, HVLIS_KVP_IP_MAX, ';'-separated */
	HVLIS_ATTR_IP_GATEWAY,		/* string, HVLIS_KVP_GATEWAY_MAX, ';'-separated */
	HVLIS_ATTR_IP_DNS,		/* string, HVLIS_KVP_IP_MAX, ';'-separated */
	/* Time samples; times are unsigned, never negative. */
	HVLIS_ATTR_TS_HOST_TIME,	/* u64: host UTC, 100 ns since 1601-01-01 */
	HVLIS_ATTR_TS_HOST_REF,		/* u64: VM reference time (100 ns) when the
					 * host read HOST_TIME; 0 or absent: unknown */
	HVLIS_ATTR_TS_RECV_REF,		/* u64: VM reference time (100 ns) when the
					 * kernel received the message */
	HVLIS_ATTR_TS_RECV_REALTIME,	/* u64: guest CLOCK_REALTIME in ns since
					 * 1970 read together with RECV_REF */
	HVLIS_ATTR_TS_FLAGS,		/* u8: HVLIS_TS_FLAG_*, as the host sent it */
	HVLIS_ATTR_TS_LEAP,		/* u8: host's leapflags, as sent */
	HVLIS_ATTR_TS_STRATUM,		/* u8: host's stratum, as sent */
	__HVLIS_ATTR_MAX,
};
#define HVLIS_ATTR_MAX	(__HVLIS_ATTR_MAX - 1)

/* HVLIS_ATTR_KVP_OP: the host's operation numbers (hv_kvp_hdr.operation). */
enum hvlis_kvp_op {
	HVLIS_KVP_OP_GET		= 0,
	HVLIS_KVP_OP_SET		= 1,
	HVLIS_KVP_OP_DELETE		= 2,
	HVLIS_KVP_OP_ENUMERATE		= 3,
	HVLIS_KVP_OP_GET_IP_INFO	= 4,
	HVLIS_KVP_OP_SET_IP_INFO	= 5,
	HVLIS_KVP_OP_COUNT,
};

/* HVLIS_ATTR_KVP_POOL: the host's pool numbers (hv_kvp_hdr.pool). */
enum hvlis_kvp_pool {
	HVLIS_KVP_POOL_EXTERNAL		= 0,	/* host administrator's data */
	HVLIS_KVP_POOL_GUEST		= 1,	/* what the guest publishes */
	HVLIS_KVP_POOL_AUTO		= 2,	/* generated guest facts (ENUMERATE) */
	HVLIS_KVP_POOL_AUTO_EXTERNAL	= 3,	/* host facts pushed to the guest */
	HVLIS_KVP_POOL_AUTO_INTERNAL	= 4,
	HVLIS_KVP_POOL_COUNT,
};

/*
 * HVLIS_ATTR_KVP_ERROR, and the IC status the kernel answers the host
 * with. Upstream's daemon reports every failure as HV_S_CONT; the
 * mapping below keeps S_CONT where the host needs it (the end of an
 * ENUMERATE, a GET of a missing key) and says more otherwise.
 */
enum hvlis_kvp_error {
	HVLIS_KVP_OK		= 0,	/* HV_S_OK (0x00000000) */
	HVLIS_KVP_E_NOT_FOUND	= 1,	/* HV_S_CONT (0x80070103): no such key
					 * or index; ends an ENUMERATE */
	HVLIS_KVP_E_NO_SPACE	= 2,	/* HV_ERROR_DISK_FULL (0x80070070): key or
					 * value too long to store, disk full */
	HVLIS_KVP_E_FAIL	= 3,	/* HV_E_FAIL (0x80004005): anything else;
					 * also any unknown code */
};

/* HVLIS_ATTR_IP_ADDR_FAMILY bits (hv_kvp_ip_msg.addr_family). */
#define HVLIS_KVP_ADDR_FAMILY_NONE	0x0	/* request: both */
#define HVLIS_KVP_ADDR_FAMILY_IPV4	0x1
#define HVLIS_KVP_ADDR_FAMILY_IPV6	0x2

/* HVLIS_ATTR_TS_FLAGS (ictimesync flags); PROBE is the absence of both. */
#define HVLIS_TS_FLAG_PROBE		0x0
#define HVLIS_TS_FLAG_SYNC		0x1	/* start or resume: step the clock */
#define HVLIS_TS_FLAG_SAMPLE		0x2	/* periodic sample: discipline */

/* From 1601-01-01 (the epoch of TS_HOST_TIME) to 1970-01-01, in 100 ns. */
#define HVLIS_TS_EPOCH_DELTA_100NS	116444736000000000ULL

#endif /* _UAPI_LINUX_HVLIS_GENL_H */
