/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Process plumbing shared by the two daemons: signals arrive through a
 * signalfd polled with the netlink socket (no async handlers, so a
 * signal can never interrupt a pool write halfway), detaching when not
 * run with -n, and a monotonic clock in milliseconds for retry timers.
 */
#ifndef HVLIS_DAEMON_UTIL_H
#define HVLIS_DAEMON_UTIL_H

#include <stdint.h>

/*
 * Blocks SIGTERM, SIGINT, SIGHUP and SIGUSR1 and returns a signalfd for
 * them, or -1 with errno. Helpers started later unblock them again.
 */
int daemon_signalfd(void);
/* The next pending signal on fd, 0 if none. */
int daemon_read_signal(int fd);
/* Fork into the background with stdio on /dev/null; 0 or -1 with errno. */
int daemon_detach(void);
int64_t daemon_now_ms(void);

#endif /* HVLIS_DAEMON_UTIL_H */
