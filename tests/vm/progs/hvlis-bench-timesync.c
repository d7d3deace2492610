// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest helper of tests/bench/utils-timesync.sh: how long after a clock
 * step is requested the guest's CLOCK_REALTIME has been stepped.
 *
 * usage: hvlis-bench-timesync LABEL host|local COUNT OFFSET_MS [FLAGS]
 *
 * host:  a thread writes "FLAGS +-OFFSET_MS" to the simulated host's
 *        ic_timesync (one time sample through hv_utils; the write returns
 *        once the guest has answered the IC message).
 * local: a thread steps the clock by +-OFFSET_MS itself (clock_settime).
 *
 * The thread reads CLOCK_MONOTONIC right before it acts (t0). The main
 * thread sleeps in poll() on a CLOCK_REALTIME timerfd armed with
 * TFD_TIMER_CANCEL_ON_SET, which the kernel wakes from clock_was_set()
 * on any step of the clock, whoever makes it (clock_settime, the kernel's
 * do_settimeofday64); it reads CLOCK_MONOTONIC on waking (t1). No polling
 * of the clock, so the measurement takes no CPU from the path it measures.
 * The main thread runs SCHED_FIFO (the acting thread SCHED_OTHER), so it
 * preempts whoever stepped the clock as the step's syscall returns: t1 is
 * not held back by what the stepper does next (hv_timesync_daemon logs
 * and rewrites its state file right after clock_settime).
 * CLOCK_REALTIME - CLOCK_BOOTTIME before and after checks the step's size.
 *
 * Two unreported warm-up steps, then COUNT (rounded up to even) steps of
 * alternating sign, so the clock ends where it started. Per step, one line:
 *   SAMPLE label=L lat_ns=<t1-t0> ack_ns=<action's return - t0> step_ms=<s>
 * or "MISS label=L why=..." when no step came within 5 s, the step had the
 * wrong size or the action failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define IC_TIMESYNC	"/sys/kernel/debug/vmbus_sim/ic_timesync"
#define WARMUP		2
#define WAIT_MS		5000
#define TOLERANCE_MS	100

struct action {
	int host;		/* 1: ic_timesync, 0: clock_settime */
	int fd;			/* ic_timesync, opened before t0 */
	unsigned int flags;
	long long offset_ms;
	int64_t t0, ack;
	int err;
};

static int64_t ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *act(void *arg)
{
	struct action *a = arg;
	char buf[64];
	int len = snprintf(buf, sizeof(buf), "%u %lld\n", a->flags, a->offset_ms);
	struct timespec now;

	a->err = 0;
	a->t0 = ns(CLOCK_MONOTONIC);
	if (a->host) {
		if (write(a->fd, buf, (size_t)len) != len)
			a->err = errno ? errno : EIO;
	} else {
		int64_t t;

		clock_gettime(CLOCK_REALTIME, &now);
		t = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec +
		    a->offset_ms * 1000000;
		now.tv_sec = (time_t)(t / 1000000000);
		now.tv_nsec = (long)(t % 1000000000);
		if (clock_settime(CLOCK_REALTIME, &now) < 0)
			a->err = errno;
	}
	a->ack = ns(CLOCK_MONOTONIC);
	return NULL;
}

int main(int argc, char **argv)
{
	struct action a = { .fd = -1 };
	struct sched_param rt = { .sched_priority = 50 }, other = { .sched_priority = 0 };
	pthread_attr_t attr;
	const char *label;
	long long offset_ms;
	long count;
	int tfd, i;

	if (argc < 5 || argc > 6 || (strcmp(argv[2], "host") && strcmp(argv[2], "local"))) {
		fprintf(stderr, "usage: %s LABEL host|local COUNT OFFSET_MS [FLAGS]\n", argv[0]);
		return 2;
	}
	label = argv[1];
	a.host = !strcmp(argv[2], "host");
	count = strtol(argv[3], NULL, 10);
	count += count & 1;
	offset_ms = strtoll(argv[4], NULL, 10);
	a.flags = argc > 5 ? (unsigned int)strtoul(argv[5], NULL, 0) : 1;
	if (count <= 0 || offset_ms <= TOLERANCE_MS) {
		fprintf(stderr, "%s: COUNT > 0 and OFFSET_MS > %d please\n", argv[0], TOLERANCE_MS);
		return 2;
	}
	/* The waiter preempts the stepper; the acting thread is an ordinary one. */
	if (sched_setscheduler(0, SCHED_FIFO, &rt) < 0) {
		perror("sched_setscheduler(SCHED_FIFO)");
		return 1;
	}
	if (pthread_attr_init(&attr) ||
	    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED) ||
	    pthread_attr_setschedpolicy(&attr, SCHED_OTHER) ||
	    pthread_attr_setschedparam(&attr, &other)) {
		fprintf(stderr, "%s: cannot set up the acting thread's attributes\n", argv[0]);
		return 1;
	}
	tfd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
	if (tfd < 0) {
		perror("timerfd_create");
		return 1;
	}
	if (a.host) {
		a.fd = open(IC_TIMESYNC, O_WRONLY | O_CLOEXEC);
		if (a.fd < 0) {
			perror(IC_TIMESYNC);
			return 1;
		}
	}

	for (i = 0; i < WARMUP + count; i++) {
		struct itimerspec its = { { 0, 0 }, { 0, 0 } };
		struct pollfd pfd = { .fd = tfd, .events = POLLIN };
		int64_t before, after, t1 = 0, step_ms;
		pthread_t th;
		uint64_t ticks;
		int ready;

		a.offset_ms = i & 1 ? -offset_ms : offset_ms;
		/* Expires in a year: only a step of the clock wakes us. */
		its.it_value.tv_sec = (time_t)(ns(CLOCK_REALTIME) / 1000000000) + 365 * 86400;
		if (timerfd_settime(tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) < 0) {
			perror("timerfd_settime");
			return 1;
		}
		before = ns(CLOCK_REALTIME) - ns(CLOCK_BOOTTIME);
		if (pthread_create(&th, &attr, act, &a)) {
			fprintf(stderr, "pthread_create failed\n");
			return 1;
		}
		ready = poll(&pfd, 1, WAIT_MS);
		if (ready > 0) {
			t1 = ns(CLOCK_MONOTONIC);
			/* ECANCELED is the step; a value would be a year late. */
			if (read(tfd, &ticks, sizeof(ticks)) >= 0 || errno != ECANCELED)
				ready = 0;
		}
		pthread_join(th, NULL);
		after = ns(CLOCK_REALTIME) - ns(CLOCK_BOOTTIME);
		step_ms = (after - before) / 1000000;
		if (i >= WARMUP) {
			if (a.err)
				printf("MISS label=%s why=%s\n", label, strerror(a.err));
			else if (ready <= 0)
				printf("MISS label=%s why=no-step-in-%dms\n", label, WAIT_MS);
			else if (llabs(step_ms - a.offset_ms) > TOLERANCE_MS)
				printf("MISS label=%s why=stepped-%lldms-not-%lldms\n", label,
				       (long long)step_ms, a.offset_ms);
			else
				printf("SAMPLE label=%s lat_ns=%lld ack_ns=%lld step_ms=%lld\n", label,
				       (long long)(t1 - a.t0), (long long)(a.ack - a.t0),
				       (long long)step_ms);
		}
		fflush(stdout);
		if (ready <= 0 && !a.err) {
			/* A late step must not land in the next sample. */
			sleep(1);
		}
		/* Let the daemon finish with this sample (state file, log). */
		usleep(20000);
	}
	return 0;
}
