/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv-lis compat layer: the one header drivers include to get the newest
 * kernel API on older kernels. The HAVE_* facts come from the probe header
 * the build force-includes (compat/run-probes); this header and the ones it
 * pulls in are the only places allowed to act on them.
 */
#ifndef HVLIS_COMPAT_H
#define HVLIS_COMPAT_H

#include <hvlis/compat-device.h>
#include <hvlis/compat-kernel.h>

#endif
