/*
 * API: struct bus_type.match takes a const struct device_driver *.
 * Changed: v6.11 (driver core: "have match() callback in struct bus_type
 * take a const *"); before that the driver argument was not const.
 * Used by: compat/include/hvlis/compat-device.h (vmbus bus match).
 */
#include <linux/device.h>

static int probe_match(struct device *dev, const struct device_driver *drv)
{
	return 0;
}

struct bus_type hvlis_probe_bus = {
	.name = "hvlis_probe",
	.match = probe_match,
};
