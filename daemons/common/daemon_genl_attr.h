/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks of the hvlis attributes of a received message, after libnl's
 * genlmsg_parse() has split them: exact sizes for integers, and for
 * strings a NUL at the end and nowhere before it, the limit from
 * <linux/hvlis_genl.h> and valid UTF-8. libnl's own policy checks only
 * minimum sizes and cannot say which attribute was wrong, so the daemons
 * parse without a policy and check here, with a sentence for the log.
 */
#ifndef HVLIS_DAEMON_GENL_ATTR_H
#define HVLIS_DAEMON_GENL_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <linux/hvlis_genl.h>

enum daemon_genl_attr_kind {
	DAEMON_GENL_ATTR_NONE = 0,	/* not expected in this message: ignored */
	DAEMON_GENL_ATTR_U8,
	DAEMON_GENL_ATTR_U32,
	DAEMON_GENL_ATTR_U64,
	DAEMON_GENL_ATTR_STRING,	/* max = the limit including the NUL */
};

struct daemon_genl_attr_rule {
	enum daemon_genl_attr_kind kind;
	uint16_t max;
};

/* The type and limit of every hvlis attribute, from the uapi header. */
extern const struct daemon_genl_attr_rule
	daemon_genl_attr_rules[HVLIS_ATTR_MAX + 1];

/* The attribute's name without HVLIS_ATTR_, for messages. */
const char *daemon_genl_attr_name(int type);

/*
 * Checks every present attribute of tb[] (indexed 0..HVLIS_ATTR_MAX)
 * against daemon_genl_attr_rules. Returns true, or false with why set to
 * a sentence naming the first bad attribute.
 */
bool daemon_genl_attr_check(struct nlattr *const tb[], char *why,
			    size_t why_size);

/*
 * Checks that each attribute listed in need (ended by 0) is present.
 * Returns true, or false with why naming the first missing one.
 */
bool daemon_genl_attr_require(struct nlattr *const tb[], const int *need,
			      const char *what, char *why, size_t why_size);

#endif /* HVLIS_DAEMON_GENL_ATTR_H */
