/* SPDX-License-Identifier: GPL-2.0-only */
/* Networking API the drivers use, on kernels that predate it. */
#ifndef HVLIS_COMPAT_NET_H
#define HVLIS_COMPAT_NET_H

#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>

/*
 * v5.19: netif_set_tso_max_size() and GSO_LEGACY_MAX_SIZE; before, the
 * one GSO limit, at most GSO_MAX_SIZE (the same 64 KiB).
 */
#ifndef HAVE_NETIF_SET_TSO_MAX_SIZE
#define GSO_LEGACY_MAX_SIZE	GSO_MAX_SIZE
static inline void netif_set_tso_max_size(struct net_device *dev,
					  unsigned int size)
{
	netif_set_gso_max_size(dev, size);
}
#endif

/* v6.1: netif_napi_add() takes no weight; before, callers passed one. */
#ifndef HAVE_NETIF_NAPI_ADD_3ARGS
#define netif_napi_add(dev, napi, poll) \
	netif_napi_add(dev, napi, poll, NAPI_POLL_WEIGHT)
#endif

/* v5.13: ethtool_sprintf() fills one string-set name and steps past it. */
#ifndef HAVE_ETHTOOL_SPRINTF
static inline __printf(2, 3) void ethtool_sprintf(u8 **data, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(*data, ETH_GSTRING_LEN, fmt, args);
	va_end(args);
	*data += ETH_GSTRING_LEN;
}
#endif

#endif
