/*
 * API: struct genl_family's policy, one attribute policy for the whole
 * family, and with it strict validation of what userspace sends (no
 * unknown or unpoliced attribute, exact integer sizes, no trailing bytes).
 * Changed: v5.2 ("genetlink: make policy common to family", and
 * "netlink: make validation more configurable for future strictness");
 * before, each genl_ops has its own policy and parsing is liberal.
 * Used by: compat/include/hvlis/compat-genl.h and compat/lib/genl.c
 * (hv_utils' generic netlink family).
 */
#include <net/genetlink.h>

static const struct nla_policy probe_policy[2];

struct genl_family hvlis_probe = {
	.maxattr = 1,
	.policy = probe_policy,
};
