/*
 * API: acpi_dev_get_first_match_dev(hid, uid, hrv), the first present ACPI
 * device with a hardware id, taken with a reference.
 * Changed: v5.2 (ACPI: utils: "Introduce acpi_dev_get_first_match_dev()
 * helper"); before that a driver walked the namespace with
 * acpi_get_devices(). Without it, hv_vmbus has no ACPI VMBus interrupt
 * and needs the kernel's VMBus hook (probe hv_setup_vmbus_handler).
 * Used by: compat/include/hvlis/compat-device.h (finding the ACPI VMBus
 * device for its interrupt).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: acpi_dev_get_first_match_dev
 */
#include <linux/acpi.h>

static struct acpi_device *probe(void)
{
	return acpi_dev_get_first_match_dev("VMBUS", NULL, -1);
}

struct acpi_device *(*hvlis_probe)(void) = probe;
