/*
 * API: cpus_read_lock() and cpus_read_unlock(), the CPU hotplug read lock.
 * Changed: v4.13 ("cpu/hotplug: Provide cpus_read|write_[un]lock()");
 * before, the same lock is get_online_cpus() and put_online_cpus().
 * Used by: compat/include/hvlis/compat-cpu.h (hv_vmbus channel CPUs).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: cpus_read_lock cpus_read_unlock
 */
#include <linux/cpu.h>

void hvlis_probe(void)
{
	cpus_read_lock();
	cpus_read_unlock();
}
