/* SPDX-License-Identifier: GPL-2.0-only */
/* Networking API the drivers use, on kernels that predate it. */
#ifndef HVLIS_COMPAT_NET_H
#define HVLIS_COMPAT_NET_H

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>

/*
 * v5.5: u64_stats_t. Before, counters under a u64_stats_sync are plain
 * u64: one writer at a time (the queue's NAPI poll or TX lock) and the
 * sync's sequence for readers on 32-bit, as drivers then did; the ONCE
 * accesses keep 64-bit readers from seeing a torn value. The typedef is
 * the kernel's own name for the type, which the drivers use.
 */
#ifndef HAVE_U64_STATS_T
typedef struct {
	u64 v;
} u64_stats_t;

static inline u64 u64_stats_read(const u64_stats_t *p)
{
	return READ_ONCE(p->v);
}

static inline void u64_stats_add(u64_stats_t *p, unsigned long val)
{
	WRITE_ONCE(p->v, p->v + val);
}

static inline void u64_stats_inc(u64_stats_t *p)
{
	WRITE_ONCE(p->v, p->v + 1);
}
#endif

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

/*
 * v5.2: ndo_select_queue(dev, skb, sb_dev); before, a fallback function
 * too, which a driver that picks the queue itself ignores. A driver
 * writes HVLIS_DEFINE_SELECT_QUEUE(fn) after fn and sets the ndo to
 * HVLIS_SELECT_QUEUE(fn): fn itself where the signatures agree, so the
 * transmit path gains no call, else a wrapper of the old signature.
 */
#ifdef HAVE_NDO_SELECT_QUEUE_SB_DEV
#define HVLIS_DEFINE_SELECT_QUEUE(fn)
#define HVLIS_SELECT_QUEUE(fn)	(fn)
#else
#define HVLIS_DEFINE_SELECT_QUEUE(fn)					\
static u16 fn##_fallback(struct net_device *dev, struct sk_buff *skb,	\
			 struct net_device *sb_dev,			\
			 select_queue_fallback_t fallback)		\
{									\
	return fn(dev, skb, sb_dev);					\
}

#define HVLIS_SELECT_QUEUE(fn)	(fn##_fallback)
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

/* v5.15: eth_hw_addr_set(); before, drivers wrote dev_addr themselves. */
#ifndef HAVE_ETH_HW_ADDR_SET
static inline void eth_hw_addr_set(struct net_device *dev, const u8 *addr)
{
	ether_addr_copy(dev->dev_addr, addr);
}
#endif

#endif
