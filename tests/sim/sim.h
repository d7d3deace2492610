/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmbus_sim: a simulated Hyper-V host for testing hv_vmbus and its drivers
 * inside a guest with no hypervisor. It sees the guest only through channel
 * messages and the pages GPADLs name, like a real host.
 */
#ifndef HVLIS_SIM_H
#define HVLIS_SIM_H

#include <linux/spinlock.h>
#include <vmbus_host.h>

struct vmbus_sim {
	spinlock_t lock;		/* protects guest */
	struct vmbus_guest *guest;	/* attached guest, or NULL */
};

#endif
