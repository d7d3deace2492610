// SPDX-License-Identifier: GPL-2.0-only
/* HVLIS_CMD_TIME_SAMPLE; see timesync_msg.h. */
#include "timesync_msg.h"

#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/hvlis_genl.h>

#include "daemon_genl_attr.h"

bool timesync_msg_parse_sample(struct nlmsghdr *nlh,
			       struct timesync_sample *sample, char *why,
			       size_t why_size)
{
	static const int need[] = {
		HVLIS_ATTR_TS_HOST_TIME, HVLIS_ATTR_TS_RECV_REF,
		HVLIS_ATTR_TS_RECV_REALTIME, HVLIS_ATTR_TS_FLAGS, 0
	};
	const char *what = "a time sample from the kernel";
	struct nlattr *tb[HVLIS_ATTR_MAX + 1];
	int err;

	memset(sample, 0, sizeof(*sample));
	if (!genlmsg_valid_hdr(nlh, 0)) {
		snprintf(why, why_size, "%s is too short for a generic netlink header", what);
		return false;
	}
	if (genlmsg_hdr(nlh)->cmd != HVLIS_CMD_TIME_SAMPLE) {
		snprintf(why, why_size, "%s has command %u where %u belongs",
			 what, genlmsg_hdr(nlh)->cmd, HVLIS_CMD_TIME_SAMPLE);
		return false;
	}
	err = genlmsg_parse(nlh, 0, tb, HVLIS_ATTR_MAX, NULL);
	if (err < 0) {
		snprintf(why, why_size, "%s cannot be parsed: %s", what, nl_geterror(err));
		return false;
	}
	if (!daemon_genl_attr_check(tb, why, why_size) ||
	    !daemon_genl_attr_require(tb, need, what, why, why_size))
		return false;
	sample->host_time = nla_get_u64(tb[HVLIS_ATTR_TS_HOST_TIME]);
	sample->recv_ref = nla_get_u64(tb[HVLIS_ATTR_TS_RECV_REF]);
	sample->recv_realtime = nla_get_u64(tb[HVLIS_ATTR_TS_RECV_REALTIME]);
	sample->flags = nla_get_u8(tb[HVLIS_ATTR_TS_FLAGS]);
	if (tb[HVLIS_ATTR_TS_HOST_REF])
		sample->host_ref = nla_get_u64(tb[HVLIS_ATTR_TS_HOST_REF]);
	if (tb[HVLIS_ATTR_TS_LEAP])
		sample->leap = nla_get_u8(tb[HVLIS_ATTR_TS_LEAP]);
	if (tb[HVLIS_ATTR_TS_STRATUM])
		sample->stratum = nla_get_u8(tb[HVLIS_ATTR_TS_STRATUM]);
	return true;
}

int timesync_msg_build_sample(struct nl_msg *msg, int family,
			      const struct timesync_sample *s)
{
	int err = 0;

	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
			 HVLIS_CMD_TIME_SAMPLE, HVLIS_GENL_VERSION))
		return -NLE_NOMEM;
	err = nla_put_u64(msg, HVLIS_ATTR_TS_HOST_TIME, s->host_time);
	if (!err && s->host_ref)
		err = nla_put_u64(msg, HVLIS_ATTR_TS_HOST_REF, s->host_ref);
	err = err ? err : nla_put_u64(msg, HVLIS_ATTR_TS_RECV_REF, s->recv_ref);
	err = err ? err : nla_put_u64(msg, HVLIS_ATTR_TS_RECV_REALTIME, s->recv_realtime);
	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_TS_FLAGS, s->flags);
	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_TS_LEAP, s->leap);
	return err ? err : nla_put_u8(msg, HVLIS_ATTR_TS_STRATUM, s->stratum);
}
