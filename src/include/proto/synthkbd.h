/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The synthetic keyboard protocol (protocol-devices.md 4.4): the payload
 * of the in-band packets on the keyboard channel. Unlike the synthetic
 * mouse there is no pipe header: every message starts with its type.
 * Shared by hyperv_keyboard and the simulated host; the asserts pin every
 * layout to the reference.
 */
#ifndef HVLIS_PROTO_SYNTHKBD_H
#define HVLIS_PROTO_SYNTHKBD_H

#include <hvlis/compat-wire.h>
#include <linux/bits.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* (major << 16) | minor; 1.0 (Win8) is the only version there is. */
#define SYNTHKBD_VERSION(maj, min)	((u32)(maj) << 16 | (min))
#define SYNTHKBD_VERSION_WIN8		SYNTHKBD_VERSION(1, 0)

/* The largest message either side sends. */
#define SYNTHKBD_MAX_MSG		256

enum synthkbd_msg_type {
	SYNTHKBD_PROTOCOL_REQUEST	= 1,	/* guest -> host */
	SYNTHKBD_PROTOCOL_RESPONSE	= 2,	/* host -> guest */
	SYNTHKBD_EVENT			= 3,	/* host -> guest: a keystroke */
	SYNTHKBD_LED_INDICATORS		= 4,	/* guest -> host */
};

struct synthkbd_msg_hdr {
	__le32 type;
} __packed;
static_assert(sizeof(struct synthkbd_msg_hdr) == 4);

struct synthkbd_protocol_request {
	struct synthkbd_msg_hdr hdr;
	__le32 version;
} __packed;
static_assert(sizeof(struct synthkbd_protocol_request) == 8);
static_assert(offsetof(struct synthkbd_protocol_request, version) == 4);

#define SYNTHKBD_PROTOCOL_ACCEPTED	BIT(0)

struct synthkbd_protocol_response {
	struct synthkbd_msg_hdr hdr;
	__le32 proto_status;
} __packed;
static_assert(sizeof(struct synthkbd_protocol_response) == 8);
static_assert(offsetof(struct synthkbd_protocol_response, proto_status) == 4);

/* info bits of a keystroke */
#define SYNTHKBD_INFO_UNICODE		BIT(0)	/* make_code is a UTF-16 unit */
#define SYNTHKBD_INFO_BREAK		BIT(1)	/* key up */
#define SYNTHKBD_INFO_E0		BIT(2)	/* XT 0xE0 prefix */
#define SYNTHKBD_INFO_E1		BIT(3)	/* XT 0xE1 prefix */

struct synthkbd_keystroke {
	struct synthkbd_msg_hdr hdr;
	__le16 make_code;	/* XT scan code set 1, without the break bit */
	__le16 reserved;
	__le32 info;
} __packed;
static_assert(sizeof(struct synthkbd_keystroke) == 12);
static_assert(offsetof(struct synthkbd_keystroke, make_code) == 4);
static_assert(offsetof(struct synthkbd_keystroke, info) == 8);

struct synthkbd_led_indicators {
	struct synthkbd_msg_hdr hdr;
	__le16 led_flags;
	__le16 reserved;
} __packed;
static_assert(sizeof(struct synthkbd_led_indicators) == 8);
static_assert(offsetof(struct synthkbd_led_indicators, led_flags) == 4);

#endif
