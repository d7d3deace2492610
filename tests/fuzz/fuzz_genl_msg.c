// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for every parser of netlink messages the daemons
 * receive: KVP requests and registration replies (kvp_msg.c), time
 * samples (timesync_msg.c), nlctrl family notices
 * (daemon_genl_client.c), and, for the kernel side's sake, KVP
 * responses.
 *
 * Input: one selector byte, then the message. libnl hands the daemons
 * only messages whose nlmsg_len fits what was received, so the target
 * sets nlmsg_len to the input's size the same way, and nlmsg_type to
 * what the selected parser expects; everything after the netlink header
 * is the fuzzer's. Any violation traps:
 *
 * - a parsed request has op and pool in range and NUL-terminated strings
 *   within their uapi limits, and building it again and parsing that
 *   gives the same request (the parser accepts what the builder makes);
 * - a parsed time sample or nlctrl event is within its field limits.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <linux/genetlink.h>
#include <linux/hvlis_genl.h>

#include "daemon_genl_client.h"
#include "kvp_msg.h"
#include "timesync_msg.h"

#define FAMILY		0x20
#define MAX_INPUT	(64 * 1024)

#define CHECK(cond)				\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kvp_request req, again;
static struct kvp_response resp;
static char why[KVP_MSG_WHY_SIZE];

static void check_str(const char *s, size_t size)
{
	CHECK(memchr(s, '\0', size) != NULL);
}

static void check_ip(const struct kvp_ip_info *ip)
{
	check_str(ip->adapter_id, sizeof(ip->adapter_id));
	check_str(ip->addr, sizeof(ip->addr));
	check_str(ip->subnet, sizeof(ip->subnet));
	check_str(ip->gateway, sizeof(ip->gateway));
	check_str(ip->dns, sizeof(ip->dns));
}

static bool same_request(const struct kvp_request *a, const struct kvp_request *b)
{
	if (a->id != b->id || a->op != b->op || a->pool != b->pool)
		return false;
	switch (a->op) {
	case HVLIS_KVP_OP_SET:
		if (strcmp(a->value, b->value))
			return false;
		/* fall through */
	case HVLIS_KVP_OP_GET:
	case HVLIS_KVP_OP_DELETE:
		return strcmp(a->key, b->key) == 0;
	case HVLIS_KVP_OP_ENUMERATE:
		return a->index == b->index;
	case HVLIS_KVP_OP_GET_IP_INFO:
		return !strcmp(a->ip.adapter_id, b->ip.adapter_id) &&
		       a->ip.addr_family == b->ip.addr_family;
	default:
		return !strcmp(a->ip.adapter_id, b->ip.adapter_id) &&
		       a->ip.addr_family == b->ip.addr_family &&
		       a->ip.dhcp_enabled == b->ip.dhcp_enabled &&
		       !strcmp(a->ip.addr, b->ip.addr) && !strcmp(a->ip.subnet, b->ip.subnet) &&
		       !strcmp(a->ip.gateway, b->ip.gateway) && !strcmp(a->ip.dns, b->ip.dns);
	}
}

static void fuzz_request(struct nlmsghdr *nlh)
{
	struct nl_msg *msg;

	if (!kvp_msg_parse_request(nlh, &req, why, sizeof(why))) {
		check_str(why, sizeof(why));
		return;
	}
	CHECK(req.id_valid);
	CHECK(req.op < HVLIS_KVP_OP_COUNT && req.pool < HVLIS_KVP_POOL_COUNT);
	check_str(req.key, sizeof(req.key));
	check_str(req.value, sizeof(req.value));
	check_ip(&req.ip);
	msg = nlmsg_alloc_size(MAX_INPUT * 2);
	CHECK(msg != NULL);
	CHECK(kvp_msg_build_request(msg, FAMILY, &req) == 0);
	CHECK(kvp_msg_parse_request(nlmsg_hdr(msg), &again, why, sizeof(why)));
	CHECK(same_request(&req, &again));
	nlmsg_free(msg);
}

static void fuzz_response(struct nlmsghdr *nlh)
{
	if (!kvp_msg_parse_response(nlh, &resp, why, sizeof(why)))
		return;
	check_str(resp.key, sizeof(resp.key));
	check_str(resp.value, sizeof(resp.value));
	check_ip(&resp.ip);
	CHECK(resp.op <= HVLIS_KVP_OP_COUNT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[MAX_INPUT] __attribute__((aligned(8)));
	struct kvp_register_reply reply;
	struct daemon_genl_ctrl_event ev;
	struct timesync_sample sample;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	uint8_t which;

	if (size < 1 + NLMSG_HDRLEN || size - 1 > sizeof(buf))
		return 0;
	which = data[0] % 5;
	memcpy(buf, data + 1, size - 1);
	nlh->nlmsg_len = (uint32_t)(size - 1);
	nlh->nlmsg_type = which == 4 ? GENL_ID_CTRL : FAMILY;
	switch (which) {
	case 0:
		fuzz_request(nlh);
		break;
	case 1:
		if (kvp_msg_parse_register_reply(nlh, &reply, why, sizeof(why)))
			check_str(reply.drv_version, sizeof(reply.drv_version));
		break;
	case 2:
		fuzz_response(nlh);
		break;
	case 3:
		if (timesync_msg_parse_sample(nlh, &sample, why, sizeof(why)))
			CHECK(sample.host_time || !sample.host_time);
		break;
	case 4:
		if (daemon_genl_ctrl_parse_event(nlh, &ev)) {
			check_str(ev.name, sizeof(ev.name));
			CHECK(ev.cmd == CTRL_CMD_NEWFAMILY || ev.cmd == CTRL_CMD_DELFAMILY);
		}
		break;
	}
	return 0;
}
