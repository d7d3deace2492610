/*
 * API: struct bus_type.uevent takes a const struct device *.
 * Changed: v6.3 (driver core: "make struct bus_type.uevent() take a
 * const *"); before that it took a plain struct device *.
 * Used by: compat/include/hvlis/compat-device.h (vmbus bus uevent).
 */
#include <linux/device.h>

static int probe_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	return 0;
}

struct bus_type hvlis_probe_bus = {
	.name = "hvlis_probe",
	.uevent = probe_uevent,
};
