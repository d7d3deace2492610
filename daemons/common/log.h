/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Daemon logging: one sentence per message, to stderr in the foreground
 * (-n, where systemd's journal or a terminal reads it) or to syslog once
 * detached. Messages that bad input can trigger go through a rate limit
 * so a hostile peer cannot flood the log.
 */
#ifndef HVLIS_LOG_H
#define HVLIS_LOG_H

#include <stdbool.h>
#include <syslog.h>
#include <time.h>

void log_init(const char *ident, bool to_stderr, bool debug);
void log_to_syslog(void);

__attribute__((format(printf, 2, 3)))
void log_msg(int priority, const char *fmt, ...);

/* At most LOG_BURST messages per LOG_INTERVAL seconds per limiter. */
#define LOG_BURST	10
#define LOG_INTERVAL	60
struct log_limit {
	time_t window;
	unsigned int printed;
	unsigned int dropped;
};

__attribute__((format(printf, 3, 4)))
void log_limited(struct log_limit *limit, int priority, const char *fmt, ...);

#endif /* HVLIS_LOG_H */
