/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv-lis driver API: what a VMBus device driver (storvsc, netvsc, utils,
 * the clocksource, the mouse) sees of hv_vmbus.
 */
#ifndef HVLIS_VMBUS_H
#define HVLIS_VMBUS_H

#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/uio.h>
#include <linux/uuid.h>
#include <proto/vmbus_ring.h>

struct hvlis_channel;

/* One offered primary channel, as a device on the vmbus bus. */
struct vmbus_device {
	guid_t class_id;	/* the device type (offer's interface type) */
	guid_t instance_id;	/* this device (offer's interface instance) */
	struct hvlis_channel *channel;	/* the primary channel */
	struct kobject *channels_kobj;	/* sysfs channels/ directory */
	char *driver_override;		/* sysfs driver_override, or NULL */
	struct device dev;
};

static inline struct vmbus_device *to_vmbus_device(struct device *dev)
{
	return container_of(dev, struct vmbus_device, dev);
}

/*
 * A driver binds by class GUID. The id table uses the kernel's
 * struct hv_vmbus_device_id so MODULE_DEVICE_TABLE(vmbus, ...) produces
 * the "vmbus:<32 hex digits>" module aliases udev loads drivers by.
 */
struct vmbus_driver {
	const char *name;
	const struct hv_vmbus_device_id *id_table;
	int (*probe)(struct vmbus_device *vdev, const struct hv_vmbus_device_id *id);
	void (*remove)(struct vmbus_device *vdev);
	struct device_driver driver;
};

static inline struct vmbus_driver *to_vmbus_driver(struct device_driver *drv)
{
	return container_of(drv, struct vmbus_driver, driver);
}

/*
 * Exported names carry the hvlis_ prefix: the in-tree hv_vmbus exports the
 * upstream vmbus_* names with a different ABI, and an in-tree driver must
 * fail to load against this bus rather than bind with the wrong one.
 */
int __hvlis_driver_register(struct vmbus_driver *drv, struct module *owner,
			    const char *mod_name);
void hvlis_driver_unregister(struct vmbus_driver *drv);

#define hvlis_driver_register(drv) \
	__hvlis_driver_register(drv, THIS_MODULE, KBUILD_MODNAME)

/*
 * Called from the channel's tasklet (softirq context) when the host has
 * signalled it. Handle at most @budget packets and return how many were
 * handled: returning @budget means "more may be waiting", and the channel
 * is rescheduled behind the other channels instead of looping here.
 *
 * A driver that cannot take the next packet yet (its answer to the last
 * one is still being made) leaves it in the ring and returns
 * VMBUS_CALLBACK_STALLED; the callback then runs again only when the host
 * signals or the driver calls hvlis_channel_kick().
 */
typedef int (*hvlis_channel_callback_t)(struct hvlis_channel *channel,
					void *context, int budget);
#define VMBUS_CALLBACK_STALLED	(-1)

struct hvlis_channel_open_params {
	u32 send_ring_size;	/* bytes incl. the 4 KiB control page */
	u32 recv_ring_size;	/* (use VMBUS_RING_SIZE()) */
	u32 max_packet_size;	/* largest inbound packet; bigger ones are errors */
	const void *userdata;	/* OPENCHANNEL userdata, at most 120 bytes */
	u32 userdata_len;
	hvlis_channel_callback_t callback;
	void *context;
};

int hvlis_channel_open(struct hvlis_channel *channel,
		       const struct hvlis_channel_open_params *params);
void hvlis_channel_close(struct hvlis_channel *channel);
/* Run the channel's callback soon, as if the host had signalled; any context. */
void hvlis_channel_kick(struct hvlis_channel *channel);

/* Writes one packet: the descriptor, then @kv in order, padding, trailer. */
int hvlis_channel_send(struct hvlis_channel *channel, u16 type, u16 flags,
		       u64 trans_id, const struct kvec *kv, unsigned int nkv);

static inline int hvlis_channel_send_inband(struct hvlis_channel *channel,
					    const void *data, u32 len,
					    u64 trans_id, u16 flags)
{
	struct kvec kv = { .iov_base = (void *)data, .iov_len = len };

	return hvlis_channel_send(channel, VMBUS_PACKET_DATA_INBAND, flags,
				  trans_id, &kv, 1);
}

/* One range of a GPA-direct packet: @len bytes at @offset of pfns[0]. */
struct vmbus_page_range {
	u32 len;
	u32 offset;
	const u64 *pfns;	/* DIV_ROUND_UP(offset + len, 4096) of them */
};

int hvlis_channel_send_gpa_direct(struct hvlis_channel *channel,
				  const struct vmbus_page_range *ranges,
				  u32 nranges, const void *data, u32 len,
				  u64 trans_id, u16 flags);

/*
 * Reading, from the channel callback: peek returns the next packet, copied
 * into the channel's private buffer and checked (so the host cannot change
 * it after the checks), NULL when the ring is empty or an ERR_PTR when the
 * host broke it. advance consumes the packet peek returned.
 */
const struct vmbus_packet_descriptor *
hvlis_channel_peek(struct hvlis_channel *channel);
void hvlis_channel_advance(struct hvlis_channel *channel);

static inline const void *
vmbus_packet_payload(const struct vmbus_packet_descriptor *desc, u32 *len)
{
	u32 offset = le16_to_cpu(desc->offset8) * 8;

	*len = le16_to_cpu(desc->len8) * 8 - offset;
	return (const u8 *)desc + offset;
}

/* Room for a packet of this many payload bytes right now (no waiting). */
bool hvlis_channel_can_send(struct hvlis_channel *channel, u32 payload_len);
/* Ask the host to signal once a packet of @payload_len bytes fits (0: stop). */
void hvlis_channel_want_space(struct hvlis_channel *channel, u32 payload_len);

/*
 * The request table: a transaction id for each outstanding request, so a
 * completion finds its request and a completion with an id that is
 * unknown, already completed or from an abandoned request is refused.
 */
u64 hvlis_request_add(struct hvlis_channel *channel, u64 value);
int hvlis_request_take(struct hvlis_channel *channel, u64 trans_id, u64 *value);

/* GPADLs for driver buffers (vmalloc'ed or linear-mapped, page aligned). */
int hvlis_gpadl_create(struct hvlis_channel *channel, void *buf, u32 size,
		       u32 *gpadl);
int hvlis_gpadl_teardown(struct hvlis_channel *channel, u32 gpadl);

/*
 * Sub-channels: after asking the device for them (a device-specific
 * request on the primary), the driver learns of each through @new_channel,
 * called in process context under the primary device's lock (so never
 * while the driver is being unbound); it opens it there or later. A
 * sub-channel the host rescinds is closed for the driver, after
 * @rescinded (if set, called the same way).
 */
void hvlis_set_subchannel_callbacks(struct hvlis_channel *primary,
				    void (*new_channel)(struct hvlis_channel *sub),
				    void (*rescinded)(struct hvlis_channel *sub));
u16 hvlis_channel_subchannel_index(const struct hvlis_channel *channel);
/* The host took the channel back: it answers nothing more on it. */
bool hvlis_channel_rescinded(const struct hvlis_channel *channel);
struct vmbus_device *hvlis_channel_device(const struct hvlis_channel *channel);

/* The partition reference counter, 100 ns units (valid while bound). */
u64 hvlis_read_reference_time(void);
struct hvlis_tsc_page;
/*
 * The partition reference time for a clocksource, which reads it long
 * after any device is gone: hvlis_reference_clock_get() takes the
 * registered host backend's reference counter and, where the host keeps
 * one, its reference TSC page (else NULL), and pins the backend's
 * module until hvlis_reference_clock_put(). -ENODEV: no host backend.
 */
struct hvlis_reference_clock {
	u64 (*read)(void);
	const struct hvlis_tsc_page *page;
	struct module *owner;
};

int hvlis_reference_clock_get(struct hvlis_reference_clock *clock);
void hvlis_reference_clock_put(struct hvlis_reference_clock *clock);

/* The driver's own pointer, kept on the channel. */
void hvlis_channel_set_drvdata(struct hvlis_channel *channel, void *data);
void *hvlis_channel_get_drvdata(const struct hvlis_channel *channel);

#endif
