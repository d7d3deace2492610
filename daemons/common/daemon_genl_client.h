/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemons' generic netlink connection (libnl-genl-3): one socket
 * that receives the kernel's unicasts to us, the nlctrl "notify" group
 * (families appearing and vanishing) and, for hv_timesync_daemon, the
 * hvlis "timesync" group.
 *
 * The hvlis family exists only while hv_utils is loaded, and its id and
 * group numbers change on every load. So the client starts listening to
 * nlctrl before it looks for the family (no window in which a load goes
 * unseen), looks it up with a separate short-lived socket (so replies to
 * the lookup never mix with events), and the daemon calls
 * daemon_genl_client_find() again whenever nlctrl announces "hvlis".
 */
#ifndef HVLIS_DAEMON_GENL_CLIENT_H
#define HVLIS_DAEMON_GENL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <linux/genetlink.h>

struct daemon_genl_client {
	struct nl_sock *sock;
	const char *name;	/* the family: HVLIS_GENL_NAME (tests use others) */
	const char *group;	/* its group to join, or NULL */
	int family;		/* family id; -1 while absent */
	unsigned int family_version;
	int group_id;		/* -1 while not joined */
};

enum daemon_genl_find_result {
	DAEMON_GENL_FIND_FOUND,
	DAEMON_GENL_FIND_ABSENT,	/* hv_utils is not loaded (yet) */
	DAEMON_GENL_FIND_ERROR,	/* why says what; retry later */
};

/*
 * Opens the socket and joins nlctrl's notify group; from
 * daemon_genl_client_receive(), every message that arrives goes to
 * cb(msg, arg) and every error the kernel reports about a message we
 * sent (those carry its sequence number) to err_cb. Returns 0, or -1
 * with why set.
 */
int daemon_genl_client_open(struct daemon_genl_client *c, const char *name,
			    const char *group, nl_recvmsg_msg_cb_t cb,
			    nl_recvmsg_err_cb_t err_cb, void *arg, char *why,
			    size_t why_size);
void daemon_genl_client_close(struct daemon_genl_client *c);

/* Looks the family (and group) up and joins the group. */
enum daemon_genl_find_result
daemon_genl_client_find(struct daemon_genl_client *c, char *why,
			size_t why_size);
/* The family went away: forget its numbers (the kernel dropped the group). */
void daemon_genl_client_lost(struct daemon_genl_client *c);

int daemon_genl_client_fd(const struct daemon_genl_client *c);
/* Reads what is queued; a negative libnl error (-NLE_NOMEM: overrun). */
int daemon_genl_client_receive(struct daemon_genl_client *c);
/*
 * Sends msg (built for c->family); returns 0 and the sequence number
 * the kernel's error report would carry in *seq, or a libnl error.
 */
int daemon_genl_client_send(struct daemon_genl_client *c, struct nl_msg *msg,
			    unsigned int *seq);

/* True when msg came from the kernel, not from another process. */
bool daemon_genl_msg_from_kernel(struct nl_msg *msg);

/* An nlctrl notification about a family. */
struct daemon_genl_ctrl_event {
	int cmd;		/* CTRL_CMD_NEWFAMILY or CTRL_CMD_DELFAMILY */
	int id;			/* -1 if the message had none */
	char name[GENL_NAMSIZ];
};

/*
 * Parses an nlctrl message; true only for NEWFAMILY / DELFAMILY with a
 * valid name (other nlctrl commands are not errors, just not events).
 */
bool daemon_genl_ctrl_parse_event(struct nlmsghdr *nlh,
				  struct daemon_genl_ctrl_event *ev);

#endif /* HVLIS_DAEMON_GENL_CLIENT_H */
