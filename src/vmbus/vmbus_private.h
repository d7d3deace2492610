/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces between the files of hv_vmbus.
 *
 * Locking, outermost first (lockdep checks the order on the debug kernel;
 * the functions that need a lock assert it):
 *   device lock         driver core: probe, remove, and the sub-channel
 *                       callbacks (vmbus_notify_driver)
 *   primary->sub_lock   a primary's sub_channels list
 *   channel->open_lock  a channel's open state, rings and target_cpu
 *   cpus_read_lock()    while a channel's CPU is checked online and
 *                       published (open, the "cpu" attribute); never
 *                       across a host round trip
 *   vmbus_channels_lock the relid table (channel_mgmt.c)
 *   spinlocks, innermost, nothing taken under them: channel->out.lock,
 *                       channel->sched_lock and a request table's lock
 *                       (irq-safe), vmbus_connection.lock and .wait_lock
 *                       (message path)
 */
#ifndef HVLIS_VMBUS_PRIVATE_H
#define HVLIS_VMBUS_PRIVATE_H

#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <hvlis/compat.h>
#include <proto/vmbus_channel.h>
#include <proto/vmbus_ring.h>
#include <vmbus.h>
#include <hvlis_host.h>

/*
 * A channel's state; the values are what sysfs "state" shows, numbered as
 * upstream's (whose name for CLOSED, CHANNEL_OPEN_STATE, misleads).
 */
enum vmbus_channel_state {
	VMBUS_CHANNEL_OFFERED = 0,	/* never opened */
	VMBUS_CHANNEL_OPENING = 1,
	VMBUS_CHANNEL_CLOSED = 2,	/* was open, now closed */
	VMBUS_CHANNEL_OPENED = 3,
};

/* One direction of a channel's ring pair. */
struct vmbus_ring {
	struct vmbus_ring_control *ctl;	/* shared with the host */
	u8 *data;			/* shared: the data area */
	u32 size;			/* of the data area */
	/*
	 * Our own position in the ring: the shared copy is written by us but
	 * could be changed by the host, so it is never read back.
	 */
	u32 priv_index;		/* outbound: write index; inbound: read index */
	spinlock_t lock;	/* outbound: one producer at a time (and sendable) */
	u64 packets;
	u64 bytes;
	u64 full;		/* outbound: writes refused for lack of room */
	u64 full_first;		/* outbound: of those, the first of each run */
	bool was_full;		/* outbound: the last write was refused */
	/*
	 * Our signals to the host for this ring: outbound, it went from empty
	 * to not empty; inbound, the host waiting for room (pending_send_sz)
	 * got it. One writer at a time, like the ring's own index.
	 */
	u64 signals;
};

/* A channel the host offered. */
struct hvlis_channel {
	struct vmbus_channel_offer_channel offer;	/* as the host sent it */
	u32 relid;
	bool rescinded;		/* the host took it back; set on the message wq */
	bool removed;		/* primary: its device is gone (rescind done) */
	struct vmbus_device *device;	/* primary channels, once registered */
	struct work_struct register_work;
	struct work_struct rescind_work;
	struct rcu_head rcu;

	/* Sub-channels: linked to their primary, which outlives them. */
	struct hvlis_channel *primary;	/* NULL for a primary */
	struct mutex sub_lock;		/* primary: protects sub_channels */
	struct list_head sub_channels;	/* primary: its sub-channels */
	struct list_head sub_node;	/* sub-channel: in its primary's list */
	void (*sc_new)(struct hvlis_channel *sub);
	void (*sc_rescinded)(struct hvlis_channel *sub);

	struct mutex open_lock;	/* open, close and teardown of the rings */
	enum vmbus_channel_state state;
	/*
	 * The Linux CPU the host interrupts for the channel; on the wire
	 * (target_vp) it is that CPU's VP number. Written under open_lock
	 * once offered.
	 */
	u32 target_cpu;
	/* Where MODIFYCHANNEL is moving it, or VMBUS_NO_CPU (open_lock). */
	u32 moving_cpu;
	void *ring_mem;		/* both rings, vzalloc'ed */
	u32 ring_size;
	u32 ring_gpadl;
	struct vmbus_ring out;	/* guest -> host */
	struct vmbus_ring in;	/* host -> guest */
	bool broken;		/* the host corrupted a ring: stop using it (READ/WRITE_ONCE) */
	bool sendable;		/* open: under out.lock, so close stops senders */
	u8 *packet;		/* private copy of the packet peek returned */
	u32 max_packet_size;
	u32 peeked_len;		/* bytes peek consumed from the ring, or 0 */

	spinlock_t sched_lock;	/* callback_enabled vs. event delivery */
	bool callback_enabled;
	hvlis_channel_callback_t callback;
	void *context;
	void *drvdata;
	struct tasklet_struct tasklet;
	atomic64_t interrupts;	/* host -> guest signals */

	struct vmbus_request_table *requests;
	struct kobject *kobj;	/* sysfs channels/<relid>/, or NULL */
};

/* The one connection to the host. */
struct vmbus_connection {
	const struct hvlis_host_ops __rcu *host;	/* host.c */
	int event_cpu;		/* HVLIS_EVENT_ANY_CPU or the one CPU */
	u32 version;		/* negotiated; 0 when not connected */
	u32 msg_conn_id;	/* connection id for posting messages */
	void *int_page;		/* interrupt page (versions < 5.0) */
	void *monitor_pages[2];	/* parent->child, child->parent */
	struct workqueue_struct *msg_wq;	/* ordered: host message order */
	struct workqueue_struct *dev_wq;	/* ordered: device (un)registration */
	struct acpi_device *acpi_root;	/* firmware's VMBus node, or NULL */
	bool unloading;		/* no new offers or rescinds */
	struct completion offers_done;

	spinlock_t lock;	/* protects the version request below */
	bool awaiting_version;
	struct vmbus_channel_version_response version_response;
	struct completion version_done;
	struct completion unload_done;

	spinlock_t wait_lock;	/* protects waits */
	struct list_head waits;	/* struct vmbus_message_wait */
};

/* A request posted to the host, waiting for its answer. */
struct vmbus_message_wait {
	struct list_head node;
	u32 type;		/* the answer's message type */
	u32 relid;		/* of the channel the request is for */
	u32 key;		/* openid or GPADL handle */
	struct completion done;
	u32 status;		/* from the answer */
	int error;		/* -ENODEV: the channel was rescinded */
};

/* hvlis_channel.moving_cpu when no move is under way. */
#define VMBUS_NO_CPU	U32_MAX

/* An answer that names no channel (GPADL_TORNDOWN) matches on key alone. */
#define VMBUS_ANY_RELID	U32_MAX

extern struct vmbus_connection vmbus_connection;

/* bus.c: the vmbus bus type, device attributes, driver registration. */
extern struct bus_type vmbus_bus;
int vmbus_bus_init(void);
void vmbus_bus_exit(void);

/*
 * The registered backend. Only for paths that run while hv_vmbus is
 * connected (a channel or device exists), when it cannot change.
 */
static inline const struct hvlis_host_ops *vmbus_host_ops(void)
{
	return rcu_dereference_raw(vmbus_connection.host);
}

/*
 * connection.c: monitor page fields of a monitored channel's monitor id,
 * in the parent->child page (VMBUS_MONITOR_SERVER, written by the host)
 * or the child->parent page (VMBUS_MONITOR_CLIENT, ours to signal with).
 */
enum vmbus_monitor_page_id { VMBUS_MONITOR_SERVER, VMBUS_MONITOR_CLIENT };
bool vmbus_monitor_pending(const struct hvlis_channel *channel,
			   enum vmbus_monitor_page_id page);
u16 vmbus_monitor_latency(const struct hvlis_channel *channel,
			  enum vmbus_monitor_page_id page);
u32 vmbus_monitor_conn_id(const struct hvlis_channel *channel,
			  enum vmbus_monitor_page_id page);

/* connection.c: version negotiation, posting messages, unload. */
void vmbus_connection_init(void);
int vmbus_connect(void);
void vmbus_disconnect(void);
int vmbus_post_message(const void *msg, u32 len);
void vmbus_on_version_response(const struct vmbus_channel_version_response *resp);
void vmbus_on_unload_response(void);

/* channel_mgmt.c: offers, rescinds, the devices they become. */
struct hvlis_channel *vmbus_channel_get_by_relid(u32 relid);
struct hvlis_channel *vmbus_channel_lookup_rcu(u32 relid);
void vmbus_on_offer(const struct vmbus_channel_offer_channel *offer);
void vmbus_on_rescind(const struct vmbus_channel_relid_message *msg);
void vmbus_on_offers_delivered(void);
int vmbus_request_offers(void);
void vmbus_remove_all_channels(void);
/* The relid of a channel open or opening on @cpu, 0 when there is none. */
u32 vmbus_channel_on_cpu(unsigned int cpu);

/* message_wait.c: waiting for the host's answer to a channel message. */
int vmbus_message_wait_prepare(struct vmbus_message_wait *wait, u32 type,
			       struct hvlis_channel *channel, u32 key);
int vmbus_message_wait_for(struct vmbus_message_wait *wait);
void vmbus_message_wait_cancel(struct vmbus_message_wait *wait);
void vmbus_message_wait_answer(u32 type, u32 relid, u32 key, u32 status);
void vmbus_message_wait_rescind(struct hvlis_channel *channel);

/* gpadl.c: describing guest memory to the host. */
void vmbus_on_gpadl_created(const struct vmbus_channel_gpadl_created *msg);
void vmbus_on_gpadl_torndown(const struct vmbus_channel_gpadl_torndown *msg);

/* ring_buffer.c: the shared rings. */
void vmbus_ring_init(struct vmbus_ring *ring, void *mem, u32 size);
int vmbus_ring_write(struct hvlis_channel *channel, const struct kvec *kv,
		     unsigned int nkv, u32 total);
bool vmbus_ring_has_data(struct vmbus_ring *ring);
u32 vmbus_ring_bytes_to_read(struct vmbus_ring *ring);
u32 vmbus_ring_bytes_to_write(struct vmbus_ring *ring);
bool vmbus_ring_has_room(struct hvlis_channel *channel, u32 total);

/* channel.c: open, close, signalling, event delivery. */
void vmbus_channel_init(struct hvlis_channel *channel);
void vmbus_channel_signal(struct hvlis_channel *channel);
void vmbus_on_channel_event(u32 relid);
void vmbus_on_open_result(const struct vmbus_channel_open_result *msg);
void vmbus_channel_choose_cpu(struct hvlis_channel *channel);
int vmbus_channel_set_cpu(struct hvlis_channel *channel, unsigned int cpu);
void vmbus_on_modify_response(const struct vmbus_channel_modifychannel_response *msg);
int vmbus_channel_cpus_init(void);
void vmbus_channel_cpus_exit(void);

/* channel_sysfs.c: the channels/<relid>/ directories. */
void vmbus_channel_sysfs_add(struct hvlis_channel *channel);
void vmbus_channel_sysfs_remove(struct hvlis_channel *channel);

/* request_table.c: transaction ids of packets awaiting completion. */
struct vmbus_request_table *vmbus_request_table_alloc(u32 size);
void vmbus_request_table_free(struct vmbus_request_table *table);

/* dev_types.c: what a class GUID is called, and whether it is spread. */
unsigned int vmbus_dev_type(const guid_t *class_id);
bool vmbus_dev_is_perf(const guid_t *class_id);

/* messages.c: checking and dispatching what the host sends. */
void vmbus_on_host_message(const void *msg, u32 len);

#endif
