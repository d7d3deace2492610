/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmbus_sim: a simulated Hyper-V host for testing hv_vmbus and its drivers
 * inside a guest with no hypervisor. It sees the guest only through channel
 * messages and the pages GPADLs name, like a real host, and holds the guest
 * to the protocol: anything a real host would refuse is refused here and
 * counted as a violation, which tests check.
 *
 * Locking, outermost first:
 *   sim.connect_lock   registration with hv_vmbus (core.c); held across
 *                      hvlis_host_register/unregister, which take the
 *                      message work's locks through the guest
 *   sim.channels_lock  channel list and every channel's offer/open/GPADL
 *                      state; held by the message work, debugfs and faults
 *   channel->ring_lock the channel's rings: held by its ring work and by
 *                      ring faults; never held while taking channels_lock
 *   sim.event_lock     irq-safe: relid and monitor id tables, which channels
 *                      take signals, the interrupt and monitor page mappings
 *   sim.lock           irq-safe (events are delivered from interrupts):
 *                      whether a guest is attached
 */
#ifndef HVLIS_SIM_H
#define HVLIS_SIM_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <proto/vmbus_channel.h>
#include <proto/vmbus_ring.h>
#include <hvlis_host.h>

/*
 * The connection id this host hands out for 5.0+ connections: anything
 * but 1 and 4, so a guest that keeps posting on 4 is caught.
 */
#define SIM_MSG_CONN_ID		0x0a

/*
 * Per-channel signal connection ids (WIN7+ offers): never equal to the
 * relid, so a guest that signals with the relid is caught.
 */
#define SIM_CONN_ID_BASE	0x10000

/*
 * The connection channels without a dedicated interrupt share (WIN7 up to
 * 5.0, the versions with an interrupt page): the guest names the channel
 * in the send half of that page (4.8). Relid 0 is never a channel, so no
 * channel's own id is this one.
 */
#define SIM_SHARED_CONN_ID	SIM_CONN_ID_BASE

/* NTSTATUS STATUS_UNSUCCESSFUL: what this host answers a bad request with. */
#define SIM_STATUS_FAILED	0xc0000001

/* Largest GPADL this host maps (range_buflen, a u16, caps it at 8190). */
#define SIM_GPADL_MAX_PAGES	16384

#define SIM_MAX_SUBCHANNELS	64

/* What the host does with packets it reads from a channel. */
enum sim_handler {
	SIM_HANDLER_DROP,	/* consume and count them */
	SIM_HANDLER_ECHO,	/* the echo device (echo.c, sim_echo.h) */
	SIM_HANDLER_IC,		/* a util service (ic.c, ic.h) */
	SIM_HANDLER_STORAGE,	/* a SCSI or IDE controller (storage*.c) */
	SIM_HANDLER_NET,	/* a synthetic NIC (net*.c) */
	SIM_HANDLER_MOUSE,	/* the synthetic mouse (mouse.c) */
	SIM_HANDLER_KEYBOARD,	/* the synthetic keyboard (keyboard.c) */
};

/*
 * One ring as the host sees it. The host keeps its own copy of the index
 * it owns (the read index of the guest's outbound ring, the write index of
 * the guest's inbound ring) and never trusts the copy in shared memory.
 */
struct sim_ring {
	struct vmbus_ring_control *ctl;
	u8 *data;
	u32 size;		/* data area bytes */
	u32 index;		/* the index this host owns */
};

/* A GPADL the guest created (or is creating) on a channel. */
struct sim_gpadl {
	struct list_head node;		/* in sim.gpadls */
	struct sim_channel *channel;
	u32 handle;
	u32 npages;
	u32 received;		/* PFNs received so far */
	u32 bodies;		/* GPADL_BODY messages taken so far */
	bool numbered;		/* the bodies count msgnumber 1, 2, ... */
	u64 *pfns;		/* while the header and bodies arrive */
	void *va;		/* vmap of the pages once created */
	/* Neither pfns nor va: unmapped by a rescind, freed on release. */
};

/* A channel this host offers. */
struct sim_channel {
	struct list_head node;
	u32 relid;
	u32 connection_id;
	guid_t class_id;
	guid_t instance_id;
	u16 sub_channel_index;
	u16 subchannels;	/* primaries: sub-channels to offer on open */
	bool shared_interrupt;	/* offered with is_dedicated_interrupt 0 */
	bool subs_offered;
	bool monitored;
	u8 monitor_id;
	struct sim_channel *primary;	/* sub-channels: their primary */
	enum sim_handler handler;
	struct sim_stor_channel *stor;	/* SIM_HANDLER_STORAGE */
	struct sim_net_channel *net;	/* SIM_HANDLER_NET */
	bool rescinded;		/* rescind sent; waiting for RELID_RELEASED */
	u64 rescind_stamp;	/* sim.rescinds after the rescind went out */

	/* Open state, under sim.channels_lock. */
	bool open;
	u32 openid;
	u32 target_vp;		/* also read by event delivery (2.4 and later) */
	struct sim_gpadl *ring_gpadl;

	/* The data path. */
	bool active;		/* under sim.event_lock: signals run ring_work */
	struct mutex ring_lock;	/* out, in, pkt, broken, waiting, wait_* */
	struct delayed_work ring_work;
	struct sim_ring out;	/* the guest's outbound ring: the host reads */
	struct sim_ring in;	/* the guest's inbound ring: the host writes */
	void *pkt;		/* one packet read from out */
	u32 pkt_size;
	bool broken;		/* the guest broke the ring: not processed */
	bool waiting;		/* in is full: waiting for the guest to read */
	bool wait_suspect;	/* room appeared, but no signal came yet */
	int wait_signals;	/* signals when the wait began */
	atomic_t signals;	/* guest signals taken for this channel */
	atomic64_t packets_in;
	atomic64_t packets_out;
};

struct vmbus_sim {
	struct mutex connect_lock;	/* protects registered */
	bool registered;	/* with hv_vmbus (core.c) */
	spinlock_t lock;		/* protects attached */
	bool attached;		/* a guest may be talking to us */
	struct workqueue_struct *wq;	/* ordered: guest message order */
	struct workqueue_struct *ring_wq;	/* ring work, monitor polling */

	u32 host_version;	/* newest version this host accepts (debugfs) */
	u32 version;		/* negotiated; 0 when not connected */
	u32 msg_conn_id;	/* where the guest must post messages */

	struct mutex channels_lock;	/* protects channels, offers_requested, gpadls */
	struct list_head channels;
	bool offers_requested;	/* the guest asked: offer new channels at once */
	struct list_head gpadls;
	atomic_t rescind_during_open;	/* fault armed: rescind the next opened */
	atomic_t modify_fail;	/* fault armed: refuse the next MODIFYCHANNEL */
	atomic_t open_silent;	/* fault armed: ignore the next OPENCHANNEL */
	u32 flood_generation;	/* offer_flood: unique instance GUIDs */

	spinlock_t event_lock;	/* the tables and mappings below */
	struct sim_channel *relids[VMBUS_MAX_RELID];
	struct sim_channel *monitors[VMBUS_MONITOR_IDS];
	unsigned int monitored_open;	/* open monitored channels: poll while > 0 */
	void *int_page;		/* guest's interrupt page (versions < 5.0) */
	struct vmbus_monitor_page *monitor_page;	/* child->parent */
	struct vmbus_monitor_page *server_monitor_page;	/* parent->child */
	struct delayed_work monitor_work;

	atomic64_t rescinds;	/* rescinds delivered: stamps guest messages */

	atomic64_t messages;	/* channel messages received */
	atomic64_t violations;	/* guest protocol violations seen */
	atomic64_t unloads;	/* UNLOADs answered */
	atomic64_t gpadls_created;
	atomic64_t gpadls_torndown;
	atomic64_t opens;	/* OPENCHANNELs answered with success */
	atomic64_t closes;
	atomic64_t signals;	/* guest -> host signals taken */
	atomic64_t events;	/* host -> guest events delivered */
	atomic64_t packets_received;	/* packets read from outbound rings */
	atomic64_t packets_sent;	/* packets written to inbound rings */
	atomic64_t bytes_received;	/* their sizes, without trailers */
	atomic64_t bytes_sent;
	atomic64_t ring_full_waits;	/* times an inbound ring was full */
	atomic64_t echo_packets;	/* packets the echo device answered */
	atomic64_t echo_bytes;		/* payload bytes it echoed */
	atomic64_t dropped_packets;	/* packets of channels with no device */
	atomic64_t broken_channels;	/* channels stopped for a bad ring */
	atomic64_t bad_packet_flags;	/* packets refused for unknown flag bits */
	atomic64_t gpadl_bodies;	/* GPADL_BODY messages taken */
	atomic64_t lost_events;		/* events for an offline VP, not delivered */
	atomic_t posted_pending;	/* guest messages not handled yet */

	/* The synthetic Hyper-V platform (platform.c). */
	atomic64_t synic_messages;	/* placed in a SINT2 slot */
	atomic64_t synic_eoms;		/* EOM writes */
	atomic64_t synic_pending;	/* msg_pending flags set */
	atomic64_t synic_interrupts;	/* SINT2 interrupts taken */
	atomic64_t synic_events_lost;	/* events for a VP without SynIC */
	atomic64_t synic_no_buffers;	/* INSUFFICIENT_BUFFERS answers */
};

extern struct vmbus_sim sim;

#define sim_violation(fmt, ...)						\
	do {								\
		atomic64_inc(&sim.violations);				\
		pr_warn_ratelimited("guest protocol violation: " fmt,	\
				    ##__VA_ARGS__);			\
	} while (0)

/* core.c: registration with hv_vmbus, messages to the guest. */
void sim_deliver(const void *msg, u32 len);
int sim_connect(void);
void sim_disconnect(void);

/* tsc_page.c: reference time and the reference TSC page. */
struct dentry;
struct hvlis_tsc_page;
u64 sim_read_reference_time(void);
u64 sim_guest_reference_time(void);
const struct hvlis_tsc_page *sim_tsc_page(void);
u64 sim_tsc_msr_read(void);
void sim_tsc_msr_write(u64 val);
void sim_tsc_page_init(struct dentry *dir);
void sim_tsc_page_exit(void);

/* channel.c: offers, rescinds and the channel-management messages. */
int sim_post_message(u32 connection_id, const void *msg, u32 len);

struct sim_channel_options {
	u16 subchannels;
	bool monitor;
	bool dedicated;		/* is_dedicated_interrupt (WIN7 and later) */
	/* Storage controllers only. */
	bool storage_options;	/* one of these was given */
	u16 vstor_version;	/* newest VSTOR version accepted, 0: none */
	u16 max_channels;	/* sub-channels it can offer */
	u32 max_transfer;	/* max_transfer_bytes */
	/* NICs only. */
	bool net_options;	/* one of these was given */
	bool has_mac;
	u8 mac[6];		/* PERMANENT_ADDRESS */
	u32 nvsp_version;	/* newest NVSP version accepted, 0: none */
	u16 max_subchannels;	/* sub-channels SUBCHANNEL may get */
	u32 mtu;		/* MAXIMUM_FRAME_SIZE */
};

/* The defaults of a NIC (common.md). */
#define SIM_NET_DEFAULT_VERSION		0x00060001
#define SIM_NET_DEFAULT_FRAME		1500

/* The defaults of a storage controller (common.md): OpenVMM's. */
#define SIM_STOR_DEFAULT_VERSION	0x0600
#define SIM_STOR_DEFAULT_MAX_TRANSFER	0x40000

u32 sim_channel_connection_id(const struct sim_channel *channel);

int sim_add_channel(const guid_t *class_id, const guid_t *instance_id,
		    const struct sim_channel_options *opts);
int sim_rescind_channel(u32 relid);
int sim_rescind_class(const guid_t *class_id);
int sim_rescind_all(void);
void sim_reset_channels(void);
void sim_channels_exit(void);
struct sim_channel *sim_channel_find(u32 relid);
void sim_rescind_locked(struct sim_channel *channel);
void sim_offer_subchannels(struct sim_channel *primary);
const char *sim_channel_state(const struct sim_channel *channel);

/*
 * The channel a guest message names, if the guest may use it: NULL
 * otherwise, after counting a violation unless the message crossed the
 * channel's rescind. *rescinded tells the caller not to answer.
 */
struct sim_channel *sim_channel_for_guest(u32 relid, u64 stamp, const char *what,
					  bool *rescinded);

/* gpadl.c: GPADL_HEADER, GPADL_BODY, GPADL_TEARDOWN; mapping guest pages. */
void *sim_map_guest_pages(const u64 *pfns, u32 npages);
bool sim_guest_pfn_ok(u64 pfn);
void sim_gpadl_header(const void *msg, u32 len, u64 stamp);
void sim_gpadl_body(const void *msg, u32 len, u64 stamp);
void sim_gpadl_teardown(const void *msg, u32 len, u64 stamp);
struct sim_gpadl *sim_gpadl_find(u32 handle);
void sim_gpadls_unmap(struct sim_channel *channel);
void sim_gpadls_free(struct sim_channel *channel);

/* open.c: OPENCHANNEL, CLOSECHANNEL, MODIFYCHANNEL. */
void sim_open_channel(const void *msg, u32 len, u64 stamp);
void sim_close_channel(const void *msg, u32 len, u64 stamp);
void sim_modify_channel(const void *msg, u32 len, u64 stamp);
void sim_channel_shut(struct sim_channel *channel);

/* ring.c: the host's side of the rings, and the per-channel ring work. */
int sim_ring_setup(struct sim_channel *channel, void *va, u32 npages,
		   u32 downstream);
void sim_ring_teardown(struct sim_channel *channel);
void sim_ring_work(struct work_struct *work);
u32 sim_packet_total(u32 payload_len);
int sim_ring_room(struct sim_channel *channel, u32 total);
int sim_ring_write_packet(struct sim_channel *channel, u16 type, u16 flags,
			  u64 trans_id, const void *payload, u32 len);
int sim_ring_write_raw(struct sim_channel *channel, const void *buf, u32 len,
		       u32 advance);
void sim_ring_break(struct sim_channel *channel);
void sim_ring_sync(struct sim_channel *channel);

/* echo.c: the echo device. */
int sim_echo_packet(struct sim_channel *channel, const void *pkt, u32 len);

/* ic.c: the util services (shutdown, heartbeat, time sync, KVP). */
struct dentry;
bool sim_ic_class(const guid_t *class_id);
void sim_ic_opened(struct sim_channel *channel);
int sim_ic_packet(struct sim_channel *channel, const void *pkt, u32 len);
void sim_ic_debugfs_init(struct dentry *dir);

/* storage.c: the storage host (SCSI and IDE controllers). */
struct sim_stor_channel;
struct vmbus_channel_offer_channel;
bool sim_stor_class(const guid_t *class_id);
int sim_stor_attach(struct sim_channel *channel,
		    const struct sim_channel_options *opts);
void sim_stor_detach(struct sim_channel *channel);
void sim_stor_offer(const struct sim_channel *channel,
		    struct vmbus_channel_offer_channel *offer);
void sim_stor_shut(struct sim_channel *channel);
int sim_stor_flush(struct sim_channel *channel);
int sim_stor_packet(struct sim_channel *channel, const void *pkt, u32 len);
void sim_stor_debugfs_init(struct dentry *dir);
void sim_stor_exit(void);

/* net.c: the network host (net.h). */
struct sim_net_channel;
bool sim_net_class(const guid_t *class_id);
bool sim_net_options_ok(const struct sim_channel_options *opts);
int sim_net_attach(struct sim_channel *channel,
		   const struct sim_channel_options *opts);
void sim_net_detach(struct sim_channel *channel);
void sim_net_shut(struct sim_channel *channel);
void sim_net_gpadl_teardown(struct sim_channel *channel, u32 handle);
int sim_net_flush(struct sim_channel *channel);
int sim_net_packet(struct sim_channel *channel, const void *pkt, u32 len);
void sim_net_debugfs_init(struct dentry *dir);
void sim_net_exit(void);

/* mouse.c: the synthetic mouse's host side. */
bool sim_mouse_class(const guid_t *class_id);
int sim_mouse_packet(struct sim_channel *channel, const void *pkt, u32 len);
void sim_mouse_debugfs_init(struct dentry *dir);
/* keyboard.c: the synthetic keyboard's host side. */
bool sim_kbd_class(const guid_t *class_id);
int sim_kbd_packet(struct sim_channel *channel, const void *pkt, u32 len);
void sim_kbd_debugfs_init(struct dentry *dir);

/* signal.c: events both ways, monitor page polling. */
void sim_signal_event(u32 connection_id);
void sim_deliver_event(struct sim_channel *channel);
int sim_signal_connect(u64 int_page_gpa, u64 server_page_gpa, u64 client_page_gpa);
void sim_monitor_describe(const struct sim_channel *channel);
int sim_monitor_trigger(u32 relid, bool on);
void sim_signal_disconnect(void);
void sim_signal_init(void);
void sim_signal_exit(void);
void sim_publish_channel(struct sim_channel *channel);
void sim_unpublish_channel(struct sim_channel *channel);
void sim_activate_channel(struct sim_channel *channel);
void sim_deactivate_channel(struct sim_channel *channel);
void sim_kick_channel(struct sim_channel *channel, unsigned long delay);
void sim_kick_channel_later(struct sim_channel *channel, unsigned long delay);
u32 sim_free_relid(void);
bool sim_monitor_id_free(u8 id);

/*
 * platform.c: the synthetic Hyper-V platform under hv_vmbus's Hyper-V
 * backend (platform=hyperv), instead of the direct host ops.
 */
extern bool sim_platform_hyperv;
int sim_platform_init(void);
int sim_platform_connect(void);
void sim_platform_disconnect(void);
void sim_platform_deliver(const void *msg, u32 len);
void sim_platform_event(unsigned int cpu, u32 event);
void sim_platform_contact(u32 target_vp);
int sim_platform_force_busy(u32 count);
int sim_platform_hold(bool hold);

/* fault.c: hostile messages and ring contents on request. */
int sim_inject(const char *fault);

/* debugfs.c */
void sim_debugfs_init(void);
void sim_debugfs_exit(void);

#endif
