/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What hv_kvp_daemon does with one host request: the pool files for
 * GET, SET, DELETE and ENUMERATE (the AUTO pool's ENUMERATE is generated,
 * kvp_auto.h), the network and the helper programs for GET_IP_INFO and
 * SET_IP_INFO. No netlink here, so the unit tests drive it directly.
 * Problems are logged (rate-limited) and answered with an error code;
 * nothing the host sends can stop the daemon.
 */
#ifndef HVLIS_KVP_HANDLER_H
#define HVLIS_KVP_HANDLER_H

#include <stdint.h>

#include "daemon_log.h"
#include "kvp_auto.h"
#include "kvp_msg.h"
#include "kvp_pool.h"

#ifndef HVLIS_LIBEXECDIR
#define HVLIS_LIBEXECDIR	"/usr/libexec/hv-lis"
#endif

struct kvp_handler {
	const char *pool_dir;		/* KVP_POOL_DEFAULT_DIR */
	const char *helper_dir;		/* HVLIS_LIBEXECDIR */
	const char *sysfs_net;		/* KVP_NET_SYSFS */
	const char *proc_net;		/* "/proc/net": route, ipv6_route */
	struct kvp_auto_env auto_env;
	struct daemon_log_limit limit;
};

void kvp_handler_init(struct kvp_handler *h);

/* Answers req into resp (id and op copied; error and values filled). */
void kvp_handle(struct kvp_handler *h, const struct kvp_request *req,
		struct kvp_response *resp);

/* The hvlis error code for a pool result. */
uint32_t kvp_handler_error(enum kvp_result result);

#endif /* HVLIS_KVP_HANDLER_H */
