/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runs the KVP helper programs (hv_get_dns_info, hv_get_dhcp_info,
 * hv_set_ifconfig) without a shell: arguments are passed as they are,
 * stdin is /dev/null, the environment is a fixed minimal one, the
 * daemon's blocked signals are unblocked, and a helper that outlives its
 * time limit is killed so the kernel's 30-second wait is never reached.
 */
#ifndef HVLIS_KVP_HELPER_H
#define HVLIS_KVP_HELPER_H

#include <stddef.h>

#define KVP_HELPER_TIMEOUT_MS	10000

/*
 * Runs <dir>/<name> args... (args ends with NULL; argv[0] is the name).
 * Its stdout, cut to size - 1 bytes, goes to out (NUL-terminated; out
 * may be NULL). Returns the exit status (0..255), or -1 with why set
 * (not found, killed by a signal or for taking too long).
 */
int kvp_helper_run(const char *dir, const char *name, const char *const args[],
		   char *out, size_t size, int timeout_ms, char *why,
		   size_t why_size);

#endif /* HVLIS_KVP_HELPER_H */
