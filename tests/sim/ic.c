// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the util services (protocol-vmbus.md 8, 9):
 * shutdown, heartbeat, time sync and KVP channels.
 *
 * When the guest opens one of these channels the host sends NEGOTIATE,
 * offering its framework and service versions (configurable per service
 * through ic_offer). After that it sends one request at a time, when a
 * test asks through debugfs, and waits for the answer (up to 10 s).
 *
 * Every guest answer is checked against 8.3 / 8.4: an in-band packet with
 * the request's trans_id, the received length (padded to 8 as the ring
 * delivered it; a NEGOTIATE answer may be shorter, but holds its counts
 * and two versions), icflags TRANSACTION|RESPONSE, the request's
 * icmsgtype and ictransaction_id; a NEGOTIATE answer chooses one
 * framework and one service version this host offered (counts 1/1), or
 * fails (counts 0/0). A heartbeat answer carries seq_num + 1. An answer
 * nobody asked for, or to a malformed request that is not E_FAIL, is a
 * violation too.
 *
 * debugfs (/sys/kernel/debug/vmbus_sim/):
 *   ic_status     one line per service: "<name> relid=<r|0> fw=<M.m>
 *                 srv=<M.m> negotiations=<n> requests=<n> answers=<n>
 *                 last_status=0x<8 hex> outstanding=<0|1>" (fw/srv 0.0
 *                 until negotiated; a failed negotiation leaves 0.0)
 *   ic_offer      write "<service> <fw,...> <srv,...>", e.g.
 *                 "timesync 1.0,3.0 3.0": what the next NEGOTIATE offers
 *   ic_negotiate  write "<service>": negotiate again now
 *   ic_heartbeat  write "<seq>": one heartbeat; read: the last answer's
 *                 seq_num
 *   ic_shutdown   write "<flags>": one shutdown request; read: the last
 *                 answer's status (0x<8 hex>)
 *   ic_timesync   write "<flags> <offset_ms>": one time sample whose
 *                 parenttime is the guest's realtime now + offset and
 *                 whose vmreferencetime is the reference time now (v4
 *                 format when 4.0 was negotiated, else the < 4.0 one);
 *                 read: the last answer's status (0x<8 hex>)
 *   ic_clock      read: the guest's CLOCK_REALTIME - CLOCK_BOOTTIME in ns,
 *                 read together (how far the guest clock was stepped)
 *   ic_raw        write "<service> <kind>": a malformed request, kinds:
 *                 short (20 bytes, no IC header: must go unanswered),
 *                 size_past (icmsgsize past the packet), counts_big
 *                 (NEGOTIATE with 101 framework versions), counts_past
 *                 (NEGOTIATE counts past its buffer), wrong_type (a
 *                 message of another service's icmsgtype); all but
 *                 short must be answered E_FAIL
 * Writes fail with ENODEV when the service has no open channel, EBUSY
 * while a request is outstanding, ETIMEDOUT when no answer came in 10 s.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <hvlis/compat.h>

#include "ic.h"
#include "sim.h"

#define SIM_IC_WAIT		(10 * HZ)
#define SIM_IC_FLAGS_REQUEST	(ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_REQUEST)
#define SIM_IC_FLAGS_RESPONSE	(ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE)
/* 1601-01-01 to 1970-01-01 in 100 ns (3.3). */
#define SIM_WLTIMEDELTA		116444736000000000ULL

struct sim_ic {
	const char *name;
	guid_t class_id;
	u16 msgtype;
	struct sim_ic_offer offer;

	/* Under sim_ic_lock. */
	u32 relid;		/* the open channel, 0: none */
	struct vmbus_ic_version fw, srv;	/* negotiated, 0.0: none */
	u64 negotiations, requests, answers;
	bool outstanding;
	bool answered;		/* the outstanding request got its answer */
	bool expect_answer;
	enum sim_ic_expect expect;
	u16 sent_type;
	u8 ic_tid;
	u64 trans_id;
	u32 sent_len;
	u64 hb_seq;		/* heartbeat: the seq_num sent */
	u32 last_status;
	u64 last_seq;		/* heartbeat: seq_num of the last answer */
	u8 last[SIM_IC_MAX_MSG];	/* service data of the last answer */
	u32 last_size;
};

#define SIM_V(maj, min)	{ .major = cpu_to_le16(maj), .minor = cpu_to_le16(min) }

static struct sim_ic sim_ics[SIM_IC_COUNT] = {
	[SIM_IC_SHUTDOWN] = {
		.name = "shutdown",
		.class_id = GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b,
				      0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb),
		.msgtype = ICMSGTYPE_SHUTDOWN,
		.offer = { 2, 4, { SIM_V(1, 0), SIM_V(3, 0) },
			   { SIM_V(1, 0), SIM_V(3, 0), SIM_V(3, 1), SIM_V(3, 2) } },
	},
	[SIM_IC_HEARTBEAT] = {
		.name = "heartbeat",
		.class_id = GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55,
				      0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d),
		.msgtype = ICMSGTYPE_HEARTBEAT,
		.offer = { 2, 2, { SIM_V(1, 0), SIM_V(3, 0) },
			   { SIM_V(1, 0), SIM_V(3, 0) } },
	},
	[SIM_IC_TIMESYNC] = {
		.name = "timesync",
		.class_id = GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce,
				      0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
		.msgtype = ICMSGTYPE_TIMESYNC,
		.offer = { 2, 3, { SIM_V(1, 0), SIM_V(3, 0) },
			   { SIM_V(1, 0), SIM_V(3, 0), SIM_V(4, 0) } },
	},
	[SIM_IC_KVP] = {
		.name = "kvp",
		.class_id = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96, 0xb8, 0x27,
				      0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6),
		.msgtype = ICMSGTYPE_KVPEXCHANGE,
		.offer = { 2, 3, { SIM_V(1, 0), SIM_V(3, 0) },
			   { SIM_V(1, 0), SIM_V(3, 0), SIM_V(4, 0) } },
	},
};

static DEFINE_SPINLOCK(sim_ic_lock);
static DECLARE_WAIT_QUEUE_HEAD(sim_ic_wq);
static DEFINE_MUTEX(sim_ic_send_lock);	/* one request in the making */
static u64 sim_ic_next_trans_id = 1;

static u32 sim_ic_ver(const struct vmbus_ic_version *v)
{
	return (u32)le16_to_cpu(v->major) << 16 | le16_to_cpu(v->minor);
}

bool sim_ic_class(const guid_t *class_id)
{
	int i;

	for (i = 0; i < SIM_IC_COUNT; i++)
		if (guid_equal(class_id, &sim_ics[i].class_id))
			return true;
	return false;
}

static struct sim_ic *sim_ic_of(const struct sim_channel *channel)
{
	int i;

	for (i = 0; i < SIM_IC_COUNT; i++)
		if (guid_equal(&channel->class_id, &sim_ics[i].class_id))
			return &sim_ics[i];
	return NULL;
}

/*
 * Write @len bytes of @msg to the channel (channels_lock and the
 * channel's ring_lock held), recording the request.
 */
static int sim_ic_write(struct sim_ic *ic, struct sim_channel *channel,
			const void *msg, u32 len, bool expect_answer,
			enum sim_ic_expect expect)
{
	const struct vmbus_ic_msg_hdr *hdr = msg;
	unsigned long flags;
	u64 trans_id;
	int ret;

	if (!channel->pkt || channel->broken)
		return -ENODEV;
	spin_lock_irqsave(&sim_ic_lock, flags);
	if (ic->outstanding) {
		spin_unlock_irqrestore(&sim_ic_lock, flags);
		return -EBUSY;
	}
	trans_id = sim_ic_next_trans_id++;
	ic->outstanding = expect_answer;
	ic->answered = false;
	ic->expect_answer = expect_answer;
	ic->expect = expect;
	ic->trans_id = trans_id;
	ic->sent_len = len;
	if (len >= SIM_IC_HDR) {
		ic->sent_type = le16_to_cpu(hdr->icmsgtype);
		ic->ic_tid = hdr->ictransaction_id;
	}
	ic->requests++;
	spin_unlock_irqrestore(&sim_ic_lock, flags);

	ret = sim_ring_write_packet(channel, VMBUS_PACKET_DATA_INBAND, 0,
				    trans_id, msg, len);
	if (ret) {
		spin_lock_irqsave(&sim_ic_lock, flags);
		ic->outstanding = false;
		spin_unlock_irqrestore(&sim_ic_lock, flags);
	}
	return ret;
}

/* Fill the pipe and IC headers of a request of @size service bytes. */
static void sim_ic_fill_hdr(struct sim_ic *ic, void *msg, u16 msgtype,
			    u32 size, u32 len)
{
	struct vmbus_ic_msg_hdr *hdr = msg;
	static u8 tid;

	hdr->pipe.flags = cpu_to_le32(1);
	hdr->pipe.msgsize = cpu_to_le32(len - sizeof(hdr->pipe));
	hdr->icverframe = ic->fw;
	hdr->icvermsg = ic->srv;
	if (msgtype == ICMSGTYPE_NEGOTIATE) {
		/* Before negotiation: the oldest framework, 1.0. */
		hdr->icverframe.major = cpu_to_le16(1);
		hdr->icverframe.minor = 0;
		hdr->icvermsg = hdr->icverframe;
	}
	hdr->icmsgtype = cpu_to_le16(msgtype);
	hdr->icmsgsize = cpu_to_le16(size);
	hdr->status = 0;
	hdr->ictransaction_id = ++tid;
	hdr->icflags = SIM_IC_FLAGS_REQUEST;
}

/* Build the NEGOTIATE of @ic into @msg (SIM_IC_MAX_MSG bytes): its length. */
static u32 sim_ic_build_negotiate(struct sim_ic *ic, u8 *msg)
{
	struct vmbus_ic_negotiate *neg = (void *)(msg + SIM_IC_HDR);
	const struct sim_ic_offer *o = &ic->offer;
	u32 size = struct_size(neg, icversion_data, o->fc + o->mc), i;

	memset(msg, 0, SIM_IC_HDR + size);
	sim_ic_fill_hdr(ic, msg, ICMSGTYPE_NEGOTIATE, size, SIM_IC_HDR + size);
	neg->icframe_vercnt = cpu_to_le16(o->fc);
	neg->icmsg_vercnt = cpu_to_le16(o->mc);
	for (i = 0; i < o->fc; i++)
		neg->icversion_data[i] = o->fw[i];
	for (i = 0; i < o->mc; i++)
		neg->icversion_data[o->fc + i] = o->srv[i];
	return SIM_IC_HDR + size;
}

/*
 * The guest opened an IC channel (channels_lock held, from the message
 * work): start with NEGOTIATE.
 */
void sim_ic_opened(struct sim_channel *channel)
{
	struct sim_ic *ic = sim_ic_of(channel);
	unsigned long flags;
	u8 *msg;
	u32 len;
	int ret;

	if (!ic)
		return;
	spin_lock_irqsave(&sim_ic_lock, flags);
	ic->relid = channel->relid;
	ic->outstanding = false;
	memset(&ic->fw, 0, sizeof(ic->fw));
	memset(&ic->srv, 0, sizeof(ic->srv));
	spin_unlock_irqrestore(&sim_ic_lock, flags);

	msg = kzalloc(SIM_IC_MAX_MSG, GFP_KERNEL);
	if (!msg)
		return;
	mutex_lock(&channel->ring_lock);
	len = sim_ic_build_negotiate(ic, msg);
	ret = sim_ic_write(ic, channel, msg, len, true, SIM_IC_EXPECT_ANY);
	mutex_unlock(&channel->ring_lock);
	if (ret)
		pr_warn("%s: could not send NEGOTIATE (error %d)\n", ic->name, ret);
	kfree(msg);
}

/* Check a NEGOTIATE answer (sim_ic_lock held). */
static void sim_ic_check_negotiate(struct sim_ic *ic, const u8 *msg, u32 len)
{
	const struct vmbus_ic_msg_hdr *hdr = (const void *)msg;
	const struct vmbus_ic_negotiate *neg = (const void *)(msg + SIM_IC_HDR);
	const struct sim_ic_offer *o = &ic->offer;
	u32 fc, mc, fw, srv, i;
	bool fw_ok = false, srv_ok = false;

	ic->negotiations++;
	if (len < SIM_IC_HDR + struct_size(neg, icversion_data, 2)) {
		sim_violation("%s: NEGOTIATE answer of %u bytes, too short for its versions\n",
			      ic->name, len);
		return;
	}
	fc = le16_to_cpu(neg->icframe_vercnt);
	mc = le16_to_cpu(neg->icmsg_vercnt);
	memset(&ic->fw, 0, sizeof(ic->fw));
	memset(&ic->srv, 0, sizeof(ic->srv));
	if (!fc && !mc) {
		/* A failed negotiation; the status may say so too. */
		pr_info("%s: the guest found no common version\n", ic->name);
		return;
	}
	if (fc != 1 || mc != 1 || hdr->status) {
		sim_violation("%s: NEGOTIATE answer with counts %u/%u, status %#x\n",
			      ic->name, fc, mc, le32_to_cpu(hdr->status));
		return;
	}
	if (le16_to_cpu(hdr->icmsgsize) != struct_size(neg, icversion_data, 2))
		sim_violation("%s: NEGOTIATE answer with icmsgsize %u\n", ic->name,
			      le16_to_cpu(hdr->icmsgsize));
	fw = sim_ic_ver(&neg->icversion_data[0]);
	srv = sim_ic_ver(&neg->icversion_data[1]);
	for (i = 0; i < o->fc; i++)
		fw_ok |= sim_ic_ver(&o->fw[i]) == fw;
	for (i = 0; i < o->mc; i++)
		srv_ok |= sim_ic_ver(&o->srv[i]) == srv;
	if (!fw_ok || !srv_ok) {
		sim_violation("%s: the guest chose framework %#x, service %#x; not both offered\n",
			      ic->name, fw, srv);
		return;
	}
	ic->fw = neg->icversion_data[0];
	ic->srv = neg->icversion_data[1];
}

/* A packet from the guest on an IC channel (ring_lock held). */
int sim_ic_packet(struct sim_channel *channel, const void *pkt, u32 len)
{
	const struct vmbus_packet_descriptor *desc = pkt;
	u32 off = le16_to_cpu(desc->offset8) * 8, size = len - off;
	const u8 *msg = (const u8 *)pkt + off;
	const struct vmbus_ic_msg_hdr *hdr = (const void *)msg;
	struct sim_ic *ic = sim_ic_of(channel);
	unsigned long flags;
	u32 status, want;

	if (!ic)
		return 0;
	spin_lock_irqsave(&sim_ic_lock, flags);
	if (!ic->outstanding) {
		sim_violation("%s: an answer (trans_id %llu) to no outstanding request\n",
			      ic->name, le64_to_cpu(desc->trans_id));
		goto out;
	}
	if (le16_to_cpu(desc->type) != VMBUS_PACKET_DATA_INBAND ||
	    le64_to_cpu(desc->trans_id) != ic->trans_id) {
		sim_violation("%s: answer of type %u, trans_id %llu; want in-band, %llu\n",
			      ic->name, le16_to_cpu(desc->type),
			      le64_to_cpu(desc->trans_id), ic->trans_id);
		goto out;
	}
	ic->outstanding = false;
	ic->answered = true;
	ic->answers++;
	want = ALIGN(ic->sent_len, 8);
	if (size < SIM_IC_HDR || size > want ||
	    (size != want && ic->sent_type != ICMSGTYPE_NEGOTIATE)) {
		sim_violation("%s: answer of %u bytes to a request of %u\n",
			      ic->name, size, ic->sent_len);
		goto wake;
	}
	status = le32_to_cpu(hdr->status);
	ic->last_status = status;
	if (hdr->icflags != SIM_IC_FLAGS_RESPONSE ||
	    hdr->ictransaction_id != ic->ic_tid ||
	    le16_to_cpu(hdr->icmsgtype) != ic->sent_type)
		sim_violation("%s: answer with icflags %#x, ictransaction_id %u, icmsgtype %u; want %#x, %u, %u\n",
			      ic->name, hdr->icflags, hdr->ictransaction_id,
			      le16_to_cpu(hdr->icmsgtype), SIM_IC_FLAGS_RESPONSE,
			      ic->ic_tid, ic->sent_type);
	if (ic->expect == SIM_IC_EXPECT_FAIL && status != HV_E_FAIL)
		sim_violation("%s: a malformed request answered with status %#x, not E_FAIL\n",
			      ic->name, status);
	else if (ic->expect == SIM_IC_EXPECT_FAIL)
		goto keep;
	if (ic->sent_type == ICMSGTYPE_NEGOTIATE) {
		sim_ic_check_negotiate(ic, msg, size);
	} else if (ic->sent_type == ICMSGTYPE_HEARTBEAT && !status) {
		const struct vmbus_ic_heartbeat *hb = (const void *)(msg + SIM_IC_HDR);

		if (size < SIM_IC_HDR + sizeof(hb->seq_num)) {
			sim_violation("heartbeat: answer without a sequence number\n");
			goto keep;
		}
		ic->last_seq = le64_to_cpu(hb->seq_num);
		if (ic->last_seq != ic->hb_seq + 1)
			sim_violation("heartbeat: answer with seq_num %llu to %llu\n",
				      ic->last_seq, ic->hb_seq);
	}
keep:
	ic->last_size = size - SIM_IC_HDR;
	memcpy(ic->last, msg + SIM_IC_HDR, ic->last_size);
wake:
	wake_up_all(&sim_ic_wq);
out:
	spin_unlock_irqrestore(&sim_ic_lock, flags);
	return 0;
}

static bool sim_ic_done(struct sim_ic *ic)
{
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&sim_ic_lock, flags);
	done = !ic->outstanding;
	spin_unlock_irqrestore(&sim_ic_lock, flags);
	return done;
}

/* Send @msg on the service's channel; wait for its answer if one is due. */
static int sim_ic_send(struct sim_ic *ic, const void *msg, u32 len,
		       bool expect_answer, enum sim_ic_expect expect)
{
	struct sim_channel *channel;
	u32 relid;
	int ret;

	mutex_lock(&sim.channels_lock);
	spin_lock_irq(&sim_ic_lock);
	relid = ic->relid;
	spin_unlock_irq(&sim_ic_lock);
	channel = sim_channel_find(relid);
	if (!channel || channel->rescinded || !channel->open ||
	    sim_ic_of(channel) != ic) {
		mutex_unlock(&sim.channels_lock);
		return -ENODEV;
	}
	mutex_lock(&channel->ring_lock);
	ret = sim_ic_write(ic, channel, msg, len, expect_answer, expect);
	mutex_unlock(&channel->ring_lock);
	mutex_unlock(&sim.channels_lock);
	if (ret || !expect_answer)
		return ret;
	if (!wait_event_timeout(sim_ic_wq, sim_ic_done(ic), SIM_IC_WAIT))
		return -ETIMEDOUT;
	return 0;
}

int sim_ic_send_raw(enum sim_ic_svc svc, const void *msg, u32 len,
		    bool expect_answer, enum sim_ic_expect expect)
{
	int ret;

	mutex_lock(&sim_ic_send_lock);
	ret = sim_ic_send(&sim_ics[svc], msg, len, expect_answer, expect);
	mutex_unlock(&sim_ic_send_lock);
	return ret;
}

/* @pad: extra zero bytes after the service data (a bigger buffer). */
int sim_ic_request(enum sim_ic_svc svc, u16 msgtype, const void *data,
		   u32 size, u32 pad, enum sim_ic_expect expect)
{
	struct sim_ic *ic = &sim_ics[svc];
	u32 len = SIM_IC_HDR + size + pad;
	u8 *msg;
	int ret;

	if (len > SIM_IC_MAX_MSG)
		return -EINVAL;
	msg = kzalloc(len, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&sim_ic_send_lock);
	sim_ic_fill_hdr(ic, msg, msgtype, size, len);
	memcpy(msg + SIM_IC_HDR, data, size);
	ret = sim_ic_send(ic, msg, len, true, expect);
	mutex_unlock(&sim_ic_send_lock);
	kfree(msg);
	return ret;
}

int sim_ic_last_answer(enum sim_ic_svc svc, u32 *status, void *data, u32 size)
{
	struct sim_ic *ic = &sim_ics[svc];
	int ret = -ENODATA;

	spin_lock_irq(&sim_ic_lock);
	if (ic->answers) {
		*status = ic->last_status;
		ret = min(size, ic->last_size);
		memcpy(data, ic->last, ret);
	}
	spin_unlock_irq(&sim_ic_lock);
	return ret;
}

u32 sim_ic_srv_version(enum sim_ic_svc svc)
{
	u32 v;

	spin_lock_irq(&sim_ic_lock);
	v = sim_ic_ver(&sim_ics[svc].srv);
	spin_unlock_irq(&sim_ic_lock);
	return v;
}

/* debugfs */

static int sim_ic_lookup(const char *name)
{
	int i;

	for (i = 0; i < SIM_IC_COUNT; i++)
		if (!strcmp(name, sim_ics[i].name))
			return i;
	return -EINVAL;
}

static char *sim_ic_command(const char __user *ubuf, size_t count)
{
	char *buf;

	if (count > 4096)
		return ERR_PTR(-EINVAL);
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return buf;
	return buf;
}

static int sim_ic_status_show(struct seq_file *m, void *unused)
{
	int i;

	spin_lock_irq(&sim_ic_lock);
	for (i = 0; i < SIM_IC_COUNT; i++) {
		struct sim_ic *ic = &sim_ics[i];

		seq_printf(m, "%s relid=%u fw=%u.%u srv=%u.%u negotiations=%llu requests=%llu answers=%llu last_status=0x%08x outstanding=%d\n",
			   ic->name, ic->relid, le16_to_cpu(ic->fw.major),
			   le16_to_cpu(ic->fw.minor), le16_to_cpu(ic->srv.major),
			   le16_to_cpu(ic->srv.minor), ic->negotiations,
			   ic->requests, ic->answers, ic->last_status, ic->outstanding);
	}
	spin_unlock_irq(&sim_ic_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_ic_status);

/* "1.0,3.0" into @v (at most SIM_IC_MAX_OFFER); the count. */
static int sim_ic_parse_versions(char *list, struct vmbus_ic_version *v)
{
	unsigned int n = 0, maj, min;
	char *tok;

	while ((tok = strsep(&list, ",")) != NULL) {
		if (n >= SIM_IC_MAX_OFFER || sscanf(tok, "%u.%u", &maj, &min) != 2 ||
		    maj > U16_MAX || min > U16_MAX)
			return -EINVAL;
		v[n].major = cpu_to_le16(maj);
		v[n].minor = cpu_to_le16(min);
		n++;
	}
	return n;
}

static ssize_t sim_ic_offer_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct sim_ic_offer offer = { };
	char *buf, *p, *name, *fw, *srv;
	int svc, ret = -EINVAL;

	buf = sim_ic_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	name = strsep(&p, " ");
	fw = strsep(&p, " ");
	srv = p;
	svc = name ? sim_ic_lookup(name) : -EINVAL;
	if (svc < 0 || !fw || !srv)
		goto out;
	ret = sim_ic_parse_versions(fw, offer.fw);
	if (ret < 0)
		goto out;
	offer.fc = ret;
	ret = sim_ic_parse_versions(strim(srv), offer.srv);
	if (ret < 0)
		goto out;
	offer.mc = ret;
	mutex_lock(&sim_ic_send_lock);
	sim_ics[svc].offer = offer;
	mutex_unlock(&sim_ic_send_lock);
	ret = 0;
out:
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations sim_ic_offer_fops = {
	.owner = THIS_MODULE,
	.write = sim_ic_offer_write,
};

static ssize_t sim_ic_negotiate_write(struct file *file, const char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	struct sim_ic *ic;
	char *buf;
	u8 *msg;
	int svc, ret;

	buf = sim_ic_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	svc = sim_ic_lookup(strim(buf));
	kfree(buf);
	if (svc < 0)
		return svc;
	ic = &sim_ics[svc];
	msg = kzalloc(SIM_IC_MAX_MSG, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&sim_ic_send_lock);
	ret = sim_ic_send(ic, msg, sim_ic_build_negotiate(ic, msg), true,
			  SIM_IC_EXPECT_ANY);
	mutex_unlock(&sim_ic_send_lock);
	kfree(msg);
	return ret ? ret : count;
}

static const struct file_operations sim_ic_negotiate_fops = {
	.owner = THIS_MODULE,
	.write = sim_ic_negotiate_write,
};

static ssize_t sim_ic_heartbeat_write(struct file *file, const char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	struct vmbus_ic_heartbeat hb = { };
	u64 seq;
	int ret;

	ret = kstrtou64_from_user(ubuf, count, 0, &seq);
	if (ret)
		return ret;
	hb.seq_num = cpu_to_le64(seq);
	spin_lock_irq(&sim_ic_lock);
	sim_ics[SIM_IC_HEARTBEAT].hb_seq = seq;
	spin_unlock_irq(&sim_ic_lock);
	ret = sim_ic_request(SIM_IC_HEARTBEAT, ICMSGTYPE_HEARTBEAT, &hb, sizeof(hb),
			     0, SIM_IC_EXPECT_ANY);
	return ret ? ret : count;
}

static ssize_t sim_ic_heartbeat_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	char buf[32];
	int len;

	spin_lock_irq(&sim_ic_lock);
	len = scnprintf(buf, sizeof(buf), "%llu\n", sim_ics[SIM_IC_HEARTBEAT].last_seq);
	spin_unlock_irq(&sim_ic_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations sim_ic_heartbeat_fops = {
	.owner = THIS_MODULE,
	.write = sim_ic_heartbeat_write,
	.read = sim_ic_heartbeat_read,
};

static ssize_t sim_ic_status_read(enum sim_ic_svc svc, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char buf[32];
	int len;

	spin_lock_irq(&sim_ic_lock);
	len = scnprintf(buf, sizeof(buf), "0x%08x\n", sim_ics[svc].last_status);
	spin_unlock_irq(&sim_ic_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t sim_ic_shutdown_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct vmbus_ic_shutdown *sd;
	u32 flags;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &flags);
	if (ret)
		return ret;
	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->flags = cpu_to_le32(flags);
	sd->timeout_seconds = cpu_to_le32(30);
	ret = sim_ic_request(SIM_IC_SHUTDOWN, ICMSGTYPE_SHUTDOWN, sd, sizeof(*sd),
			     0, SIM_IC_EXPECT_ANY);
	kfree(sd);
	return ret ? ret : count;
}

static ssize_t sim_ic_shutdown_read(struct file *file, char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	return sim_ic_status_read(SIM_IC_SHUTDOWN, ubuf, count, ppos);
}

static const struct file_operations sim_ic_shutdown_fops = {
	.owner = THIS_MODULE,
	.write = sim_ic_shutdown_write,
	.read = sim_ic_shutdown_read,
};

static ssize_t sim_ic_timesync_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	u64 host_time, ref;
	s64 offset_ms, now;
	u32 flags;
	char *buf;
	int ret;

	buf = sim_ic_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = sscanf(buf, "%u %lld", &flags, &offset_ms) == 2 && flags <= U8_MAX ?
	      0 : -EINVAL;
	kfree(buf);
	if (ret)
		return ret;
	ref = sim_read_reference_time();
	now = ktime_get_real_ns() + offset_ms * NSEC_PER_MSEC;
	host_time = div_u64(now, 100) + SIM_WLTIMEDELTA;
	if (sim_ic_srv_version(SIM_IC_TIMESYNC) >= 0x40000) {
		struct vmbus_ic_timesync_ref ts = {
			.parenttime = cpu_to_le64(host_time),
			.vmreferencetime = cpu_to_le64(ref),
			.flags = flags,
			.stratum = 2,
		};

		ret = sim_ic_request(SIM_IC_TIMESYNC, ICMSGTYPE_TIMESYNC, &ts,
				     sizeof(ts), 0, SIM_IC_EXPECT_ANY);
	} else {
		struct vmbus_ic_timesync ts = {
			.parenttime = cpu_to_le64(host_time),
			.flags = flags,
		};

		ret = sim_ic_request(SIM_IC_TIMESYNC, ICMSGTYPE_TIMESYNC, &ts,
				     sizeof(ts), 0, SIM_IC_EXPECT_ANY);
	}
	return ret ? ret : count;
}

static ssize_t sim_ic_timesync_read(struct file *file, char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	return sim_ic_status_read(SIM_IC_TIMESYNC, ubuf, count, ppos);
}

static const struct file_operations sim_ic_timesync_fops = {
	.owner = THIS_MODULE,
	.write = sim_ic_timesync_write,
	.read = sim_ic_timesync_read,
};

static ssize_t sim_ic_clock_read(struct file *file, char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char buf[32];
	s64 offset;
	int len;

	offset = ktime_get_real_ns() - ktime_get_boottime_ns();
	len = scnprintf(buf, sizeof(buf), "%lld\n", offset);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations sim_ic_clock_fops = {
	.owner = THIS_MODULE,
	.read = sim_ic_clock_read,
};

/* A malformed request of @kind on service @svc. */
static int sim_ic_raw(enum sim_ic_svc svc, const char *kind)
{
	struct sim_ic *ic = &sim_ics[svc];
	struct vmbus_ic_msg_hdr *hdr;
	struct vmbus_ic_negotiate *neg;
	u32 len = SIM_IC_HDR + 64;
	u8 *msg;
	int ret = 0;

	msg = kzalloc(SIM_IC_MAX_MSG, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = (void *)msg;
	neg = (void *)(msg + SIM_IC_HDR);
	mutex_lock(&sim_ic_send_lock);
	if (!strcmp(kind, "short")) {
		sim_ic_fill_hdr(ic, msg, ic->msgtype, 0, 20);
		ret = sim_ic_send(ic, msg, 20, false, SIM_IC_EXPECT_ANY);
		goto out;
	}
	if (!strcmp(kind, "size_past")) {
		sim_ic_fill_hdr(ic, msg, ic->msgtype, 64 + 200, len);
	} else if (!strcmp(kind, "counts_big")) {
		len = sim_ic_build_negotiate(ic, msg);
		neg->icframe_vercnt = cpu_to_le16(VMBUS_IC_MAX_VERSIONS + 1);
		neg->icmsg_vercnt = cpu_to_le16(1);
		/* Versions enough for the counts: only the count is wrong. */
		len = SIM_IC_HDR + struct_size(neg, icversion_data, 102);
		hdr->icmsgsize = cpu_to_le16(len - SIM_IC_HDR);
		hdr->pipe.msgsize = cpu_to_le32(len - sizeof(hdr->pipe));
	} else if (!strcmp(kind, "counts_past")) {
		len = sim_ic_build_negotiate(ic, msg);
		neg->icframe_vercnt = cpu_to_le16(50);
		neg->icmsg_vercnt = cpu_to_le16(50);
	} else if (!strcmp(kind, "wrong_type")) {
		sim_ic_fill_hdr(ic, msg, ic->msgtype == ICMSGTYPE_HEARTBEAT ?
				ICMSGTYPE_SHUTDOWN : ICMSGTYPE_HEARTBEAT, 64, len);
	} else {
		ret = -EINVAL;
		goto out;
	}
	ret = sim_ic_send(ic, msg, len, true, SIM_IC_EXPECT_FAIL);
out:
	mutex_unlock(&sim_ic_send_lock);
	kfree(msg);
	return ret;
}

static ssize_t sim_ic_raw_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char *buf, *p, *name;
	int svc, ret;

	buf = sim_ic_command(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	name = strsep(&p, " ");
	svc = sim_ic_lookup(name);
	ret = svc < 0 || !p ? -EINVAL : sim_ic_raw(svc, strim(p));
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations sim_ic_raw_fops = {
	.owner = THIS_MODULE,
	.write = sim_ic_raw_write,
};

void sim_ic_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("ic_status", 0400, dir, NULL, &sim_ic_status_fops);
	debugfs_create_file("ic_offer", 0200, dir, NULL, &sim_ic_offer_fops);
	debugfs_create_file("ic_negotiate", 0200, dir, NULL, &sim_ic_negotiate_fops);
	debugfs_create_file("ic_heartbeat", 0600, dir, NULL, &sim_ic_heartbeat_fops);
	debugfs_create_file("ic_shutdown", 0600, dir, NULL, &sim_ic_shutdown_fops);
	debugfs_create_file("ic_timesync", 0600, dir, NULL, &sim_ic_timesync_fops);
	debugfs_create_file("ic_raw", 0200, dir, NULL, &sim_ic_raw_fops);
	debugfs_create_file("ic_clock", 0400, dir, NULL, &sim_ic_clock_fops);
	sim_ic_kvp_debugfs_init(dir);
}
