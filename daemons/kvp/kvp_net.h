/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Network facts for GET_IP_INFO and the interface a SET_IP_INFO names:
 * which interface an adapter id means, its addresses, its default
 * gateways. Parsers of /proc/net/route and /proc/net/ipv6_route take the
 * file's text, so tests and fuzz targets feed them directly.
 */
#ifndef HVLIS_KVP_NET_H
#define HVLIS_KVP_NET_H

#include <stdbool.h>
#include <stddef.h>

#include <ifaddrs.h>
#include <net/if.h>

#include "kvp_msg.h"

#define KVP_NET_SYSFS	"/sys/class/net"

/*
 * "00:15:5d:01:02:03", "00-15-5D-01-02-03" or "00155D010203" -> the 12
 * upper-case hex digits in out (13 bytes); false if s is not a MAC.
 */
bool kvp_net_normalize_mac(const char *s, char out[13]);

/*
 * The interface adapter_id names: a MAC address (compared with each
 * <sysfs>/<if>/address) or a VMBus instance GUID, with or without
 * braces, any case (compared with <sysfs>/<if>/device/device_id).
 */
bool kvp_net_find_if(const char *sysfs, const char *adapter_id,
		     char ifname[IF_NAMESIZE]);

/*
 * ip->addr and ip->subnet for ifname from an ifaddrs list: ';'-separated
 * addresses and, in the same order, IPv4 dotted netmasks or IPv6 prefix
 * lengths; family_mask is HVLIS_KVP_ADDR_FAMILY_* bits, 0 for both. Sets
 * ip->addr_family to the bits of the families found.
 */
void kvp_net_fill_addrs(const struct ifaddrs *list, const char *ifname,
			unsigned int family_mask, struct kvp_ip_info *ip);

/* Default gateways of ifname from /proc/net/route text, ';'-appended to out. */
void kvp_route_v4_defaults(const char *text, size_t len, const char *ifname,
			   char *out, size_t size);
/* The same from /proc/net/ipv6_route text. */
void kvp_route_v6_defaults(const char *text, size_t len, const char *ifname,
			   char *out, size_t size);

/* Non-empty lines of a helper's output, trimmed, ';'-separated. */
void kvp_join_lines(const char *text, size_t len, char *out, size_t size);

/* Appends item to the ';'-separated list in out if the whole item fits. */
bool kvp_list_append(char *out, size_t size, const char *item);

#endif /* HVLIS_KVP_NET_H */
