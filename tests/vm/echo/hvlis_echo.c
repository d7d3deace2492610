// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvlis_echo: a test driver for the simulated host's echo device, the
 * workout of the channel, ring buffer and packet API (test only).
 *
 * It opens the primary channel and every sub-channel the host offers.
 * Writing a run to /sys/kernel/debug/hvlis_echo/<instance>/run, e.g.
 *
 *	echo "packets=100000 min=1 max=40000 mode=mixed" >run
 *
 * sends that many packets on each open channel at once (one worker per
 * channel) and checks every echo byte for byte, in order. The write
 * fails (EIO) when anything was wrong; "result" says what, and how long
 * the run took. Modes: inband (echoed as in-band data), completion
 * (in-band, echoed as a completion matched through the request table),
 * gpa (the payload lives in guest pages named by a GPA-direct packet;
 * echoed as a completion), mixed (each packet picks one), memcpy (no
 * channel: copies the same bytes in memory, the baseline for benches).
 *
 * The length and contents of packet n are a function of n and the seed,
 * so the checker needs no copy of what was sent.
 *
 * "channels" has one line per open channel, "<sub-channel index>" and then
 * " <cpu>:<callbacks>" for each CPU the channel's callback ran on since
 * the last run began (or since the channel opened), so a test can see
 * that the host's interrupts reach the CPU the channel targets.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <hvlis/compat.h>
#include <vmbus.h>

#include "../../sim/sim_echo.h"

static unsigned int ring_pages = 16;
module_param(ring_pages, uint, 0444);
MODULE_PARM_DESC(ring_pages, "data pages of each ring (default 16)");

#define ECHO_WINDOW		32	/* packets in flight per channel */
#define ECHO_STALL		(10 * HZ)

enum echo_mode { ECHO_INBAND, ECHO_COMPLETION, ECHO_GPA, ECHO_MIXED, ECHO_MEMCPY };
static const char *const echo_mode_names[] = {
	"inband", "completion", "gpa", "mixed", "memcpy",
};

struct echo_run {
	u64 packets;
	u32 min, max;
	u32 seed;
	enum echo_mode mode;
};

struct echo_dev;

struct echo_chan {
	struct echo_dev *echo;
	struct hvlis_channel *channel;
	struct list_head node;
	struct work_struct work;
	wait_queue_head_t wq;

	u64 sent;
	u64 received;		/* also the sequence number expected next */
	u64 bytes;
	atomic_t in_flight;
	bool failed;
	bool stop;		/* the channel is going away */
	char error[160];

	u8 *gpa_buf[ECHO_WINDOW];	/* per slot: a page-spanning buffer */
	unsigned long gpa_busy;		/* slots in use */
	unsigned long *cpu_calls;	/* callbacks per CPU (nr_cpu_ids) */
};

struct echo_dev {
	struct vmbus_device *vdev;
	struct mutex lock;		/* channels list, runs */
	struct list_head channels;
	struct echo_run run;
	atomic_t running;		/* channel workers still in the run */
	wait_queue_head_t done;
	struct dentry *dir;
	char result[512];
};

static struct dentry *echo_debugfs;

/* A 32-bit mix of the sequence number and the seed. */
static u32 echo_hash(u64 seq, u32 seed)
{
	u64 x = (seq + 1) * 0x9e3779b97f4a7c15ULL ^ seed;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x >> 32;
}

static u32 echo_len(const struct echo_run *run, u64 seq)
{
	return run->min + echo_hash(seq, run->seed) % (run->max - run->min + 1);
}

static u8 echo_byte(u32 h, u32 i)
{
	return h + i * 131 + (i >> 8);
}

static void echo_fill(u8 *buf, u32 len, u64 seq, u32 seed)
{
	u32 h = echo_hash(seq, seed), i;

	for (i = 0; i < len; i++)
		buf[i] = echo_byte(h, i);
}

static enum echo_mode echo_mode_of(const struct echo_run *run, u64 seq)
{
	if (run->mode != ECHO_MIXED)
		return run->mode;
	return (echo_hash(seq, run->seed ^ 0x5a5a) >> 8) % 3;
}

static __printf(2, 3) void echo_fail(struct echo_chan *ec, const char *fmt, ...)
{
	va_list args;

	if (ec->failed)
		return;
	va_start(args, fmt);
	vsnprintf(ec->error, sizeof(ec->error), fmt, args);
	va_end(args);
	ec->failed = true;
	wake_up(&ec->wq);
}

/* Check one echo against what packet @seq carried. */
static void echo_check(struct echo_chan *ec, u64 seq, const u8 *data, u32 len)
{
	const struct echo_run *run = &ec->echo->run;
	u32 want = echo_len(run, seq), h = echo_hash(seq, run->seed), i;

	if (seq != ec->received) {
		echo_fail(ec, "the echo of packet %llu arrived when %llu was due",
			  seq, ec->received);
		return;
	}
	if (len < want) {
		echo_fail(ec, "packet %llu: %u bytes came back, %u were sent", seq, len, want);
		return;
	}
	/* In-band echoes come back padded to 8 bytes: the padding is zero. */
	for (i = 0; i < len; i++) {
		u8 expect = i < want ? echo_byte(h, i) : 0;

		if (data[i] != expect) {
			echo_fail(ec, "packet %llu (%u bytes): byte %u is %#x, sent %#x",
				  seq, want, i, data[i], expect);
			return;
		}
	}
	if (len - want >= 8)
		echo_fail(ec, "packet %llu: %u bytes came back, %u were sent", seq, len, want);
	ec->received++;
	ec->bytes += want;
}

static void echo_on_packet(struct echo_chan *ec,
			   const struct vmbus_packet_descriptor *desc)
{
	u64 trans_id = le64_to_cpu(desc->trans_id), value, seq;
	u16 type = le16_to_cpu(desc->type);
	const void *data;
	u32 len;

	data = vmbus_packet_payload(desc, &len);
	if (type == VMBUS_PACKET_DATA_INBAND) {
		seq = trans_id - 1;
	} else if (type == VMBUS_PACKET_COMP) {
		if (hvlis_request_take(ec->channel, trans_id, &value)) {
			echo_fail(ec, "a completion with unknown transaction id %#llx", trans_id);
			return;
		}
		seq = value & GENMASK_ULL(47, 0);
		if (value >> 48)
			clear_bit((value >> 48) - 1, &ec->gpa_busy);
	} else {
		echo_fail(ec, "a packet of type %u, not an echo", type);
		return;
	}
	echo_check(ec, seq, data, len);
	atomic_dec(&ec->in_flight);
	wake_up(&ec->wq);
}

static int echo_callback(struct hvlis_channel *channel, void *context, int budget)
{
	struct echo_chan *ec = context;
	const struct vmbus_packet_descriptor *desc;
	unsigned int cpu = smp_processor_id();
	int done = 0;

	/* Callbacks of one channel never overlap: no atomics needed. */
	WRITE_ONCE(ec->cpu_calls[cpu], ec->cpu_calls[cpu] + 1);
	while (done < budget) {
		desc = hvlis_channel_peek(channel);
		if (IS_ERR(desc)) {
			echo_fail(ec, "the ring broke (error %ld)", PTR_ERR(desc));
			break;
		}
		if (!desc)
			break;
		echo_on_packet(ec, desc);
		hvlis_channel_advance(channel);
		done++;
	}
	/* Room may have appeared for a sender waiting on a full ring. */
	wake_up(&ec->wq);
	return done;
}

/* Send packet @seq in its mode; -EAGAIN when the ring is full. */
static int echo_send(struct echo_chan *ec, u8 *scratch, u64 seq)
{
	const struct echo_run *run = &ec->echo->run;
	u32 len = echo_len(run, seq);
	struct vmbus_page_range range;
	u64 pfns[DIV_ROUND_UP(SZ_64K, PAGE_SIZE) + 1];
	u64 trans_id;
	unsigned int slot, i;
	u8 *buf;
	int ret;

	switch (echo_mode_of(run, seq)) {
	case ECHO_INBAND:
		echo_fill(scratch, len, seq, run->seed);
		return hvlis_channel_send_inband(ec->channel, scratch, len, seq + 1, 0);
	case ECHO_COMPLETION:
		echo_fill(scratch, len, seq, run->seed);
		trans_id = hvlis_request_add(ec->channel, seq);
		if (!trans_id)
			return -EAGAIN;
		ret = hvlis_channel_send_inband(ec->channel, scratch, len, trans_id,
						VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
		break;
	default:
		slot = find_first_zero_bit(&ec->gpa_busy, ECHO_WINDOW);
		if (slot >= ECHO_WINDOW)
			return -EAGAIN;
		/* Start somewhere inside the first page, to test offsets. */
		range.offset = echo_hash(seq, 77) % PAGE_SIZE;
		range.len = len;
		buf = ec->gpa_buf[slot];
		echo_fill(buf + range.offset, len, seq, run->seed);
		for (i = 0; i < DIV_ROUND_UP(range.offset + len, PAGE_SIZE); i++)
			pfns[i] = vmalloc_to_pfn(buf + i * PAGE_SIZE);
		range.pfns = pfns;
		trans_id = hvlis_request_add(ec->channel, seq | (u64)(slot + 1) << 48);
		if (!trans_id)
			return -EAGAIN;
		set_bit(slot, &ec->gpa_busy);
		ret = hvlis_channel_send_gpa_direct(ec->channel, &range, 1, NULL, 0,
						    trans_id,
						    VMBUS_PACKET_FLAG_COMPLETION_REQUESTED);
		if (ret)
			clear_bit(slot, &ec->gpa_busy);
		break;
	}
	if (ret) {
		u64 unused;

		/* Not sent: the request must not linger in the table. */
		hvlis_request_take(ec->channel, trans_id, &unused);
	}
	return ret;
}

static bool echo_stopped(struct echo_chan *ec)
{
	if (!ec->stop && hvlis_channel_rescinded(ec->channel))
		ec->stop = true;
	return ec->failed || ec->stop;
}

/*
 * Wait for @cond, or a failure, or the channel going away; nobody wakes
 * us for a rescind, so look every 100 ms. False after 10 s of nothing.
 */
#define echo_wait(ec, cond) ({						\
	unsigned long __waited = 0;					\
									\
	while (!echo_stopped(ec) && !(cond) && __waited < ECHO_STALL) {	\
		wait_event_timeout((ec)->wq, echo_stopped(ec) || (cond), HZ / 10); \
		__waited += HZ / 10;					\
	}								\
	echo_stopped(ec) || (cond);					\
})

static bool echo_can_send(struct echo_chan *ec, u32 len)
{
	return atomic_read(&ec->in_flight) < ECHO_WINDOW &&
	       hvlis_channel_can_send(ec->channel, len);
}

static void echo_run_work(struct work_struct *work)
{
	struct echo_chan *ec = container_of(work, struct echo_chan, work);
	const struct echo_run *run = &ec->echo->run;
	unsigned int full_waits = 0;
	u8 *scratch;
	int ret;

	scratch = kvmalloc(run->max, GFP_KERNEL);
	if (!scratch) {
		echo_fail(ec, "no memory");
		if (atomic_dec_and_test(&ec->echo->running))
			wake_up(&ec->echo->done);
		return;
	}
	while (ec->sent < run->packets && !ec->failed && !ec->stop) {
		u32 len = echo_len(run, ec->sent) + 64;

		if (!echo_wait(ec, echo_can_send(ec, len))) {
			echo_fail(ec, "stalled: %llu sent, %llu echoed, no progress in 10 s",
				  ec->sent, ec->received);
			break;
		}
		if (echo_stopped(ec))
			break;
		atomic_inc(&ec->in_flight);
		ret = echo_send(ec, scratch, ec->sent);
		if (ret == -EAGAIN) {
			atomic_dec(&ec->in_flight);
			/* Have the host tell us when the packet fits; never spin. */
			hvlis_channel_want_space(ec->channel, len);
			if (++full_waits > ECHO_STALL / (HZ / 50)) {
				echo_fail(ec, "stalled: %llu sent, %llu echoed, no room to send for 10 s",
					  ec->sent, ec->received);
				break;
			}
			wait_event_timeout(ec->wq, echo_stopped(ec), HZ / 50);
			continue;
		}
		full_waits = 0;
		hvlis_channel_want_space(ec->channel, 0);
		if (ret) {
			atomic_dec(&ec->in_flight);
			echo_fail(ec, "sending packet %llu failed (error %d)", ec->sent, ret);
			break;
		}
		ec->sent++;
		cond_resched();
	}
	if (!echo_wait(ec, ec->received == ec->sent))
		echo_fail(ec, "stalled: %llu sent, %llu echoed, no progress in 10 s",
			  ec->sent, ec->received);
	if (ec->stop && !ec->failed)
		echo_fail(ec, "the channel went away");
	kvfree(scratch);
	if (atomic_dec_and_test(&ec->echo->running))
		wake_up(&ec->echo->done);
}

/* The baseline: the same bytes, generated and copied once each. */
static u64 echo_memcpy_run(const struct echo_run *run)
{
	u8 *src = kvmalloc(run->max, GFP_KERNEL), *dst = kvmalloc(run->max, GFP_KERNEL);
	u64 seq, bytes = 0;

	if (src && dst) {
		for (seq = 0; seq < run->packets; seq++) {
			u32 len = echo_len(run, seq);

			echo_fill(src, len, seq, run->seed);
			memcpy(dst, src, len);
			bytes += len;
			if (!(seq % 1024))
				cond_resched();
		}
	}
	kvfree(src);
	kvfree(dst);
	return bytes;
}

static int echo_parse_mode(const char *name, enum echo_mode *mode)
{
	int i = match_string(echo_mode_names, ARRAY_SIZE(echo_mode_names), name);

	if (i < 0)
		return i;
	*mode = i;
	return 0;
}

static int echo_parse_run(char *cmd, struct echo_run *run)
{
	char *tok, *val;
	int ret = 0;

	*run = (struct echo_run){ .packets = 1000, .min = 1, .max = 1024,
				  .seed = 1, .mode = ECHO_INBAND };
	while (!ret && (tok = strsep(&cmd, " \t\n"))) {
		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(tok, "packets"))
			ret = kstrtou64(val, 0, &run->packets);
		else if (!strcmp(tok, "min"))
			ret = kstrtou32(val, 0, &run->min);
		else if (!strcmp(tok, "max"))
			ret = kstrtou32(val, 0, &run->max);
		else if (!strcmp(tok, "seed"))
			ret = kstrtou32(val, 0, &run->seed);
		else if (!strcmp(tok, "mode"))
			ret = echo_parse_mode(val, &run->mode);
		else
			ret = -EINVAL;
	}
	if (ret)
		return ret;
	/* A packet must fit the ring with its header; GPA pages are 64 KiB. */
	if (!run->min || run->min > run->max ||
	    run->max > ring_pages * PAGE_SIZE - 128 || run->max > SZ_64K)
		return -EINVAL;
	return 0;
}

static void echo_chan_clear_calls(struct echo_chan *ec)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		WRITE_ONCE(ec->cpu_calls[cpu], 0);
}

static ssize_t echo_run_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct echo_dev *echo = file->private_data;
	struct echo_chan *ec;
	u64 start, ns, bytes = 0, packets = 0;
	unsigned int channels = 0;
	bool failed = false;
	char *cmd;
	int ret, len = 0;

	cmd = memdup_user_nul(ubuf, min_t(size_t, count, 256));
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&echo->lock);
	ret = echo_parse_run(cmd, &echo->run);
	kfree(cmd);
	if (ret)
		goto out;

	start = ktime_get_ns();
	if (echo->run.mode == ECHO_MEMCPY) {
		bytes = echo_memcpy_run(&echo->run);
		packets = echo->run.packets;
	} else {
		list_for_each_entry(ec, &echo->channels, node)
			channels++;
		atomic_set(&echo->running, channels);
		list_for_each_entry(ec, &echo->channels, node) {
			ec->sent = 0;
			ec->received = 0;
			ec->bytes = 0;
			ec->failed = false;
			ec->gpa_busy = 0;
			echo_chan_clear_calls(ec);
			atomic_set(&ec->in_flight, 0);
			queue_work(system_unbound_wq, &ec->work);
		}
		/* Runs take minutes under TCG: wake now and then, not hung. */
		while (!wait_event_timeout(echo->done, !atomic_read(&echo->running),
					   5 * HZ))
			;
		list_for_each_entry(ec, &echo->channels, node) {
			flush_work(&ec->work);
			packets += ec->received;
			bytes += ec->bytes;
			if (ec->failed && !failed) {
				len += scnprintf(echo->result + len, sizeof(echo->result) - len,
						 "channel %u: %s\n",
						 hvlis_channel_subchannel_index(ec->channel),
						 ec->error);
				failed = true;
			}
		}
	}
	ns = ktime_get_ns() - start;
	scnprintf(echo->result + len, sizeof(echo->result) - len,
		  "%s mode=%s channels=%u packets=%llu bytes=%llu ns=%llu\n",
		  failed ? "fail" : "ok", echo_mode_names[echo->run.mode],
		  channels, packets, bytes, ns);
	ret = failed || (!channels && echo->run.mode != ECHO_MEMCPY) ? -EIO : 0;
out:
	if (ret && !len && ret != -EIO)
		scnprintf(echo->result, sizeof(echo->result), "bad run: error %d\n", ret);
	mutex_unlock(&echo->lock);
	return ret ? ret : count;
}

static const struct file_operations echo_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = echo_run_write,
};

static int echo_result_show(struct seq_file *m, void *unused)
{
	struct echo_dev *echo = m->private;

	mutex_lock(&echo->lock);
	seq_puts(m, echo->result);
	mutex_unlock(&echo->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(echo_result);

static int echo_channels_show(struct seq_file *m, void *unused)
{
	struct echo_dev *echo = m->private;
	struct echo_chan *ec;
	unsigned long calls;
	unsigned int cpu;

	mutex_lock(&echo->lock);
	list_for_each_entry(ec, &echo->channels, node) {
		seq_printf(m, "%u", hvlis_channel_subchannel_index(ec->channel));
		for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
			calls = READ_ONCE(ec->cpu_calls[cpu]);
			if (calls)
				seq_printf(m, " %u:%lu", cpu, calls);
		}
		seq_putc(m, '\n');
	}
	mutex_unlock(&echo->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(echo_channels);

static void echo_chan_free(struct echo_chan *ec)
{
	unsigned int i;

	for (i = 0; i < ECHO_WINDOW; i++)
		vfree(ec->gpa_buf[i]);
	kfree(ec->cpu_calls);
	kfree(ec);
}

static int echo_chan_open(struct echo_dev *echo, struct hvlis_channel *channel)
{
	struct hvlis_channel_open_params params = {
		.send_ring_size = VMBUS_RING_SIZE(ring_pages * PAGE_SIZE),
		.recv_ring_size = VMBUS_RING_SIZE(ring_pages * PAGE_SIZE),
		/* Echoes are as big as what was sent: let the largest in. */
		.max_packet_size = ring_pages * PAGE_SIZE,
		.callback = echo_callback,
	};
	struct echo_chan *ec;
	unsigned int i;
	int ret;

	ec = kzalloc(sizeof(*ec), GFP_KERNEL);
	if (!ec)
		return -ENOMEM;
	ec->cpu_calls = kcalloc(nr_cpu_ids, sizeof(*ec->cpu_calls), GFP_KERNEL);
	if (!ec->cpu_calls) {
		echo_chan_free(ec);
		return -ENOMEM;
	}
	for (i = 0; i < ECHO_WINDOW; i++) {
		ec->gpa_buf[i] = vzalloc(SZ_64K + PAGE_SIZE);
		if (!ec->gpa_buf[i]) {
			echo_chan_free(ec);
			return -ENOMEM;
		}
	}
	ec->echo = echo;
	ec->channel = channel;
	init_waitqueue_head(&ec->wq);
	INIT_WORK(&ec->work, echo_run_work);
	params.context = ec;
	ret = hvlis_channel_open(channel, &params);
	if (ret) {
		echo_chan_free(ec);
		return ret;
	}
	hvlis_channel_set_drvdata(channel, ec);
	mutex_lock(&echo->lock);
	list_add_tail(&ec->node, &echo->channels);
	mutex_unlock(&echo->lock);
	return 0;
}

/* Stop the channel's run, if any: nothing sends on it afterwards. */
static void echo_chan_stop(struct echo_chan *ec)
{
	ec->stop = true;
	wake_up(&ec->wq);
	cancel_work_sync(&ec->work);
}

static void echo_subchannel_new(struct hvlis_channel *sub)
{
	struct echo_dev *echo = dev_get_drvdata(&hvlis_channel_device(sub)->dev);
	int ret;

	device_lock_assert(&hvlis_channel_device(sub)->dev);
	ret = echo_chan_open(echo, sub);
	if (ret)
		dev_err(&echo->vdev->dev, "could not open sub-channel %u (error %d)\n",
			hvlis_channel_subchannel_index(sub), ret);
}

/*
 * Close the sub-channel ourselves before its state goes: its callback
 * must not run with a freed context.
 */
static void echo_subchannel_rescinded(struct hvlis_channel *sub)
{
	struct echo_dev *echo = dev_get_drvdata(&hvlis_channel_device(sub)->dev);
	struct echo_chan *ec = hvlis_channel_get_drvdata(sub);

	device_lock_assert(&hvlis_channel_device(sub)->dev);
	if (!ec)
		return;
	/* A run holds the lock: make it end on this channel first. */
	ec->stop = true;
	wake_up(&ec->wq);
	mutex_lock(&echo->lock);
	echo_chan_stop(ec);
	hvlis_channel_close(sub);
	list_del(&ec->node);
	echo_chan_free(ec);
	mutex_unlock(&echo->lock);
	hvlis_channel_set_drvdata(sub, NULL);
}

static int echo_probe(struct vmbus_device *vdev, const struct hv_vmbus_device_id *id)
{
	struct echo_dev *echo;
	int ret;

	/* Drivers such as storvsc need the channel's device in probe. */
	if (hvlis_channel_device(vdev->channel) != vdev) {
		dev_err(&vdev->dev, "the channel does not name its device during probe\n");
		return -EINVAL;
	}
	echo = kzalloc(sizeof(*echo), GFP_KERNEL);
	if (!echo)
		return -ENOMEM;
	echo->vdev = vdev;
	mutex_init(&echo->lock);
	init_waitqueue_head(&echo->done);
	INIT_LIST_HEAD(&echo->channels);
	dev_set_drvdata(&vdev->dev, echo);
	hvlis_set_subchannel_callbacks(vdev->channel, echo_subchannel_new,
				       echo_subchannel_rescinded);
	ret = echo_chan_open(echo, vdev->channel);
	if (ret) {
		dev_err(&vdev->dev, "could not open the channel (error %d)\n", ret);
		kfree(echo);
		return ret;
	}
	echo->dir = debugfs_create_dir(dev_name(&vdev->dev), echo_debugfs);
	debugfs_create_file("run", 0200, echo->dir, echo, &echo_run_fops);
	debugfs_create_file("result", 0400, echo->dir, echo, &echo_result_fops);
	debugfs_create_file("channels", 0400, echo->dir, echo, &echo_channels_fops);
	return 0;
}

static void echo_remove(struct vmbus_device *vdev)
{
	struct echo_dev *echo = dev_get_drvdata(&vdev->dev);
	struct echo_chan *ec, *next;

	/* Stop runs first: removing the files waits for a running write. */
	list_for_each_entry(ec, &echo->channels, node) {
		ec->stop = true;
		wake_up(&ec->wq);
	}
	debugfs_remove_recursive(echo->dir);
	mutex_lock(&echo->lock);
	list_for_each_entry(ec, &echo->channels, node)
		echo_chan_stop(ec);
	/* The primary and its sub-channels, before their contexts go. */
	hvlis_channel_close(vdev->channel);
	list_for_each_entry_safe(ec, next, &echo->channels, node) {
		hvlis_channel_set_drvdata(ec->channel, NULL);
		list_del(&ec->node);
		echo_chan_free(ec);
	}
	mutex_unlock(&echo->lock);
	kfree(echo);
}

static const struct hv_vmbus_device_id echo_ids[] = {
	{ .guid = SIM_ECHO_CLASS_GUID },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, echo_ids);

static struct vmbus_driver echo_driver = {
	.name = "hvlis_echo",
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
};

static int __init echo_init(void)
{
	int ret;

	echo_debugfs = debugfs_create_dir("hvlis_echo", NULL);
	ret = hvlis_driver_register(&echo_driver);
	if (ret)
		debugfs_remove_recursive(echo_debugfs);
	return ret;
}

static void __exit echo_exit(void)
{
	hvlis_driver_unregister(&echo_driver);
	debugfs_remove_recursive(echo_debugfs);
}

module_init(echo_init);
module_exit(echo_exit);

MODULE_DESCRIPTION("Test driver for the simulated echo device (test only)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
