/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU hotplug: the read lock and the state machine's dynamic online states,
 * where a kernel has the older CPU notifiers instead (compat/lib/cpuhp.c).
 */
#ifndef HVLIS_COMPAT_CPU_H
#define HVLIS_COMPAT_CPU_H

#include <linux/cpu.h>

/* v4.13: cpus_read_lock(); before, get_online_cpus() takes the same lock. */
#ifndef HAVE_CPUS_READ_LOCK
#define cpus_read_lock()	get_online_cpus()
#define cpus_read_unlock()	put_online_cpus()
#endif

#ifdef HAVE_CPUHP_SETUP_STATE
#include <linux/cpuhotplug.h>
#else
/*
 * Before v4.6-v4.10, CPU notifiers. The backport keeps the contract the
 * callers rely on: startup runs on the CPU once it is online, teardown on
 * it before it goes offline, both in process context and, on hotplug,
 * with the hotplug lock held for writing (at setup and removal, CPUs are
 * kept from coming and going instead); a teardown error keeps the CPU
 * online; setting up a state with calls runs startup on every online CPU
 * and undoes it if one fails. A startup that fails when a CPU comes up
 * cannot stop it there: it is logged.
 */
/* Only dynamic online states are backported. */
#define CPUHP_AP_ONLINE_DYN	0

int hvlis_cpuhp_setup_state(int state, const char *name,
			    int (*startup)(unsigned int cpu),
			    int (*teardown)(unsigned int cpu), bool invoke);
void hvlis_cpuhp_remove_state(int state, bool invoke);

#define cpuhp_setup_state(state, name, startup, teardown)		\
	hvlis_cpuhp_setup_state(state, name, startup, teardown, true)
#define cpuhp_setup_state_nocalls(state, name, startup, teardown)	\
	hvlis_cpuhp_setup_state(state, name, startup, teardown, false)
#define cpuhp_remove_state(state)	hvlis_cpuhp_remove_state(state, true)
#define cpuhp_remove_state_nocalls(state)				\
	hvlis_cpuhp_remove_state(state, false)
#endif

#endif
