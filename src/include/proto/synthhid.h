/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SynthHID, the synthetic mouse's protocol (protocol-devices.md section
 * 4): every message is a pipe header, a SynthHID header and a body.
 * Shared by hid_hyperv (src/mouse) and the simulated host; the asserts pin
 * every layout to the reference.
 */
#ifndef HVLIS_PROTO_SYNTHHID_H
#define HVLIS_PROTO_SYNTHHID_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* 4.1: in front of every message; size counts the bytes after it. */
#define SYNTHHID_PIPE_DATA	1
struct synthhid_pipe_hdr {
	__le32 type;
	__le32 size;
} __packed;
static_assert(sizeof(struct synthhid_pipe_hdr) == 8);

/* 4.2: (major << 16) | minor. */
#define SYNTHHID_VERSION(maj, min)	((u32)(maj) << 16 | (min))
#define SYNTHHID_VERSION_WIN8		SYNTHHID_VERSION(2, 0)

enum synthhid_msg_type {
	SYNTHHID_PROTOCOL_REQUEST		= 0,
	SYNTHHID_PROTOCOL_RESPONSE		= 1,
	SYNTHHID_INITIAL_DEVICE_INFO		= 2,
	SYNTHHID_INITIAL_DEVICE_INFO_ACK	= 3,
	SYNTHHID_INPUT_REPORT			= 4,
};

/* size: the bytes of the body after this header. */
struct synthhid_msg_hdr {
	__le32 type;
	__le32 size;
} __packed;
static_assert(sizeof(struct synthhid_msg_hdr) == 8);

/* Both headers: a message body starts 16 bytes into the payload. */
struct synthhid_hdrs {
	struct synthhid_pipe_hdr pipe;
	struct synthhid_msg_hdr hid;
} __packed;
static_assert(sizeof(struct synthhid_hdrs) == 16);

struct synthhid_protocol_request {
	struct synthhid_hdrs hdr;
	__le32 version;
} __packed;
static_assert(sizeof(struct synthhid_protocol_request) == 20);
static_assert(offsetof(struct synthhid_protocol_request, version) == 16);

/* Body 5 bytes: header.size 5, pipe size 13 (what old guests take). */
struct synthhid_protocol_response {
	struct synthhid_hdrs hdr;
	__le32 version_requested;
	u8 approved;
} __packed;
static_assert(sizeof(struct synthhid_protocol_response) == 21);
static_assert(offsetof(struct synthhid_protocol_response, approved) == 20);

/* hv_input_dev_info: the first 32 bytes of INITIAL_DEVICE_INFO's body. */
struct synthhid_dev_info {
	__le32 size;
	__le16 vendor;
	__le16 product;
	__le16 version;
	__le16 reserved[11];
} __packed;
static_assert(sizeof(struct synthhid_dev_info) == 32);
static_assert(offsetof(struct synthhid_dev_info, vendor) == 4);
static_assert(offsetof(struct synthhid_dev_info, product) == 6);
static_assert(offsetof(struct synthhid_dev_info, version) == 8);

/*
 * The USB-HID class descriptor with its one report descriptor entry
 * (9 bytes); the report descriptor follows bLength bytes after its start.
 */
#define SYNTHHID_DT_HID		0x21
#define SYNTHHID_DT_REPORT	0x22
struct synthhid_hid_desc {
	u8 bLength;
	u8 bDescriptorType;
	__le16 bcdHID;
	u8 bCountryCode;
	u8 bNumDescriptors;
	u8 bReportType;
	__le16 wReportLength;
} __packed;
static_assert(sizeof(struct synthhid_hid_desc) == 9);
static_assert(offsetof(struct synthhid_hid_desc, bNumDescriptors) == 5);
static_assert(offsetof(struct synthhid_hid_desc, wReportLength) == 7);

/* INITIAL_DEVICE_INFO: then the rest of the HID descriptor, the report one. */
struct synthhid_device_info {
	struct synthhid_hdrs hdr;
	struct synthhid_dev_info info;
	struct synthhid_hid_desc hid_desc;
} __packed;
static_assert(sizeof(struct synthhid_device_info) == 57);
static_assert(offsetof(struct synthhid_device_info, info) == 16);
static_assert(offsetof(struct synthhid_device_info, hid_desc) == 48);

struct synthhid_device_info_ack {
	struct synthhid_hdrs hdr;
	u8 reserved;
} __packed;
static_assert(sizeof(struct synthhid_device_info_ack) == 17);

/* INPUT_REPORT: the raw report follows the headers (header.size bytes). */

/*
 * Hyper-V's descriptor bug "SA-167": byte 14 of its report descriptor is a
 * Logical Maximum (0x25) where a Usage Maximum (0x29) belongs.
 */
#define SYNTHHID_SA167_OFFSET	14
#define SYNTHHID_SA167_BAD	0x25
#define SYNTHHID_SA167_GOOD	0x29

#endif
