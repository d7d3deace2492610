// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of daemons/common/daemon_genl_client.c against the running
 * kernel. hvlis is not registered here, so the generic netlink
 * controller's own family ("nlctrl", group "notify") stands in for a
 * present family: lookup, joining the group, forgetting it again, and
 * the sentences for an absent family and a missing group.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <linux/genetlink.h>
#include <linux/hvlis_genl.h>

#include "daemon_genl_client.h"

static int count_msg(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(*(int *)arg)++;
	return NL_SKIP;
}

static int count_err(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	(void)who;
	(void)e;
	(*(int *)arg)++;
	return NL_SKIP;
}

static void test_present_family_and_group(void **state)
{
	struct daemon_genl_client c;
	char why[512] = "";
	int seen = 0, r;

	(void)state;
	assert_int_equal(daemon_genl_client_open(&c, "nlctrl", "notify", count_msg, count_err,
						 &seen, why, sizeof(why)), 0);
	assert_true(daemon_genl_client_fd(&c) >= 0);
	assert_int_equal(c.family, -1);
	assert_int_equal(daemon_genl_client_find(&c, why, sizeof(why)), DAEMON_GENL_FIND_FOUND);
	assert_int_equal(c.family, GENL_ID_CTRL);
	assert_true(c.family_version >= 1);
	assert_true(c.group_id > 0);
	/* Nothing queued: a receive returns at once, without blocking. */
	r = daemon_genl_client_receive(&c);
	assert_true(r >= 0 || r == -NLE_AGAIN);
	daemon_genl_client_lost(&c);
	assert_int_equal(c.family, -1);
	assert_int_equal(c.group_id, -1);
	/* Finding it again after a loss works the same. */
	assert_int_equal(daemon_genl_client_find(&c, why, sizeof(why)), DAEMON_GENL_FIND_FOUND);
	daemon_genl_client_close(&c);
	assert_null(c.sock);
}

static void test_absent_family(void **state)
{
	struct daemon_genl_client c;
	char why[512] = "";
	int seen = 0;

	(void)state;
	assert_int_equal(daemon_genl_client_open(&c, HVLIS_GENL_NAME, HVLIS_GENL_MCGRP_TIMESYNC,
						 count_msg, count_err, &seen, why, sizeof(why)), 0);
	assert_int_equal(daemon_genl_client_find(&c, why, sizeof(why)), DAEMON_GENL_FIND_ABSENT);
	assert_int_equal(c.family, -1);
	assert_int_equal(c.group_id, -1);
	daemon_genl_client_close(&c);
}

static void test_missing_group(void **state)
{
	struct daemon_genl_client c;
	char why[512] = "";
	int seen = 0;

	(void)state;
	assert_int_equal(daemon_genl_client_open(&c, "nlctrl", "no-such-group", count_msg,
						 count_err, &seen, why, sizeof(why)), 0);
	assert_int_equal(daemon_genl_client_find(&c, why, sizeof(why)), DAEMON_GENL_FIND_ERROR);
	assert_non_null(strstr(why, "the nlctrl family has no \"no-such-group\" group"));
	assert_int_equal(c.family, -1);
	daemon_genl_client_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_present_family_and_group),
		cmocka_unit_test(test_absent_family),
		cmocka_unit_test(test_missing_group),
	};

	return cmocka_run_group_tests_name("daemon_genl_client", tests, NULL, NULL);
}
