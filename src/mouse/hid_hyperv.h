/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hid_hyperv internals: the synthetic mouse, one struct mousevsc per bound
 * channel. main.c is the vmbus driver, synthhid.c the protocol on the
 * channel (protocol-devices.md 4), hid.c the HID device it feeds.
 *
 * The channel callback (a tasklet) answers nothing itself: it records the
 * host's PROTOCOL_RESPONSE and INITIAL_DEVICE_INFO and wakes the probe,
 * which sends the ACK and adds the HID device. Input reports go to HID
 * core only once @ready is set, after the HID device was added; remove
 * closes the channel (after which no callback runs) before the HID device
 * goes, so no report reaches a freed one.
 */
#ifndef HVLIS_HID_HYPERV_H
#define HVLIS_HID_HYPERV_H

#include <linux/completion.h>
#include <linux/types.h>
#include <proto/synthhid.h>
#include <vmbus.h>

struct hid_device;

struct mousevsc {
	struct vmbus_device *vdev;
	struct hvlis_channel *channel;
	struct hid_device *hid;

	/* Written by the callback before the completion, read after it. */
	struct completion protocol_done;
	bool response_received;		/* callback only: the first one counts */
	bool approved;
	struct completion info_done;
	int info_status;		/* 0 or why INITIAL_DEVICE_INFO was refused */
	bool info_received;		/* callback only: the first one is kept */
	u16 vendor, product, version;
	u8 *rdesc;			/* HID_MAX_DESCRIPTOR_SIZE bytes */
	u32 rdesc_len;

	bool acked;			/* INITIAL_DEVICE_INFO_ACK sent */
	bool ready;			/* reports go to HID core (acquire/release) */
	u8 *report;			/* HID_MAX_BUFFER_SIZE bytes */
};

/* synthhid.c */
int mousevsc_callback(struct hvlis_channel *channel, void *context, int budget);
int mousevsc_connect(struct mousevsc *mv);

/* hid.c */
int mousevsc_hid_add(struct mousevsc *mv);
void mousevsc_hid_destroy(struct mousevsc *mv);
void mousevsc_hid_report(struct mousevsc *mv, const u8 *data, u32 len);

#endif
