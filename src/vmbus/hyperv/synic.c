// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-CPU SynIC of the Hyper-V backend: message and event-flags pages,
 * SINT2, and the interrupt handler that turns the SINT2 message slot and
 * event flags into hvlis_host_deliver_message() and hvlis_host_deliver_event()
 * (protocol-vmbus.md 2.1-2.5).
 *
 * The pages are allocated for every possible CPU up front and only
 * programmed and unprogrammed as CPUs come and go, so the handler never
 * sees a page freed under it: it runs on the CPU whose registers it reads,
 * with interrupts off, and each CPU flips its own "enabled" flag with
 * interrupts off too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/sync_bitops.h>
#include <hvlis/compat-cpu.h>

#include <hvlis_host.h>
#include <proto/vmbus_channel.h>

#include "hyperv.h"

/* The relid bound (4.1) is exactly the SINT2 event area (2.5). */
static_assert(VMBUS_MAX_RELID == HVB_SYNIC_EVENT_AREA_BITS);
static_assert(VMBUS_MESSAGE_MAX_SIZE == HVB_MESSAGE_PAYLOAD_MAX);

struct hvb_synic_cpu {
	struct hvb_message *msg_page;	/* SIMP: 16 slots, one per SINT */
	unsigned long *event_page;	/* SIEFP: 16 areas, one per SINT */
	u32 vp_index;			/* HVLIS_VP_INVALID until it came up */
	bool enabled;			/* changed on this CPU, irqs off */
};

static DEFINE_PER_CPU(struct hvb_synic_cpu, hvb_synic_cpu);

static struct {
	struct hvb_irq_route route;
	int hp_state;
	bool has_vp_index;
	bool must_release;	/* no CPU may refuse to let go */
} hvb_synic;

/*
 * 2.5: test-and-clear every bit of the SINT2 event area and report each
 * to hv_vmbus: from WIN8, bit N is relid N; before, the host sets bit 0
 * only, which hv_vmbus takes as "scan the interrupt page". xchg() clears
 * a whole word atomically, which is an atomic test-and-clear of each of
 * its bits; the host may set more bits at any time and they are then seen
 * on the next interrupt.
 */
static void hvb_synic_handle_events(struct hvb_synic_cpu *sc, bool deliver)
{
	unsigned long *flags = sc->event_page +
		VMBUS_MESSAGE_SINT * HVB_SYNIC_EVENT_AREA_BYTES / sizeof(long);
	unsigned int i, bit;

	for (i = 0; i < VMBUS_MAX_RELID / BITS_PER_LONG; i++) {
		unsigned long pending;

		if (!READ_ONCE(flags[i]))
			continue;
		pending = xchg(&flags[i], 0);
		if (!deliver)
			continue;
		for_each_set_bit(bit, &pending, BITS_PER_LONG)
			hvlis_host_deliver_event(i * BITS_PER_LONG + bit);
	}
}

/*
 * 2.4 steps 2-3: free the slot, then write EOM if the hypervisor has
 * another message queued behind this one. Without the EOM the queue
 * stalls for good; an EOM before the slot is free finds it still taken.
 */
static void hvb_synic_eom(struct hvb_message *slot, u32 type)
{
	/* cmpxchg is a full barrier: the slot is seen free before the EOM. */
	if (cmpxchg(&slot->header.message_type, type, HVB_MSG_NONE) != type)
		return;
	if (READ_ONCE(slot->header.message_flags) & HVB_MSG_FLAG_PENDING)
		hvb_wrmsr(HVB_MSR_EOM, 0);
}

static void hvb_synic_handle_message(struct hvb_synic_cpu *sc, bool deliver)
{
	struct hvb_message *slot = &sc->msg_page[VMBUS_MESSAGE_SINT];
	u8 buf[HVB_MESSAGE_PAYLOAD_MAX];
	bool valid = false;
	u32 type, size;

	type = READ_ONCE(slot->header.message_type);
	if (type == HVB_MSG_NONE)
		return;
	/* The hypervisor fills the slot before it sets the type. */
	virt_rmb();
	size = READ_ONCE(slot->header.payload_size);

	if (type & HVB_MSG_HYPERVISOR) {
		/* hv_vmbus runs no synthetic timer that reports to SINT2. */
		if (type != HVB_MSG_TIMER_EXPIRED)
			pr_warn_ratelimited("dropping a hypervisor message of type %#x on the VMBus SINT\n",
					    type);
	} else if (size > HVB_MESSAGE_PAYLOAD_MAX) {
		pr_warn_ratelimited("dropping a host message that claims %u bytes; a SynIC message holds at most 240\n",
				    size);
	} else {
		/* 2.4 step 1: copy it out before the slot is handed back. */
		memcpy(buf, slot->payload, size);
		valid = true;
	}

	hvb_synic_eom(slot, type);

	if (valid && deliver)
		hvlis_host_deliver_message(buf, size);
}

/*
 * The SynIC interrupt, on the CPU it arrived on, interrupts off. Event
 * flags first, then the message slot, as Linux does (2.5). 2.4 step 4,
 * the APIC EOI without auto-EOI, is the kernel's: its vector entry or
 * irq chip does it (see irq.c).
 */
void hvb_synic_isr(void)
{
	struct hvb_synic_cpu *sc = this_cpu_ptr(&hvb_synic_cpu);

	if (!READ_ONCE(sc->enabled))
		return;
	hvb_synic_handle_events(sc, true);
	hvb_synic_handle_message(sc, true);
}

/* 2.1: the per-CPU enable order: SIMP, SIEFP, SINT2, SCONTROL. */
static void hvb_synic_enable_regs(struct hvb_synic_cpu *sc)
{
	const struct hvb_irq_route *route = &hvb_synic.route;
	u64 val;

	/* The pages must be zeroed when the hypervisor gets them (2.1). */
	memset(sc->msg_page, 0, HVB_HV_PAGE_SIZE);
	memset(sc->event_page, 0, HVB_HV_PAGE_SIZE);

	val = hvb_rdmsr(HVB_MSR_SIMP) & HVB_MSR_PAGE_KEEP;
	val |= virt_to_phys(sc->msg_page) | HVB_MSR_PAGE_ENABLE;
	hvb_wrmsr(HVB_MSR_SIMP, val);

	val = hvb_rdmsr(HVB_MSR_SIEFP) & HVB_MSR_PAGE_KEEP;
	val |= virt_to_phys(sc->event_page) | HVB_MSR_PAGE_ENABLE;
	hvb_wrmsr(HVB_MSR_SIEFP, val);

	/* Unmasked, our vector, auto-EOI as the route needs; rest kept. */
	val = hvb_rdmsr(HVB_MSR_SINT0 + VMBUS_MESSAGE_SINT);
	val &= ~(HVB_SINT_VECTOR | HVB_SINT_MASKED | HVB_SINT_AUTO_EOI);
	val |= route->vector;
	if (route->auto_eoi)
		val |= HVB_SINT_AUTO_EOI;
	hvb_wrmsr(HVB_MSR_SINT0 + VMBUS_MESSAGE_SINT, val);

	val = hvb_rdmsr(HVB_MSR_SCONTROL) | HVB_SCONTROL_ENABLE;
	hvb_wrmsr(HVB_MSR_SCONTROL, val);

	WRITE_ONCE(sc->enabled, true);
}

/*
 * 2.1: disable in reverse. With SINT2 masked, whatever is still in the
 * page is handled (delivered unless the backend is detaching), and a
 * message left in the slot is EOM'd so that the hypervisor's queue does
 * not stay stalled for whoever enables the SynIC next (4.9 step 10).
 */
static void hvb_synic_disable_regs(struct hvb_synic_cpu *sc, bool deliver)
{
	u64 val;

	WRITE_ONCE(sc->enabled, false);

	val = hvb_rdmsr(HVB_MSR_SINT0 + VMBUS_MESSAGE_SINT);
	hvb_wrmsr(HVB_MSR_SINT0 + VMBUS_MESSAGE_SINT, val | HVB_SINT_MASKED);

	hvb_synic_handle_events(sc, deliver);
	hvb_synic_handle_message(sc, deliver);

	val = hvb_rdmsr(HVB_MSR_SIMP);
	hvb_wrmsr(HVB_MSR_SIMP, val & ~HVB_MSR_PAGE_ENABLE);
	val = hvb_rdmsr(HVB_MSR_SIEFP);
	hvb_wrmsr(HVB_MSR_SIEFP, val & ~HVB_MSR_PAGE_ENABLE);
	val = hvb_rdmsr(HVB_MSR_SCONTROL);
	hvb_wrmsr(HVB_MSR_SCONTROL, val & ~HVB_SCONTROL_ENABLE);
}

/* cpuhp: runs on @cpu itself, in process context. */
static int hvb_synic_cpu_online(unsigned int cpu)
{
	struct hvb_synic_cpu *sc = per_cpu_ptr(&hvb_synic_cpu, cpu);
	int route_cpu = hvb_synic.route.cpu;

	/* 1.1: without the VP index MSR, assume VP number == CPU number. */
	WRITE_ONCE(sc->vp_index, hvb_synic.has_vp_index ?
		   (u32)hvb_rdmsr(HVB_MSR_VP_INDEX) : cpu);

	if (route_cpu >= 0 && cpu != route_cpu)
		return 0;
	/*
	 * A single-CPU route must land on VP 0: INITIATE_CONTACT names VP 0
	 * as the VP that receives the channel messages (4.6).
	 */
	if (route_cpu >= 0 && sc->vp_index != 0) {
		pr_err("the VMBus interrupt is routed to CPU %u (Hyper-V VP %u), but the host sends VMBus messages to VP 0; hv_vmbus cannot receive them\n",
		       cpu, sc->vp_index);
		return -ENODEV;
	}

	local_irq_disable();
	hvb_synic_enable_regs(sc);
	local_irq_enable();
	return 0;
}

/*
 * The VP number of @cpu as its own VP index MSR gave it when the CPU came
 * up (the MSR names the VP it is read on), or HVLIS_VP_INVALID before.
 */
u32 hvb_synic_vp_index(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&hvb_synic_cpu, cpu)->vp_index);
}

static int hvb_synic_cpu_offline(unsigned int cpu)
{
	struct hvb_synic_cpu *sc = per_cpu_ptr(&hvb_synic_cpu, cpu);
	bool must_release = READ_ONCE(hvb_synic.must_release);

	if (!sc->enabled)
		return 0;
	if (!must_release && sc->vp_index == 0) {
		pr_warn("CPU %u cannot go offline while hv_vmbus is loaded: it is Hyper-V VP 0, which receives the VMBus messages\n",
			cpu);
		return -EBUSY;
	}

	local_irq_disable();
	hvb_synic_disable_regs(sc, !must_release);
	local_irq_enable();
	return 0;
}

int hvb_synic_enable(const struct hvb_irq_route *route)
{
	int ret;

	hvb_synic.route = *route;
	/* If one CPU fails, the rollback must be able to undo the others. */
	WRITE_ONCE(hvb_synic.must_release, true);
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hv_vmbus/synic:online",
				hvb_synic_cpu_online, hvb_synic_cpu_offline);
	WRITE_ONCE(hvb_synic.must_release, false);
	if (ret < 0) {
		pr_err("could not enable the Hyper-V SynIC on every CPU (error %d)\n",
		       ret);
		return ret;
	}
	hvb_synic.hp_state = ret;
	return 0;
}

void hvb_synic_disable(void)
{
	WRITE_ONCE(hvb_synic.must_release, true);
	cpuhp_remove_state(hvb_synic.hp_state);
	WRITE_ONCE(hvb_synic.must_release, false);
}

static void hvb_synic_free_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hvb_synic_cpu *sc = per_cpu_ptr(&hvb_synic_cpu, cpu);

		free_page((unsigned long)sc->msg_page);
		free_page((unsigned long)sc->event_page);
		sc->msg_page = NULL;
		sc->event_page = NULL;
	}
}

int hvb_synic_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hvb_synic_cpu *sc = per_cpu_ptr(&hvb_synic_cpu, cpu);
		int node = cpu_to_node(cpu);
		struct page *msg, *event;

		msg = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
		event = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
		sc->msg_page = msg ? page_address(msg) : NULL;
		sc->event_page = event ? page_address(event) : NULL;
		sc->vp_index = HVLIS_VP_INVALID;
		if (!msg || !event) {
			hvb_synic_free_pages();
			return -ENOMEM;
		}
	}
	hvb_synic.has_vp_index =
		hvb_cpuid_eax(HVB_CPUID_FEATURES) & HVB_PRIV_VP_INDEX;
	return 0;
}

void hvb_synic_exit(void)
{
	hvb_synic_free_pages();
}
