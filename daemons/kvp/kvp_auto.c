// SPDX-License-Identifier: GPL-2.0-only
/* The AUTO pool's generated values; see kvp_auto.h. */
#include "kvp_auto.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/hvlis_genl.h>

/* Re-resolving the FQDN may wait on DNS; the host enumerates often. */
#define FQDN_TTL_SECONDS	300
#define OS_RELEASE_MAX		16384

static const char *const auto_keys[KVP_AUTO_COUNT] = {
	"FullyQualifiedDomainName",
	"IntegrationServicesVersion",
	"NetworkAddressIPv4",
	"NetworkAddressIPv6",
	"OSBuildNumber",
	"OSName",
	"OSMajorVersion",
	"OSMinorVersion",
	"OSVersion",
	"ProcessorArchitecture",
};

const char *kvp_auto_key(unsigned int index)
{
	return index < KVP_AUTO_COUNT ? auto_keys[index] : NULL;
}

/* Copies a shell-quoted os-release value, as far as out holds. */
static void unquote(const char *v, size_t len, char *out, size_t size)
{
	char quote = 0;
	size_t o = 0;

	if (len > 0 && (v[0] == '"' || v[0] == '\'')) {
		quote = v[0];
		v++;
		len--;
	}
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		char ch = v[i];

		if (quote && ch == quote)
			break;
		if (quote == '"' && ch == '\\' && i + 1 < len)
			ch = v[++i];
		out[o++] = ch;
	}
	out[o] = '\0';
}

void kvp_os_release_parse(const char *text, size_t len,
			  struct kvp_os_info *info)
{
	size_t pos = 0;

	memset(info, 0, sizeof(*info));
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		pos += n + (nl ? 1 : 0);
		if (n > 5 && memcmp(line, "NAME=", 5) == 0)
			unquote(line + 5, n - 5, info->name, sizeof(info->name));
		else if (n > 11 && memcmp(line, "VERSION_ID=", 11) == 0)
			unquote(line + 11, n - 11, info->version_id,
				sizeof(info->version_id));
	}
	/* A NUL inside the file ends the value early; that is fine. */
}

void kvp_split_version(const char *version_id, char *major, char *minor,
		       size_t size)
{
	size_t m = strcspn(version_id, ".");
	const char *rest = version_id[m] == '.' ? version_id + m + 1 : "";

	snprintf(major, size, "%.*s", (int)(m < size ? m : size - 1), version_id);
	m = strcspn(rest, ".");
	snprintf(minor, size, "%.*s", (int)(m < size ? m : size - 1), rest);
}

void kvp_os_version(const char *release, char *out, size_t size)
{
	size_t n = strcspn(release, "-");

	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), release);
}

void kvp_format_addrs(const struct ifaddrs *list, int family, char *out,
		      size_t size, size_t max_units)
{
	size_t len = 0;

	out[0] = '\0';
	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		char addr[INET6_ADDRSTRLEN];
		const void *src;
		size_t n;

		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != family ||
		    (ifa->ifa_flags & IFF_LOOPBACK))
			continue;
		if (family == AF_INET)
			src = &((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr;
		else
			src = &((const struct sockaddr_in6 *)(const void *)ifa->ifa_addr)->sin6_addr;
		if (!inet_ntop(family, src, addr, sizeof(addr)))
			continue;
		n = strlen(addr) + (len ? 1 : 0);
		if (len + n >= size || len + n > max_units)
			break;
		snprintf(out + len, size - len, "%s%s", len ? ";" : "", addr);
		len += n;
	}
}

static void read_os_info(const struct kvp_auto_env *env, struct kvp_os_info *info)
{
	static char buf[OS_RELEASE_MAX];
	ssize_t n = -1;
	int fd = open(env->os_release, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && env->os_release_fallback)
		fd = open(env->os_release_fallback, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
	}
	kvp_os_release_parse(buf, n > 0 ? (size_t)n : 0, info);
}

static void fqdn(char *value, size_t size)
{
	static char cached[NI_MAXHOST];
	static time_t cached_at;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_flags = AI_CANONNAME };
	struct addrinfo *res = NULL;
	char host[HOST_NAME_MAX + 1];
	time_t now = time(NULL);

	if (cached[0] && now - cached_at < FQDN_TTL_SECONDS) {
		snprintf(value, size, "%s", cached);
		return;
	}
	if (gethostname(host, sizeof(host)) < 0) {
		value[0] = '\0';
		return;
	}
	host[sizeof(host) - 1] = '\0';
	snprintf(cached, sizeof(cached), "%s", host);
	if (getaddrinfo(host, NULL, &hints, &res) == 0 && res && res->ai_canonname)
		snprintf(cached, sizeof(cached), "%s", res->ai_canonname);
	if (res)
		freeaddrinfo(res);
	cached_at = now;
	snprintf(value, size, "%s", cached);
}

static void addresses(int family, char *value, size_t size)
{
	struct ifaddrs *list = NULL;

	value[0] = '\0';
	if (getifaddrs(&list) < 0)
		return;
	kvp_format_addrs(list, family, value, size,
			 HVLIS_KVP_WIRE_VALUE_BYTES / 2 - 1);
	freeifaddrs(list);
}

bool kvp_auto_value(const struct kvp_auto_env *env, unsigned int index,
		    char *value, size_t size)
{
	struct kvp_os_info info;
	struct utsname un;
	char major[KVP_AUTO_WORD], minor[KVP_AUTO_WORD];

	if (index >= KVP_AUTO_COUNT)
		return false;
	if (uname(&un) < 0)
		memset(&un, 0, sizeof(un));
	value[0] = '\0';
	switch (index) {
	case 0:
		fqdn(value, size);
		break;
	case 1:
		snprintf(value, size, "%s", env->drv_version ? env->drv_version : "");
		break;
	case 2:
		addresses(AF_INET, value, size);
		break;
	case 3:
		addresses(AF_INET6, value, size);
		break;
	case 4:
		snprintf(value, size, "%s", un.release);
		break;
	case 5:
		read_os_info(env, &info);
		snprintf(value, size, "%s", info.name[0] ? info.name :
			 un.sysname[0] ? un.sysname : "Linux");
		break;
	case 6:
	case 7:
		read_os_info(env, &info);
		kvp_split_version(info.version_id, major, minor, sizeof(major));
		snprintf(value, size, "%s", index == 6 ? major : minor);
		break;
	case 8:
		kvp_os_version(un.release, value, size);
		break;
	case 9:
		snprintf(value, size, "%s", un.machine);
		break;
	}
	return true;
}
