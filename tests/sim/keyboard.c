// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the synthetic keyboard (protocol-devices.md 4.4, 6
 * item 22): no pipe header; the guest asks for protocol 1.0 and gets a
 * PROTOCOL_RESPONSE with bit 0 set (OpenVMM accepts exactly 1.0, and so
 * does this host); keystrokes are 12-byte EVENTs, sent when a test asks.
 *
 * Guest messages are checked: a PROTOCOL_REQUEST of 8 bytes or more with
 * a version, a SET_LED_INDICATORS of 8; anything else, a request for a
 * version other than 1.0, or a packet that is not in-band is a violation.
 *
 * debugfs (/sys/kernel/debug/vmbus_sim/keyboard):
 *   read: "<name> <value>" lines: relid (the open keyboard channel, 0:
 *     none), answer (what the next PROTOCOL_REQUEST gets), version (of
 *     the last request, hex), requests, responses, events (keystrokes
 *     sent), hostile (hostile messages sent), leds (SET_LED_INDICATORS
 *     taken), led_flags (the last ones, hex)
 *   write one command:
 *     make [e0|e1] CODE    a key press, CODE an XT set-1 make code (hex)
 *     break [e0|e1] CODE   its release
 *     key CODE             press and release
 *     e0 CODE              press and release of an E0 key (arrows, right
 *                          ctrl, ...)
 *     type STRING          the rest of the line as presses and releases,
 *                          with left shift around what needs it (US
 *                          layout, printable ASCII), a character every
 *                          2 ms or so
 *     protocol accept|refuse|silent
 *                          the answer to the next requests: accepted,
 *                          bit 0 clear, or none at all
 *     hostile KIND         one bad message: short (an 8-byte keystroke
 *                          of 'a' without its info field), unknown (a
 *                          12-byte message of type 7), oversized (a
 *                          512-byte keystroke of 'a'), unicode (a
 *                          keystroke flagged IS_UNICODE, 'A'), badcode
 *                          (make code 0x1e1e), response (a
 *                          PROTOCOL_RESPONSE nobody asked for)
 * Keystroke and hostile writes fail with ENODEV when no keyboard channel
 * is open, ETIMEDOUT when the guest has not made room in its ring in 2 s.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <proto/synthkbd.h>
#include <proto/vmbus_classes.h>

#include "sim.h"

#define SIM_KBD_LSHIFT		0x2a
#define SIM_KBD_SHIFTED		0x80	/* in sim_kbd_ascii: shift needed */
#define SIM_KBD_RETRY_MS	5
#define SIM_KBD_RETRIES		400	/* 2 s */
#define SIM_KBD_TYPE_MS		2	/* between characters typed */
#define SIM_KBD_UNKNOWN_TYPE	7
#define SIM_KBD_OVERSIZED	512

enum sim_kbd_answer {
	SIM_KBD_ACCEPT,
	SIM_KBD_REFUSE,
	SIM_KBD_SILENT,
};

static const char * const sim_kbd_answers[] = {
	[SIM_KBD_ACCEPT] = "accept",
	[SIM_KBD_REFUSE] = "refuse",
	[SIM_KBD_SILENT] = "silent",
};

static const guid_t sim_kbd_class_id = VMBUS_CLASS_KBD;

static struct {
	atomic_t answer;	/* enum sim_kbd_answer */
	atomic_t version;	/* of the last request */
	atomic_t led_flags;
	atomic64_t requests, responses, events, hostile, leds;
} sim_kbd;

/* XT set-1 make codes of printable ASCII from 0x20, US layout. */
static const u8 sim_kbd_ascii[] = {
	0x39, 0x02 | SIM_KBD_SHIFTED, 0x28 | SIM_KBD_SHIFTED, 0x04 | SIM_KBD_SHIFTED,
	0x05 | SIM_KBD_SHIFTED, 0x06 | SIM_KBD_SHIFTED, 0x08 | SIM_KBD_SHIFTED, 0x28,
	0x0a | SIM_KBD_SHIFTED, 0x0b | SIM_KBD_SHIFTED, 0x09 | SIM_KBD_SHIFTED,
	0x0d | SIM_KBD_SHIFTED, 0x33, 0x0c, 0x34, 0x35,
	/* 0-9 */
	0x0b, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	0x27 | SIM_KBD_SHIFTED, 0x27, 0x33 | SIM_KBD_SHIFTED, 0x0d,
	0x34 | SIM_KBD_SHIFTED, 0x35 | SIM_KBD_SHIFTED, 0x03 | SIM_KBD_SHIFTED,
	/* A-Z */
	0x1e | SIM_KBD_SHIFTED, 0x30 | SIM_KBD_SHIFTED, 0x2e | SIM_KBD_SHIFTED,
	0x20 | SIM_KBD_SHIFTED, 0x12 | SIM_KBD_SHIFTED, 0x21 | SIM_KBD_SHIFTED,
	0x22 | SIM_KBD_SHIFTED, 0x23 | SIM_KBD_SHIFTED, 0x17 | SIM_KBD_SHIFTED,
	0x24 | SIM_KBD_SHIFTED, 0x25 | SIM_KBD_SHIFTED, 0x26 | SIM_KBD_SHIFTED,
	0x32 | SIM_KBD_SHIFTED, 0x31 | SIM_KBD_SHIFTED, 0x18 | SIM_KBD_SHIFTED,
	0x19 | SIM_KBD_SHIFTED, 0x10 | SIM_KBD_SHIFTED, 0x13 | SIM_KBD_SHIFTED,
	0x1f | SIM_KBD_SHIFTED, 0x14 | SIM_KBD_SHIFTED, 0x16 | SIM_KBD_SHIFTED,
	0x2f | SIM_KBD_SHIFTED, 0x11 | SIM_KBD_SHIFTED, 0x2d | SIM_KBD_SHIFTED,
	0x15 | SIM_KBD_SHIFTED, 0x2c | SIM_KBD_SHIFTED,
	0x1a, 0x2b, 0x1b, 0x07 | SIM_KBD_SHIFTED, 0x0c | SIM_KBD_SHIFTED, 0x29,
	/* a-z */
	0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26,
	0x32, 0x31, 0x18, 0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d,
	0x15, 0x2c,
	0x1a | SIM_KBD_SHIFTED, 0x2b | SIM_KBD_SHIFTED, 0x1b | SIM_KBD_SHIFTED,
	0x29 | SIM_KBD_SHIFTED,
};

static_assert(ARRAY_SIZE(sim_kbd_ascii) == 0x7f - 0x20);

bool sim_kbd_class(const guid_t *class_id)
{
	return guid_equal(class_id, &sim_kbd_class_id);
}

static int sim_kbd_write(struct sim_channel *channel, const void *msg, u32 len)
{
	return sim_ring_write_packet(channel, VMBUS_PACKET_DATA_INBAND, 0, 0,
				     msg, len);
}

static int sim_kbd_answer(struct sim_channel *channel)
{
	struct synthkbd_protocol_response resp = {
		.hdr.type = cpu_to_le32(SYNTHKBD_PROTOCOL_RESPONSE),
	};
	u32 version = atomic_read(&sim_kbd.version);
	int ret;

	switch (atomic_read(&sim_kbd.answer)) {
	case SIM_KBD_SILENT:
		pr_info("keyboard: not answering the protocol request (answer silent)\n");
		return 0;
	case SIM_KBD_ACCEPT:
		if (version == SYNTHKBD_VERSION_WIN8)
			resp.proto_status = cpu_to_le32(SYNTHKBD_PROTOCOL_ACCEPTED);
		break;
	default:
		break;
	}
	ret = sim_kbd_write(channel, &resp, sizeof(resp));
	if (!ret)
		atomic64_inc(&sim_kbd.responses);
	return ret;
}

/* A packet from the guest on a keyboard channel (ring_lock held). */
int sim_kbd_packet(struct sim_channel *channel, const void *pkt, u32 len)
{
	const struct vmbus_packet_descriptor *desc = pkt;
	u32 off = le16_to_cpu(desc->offset8) * 8, size = len - off;
	const u8 *msg = (const u8 *)pkt + off;
	const struct synthkbd_protocol_request *req = (const void *)msg;
	const struct synthkbd_led_indicators *leds = (const void *)msg;
	u32 type, version;
	int ret;

	lockdep_assert_held(&channel->ring_lock);
	if (le16_to_cpu(desc->type) != VMBUS_PACKET_DATA_INBAND) {
		sim_violation("keyboard: a packet of type %u\n",
			      le16_to_cpu(desc->type));
		return 0;
	}
	if (size < sizeof(struct synthkbd_msg_hdr)) {
		sim_violation("keyboard: a %u-byte message\n", size);
		return 0;
	}
	type = le32_to_cpu(req->hdr.type);
	switch (type) {
	case SYNTHKBD_PROTOCOL_REQUEST:
		if (size < sizeof(*req)) {
			sim_violation("keyboard: a %u-byte PROTOCOL_REQUEST\n", size);
			return 0;
		}
		version = le32_to_cpu(req->version);
		if (version != SYNTHKBD_VERSION_WIN8)
			sim_violation("keyboard: version %#x requested, not 1.0\n",
				      version);
		atomic_set(&sim_kbd.version, version);
		/* Counted once: the answer may wait for room and come back. */
		ret = sim_kbd_answer(channel);
		if (ret != -EAGAIN)
			atomic64_inc(&sim_kbd.requests);
		return ret;
	case SYNTHKBD_LED_INDICATORS:
		if (size < sizeof(*leds)) {
			sim_violation("keyboard: a %u-byte SET_LED_INDICATORS\n", size);
			return 0;
		}
		atomic_set(&sim_kbd.led_flags, le16_to_cpu(leds->led_flags));
		atomic64_inc(&sim_kbd.leds);
		return 0;
	default:
		sim_violation("keyboard: a message of type %u\n", type);
		return 0;
	}
}

/* The open keyboard channel (channels_lock held), or NULL. */
static struct sim_channel *sim_kbd_channel(void)
{
	struct sim_channel *channel;

	lockdep_assert_held(&sim.channels_lock);
	list_for_each_entry(channel, &sim.channels, node)
		if (channel->handler == SIM_HANDLER_KEYBOARD && channel->open &&
		    !channel->rescinded)
			return channel;
	return NULL;
}

/* One message to the guest, waiting (a while) for room in its ring. */
static int sim_kbd_send(const void *msg, u32 len)
{
	struct sim_channel *channel;
	int ret, tries = 0;

	for (;;) {
		mutex_lock(&sim.channels_lock);
		channel = sim_kbd_channel();
		if (channel) {
			mutex_lock(&channel->ring_lock);
			ret = channel->broken ? -ENODEV :
			      sim_kbd_write(channel, msg, len);
			mutex_unlock(&channel->ring_lock);
		} else {
			ret = -ENODEV;
		}
		mutex_unlock(&sim.channels_lock);
		if (ret != -EAGAIN)
			return ret;
		if (++tries > SIM_KBD_RETRIES)
			return -ETIMEDOUT;
		msleep(SIM_KBD_RETRY_MS);
	}
}

static int sim_kbd_keystroke(u16 code, u32 info)
{
	struct synthkbd_keystroke ks = {
		.hdr.type = cpu_to_le32(SYNTHKBD_EVENT),
		.make_code = cpu_to_le16(code),
		.info = cpu_to_le32(info),
	};
	int ret = sim_kbd_send(&ks, sizeof(ks));

	if (!ret)
		atomic64_inc(&sim_kbd.events);
	return ret;
}

static int sim_kbd_press(u16 code, u32 info)
{
	int ret = sim_kbd_keystroke(code, info);

	return ret ?: sim_kbd_keystroke(code, info | SYNTHKBD_INFO_BREAK);
}

/*
 * Paced by character, as a person types (and as Hyper-V types clipboard
 * text): a reader of the guest's evdev node gets to run between keys, so
 * a long string does not overflow its buffer, which a real keyboard could
 * never do either.
 */
static int sim_kbd_type(const char *s)
{
	int ret = 0;
	u8 code;

	for (; *s && !ret; s++) {
		if (*s < 0x20 || *s >= 0x7f)
			return -EINVAL;
		msleep(SIM_KBD_TYPE_MS);
		code = sim_kbd_ascii[*s - 0x20];
		if (!(code & SIM_KBD_SHIFTED)) {
			ret = sim_kbd_press(code, 0);
			continue;
		}
		ret = sim_kbd_keystroke(SIM_KBD_LSHIFT, 0);
		if (!ret)
			ret = sim_kbd_press(code & ~SIM_KBD_SHIFTED, 0);
		if (!ret)
			ret = sim_kbd_keystroke(SIM_KBD_LSHIFT, SYNTHKBD_INFO_BREAK);
	}
	return ret;
}

static int sim_kbd_hostile(const char *kind)
{
	struct synthkbd_protocol_response resp = {
		.hdr.type = cpu_to_le32(SYNTHKBD_PROTOCOL_RESPONSE),
		.proto_status = cpu_to_le32(SYNTHKBD_PROTOCOL_ACCEPTED),
	};
	struct synthkbd_keystroke ks = {
		.hdr.type = cpu_to_le32(SYNTHKBD_EVENT),
		.make_code = cpu_to_le16(0x1e),
	};
	const void *msg = &ks;
	u32 len = sizeof(ks);
	u8 *big = NULL;
	int ret;

	if (!strcmp(kind, "short")) {
		len = offsetof(struct synthkbd_keystroke, info);
	} else if (!strcmp(kind, "unknown")) {
		ks.hdr.type = cpu_to_le32(SIM_KBD_UNKNOWN_TYPE);
	} else if (!strcmp(kind, "oversized")) {
		big = kzalloc(SIM_KBD_OVERSIZED, GFP_KERNEL);
		if (!big)
			return -ENOMEM;
		memcpy(big, &ks, sizeof(ks));
		msg = big;
		len = SIM_KBD_OVERSIZED;
	} else if (!strcmp(kind, "unicode")) {
		ks.make_code = cpu_to_le16('A');
		ks.info = cpu_to_le32(SYNTHKBD_INFO_UNICODE);
	} else if (!strcmp(kind, "badcode")) {
		ks.make_code = cpu_to_le16(0x1e1e);
	} else if (!strcmp(kind, "response")) {
		msg = &resp;
		len = sizeof(resp);
	} else {
		return -EINVAL;
	}
	ret = sim_kbd_send(msg, len);
	if (!ret)
		atomic64_inc(&sim_kbd.hostile);
	kfree(big);
	return ret;
}

/* "[e0|e1] CODE": the flags and the make code. */
static int sim_kbd_parse_key(char *args, u16 *code, u32 *info)
{
	char *word = strsep(&args, " ");

	*info = 0;
	if (word && args && !strcmp(word, "e0")) {
		*info = SYNTHKBD_INFO_E0;
		word = strsep(&args, " ");
	} else if (word && args && !strcmp(word, "e1")) {
		*info = SYNTHKBD_INFO_E1;
		word = strsep(&args, " ");
	}
	if (!word || args)
		return -EINVAL;
	return kstrtou16(word, 16, code);
}

static int sim_kbd_command(char *cmd)
{
	char *args = cmd, *verb = strsep(&args, " ");
	unsigned int i;
	u32 info;
	u16 code;
	int ret;

	if (!strcmp(verb, "type"))
		return args ? sim_kbd_type(args) : -EINVAL;
	if (!args)
		return -EINVAL;
	if (!strcmp(verb, "hostile"))
		return sim_kbd_hostile(args);
	if (!strcmp(verb, "protocol")) {
		for (i = 0; i < ARRAY_SIZE(sim_kbd_answers); i++) {
			if (!strcmp(args, sim_kbd_answers[i])) {
				atomic_set(&sim_kbd.answer, i);
				return 0;
			}
		}
		return -EINVAL;
	}
	ret = sim_kbd_parse_key(args, &code, &info);
	if (ret)
		return ret;
	if (!strcmp(verb, "make"))
		return sim_kbd_keystroke(code, info);
	if (!strcmp(verb, "break"))
		return sim_kbd_keystroke(code, info | SYNTHKBD_INFO_BREAK);
	if (!strcmp(verb, "key"))
		return sim_kbd_press(code, info);
	if (!strcmp(verb, "e0") && !info)
		return sim_kbd_press(code, SYNTHKBD_INFO_E0);
	return -EINVAL;
}

static ssize_t sim_kbd_write_cmd(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char *buf;
	int ret;

	if (count > 4096)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	strim(buf);
	ret = sim_kbd_command(buf);
	kfree(buf);
	return ret ?: count;
}

static int sim_kbd_show(struct seq_file *m, void *unused)
{
	struct sim_channel *channel;
	u32 relid;

	mutex_lock(&sim.channels_lock);
	channel = sim_kbd_channel();
	relid = channel ? channel->relid : 0;
	mutex_unlock(&sim.channels_lock);
	seq_printf(m, "relid %u\n", relid);
	seq_printf(m, "answer %s\n", sim_kbd_answers[atomic_read(&sim_kbd.answer)]);
	seq_printf(m, "version %#x\n", atomic_read(&sim_kbd.version));
	seq_printf(m, "requests %lld\n", (s64)atomic64_read(&sim_kbd.requests));
	seq_printf(m, "responses %lld\n", (s64)atomic64_read(&sim_kbd.responses));
	seq_printf(m, "events %lld\n", (s64)atomic64_read(&sim_kbd.events));
	seq_printf(m, "hostile %lld\n", (s64)atomic64_read(&sim_kbd.hostile));
	seq_printf(m, "leds %lld\n", (s64)atomic64_read(&sim_kbd.leds));
	seq_printf(m, "led_flags %#x\n", atomic_read(&sim_kbd.led_flags));
	return 0;
}

static int sim_kbd_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_kbd_show, NULL);
}

static const struct file_operations sim_kbd_fops = {
	.owner = THIS_MODULE,
	.open = sim_kbd_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sim_kbd_write_cmd,
};

void sim_kbd_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("keyboard", 0600, dir, NULL, &sim_kbd_fops);
}
