/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_utils internals: the IC (integration component) framework shared by
 * the util services (protocol-vmbus.md 8) and the services themselves
 * (9: shutdown, heartbeat, time sync, KVP).
 *
 * One struct util_dev per bound channel. Host messages arrive in the
 * channel callback (a tasklet); the framework checks the pipe and IC
 * headers, answers NEGOTIATE itself and hands every other message of the
 * service's icmsgtype, already checked, to the service's handler with a
 * private copy of the message in dev->msg. The handler fills in the
 * answer there and returns; the framework sends it unless the handler
 * says it will answer later (KVP waits for its daemon).
 */
#ifndef HVLIS_UTILS_H
#define HVLIS_UTILS_H

#include <linux/completion.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <hvlis/compat-genl.h>
#include <proto/vmbus_ic.h>
#include <vmbus.h>

/* Largest IC message any service takes: the KVP IP message. */
#define UTIL_MAX_MSG	(sizeof(struct vmbus_ic_msg_hdr) + \
			 sizeof(struct vmbus_kvp_ip_msg))

struct util_dev;
struct genl_family;
struct genl_info;
struct sk_buff;

/* What a service handler did with a message. */
enum util_verdict {
	UTIL_REPLY,		/* dev->msg holds the answer: send it now */
	UTIL_DEFER,		/* the service answers later (util_reply()) */
};

struct util_service {
	const char *name;
	u16 msgtype;			/* enum vmbus_ic_msgtype */
	const struct vmbus_ic_version *fw_versions;	/* newest first */
	unsigned int fw_count;
	const struct vmbus_ic_version *srv_versions;	/* newest first */
	unsigned int srv_count;
	/* Bound / unbinding: set up and tear down the service's state. */
	int (*init)(struct util_dev *dev);
	void (*exit)(struct util_dev *dev);
	/*
	 * One message of msgtype, after negotiation, from the channel
	 * callback (softirq). @data: the service data, @size: icmsgsize,
	 * both checked to lie in dev->msg. Sets the header's status.
	 */
	enum util_verdict (*handle)(struct util_dev *dev, u8 *data, u32 size);
	/*
	 * Optional: the answer handle() left in dev->msg (UTIL_REPLY) is
	 * out, for what must start only once the host has it. Callback
	 * context; dev->msg may already hold the next message.
	 */
	void (*answered)(struct util_dev *dev);
	/*
	 * Optional: a NEGOTIATE was answered successfully in dev->msg (from
	 * the callback); UTIL_DEFER holds the answer back (util_reply()).
	 */
	enum util_verdict (*negotiated)(struct util_dev *dev);
};

struct util_dev {
	struct vmbus_device *vdev;
	struct hvlis_channel *channel;
	const struct util_service *svc;
	void *priv;			/* the service's state */

	/* The message being handled, and its answer, in place. */
	u8 *msg;
	u32 msg_len;			/* the received length: also the reply's */
	u64 trans_id;
	bool busy;			/* dev->msg holds an unanswered request */

	/* Negotiation result (valid once negotiated). */
	bool negotiated;
	struct vmbus_ic_version fw;
	struct vmbus_ic_version srv;
	u64 negotiations;		/* how many NEGOTIATEs answered */
};

#define UTIL_VER(maj, min) { .major = cpu_to_le16(maj), .minor = cpu_to_le16(min) }

static inline struct vmbus_ic_msg_hdr *util_hdr(struct util_dev *dev)
{
	return (struct vmbus_ic_msg_hdr *)dev->msg;
}

static inline u32 util_ver(const struct vmbus_ic_version *v)
{
	return (u32)le16_to_cpu(v->major) << 16 | le16_to_cpu(v->minor);
}

#define UTIL_VERSION(maj, min)	((u32)(maj) << 16 | (min))

/* ic.c: the framework. */
int util_ic_callback(struct hvlis_channel *channel, void *context, int budget);
/* Send the deferred answer in dev->msg (process or softirq context). */
void util_reply(struct util_dev *dev);

/* The services. */
extern const struct util_service util_heartbeat_service;
extern const struct util_service util_shutdown_service;
extern const struct util_service util_timesync_service;
extern const struct util_service util_kvp_service;

/* genl.c: the "hvlis" generic netlink family. */
enum { UTIL_GENL_MCGRP_TIMESYNC };
extern struct genl_family util_genl_family;
int util_genl_init(void);
void util_genl_exit(void);

/* kvp.c: the family's KVP commands and the daemon's socket closing. */
int util_kvp_genl_register(struct sk_buff *skb, struct genl_info *info);
int util_kvp_genl_response(struct sk_buff *skb, struct genl_info *info);
void util_kvp_daemon_gone(u32 portid);


#endif
