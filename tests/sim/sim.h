/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmbus_sim: a simulated Hyper-V host for testing hv_vmbus and its drivers
 * inside a guest with no hypervisor. It sees the guest only through channel
 * messages and the pages GPADLs name, like a real host, and holds the guest
 * to the protocol: anything a real host would refuse is refused here and
 * counted as a violation, which tests check.
 */
#ifndef HVLIS_SIM_H
#define HVLIS_SIM_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <proto/vmbus_channel.h>
#include <vmbus_host.h>

/*
 * The connection id this host hands out for 5.0+ connections: anything
 * but 1 and 4, so a guest that keeps posting on 4 is caught.
 */
#define SIM_MSG_CONN_ID		0x0a

/* A channel this host offers. */
struct sim_channel {
	struct list_head node;
	u32 relid;
	guid_t class_id;
	guid_t instance_id;
	bool rescinded;		/* rescind sent; waiting for RELID_RELEASED */
};

struct vmbus_sim {
	spinlock_t lock;		/* protects guest */
	struct vmbus_guest *guest;	/* attached guest, or NULL */
	struct workqueue_struct *wq;	/* ordered: guest message order */

	u32 host_version;	/* newest version this host accepts (debugfs) */
	u32 version;		/* negotiated; 0 when not connected */
	u32 msg_conn_id;	/* where the guest must post messages */

	struct mutex channels_lock;	/* protects channels, offers_requested */
	struct list_head channels;
	bool offers_requested;	/* the guest asked: offer new channels at once */

	atomic64_t messages;	/* channel messages received */
	atomic64_t violations;	/* guest protocol violations seen */
	atomic64_t unloads;	/* UNLOADs answered */
};

extern struct vmbus_sim sim;

#define sim_violation(fmt, ...)						\
	do {								\
		atomic64_inc(&sim.violations);				\
		pr_warn_ratelimited("guest protocol violation: " fmt,	\
				    ##__VA_ARGS__);			\
	} while (0)

/* core.c */
void sim_deliver(const void *msg, u32 len);

/* channel.c: channel-management messages from the guest. */
int sim_post_message(struct vmbus_host_backend *host, u32 connection_id,
		     const void *msg, u32 len);

int sim_add_channel(const guid_t *class_id, const guid_t *instance_id);
int sim_rescind_channel(u32 relid);
void sim_reset_channels(void);

/* fault.c: hostile messages on request. */
int sim_inject(const char *fault);

/* debugfs.c */
void sim_debugfs_init(void);
void sim_debugfs_exit(void);

#endif
