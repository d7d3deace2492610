// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device types by class GUID (protocol-vmbus.md 7), numbered as the sysfs
 * "device" attribute reports them (protocol-vmbus.md 10), and which of them
 * are the performance devices whose channels are spread over CPUs (4.10).
 */
#include <linux/kernel.h>
#include <linux/uuid.h>
#include <proto/vmbus_classes.h>

#include "vmbus_private.h"

static const struct {
	guid_t class_id;
	unsigned int type;
	bool perf;
} vmbus_dev_types[] = {
	{ VMBUS_CLASS_IDE, 0, true },
	{ VMBUS_CLASS_SCSI, 1, true },
	{ VMBUS_CLASS_FC, 2, true },
	{ VMBUS_CLASS_NIC, 3, true },
	{ VMBUS_CLASS_ND, 4, true },
	{ VMBUS_CLASS_PCIE, 5 },
	{ VMBUS_CLASS_FB, 6 },
	{ VMBUS_CLASS_KBD, 7 },
	{ VMBUS_CLASS_MOUSE, 8 },
	{ VMBUS_CLASS_KVP, 9 },
	{ VMBUS_CLASS_TIMESYNC, 10 },
	{ VMBUS_CLASS_HEARTBEAT, 11 },
	{ VMBUS_CLASS_SHUTDOWN, 12 },
	{ VMBUS_CLASS_FCOPY, 13 },
	{ VMBUS_CLASS_BACKUP, 14 },
	{ VMBUS_CLASS_DM, 15 },
};

#define VMBUS_DEV_TYPE_UNKNOWN	16

/* The table index of @class_id, or -1. */
static int vmbus_dev_type_index(const guid_t *class_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbus_dev_types); i++)
		if (guid_equal(&vmbus_dev_types[i].class_id, class_id))
			return i;
	return -1;
}

unsigned int vmbus_dev_type(const guid_t *class_id)
{
	int i = vmbus_dev_type_index(class_id);

	return i < 0 ? VMBUS_DEV_TYPE_UNKNOWN : vmbus_dev_types[i].type;
}

bool vmbus_dev_is_perf(const guid_t *class_id)
{
	int i = vmbus_dev_type_index(class_id);

	return i >= 0 && vmbus_dev_types[i].perf;
}
