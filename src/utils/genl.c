// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "hvlis" generic netlink family (include/uapi/linux/hvlis_genl.h)
 * between hv_utils and its daemons: time samples multicast on the
 * "timesync" group.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>
#include <uapi/linux/hvlis_genl.h>

#include "hv_utils.h"

static const struct genl_multicast_group util_genl_mcgrps[] = {
	[UTIL_GENL_MCGRP_TIMESYNC] = { .name = HVLIS_GENL_MCGRP_TIMESYNC },
};

struct genl_family util_genl_family = {
	.name = HVLIS_GENL_NAME,
	.version = HVLIS_GENL_VERSION,
	.maxattr = HVLIS_ATTR_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.mcgrps = util_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(util_genl_mcgrps),
};

int util_genl_init(void)
{
	return genl_register_family(&util_genl_family);
}

void util_genl_exit(void)
{
	genl_unregister_family(&util_genl_family);
}
