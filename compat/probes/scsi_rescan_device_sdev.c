/*
 * API: scsi_rescan_device() takes the struct scsi_device *.
 * Changed: v6.6 (scsi: core: "Have scsi_rescan_device() take a
 * scsi_device"), also in later 6.1.y stable kernels; before that it took
 * the device's struct device *.
 * Used by: compat/include/hvlis/compat-scsi.h (storvsc rescanning a LUN
 * the host resized).
 */
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

static void probe(struct scsi_device *sdev)
{
	scsi_rescan_device(sdev);
}

void (*hvlis_probe)(struct scsi_device *) = probe;
