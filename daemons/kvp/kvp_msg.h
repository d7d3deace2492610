/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVP messages of the hvlis family (<linux/hvlis_genl.h>) to and from
 * plain structs: the daemon parses requests and registration replies
 * and builds registrations and responses. The kernel's side (building
 * requests, parsing responses) is here too, for the unit tests and fuzz
 * targets that play the kernel.
 *
 * Parsers take a whole message as libnl delivers it (nlmsg_len already
 * checked against what was received), check every attribute (see
 * daemon_genl_attr.h) and return false with a sentence in why on
 * anything wrong; they never read outside the message.
 */
#ifndef HVLIS_KVP_MSG_H
#define HVLIS_KVP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>
#include <linux/hvlis_genl.h>

#define KVP_MSG_WHY_SIZE	256

struct kvp_ip_info {
	char adapter_id[HVLIS_KVP_ADAPTER_MAX];
	uint8_t addr_family;
	uint8_t dhcp_enabled;
	char addr[HVLIS_KVP_IP_MAX];
	char subnet[HVLIS_KVP_IP_MAX];
	char gateway[HVLIS_KVP_GATEWAY_MAX];
	char dns[HVLIS_KVP_IP_MAX];
};

struct kvp_request {
	uint32_t id;
	bool id_valid;		/* REQ_ID was readable: a failure can be answered */
	uint8_t op;		/* enum hvlis_kvp_op */
	uint8_t pool;		/* enum hvlis_kvp_pool */
	uint32_t index;		/* ENUMERATE */
	char key[HVLIS_KVP_KEY_MAX];
	char value[HVLIS_KVP_VALUE_MAX];
	struct kvp_ip_info ip;	/* GET_IP_INFO, SET_IP_INFO */
};

struct kvp_response {
	uint32_t id;
	uint8_t op;		/* the request's: says which attributes to send */
	uint32_t error;		/* enum hvlis_kvp_error */
	char key[HVLIS_KVP_KEY_MAX];
	char value[HVLIS_KVP_VALUE_MAX];
	struct kvp_ip_info ip;
};

struct kvp_register_reply {
	uint32_t version;
	char drv_version[HVLIS_DRV_VERSION_MAX];
};

/* "GET", "SET", ... or "unknown". */
const char *kvp_msg_op_name(unsigned int op);

/* Daemon side. */
bool kvp_msg_parse_request(struct nlmsghdr *nlh, struct kvp_request *req,
			   char *why, size_t why_size);
bool kvp_msg_parse_register_reply(struct nlmsghdr *nlh,
				  struct kvp_register_reply *reply,
				  char *why, size_t why_size);
/* 0, or a negative libnl error (-NLE_NOMEM, -NLE_MSGSIZE). */
int kvp_msg_build_register(struct nl_msg *msg, int family, uint32_t version);
int kvp_msg_build_response(struct nl_msg *msg, int family,
			   const struct kvp_response *resp);

/*
 * Makes s fit a host field of wire_bytes (HVLIS_KVP_WIRE_*) once the
 * kernel converts it to UTF-16LE: invalid UTF-8 bytes become '?', and
 * the text is cut at a character boundary so its units and the NUL fit.
 * Pool files are written by other tools too, so their strings may be
 * either. Returns KVP_FIT_* bits saying what was changed (0: nothing).
 */
#define KVP_FIT_REPLACED	0x1
#define KVP_FIT_TRUNCATED	0x2
unsigned int kvp_msg_fit_wire(char *s, size_t wire_bytes);

/* Kernel side, for tests: what hv_utils sends and how it reads replies. */
int kvp_msg_build_request(struct nl_msg *msg, int family,
			  const struct kvp_request *req);
int kvp_msg_build_register_reply(struct nl_msg *msg, int family,
				 const struct kvp_register_reply *reply);
bool kvp_msg_parse_response(struct nlmsghdr *nlh, struct kvp_response *resp,
			    char *why, size_t why_size);

#endif /* HVLIS_KVP_MSG_H */
