/*
 * API: struct bus_type.remove returns void.
 * Changed: v5.15 (driver core: "bus: Make remove callback return void");
 * before that it returned int, and the value was ignored.
 * Used by: compat/include/hvlis/compat-device.h (vmbus bus remove).
 */
#include <linux/device.h>

static void probe_remove(struct device *dev)
{
}

struct bus_type hvlis_probe_bus = {
	.name = "hvlis_probe",
	.remove = probe_remove,
};
