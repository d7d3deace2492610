/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Daemon logging: one sentence per message, to stderr in the foreground
 * (-n, where systemd's journal or a terminal reads it) or to syslog once
 * detached. Messages that bad input can trigger go through a rate limit
 * so a hostile peer cannot flood the log.
 */
#ifndef HVLIS_DAEMON_LOG_H
#define HVLIS_DAEMON_LOG_H

#include <stdbool.h>
#include <syslog.h>
#include <time.h>

void daemon_log_init(const char *ident, bool to_stderr, bool debug);
void daemon_log_to_syslog(void);

__attribute__((format(printf, 2, 3)))
void daemon_log_msg(int priority, const char *fmt, ...);

/*
 * At most DAEMON_LOG_BURST messages per DAEMON_LOG_INTERVAL seconds per
 * limiter.
 */
#define DAEMON_LOG_BURST	10
#define DAEMON_LOG_INTERVAL	60
struct daemon_log_limit {
	time_t window;
	unsigned int printed;
	unsigned int dropped;
};

__attribute__((format(printf, 3, 4)))
void daemon_log_limited(struct daemon_log_limit *limit, int priority,
			const char *fmt, ...);

#endif /* HVLIS_DAEMON_LOG_H */
