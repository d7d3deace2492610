/* SPDX-License-Identifier: GPL-2.0-only */
/* Which hypervisor the kernel detected at boot. */
#ifndef HVLIS_COMPAT_HYPERVISOR_H
#define HVLIS_COMPAT_HYPERVISOR_H

#include <linux/types.h>
#include <asm/hypervisor.h>

/*
 * v4.15: hypervisor_is_type(); before, x86_hyper points at the detected
 * hypervisor's description (NULL without CONFIG_HYPERVISOR_GUEST or on
 * bare metal), and the Hyper-V one is x86_hyper_ms_hyperv.
 */
#ifndef HAVE_HYPERVISOR_IS_TYPE
#define X86_HYPER_MS_HYPERV	(&x86_hyper_ms_hyperv)
#define hypervisor_is_type(type)	(x86_hyper == (type))
#endif

#endif
