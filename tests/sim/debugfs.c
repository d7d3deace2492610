// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/vmbus_sim/: how tests drive the simulated host.
 *
 *   host_version  newest VMBus version this host accepts (hex, read/write;
 *                 takes effect at the guest's next INITIATE_CONTACT)
 *   version       the version negotiated with the guest (0: none)
 *   counters      messages, violations, unloads
 *   add_device    write "<class GUID> <instance GUID>": offer a new channel
 *                 (at once if the guest already asked for offers)
 *   rescind       write "<relid>": rescind that channel
 *   devices       one line per channel: "<relid> <class> <instance> <state>"
 *   inject        write a fault name (fault.c): send that hostile message
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

static struct dentry *sim_debugfs;

static int sim_counters_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "messages %lld\n", atomic64_read(&sim.messages));
	seq_printf(m, "violations %lld\n", atomic64_read(&sim.violations));
	seq_printf(m, "unloads %lld\n", atomic64_read(&sim.unloads));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_counters);

static int sim_devices_show(struct seq_file *m, void *unused)
{
	struct sim_channel *channel;

	mutex_lock(&sim.channels_lock);
	list_for_each_entry(channel, &sim.channels, node)
		seq_printf(m, "%u %pUl %pUl %s\n", channel->relid,
			   &channel->class_id, &channel->instance_id,
			   channel->rescinded ? "rescinded" : "offered");
	mutex_unlock(&sim.channels_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_devices);

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

static ssize_t sim_add_device_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	char buf[80], class_str[UUID_STRING_LEN + 1], instance_str[UUID_STRING_LEN + 1];
	guid_t class_id, instance_id;
	int ret;

	ret = sim_read_command(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%36s %36s", class_str, instance_str) != 2 ||
	    guid_parse(class_str, &class_id) || guid_parse(instance_str, &instance_id))
		return -EINVAL;
	ret = sim_add_channel(&class_id, &instance_id);
	return ret < 0 ? ret : count;
}

static const struct file_operations sim_add_device_fops = {
	.owner = THIS_MODULE,
	.write = sim_add_device_write,
};

static ssize_t sim_rescind_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	u32 relid;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &relid);
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
	char buf[32];
	int ret;

	ret = sim_read_command(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	ret = sim_inject(strim(buf));
	return ret ? ret : count;
}

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
	debugfs_create_file("add_device", 0200, sim_debugfs, NULL, &sim_add_device_fops);
	debugfs_create_file("rescind", 0200, sim_debugfs, NULL, &sim_rescind_fops);
	debugfs_create_file("inject", 0200, sim_debugfs, NULL, &sim_inject_fops);
}

void sim_debugfs_exit(void)
{
	debugfs_remove_recursive(sim_debugfs);
}
