/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AUTO pool (pool 2): facts the guest generates when the host
 * ENUMERATEs it, never stored in a file. Index -> key (protocol-vmbus.md
 * 9.4.3): 0 FullyQualifiedDomainName, 1 IntegrationServicesVersion,
 * 2 NetworkAddressIPv4, 3 NetworkAddressIPv6, 4 OSBuildNumber, 5 OSName,
 * 6 OSMajorVersion, 7 OSMinorVersion, 8 OSVersion,
 * 9 ProcessorArchitecture; 10 and above end the enumeration.
 *
 * The parsing and formatting are pure functions over their inputs so the
 * unit tests and fuzz targets reach them; kvp_auto_value() gathers the
 * inputs from the running system.
 */
#ifndef HVLIS_KVP_AUTO_H
#define HVLIS_KVP_AUTO_H

#include <stdbool.h>
#include <stddef.h>

#include <ifaddrs.h>

#define KVP_AUTO_COUNT	10
#define KVP_AUTO_WORD	256

struct kvp_os_info {
	char name[KVP_AUTO_WORD];	/* os-release NAME */
	char version_id[KVP_AUTO_WORD];	/* os-release VERSION_ID */
};

/* Where the system facts come from; tests point these at fixtures. */
struct kvp_auto_env {
	const char *os_release;		/* /etc/os-release */
	const char *os_release_fallback;	/* /usr/lib/os-release */
	const char *drv_version;	/* from the kernel's registration reply */
};

/* The key of index, or NULL past the last one. */
const char *kvp_auto_key(unsigned int index);

/*
 * Fills value (size bytes) for index; returns false past the last
 * index. Never fails otherwise: a fact that cannot be found is "".
 */
bool kvp_auto_value(const struct kvp_auto_env *env, unsigned int index,
		    char *value, size_t size);

/*
 * Reads NAME and VERSION_ID from os-release text (shell-style
 * KEY=value lines, values optionally in single or double quotes, with
 * backslash escapes in double quotes). Missing keys are left "".
 */
void kvp_os_release_parse(const char *text, size_t len,
			  struct kvp_os_info *info);

/* "12.4.1" -> "12" and "4"; "12" -> "12" and "". */
void kvp_split_version(const char *version_id, char *major, char *minor,
		       size_t size);

/* uname release up to its first '-': "6.1.0-13-amd64" -> "6.1.0". */
void kvp_os_version(const char *release, char *out, size_t size);

/*
 * The addresses of family (AF_INET / AF_INET6) of every interface but
 * loopback, ';'-separated, in list order; only whole addresses that keep
 * the text within max_units UTF-16 units (it is ASCII) are added.
 */
void kvp_format_addrs(const struct ifaddrs *list, int family, char *out,
		      size_t size, size_t max_units);

#endif /* HVLIS_KVP_AUTO_H */
