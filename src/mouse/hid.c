// SPDX-License-Identifier: GPL-2.0-only
/*
 * The HID device of the synthetic mouse and its transport (a
 * hid_ll_driver): named, numbered and described as Hyper-V presents it,
 * so hid-generic binds and udev and libinput see the Hyper-V mouse with
 * absolute coordinates.
 */
#include <linux/hid.h>
#include <linux/pm_wakeup.h>
#include <linux/string.h>

#include "hid_hyperv.h"

#define MOUSEVSC_NAME	"Microsoft Vmbus HID-compliant Mouse"

static int mousevsc_hid_parse(struct hid_device *hid)
{
	struct mousevsc *mv = hid->driver_data;

	return hid_parse_report(hid, mv->rdesc, mv->rdesc_len);
}

/* The channel is open before the device exists and stays open after it. */
static int mousevsc_hid_start(struct hid_device *hid)
{
	return 0;
}

static void mousevsc_hid_stop(struct hid_device *hid)
{
}

static int mousevsc_hid_open(struct hid_device *hid)
{
	return 0;
}

static void mousevsc_hid_close(struct hid_device *hid)
{
}

/* SynthHID carries input reports only: no feature or output reports. */
static int mousevsc_hid_raw_request(struct hid_device *hid, unsigned char reportnum,
				    __u8 *buf, size_t len, unsigned char rtype,
				    int reqtype)
{
	return -EIO;
}

/* Not const: older kernels' hid_device.ll_driver points to a mutable one. */
static struct hid_ll_driver mousevsc_ll_driver = {
	.parse = mousevsc_hid_parse,
	.start = mousevsc_hid_start,
	.stop = mousevsc_hid_stop,
	.open = mousevsc_hid_open,
	.close = mousevsc_hid_close,
	.raw_request = mousevsc_hid_raw_request,
};

/* Add the HID device for the device info the host sent; process context. */
int mousevsc_hid_add(struct mousevsc *mv)
{
	struct hid_device *hid;
	int ret;

	hid = hid_allocate_device();
	if (IS_ERR(hid))
		return PTR_ERR(hid);
	hid->ll_driver = &mousevsc_ll_driver;
	hid->driver_data = mv;
	hid->dev.parent = &mv->vdev->dev;
	hid->bus = BUS_VIRTUAL;
	hid->vendor = mv->vendor;
	hid->product = mv->product;
	hid->version = mv->version;
	strscpy(hid->name, MOUSEVSC_NAME, sizeof(hid->name));
	strscpy(hid->phys, dev_name(&mv->vdev->dev), sizeof(hid->phys));
	ret = hid_add_device(hid);
	if (ret) {
		dev_err(&mv->vdev->dev, "could not add the HID device (error %d)\n", ret);
		hid_destroy_device(hid);
		return ret;
	}
	mv->hid = hid;
	return 0;
}

void mousevsc_hid_destroy(struct mousevsc *mv)
{
	if (mv->hid)
		hid_destroy_device(mv->hid);
	mv->hid = NULL;
}

/* One input report from the host (channel callback, once ready). */
void mousevsc_hid_report(struct mousevsc *mv, const u8 *data, u32 len)
{
	len = min_t(u32, len, HID_MAX_BUFFER_SIZE);
	/* HID core takes a writable buffer (some kernels pad short reports in it). */
	memcpy(mv->report, data, len);
	hid_input_report(mv->hid, HID_INPUT_REPORT, mv->report, len, 1);
	pm_wakeup_event(&mv->vdev->dev, 0);
}
