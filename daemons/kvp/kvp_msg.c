// SPDX-License-Identifier: GPL-2.0-only
/* KVP messages of the hvlis family; see kvp_msg.h. */
#include "kvp_msg.h"

#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "daemon_genl_attr.h"
#include "utf16.h"

/* Attributes a request must carry, per operation, beyond the common ones. */
static const int need_common[] = {
	HVLIS_ATTR_REQ_ID, HVLIS_ATTR_KVP_OP, HVLIS_ATTR_KVP_POOL, 0
};
static const int need_key[] = { HVLIS_ATTR_KVP_KEY, 0 };
static const int need_key_value[] = {
	HVLIS_ATTR_KVP_KEY, HVLIS_ATTR_KVP_VALUE, 0
};
static const int need_index[] = { HVLIS_ATTR_KVP_INDEX, 0 };
static const int need_get_ip[] = {
	HVLIS_ATTR_IP_ADAPTER_ID, HVLIS_ATTR_IP_ADDR_FAMILY, 0
};
static const int need_ip[] = {
	HVLIS_ATTR_IP_ADAPTER_ID, HVLIS_ATTR_IP_ADDR_FAMILY,
	HVLIS_ATTR_IP_DHCP_ENABLED, HVLIS_ATTR_IP_ADDR, HVLIS_ATTR_IP_SUBNET,
	HVLIS_ATTR_IP_GATEWAY, HVLIS_ATTR_IP_DNS, 0
};
static const int none[] = { 0 };

static const int *const request_needs[HVLIS_KVP_OP_COUNT] = {
	[HVLIS_KVP_OP_GET] = need_key,
	[HVLIS_KVP_OP_SET] = need_key_value,
	[HVLIS_KVP_OP_DELETE] = need_key,
	[HVLIS_KVP_OP_ENUMERATE] = need_index,
	[HVLIS_KVP_OP_GET_IP_INFO] = need_get_ip,
	[HVLIS_KVP_OP_SET_IP_INFO] = need_ip,
};

/* What a successful response carries, per operation. */
static const int *const response_needs[HVLIS_KVP_OP_COUNT] = {
	[HVLIS_KVP_OP_GET] = (const int[]){ HVLIS_ATTR_KVP_VALUE, 0 },
	[HVLIS_KVP_OP_SET] = none,
	[HVLIS_KVP_OP_DELETE] = none,
	[HVLIS_KVP_OP_ENUMERATE] = need_key_value,
	[HVLIS_KVP_OP_GET_IP_INFO] = need_ip,
	[HVLIS_KVP_OP_SET_IP_INFO] = none,
};

const char *kvp_msg_op_name(unsigned int op)
{
	static const char *const names[HVLIS_KVP_OP_COUNT] = {
		"GET", "SET", "DELETE", "ENUMERATE", "GET_IP_INFO", "SET_IP_INFO",
	};

	return op < HVLIS_KVP_OP_COUNT ? names[op] : "unknown";
}

/* daemon_genl_attr_check() has bounded the length by the destination's size. */
static void copy_str(char *dst, size_t size, const struct nlattr *nla)
{
	if (!nla) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, size, "%s", (const char *)nla_data(nla));
}

/* Splits the message and checks its command and every attribute. */
static bool parse_common(struct nlmsghdr *nlh, uint8_t cmd, const char *what,
			 struct nlattr **tb, char *why, size_t why_size)
{
	struct genlmsghdr *gnlh;
	int err;

	if (!genlmsg_valid_hdr(nlh, 0)) {
		snprintf(why, why_size, "%s is too short for a generic netlink header", what);
		return false;
	}
	gnlh = genlmsg_hdr(nlh);
	if (gnlh->cmd != cmd) {
		snprintf(why, why_size, "%s has command %u where %u belongs",
			 what, gnlh->cmd, cmd);
		return false;
	}
	err = genlmsg_parse(nlh, 0, tb, HVLIS_ATTR_MAX, NULL);
	if (err < 0) {
		snprintf(why, why_size, "%s cannot be parsed: %s", what, nl_geterror(err));
		return false;
	}
	return daemon_genl_attr_check(tb, why, why_size);
}

static void copy_ip(struct kvp_ip_info *ip, struct nlattr **tb)
{
	copy_str(ip->adapter_id, sizeof(ip->adapter_id), tb[HVLIS_ATTR_IP_ADAPTER_ID]);
	ip->addr_family = tb[HVLIS_ATTR_IP_ADDR_FAMILY] ?
		nla_get_u8(tb[HVLIS_ATTR_IP_ADDR_FAMILY]) : 0;
	ip->dhcp_enabled = tb[HVLIS_ATTR_IP_DHCP_ENABLED] ?
		nla_get_u8(tb[HVLIS_ATTR_IP_DHCP_ENABLED]) : 0;
	copy_str(ip->addr, sizeof(ip->addr), tb[HVLIS_ATTR_IP_ADDR]);
	copy_str(ip->subnet, sizeof(ip->subnet), tb[HVLIS_ATTR_IP_SUBNET]);
	copy_str(ip->gateway, sizeof(ip->gateway), tb[HVLIS_ATTR_IP_GATEWAY]);
	copy_str(ip->dns, sizeof(ip->dns), tb[HVLIS_ATTR_IP_DNS]);
}

bool kvp_msg_parse_request(struct nlmsghdr *nlh, struct kvp_request *req,
			   char *why, size_t why_size)
{
	struct nlattr *tb[HVLIS_ATTR_MAX + 1];
	const char *what = "a KVP request from the kernel";

	memset(req, 0, sizeof(*req));
	if (!parse_common(nlh, HVLIS_CMD_KVP_REQUEST, what, tb, why, why_size)) {
		/* The id may still be good enough to answer with a failure. */
		struct nlattr *id = NULL;

		if (genlmsg_valid_hdr(nlh, 0))
			id = nla_find(genlmsg_attrdata(genlmsg_hdr(nlh), 0),
				      genlmsg_attrlen(genlmsg_hdr(nlh), 0),
				      HVLIS_ATTR_REQ_ID);
		if (id && nla_len(id) == 4) {
			req->id = nla_get_u32(id);
			req->id_valid = true;
		}
		return false;
	}
	if (tb[HVLIS_ATTR_REQ_ID]) {
		req->id = nla_get_u32(tb[HVLIS_ATTR_REQ_ID]);
		req->id_valid = true;
	}
	if (!daemon_genl_attr_require(tb, need_common, what, why, why_size))
		return false;
	req->op = nla_get_u8(tb[HVLIS_ATTR_KVP_OP]);
	req->pool = nla_get_u8(tb[HVLIS_ATTR_KVP_POOL]);
	if (req->op >= HVLIS_KVP_OP_COUNT) {
		snprintf(why, why_size, "%s has the unknown operation %u", what, req->op);
		return false;
	}
	if (req->pool >= HVLIS_KVP_POOL_COUNT) {
		snprintf(why, why_size, "%s names pool %u; pools are 0 to %d",
			 what, req->pool, HVLIS_KVP_POOL_COUNT - 1);
		return false;
	}
	if (!daemon_genl_attr_require(tb, request_needs[req->op], what, why, why_size))
		return false;
	copy_str(req->key, sizeof(req->key), tb[HVLIS_ATTR_KVP_KEY]);
	copy_str(req->value, sizeof(req->value), tb[HVLIS_ATTR_KVP_VALUE]);
	if (tb[HVLIS_ATTR_KVP_INDEX])
		req->index = nla_get_u32(tb[HVLIS_ATTR_KVP_INDEX]);
	copy_ip(&req->ip, tb);
	return true;
}

bool kvp_msg_parse_register_reply(struct nlmsghdr *nlh,
				  struct kvp_register_reply *reply,
				  char *why, size_t why_size)
{
	static const int need[] = { HVLIS_ATTR_VERSION, HVLIS_ATTR_DRV_VERSION, 0 };
	struct nlattr *tb[HVLIS_ATTR_MAX + 1];
	const char *what = "the kernel's answer to our KVP registration";

	memset(reply, 0, sizeof(*reply));
	if (!parse_common(nlh, HVLIS_CMD_KVP_REGISTER, what, tb, why, why_size) ||
	    !daemon_genl_attr_require(tb, need, what, why, why_size))
		return false;
	reply->version = nla_get_u32(tb[HVLIS_ATTR_VERSION]);
	copy_str(reply->drv_version, sizeof(reply->drv_version),
		 tb[HVLIS_ATTR_DRV_VERSION]);
	return true;
}

bool kvp_msg_parse_response(struct nlmsghdr *nlh, struct kvp_response *resp,
			    char *why, size_t why_size)
{
	static const int need[] = { HVLIS_ATTR_REQ_ID, HVLIS_ATTR_KVP_ERROR, 0 };
	struct nlattr *tb[HVLIS_ATTR_MAX + 1];
	const char *what = "a KVP response from the daemon";

	memset(resp, 0, sizeof(*resp));
	if (!parse_common(nlh, HVLIS_CMD_KVP_RESPONSE, what, tb, why, why_size) ||
	    !daemon_genl_attr_require(tb, need, what, why, why_size))
		return false;
	resp->id = nla_get_u32(tb[HVLIS_ATTR_REQ_ID]);
	resp->error = nla_get_u32(tb[HVLIS_ATTR_KVP_ERROR]);
	resp->op = HVLIS_KVP_OP_COUNT;
	if (tb[HVLIS_ATTR_KVP_OP]) {
		resp->op = nla_get_u8(tb[HVLIS_ATTR_KVP_OP]);
		if (resp->op >= HVLIS_KVP_OP_COUNT) {
			snprintf(why, why_size, "%s has the unknown operation %u",
				 what, resp->op);
			return false;
		}
		if (resp->error == HVLIS_KVP_OK &&
		    !daemon_genl_attr_require(tb, response_needs[resp->op], what, why, why_size))
			return false;
	}
	copy_str(resp->key, sizeof(resp->key), tb[HVLIS_ATTR_KVP_KEY]);
	copy_str(resp->value, sizeof(resp->value), tb[HVLIS_ATTR_KVP_VALUE]);
	copy_ip(&resp->ip, tb);
	return true;
}

unsigned int kvp_msg_fit_wire(char *s, size_t wire_bytes)
{
	size_t max_units = wire_bytes / 2 - 1, units = 0, pos = 0;
	size_t len = strlen(s);
	unsigned int changed = 0;

	while (pos < len) {
		int need = 1;
		int n = hvlis_utf8_seq(s + pos, len - pos, &need);

		if (n == 0) {
			s[pos] = '?';
			changed |= KVP_FIT_REPLACED;
			n = 1;
			need = 1;
		}
		if (units + (size_t)need > max_units) {
			s[pos] = '\0';
			return changed | KVP_FIT_TRUNCATED;
		}
		units += (size_t)need;
		pos += (size_t)n;
	}
	return changed;
}

static int put_header(struct nl_msg *msg, int family, uint8_t cmd)
{
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
			 HVLIS_GENL_VERSION))
		return -NLE_NOMEM;
	return 0;
}

static int put_ip(struct nl_msg *msg, const struct kvp_ip_info *ip)
{
	int err = nla_put_string(msg, HVLIS_ATTR_IP_ADAPTER_ID, ip->adapter_id);

	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_IP_ADDR_FAMILY, ip->addr_family);
	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_IP_DHCP_ENABLED, ip->dhcp_enabled);
	err = err ? err : nla_put_string(msg, HVLIS_ATTR_IP_ADDR, ip->addr);
	err = err ? err : nla_put_string(msg, HVLIS_ATTR_IP_SUBNET, ip->subnet);
	err = err ? err : nla_put_string(msg, HVLIS_ATTR_IP_GATEWAY, ip->gateway);
	err = err ? err : nla_put_string(msg, HVLIS_ATTR_IP_DNS, ip->dns);
	return err;
}

int kvp_msg_build_register(struct nl_msg *msg, int family, uint32_t version)
{
	int err = put_header(msg, family, HVLIS_CMD_KVP_REGISTER);

	return err ? err : nla_put_u32(msg, HVLIS_ATTR_VERSION, version);
}

int kvp_msg_build_response(struct nl_msg *msg, int family,
			   const struct kvp_response *resp)
{
	int err = put_header(msg, family, HVLIS_CMD_KVP_RESPONSE);

	err = err ? err : nla_put_u32(msg, HVLIS_ATTR_REQ_ID, resp->id);
	err = err ? err : nla_put_u32(msg, HVLIS_ATTR_KVP_ERROR, resp->error);
	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_KVP_OP, resp->op);
	if (err || resp->error != HVLIS_KVP_OK)
		return err;
	switch (resp->op) {
	case HVLIS_KVP_OP_ENUMERATE:
		err = nla_put_string(msg, HVLIS_ATTR_KVP_KEY, resp->key);
		/* fall through */
	case HVLIS_KVP_OP_GET:
		return err ? err : nla_put_string(msg, HVLIS_ATTR_KVP_VALUE, resp->value);
	case HVLIS_KVP_OP_GET_IP_INFO:
		return put_ip(msg, &resp->ip);
	default:
		return 0;
	}
}

int kvp_msg_build_request(struct nl_msg *msg, int family,
			  const struct kvp_request *req)
{
	int err = put_header(msg, family, HVLIS_CMD_KVP_REQUEST);

	err = err ? err : nla_put_u32(msg, HVLIS_ATTR_REQ_ID, req->id);
	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_KVP_OP, req->op);
	err = err ? err : nla_put_u8(msg, HVLIS_ATTR_KVP_POOL, req->pool);
	if (err)
		return err;
	switch (req->op) {
	case HVLIS_KVP_OP_SET:
		err = nla_put_string(msg, HVLIS_ATTR_KVP_VALUE, req->value);
		/* fall through */
	case HVLIS_KVP_OP_GET:
	case HVLIS_KVP_OP_DELETE:
		return err ? err : nla_put_string(msg, HVLIS_ATTR_KVP_KEY, req->key);
	case HVLIS_KVP_OP_ENUMERATE:
		return nla_put_u32(msg, HVLIS_ATTR_KVP_INDEX, req->index);
	case HVLIS_KVP_OP_GET_IP_INFO:
		err = nla_put_string(msg, HVLIS_ATTR_IP_ADAPTER_ID, req->ip.adapter_id);
		return err ? err : nla_put_u8(msg, HVLIS_ATTR_IP_ADDR_FAMILY,
					      req->ip.addr_family);
	case HVLIS_KVP_OP_SET_IP_INFO:
		return put_ip(msg, &req->ip);
	default:
		return 0;
	}
}

int kvp_msg_build_register_reply(struct nl_msg *msg, int family,
				 const struct kvp_register_reply *reply)
{
	int err = put_header(msg, family, HVLIS_CMD_KVP_REGISTER);

	err = err ? err : nla_put_u32(msg, HVLIS_ATTR_VERSION, reply->version);
	return err ? err : nla_put_string(msg, HVLIS_ATTR_DRV_VERSION,
					  reply->drv_version);
}
