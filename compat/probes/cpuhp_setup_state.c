/*
 * API: the CPU hotplug state machine's dynamic online states:
 * cpuhp_setup_state{,_nocalls}(CPUHP_AP_ONLINE_DYN, ...) and
 * cpuhp_remove_state{,_nocalls}() of <linux/cpuhotplug.h>.
 * Changed: the state machine arrived in v4.6 and took over from the CPU
 * notifiers (register_cpu_notifier(), CPU_ONLINE, CPU_DOWN_PREPARE) through
 * v4.10, when those were removed.
 * Used by: compat/include/hvlis/compat-cpu.h and compat/lib/cpuhp.c
 * (hv_vmbus: the SynIC on each CPU, CPUs that channels interrupt).
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: __cpuhp_setup_state __cpuhp_remove_state
 */
#include <linux/cpuhotplug.h>

static int online(unsigned int cpu)
{
	return 0;
}

static int probe(void)
{
	int state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvlis_cpuhp:online",
				      online, NULL);

	if (state > 0)
		cpuhp_remove_state_nocalls(state);
	return state;
}

int (*hvlis_probe)(void) = probe;
