/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SET_IP_INFO: the host's static (or DHCP) configuration for one NIC,
 * written as /var/lib/hyperv/ifcfg-<if> in the upstream key format
 * (HWADDR, DEVICE, BOOTPROTO, IPADDR/IPADDRn, NETMASK/NETMASKn,
 * GATEWAY/GATEWAYn, DNSn, IPV6INIT, IPV6ADDR, IPV6ADDR_SECONDARIES,
 * IPV6_DEFAULTGW) for hv_set_ifconfig to apply.
 *
 * Everything the host sent is checked before it reaches the file: each
 * ';'-separated item must be an address inet_pton() accepts (or a mask
 * or prefix length), so no shell syntax can get into a file that some
 * distribution scripts source.
 */
#ifndef HVLIS_KVP_IPCFG_H
#define HVLIS_KVP_IPCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "kvp_msg.h"

#define KVP_IPCFG_MAX_BYTES	16384

/* The file's text; false with why set if the host's data is invalid. */
bool kvp_ipcfg_format(const char *ifname, const char *mac,
		      const struct kvp_ip_info *ip, char *out, size_t size,
		      char *why, size_t why_size);

/* Formats and writes <dir>/ifcfg-<ifname> (0600) atomically into path. */
bool kvp_ipcfg_write(const char *dir, const char *ifname, const char *mac,
		     const struct kvp_ip_info *ip, char *path, size_t path_size,
		     char *why, size_t why_size);

#endif /* HVLIS_KVP_IPCFG_H */
