/* SPDX-License-Identifier: GPL-2.0-only */
/* Generic netlink interfaces that changed upstream. */
#ifndef HVLIS_COMPAT_GENL_H
#define HVLIS_COMPAT_GENL_H

#include <linux/printk.h>
#include <net/genetlink.h>

/*
 * v4.12: GENL_SET_ERR_MSG() puts the reason in the extended ack. Before,
 * the daemon only gets the error number; the reason goes to the debug log.
 */
#ifndef HAVE_GENL_SET_ERR_MSG
#define GENL_SET_ERR_MSG(info, msg)				\
	do {							\
		(void)(info);					\
		pr_debug("%s\n", msg);				\
	} while (0)
#endif

#endif
