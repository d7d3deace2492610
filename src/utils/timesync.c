// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time sync (protocol-vmbus.md 9.3): the host sends its UTC time, with
 * (4.0) or without (< 4.0) the reference time it read it at. Every
 * message is answered unchanged, S_OK. Each sample is multicast to the
 * "timesync" group of the hvlis genl family for hv_timesync_daemon; when
 * nobody listens, the kernel steps the clock on SYNC itself (from a work
 * item): host_now = parenttime + (reference_now - vmreferencetime).
 * Samples are left to the daemon: without one the kernel does not
 * discipline the clock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <uapi/linux/hvlis_genl.h>
#include <hvlis/compat.h>

#include "hv_utils.h"

static const struct vmbus_ic_version timesync_fw[] = {
	UTIL_VER(3, 0), UTIL_VER(1, 0),
};

static const struct vmbus_ic_version timesync_srv[] = {
	UTIL_VER(4, 0), UTIL_VER(3, 0), UTIL_VER(1, 0),
};

struct timesync_sample {
	u64 host_time;		/* FILETIME: 100 ns since 1601 */
	u64 host_ref;		/* reference time host_time was read at */
	u64 recv_ref;
	u64 recv_realtime;	/* ns since 1970 */
	u8 flags, leap, stratum;
	bool has_ref;		/* 4.0: host_ref, leap and stratum are the host's */
};

struct timesync_state {
	struct util_dev *dev;
	struct work_struct work;
	spinlock_t lock;	/* sync */
	/* The newest SYNC sample; the work applies whichever is newest. */
	struct timesync_sample sync;
};

static void timesync_step(struct work_struct *work)
{
	struct timesync_state *st = container_of(work, struct timesync_state, work);
	struct timesync_sample s;
	struct timespec64 ts;
	u64 now_ref, host_now;
	u32 rem;
	int ret;

	spin_lock_bh(&st->lock);
	s = st->sync;
	spin_unlock_bh(&st->lock);

	now_ref = hvlis_read_reference_time();
	/* A reference time from the future is the host's mistake: no delta. */
	host_now = s.host_time + (now_ref > s.host_ref ? now_ref - s.host_ref : 0);
	if (host_now < HVLIS_TS_EPOCH_DELTA_100NS) {
		dev_warn_ratelimited(&st->dev->vdev->dev,
				     "timesync: host time before 1970: not applied\n");
		return;
	}
	host_now -= HVLIS_TS_EPOCH_DELTA_100NS;
	ts.tv_sec = div_u64_rem(host_now, 10000000, &rem);
	ts.tv_nsec = rem * 100;
	ret = do_settimeofday64(&ts);
	if (ret)
		dev_warn_ratelimited(&st->dev->vdev->dev,
				     "timesync: could not set the clock (error %d)\n", ret);
	else
		dev_info_ratelimited(&st->dev->vdev->dev,
				     "timesync: clock set to the host's time\n");
}

static int timesync_put(struct sk_buff *skb, const struct timesync_sample *s)
{
	if (nla_put_u64_64bit(skb, HVLIS_ATTR_TS_HOST_TIME, s->host_time, HVLIS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, HVLIS_ATTR_TS_RECV_REF, s->recv_ref, HVLIS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, HVLIS_ATTR_TS_RECV_REALTIME, s->recv_realtime,
			      HVLIS_ATTR_PAD) ||
	    nla_put_u8(skb, HVLIS_ATTR_TS_FLAGS, s->flags))
		return -EMSGSIZE;
	if (!s->has_ref)
		return 0;
	if (nla_put_u64_64bit(skb, HVLIS_ATTR_TS_HOST_REF, s->host_ref, HVLIS_ATTR_PAD) ||
	    nla_put_u8(skb, HVLIS_ATTR_TS_LEAP, s->leap) ||
	    nla_put_u8(skb, HVLIS_ATTR_TS_STRATUM, s->stratum))
		return -EMSGSIZE;
	return 0;
}

/* Multicast the sample (softirq); false when nobody listens. */
static bool timesync_multicast(struct util_dev *dev, const struct timesync_sample *s)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&util_genl_family, &init_net, UTIL_GENL_MCGRP_TIMESYNC))
		return false;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return true;	/* the daemon does without this one */
	hdr = genlmsg_put(skb, 0, 0, &util_genl_family, 0, HVLIS_CMD_TIME_SAMPLE);
	if (!hdr || timesync_put(skb, s)) {
		nlmsg_free(skb);
		return true;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&util_genl_family, skb, 0, UTIL_GENL_MCGRP_TIMESYNC, GFP_ATOMIC);
	return true;
}

static enum util_verdict timesync_handle(struct util_dev *dev, u8 *data, u32 size)
{
	struct timesync_state *st = dev->priv;
	struct vmbus_ic_msg_hdr *hdr = util_hdr(dev);
	struct timesync_sample s = { };

	s.recv_ref = hvlis_read_reference_time();
	s.recv_realtime = ktime_get_real_ns();
	if (util_ver(&dev->srv) >= UTIL_VERSION(4, 0)) {
		const struct vmbus_ic_timesync_ref *m = (const void *)data;

		if (size < offsetofend(struct vmbus_ic_timesync_ref, flags))
			goto short_msg;
		s.host_time = le64_to_cpu(m->parenttime);
		s.host_ref = le64_to_cpu(m->vmreferencetime);
		s.flags = m->flags;
		if (size >= offsetofend(struct vmbus_ic_timesync_ref, stratum)) {
			s.leap = m->leapflags;
			s.stratum = m->stratum;
		}
		s.has_ref = true;
	} else {
		const struct vmbus_ic_timesync *m = (const void *)data;

		if (size < sizeof(*m))
			goto short_msg;
		s.host_time = le64_to_cpu(m->parenttime);
		/* No reference time: as good as read on arrival. */
		s.host_ref = s.recv_ref;
		s.flags = m->flags;
	}
	hdr->status = cpu_to_le32(HV_S_OK);
	if (!timesync_multicast(dev, &s) && (s.flags & ICTIMESYNCFLAG_SYNC)) {
		spin_lock(&st->lock);
		st->sync = s;
		spin_unlock(&st->lock);
		schedule_work(&st->work);
	}
	return UTIL_REPLY;

short_msg:
	dev_warn_ratelimited(&dev->vdev->dev,
			     "timesync: %u bytes, too short for a version %u.%u sample: refused\n",
			     size, le16_to_cpu(dev->srv.major), le16_to_cpu(dev->srv.minor));
	hdr->status = cpu_to_le32(HV_E_FAIL);
	return UTIL_REPLY;
}

static int timesync_init(struct util_dev *dev)
{
	struct timesync_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	st->dev = dev;
	spin_lock_init(&st->lock);
	INIT_WORK(&st->work, timesync_step);
	dev->priv = st;
	return 0;
}

static void timesync_exit(struct util_dev *dev)
{
	struct timesync_state *st = dev->priv;

	cancel_work_sync(&st->work);
	kfree(st);
}

const struct util_service util_timesync_service = {
	.name = "timesync",
	.msgtype = ICMSGTYPE_TIMESYNC,
	.fw_versions = timesync_fw,
	.fw_count = ARRAY_SIZE(timesync_fw),
	.srv_versions = timesync_srv,
	.srv_count = ARRAY_SIZE(timesync_srv),
	.init = timesync_init,
	.exit = timesync_exit,
	.handle = timesync_handle,
};
