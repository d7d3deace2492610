// SPDX-License-Identifier: GPL-2.0-only
/* SET_IP_INFO's ifcfg file; see kvp_ipcfg.h. */
#include "kvp_ipcfg.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ITEMS	64

struct text {
	char *buf;
	size_t size, len;
	bool overflow;
};

__attribute__((format(printf, 2, 3)))
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->size - t->len)
		t->overflow = true;
	else
		t->len += (size_t)n;
}

/* Splits a ';'-separated list in place into trimmed, non-empty items. */
static int split(char *list, char *items[], int max)
{
	int n = 0;

	for (char *save = NULL, *tok = strtok_r(list, ";", &save); tok;
	     tok = strtok_r(NULL, ";", &save)) {
		char *e;

		while (isspace((unsigned char)*tok))
			tok++;
		e = tok + strlen(tok);
		while (e > tok && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (!*tok)
			continue;
		if (n == max)
			return -1;
		items[n++] = tok;
	}
	return n;
}

/* 4 or 6 for a valid address, 0 if it is not one. */
static int addr_family(const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, buf) == 1)
		return 6;
	return 0;
}

/* A prefix length 0..max, with an optional leading '/'; -1 if not one. */
static int prefix(const char *s, int max)
{
	char *end;
	long v;

	if (*s == '/')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > max ? -1 : (int)v;
}

/* An IPv4 netmask as dotted text, from dotted text or a prefix length. */
static bool v4_mask(const char *s, char out[INET_ADDRSTRLEN])
{
	struct in_addr a;
	int p = prefix(s, 32);

	if (p >= 0) {
		a.s_addr = htonl(p ? 0xffffffffu << (32 - p) : 0);
		return inet_ntop(AF_INET, &a, out, INET_ADDRSTRLEN) != NULL;
	}
	if (inet_pton(AF_INET, s, &a) != 1)
		return false;
	snprintf(out, INET_ADDRSTRLEN, "%s", s);
	return true;
}

static bool fail(char *why, size_t why_size, const char *fmt, const char *item)
{
	snprintf(why, why_size, fmt, item);
	return false;
}

/* Copy of a host list for split(); the struct's fields stay untouched. */
struct list {
	char buf[HVLIS_KVP_IP_MAX];
	char *items[MAX_ITEMS];
	int n;
};

static bool load(struct list *l, const char *src, const char *what, char *why,
		 size_t why_size)
{
	snprintf(l->buf, sizeof(l->buf), "%s", src);
	l->n = split(l->buf, l->items, MAX_ITEMS);
	if (l->n < 0)
		return fail(why, why_size, "the host sent more than 64 %s", what);
	return true;
}

static bool put_addresses(struct text *t, struct list *addrs, struct list *masks,
			  char *why, size_t why_size)
{
	int v4 = 0, v6 = 0;

	if (masks->n != addrs->n) {
		snprintf(why, why_size, "the host sent %d addresses but %d subnets",
			 addrs->n, masks->n);
		return false;
	}
	for (int i = 0; i < addrs->n; i++) {
		char mask[INET_ADDRSTRLEN];
		int fam = addr_family(addrs->items[i]);
		int p;

		if (fam == 4) {
			if (!v4_mask(masks->items[i], mask))
				return fail(why, why_size, "the host sent \"%.60s\", which is not an IPv4 netmask",
					    masks->items[i]);
			if (v4)
				put(t, "IPADDR%d=%s\nNETMASK%d=%s\n", v4,
				    addrs->items[i], v4, mask);
			else
				put(t, "IPADDR=%s\nNETMASK=%s\n", addrs->items[i], mask);
			v4++;
		} else if (fam == 6) {
			p = prefix(masks->items[i], 128);
			if (p < 0)
				return fail(why, why_size, "the host sent \"%.60s\", which is not an IPv6 prefix length",
					    masks->items[i]);
			if (!v6)
				put(t, "IPV6INIT=yes\nIPV6ADDR=%s/%d\n", addrs->items[i], p);
			else
				put(t, "%s%s/%d", v6 == 1 ? "IPV6ADDR_SECONDARIES=\"" : " ",
				    addrs->items[i], p);
			v6++;
		} else {
			return fail(why, why_size, "the host sent \"%.60s\", which is not an IP address",
				    addrs->items[i]);
		}
	}
	if (v6 > 1)
		put(t, "\"\n");
	return true;
}

bool kvp_ipcfg_format(const char *ifname, const char *mac,
		      const struct kvp_ip_info *ip, char *out, size_t size,
		      char *why, size_t why_size)
{
	static struct list addrs, masks, gws, dns;
	struct text t = { out, size, 0, false };
	int gw4 = 0, gw6 = 0;

	if (!load(&addrs, ip->addr, "addresses", why, why_size) ||
	    !load(&masks, ip->subnet, "subnets", why, why_size) ||
	    !load(&gws, ip->gateway, "gateways", why, why_size) ||
	    !load(&dns, ip->dns, "DNS servers", why, why_size))
		return false;
	put(&t, "HWADDR=%s\nDEVICE=%s\nBOOTPROTO=%s\n", mac, ifname,
	    ip->dhcp_enabled ? "dhcp" : "none");
	if (!ip->dhcp_enabled && !put_addresses(&t, &addrs, &masks, why, why_size))
		return false;
	for (int i = 0; i < gws.n; i++) {
		int fam = addr_family(gws.items[i]);

		if (!fam)
			return fail(why, why_size, "the host sent the gateway \"%.60s\", which is not an IP address",
				    gws.items[i]);
		if (fam == 6 && !gw6++)
			put(&t, "IPV6_DEFAULTGW=%s\n", gws.items[i]);
		else if (fam == 4 && gw4++)
			put(&t, "GATEWAY%d=%s\n", gw4 - 1, gws.items[i]);
		else if (fam == 4)
			put(&t, "GATEWAY=%s\n", gws.items[i]);
	}
	for (int i = 0; i < dns.n; i++) {
		if (!addr_family(dns.items[i]))
			return fail(why, why_size, "the host sent the DNS server \"%.60s\", which is not an IP address",
				    dns.items[i]);
		put(&t, "DNS%d=%s\n", i + 1, dns.items[i]);
	}
	if (t.overflow)
		return fail(why, why_size, "the configuration does not fit in %s bytes", "16384");
	return true;
}

bool kvp_ipcfg_write(const char *dir, const char *ifname, const char *mac,
		     const struct kvp_ip_info *ip, char *path, size_t path_size,
		     char *why, size_t why_size)
{
	static char text[KVP_IPCFG_MAX_BYTES];
	char tmp[4096];
	size_t len;
	int fd;

	if (!kvp_ipcfg_format(ifname, mac, ip, text, sizeof(text), why, why_size))
		return false;
	len = strlen(text);
	if (snprintf(path, path_size, "%s/ifcfg-%s", dir, ifname) >= (int)path_size ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return fail(why, why_size, "the path for the configuration of %s is too long", ifname);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		goto fail_unlink;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0)
		goto fail_unlink;
	return true;
fail_unlink:
	{
		int err = errno;

		unlink(tmp);
		errno = err ? err : EIO;
	}
fail:
	snprintf(why, why_size, "cannot write %s: %s; check free space and the permissions on %s",
		 path, strerror(errno), dir);
	return false;
}
