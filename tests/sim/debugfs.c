// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/vmbus_sim/: how tests drive the simulated host.
 *
 *   host_version  newest VMBus version this host accepts (hex, read/write;
 *                 takes effect at the guest's next INITIATE_CONTACT)
 *   version       the version negotiated with the guest (0: none)
 *   counters      messages, violations, unloads
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

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

void sim_debugfs_init(void)
{
	sim_debugfs = debugfs_create_dir("vmbus_sim", NULL);
	debugfs_create_x32("host_version", 0600, sim_debugfs, &sim.host_version);
	debugfs_create_x32("version", 0400, sim_debugfs, &sim.version);
	debugfs_create_file("counters", 0400, sim_debugfs, NULL, &sim_counters_fops);
}

void sim_debugfs_exit(void)
{
	debugfs_remove_recursive(sim_debugfs);
}
