/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces between the files of hv_vmbus.
 */
#ifndef HVLIS_VMBUS_PRIVATE_H
#define HVLIS_VMBUS_PRIVATE_H

#include <vmbus.h>
#include <vmbus_host.h>

/* bus.c: the vmbus bus type and driver registration. */
int vmbus_bus_init(void);
void vmbus_bus_exit(void);

/* host.c: choosing and attaching the host backend. */
int vmbus_host_attach(struct vmbus_guest *guest);
void vmbus_host_detach(void);

#endif
