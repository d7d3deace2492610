// SPDX-License-Identifier: GPL-2.0-only
/*
 * Heartbeat (protocol-vmbus.md 9.2): the host sends a sequence number,
 * the guest answers with it plus one; the host shows the guest as alive
 * while it does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "hv_utils.h"

static const struct vmbus_ic_version heartbeat_fw[] = {
	UTIL_VER(3, 0), UTIL_VER(1, 0),
};

static const struct vmbus_ic_version heartbeat_srv[] = {
	UTIL_VER(3, 0), UTIL_VER(1, 0),
};

static enum util_verdict heartbeat_handle(struct util_dev *dev, u8 *data, u32 size)
{
	struct vmbus_ic_heartbeat *hb = (void *)data;

	if (size < sizeof(hb->seq_num)) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "heartbeat: %u bytes, too short for a sequence number: refused\n",
				     size);
		util_hdr(dev)->status = cpu_to_le32(HV_E_FAIL);
		return UTIL_REPLY;
	}
	hb->seq_num = cpu_to_le64(le64_to_cpu(hb->seq_num) + 1);
	util_hdr(dev)->status = cpu_to_le32(HV_S_OK);
	return UTIL_REPLY;
}

const struct util_service util_heartbeat_service = {
	.name = "heartbeat",
	.msgtype = ICMSGTYPE_HEARTBEAT,
	.fw_versions = heartbeat_fw,
	.fw_count = ARRAY_SIZE(heartbeat_fw),
	.srv_versions = heartbeat_srv,
	.srv_count = ARRAY_SIZE(heartbeat_srv),
	.handle = heartbeat_handle,
};
