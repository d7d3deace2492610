/*
 * API: device_lock_assert(), lockdep's check that a device's lock is held.
 * Changed: upstream in the v4.x series (RHEL 8's 4.18 has it); 3.10 has
 * device_lock() but no assertion helper.
 * Used by: compat/include/hvlis/compat-device.h (hv_storvsc, hv_netvsc,
 * the echo test module).
 */
#include <linux/device.h>

static void probe(struct device *dev)
{
	device_lock_assert(dev);
}

void (*hvlis_probe)(struct device *) = probe;
