/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hyperv_keyboard internals. The host sends keystrokes as XT (set 1)
 * make codes with flags (protocol-devices.md 4.4); the driver turns them
 * into the bytes an i8042 in translated mode would deliver and feeds them
 * to a serio port, so atkbd makes the key events as for a PS/2 keyboard.
 *
 * protocol.c: the channel callback, the host's messages and the protocol
 * handshake the probe waits for. serio.c: the serio port and the
 * keystroke to scan-code conversion. main.c: probe, remove, the driver.
 */
#ifndef HVLIS_KEYBOARD_H
#define HVLIS_KEYBOARD_H

#include <linux/completion.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <vmbus.h>

struct serio;

struct hv_kbd {
	struct vmbus_device *vdev;
	struct hvlis_channel *channel;
	struct serio *serio;	/* ours until registered, then the serio core's */

	spinlock_t lock;	/* protects waiting, proto_status, started */
	bool waiting;		/* the probe waits for PROTOCOL_RESPONSE */
	u32 proto_status;	/* what the response said */
	struct completion answered;
	bool started;		/* the serio core has the port: pass bytes on */

	/* Host messages dropped (channel callback only). */
	u64 unknown_msgs;
};

static inline struct device *hv_kbd_dev(struct hv_kbd *kbd)
{
	return &kbd->vdev->dev;
}

/* protocol.c */
int hv_kbd_callback(struct hvlis_channel *channel, void *context, int budget);
int hv_kbd_connect(struct hv_kbd *kbd);

/* serio.c */
struct serio *hv_kbd_serio_alloc(struct hv_kbd *kbd);
void hv_kbd_keystroke(struct hv_kbd *kbd, u16 make_code, u32 info);

#endif
