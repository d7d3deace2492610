// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the synthetic mouse (protocol-devices.md 4).
 *
 * The guest asks for SynthHID 2.0; the host approves and sends, without
 * being asked, the device info Hyper-V sends (4.3: vendor 0x045E, product
 * 0x0621, version 1, the 67-byte report descriptor zero-padded to 128 with
 * header.size 108), then waits for the ACK. After the ACK, tests move the
 * pointer, press buttons and turn the wheel through debugfs; each is one
 * 7-byte input report (buttons, X, Y, wheel). Every guest message is
 * checked (pipe type 1, sizes inside the packet, one PROTOCOL_REQUEST of
 * version 2.0, an ACK only after device info); anything else is a
 * violation. The host never completes the guest's packets (4.1 allows it).
 *
 * One mouse at a time: the channel that sent the last PROTOCOL_REQUEST.
 *
 * debugfs (/sys/kernel/debug/vmbus_sim/mouse):
 *   write "move X Y"      pointer to X, Y (0..32767), buttons kept
 *         "buttons MASK"  bit0 left, bit1 right, bit2 middle, bits 3-4
 *         "wheel N"       one wheel delta (-32767..32767)
 *         "raw HEX"       one input report of those bytes (1..64)
 *         "burst N"       N moves (X = 0, 1, ...) as fast as the ring
 *                         takes them; stops early when the channel goes
 *         "variant NAME"  how the host answers from the next
 *                         PROTOCOL_REQUEST on: normal; refuse (approved
 *                         0); truncated (device info cut inside the HID
 *                         descriptor); oversized (a 4100-byte report
 *                         descriptor, more than HID core takes);
 *                         desc_past (wReportLength 200, 67 bytes sent);
 *                         blength0 (bLength 0); blength_past (bLength
 *                         255, past the message); early_report (an
 *                         input report before the device info and one
 *                         before the ACK); sa167 (Hyper-V's descriptor
 *                         bug: byte 14 is 0x25); garbage (a well-sized
 *                         descriptor that opens with End Collection)
 *   read: "name value" lines: relid (the mouse channel, 0: none),
 *         protocol_requests, acks, reports (input reports sent),
 *         variant (its name)
 * Report writes fail with ENODEV when no mouse channel is open and with
 * EPROTO before the guest's ACK.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <proto/synthhid.h>
#include <proto/vmbus_classes.h>

#include "sim.h"

#define SIM_MOUSE_VENDOR	0x045e
#define SIM_MOUSE_PRODUCT	0x0621
#define SIM_MOUSE_VERSION	0x0001
/* 4.3: the descriptor is sent padded to this, header.size without it. */
#define SIM_MOUSE_RDESC_PADDED	128
#define SIM_MOUSE_OVERSIZED	4100
#define SIM_MOUSE_REPORT_SIZE	7
#define SIM_MOUSE_RAW_MAX	64
/* How long a report waits for room in the inbound ring. */
#define SIM_MOUSE_SEND_WAIT	(5 * HZ)

/* 4.3: OpenVMM's (Hyper-V's) report descriptor, item by item. */
static const u8 sim_mouse_rdesc[] = {
	0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00,
	0x05, 0x09, 0x19, 0x01, 0x29, 0x05, 0x15, 0x00, 0x25, 0x01,
	0x95, 0x05, 0x75, 0x01, 0x81, 0x02, 0x95, 0x01, 0x75, 0x03,
	0x81, 0x01, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x00,
	0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02, 0x05,
	0x01, 0x09, 0x38, 0x16, 0x01, 0x80, 0x26, 0xff, 0x7f, 0x75,
	0x10, 0x95, 0x01, 0x81, 0x06, 0xc0, 0xc0,
};

static_assert(sizeof(sim_mouse_rdesc) == 67);
static_assert(sizeof(sim_mouse_rdesc) <= SIM_MOUSE_RDESC_PADDED);

enum sim_mouse_variant {
	SIM_MOUSE_NORMAL,
	SIM_MOUSE_REFUSE,
	SIM_MOUSE_TRUNCATED,
	SIM_MOUSE_OVERSIZE,
	SIM_MOUSE_DESC_PAST,
	SIM_MOUSE_BLENGTH0,
	SIM_MOUSE_BLENGTH_PAST,
	SIM_MOUSE_EARLY_REPORT,
	SIM_MOUSE_SA167,
	SIM_MOUSE_GARBAGE,
	SIM_MOUSE_VARIANTS
};

static const char *const sim_mouse_variants[SIM_MOUSE_VARIANTS] = {
	[SIM_MOUSE_NORMAL] = "normal",
	[SIM_MOUSE_REFUSE] = "refuse",
	[SIM_MOUSE_TRUNCATED] = "truncated",
	[SIM_MOUSE_OVERSIZE] = "oversized",
	[SIM_MOUSE_DESC_PAST] = "desc_past",
	[SIM_MOUSE_BLENGTH0] = "blength0",
	[SIM_MOUSE_BLENGTH_PAST] = "blength_past",
	[SIM_MOUSE_EARLY_REPORT] = "early_report",
	[SIM_MOUSE_SA167] = "sa167",
	[SIM_MOUSE_GARBAGE] = "garbage",
};

static struct {
	spinlock_t lock;	/* everything below */
	u32 relid;
	enum sim_mouse_variant variant;
	bool info_sent;		/* device info out since the last request */
	bool acked;
	u8 buttons;
	u16 x, y;
	u64 protocol_requests, acks, reports;
} sim_mouse = {
	.lock = __SPIN_LOCK_UNLOCKED(sim_mouse.lock),
};

static DEFINE_MUTEX(sim_mouse_send_lock);	/* one report in the making */

bool sim_mouse_class(const guid_t *class_id)
{
	static const guid_t mouse = VMBUS_CLASS_MOUSE;

	return guid_equal(class_id, &mouse);
}

/* Headers for a message of @body bytes; the message is @len bytes. */
static void sim_mouse_hdrs(void *msg, u32 type, u32 body, u32 len)
{
	struct synthhid_hdrs *hdr = msg;

	hdr->pipe.type = cpu_to_le32(SYNTHHID_PIPE_DATA);
	hdr->pipe.size = cpu_to_le32(len - sizeof(hdr->pipe));
	hdr->hid.type = cpu_to_le32(type);
	hdr->hid.size = cpu_to_le32(body);
}

static int sim_mouse_write(struct sim_channel *channel, const void *msg, u32 len)
{
	lockdep_assert_held(&channel->ring_lock);
	return sim_ring_write_packet(channel, VMBUS_PACKET_DATA_INBAND, 0, 0,
				     msg, len);
}

static int sim_mouse_write_report(struct sim_channel *channel, const u8 *report,
				  u32 size)
{
	u8 msg[sizeof(struct synthhid_hdrs) + SIM_MOUSE_RAW_MAX];
	u32 len = sizeof(struct synthhid_hdrs) + size;

	sim_mouse_hdrs(msg, SYNTHHID_INPUT_REPORT, size, len);
	memcpy(msg + sizeof(struct synthhid_hdrs), report, size);
	return sim_mouse_write(channel, msg, len);
}

/*
 * INITIAL_DEVICE_INFO as @variant shapes it, in @msg (room for the
 * oversized one); returns its length.
 */
static u32 sim_mouse_build_info(u8 *msg, enum sim_mouse_variant variant)
{
	struct synthhid_device_info *di = (void *)msg;
	u32 rdesc_len = sizeof(sim_mouse_rdesc), sent = SIM_MOUSE_RDESC_PADDED;
	u8 *rdesc = msg + sizeof(*di);
	u32 body, len;

	di->info.size = cpu_to_le32(sizeof(di->info));
	di->info.vendor = cpu_to_le16(SIM_MOUSE_VENDOR);
	di->info.product = cpu_to_le16(SIM_MOUSE_PRODUCT);
	di->info.version = cpu_to_le16(SIM_MOUSE_VERSION);
	di->hid_desc.bLength = sizeof(di->hid_desc);
	di->hid_desc.bDescriptorType = SYNTHHID_DT_HID;
	di->hid_desc.bcdHID = cpu_to_le16(0x0101);
	di->hid_desc.bNumDescriptors = 1;
	di->hid_desc.bReportType = SYNTHHID_DT_REPORT;
	memcpy(rdesc, sim_mouse_rdesc, rdesc_len);
	if (variant == SIM_MOUSE_OVERSIZE) {
		rdesc_len = SIM_MOUSE_OVERSIZED;
		sent = SIM_MOUSE_OVERSIZED;
	}
	di->hid_desc.wReportLength = cpu_to_le16(rdesc_len);
	/* header.size: the real bytes; the pipe carries the padding too. */
	body = sizeof(di->info) + sizeof(di->hid_desc) + rdesc_len;
	len = sizeof(*di) + sent;
	switch (variant) {
	case SIM_MOUSE_TRUNCATED:
		/* Cut four bytes into the HID descriptor. */
		body = sizeof(di->info) + 4;
		len = sizeof(di->hdr) + body;
		break;
	case SIM_MOUSE_DESC_PAST:
		di->hid_desc.wReportLength = cpu_to_le16(200);
		break;
	case SIM_MOUSE_BLENGTH0:
		di->hid_desc.bLength = 0;
		break;
	case SIM_MOUSE_BLENGTH_PAST:
		di->hid_desc.bLength = 255;
		break;
	case SIM_MOUSE_SA167:
		rdesc[SYNTHHID_SA167_OFFSET] = SYNTHHID_SA167_BAD;
		break;
	case SIM_MOUSE_GARBAGE:
		rdesc[0] = 0xc0;	/* End Collection, with none open */
		break;
	default:
		break;
	}
	sim_mouse_hdrs(msg, SYNTHHID_INITIAL_DEVICE_INFO, body, len);
	return len;
}

/* 4.3 steps 2-3: the answer to a PROTOCOL_REQUEST (ring_lock held). */
static int sim_mouse_answer(struct sim_channel *channel, u32 version)
{
	static const u8 early[SIM_MOUSE_REPORT_SIZE] = { 0x01, 0x11, 0x11, 0x22, 0x22 };
	u32 info_len = sizeof(struct synthhid_device_info) + SIM_MOUSE_OVERSIZED;
	struct synthhid_protocol_response resp = {
		.version_requested = cpu_to_le32(version),
	};
	enum sim_mouse_variant variant;
	u32 len, need;
	u8 *info;
	int ret;

	lockdep_assert_held(&channel->ring_lock);
	spin_lock_irq(&sim_mouse.lock);
	variant = sim_mouse.variant;
	spin_unlock_irq(&sim_mouse.lock);

	resp.approved = version == SYNTHHID_VERSION_WIN8 &&
			variant != SIM_MOUSE_REFUSE;
	/* Exactly 5 body bytes: 13 after the pipe header. */
	sim_mouse_hdrs(&resp, SYNTHHID_PROTOCOL_RESPONSE,
		       sizeof(resp) - sizeof(resp.hdr), sizeof(resp));
	info = kzalloc(info_len, GFP_KERNEL);
	if (!info)
		return -EAGAIN;
	len = sim_mouse_build_info(info, variant);
	/* All or nothing: the request stays in the ring until it all fits. */
	need = sim_packet_total(sizeof(resp)) + sim_packet_total(len) +
	       2 * sim_packet_total(sizeof(struct synthhid_hdrs) + sizeof(early));
	ret = sim_ring_room(channel, need);
	if (ret)
		goto out;
	ret = sim_mouse_write(channel, &resp, sizeof(resp));
	if (ret || !resp.approved)
		goto out;
	if (variant == SIM_MOUSE_EARLY_REPORT) {
		ret = sim_mouse_write_report(channel, early, sizeof(early));
		if (ret)
			goto out;
	}
	ret = sim_mouse_write(channel, info, len);
	if (ret)
		goto out;
	spin_lock_irq(&sim_mouse.lock);
	sim_mouse.info_sent = true;
	spin_unlock_irq(&sim_mouse.lock);
	if (variant == SIM_MOUSE_EARLY_REPORT)
		ret = sim_mouse_write_report(channel, early, sizeof(early));
out:
	kfree(info);
	return ret == -EMSGSIZE ? 0 : ret;
}

/*
 * A packet from the guest on the mouse channel (ring_lock held). 0: done
 * with it; -EAGAIN: no room for the answer yet; -EPROTO: the guest broke
 * the inbound ring.
 */
int sim_mouse_packet(struct sim_channel *channel, const void *pkt, u32 len)
{
	const struct vmbus_packet_descriptor *desc = pkt;
	u32 off = le16_to_cpu(desc->offset8) * 8, size = len - off;
	const struct synthhid_hdrs *hdr = (const void *)((const u8 *)pkt + off);
	u32 pipe_size, body, type;

	lockdep_assert_held(&channel->ring_lock);
	if (le16_to_cpu(desc->type) != VMBUS_PACKET_DATA_INBAND) {
		sim_violation("mouse: a packet of type %u\n", le16_to_cpu(desc->type));
		return 0;
	}
	if (size < sizeof(*hdr) || le32_to_cpu(hdr->pipe.type) != SYNTHHID_PIPE_DATA) {
		sim_violation("mouse: a %u-byte message without a data pipe header\n",
			      size);
		return 0;
	}
	pipe_size = le32_to_cpu(hdr->pipe.size);
	body = le32_to_cpu(hdr->hid.size);
	type = le32_to_cpu(hdr->hid.type);
	if (pipe_size > size - sizeof(hdr->pipe) || pipe_size < sizeof(hdr->hid) ||
	    body != pipe_size - sizeof(hdr->hid)) {
		sim_violation("mouse: type %u with pipe size %u, SynthHID size %u in %u bytes\n",
			      type, pipe_size, body, size);
		return 0;
	}
	switch (type) {
	case SYNTHHID_PROTOCOL_REQUEST: {
		const struct synthhid_protocol_request *req = (const void *)hdr;
		u32 version;

		if (body != sizeof(req->version)) {
			sim_violation("mouse: PROTOCOL_REQUEST of %u bytes\n", body);
			return 0;
		}
		version = le32_to_cpu(req->version);
		if (version != SYNTHHID_VERSION_WIN8)
			sim_violation("mouse: PROTOCOL_REQUEST for version %#x\n", version);
		spin_lock_irq(&sim_mouse.lock);
		sim_mouse.relid = channel->relid;
		sim_mouse.protocol_requests++;
		sim_mouse.info_sent = false;
		sim_mouse.acked = false;
		spin_unlock_irq(&sim_mouse.lock);
		return sim_mouse_answer(channel, version);
	}
	case SYNTHHID_INITIAL_DEVICE_INFO_ACK:
		spin_lock_irq(&sim_mouse.lock);
		if (body != 1 || !sim_mouse.info_sent || sim_mouse.acked ||
		    sim_mouse.relid != channel->relid) {
			spin_unlock_irq(&sim_mouse.lock);
			sim_violation("mouse: an ACK of %u bytes to no device info\n", body);
			return 0;
		}
		sim_mouse.acked = true;
		sim_mouse.acks++;
		spin_unlock_irq(&sim_mouse.lock);
		return 0;
	default:
		sim_violation("mouse: a message of SynthHID type %u from the guest\n", type);
		return 0;
	}
}

/*
 * May the host look for room again? While it waits, only once the guest
 * has signalled (6.7 step 6) or a second has passed, as the ring work
 * does: looking sooner would take a signal still on its way for none.
 */
static bool sim_mouse_may_look(struct sim_channel *channel, unsigned long since)
{
	lockdep_assert_held(&channel->ring_lock);
	return !channel->waiting ||
	       atomic_read(&channel->signals) != channel->wait_signals ||
	       time_after(jiffies, since + HZ);
}

/*
 * Send one input report on the mouse channel, waiting up to
 * SIM_MOUSE_SEND_WAIT for room; @make fills it in under the state lock
 * (so moves and clicks do not mix).
 */
static int sim_mouse_send(void (*make)(u8 *report, u32 *size, void *arg), void *arg)
{
	unsigned long start = jiffies, since = jiffies;
	struct sim_channel *channel;
	u8 report[SIM_MOUSE_RAW_MAX];
	int tries, ret = -EAGAIN;
	u32 size, relid;
	bool acked;

	for (tries = 0; ret == -EAGAIN; tries++) {
		if (time_after(jiffies, start + SIM_MOUSE_SEND_WAIT))
			return -ETIMEDOUT;
		if (tries)
			usleep_range(1000, 2000);
		mutex_lock(&sim.channels_lock);
		spin_lock_irq(&sim_mouse.lock);
		relid = sim_mouse.relid;
		acked = sim_mouse.acked;
		spin_unlock_irq(&sim_mouse.lock);
		channel = sim_channel_find(relid);
		if (!channel || channel->rescinded || !channel->open ||
		    channel->handler != SIM_HANDLER_MOUSE) {
			mutex_unlock(&sim.channels_lock);
			return -ENODEV;
		}
		if (!acked) {
			mutex_unlock(&sim.channels_lock);
			return -EPROTO;
		}
		mutex_lock(&channel->ring_lock);
		if (!channel->pkt || channel->broken) {
			ret = -ENODEV;
		} else if (!sim_mouse_may_look(channel, since)) {
			ret = -EAGAIN;
		} else {
			spin_lock_irq(&sim_mouse.lock);
			make(report, &size, arg);
			spin_unlock_irq(&sim_mouse.lock);
			ret = sim_mouse_write_report(channel, report, size);
			if (ret == -EAGAIN)
				since = jiffies;
		}
		mutex_unlock(&channel->ring_lock);
		mutex_unlock(&sim.channels_lock);
	}
	if (!ret) {
		spin_lock_irq(&sim_mouse.lock);
		sim_mouse.reports++;
		spin_unlock_irq(&sim_mouse.lock);
	}
	return ret;
}

/* The 7-byte report of the current state with @wheel (sim_mouse.lock held). */
static void sim_mouse_state(u8 *report, u32 *size, s16 wheel)
{
	__le16 v[3] = {
		cpu_to_le16(sim_mouse.x), cpu_to_le16(sim_mouse.y),
		cpu_to_le16((u16)wheel),
	};

	lockdep_assert_held(&sim_mouse.lock);
	report[0] = sim_mouse.buttons;
	memcpy(report + 1, v, sizeof(v));
	*size = SIM_MOUSE_REPORT_SIZE;
}

struct sim_mouse_cmd {
	u32 a, b;
	s16 wheel;
	const u8 *raw;
	u32 raw_len;
};

static void sim_mouse_make_move(u8 *report, u32 *size, void *arg)
{
	const struct sim_mouse_cmd *cmd = arg;

	sim_mouse.x = cmd->a;
	sim_mouse.y = cmd->b;
	sim_mouse_state(report, size, 0);
}

static void sim_mouse_make_buttons(u8 *report, u32 *size, void *arg)
{
	const struct sim_mouse_cmd *cmd = arg;

	sim_mouse.buttons = cmd->a;
	sim_mouse_state(report, size, 0);
}

static void sim_mouse_make_wheel(u8 *report, u32 *size, void *arg)
{
	const struct sim_mouse_cmd *cmd = arg;

	sim_mouse_state(report, size, cmd->wheel);
}

static void sim_mouse_make_raw(u8 *report, u32 *size, void *arg)
{
	const struct sim_mouse_cmd *cmd = arg;

	memcpy(report, cmd->raw, cmd->raw_len);
	*size = cmd->raw_len;
}

static int sim_mouse_burst(u32 count)
{
	struct sim_mouse_cmd cmd = { };
	u32 i;
	int ret;

	for (i = 0; i < count; i++) {
		cmd.a = i % 32768;
		cmd.b = (i * 7) % 32768;
		ret = sim_mouse_send(sim_mouse_make_move, &cmd);
		if (ret)
			return i ? 0 : ret;	/* the channel went: the burst ends */
		cond_resched();
	}
	return 0;
}

static int sim_mouse_command(char *buf)
{
	u8 raw[SIM_MOUSE_RAW_MAX];
	struct sim_mouse_cmd cmd = { .raw = raw };
	char *verb = strsep(&buf, " "), *arg = buf ? strim(buf) : "";
	int ret, i;
	s32 wheel;

	if (!strcmp(verb, "move")) {
		if (sscanf(arg, "%u %u", &cmd.a, &cmd.b) != 2 ||
		    cmd.a > 32767 || cmd.b > 32767)
			return -EINVAL;
		return sim_mouse_send(sim_mouse_make_move, &cmd);
	}
	if (!strcmp(verb, "buttons")) {
		ret = kstrtou32(arg, 0, &cmd.a);
		if (ret || cmd.a > 0x1f)
			return ret ?: -EINVAL;
		return sim_mouse_send(sim_mouse_make_buttons, &cmd);
	}
	if (!strcmp(verb, "wheel")) {
		ret = kstrtos32(arg, 0, &wheel);
		if (ret || wheel < -32767 || wheel > 32767)
			return ret ?: -EINVAL;
		cmd.wheel = wheel;
		return sim_mouse_send(sim_mouse_make_wheel, &cmd);
	}
	if (!strcmp(verb, "raw")) {
		cmd.raw_len = strlen(arg) / 2;
		if (!cmd.raw_len || cmd.raw_len > sizeof(raw) || strlen(arg) % 2 ||
		    hex2bin(raw, arg, cmd.raw_len))
			return -EINVAL;
		return sim_mouse_send(sim_mouse_make_raw, &cmd);
	}
	if (!strcmp(verb, "burst")) {
		ret = kstrtou32(arg, 0, &cmd.a);
		return ret ?: sim_mouse_burst(cmd.a);
	}
	if (!strcmp(verb, "variant")) {
		i = match_string(sim_mouse_variants, SIM_MOUSE_VARIANTS, arg);
		if (i < 0)
			return -EINVAL;
		spin_lock_irq(&sim_mouse.lock);
		sim_mouse.variant = i;
		spin_unlock_irq(&sim_mouse.lock);
		return 0;
	}
	return -EINVAL;
}

static ssize_t sim_mouse_write_file(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	char buf[160];
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	mutex_lock(&sim_mouse_send_lock);
	ret = sim_mouse_command(strim(buf));
	mutex_unlock(&sim_mouse_send_lock);
	return ret ? ret : count;
}

static int sim_mouse_show(struct seq_file *m, void *unused)
{
	u64 requests, acks, reports;
	enum sim_mouse_variant variant;
	u32 relid;

	spin_lock_irq(&sim_mouse.lock);
	relid = sim_mouse.relid;
	requests = sim_mouse.protocol_requests;
	acks = sim_mouse.acks;
	reports = sim_mouse.reports;
	variant = sim_mouse.variant;
	spin_unlock_irq(&sim_mouse.lock);
	seq_printf(m, "relid %u\nprotocol_requests %llu\nacks %llu\nreports %llu\nvariant %s\n",
		   relid, requests, acks, reports, sim_mouse_variants[variant]);
	return 0;
}

static int sim_mouse_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_mouse_show, NULL);
}

static const struct file_operations sim_mouse_fops = {
	.owner = THIS_MODULE,
	.open = sim_mouse_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sim_mouse_write_file,
};

void sim_mouse_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("mouse", 0600, dir, NULL, &sim_mouse_fops);
}
