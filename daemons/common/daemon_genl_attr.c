// SPDX-License-Identifier: GPL-2.0-only
/* Checks of received hvlis attributes; see daemon_genl_attr.h. */
#include "daemon_genl_attr.h"

#include <stdio.h>
#include <string.h>

#include "utf16.h"

#define RULE(attr, k, m)	[attr] = { .kind = (k), .max = (m) }

const struct daemon_genl_attr_rule daemon_genl_attr_rules[HVLIS_ATTR_MAX + 1] = {
	RULE(HVLIS_ATTR_VERSION, DAEMON_GENL_ATTR_U32, 0),
	RULE(HVLIS_ATTR_DRV_VERSION, DAEMON_GENL_ATTR_STRING, HVLIS_DRV_VERSION_MAX),
	RULE(HVLIS_ATTR_REQ_ID, DAEMON_GENL_ATTR_U32, 0),
	RULE(HVLIS_ATTR_KVP_OP, DAEMON_GENL_ATTR_U8, 0),
	RULE(HVLIS_ATTR_KVP_POOL, DAEMON_GENL_ATTR_U8, 0),
	RULE(HVLIS_ATTR_KVP_KEY, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_KEY_MAX),
	RULE(HVLIS_ATTR_KVP_VALUE, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_VALUE_MAX),
	RULE(HVLIS_ATTR_KVP_INDEX, DAEMON_GENL_ATTR_U32, 0),
	RULE(HVLIS_ATTR_KVP_ERROR, DAEMON_GENL_ATTR_U32, 0),
	RULE(HVLIS_ATTR_IP_ADAPTER_ID, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_ADAPTER_MAX),
	RULE(HVLIS_ATTR_IP_ADDR_FAMILY, DAEMON_GENL_ATTR_U8, 0),
	RULE(HVLIS_ATTR_IP_DHCP_ENABLED, DAEMON_GENL_ATTR_U8, 0),
	RULE(HVLIS_ATTR_IP_ADDR, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_IP_MAX),
	RULE(HVLIS_ATTR_IP_SUBNET, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_IP_MAX),
	RULE(HVLIS_ATTR_IP_GATEWAY, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_GATEWAY_MAX),
	RULE(HVLIS_ATTR_IP_DNS, DAEMON_GENL_ATTR_STRING, HVLIS_KVP_IP_MAX),
	RULE(HVLIS_ATTR_TS_HOST_TIME, DAEMON_GENL_ATTR_U64, 0),
	RULE(HVLIS_ATTR_TS_HOST_REF, DAEMON_GENL_ATTR_U64, 0),
	RULE(HVLIS_ATTR_TS_RECV_REF, DAEMON_GENL_ATTR_U64, 0),
	RULE(HVLIS_ATTR_TS_RECV_REALTIME, DAEMON_GENL_ATTR_U64, 0),
	RULE(HVLIS_ATTR_TS_FLAGS, DAEMON_GENL_ATTR_U8, 0),
	RULE(HVLIS_ATTR_TS_LEAP, DAEMON_GENL_ATTR_U8, 0),
	RULE(HVLIS_ATTR_TS_STRATUM, DAEMON_GENL_ATTR_U8, 0),
};

static const char *const attr_names[HVLIS_ATTR_MAX + 1] = {
	[HVLIS_ATTR_PAD] = "PAD",
	[HVLIS_ATTR_VERSION] = "VERSION",
	[HVLIS_ATTR_DRV_VERSION] = "DRV_VERSION",
	[HVLIS_ATTR_REQ_ID] = "REQ_ID",
	[HVLIS_ATTR_KVP_OP] = "KVP_OP",
	[HVLIS_ATTR_KVP_POOL] = "KVP_POOL",
	[HVLIS_ATTR_KVP_KEY] = "KVP_KEY",
	[HVLIS_ATTR_KVP_VALUE] = "KVP_VALUE",
	[HVLIS_ATTR_KVP_INDEX] = "KVP_INDEX",
	[HVLIS_ATTR_KVP_ERROR] = "KVP_ERROR",
	[HVLIS_ATTR_IP_ADAPTER_ID] = "IP_ADAPTER_ID",
	[HVLIS_ATTR_IP_ADDR_FAMILY] = "IP_ADDR_FAMILY",
	[HVLIS_ATTR_IP_DHCP_ENABLED] = "IP_DHCP_ENABLED",
	[HVLIS_ATTR_IP_ADDR] = "IP_ADDR",
	[HVLIS_ATTR_IP_SUBNET] = "IP_SUBNET",
	[HVLIS_ATTR_IP_GATEWAY] = "IP_GATEWAY",
	[HVLIS_ATTR_IP_DNS] = "IP_DNS",
	[HVLIS_ATTR_TS_HOST_TIME] = "TS_HOST_TIME",
	[HVLIS_ATTR_TS_HOST_REF] = "TS_HOST_REF",
	[HVLIS_ATTR_TS_RECV_REF] = "TS_RECV_REF",
	[HVLIS_ATTR_TS_RECV_REALTIME] = "TS_RECV_REALTIME",
	[HVLIS_ATTR_TS_FLAGS] = "TS_FLAGS",
	[HVLIS_ATTR_TS_LEAP] = "TS_LEAP",
	[HVLIS_ATTR_TS_STRATUM] = "TS_STRATUM",
};

const char *daemon_genl_attr_name(int type)
{
	if (type < 0 || type > HVLIS_ATTR_MAX || !attr_names[type])
		return "UNKNOWN";
	return attr_names[type];
}

static bool check_string(int type, const struct nlattr *nla, uint16_t max,
			 char *why, size_t why_size)
{
	const char *s = nla_data(nla);
	int len = nla_len(nla);

	if (len < 1 || s[len - 1] != '\0') {
		snprintf(why, why_size, "attribute %s is not a NUL-terminated string",
			 daemon_genl_attr_name(type));
		return false;
	}
	if (len > max) {
		snprintf(why, why_size, "attribute %s is %d bytes, more than the %u allowed",
			 daemon_genl_attr_name(type), len, max);
		return false;
	}
	if (strlen(s) != (size_t)len - 1) {
		snprintf(why, why_size, "attribute %s has a NUL byte inside the string",
			 daemon_genl_attr_name(type));
		return false;
	}
	if (hvlis_utf8_to_utf16le(s, (size_t)len, NULL, 0) < 0) {
		snprintf(why, why_size, "attribute %s is not valid UTF-8",
			 daemon_genl_attr_name(type));
		return false;
	}
	return true;
}

static int kind_size(enum daemon_genl_attr_kind kind)
{
	switch (kind) {
	case DAEMON_GENL_ATTR_U8:	return 1;
	case DAEMON_GENL_ATTR_U32:	return 4;
	case DAEMON_GENL_ATTR_U64:	return 8;
	default:		return -1;
	}
}

bool daemon_genl_attr_check(struct nlattr *const tb[], char *why,
			    size_t why_size)
{
	for (int type = 1; type <= HVLIS_ATTR_MAX; type++) {
		const struct daemon_genl_attr_rule *rule = &daemon_genl_attr_rules[type];
		const struct nlattr *nla = tb[type];
		int size;

		if (!nla || rule->kind == DAEMON_GENL_ATTR_NONE)
			continue;
		if (rule->kind == DAEMON_GENL_ATTR_STRING) {
			if (!check_string(type, nla, rule->max, why, why_size))
				return false;
			continue;
		}
		size = kind_size(rule->kind);
		if (nla_len(nla) != size) {
			snprintf(why, why_size, "attribute %s is %d bytes where a %d-byte integer belongs",
				 daemon_genl_attr_name(type), nla_len(nla), size);
			return false;
		}
	}
	return true;
}

bool daemon_genl_attr_require(struct nlattr *const tb[], const int *need,
			      const char *what, char *why, size_t why_size)
{
	for (; *need; need++) {
		if (!tb[*need]) {
			snprintf(why, why_size, "%s lacks the %s attribute",
				 what, daemon_genl_attr_name(*need));
			return false;
		}
	}
	return true;
}
