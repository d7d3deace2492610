/*
 * API: NLA_POLICY_MAX(), an upper bound on an integer attribute that
 * attribute validation enforces.
 * Changed: v4.20 ("netlink: add attribute range validation to policy");
 * before, a policy checks only the attribute's type and length.
 * Used by: compat/include/hvlis/compat-genl.h and compat/lib/genl.c
 * (hv_utils' generic netlink family).
 */
#include <net/netlink.h>

const struct nla_policy hvlis_probe[2] = {
	[1] = NLA_POLICY_MAX(NLA_U8, 3),
};
