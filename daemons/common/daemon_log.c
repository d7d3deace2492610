// SPDX-License-Identifier: GPL-2.0-only
/* Daemon logging; see daemon_log.h. */
#include "daemon_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *log_ident = "hv-lis";
static bool log_stderr = true;
static bool log_debug;

void daemon_log_init(const char *ident, bool to_stderr, bool debug)
{
	log_ident = ident;
	log_stderr = to_stderr;
	log_debug = debug;
	if (!to_stderr)
		daemon_log_to_syslog();
}

void daemon_log_to_syslog(void)
{
	log_stderr = false;
	openlog(log_ident, LOG_PID, LOG_DAEMON);
}

static void vlog(int priority, const char *fmt, va_list ap)
{
	if (priority == LOG_DEBUG && !log_debug)
		return;
	if (!log_stderr) {
		vsyslog(priority, fmt, ap);
		return;
	}
	fprintf(stderr, "%s: ", log_ident);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
}

void daemon_log_msg(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(priority, fmt, ap);
	va_end(ap);
}

void daemon_log_limited(struct daemon_log_limit *limit, int priority,
			const char *fmt, ...)
{
	time_t now = time(NULL);
	va_list ap;

	if (now - limit->window >= DAEMON_LOG_INTERVAL) {
		if (limit->dropped)
			daemon_log_msg(LOG_WARNING, "%u similar messages were suppressed in the last %d seconds.",
				       limit->dropped, DAEMON_LOG_INTERVAL);
		limit->window = now;
		limit->printed = 0;
		limit->dropped = 0;
	}
	if (limit->printed >= DAEMON_LOG_BURST) {
		limit->dropped++;
		return;
	}
	limit->printed++;
	va_start(ap, fmt);
	vlog(priority, fmt, ap);
	va_end(ap);
}
