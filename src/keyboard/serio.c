// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keyboard's serio port: keystrokes become the bytes an i8042 in
 * translated mode delivers (XT set 1: an 0xE0 or 0xE1 prefix when the
 * host flags one, then the make code, with bit 7 set for a break), and
 * atkbd, which binds to the port, turns them into key events.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/serio.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <proto/synthkbd.h>

#include "keyboard.h"

#define XT_EMUL0	0xe0
#define XT_EMUL1	0xe1
#define XT_BREAK	0x80

static int hv_kbd_start(struct serio *serio)
{
	struct hv_kbd *kbd = serio->port_data;

	spin_lock_irq(&kbd->lock);
	kbd->started = true;
	spin_unlock_irq(&kbd->lock);
	return 0;
}

static void hv_kbd_stop(struct serio *serio)
{
	struct hv_kbd *kbd = serio->port_data;

	spin_lock_irq(&kbd->lock);
	kbd->started = false;
	spin_unlock_irq(&kbd->lock);
}

struct serio *hv_kbd_serio_alloc(struct hv_kbd *kbd)
{
	struct serio *serio = kzalloc(sizeof(*serio), GFP_KERNEL);

	if (!serio)
		return NULL;
	/* What atkbd takes for a keyboard behind a translating i8042. */
	serio->id.type = SERIO_8042_XL;
	serio->port_data = kbd;
	serio->dev.parent = hv_kbd_dev(kbd);
	serio->start = hv_kbd_start;
	serio->stop = hv_kbd_stop;
	strscpy(serio->name, "Hyper-V synthetic keyboard", sizeof(serio->name));
	strscpy(serio->phys, "vmbus/keyboard", sizeof(serio->phys));
	return serio;
}

static void hv_kbd_byte(struct hv_kbd *kbd, u8 byte)
{
	lockdep_assert_held(&kbd->lock);
	serio_interrupt(kbd->serio, byte, 0);
}

/* One keystroke from the host (channel callback). */
void hv_kbd_keystroke(struct hv_kbd *kbd, u16 make_code, u32 info)
{
	unsigned long flags;

	/* Only scan codes reach atkbd; a UTF-16 unit has no key to press. */
	if (info & SYNTHKBD_INFO_UNICODE) {
		dev_warn_ratelimited(hv_kbd_dev(kbd),
				     "dropping a Unicode keystroke (U+%04X): only scan codes are supported\n",
				     make_code);
		return;
	}
	/* Bit 7 is the break flag of the byte sent on. */
	if (make_code & ~0x7f) {
		dev_warn_ratelimited(hv_kbd_dev(kbd),
				     "dropping a keystroke with make code %#x: not an XT make code\n",
				     make_code);
		return;
	}

	spin_lock_irqsave(&kbd->lock, flags);
	if (kbd->started) {
		if (info & SYNTHKBD_INFO_E0)
			hv_kbd_byte(kbd, XT_EMUL0);
		if (info & SYNTHKBD_INFO_E1)
			hv_kbd_byte(kbd, XT_EMUL1);
		hv_kbd_byte(kbd, make_code |
			    (info & SYNTHKBD_INFO_BREAK ? XT_BREAK : 0));
	}
	spin_unlock_irqrestore(&kbd->lock, flags);

	if (!(info & SYNTHKBD_INFO_BREAK))
		pm_wakeup_hard_event(hv_kbd_dev(kbd));
}
