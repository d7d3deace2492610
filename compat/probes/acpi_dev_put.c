/*
 * API: acpi_dev_put(), the release that pairs with the reference
 * acpi_dev_get_first_match_dev() returns.
 * Changed: v5.17 (ACPI: "bus: Introduce acpi_dev_put()"); before that the
 * caller dropped the reference with put_device(&adev->dev).
 * Used by: compat/include/hvlis/compat-device.h (finding the ACPI VMBus
 * device for its interrupt).
 */
#include <linux/acpi.h>

static void probe(struct acpi_device *adev)
{
	acpi_dev_put(adev);
}

void (*hvlis_probe)(struct acpi_device *) = probe;
