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

/* A channel the host offered. */
struct vmbus_channel {
	struct vmbus_channel_offer_channel offer;	/* as the host sent it */
	u32 relid;
	bool rescinded;			/* set under the channel table lock */
	struct vmbus_device *device;	/* primary channels, once registered */
	struct work_struct register_work;
	struct work_struct rescind_work;
};

/* The sysfs "state" values of a channel (upstream numbering). */
enum vmbus_channel_state {
	CHANNEL_OFFER_STATE = 0,
	CHANNEL_OPENING_STATE = 1,
	CHANNEL_OPEN_STATE = 2,		/* offered, not opened */
	CHANNEL_OPENED_STATE = 3,
};

/* The one connection to the host. */
struct vmbus_connection {
	struct vmbus_host_backend *host;
	u32 version;		/* negotiated; 0 when not connected */
	u32 msg_conn_id;	/* connection id for posting messages */
	void *int_page;		/* interrupt page (versions < 5.0) */
	void *monitor_pages[2];	/* parent->child, child->parent */
	struct workqueue_struct *msg_wq;	/* ordered: host message order */
	struct workqueue_struct *dev_wq;	/* ordered: device (un)registration */
	bool unloading;		/* no new offers or rescinds */
	struct completion offers_done;

	spinlock_t lock;	/* protects the version request below */
	bool awaiting_version;
	struct vmbus_channel_version_response version_response;
	struct completion version_done;
	struct completion unload_done;
};

extern struct vmbus_connection vmbus_connection;

/* bus.c: the vmbus bus type, device attributes, driver registration. */
extern struct bus_type vmbus_bus;
int vmbus_bus_init(void);
void vmbus_bus_exit(void);

/* host.c: choosing and attaching the host backend. */
int vmbus_host_attach(struct vmbus_guest *guest);
void vmbus_host_detach(void);

/* connection.c: version negotiation, posting messages, unload. */
void vmbus_connection_init(void);
int vmbus_connect(void);
void vmbus_disconnect(void);
int vmbus_post_message(const void *msg, u32 len);
void vmbus_on_version_response(const struct vmbus_channel_version_response *resp);
void vmbus_on_unload_response(void);

/* channel_mgmt.c: offers, rescinds, the devices they become. */
struct vmbus_channel *vmbus_channel_get_by_relid(u32 relid);
void vmbus_on_offer(const struct vmbus_channel_offer_channel *offer);
void vmbus_on_rescind(const struct vmbus_channel_relid_message *msg);
void vmbus_on_offers_delivered(void);
int vmbus_request_offers(void);
void vmbus_remove_all_channels(void);

/* dev_types.c: what a class GUID is called. */
unsigned int vmbus_dev_type(const guid_t *class_id);

/* messages.c: checking and dispatching what the host sends. */
void vmbus_on_host_message(struct vmbus_guest *guest, const void *msg, u32 len);

#endif
