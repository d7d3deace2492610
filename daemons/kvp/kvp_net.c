// SPDX-License-Identifier: GPL-2.0-only
/* Network facts for the KVP IP operations; see kvp_net.h. */
#include "kvp_net.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/hvlis_genl.h>

bool kvp_net_normalize_mac(const char *s, char out[13])
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ':' || *s == '-')
			continue;
		if (!isxdigit((unsigned char)*s) || n == 12)
			return false;
		out[n++] = (char)toupper((unsigned char)*s);
	}
	out[n] = '\0';
	return n == 12;
}

/* A small sysfs file's first line, or false. */
static bool read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

/* GUID text without braces, lower case, into out (37 bytes); false if not one. */
static bool normalize_guid(const char *s, char out[37])
{
	size_t len = strlen(s), n = 0;

	if (len == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		len = 36;
	}
	if (len != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
		out[n++] = (char)tolower((unsigned char)s[i]);
	}
	out[n] = '\0';
	return true;
}

bool kvp_net_find_if(const char *sysfs, const char *adapter_id,
		     char ifname[IF_NAMESIZE])
{
	char want_mac[13], want_guid[37], have[13], have_guid[37];
	char path[512], line[128];
	bool by_mac = kvp_net_normalize_mac(adapter_id, want_mac);
	bool found = false;
	struct dirent *de;
	DIR *d;

	if (!by_mac && !normalize_guid(adapter_id, want_guid))
		return false;
	d = opendir(sysfs);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= IF_NAMESIZE)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", sysfs, de->d_name,
			 by_mac ? "address" : "device/device_id");
		if (!read_line(path, line, sizeof(line)))
			continue;
		if (by_mac)
			found = kvp_net_normalize_mac(line, have) &&
				strcmp(have, want_mac) == 0;
		else
			found = normalize_guid(line, have_guid) &&
				strcmp(have_guid, want_guid) == 0;
		if (found)
			memcpy(ifname, de->d_name, strlen(de->d_name) + 1);
	}
	closedir(d);
	return found;
}

bool kvp_list_append(char *out, size_t size, const char *item)
{
	size_t len = strlen(out), n = strlen(item) + (len ? 1 : 0);

	if (len + n >= size)
		return false;
	snprintf(out + len, size - len, "%s%s", len ? ";" : "", item);
	return true;
}

static int prefix_len(const unsigned char *mask, size_t bytes)
{
	int bits = 0;

	for (size_t i = 0; i < bytes; i++)
		bits += __builtin_popcount(mask[i]);
	return bits;
}

void kvp_net_fill_addrs(const struct ifaddrs *list, const char *ifname,
			unsigned int family_mask, struct kvp_ip_info *ip)
{
	bool want4 = !family_mask || (family_mask & HVLIS_KVP_ADDR_FAMILY_IPV4);
	bool want6 = !family_mask || (family_mask & HVLIS_KVP_ADDR_FAMILY_IPV6);

	ip->addr[0] = ip->subnet[0] = '\0';
	ip->addr_family = 0;
	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		char addr[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN];
		int fam;

		if (!ifa->ifa_addr || !ifa->ifa_name || strcmp(ifa->ifa_name, ifname))
			continue;
		fam = ifa->ifa_addr->sa_family;
		if (fam == AF_INET && want4) {
			const struct sockaddr_in *a = (const void *)ifa->ifa_addr;
			const struct sockaddr_in *m = (const void *)ifa->ifa_netmask;

			inet_ntop(AF_INET, &a->sin_addr, addr, sizeof(addr));
			if (m)
				inet_ntop(AF_INET, &m->sin_addr, mask, sizeof(mask));
			else
				snprintf(mask, sizeof(mask), "255.255.255.255");
		} else if (fam == AF_INET6 && want6) {
			const struct sockaddr_in6 *a = (const void *)ifa->ifa_addr;
			const struct sockaddr_in6 *m = (const void *)ifa->ifa_netmask;

			inet_ntop(AF_INET6, &a->sin6_addr, addr, sizeof(addr));
			snprintf(mask, sizeof(mask), "%d",
				 m ? prefix_len(m->sin6_addr.s6_addr, 16) : 128);
		} else {
			continue;
		}
		/* Address and subnet go in pairs, or neither. */
		if (strlen(ip->addr) + strlen(addr) + 2 > sizeof(ip->addr) ||
		    strlen(ip->subnet) + strlen(mask) + 2 > sizeof(ip->subnet))
			break;
		kvp_list_append(ip->addr, sizeof(ip->addr), addr);
		kvp_list_append(ip->subnet, sizeof(ip->subnet), mask);
		ip->addr_family |= fam == AF_INET ? HVLIS_KVP_ADDR_FAMILY_IPV4 :
						    HVLIS_KVP_ADDR_FAMILY_IPV6;
	}
}

/* Splits the next line off text; false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, char *line,
		      size_t size)
{
	const char *start, *nl;
	size_t n;

	if (*pos >= len)
		return false;
	start = text + *pos;
	nl = memchr(start, '\n', len - *pos);
	n = nl ? (size_t)(nl - start) : len - *pos;
	*pos += n + (nl ? 1 : 0);
	if (n >= size)
		n = size - 1;	/* a line this long is not a route: it will not parse */
	memcpy(line, start, n);
	line[n] = '\0';
	return true;
}

void kvp_route_v4_defaults(const char *text, size_t len, const char *ifname,
			   char *out, size_t size)
{
	char line[512], iface[64];
	unsigned int dest, gw, flags;
	size_t pos = 0;

	while (next_line(text, len, &pos, line, sizeof(line))) {
		struct in_addr a;
		char addr[INET_ADDRSTRLEN];

		/* Iface Destination Gateway Flags ...: hex in network byte order. */
		if (sscanf(line, "%63s %x %x %x", iface, &dest, &gw, &flags) != 4)
			continue;
		if (strcmp(iface, ifname) || dest != 0 || gw == 0 || !(flags & 0x2))
			continue;
		a.s_addr = gw;
		if (inet_ntop(AF_INET, &a, addr, sizeof(addr)))
			kvp_list_append(out, size, addr);
	}
}

/* 32 hex digits into 16 bytes; false if they are not. */
static bool parse_hex16(const char *hex, unsigned char out[16])
{
	if (strlen(hex) != 32)
		return false;
	for (int i = 0; i < 16; i++) {
		unsigned int b;

		if (!isxdigit((unsigned char)hex[2 * i]) ||
		    !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1)
			return false;
		out[i] = (unsigned char)b;
	}
	return true;
}

void kvp_route_v6_defaults(const char *text, size_t len, const char *ifname,
			   char *out, size_t size)
{
	char line[512], dst[64], src[64], gw[64], iface[64];
	unsigned int dlen, slen;
	size_t pos = 0;

	while (next_line(text, len, &pos, line, sizeof(line))) {
		unsigned char d[16], g[16];
		static const unsigned char zero[16];
		char addr[INET6_ADDRSTRLEN];

		/* dst dst_len src src_len next_hop metric refcnt use flags iface */
		if (sscanf(line, "%63s %x %63s %x %63s %*s %*s %*s %*s %63s",
			   dst, &dlen, src, &slen, gw, iface) != 6)
			continue;
		if (strcmp(iface, ifname) || dlen != 0 || !parse_hex16(dst, d) ||
		    !parse_hex16(gw, g) || memcmp(d, zero, 16) || !memcmp(g, zero, 16))
			continue;
		if (inet_ntop(AF_INET6, g, addr, sizeof(addr)))
			kvp_list_append(out, size, addr);
	}
}

void kvp_join_lines(const char *text, size_t len, char *out, size_t size)
{
	char line[256];
	size_t pos = 0;

	out[0] = '\0';
	while (next_line(text, len, &pos, line, sizeof(line))) {
		char *s = line, *e;

		while (isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*s && !kvp_list_append(out, size, s))
			break;
	}
}
