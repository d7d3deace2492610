// SPDX-License-Identifier: GPL-2.0-only
/* The daemons' generic netlink connection; see daemon_genl_client.h. */
#include "daemon_genl_client.h"

#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/socket.h>
#include <linux/hvlis_genl.h>

/* A KVP request is ~13 KiB; room for a burst of samples and notices too. */
#define RCVBUF_BYTES	(256 * 1024)
#define MSG_BUF_BYTES	(64 * 1024)

/* A connected generic netlink socket, or NULL with why set. */
static struct nl_sock *connect_socket(char *why, size_t why_size)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk) {
		snprintf(why, why_size, "out of memory allocating a netlink socket");
		return NULL;
	}
	err = genl_connect(sk);
	if (err < 0) {
		snprintf(why, why_size, "cannot open a generic netlink socket: %s",
			 nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

int daemon_genl_client_open(struct daemon_genl_client *c, const char *name,
			    const char *group, nl_recvmsg_msg_cb_t cb,
			    nl_recvmsg_err_cb_t err_cb, void *arg, char *why,
			    size_t why_size)
{
	struct nl_sock *tmp;
	int err, notify;

	memset(c, 0, sizeof(*c));
	c->name = name;
	c->group = group;
	c->family = -1;
	c->group_id = -1;
	c->sock = connect_socket(why, why_size);
	if (!c->sock)
		return -1;
	/* The kernel's requests carry its own sequence numbers, and we want no acks. */
	nl_socket_disable_seq_check(c->sock);
	nl_socket_disable_auto_ack(c->sock);
	nl_socket_enable_msg_peek(c->sock);
	nl_socket_set_msg_buf_size(c->sock, MSG_BUF_BYTES);
	nl_socket_modify_cb(c->sock, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	nl_socket_modify_err_cb(c->sock, NL_CB_CUSTOM, err_cb, arg);
	err = nl_socket_set_nonblocking(c->sock);
	if (!err)
		err = nl_socket_set_buffer_size(c->sock, RCVBUF_BYTES, 0);
	if (err < 0) {
		snprintf(why, why_size, "cannot set up the netlink socket: %s",
			 nl_geterror(err));
		goto fail;
	}
	tmp = connect_socket(why, why_size);
	if (!tmp)
		goto fail;
	notify = genl_ctrl_resolve_grp(tmp, "nlctrl", "notify");
	nl_socket_free(tmp);
	if (notify < 0) {
		snprintf(why, why_size, "cannot find the generic netlink controller's notify group: %s",
			 nl_geterror(notify));
		goto fail;
	}
	err = nl_socket_add_membership(c->sock, notify);
	if (err < 0) {
		snprintf(why, why_size, "cannot listen to generic netlink family changes: %s",
			 nl_geterror(err));
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(c->sock);
	c->sock = NULL;
	return -1;
}

void daemon_genl_client_close(struct daemon_genl_client *c)
{
	if (c->sock)
		nl_socket_free(c->sock);
	c->sock = NULL;
	c->family = -1;
	c->group_id = -1;
}

/*
 * Family id and version through a controller dump, or
 * DAEMON_GENL_FIND_ABSENT.
 */
static enum daemon_genl_find_result
lookup_family(struct daemon_genl_client *c, struct nl_sock *tmp, char *why,
	      size_t why_size)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;
	int err = genl_ctrl_alloc_cache(tmp, &cache);

	if (err < 0) {
		snprintf(why, why_size, "cannot list the generic netlink families: %s",
			 nl_geterror(err));
		return DAEMON_GENL_FIND_ERROR;
	}
	fam = genl_ctrl_search_by_name(cache, c->name);
	if (!fam) {
		nl_cache_free(cache);
		return DAEMON_GENL_FIND_ABSENT;
	}
	c->family = genl_family_get_id(fam);
	c->family_version = (unsigned int)genl_family_get_version(fam);
	genl_family_put(fam);
	nl_cache_free(cache);
	return DAEMON_GENL_FIND_FOUND;
}

enum daemon_genl_find_result
daemon_genl_client_find(struct daemon_genl_client *c, char *why,
			size_t why_size)
{
	enum daemon_genl_find_result r;
	struct nl_sock *tmp;
	int grp, err;

	daemon_genl_client_lost(c);
	tmp = connect_socket(why, why_size);
	if (!tmp)
		return DAEMON_GENL_FIND_ERROR;
	r = lookup_family(c, tmp, why, why_size);
	if (r != DAEMON_GENL_FIND_FOUND || !c->group) {
		nl_socket_free(tmp);
		return r;
	}
	grp = genl_ctrl_resolve_grp(tmp, c->name, c->group);
	/* Not found: either the family vanished meanwhile or it lacks the group. */
	if (grp == -NLE_OBJ_NOTFOUND)
		r = lookup_family(c, tmp, why, why_size);
	nl_socket_free(tmp);
	if (grp < 0) {
		daemon_genl_client_lost(c);
		if (grp != -NLE_OBJ_NOTFOUND)
			snprintf(why, why_size, "cannot look up the %s group of the %s family: %s",
				 c->group, c->name, nl_geterror(grp));
		else if (r == DAEMON_GENL_FIND_FOUND)
			snprintf(why, why_size, "the %s family has no \"%s\" group; the loaded hv_utils does not match this daemon, install matching versions",
				 c->name, c->group);
		else
			return r;
		return DAEMON_GENL_FIND_ERROR;
	}
	err = nl_socket_add_membership(c->sock, grp);
	if (err < 0) {
		snprintf(why, why_size, "cannot join the %s group of the %s family: %s",
			 c->group, c->name, nl_geterror(err));
		daemon_genl_client_lost(c);
		return DAEMON_GENL_FIND_ERROR;
	}
	c->group_id = grp;
	return DAEMON_GENL_FIND_FOUND;
}

void daemon_genl_client_lost(struct daemon_genl_client *c)
{
	c->family = -1;
	c->family_version = 0;
	c->group_id = -1;
}

int daemon_genl_client_fd(const struct daemon_genl_client *c)
{
	return nl_socket_get_fd(c->sock);
}

int daemon_genl_client_receive(struct daemon_genl_client *c)
{
	return nl_recvmsgs_default(c->sock);
}

int daemon_genl_client_send(struct daemon_genl_client *c, struct nl_msg *msg,
			    unsigned int *seq)
{
	int err = nl_send_auto(c->sock, msg);

	if (seq)
		*seq = nlmsg_hdr(msg)->nlmsg_seq;
	return err < 0 ? err : 0;
}

bool daemon_genl_msg_from_kernel(struct nl_msg *msg)
{
	const struct sockaddr_nl *src = nlmsg_get_src(msg);

	return src && src->nl_pid == 0;
}

bool daemon_genl_ctrl_parse_event(struct nlmsghdr *nlh,
				  struct daemon_genl_ctrl_event *ev)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *name, *id;
	int cmd, len;

	memset(ev, 0, sizeof(*ev));
	ev->id = -1;
	if (nlh->nlmsg_type != GENL_ID_CTRL || !genlmsg_valid_hdr(nlh, 0))
		return false;
	cmd = genlmsg_hdr(nlh)->cmd;
	if (cmd != CTRL_CMD_NEWFAMILY && cmd != CTRL_CMD_DELFAMILY)
		return false;
	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0)
		return false;
	name = tb[CTRL_ATTR_FAMILY_NAME];
	if (!name)
		return false;
	len = nla_len(name);
	if (len < 1 || len > GENL_NAMSIZ ||
	    ((const char *)nla_data(name))[len - 1] != '\0')
		return false;
	memcpy(ev->name, nla_data(name), (size_t)len);
	id = tb[CTRL_ATTR_FAMILY_ID];
	if (id && nla_len(id) == 2)
		ev->id = nla_get_u16(id);
	ev->cmd = cmd;
	return true;
}
