// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "hvlis" generic netlink family (include/uapi/linux/hvlis_genl.h)
 * between hv_utils and its daemons: time samples multicast on the
 * "timesync" group; KVP registration, requests and responses unicast.
 *
 * The policy bounds every attribute a daemon can send; strings must be
 * NUL-terminated within their limit. Registering and answering change
 * what the host is told, so both need CAP_NET_ADMIN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <uapi/linux/hvlis_genl.h>

#include "hv_utils.h"

/* NLA_NUL_STRING's len does not count the NUL; the uapi limits do. */
#define UTIL_STR(max)	{ .type = NLA_NUL_STRING, .len = (max) - 1 }

static const struct nla_policy util_genl_policy[HVLIS_ATTR_MAX + 1] = {
	[HVLIS_ATTR_VERSION]		= { .type = NLA_U32 },
	[HVLIS_ATTR_DRV_VERSION]	= UTIL_STR(HVLIS_DRV_VERSION_MAX),
	[HVLIS_ATTR_REQ_ID]		= { .type = NLA_U32 },
	[HVLIS_ATTR_KVP_OP]		= NLA_POLICY_MAX(NLA_U8, HVLIS_KVP_OP_COUNT - 1),
	[HVLIS_ATTR_KVP_POOL]		= NLA_POLICY_MAX(NLA_U8, HVLIS_KVP_POOL_COUNT - 1),
	[HVLIS_ATTR_KVP_KEY]		= UTIL_STR(HVLIS_KVP_KEY_MAX),
	[HVLIS_ATTR_KVP_VALUE]		= UTIL_STR(HVLIS_KVP_VALUE_MAX),
	[HVLIS_ATTR_KVP_INDEX]		= { .type = NLA_U32 },
	[HVLIS_ATTR_KVP_ERROR]		= { .type = NLA_U32 },
	[HVLIS_ATTR_IP_ADAPTER_ID]	= UTIL_STR(HVLIS_KVP_ADAPTER_MAX),
	[HVLIS_ATTR_IP_ADDR_FAMILY]	= NLA_POLICY_MAX(NLA_U8, HVLIS_KVP_ADDR_FAMILY_IPV4 |
							 HVLIS_KVP_ADDR_FAMILY_IPV6),
	[HVLIS_ATTR_IP_DHCP_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[HVLIS_ATTR_IP_ADDR]		= UTIL_STR(HVLIS_KVP_IP_MAX),
	[HVLIS_ATTR_IP_SUBNET]		= UTIL_STR(HVLIS_KVP_IP_MAX),
	[HVLIS_ATTR_IP_GATEWAY]		= UTIL_STR(HVLIS_KVP_GATEWAY_MAX),
	[HVLIS_ATTR_IP_DNS]		= UTIL_STR(HVLIS_KVP_IP_MAX),
	[HVLIS_ATTR_TS_HOST_TIME]	= { .type = NLA_U64 },
	[HVLIS_ATTR_TS_HOST_REF]	= { .type = NLA_U64 },
	[HVLIS_ATTR_TS_RECV_REF]	= { .type = NLA_U64 },
	[HVLIS_ATTR_TS_RECV_REALTIME]	= { .type = NLA_U64 },
	[HVLIS_ATTR_TS_FLAGS]		= { .type = NLA_U8 },
	[HVLIS_ATTR_TS_LEAP]		= { .type = NLA_U8 },
	[HVLIS_ATTR_TS_STRATUM]		= { .type = NLA_U8 },
};

/* The kernel sends KVP_REQUEST and TIME_SAMPLE: no doit, -EOPNOTSUPP. */
static const struct genl_ops util_genl_ops[] = {
	{
		.cmd = HVLIS_CMD_KVP_REGISTER,
		.flags = GENL_ADMIN_PERM,
		.doit = util_kvp_genl_register,
	},
	{
		.cmd = HVLIS_CMD_KVP_RESPONSE,
		.flags = GENL_ADMIN_PERM,
		.doit = util_kvp_genl_response,
	},
};

static const struct genl_multicast_group util_genl_mcgrps[] = {
	[UTIL_GENL_MCGRP_TIMESYNC] = { .name = HVLIS_GENL_MCGRP_TIMESYNC },
};

struct genl_family util_genl_family = {
	.name = HVLIS_GENL_NAME,
	.version = HVLIS_GENL_VERSION,
	.maxattr = HVLIS_ATTR_MAX,
	.policy = util_genl_policy,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = util_genl_ops,
	.n_ops = ARRAY_SIZE(util_genl_ops),
	.mcgrps = util_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(util_genl_mcgrps),
};

/* A generic netlink socket closed: if it was the KVP daemon's, it is gone. */
static int util_genl_release(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net))
		util_kvp_daemon_gone(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block util_genl_notifier = {
	.notifier_call = util_genl_release,
};

int util_genl_init(void)
{
	int ret = netlink_register_notifier(&util_genl_notifier);

	if (ret)
		return ret;
	ret = genl_register_family(&util_genl_family);
	if (ret)
		netlink_unregister_notifier(&util_genl_notifier);
	return ret;
}

void util_genl_exit(void)
{
	genl_unregister_family(&util_genl_family);
	netlink_unregister_notifier(&util_genl_notifier);
}
