// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_timesync_daemon: keeps the guest clock on the Hyper-V host's time
 * from the samples hv_utils multicasts on the hvlis "timesync" group.
 * Steps on SYNC and on large offsets, slews small ones, and leaves the
 * clock alone while another NTP client disciplines it (unless --force).
 * Being subscribed to the group is what tells hv_utils a daemon is
 * there; without one the kernel applies SYNC itself.
 *
 * State for humans: `hv_timesync_daemon --status` reads the state file
 * the daemon rewrites after every sample; SIGUSR1 logs the same.
 * Waits for the family like hv_kvp_daemon does (see its main.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include <linux/hvlis_genl.h>

#include "daemon_genl_client.h"
#include "daemon_log.h"
#include "daemon_util.h"
#include "timesync_calc.h"
#include "timesync_msg.h"
#include "timesync_state.h"

#ifndef HVLIS_VERSION
#error "HVLIS_VERSION is not set: build through daemons/Makefile, which reads it from dkms.conf"
#endif

#define PROG		"hv_timesync_daemon"
#define RETRY_MS	30000
#define RECHECK_MS	60000
#define CLIENT_CHECK_MS	60000	/* how often to look for other NTP clients */

struct tsd {
	struct daemon_genl_client nl;
	struct timesync_config cfg;
	struct timesync_state st;
	const char *state_path;
	bool listening;
	bool find_now;
	bool said_absent;
	int64_t next_try_ms;
	int64_t next_client_check_ms;
	char other[TIMESYNC_STATE_WORD];	/* the client we defer to, or "" */
	struct daemon_log_limit limit;
	struct daemon_log_limit write_limit;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " [options]\n"
		"       " PROG " --status [--state-file FILE]\n"
		"Keeps the clock on the Hyper-V host's time.\n\n"
		"  -n, --no-daemon          stay in the foreground, log to stderr\n"
		"  -d, --debug              log every sample\n"
		"      --force              discipline the clock even while another NTP\n"
		"                           client (chronyd, ntpd, systemd-timesyncd) does\n"
		"      --defer-sync         while deferring, leave even the host's SYNC\n"
		"                           (start/resume) steps to the other client\n"
		"      --step-threshold MS  step instead of slewing above this offset\n"
		"                           (default %lld ms)\n"
		"      --state-file FILE    where the state goes (default " TIMESYNC_STATE_DEFAULT_PATH ")\n"
		"      --status             print the running daemon's state and exit\n"
		"  -V, --version            print the version and exit\n"
		"  -h, --help               print this help and exit\n"
		"\nSIGUSR1 logs the state too.\n",
		(long long)(TIMESYNC_DEFAULT_STEP_THRESHOLD_NS / 1000000));
}

/* Another process disciplining the clock, into d->other; "" if none. */
static void detect_other_client(struct tsd *d)
{
	struct timex tx = { .modes = 0 };
	struct dirent *de;
	DIR *proc;

	d->other[0] = '\0';
	proc = opendir("/proc");
	while (proc && (de = readdir(proc))) {
		char path[300], comm[64];
		ssize_t n;
		int fd;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (n <= 0)
			continue;
		comm[n] = '\0';
		if (timesync_is_ntp_client(comm)) {
			/* A known client's name is at most 15 bytes. */
			snprintf(d->other, sizeof(d->other), "%.*s",
				 (int)strcspn(comm, "\n"), comm);
			break;
		}
	}
	if (proc)
		closedir(proc);
	/* We never clear STA_UNSYNC (steps set it, single-shot slews leave it). */
	if (!d->other[0] && adjtimex(&tx) >= 0 && !(tx.status & STA_UNSYNC))
		snprintf(d->other, sizeof(d->other), "kernel-ntp-client");
}

static void set_mode(struct tsd *d, const char *mode)
{
	if (strcmp(d->st.mode, mode) == 0 && (strcmp(mode, "deferring") ||
					      !strcmp(d->st.other_client, d->other)))
		return;
	if (!strcmp(mode, "deferring"))
		daemon_log_msg(LOG_NOTICE, "%s is disciplining the clock; leaving it alone (--force to override).",
			       d->other);
	else if (!strcmp(mode, "disciplining"))
		daemon_log_msg(LOG_NOTICE, "Disciplining the clock from the host's time samples.");
	snprintf(d->st.mode, sizeof(d->st.mode), "%s", mode);
	snprintf(d->st.other_client, sizeof(d->st.other_client), "%s",
		 strcmp(mode, "deferring") ? "" : d->other);
}

static void save_state(struct tsd *d)
{
	d->st.updated = (int64_t)time(NULL);
	if (timesync_state_write(d->state_path, &d->st) < 0)
		daemon_log_limited(&d->write_limit, LOG_WARNING, "Cannot write the state file %s: %s; --status will not show current data.",
				   d->state_path, strerror(errno));
}

static void log_state(struct tsd *d)
{
	daemon_log_msg(LOG_INFO, "State: %s%s%s; %llu samples (%llu invalid), %llu steps, %llu slews, %llu deferred; last offset %lld ns.",
		       d->st.mode, d->st.other_client[0] ? " to " : "", d->st.other_client,
		       (unsigned long long)d->st.samples, (unsigned long long)d->st.invalid,
		       (unsigned long long)d->st.steps, (unsigned long long)d->st.slews,
		       (unsigned long long)d->st.deferred, (long long)d->st.last_offset_ns);
}

static bool step_clock(struct tsd *d, int64_t offset_ns)
{
	struct timespec now;
	int64_t ns;

	if (clock_gettime(CLOCK_REALTIME, &now) < 0)
		return false;
	ns = (int64_t)now.tv_nsec + offset_ns % TIMESYNC_NSEC_PER_SEC;
	now.tv_sec += (time_t)(offset_ns / TIMESYNC_NSEC_PER_SEC) + (time_t)(ns / TIMESYNC_NSEC_PER_SEC);
	ns %= TIMESYNC_NSEC_PER_SEC;
	if (ns < 0) {
		ns += TIMESYNC_NSEC_PER_SEC;
		now.tv_sec--;
	}
	now.tv_nsec = (long)ns;
	if (clock_settime(CLOCK_REALTIME, &now) < 0) {
		daemon_log_limited(&d->limit, LOG_ERR, "Cannot step the clock: %s; the daemon needs CAP_SYS_TIME.",
				   strerror(errno));
		return false;
	}
	daemon_log_msg(LOG_NOTICE, "Stepped the clock by %lld.%09lld s to the host's time.",
		       (long long)(offset_ns / TIMESYNC_NSEC_PER_SEC),
		       (long long)llabs(offset_ns % TIMESYNC_NSEC_PER_SEC));
	return true;
}

static bool slew_clock(struct tsd *d, int64_t offset_ns)
{
	struct timex tx = { .modes = ADJ_OFFSET_SINGLESHOT };

	tx.offset = timesync_slew_usec(&d->cfg, offset_ns);
	if (adjtimex(&tx) < 0) {
		daemon_log_limited(&d->limit, LOG_ERR, "Cannot slew the clock: %s; the daemon needs CAP_SYS_TIME.",
				   strerror(errno));
		return false;
	}
	return true;
}

static void on_sample(struct tsd *d, struct nlmsghdr *nlh)
{
	struct timesync_sample s;
	struct timesync_offset off;
	enum timesync_sample_error serr;
	enum timesync_action act;
	char why[256];

	d->st.samples++;
	if (!timesync_msg_parse_sample(nlh, &s, why, sizeof(why))) {
		d->st.invalid++;
		daemon_log_limited(&d->limit, LOG_WARNING, "Ignoring %s.", why);
		return;
	}
	serr = timesync_calc_offset(&d->cfg, &s, &off);
	if (serr != TIMESYNC_SAMPLE_OK) {
		d->st.invalid++;
		daemon_log_limited(&d->limit, LOG_WARNING, "Ignoring a time sample: %s.", timesync_sample_error_str(serr));
		return;
	}
	if (daemon_now_ms() >= d->next_client_check_ms) {
		detect_other_client(d);
		d->next_client_check_ms = daemon_now_ms() + CLIENT_CHECK_MS;
	}
	set_mode(d, d->other[0] && !d->cfg.force ? "deferring" : "disciplining");
	act = timesync_decide(&d->cfg, s.flags, off.offset_ns, d->other[0] != '\0');
	switch (act) {
	case TIMESYNC_ACT_STEP:
		if (step_clock(d, off.offset_ns))
			d->st.steps++;
		break;
	case TIMESYNC_ACT_SLEW:
		if (slew_clock(d, off.offset_ns))
			d->st.slews++;
		break;
	case TIMESYNC_ACT_DEFER:
		d->st.deferred++;
		break;
	case TIMESYNC_ACT_RECORD:
		d->st.recorded++;
		break;
	}
	daemon_log_msg(LOG_DEBUG, "Sample flags %u: offset %lld ns, transit %lld ns%s: %s.",
		       s.flags, (long long)off.offset_ns, (long long)off.transit_ns,
		       off.transit_known ? "" : " (unknown)", timesync_action_name(act));
	d->st.have_sample = true;
	d->st.last_rx_ns = (int64_t)s.recv_realtime;
	d->st.last_offset_ns = off.offset_ns;
	d->st.last_transit_ns = off.transit_known ? off.transit_ns : -1;
	d->st.last_flags = s.flags;
	snprintf(d->st.last_action, sizeof(d->st.last_action), "%s", timesync_action_name(act));
	save_state(d);
}

static void find_group(struct tsd *d)
{
	char why[512];

	d->find_now = false;
	d->listening = false;
	switch (daemon_genl_client_find(&d->nl, why, sizeof(why))) {
	case DAEMON_GENL_FIND_ABSENT:
		if (!d->said_absent)
			daemon_log_msg(LOG_NOTICE, "The hvlis generic netlink family is not there (is the hv_utils module loaded?); waiting for it to appear.");
		d->said_absent = true;
		d->next_try_ms = daemon_now_ms() + RECHECK_MS;
		set_mode(d, "waiting");
		break;
	case DAEMON_GENL_FIND_ERROR:
		daemon_log_limited(&d->limit, LOG_ERR, "Cannot subscribe to the host's time samples: %s; retrying in %d s.",
				   why, RETRY_MS / 1000);
		d->next_try_ms = daemon_now_ms() + RETRY_MS;
		set_mode(d, "waiting");
		break;
	case DAEMON_GENL_FIND_FOUND:
		d->said_absent = false;
		d->listening = true;
		daemon_log_msg(LOG_INFO, "Listening for the host's time samples (hvlis family version %u).",
			       d->nl.family_version);
		detect_other_client(d);
		d->next_client_check_ms = daemon_now_ms() + CLIENT_CHECK_MS;
		set_mode(d, d->other[0] && !d->cfg.force ? "deferring" : "disciplining");
		break;
	}
	save_state(d);
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct tsd *d = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct daemon_genl_ctrl_event ev;

	if (!daemon_genl_msg_from_kernel(msg)) {
		daemon_log_limited(&d->limit, LOG_WARNING, "Dropped a netlink message from port %u: only the kernel may talk to this daemon.",
				   nlmsg_get_src(msg)->nl_pid);
		return NL_SKIP;
	}
	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		if (!daemon_genl_ctrl_parse_event(nlh, &ev) || strcmp(ev.name, HVLIS_GENL_NAME))
			return NL_SKIP;
		if (ev.cmd == CTRL_CMD_NEWFAMILY) {
			d->find_now = true;
		} else {
			daemon_log_msg(LOG_NOTICE, "The hvlis family went away (hv_utils unloaded?); waiting for it to come back.");
			daemon_genl_client_lost(&d->nl);
			d->listening = false;
			d->said_absent = true;
			d->next_try_ms = daemon_now_ms() + RECHECK_MS;
			set_mode(d, "waiting");
			save_state(d);
		}
		return NL_SKIP;
	}
	if (d->listening && nlh->nlmsg_type == d->nl.family &&
	    genlmsg_valid_hdr(nlh, 0) &&
	    genlmsg_hdr(nlh)->cmd == HVLIS_CMD_TIME_SAMPLE)
		on_sample(d, nlh);
	return NL_SKIP;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct tsd *d = arg;

	/* We send nothing but the lookups, on their own socket. */
	if (who->nl_pid == 0)
		daemon_log_limited(&d->limit, LOG_WARNING, "The kernel reported an error: %s.",
				   strerror(-e->error));
	return NL_SKIP;
}

static int show_status(const char *path)
{
	struct timesync_state st;
	char why[512];

	if (!timesync_state_read(path, &st, why, sizeof(why))) {
		fprintf(stderr, PROG ": %s\n", why);
		return 1;
	}
	timesync_state_print(&st, stdout);
	if (strcmp(st.mode, "stopped") && kill((pid_t)st.pid, 0) < 0 && errno == ESRCH)
		printf("note:            pid %ld is not running; this is the state it left.\n",
		       st.pid);
	return 0;
}

static bool parse_ms(const char *s, int64_t *ns)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000LL * 1000 * 1000)
		return false;
	*ns = v * 1000000;
	return true;
}

static int parse_args(struct tsd *d, int argc, char **argv, bool *foreground,
		      bool *debug)
{
	enum { OPT_FORCE = 256, OPT_DEFER_SYNC, OPT_THRESHOLD, OPT_STATE, OPT_STATUS };
	static const struct option opts[] = {
		{ "no-daemon", no_argument, NULL, 'n' },
		{ "debug", no_argument, NULL, 'd' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "defer-sync", no_argument, NULL, OPT_DEFER_SYNC },
		{ "step-threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "state-file", required_argument, NULL, OPT_STATE },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool status = false;
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
		case OPT_FORCE:
			d->cfg.force = true;
			break;
		case OPT_DEFER_SYNC:
			d->cfg.defer_sync = true;
			break;
		case OPT_THRESHOLD:
			if (!parse_ms(optarg, &d->cfg.step_threshold_ns)) {
				fprintf(stderr, PROG ": --step-threshold takes milliseconds from 0 to 1000000000, not \"%s\".\n",
					optarg);
				return 2;
			}
			break;
		case OPT_STATE:
			d->state_path = optarg;
			break;
		case OPT_STATUS:
			status = true;
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
	return status ? show_status(d->state_path) : -1;
}

static int run(struct tsd *d, int sigfd)
{
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = daemon_genl_client_fd(&d->nl), .events = POLLIN },
			{ .fd = sigfd, .events = POLLIN },
		};
		int64_t wait = d->next_try_ms - daemon_now_ms();
		int sig, err;

		if (d->find_now || (!d->listening && wait <= 0)) {
			find_group(d);
			continue;
		}
		if (poll(pfd, 2, d->listening ? -1 : (int)(wait > 0 ? wait : 0)) < 0) {
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
			if (sig == SIGUSR1)
				log_state(d);
			if (sig == SIGHUP)
				d->next_client_check_ms = 0;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		err = daemon_genl_client_receive(&d->nl);
		if (err == -NLE_NOMEM) {
			daemon_log_limited(&d->limit, LOG_WARNING, "Netlink messages were lost (receive buffer overrun); subscribing again.");
			d->find_now = true;
		} else if (err < 0 && err != -NLE_AGAIN) {
			daemon_log_limited(&d->limit, LOG_WARNING, "Receiving from netlink failed: %s.", nl_geterror(err));
		}
	}
}

int main(int argc, char **argv)
{
	static struct tsd d;
	bool foreground = false, debug = false;
	char why[512], dir[PATH_MAX];
	int code, sigfd;

	timesync_config_default(&d.cfg);
	d.state_path = TIMESYNC_STATE_DEFAULT_PATH;
	code = parse_args(&d, argc, argv, &foreground, &debug);
	if (code >= 0)
		return code;
	daemon_log_init(PROG, foreground, debug);
	snprintf(dir, sizeof(dir), "%s", d.state_path);
	if (mkdir(dirname(dir), 0755) < 0 && errno != EEXIST)
		daemon_log_msg(LOG_WARNING, "Cannot create %s for the state file: %s; --status will not work.",
			       dir, strerror(errno));
	if (!foreground && daemon_detach() < 0) {
		daemon_log_msg(LOG_ERR, "Cannot detach into the background: %s; run with -n instead.",
			       strerror(errno));
		return 1;
	}
	d.st.pid = (long)getpid();
	d.st.step_threshold_ns = d.cfg.step_threshold_ns;
	d.st.last_transit_ns = -1;
	snprintf(d.st.mode, sizeof(d.st.mode), "starting");
	sigfd = daemon_signalfd();
	if (sigfd < 0) {
		daemon_log_msg(LOG_ERR, "Cannot set up signal handling: %s.", strerror(errno));
		return 1;
	}
	if (daemon_genl_client_open(&d.nl, HVLIS_GENL_NAME, HVLIS_GENL_MCGRP_TIMESYNC, on_msg, on_error, &d,
				    why, sizeof(why)) < 0) {
		daemon_log_msg(LOG_ERR, "Cannot start: %s.", why);
		return 1;
	}
	d.find_now = true;
	code = run(&d, sigfd);
	snprintf(d.st.mode, sizeof(d.st.mode), "stopped");
	d.st.other_client[0] = '\0';
	save_state(&d);
	daemon_genl_client_close(&d.nl);
	return code;
}
