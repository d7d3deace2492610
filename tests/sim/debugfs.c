// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/vmbus_sim/: how tests drive the simulated host.
 *
 *   host_version  newest VMBus version this host accepts (hex, read/write;
 *                 takes effect at the guest's next INITIATE_CONTACT)
 *   version       the version negotiated with the guest (0: none)
 *   counters      "<name> <value>" lines: messages, violations, unloads,
 *                 gpadls_created, gpadls_torndown, opens, closes, signals,
 *                 events, packets_received, packets_sent, bytes_received,
 *                 bytes_sent, ring_full_waits, echo_packets, echo_bytes,
 *                 dropped_packets, broken_channels, bad_packet_flags
 *                 (outbound packets refused for a flag bit other than
 *                 COMPLETION_REQUESTED; each also a violation, and the
 *                 channel breaks), gpadl_bodies (GPADL_BODY messages
 *                 taken), lost_events (events this host had for a VP
 *                 that was offline, which Hyper-V would lose; each also
 *                 a violation); on platform=hyperv (platform.c) also
 *                 synic_messages (placed in a SINT2 slot), synic_eoms,
 *                 synic_pending (msg_pending flags set), synic_interrupts,
 *                 synic_events_lost (events for a VP without an enabled
 *                 SynIC) and synic_no_buffers (INSUFFICIENT_BUFFERS
 *                 answers); 0 on platform=direct
 *   add_device    write "<class GUID> <instance GUID> [subchannels=N]
 *                 [monitor=0|1] [dedicated=0|1] [vstor_version=HEX]
 *                 [max_channels=N] [max_transfer=BYTES]": offer a new channel (at
 *                 once if the guest already asked for offers); N
 *                 sub-channels (0..64, default 0) are offered each time
 *                 the guest opens it, and rescinded when the guest closes
 *                 it; monitor=1 (default) gives it monitor id relid % 128
 *                 if that is free; dedicated=0 offers it (and its
 *                 sub-channels) with is_dedicated_interrupt 0: from 1.1 up
 *                 to 5.0 it then shares one connection id, and the guest
 *                 must name it in the interrupt page's send half. The
 *                 SCSI and IDE classes take the storage options instead of
 *                 subchannels=: the newest VSTOR version accepted (default
 *                 0600; 0 accepts none), the sub-channels offered on
 *                 CREATE_SUB_CHANNELS (default 0: no multi-channel; IDE:
 *                 always 0) and max_transfer_bytes (default 0x40000, whole
 *                 pages); their knobs are in storage/<instance>/
 *                 (storage_debugfs.c). The network class takes
 *                 mac=00:15:5d:XX:XX:XX (PERMANENT_ADDRESS; default from
 *                 the instance GUID's last three bytes),
 *                 nvsp_version=HEX (newest NVSP version accepted, default
 *                 0x60001; 0 refuses every INIT), max_subchannels=N (RSS:
 *                 N + 1 receive queues, up to N sub-channels granted,
 *                 default 0) and mtu=N (MAXIMUM_FRAME_SIZE, 68..9216,
 *                 default 1500); its knobs are in net/<instance>/
 *                 (net_debugfs.c)
 *   rescind       write "<relid>": rescind that channel (a primary's
 *                 sub-channels first); "<class GUID>": every primary of
 *                 that class; "all": every channel
 *   devices       one line per channel: "<relid> <class> <instance> <state>
 *                 <sub_channel_index> <connection_id> <monitor_id|->
 *                 <packets_in> <packets_out> <waiting> <target_vp|->",
 *                 state one of offered, open, broken (open, but the host
 *                 stopped processing its rings after a ring violation or
 *                 fault), rescinded; waiting 1 while the inbound ring is
 *                 too full for the next reply and the host waits for the
 *                 guest's signal (pending_send_sz); target_vp the VP (here:
 *                 CPU) the host interrupts for an open channel, from 2.4
 *                 on (before, CPU 0 whatever it says)
 *   gpadls        one line per GPADL: "<handle> <relid> <pages> <state>",
 *                 state one of assembling, created, rescinded
 *   inject        write "<kind> [<relid>]" (fault.c lists the kinds)
 *   connected     "1" while registered with hv_vmbus; write 1 to connect
 *                 (the write fails with hv_vmbus's error if the guest
 *                 could not connect), 0 to disconnect: every device goes
 *   monitor_trigger  write "<relid> 0|1": clear or set the monitored
 *                 channel's pending bit in the parent->child monitor page,
 *                 as a host that signals through that page would (Linux
 *                 guests only show it, in sysfs)
 *   ic_*          the util services' host side (ic.c lists them)
 *   mouse         the synthetic mouse's host side (mouse.c)
 *   keyboard      the synthetic keyboard's host side (keyboard.c)
 */
#include <linux/debugfs.h>
#include <linux/if_ether.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

static struct dentry *sim_debugfs;

static int sim_counters_show(struct seq_file *m, void *unused)
{
	static const struct {
		const char *name;
		atomic64_t *value;
	} counters[] = {
		{ "messages", &sim.messages },
		{ "violations", &sim.violations },
		{ "unloads", &sim.unloads },
		{ "gpadls_created", &sim.gpadls_created },
		{ "gpadls_torndown", &sim.gpadls_torndown },
		{ "opens", &sim.opens },
		{ "closes", &sim.closes },
		{ "signals", &sim.signals },
		{ "events", &sim.events },
		{ "packets_received", &sim.packets_received },
		{ "packets_sent", &sim.packets_sent },
		{ "bytes_received", &sim.bytes_received },
		{ "bytes_sent", &sim.bytes_sent },
		{ "ring_full_waits", &sim.ring_full_waits },
		{ "echo_packets", &sim.echo_packets },
		{ "echo_bytes", &sim.echo_bytes },
		{ "dropped_packets", &sim.dropped_packets },
		{ "broken_channels", &sim.broken_channels },
		{ "bad_packet_flags", &sim.bad_packet_flags },
		{ "gpadl_bodies", &sim.gpadl_bodies },
		{ "lost_events", &sim.lost_events },
		{ "synic_messages", &sim.synic_messages },
		{ "synic_eoms", &sim.synic_eoms },
		{ "synic_pending", &sim.synic_pending },
		{ "synic_interrupts", &sim.synic_interrupts },
		{ "synic_events_lost", &sim.synic_events_lost },
		{ "synic_no_buffers", &sim.synic_no_buffers },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counters); i++)
		seq_printf(m, "%s %lld\n", counters[i].name,
			   (s64)atomic64_read(counters[i].value));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_counters);

static int sim_devices_show(struct seq_file *m, void *unused)
{
	struct sim_channel *channel;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry(channel, &sim.channels, node) {
		seq_printf(m, "%u %pUl %pUl %s %u %#x ", channel->relid,
			   &channel->class_id, &channel->instance_id,
			   sim_channel_state(channel), channel->sub_channel_index,
			   sim_channel_connection_id(channel));
		if (channel->monitored)
			seq_printf(m, "%u", channel->monitor_id);
		else
			seq_puts(m, "-");
		seq_printf(m, " %lld %lld %d ", (s64)atomic64_read(&channel->packets_in),
			   (s64)atomic64_read(&channel->packets_out),
			   channel->open && READ_ONCE(channel->waiting));
		if (channel->open)
			seq_printf(m, "%u\n", channel->target_vp);
		else
			seq_puts(m, "-\n");
	}
	mutex_unlock(&sim.channels_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_devices);

static int sim_gpadls_show(struct seq_file *m, void *unused)
{
	struct sim_gpadl *gpadl;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry(gpadl, &sim.gpadls, node)
		seq_printf(m, "%#x %u %u %s\n", gpadl->handle, gpadl->channel->relid,
			   gpadl->npages, gpadl->pfns ? "assembling" :
			   gpadl->va ? "created" : "rescinded");
	mutex_unlock(&sim.channels_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_gpadls);

/* Copy a short command from userspace as a NUL-terminated string. */
static int sim_read_command(const char __user *ubuf, size_t count, char *buf,
			    size_t size)
{
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

/* "subchannels=N", "monitor=0|1", ... */
static int sim_parse_option(char *opt, struct sim_channel_options *opts)
{
	char *value = strchr(opt, '=');

	if (!value)
		return -EINVAL;
	*value++ = '\0';
	if (!strcmp(opt, "vstor_version") || !strcmp(opt, "max_channels") ||
	    !strcmp(opt, "max_transfer")) {
		opts->storage_options = true;
		if (!strcmp(opt, "vstor_version"))
			return kstrtou16(value, 16, &opts->vstor_version);
		if (!strcmp(opt, "max_channels"))
			return kstrtou16(value, 0, &opts->max_channels);
		/* 1.6, checklist 7: non-zero whole pages. */
		if (kstrtou32(value, 0, &opts->max_transfer) ||
		    !opts->max_transfer || opts->max_transfer % VMBUS_PAGE_SIZE)
			return -EINVAL;
		return 0;
	}
	if (!strcmp(opt, "mac") || !strcmp(opt, "nvsp_version") ||
	    !strcmp(opt, "max_subchannels") || !strcmp(opt, "mtu")) {
		opts->net_options = true;
		if (!strcmp(opt, "mac")) {
			opts->has_mac = true;
			return mac_pton(value, opts->mac) ? 0 : -EINVAL;
		}
		if (!strcmp(opt, "nvsp_version"))
			return kstrtou32(value, 0, &opts->nvsp_version);
		if (!strcmp(opt, "max_subchannels"))
			return kstrtou16(value, 0, &opts->max_subchannels);
		return kstrtou32(value, 0, &opts->mtu);
	}
	if (!strcmp(opt, "subchannels"))
		return kstrtou16(value, 10, &opts->subchannels);
	if (!strcmp(opt, "monitor"))
		return kstrtobool(value, &opts->monitor);
	if (!strcmp(opt, "dedicated"))
		return kstrtobool(value, &opts->dedicated);
	return -EINVAL;
}

static ssize_t sim_add_device_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct sim_channel_options opts = {
		.monitor = true,
		.dedicated = true,
		.vstor_version = SIM_STOR_DEFAULT_VERSION,
		.max_transfer = SIM_STOR_DEFAULT_MAX_TRANSFER,
		.nvsp_version = SIM_NET_DEFAULT_VERSION,
		.mtu = SIM_NET_DEFAULT_FRAME,
	};
	char buf[160], *p, *tok;
	guid_t class_id, instance_id;
	int fields = 0, ret;

	ret = sim_read_command(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	p = strim(buf);
	while ((tok = strsep(&p, " \t")) != NULL) {
		if (!*tok)
			continue;
		/* guid_parse() would take "<GUID>junk" as the GUID. */
		if (fields < 2 && strlen(tok) != UUID_STRING_LEN)
			return -EINVAL;
		if (fields == 0)
			ret = guid_parse(tok, &class_id);
		else if (fields == 1)
			ret = guid_parse(tok, &instance_id);
		else
			ret = sim_parse_option(tok, &opts);
		if (ret)
			return -EINVAL;
		fields++;
	}
	if (fields < 2)
		return -EINVAL;
	ret = sim_add_channel(&class_id, &instance_id, &opts);
	return ret < 0 ? ret : count;
}

static const struct file_operations sim_add_device_fops = {
	.owner = THIS_MODULE,
	.write = sim_add_device_write,
};

static ssize_t sim_rescind_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char buf[64], *arg;
	guid_t class_id;
	u32 relid;
	int ret;

	ret = sim_read_command(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	arg = strim(buf);
	if (!strcmp(arg, "all")) {
		sim_rescind_all();
		return count;
	}
	if (strlen(arg) == UUID_STRING_LEN && !guid_parse(arg, &class_id))
		return sim_rescind_class(&class_id) ? count : -ENOENT;
	ret = kstrtou32(arg, 0, &relid);
	if (ret)
		return ret;
	ret = sim_rescind_channel(relid);
	return ret ? ret : count;
}

static const struct file_operations sim_rescind_fops = {
	.owner = THIS_MODULE,
	.write = sim_rescind_write,
};

static ssize_t sim_inject_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[64];
	int ret;

	ret = sim_read_command(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	ret = sim_inject(strim(buf));
	return ret ? ret : count;
}

static ssize_t sim_monitor_trigger_write(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	char buf[64];
	u32 relid, on;
	int ret;

	ret = sim_read_command(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%u %u", &relid, &on) != 2 || on > 1)
		return -EINVAL;
	ret = sim_monitor_trigger(relid, on);
	return ret ? ret : count;
}

static ssize_t sim_connected_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char buf[4];
	int len;

	mutex_lock(&sim.connect_lock);
	len = scnprintf(buf, sizeof(buf), "%d\n", sim.registered);
	mutex_unlock(&sim.connect_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t sim_connected_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &on);
	if (ret)
		return ret;
	if (on) {
		ret = sim_connect();
	} else {
		sim_disconnect();
		ret = 0;
	}
	return ret ? ret : count;
}

static const struct file_operations sim_connected_fops = {
	.owner = THIS_MODULE,
	.read = sim_connected_read,
	.write = sim_connected_write,
};

static const struct file_operations sim_monitor_trigger_fops = {
	.owner = THIS_MODULE,
	.write = sim_monitor_trigger_write,
};

static const struct file_operations sim_inject_fops = {
	.owner = THIS_MODULE,
	.write = sim_inject_write,
};

void sim_debugfs_init(void)
{
	sim_debugfs = debugfs_create_dir("vmbus_sim", NULL);
	debugfs_create_x32("host_version", 0600, sim_debugfs, &sim.host_version);
	debugfs_create_x32("version", 0400, sim_debugfs, &sim.version);
	debugfs_create_file("counters", 0400, sim_debugfs, NULL, &sim_counters_fops);
	debugfs_create_file("devices", 0400, sim_debugfs, NULL, &sim_devices_fops);
	debugfs_create_file("gpadls", 0400, sim_debugfs, NULL, &sim_gpadls_fops);
	debugfs_create_file("add_device", 0200, sim_debugfs, NULL, &sim_add_device_fops);
	debugfs_create_file("rescind", 0200, sim_debugfs, NULL, &sim_rescind_fops);
	debugfs_create_file("inject", 0200, sim_debugfs, NULL, &sim_inject_fops);
	debugfs_create_file("connected", 0600, sim_debugfs, NULL, &sim_connected_fops);
	debugfs_create_file("monitor_trigger", 0200, sim_debugfs, NULL,
			    &sim_monitor_trigger_fops);
	sim_ic_debugfs_init(sim_debugfs);
	sim_stor_debugfs_init(sim_debugfs);
	sim_net_debugfs_init(sim_debugfs);
	sim_mouse_debugfs_init(sim_debugfs);
	sim_kbd_debugfs_init(sim_debugfs);
	sim_tsc_page_init(sim_debugfs);
}

void sim_debugfs_exit(void)
{
	debugfs_remove_recursive(sim_debugfs);
}
