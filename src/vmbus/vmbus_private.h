/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces between the files of hv_vmbus.
 */
#ifndef HVLIS_VMBUS_PRIVATE_H
#define HVLIS_VMBUS_PRIVATE_H

#include <linux/completion.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <proto/vmbus_channel.h>
#include <vmbus.h>
#include <vmbus_host.h>

/* The one connection to the host. */
struct vmbus_connection {
	struct vmbus_host_backend *host;
	u32 version;		/* negotiated; 0 when not connected */
	u32 msg_conn_id;	/* connection id for posting messages */
	void *int_page;		/* interrupt page (versions < 5.0) */
	void *monitor_pages[2];	/* parent->child, child->parent */
	struct workqueue_struct *msg_wq;	/* ordered: host message order */

	spinlock_t lock;	/* protects the version request below */
	bool awaiting_version;
	struct vmbus_channel_version_response version_response;
	struct completion version_done;
	struct completion unload_done;
};

extern struct vmbus_connection vmbus_connection;

/* bus.c: the vmbus bus type and driver registration. */
int vmbus_bus_init(void);
void vmbus_bus_exit(void);

/* host.c: choosing and attaching the host backend. */
struct vmbus_host_backend *vmbus_host_attach(struct vmbus_guest *guest);
void vmbus_host_detach(void);

/* connection.c: version negotiation, posting messages, unload. */
void vmbus_connection_init(void);
int vmbus_connect(struct vmbus_host_backend *host);
void vmbus_disconnect(void);
int vmbus_post_message(const void *msg, u32 len);
void vmbus_on_version_response(const struct vmbus_channel_version_response *resp);
void vmbus_on_unload_response(void);

/* messages.c: checking and dispatching what the host sends. */
void vmbus_on_host_message(struct vmbus_guest *guest, const void *msg, u32 len);

#endif
