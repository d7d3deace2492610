// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_kvp_daemon: answers the Hyper-V host's key/value (KVP) requests
 * that hv_utils forwards over the hvlis generic netlink family.
 *
 * When the family is absent (hv_utils not loaded yet, or unloaded) the
 * daemon says so once and waits for nlctrl to announce it, instead of
 * exiting like upstream's daemon does when /dev/vmbus/hv_kvp is missing:
 * the family comes and goes with the module, and a daemon that waits
 * needs no restart ordering against module loading and survives a
 * module reload by registering again.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon_genl_client.h"
#include "daemon_log.h"
#include "daemon_util.h"
#include "kvp_handler.h"
#include "kvp_msg.h"

#ifndef HVLIS_VERSION
#error "HVLIS_VERSION is not set: build through daemons/Makefile, which reads it from dkms.conf"
#endif

#define PROG			"hv_kvp_daemon"
#define REGISTER_TIMEOUT_MS	5000
#define RETRY_MS		30000	/* after an error */
#define RECHECK_MS		60000	/* absent: in case a notice was lost */
#define MSG_BYTES		(64 * 1024)

enum state { ABSENT, REGISTERING, REGISTERED };

struct kvpd {
	struct daemon_genl_client nl;
	struct kvp_handler handler;
	enum state state;
	bool find_now;		/* nlctrl announced the family */
	unsigned int register_seq;
	int64_t next_try_ms;
	int exit_code;		/* >= 0: stop with this code */
	bool said_absent;
	char drv_version[HVLIS_DRV_VERSION_MAX];
	struct daemon_log_limit limit;
	struct kvp_request req;
	struct kvp_response resp;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " [options]\n"
		"Answers the Hyper-V host's key/value exchange (KVP) requests.\n\n"
		"  -n, --no-daemon       stay in the foreground, log to stderr\n"
		"  -d, --debug           log every request\n"
		"      --pool-dir DIR    pool files directory (default " KVP_POOL_DEFAULT_DIR ")\n"
		"      --helper-dir DIR  helper programs (default " HVLIS_LIBEXECDIR ")\n"
		"  -V, --version         print the version and exit\n"
		"  -h, --help            print this help and exit\n");
}

static void send_msg(struct kvpd *d, int (*build)(struct nl_msg *, struct kvpd *),
		     unsigned int *seq, const char *what)
{
	struct nl_msg *msg = nlmsg_alloc_size(MSG_BYTES);
	int err;

	if (!msg) {
		daemon_log_limited(&d->limit, LOG_ERR, "Out of memory building %s.", what);
		return;
	}
	err = build(msg, d);
	if (!err)
		err = daemon_genl_client_send(&d->nl, msg, seq);
	if (err)
		daemon_log_limited(&d->limit, LOG_ERR, "Cannot send %s to hv_utils: %s.",
				   what, nl_geterror(err));
	nlmsg_free(msg);
}

static int build_register(struct nl_msg *msg, struct kvpd *d)
{
	return kvp_msg_build_register(msg, d->nl.family, HVLIS_GENL_VERSION);
}

static int build_response(struct nl_msg *msg, struct kvpd *d)
{
	return kvp_msg_build_response(msg, d->nl.family, &d->resp);
}

/* Looks for the family and registers; schedules the next try. */
static void find_and_register(struct kvpd *d)
{
	char why[512];

	d->find_now = false;
	d->state = ABSENT;
	switch (daemon_genl_client_find(&d->nl, why, sizeof(why))) {
	case DAEMON_GENL_FIND_ABSENT:
		if (!d->said_absent)
			daemon_log_msg(LOG_NOTICE, "The hvlis generic netlink family is not there (is the hv_utils module loaded?); waiting for it to appear.");
		d->said_absent = true;
		d->next_try_ms = daemon_now_ms() + RECHECK_MS;
		return;
	case DAEMON_GENL_FIND_ERROR:
		daemon_log_limited(&d->limit, LOG_ERR, "Cannot look up the hvlis family: %s; retrying in %d s.",
				   why, RETRY_MS / 1000);
		d->next_try_ms = daemon_now_ms() + RETRY_MS;
		return;
	case DAEMON_GENL_FIND_FOUND:
		break;
	}
	d->said_absent = false;
	d->state = REGISTERING;
	d->next_try_ms = daemon_now_ms() + REGISTER_TIMEOUT_MS;
	send_msg(d, build_register, &d->register_seq, "the KVP registration");
}

static void on_register_reply(struct kvpd *d, struct nlmsghdr *nlh)
{
	struct kvp_register_reply reply;
	char why[KVP_MSG_WHY_SIZE];

	if (d->state != REGISTERING)
		return;
	if (!kvp_msg_parse_register_reply(nlh, &reply, why, sizeof(why))) {
		daemon_log_limited(&d->limit, LOG_ERR, "Ignoring %s; retrying the registration.", why);
		return;
	}
	if (reply.version == 0 || reply.version > HVLIS_GENL_VERSION) {
		daemon_log_msg(LOG_ERR, "hv_utils answered our registration with protocol version %u, which this daemon (version %d) cannot speak; install matching hv-lis modules and daemons.",
			       reply.version, HVLIS_GENL_VERSION);
		d->exit_code = 1;
		return;
	}
	snprintf(d->drv_version, sizeof(d->drv_version), "%s", reply.drv_version);
	d->handler.auto_env.drv_version = d->drv_version;
	d->state = REGISTERED;
	daemon_log_msg(LOG_INFO, "Registered with hv_utils (protocol version %u, integration services version %s); answering KVP requests.",
		       reply.version, reply.drv_version);
}

static void on_request(struct kvpd *d, struct nlmsghdr *nlh)
{
	char why[KVP_MSG_WHY_SIZE];

	if (d->state != REGISTERED) {
		daemon_log_limited(&d->limit, LOG_WARNING, "Ignoring a KVP request that came before our registration was confirmed.");
		return;
	}
	if (!kvp_msg_parse_request(nlh, &d->req, why, sizeof(why))) {
		daemon_log_limited(&d->limit, LOG_WARNING, "Answering a failure to %s.", why);
		if (!d->req.id_valid)
			return;
		memset(&d->resp, 0, sizeof(d->resp));
		d->resp.id = d->req.id;
		d->resp.op = HVLIS_KVP_OP_COUNT;
		d->resp.error = HVLIS_KVP_E_FAIL;
	} else {
		daemon_log_msg(LOG_DEBUG, "Request %u: %s in pool %u.", d->req.id,
			       kvp_msg_op_name(d->req.op), d->req.pool);
		kvp_handle(&d->handler, &d->req, &d->resp);
	}
	send_msg(d, build_response, NULL, "a KVP response");
}

static void on_ctrl(struct kvpd *d, struct nlmsghdr *nlh)
{
	struct daemon_genl_ctrl_event ev;

	if (!daemon_genl_ctrl_parse_event(nlh, &ev) || strcmp(ev.name, HVLIS_GENL_NAME))
		return;
	if (ev.cmd == CTRL_CMD_NEWFAMILY) {
		d->find_now = true;
		return;
	}
	if (d->state != ABSENT)
		daemon_log_msg(LOG_NOTICE, "The hvlis family went away (hv_utils unloaded?); waiting for it to come back.");
	daemon_genl_client_lost(&d->nl);
	d->state = ABSENT;
	d->said_absent = true;
	d->next_try_ms = daemon_now_ms() + RECHECK_MS;
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct kvpd *d = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/* Anyone may send to our port: only the kernel is believed. */
	if (!daemon_genl_msg_from_kernel(msg)) {
		daemon_log_limited(&d->limit, LOG_WARNING, "Dropped a netlink message from port %u: only the kernel may talk to this daemon.",
				   nlmsg_get_src(msg)->nl_pid);
		return NL_SKIP;
	}
	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		on_ctrl(d, nlh);
		return NL_SKIP;
	}
	if (d->nl.family < 0 || nlh->nlmsg_type != d->nl.family ||
	    !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	switch (genlmsg_hdr(nlh)->cmd) {
	case HVLIS_CMD_KVP_REGISTER:
		on_register_reply(d, nlh);
		break;
	case HVLIS_CMD_KVP_REQUEST:
		on_request(d, nlh);
		break;
	default:
		break;
	}
	return NL_SKIP;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct kvpd *d = arg;
	int err = -e->error;

	if (who->nl_pid != 0)
		return NL_SKIP;
	if (d->state == REGISTERING && e->msg.nlmsg_seq == d->register_seq) {
		switch (err) {
		case EBUSY:
			daemon_log_msg(LOG_ERR, "Another KVP daemon is already registered with hv_utils; stop it first (only one may run).");
			d->exit_code = 1;
			break;
		case EPERM:
			daemon_log_msg(LOG_ERR, "hv_utils refused our registration: permission denied; run " PROG " as root or with CAP_NET_ADMIN.");
			d->exit_code = 1;
			break;
		case EPROTONOSUPPORT:
			daemon_log_msg(LOG_ERR, "hv_utils cannot speak protocol version %d; install matching hv-lis modules and daemons.",
				       HVLIS_GENL_VERSION);
			d->exit_code = 1;
			break;
		default:
			daemon_log_limited(&d->limit, LOG_ERR, "hv_utils refused our registration: %s; retrying in %d s.",
					   strerror(err), RETRY_MS / 1000);
			d->state = ABSENT;
			d->next_try_ms = daemon_now_ms() + RETRY_MS;
			break;
		}
		return NL_SKIP;
	}
	/* ENOENT: the request timed out in the kernel before we answered. */
	daemon_log_limited(&d->limit, LOG_WARNING, "hv_utils rejected a KVP response: %s.", strerror(err));
	return NL_SKIP;
}

static int parse_args(struct kvpd *d, int argc, char **argv, bool *foreground,
		      bool *debug)
{
	enum { OPT_POOL_DIR = 256, OPT_HELPER_DIR };
	static const struct option opts[] = {
		{ "no-daemon", no_argument, NULL, 'n' },
		{ "debug", no_argument, NULL, 'd' },
		{ "pool-dir", required_argument, NULL, OPT_POOL_DIR },
		{ "helper-dir", required_argument, NULL, OPT_HELPER_DIR },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;	/* our own sentence below instead of getopt's */
	while ((c = getopt_long(argc, argv, "ndVh", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			*foreground = true;
			break;
		case 'd':
			*debug = true;
			break;
		case OPT_POOL_DIR:
			d->handler.pool_dir = optarg;
			break;
		case OPT_HELPER_DIR:
			d->handler.helper_dir = optarg;
			break;
		case 'V':
			printf(PROG " (hv-lis) %s\n", HVLIS_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, PROG ": unknown option or missing value in \"%s\"; run " PROG " --help for the usage.\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG ": unexpected argument \"%s\"; run " PROG " --help for the usage.\n",
			argv[optind]);
		return 2;
	}
	return -1;
}

/* Runs until a signal or a fatal error; returns the exit code. */
static int run(struct kvpd *d, int sigfd)
{
	while (d->exit_code < 0) {
		struct pollfd pfd[2] = {
			{ .fd = daemon_genl_client_fd(&d->nl), .events = POLLIN },
			{ .fd = sigfd, .events = POLLIN },
		};
		int64_t wait = d->next_try_ms - daemon_now_ms();
		int sig, err;

		if (d->find_now || (d->state != REGISTERED && wait <= 0)) {
			find_and_register(d);
			continue;
		}
		if (poll(pfd, 2, d->state == REGISTERED ? -1 : (int)(wait > 0 ? wait : 0)) < 0) {
			if (errno == EINTR)
				continue;
			daemon_log_msg(LOG_ERR, "poll failed: %s; exiting.", strerror(errno));
			return 1;
		}
		while ((sig = daemon_read_signal(sigfd)) != 0) {
			if (sig == SIGTERM || sig == SIGINT) {
				daemon_log_msg(LOG_INFO, "Stopping on signal %d.", sig);
				return 0;
			}
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		err = daemon_genl_client_receive(&d->nl);
		if (err == -NLE_NOMEM) {
			/* The socket overran: notices may be lost, so start over. */
			daemon_log_limited(&d->limit, LOG_WARNING, "Netlink messages were lost (receive buffer overrun); registering again.");
			d->find_now = true;
		} else if (err < 0 && err != -NLE_AGAIN) {
			daemon_log_limited(&d->limit, LOG_WARNING, "Receiving from netlink failed: %s.", nl_geterror(err));
		}
	}
	return d->exit_code;
}

int main(int argc, char **argv)
{
	static struct kvpd d;
	bool foreground = false, debug = false;
	char why[512];
	int code, sigfd;

	kvp_handler_init(&d.handler);
	d.exit_code = -1;
	code = parse_args(&d, argc, argv, &foreground, &debug);
	if (code >= 0)
		return code;
	daemon_log_init(PROG, foreground, debug);
	if (mkdir(d.handler.pool_dir, 0755) < 0 && errno != EEXIST) {
		daemon_log_msg(LOG_ERR, "Cannot create the pool directory %s: %s; create it or pass --pool-dir.",
			       d.handler.pool_dir, strerror(errno));
		return 1;
	}
	if (!foreground && daemon_detach() < 0) {
		daemon_log_msg(LOG_ERR, "Cannot detach into the background: %s; run with -n instead.",
			       strerror(errno));
		return 1;
	}
	sigfd = daemon_signalfd();
	if (sigfd < 0) {
		daemon_log_msg(LOG_ERR, "Cannot set up signal handling: %s.", strerror(errno));
		return 1;
	}
	if (daemon_genl_client_open(&d.nl, HVLIS_GENL_NAME, NULL, on_msg, on_error, &d, why, sizeof(why)) < 0) {
		daemon_log_msg(LOG_ERR, "Cannot start: %s.", why);
		return 1;
	}
	d.find_now = true;
	code = run(&d, sigfd);
	daemon_genl_client_close(&d.nl);
	return code;
}
