// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuhp_setup_state() and cpuhp_remove_state() for dynamic online states,
 * on kernels that have CPU notifiers instead of the hotplug state machine
 * (compat/include/hvlis/compat-cpu.h says what is kept of the contract).
 *
 * A state is a slot here; its number is the slot's index plus one, so that
 * it is positive like a dynamic state's. Callbacks run on their CPU through
 * work_on_cpu(), as the state machine runs them in the CPU's hotplug thread.
 */
#include <linux/cpu.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/workqueue.h>
#include <hvlis/compat-cpu.h>

#ifndef HAVE_CPUHP_SETUP_STATE

struct hvlis_cpuhp {
	struct notifier_block nb;
	const char *name;
	int (*startup)(unsigned int cpu);
	int (*teardown)(unsigned int cpu);
	unsigned int cpu;		/* for hvlis_cpuhp_call() */
	bool teardown_call;
};

/* hv_vmbus sets up two states; slots are taken under hvlis_cpuhp_lock. */
static struct hvlis_cpuhp hvlis_cpuhp_slots[4];
static DEFINE_MUTEX(hvlis_cpuhp_lock);

static long hvlis_cpuhp_on_cpu(void *arg)
{
	struct hvlis_cpuhp *hp = arg;
	int (*fn)(unsigned int) = hp->teardown_call ? hp->teardown : hp->startup;

	return fn ? fn(hp->cpu) : 0;
}

/*
 * Hotplug (the CPU maps lock held) or setup/removal (the same lock, taken
 * by cpu_notifier_register_begin()) serialise the calls, so one cpu and
 * direction per slot at a time is enough.
 */
static int hvlis_cpuhp_call(struct hvlis_cpuhp *hp, unsigned int cpu,
			    bool teardown)
{
	hp->cpu = cpu;
	hp->teardown_call = teardown;
	return work_on_cpu(cpu, hvlis_cpuhp_on_cpu, hp);
}

static int hvlis_cpuhp_notify(struct notifier_block *nb, unsigned long action,
			      void *hcpu)
{
	struct hvlis_cpuhp *hp = container_of(nb, struct hvlis_cpuhp, nb);
	unsigned int cpu = (unsigned long)hcpu;
	int ret;

	switch (action & ~CPU_TASKS_FROZEN) {
	case CPU_ONLINE:
	case CPU_DOWN_FAILED:	/* the teardown it undoes had succeeded */
		ret = hvlis_cpuhp_call(hp, cpu, false);
		if (ret)
			pr_err("%s: CPU %u is online, but its setup failed (error %d)\n",
			       hp->name, cpu, ret);
		return NOTIFY_OK;
	case CPU_DOWN_PREPARE:
		return notifier_from_errno(hvlis_cpuhp_call(hp, cpu, true));
	}
	return NOTIFY_OK;
}

int hvlis_cpuhp_setup_state(int state, const char *name,
			    int (*startup)(unsigned int),
			    int (*teardown)(unsigned int), bool invoke)
{
	struct hvlis_cpuhp *hp = NULL;
	unsigned int cpu, undo;
	unsigned int i;
	int ret = 0;

	if (WARN_ON(state != CPUHP_AP_ONLINE_DYN))
		return -EINVAL;
	mutex_lock(&hvlis_cpuhp_lock);
	for (i = 0; i < ARRAY_SIZE(hvlis_cpuhp_slots); i++) {
		if (!hvlis_cpuhp_slots[i].name) {
			hp = &hvlis_cpuhp_slots[i];
			hp->name = name;
			break;
		}
	}
	mutex_unlock(&hvlis_cpuhp_lock);
	if (!hp)
		return -ENOSPC;

	hp->startup = startup;
	hp->teardown = teardown;
	hp->nb.notifier_call = hvlis_cpuhp_notify;
	cpu_notifier_register_begin();
	if (invoke && startup) {
		for_each_online_cpu(cpu) {
			ret = hvlis_cpuhp_call(hp, cpu, false);
			if (ret)
				break;
		}
	}
	if (ret) {
		for_each_online_cpu(undo) {
			if (undo == cpu)
				break;
			hvlis_cpuhp_call(hp, undo, true);
		}
	} else {
		ret = __register_cpu_notifier(&hp->nb);
	}
	cpu_notifier_register_done();
	if (ret) {
		mutex_lock(&hvlis_cpuhp_lock);
		hp->name = NULL;
		mutex_unlock(&hvlis_cpuhp_lock);
		return ret;
	}
	return hp - hvlis_cpuhp_slots + 1;
}

void hvlis_cpuhp_remove_state(int state, bool invoke)
{
	struct hvlis_cpuhp *hp;
	unsigned int cpu;

	if (WARN_ON(state < 1 || (unsigned int)state > ARRAY_SIZE(hvlis_cpuhp_slots)))
		return;
	hp = &hvlis_cpuhp_slots[state - 1];
	cpu_notifier_register_begin();
	if (invoke && hp->teardown)
		for_each_online_cpu(cpu)
			hvlis_cpuhp_call(hp, cpu, true);
	__unregister_cpu_notifier(&hp->nb);
	cpu_notifier_register_done();
	mutex_lock(&hvlis_cpuhp_lock);
	hp->name = NULL;
	mutex_unlock(&hvlis_cpuhp_lock);
}

#endif
