// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the hvlis netlink messages (daemons/kvp/kvp_msg.c,
 * daemons/timesync/timesync_msg.c, daemons/common/daemon_genl_attr.c and
 * daemon_genl_client.c's nlctrl parser): messages are built with libnl's
 * nlmsg/nla API, as the kernel would send them, and parsed back; then
 * broken ones: missing attributes, integers of the wrong size, strings
 * without their NUL, with a NUL inside, too long or not UTF-8, the wrong
 * command, unknown operations and pools.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <linux/genetlink.h>
#include <linux/hvlis_genl.h>

#include "daemon_genl_client.h"
#include "kvp_msg.h"
#include "timesync_msg.h"

#define FAMILY	0x1234
#define BIG	(64 * 1024)

static struct kvp_request req;
static struct kvp_response resp;
static char why[KVP_MSG_WHY_SIZE];

static struct nl_msg *new_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(BIG);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0,
				    cmd, HVLIS_GENL_VERSION));
	return msg;
}

/* A request with the common attributes; the test adds the rest. */
static struct nl_msg *request(uint32_t id, uint8_t op, uint8_t pool)
{
	struct nl_msg *msg = new_msg(HVLIS_CMD_KVP_REQUEST);

	assert_int_equal(nla_put_u32(msg, HVLIS_ATTR_REQ_ID, id), 0);
	assert_int_equal(nla_put_u8(msg, HVLIS_ATTR_KVP_OP, op), 0);
	assert_int_equal(nla_put_u8(msg, HVLIS_ATTR_KVP_POOL, pool), 0);
	return msg;
}

static bool parse_req(struct nl_msg *msg)
{
	bool ok = kvp_msg_parse_request(nlmsg_hdr(msg), &req, why, sizeof(why));

	nlmsg_free(msg);
	return ok;
}

static void test_request_round_trip_every_op(void **state)
{
	struct kvp_request in;
	struct nl_msg *msg;

	(void)state;
	for (uint8_t op = 0; op < HVLIS_KVP_OP_COUNT; op++) {
		memset(&in, 0, sizeof(in));
		in.id = 1000u + op;
		in.op = op;
		in.pool = op % HVLIS_KVP_POOL_COUNT;
		in.index = 7;
		strcpy(in.key, "Key \xe2\x82\xac");
		strcpy(in.value, "Value");
		strcpy(in.ip.adapter_id, "00:15:5D:01:02:03");
		in.ip.addr_family = HVLIS_KVP_ADDR_FAMILY_IPV4;
		in.ip.dhcp_enabled = 1;
		strcpy(in.ip.addr, "192.0.2.5");
		strcpy(in.ip.subnet, "255.255.255.0");
		strcpy(in.ip.gateway, "192.0.2.1");
		strcpy(in.ip.dns, "192.0.2.53");
		msg = nlmsg_alloc_size(BIG);
		assert_int_equal(kvp_msg_build_request(msg, FAMILY, &in), 0);
		assert_true(parse_req(msg));
		assert_int_equal(req.id, in.id);
		assert_true(req.id_valid);
		assert_int_equal(req.op, op);
		assert_int_equal(req.pool, in.pool);
		switch (op) {
		case HVLIS_KVP_OP_SET:
			assert_string_equal(req.value, "Value");
			/* fall through */
		case HVLIS_KVP_OP_GET:
		case HVLIS_KVP_OP_DELETE:
			assert_string_equal(req.key, in.key);
			break;
		case HVLIS_KVP_OP_ENUMERATE:
			assert_int_equal(req.index, 7);
			break;
		case HVLIS_KVP_OP_SET_IP_INFO:
			assert_int_equal(req.ip.dhcp_enabled, 1);
			assert_string_equal(req.ip.dns, "192.0.2.53");
			assert_string_equal(req.ip.gateway, "192.0.2.1");
			/* fall through */
		default:
			assert_string_equal(req.ip.adapter_id, in.ip.adapter_id);
			assert_int_equal(req.ip.addr_family, HVLIS_KVP_ADDR_FAMILY_IPV4);
			break;
		}
	}
}

static void test_request_max_strings(void **state)
{
	static char key[HVLIS_KVP_KEY_MAX], value[HVLIS_KVP_VALUE_MAX];
	struct nl_msg *msg = request(1, HVLIS_KVP_OP_SET, 1);

	(void)state;
	memset(key, 'k', sizeof(key) - 1);
	memset(value, 'v', sizeof(value) - 1);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, key);
	nla_put_string(msg, HVLIS_ATTR_KVP_VALUE, value);
	assert_true(parse_req(msg));
	assert_int_equal(strlen(req.key), HVLIS_KVP_KEY_MAX - 1);
	assert_int_equal(strlen(req.value), HVLIS_KVP_VALUE_MAX - 1);
}

static void test_request_oversized_strings(void **state)
{
	static char key[HVLIS_KVP_KEY_MAX + 1], value[HVLIS_KVP_VALUE_MAX + 1];
	struct nl_msg *msg = request(2, HVLIS_KVP_OP_SET, 1);

	(void)state;
	memset(key, 'k', sizeof(key) - 1);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, key);
	nla_put_string(msg, HVLIS_ATTR_KVP_VALUE, "v");
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "KVP_KEY is 767 bytes, more than the 766"));
	assert_true(req.id_valid);	/* can still be answered with a failure */
	assert_int_equal(req.id, 2);

	msg = request(3, HVLIS_KVP_OP_SET, 1);
	memset(value, 'v', sizeof(value) - 1);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, "k");
	nla_put_string(msg, HVLIS_ATTR_KVP_VALUE, value);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "KVP_VALUE"));
}

static void test_request_missing_attributes(void **state)
{
	struct nl_msg *msg;

	(void)state;
	msg = request(4, HVLIS_KVP_OP_GET, 0);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "lacks the KVP_KEY attribute"));

	msg = request(5, HVLIS_KVP_OP_SET, 0);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, "k");
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "KVP_VALUE"));

	msg = request(6, HVLIS_KVP_OP_ENUMERATE, 2);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "KVP_INDEX"));

	msg = request(7, HVLIS_KVP_OP_SET_IP_INFO, 0);
	nla_put_string(msg, HVLIS_ATTR_IP_ADAPTER_ID, "x");
	assert_false(parse_req(msg));

	/* No id: nothing to answer. */
	msg = new_msg(HVLIS_CMD_KVP_REQUEST);
	nla_put_u8(msg, HVLIS_ATTR_KVP_OP, 0);
	nla_put_u8(msg, HVLIS_ATTR_KVP_POOL, 0);
	assert_false(parse_req(msg));
	assert_false(req.id_valid);
	assert_non_null(strstr(why, "REQ_ID"));

	msg = new_msg(HVLIS_CMD_KVP_REQUEST);
	nla_put_u32(msg, HVLIS_ATTR_REQ_ID, 8);
	assert_false(parse_req(msg));
	assert_true(req.id_valid);
	assert_non_null(strstr(why, "KVP_OP"));
}

static void test_request_wrong_types(void **state)
{
	uint64_t wide = 9;
	struct nl_msg *msg;

	(void)state;
	/* REQ_ID as 8 bytes; id cannot be trusted either. */
	msg = new_msg(HVLIS_CMD_KVP_REQUEST);
	nla_put(msg, HVLIS_ATTR_REQ_ID, sizeof(wide), &wide);
	nla_put_u8(msg, HVLIS_ATTR_KVP_OP, 0);
	nla_put_u8(msg, HVLIS_ATTR_KVP_POOL, 0);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, "k");
	assert_false(parse_req(msg));
	assert_false(req.id_valid);
	assert_non_null(strstr(why, "REQ_ID is 8 bytes where a 4-byte integer belongs"));

	/* OP as u32. */
	msg = new_msg(HVLIS_CMD_KVP_REQUEST);
	nla_put_u32(msg, HVLIS_ATTR_REQ_ID, 10);
	nla_put_u32(msg, HVLIS_ATTR_KVP_OP, 0);
	nla_put_u8(msg, HVLIS_ATTR_KVP_POOL, 0);
	assert_false(parse_req(msg));
	assert_true(req.id_valid);
	assert_non_null(strstr(why, "KVP_OP is 4 bytes"));

	/* A string attribute holding an integer (no NUL). */
	msg = request(11, HVLIS_KVP_OP_GET, 0);
	nla_put_u32(msg, HVLIS_ATTR_KVP_KEY, 0x41414141);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "not a NUL-terminated string"));

	/* Empty payload string. */
	msg = request(12, HVLIS_KVP_OP_GET, 0);
	nla_put(msg, HVLIS_ATTR_KVP_KEY, 0, NULL);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "not a NUL-terminated string"));
}

static void test_request_bad_strings(void **state)
{
	struct nl_msg *msg;

	(void)state;
	msg = request(13, HVLIS_KVP_OP_GET, 0);
	nla_put(msg, HVLIS_ATTR_KVP_KEY, 4, "a\0b");
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "NUL byte inside"));

	msg = request(14, HVLIS_KVP_OP_GET, 0);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, "bad \xc0\x80 utf8");
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "not valid UTF-8"));
}

static void test_request_bad_op_pool_cmd(void **state)
{
	struct nl_msg *msg;

	(void)state;
	msg = request(15, HVLIS_KVP_OP_COUNT, 0);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "unknown operation 6"));

	msg = request(16, HVLIS_KVP_OP_GET, HVLIS_KVP_POOL_COUNT);
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, "k");
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "names pool 5"));

	msg = new_msg(HVLIS_CMD_TIME_SAMPLE);
	assert_false(parse_req(msg));
	assert_non_null(strstr(why, "has command 4 where 2 belongs"));
}

static void test_request_truncated_header(void **state)
{
	struct nl_msg *msg = nlmsg_alloc_size(BIG);
	struct nlmsghdr *nlh;

	(void)state;
	nlh = nlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0);
	assert_non_null(nlh);
	assert_false(kvp_msg_parse_request(nlh, &req, why, sizeof(why)));
	assert_non_null(strstr(why, "too short"));
	assert_false(req.id_valid);
	nlmsg_free(msg);
}

static void test_unknown_attributes_are_ignored(void **state)
{
	struct nl_msg *msg = request(17, HVLIS_KVP_OP_GET, 1);

	(void)state;
	nla_put_string(msg, HVLIS_ATTR_KVP_KEY, "k");
	nla_put_u64(msg, HVLIS_ATTR_MAX + 5, 1);	/* from a newer kernel */
	nla_put_u32(msg, HVLIS_ATTR_PAD, 0);
	assert_true(parse_req(msg));
	assert_string_equal(req.key, "k");
}

static bool parse_resp(struct nl_msg *msg)
{
	bool ok = kvp_msg_parse_response(nlmsg_hdr(msg), &resp, why, sizeof(why));

	nlmsg_free(msg);
	return ok;
}

static void test_response_round_trip(void **state)
{
	struct kvp_response out;
	struct nl_msg *msg;

	(void)state;
	memset(&out, 0, sizeof(out));
	out.id = 77;
	out.op = HVLIS_KVP_OP_ENUMERATE;
	strcpy(out.key, "OSName");
	strcpy(out.value, "Debian GNU/Linux");
	msg = nlmsg_alloc_size(BIG);
	assert_int_equal(kvp_msg_build_response(msg, FAMILY, &out), 0);
	assert_true(parse_resp(msg));
	assert_int_equal(resp.id, 77);
	assert_int_equal(resp.error, HVLIS_KVP_OK);
	assert_int_equal(resp.op, HVLIS_KVP_OP_ENUMERATE);
	assert_string_equal(resp.key, "OSName");
	assert_string_equal(resp.value, "Debian GNU/Linux");

	out.op = HVLIS_KVP_OP_GET_IP_INFO;
	strcpy(out.ip.adapter_id, "00155D010203");
	strcpy(out.ip.addr, "192.0.2.5;2001:db8::5");
	strcpy(out.ip.subnet, "255.255.255.0;64");
	out.ip.addr_family = 3;
	msg = nlmsg_alloc_size(BIG);
	assert_int_equal(kvp_msg_build_response(msg, FAMILY, &out), 0);
	assert_true(parse_resp(msg));
	assert_string_equal(resp.ip.addr, "192.0.2.5;2001:db8::5");
	assert_int_equal(resp.ip.addr_family, 3);

	/* A failure carries no values. */
	out.error = HVLIS_KVP_E_NOT_FOUND;
	out.op = HVLIS_KVP_OP_GET;
	msg = nlmsg_alloc_size(BIG);
	assert_int_equal(kvp_msg_build_response(msg, FAMILY, &out), 0);
	assert_null(nla_find(genlmsg_attrdata(genlmsg_hdr(nlmsg_hdr(msg)), 0),
			     genlmsg_attrlen(genlmsg_hdr(nlmsg_hdr(msg)), 0),
			     HVLIS_ATTR_KVP_VALUE));
	assert_true(parse_resp(msg));
	assert_int_equal(resp.error, HVLIS_KVP_E_NOT_FOUND);
}

static void test_response_missing_value(void **state)
{
	struct nl_msg *msg = new_msg(HVLIS_CMD_KVP_RESPONSE);

	(void)state;
	nla_put_u32(msg, HVLIS_ATTR_REQ_ID, 1);
	nla_put_u32(msg, HVLIS_ATTR_KVP_ERROR, HVLIS_KVP_OK);
	nla_put_u8(msg, HVLIS_ATTR_KVP_OP, HVLIS_KVP_OP_GET);
	assert_false(parse_resp(msg));
	assert_non_null(strstr(why, "KVP_VALUE"));
}

static void test_register_messages(void **state)
{
	struct kvp_register_reply in = { .version = 1 }, out;
	struct nl_msg *msg = nlmsg_alloc_size(BIG);
	struct nlattr *ver;

	(void)state;
	assert_int_equal(kvp_msg_build_register(msg, FAMILY, HVLIS_GENL_VERSION), 0);
	assert_int_equal(genlmsg_hdr(nlmsg_hdr(msg))->cmd, HVLIS_CMD_KVP_REGISTER);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, FAMILY);
	ver = nla_find(genlmsg_attrdata(genlmsg_hdr(nlmsg_hdr(msg)), 0),
		       genlmsg_attrlen(genlmsg_hdr(nlmsg_hdr(msg)), 0), HVLIS_ATTR_VERSION);
	assert_non_null(ver);
	assert_int_equal(nla_get_u32(ver), HVLIS_GENL_VERSION);
	nlmsg_free(msg);

	strcpy(in.drv_version, "3.1");
	msg = nlmsg_alloc_size(BIG);
	assert_int_equal(kvp_msg_build_register_reply(msg, FAMILY, &in), 0);
	assert_true(kvp_msg_parse_register_reply(nlmsg_hdr(msg), &out, why, sizeof(why)));
	assert_int_equal(out.version, 1);
	assert_string_equal(out.drv_version, "3.1");
	nlmsg_free(msg);

	msg = new_msg(HVLIS_CMD_KVP_REGISTER);
	nla_put_u32(msg, HVLIS_ATTR_VERSION, 1);
	assert_false(kvp_msg_parse_register_reply(nlmsg_hdr(msg), &out, why, sizeof(why)));
	assert_non_null(strstr(why, "DRV_VERSION"));
	nlmsg_free(msg);
}

static void test_fit_wire(void **state)
{
	static char s[HVLIS_KVP_VALUE_MAX];

	(void)state;
	strcpy(s, "ok");
	assert_int_equal(kvp_msg_fit_wire(s, HVLIS_KVP_WIRE_KEY_BYTES), 0);
	strcpy(s, "a\xff" "b\xc3");
	assert_int_equal(kvp_msg_fit_wire(s, HVLIS_KVP_WIRE_KEY_BYTES), KVP_FIT_REPLACED);
	assert_string_equal(s, "a?b?");
	/* 255 units fit a key field; the 256th does not. */
	memset(s, 'k', 256);
	s[256] = '\0';
	assert_int_equal(kvp_msg_fit_wire(s, HVLIS_KVP_WIRE_KEY_BYTES), KVP_FIT_TRUNCATED);
	assert_int_equal(strlen(s), 255);
	/* A pair is never split: 254 units then a pair needing 2 more. */
	memset(s, 'k', 254);
	strcpy(s + 254, "\xf0\x9f\x98\x80");
	assert_int_equal(kvp_msg_fit_wire(s, HVLIS_KVP_WIRE_KEY_BYTES), KVP_FIT_TRUNCATED);
	assert_int_equal(strlen(s), 254);
}

static struct nl_msg *sample_msg(const struct timesync_sample *s)
{
	struct nl_msg *msg = nlmsg_alloc_size(BIG);

	assert_int_equal(timesync_msg_build_sample(msg, FAMILY, s), 0);
	return msg;
}

static void test_time_sample_round_trip(void **state)
{
	struct timesync_sample in = {
		.host_time = 133000000000000000ULL, .host_ref = 5000, .recv_ref = 5100,
		.recv_realtime = 1700000000000000000ULL, .flags = HVLIS_TS_FLAG_SAMPLE,
		.leap = 1, .stratum = 3,
	}, out;
	struct nl_msg *msg = sample_msg(&in);

	(void)state;
	assert_true(timesync_msg_parse_sample(nlmsg_hdr(msg), &out, why, sizeof(why)));
	assert_true(out.host_time == in.host_time && out.host_ref == in.host_ref &&
		    out.recv_ref == in.recv_ref && out.recv_realtime == in.recv_realtime);
	assert_true(out.flags == in.flags && out.leap == in.leap &&
		    out.stratum == in.stratum);
	nlmsg_free(msg);
	/* v3 host: no reference time of the sample. */
	in.host_ref = 0;
	msg = sample_msg(&in);
	assert_true(timesync_msg_parse_sample(nlmsg_hdr(msg), &out, why, sizeof(why)));
	assert_int_equal(out.host_ref, 0);
	nlmsg_free(msg);
}

static void test_time_sample_malformed(void **state)
{
	struct timesync_sample out;
	struct nl_msg *msg;

	(void)state;
	msg = new_msg(HVLIS_CMD_TIME_SAMPLE);
	nla_put_u64(msg, HVLIS_ATTR_TS_HOST_TIME, 1);
	nla_put_u64(msg, HVLIS_ATTR_TS_RECV_REF, 1);
	nla_put_u8(msg, HVLIS_ATTR_TS_FLAGS, 1);
	assert_false(timesync_msg_parse_sample(nlmsg_hdr(msg), &out, why, sizeof(why)));
	assert_non_null(strstr(why, "TS_RECV_REALTIME"));
	nlmsg_free(msg);

	msg = new_msg(HVLIS_CMD_TIME_SAMPLE);
	nla_put_u32(msg, HVLIS_ATTR_TS_HOST_TIME, 1);	/* u32 where u64 belongs */
	assert_false(timesync_msg_parse_sample(nlmsg_hdr(msg), &out, why, sizeof(why)));
	assert_non_null(strstr(why, "TS_HOST_TIME is 4 bytes where a 8-byte"));
	nlmsg_free(msg);

	msg = new_msg(HVLIS_CMD_KVP_REQUEST);
	assert_false(timesync_msg_parse_sample(nlmsg_hdr(msg), &out, why, sizeof(why)));
	nlmsg_free(msg);
}

static void test_ctrl_events(void **state)
{
	struct daemon_genl_ctrl_event ev;
	struct nl_msg *msg = nlmsg_alloc_size(BIG);

	(void)state;
	genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, CTRL_CMD_NEWFAMILY, 2);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, HVLIS_GENL_NAME);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, 0x20);
	assert_true(daemon_genl_ctrl_parse_event(nlmsg_hdr(msg), &ev));
	assert_int_equal(ev.cmd, CTRL_CMD_NEWFAMILY);
	assert_int_equal(ev.id, 0x20);
	assert_string_equal(ev.name, "hvlis");
	nlmsg_free(msg);

	/* A name longer than GENL_NAMSIZ, or without its NUL. */
	msg = nlmsg_alloc_size(BIG);
	genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, CTRL_CMD_DELFAMILY, 2);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "a-family-name-that-is-too-long");
	assert_false(daemon_genl_ctrl_parse_event(nlmsg_hdr(msg), &ev));
	nlmsg_free(msg);
	msg = nlmsg_alloc_size(BIG);
	genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, CTRL_CMD_DELFAMILY, 2);
	nla_put(msg, CTRL_ATTR_FAMILY_NAME, 5, "hvlis");
	assert_false(daemon_genl_ctrl_parse_event(nlmsg_hdr(msg), &ev));
	nlmsg_free(msg);

	/* Other nlctrl commands and other families are not events. */
	msg = nlmsg_alloc_size(BIG);
	genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, CTRL_CMD_NEWMCAST_GRP, 2);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, HVLIS_GENL_NAME);
	assert_false(daemon_genl_ctrl_parse_event(nlmsg_hdr(msg), &ev));
	nlmsg_free(msg);
	msg = nlmsg_alloc_size(BIG);
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, CTRL_CMD_NEWFAMILY, 2);
	assert_false(daemon_genl_ctrl_parse_event(nlmsg_hdr(msg), &ev));
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_round_trip_every_op),
		cmocka_unit_test(test_request_max_strings),
		cmocka_unit_test(test_request_oversized_strings),
		cmocka_unit_test(test_request_missing_attributes),
		cmocka_unit_test(test_request_wrong_types),
		cmocka_unit_test(test_request_bad_strings),
		cmocka_unit_test(test_request_bad_op_pool_cmd),
		cmocka_unit_test(test_request_truncated_header),
		cmocka_unit_test(test_unknown_attributes_are_ignored),
		cmocka_unit_test(test_response_round_trip),
		cmocka_unit_test(test_response_missing_value),
		cmocka_unit_test(test_register_messages),
		cmocka_unit_test(test_fit_wire),
		cmocka_unit_test(test_time_sample_round_trip),
		cmocka_unit_test(test_time_sample_malformed),
		cmocka_unit_test(test_ctrl_events),
	};

	return cmocka_run_group_tests_name("genl_msg", tests, NULL, NULL);
}
