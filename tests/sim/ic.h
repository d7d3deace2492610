/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated host's side of the util services (protocol-vmbus.md 8
 * and 9): shutdown, heartbeat, time sync and KVP. ic.c is the framework
 * (negotiation, sending a request, checking each guest answer); the
 * services' debugfs commands live beside it.
 */
#ifndef HVLIS_SIM_IC_H
#define HVLIS_SIM_IC_H

#include <linux/types.h>
#include <linux/uuid.h>
#include <proto/vmbus_ic.h>

enum sim_ic_svc {
	SIM_IC_SHUTDOWN,
	SIM_IC_HEARTBEAT,
	SIM_IC_TIMESYNC,
	SIM_IC_KVP,
	SIM_IC_COUNT,
};

#define SIM_IC_MAX_OFFER	8
#define SIM_IC_HDR		sizeof(struct vmbus_ic_msg_hdr)
/* Largest request this host sends: the KVP IP message. */
#define SIM_IC_MAX_MSG		(SIM_IC_HDR + sizeof(struct vmbus_kvp_ip_msg))

struct sim_ic_offer {
	u32 fc, mc;
	struct vmbus_ic_version fw[SIM_IC_MAX_OFFER];
	struct vmbus_ic_version srv[SIM_IC_MAX_OFFER];
};

/* What one request expects of its answer. */
enum sim_ic_expect {
	SIM_IC_EXPECT_ANY,	/* a well-formed answer, any status */
	SIM_IC_EXPECT_FAIL,	/* a malformed request: E_FAIL */
};

/* Send a request on the service's open channel; waits for the answer. */
int sim_ic_request(enum sim_ic_svc svc, u16 msgtype, const void *data,
		   u32 size, u32 pad, enum sim_ic_expect expect);
/* Send raw bytes (fault kinds); no answer expected when !expect_answer. */
int sim_ic_send_raw(enum sim_ic_svc svc, const void *msg, u32 len,
		    bool expect_answer, enum sim_ic_expect expect);
/*
 * The last answer of the service: status and a copy of its service data
 * (at most @size bytes); returns the bytes copied, or -ENODATA.
 */
int sim_ic_last_answer(enum sim_ic_svc svc, u32 *status, void *data, u32 size);
/* The negotiated service version, 0 when none. */
u32 sim_ic_srv_version(enum sim_ic_svc svc);

struct dentry;
/* ic_kvp.c: the host's KVP requests. */
void sim_ic_kvp_debugfs_init(struct dentry *dir);

#endif
