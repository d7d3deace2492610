/* SPDX-License-Identifier: GPL-2.0-only */
/* Generic netlink interfaces that changed upstream. */
#ifndef HVLIS_COMPAT_GENL_H
#define HVLIS_COMPAT_GENL_H

#include <linux/printk.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <net/netlink.h>

/*
 * v4.12: GENL_SET_ERR_MSG() puts the reason in the extended ack. Before,
 * the daemon only gets the error number; the reason goes to the debug log.
 */
#ifndef HAVE_GENL_SET_ERR_MSG
#define GENL_SET_ERR_MSG(info, msg)				\
	do {							\
		(void)(info);					\
		pr_debug("%s\n", msg);				\
	} while (0)
#endif

/*
 * v4.20: NLA_POLICY_MAX(). Before, the bound is kept in the policy's
 * validation_data (which only NLA_BITFIELD32 uses), plus one so that
 * NULL means "no bound"; compat/lib/genl.c enforces it. Only the family
 * backport below reads it, so a kernel with NLA_POLICY_MAX but without
 * family policies (v4.20-v5.1) has none.
 */
#ifndef HAVE_NLA_POLICY_MAX
#ifdef HAVE_GENL_FAMILY_POLICY
#error "NLA_POLICY_MAX() is backported only together with the family policy"
#endif
#define NLA_POLICY_MAX(tp, max)						\
	{ .type = (tp), .validation_data = (void *)(uintptr_t)((max) + 1) }
#endif

/*
 * v5.2: a family has one policy, and what userspace sends is validated
 * strictly against it. Before, the policy is per operation and parsing
 * is liberal. The backport: struct genl_family is the newest one's
 * fields around the kernel's family; registering it gives each operation
 * the family's policy and has a pre_doit hook redo the checks of strict
 * validation (compat/lib/genl.c). The calls that take a family take the
 * kernel's inside it.
 */
#ifndef HAVE_GENL_FAMILY_POLICY
struct hvlis_genl_family {
	/* What drivers set, as in the newest struct genl_family. */
	char name[GENL_NAMSIZ];
	unsigned int version;
	unsigned int maxattr;
	const struct nla_policy *policy;
	bool netnsok;
	struct module *module;
	const struct genl_ops *ops;
	unsigned int n_ops;
	const struct genl_multicast_group *mcgrps;
	unsigned int n_mcgrps;
	/* Private: what is registered with the kernel. */
	struct genl_family kfamily;
	struct genl_ops *kops;
	struct list_head list;
};

int hvlis_genl_register_family(struct hvlis_genl_family *family);
int hvlis_genl_unregister_family(struct hvlis_genl_family *family);

#define genl_family hvlis_genl_family
#define genl_register_family(family)	hvlis_genl_register_family(family)
#define genl_unregister_family(family)	hvlis_genl_unregister_family(family)
#define genlmsg_put(skb, portid, seq, family, flags, cmd)		\
	genlmsg_put(skb, portid, seq, &(family)->kfamily, flags, cmd)
#define genlmsg_put_reply(skb, info, family, flags, cmd)		\
	genlmsg_put_reply(skb, info, &(family)->kfamily, flags, cmd)
#define genlmsg_multicast(family, skb, portid, group, flags)		\
	genlmsg_multicast(&(family)->kfamily, skb, portid, group, flags)
#define genl_has_listeners(family, net, group)				\
	genl_has_listeners(&(family)->kfamily, net, group)
#endif

#endif
