// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic netlink families with one policy and strict validation, on
 * kernels whose families have per-operation policies and liberal parsing
 * (compat/include/hvlis/compat-genl.h).
 *
 * The kernel has already parsed the message against the policy (types,
 * minimum lengths, NUL-terminated strings) when pre_doit runs; pre_doit
 * adds what strict validation and NLA_POLICY_MAX() refuse: an attribute
 * type of 0 or above maxattr, one the policy leaves NLA_UNSPEC, a flag
 * only nested attributes may carry, an integer of another size, one above
 * its bound, and bytes after the last attribute.
 */
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <hvlis/compat-genl.h>

#ifndef HAVE_GENL_FAMILY_POLICY

/* Here the names are the kernel's again: this is what they wrap. */
#undef genl_family
#undef genl_register_family
#undef genl_unregister_family

/*
 * This module's registered families. pre_doit runs under the kernel's
 * genl mutex and takes this one inside it; registering takes them apart.
 */
static LIST_HEAD(hvlis_genl_families);
static DEFINE_MUTEX(hvlis_genl_lock);

static struct hvlis_genl_family *hvlis_genl_find(const struct genl_ops *ops)
{
	struct hvlis_genl_family *family;

	lockdep_assert_held(&hvlis_genl_lock);
	list_for_each_entry(family, &hvlis_genl_families, list)
		if (ops >= family->kops && ops < family->kops + family->n_ops)
			return family;
	return NULL;
}

static int hvlis_genl_check_int(const struct nlattr *nla,
				const struct nla_policy *pt, struct genl_info *info)
{
	static const u8 size[] = {
		[NLA_U8] = sizeof(u8),
		[NLA_U16] = sizeof(u16),
		[NLA_U32] = sizeof(u32),
		[NLA_U64] = sizeof(u64),
	};
	u64 value;

	if (pt->type >= ARRAY_SIZE(size) || !size[pt->type])
		return 0;
	if (nla_len(nla) != size[pt->type]) {
		GENL_SET_ERR_MSG(info, "integer attribute of the wrong size");
		return -EINVAL;
	}
#ifndef HAVE_NLA_POLICY_MAX
	if (!pt->validation_data)
		return 0;
	switch (pt->type) {
	case NLA_U8:
		value = nla_get_u8(nla);
		break;
	case NLA_U16:
		value = nla_get_u16(nla);
		break;
	case NLA_U32:
		value = nla_get_u32(nla);
		break;
	default:
		value = nla_get_u64(nla);
		break;
	}
	if (value > (uintptr_t)pt->validation_data - 1) {
		GENL_SET_ERR_MSG(info, "integer attribute above its maximum");
		return -ERANGE;
	}
#endif
	return 0;
}

static int hvlis_genl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			       struct genl_info *info)
{
	struct hvlis_genl_family *family;
	const struct nlattr *nla;
	int hdrlen, rem, ret;

	mutex_lock(&hvlis_genl_lock);
	family = hvlis_genl_find(ops);
	mutex_unlock(&hvlis_genl_lock);
	/* Registered before its family, removed after it: always found. */
	if (WARN_ON_ONCE(!family))
		return -EINVAL;
	hdrlen = GENL_HDRLEN + family->kfamily.hdrsize;
	nla_for_each_attr(nla, nlmsg_attrdata(info->nlhdr, hdrlen),
			  nlmsg_attrlen(info->nlhdr, hdrlen), rem) {
		int type = nla_type(nla);
		const struct nla_policy *pt;

		if (!type || type > family->maxattr) {
			GENL_SET_ERR_MSG(info, "unknown attribute type");
			return -EINVAL;
		}
		pt = &family->policy[type];
		if (pt->type == NLA_UNSPEC) {
			GENL_SET_ERR_MSG(info, "attribute without a policy");
			return -EINVAL;
		}
		if ((nla->nla_type & NLA_F_NESTED) && pt->type != NLA_NESTED) {
			GENL_SET_ERR_MSG(info, "NLA_F_NESTED on a flat attribute");
			return -EINVAL;
		}
		ret = hvlis_genl_check_int(nla, pt, info);
		if (ret)
			return ret;
	}
	if (rem) {
		GENL_SET_ERR_MSG(info, "bytes after the last attribute");
		return -EINVAL;
	}
	return 0;
}

int hvlis_genl_register_family(struct hvlis_genl_family *family)
{
	struct genl_family *kf = &family->kfamily;
	unsigned int i;
	int ret;

	family->kops = kmemdup(family->ops, family->n_ops * sizeof(*family->ops),
			       GFP_KERNEL);
	if (!family->kops)
		return -ENOMEM;
	for (i = 0; i < family->n_ops; i++)
		family->kops[i].policy = family->policy;

	memset(kf, 0, sizeof(*kf));
	strscpy(kf->name, family->name, sizeof(kf->name));
	kf->version = family->version;
	kf->maxattr = family->maxattr;
	kf->netnsok = family->netnsok;
	kf->module = family->module;
	kf->ops = family->kops;
	kf->n_ops = family->n_ops;
	kf->mcgrps = family->mcgrps;
	kf->n_mcgrps = family->n_mcgrps;
	kf->pre_doit = hvlis_genl_pre_doit;

	/* Findable before the first message can reach pre_doit. */
	mutex_lock(&hvlis_genl_lock);
	list_add(&family->list, &hvlis_genl_families);
	mutex_unlock(&hvlis_genl_lock);
	ret = genl_register_family(kf);
	if (ret) {
		mutex_lock(&hvlis_genl_lock);
		list_del(&family->list);
		mutex_unlock(&hvlis_genl_lock);
		kfree(family->kops);
	}
	return ret;
}

int hvlis_genl_unregister_family(struct hvlis_genl_family *family)
{
	/* After it returns, no pre_doit runs for the family. */
	int ret = genl_unregister_family(&family->kfamily);

	mutex_lock(&hvlis_genl_lock);
	list_del(&family->list);
	mutex_unlock(&hvlis_genl_lock);
	kfree(family->kops);
	return ret;
}

#endif
