/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Driver-core callback signatures that changed upstream.
 *
 * Bus code writes its callbacks in the newest form and declares them with
 * these helpers, so the same source builds where the older form is needed.
 */
#ifndef HVLIS_COMPAT_DEVICE_H
#define HVLIS_COMPAT_DEVICE_H

#include <linux/acpi.h>
#include <linux/device.h>
#include <linux/lockdep.h>

/* v6.3: bus_type.uevent takes a const struct device *. */
#ifdef HAVE_BUS_UEVENT_CONST_DEV
typedef const struct device compat_uevent_device_t;
#else
typedef struct device compat_uevent_device_t;
#endif

/* v6.11: bus_type.match takes a const struct device_driver *. */
#ifdef HAVE_BUS_MATCH_CONST_DRV
typedef const struct device_driver compat_match_driver_t;
#else
typedef struct device_driver compat_match_driver_t;
#endif

/*
 * v5.15: bus_type.remove returns void. Define the remove callback as a void
 * function and name it in the bus_type with COMPAT_BUS_REMOVE(fn).
 */
#ifdef HAVE_BUS_REMOVE_VOID
#define COMPAT_BUS_REMOVE(fn) (fn)
#else
#define COMPAT_BUS_REMOVE(fn) (fn##_compat)
#define DECLARE_COMPAT_BUS_REMOVE(fn)				\
	static int fn##_compat(struct device *dev)		\
	{							\
		fn(dev);					\
		return 0;					\
	}
#endif
#ifndef DECLARE_COMPAT_BUS_REMOVE
#define DECLARE_COMPAT_BUS_REMOVE(fn)
#endif

/* device_lock_assert() (absent in 3.10): device_lock() takes dev->mutex. */
#ifndef HAVE_DEVICE_LOCK_ASSERT
static inline void hvlis_device_lock_assert(struct device *dev)
{
	lockdep_assert_held(&dev->mutex);
}

#define device_lock_assert hvlis_device_lock_assert
#endif

/* v5.17: acpi_dev_put() releases what acpi_dev_get_first_match_dev() got. */
#ifndef HAVE_ACPI_DEV_PUT
static inline void hvlis_acpi_dev_put(struct acpi_device *adev)
{
	if (adev)
		put_device(&adev->dev);
}
#define acpi_dev_put hvlis_acpi_dev_put
#endif

/*
 * v5.2: acpi_dev_get_first_match_dev(). Before, there is no lookup by
 * hardware id to call: no ACPI VMBus device is found, so VMBus devices have
 * no firmware parent and hv_vmbus takes its interrupt through the kernel's
 * hook or not at all.
 */
#ifndef HAVE_ACPI_DEV_GET_FIRST_MATCH_DEV
static inline struct acpi_device *
hvlis_acpi_dev_get_first_match_dev(const char *hid, const char *uid, s64 hrv)
{
	return NULL;
}

#define acpi_dev_get_first_match_dev hvlis_acpi_dev_get_first_match_dev
#endif

#endif
