// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shutdown (protocol-vmbus.md 9.1): the host asks for a power-off or a
 * reboot. The answer goes out first, then the kernel starts an orderly
 * power-off or reboot (userspace's /sbin/poweroff or /sbin/reboot) from
 * a work item. Hibernation (flags 4/5, service 3.2) is refused: this
 * driver offers 3.2 for the newer hosts' sake but has no way to hand a
 * hibernate request to userspace yet. Anything else is refused too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/reboot.h>
#include <linux/slab.h>

#include "hv_utils.h"

static const struct vmbus_ic_version shutdown_fw[] = {
	UTIL_VER(3, 0), UTIL_VER(1, 0),
};

static const struct vmbus_ic_version shutdown_srv[] = {
	UTIL_VER(3, 2), UTIL_VER(3, 1), UTIL_VER(3, 0), UTIL_VER(1, 0),
};

enum shutdown_action { SHUTDOWN_POWEROFF, SHUTDOWN_REBOOT };

struct shutdown_state {
	struct util_dev *dev;
	struct work_struct work;
	enum shutdown_action action;
	bool accepted;		/* the last request starts once answered */
};

static void shutdown_work(struct work_struct *work)
{
	struct shutdown_state *st = container_of(work, struct shutdown_state, work);

	if (st->action == SHUTDOWN_REBOOT)
		orderly_reboot();
	else
		orderly_poweroff(true);
}

static enum util_verdict shutdown_handle(struct util_dev *dev, u8 *data, u32 size)
{
	struct shutdown_state *st = dev->priv;
	struct vmbus_ic_shutdown *msg = (void *)data;
	struct vmbus_ic_msg_hdr *hdr = util_hdr(dev);
	u32 flags;

	st->accepted = false;
	hdr->status = cpu_to_le32(HV_E_FAIL);
	if (size < offsetofend(struct vmbus_ic_shutdown, flags)) {
		dev_warn_ratelimited(&dev->vdev->dev,
				     "shutdown: %u bytes, too short for the flags: refused\n",
				     size);
		return UTIL_REPLY;
	}
	flags = le32_to_cpu(msg->flags);
	switch (flags) {
	case 0:
	case SHUTDOWN_FLAG_FORCED:
		st->action = SHUTDOWN_POWEROFF;
		break;
	case SHUTDOWN_FLAG_RESTART:
	case SHUTDOWN_FLAG_RESTART | SHUTDOWN_FLAG_FORCED:
		st->action = SHUTDOWN_REBOOT;
		break;
	case SHUTDOWN_FLAG_HIBERNATE:
	case SHUTDOWN_FLAG_HIBERNATE | SHUTDOWN_FLAG_FORCED:
		dev_warn_ratelimited(&dev->vdev->dev,
				     "shutdown: hibernation request refused: not supported by this driver\n");
		return UTIL_REPLY;
	default:
		dev_warn_ratelimited(&dev->vdev->dev,
				     "shutdown: unknown flags %#x: refused\n", flags);
		return UTIL_REPLY;
	}
	hdr->status = cpu_to_le32(HV_S_OK);
	st->accepted = true;
	dev_info(&dev->vdev->dev, "Shutdown request received - graceful %s initiated\n",
		 st->action == SHUTDOWN_REBOOT ? "reboot" : "shutdown");
	return UTIL_REPLY;
}

/* Answered before anything starts (9.1). */
static void shutdown_answered(struct util_dev *dev)
{
	struct shutdown_state *st = dev->priv;

	if (st->accepted)
		schedule_work(&st->work);
}

static int shutdown_init(struct util_dev *dev)
{
	struct shutdown_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	st->dev = dev;
	INIT_WORK(&st->work, shutdown_work);
	dev->priv = st;
	return 0;
}

static void shutdown_exit(struct util_dev *dev)
{
	struct shutdown_state *st = dev->priv;

	cancel_work_sync(&st->work);
	kfree(st);
}

const struct util_service util_shutdown_service = {
	.name = "shutdown",
	.msgtype = ICMSGTYPE_SHUTDOWN,
	.fw_versions = shutdown_fw,
	.fw_count = ARRAY_SIZE(shutdown_fw),
	.srv_versions = shutdown_srv,
	.srv_count = ARRAY_SIZE(shutdown_srv),
	.init = shutdown_init,
	.exit = shutdown_exit,
	.handle = shutdown_handle,
	.answered = shutdown_answered,
};
