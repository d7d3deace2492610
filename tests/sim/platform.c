// SPDX-License-Identifier: GPL-2.0-only
/*
 * The synthetic Hyper-V platform (module parameter platform=hyperv): the
 * sim stands in for the hypervisor under hv_vmbus's own Hyper-V backend,
 * which then runs here as it does on Hyper-V (<hvlis_hv_platform.h>).
 * With platform=direct (the default) the sim registers as a host backend
 * of its own instead (core.c).
 *
 * What a hypervisor does for VMBus, per protocol-vmbus.md 1-2:
 *  - CPUID: the Hyper-V leaves, with the privileges VMBus needs (1.1).
 *  - MSRs (1.2): GUEST_OS_ID and HYPERCALL (partition-wide), VP_INDEX (the
 *    CPU number), TIME_REF_COUNT, and per VP SCONTROL, SVERSION, SIMP,
 *    SIEFP, SINT0..15 and EOM. Any other MSR is a violation.
 *  - Messages to the guest (2.3, 2.4): a queue per VP, placed into the
 *    SINT2 slot of the VP's message page only while the slot is free
 *    (payload and size first, the type last), with msg_pending set when
 *    more wait behind; the next one is placed when the guest writes EOM,
 *    or when the SynIC becomes able to take it. Messages go to the VP
 *    INITIATE_CONTACT named.
 *  - Events to the guest (1.7, 2.5): the bit in the SINT2 area of the
 *    target VP's event-flags page, then the SINT2 interrupt on that CPU.
 *  - HvPostMessage (1.6) into the sim's message port (channel.c), whose
 *    buffers are bounded: INSUFFICIENT_BUFFERS when they are all taken, or
 *    for the next N posts on request (fault "insufficient_buffers N").
 *  - HvSignalEvent (1.7) into signal.c.
 *  - On request (faults synic_hold, synic_release), SINT2 interrupts held
 *    back for a while, so that messages pile up behind the slot.
 *
 * The "interrupt" calls the handler the backend installed in hard
 * interrupt context on the VP's CPU, interrupts off, as a vector would:
 * an irq_work on the CPU that raises it, an async IPI to another.
 *
 * The SIMP and SIEFP pages are guest memory named by GPA, like GPADL
 * pages; the guest programs them with interrupts off, so they are reached
 * through the kernel's direct map of that one page rather than a vmap,
 * which may sleep.
 *
 * Locking: each VP's lock (irq-safe) covers its registers, its page
 * pointers and its queue, and is taken inside sim.lock (sim_deliver).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <hvlis_hv_platform.h>
#include <proto/hv_tlfs.h>
#include <hvlis/compat.h>

#include "sim.h"

static char *sim_platform_name = "direct";
module_param_named(platform, sim_platform_name, charp, 0444);
MODULE_PARM_DESC(platform,
		 "How hv_vmbus reaches the sim: \"direct\" (host backend ops, default) or \"hyperv\" (its Hyper-V backend on a synthetic Hyper-V platform)");

bool sim_platform_hyperv;

/* What SINT2 carries: the kernel's Hyper-V callback vector, by habit. */
#define SIM_HV_VECTOR		0xf3
/* Guest messages the message port holds before it answers "no buffers". */
#define SIM_HV_PORT_BUFFERS	16
/* A host message as queued; the size byte may claim more (faults). */
struct sim_hv_message {
	struct list_head node;
	u8 size;
	u8 data[HVB_MESSAGE_PAYLOAD_MAX];
};

struct sim_vp {
	spinlock_t lock;		/* everything below but irq, csd */
	u64 scontrol;
	u64 simp;
	u64 siefp;
	u64 sint[HVB_SYNIC_SINT_COUNT];
	struct hvb_message *msg_page;	/* SIMP's page while enabled */
	unsigned long *event_page;	/* SIEFP's page while enabled */
	struct list_head queue;		/* messages not placed yet */
	/* The SINT2 interrupt: from this CPU, or from another. */
	struct irq_work irq;
	call_single_data_t csd;
	unsigned long csd_queued;	/* bit 0: the IPI is on its way */
	bool raise_held;		/* raised while sim_hv.hold */
};

static DEFINE_PER_CPU(struct sim_vp, sim_vps);

static struct {
	spinlock_t lock;	/* protects guest_os_id, hypercall */
	u64 guest_os_id;
	u64 hypercall;
	void (*isr)(void);	/* the backend's handler, once installed */
	u32 msg_vp;		/* where messages go (INITIATE_CONTACT) */
	atomic_t force_busy;	/* posts still to answer "no buffers" */
	bool hold;		/* SINT2 interrupts wait (fault synic_hold) */
} sim_hv;

/* The direct-map address of the guest page an MSR names, or NULL. */
static void *sim_hv_page(u64 msr)
{
	u64 pfn = (msr & HVB_MSR_PAGE_PFN) >> HVB_HV_PAGE_SHIFT;

	if (!sim_guest_pfn_ok(pfn))
		return NULL;
	return page_address(pfn_to_page(pfn));
}

static bool sim_vp_sint_live(const struct sim_vp *vp)
{
	return (vp->scontrol & HVB_SCONTROL_ENABLE) &&
	       !(vp->sint[VMBUS_MESSAGE_SINT] & HVB_SINT_MASKED);
}

static unsigned long *sim_vp_event_area(const struct sim_vp *vp)
{
	return vp->event_page + VMBUS_MESSAGE_SINT *
		HVB_SYNIC_EVENT_AREA_BYTES / sizeof(long);
}

/* The "interrupt", on the VP's CPU, interrupts off. */
static void sim_vp_interrupt(void)
{
	void (*isr)(void);

	isr = READ_ONCE(sim_hv.isr);
	atomic64_inc(&sim.synic_interrupts);
	if (isr)
		isr();
}

static void sim_vp_irq_work(struct irq_work *work)
{
	sim_vp_interrupt();
}

static void sim_vp_ipi(void *info)
{
	struct sim_vp *vp = info;

	clear_bit(0, &vp->csd_queued);
	/* Cleared before the handler: a raise while it runs sends another. */
	smp_mb__after_atomic();
	sim_vp_interrupt();
}

/*
 * Raise SINT2 on @vp's CPU; vp->lock held, interrupts off, so the SynIC
 * is live there and the CPU cannot finish going offline. On this CPU it
 * is a self-interrupt (irq_work), never a call from inside the caller,
 * which may be the guest's handler writing EOM; elsewhere an async IPI.
 */
static void sim_vp_raise(struct sim_vp *vp, unsigned int cpu)
{
	if (READ_ONCE(sim_hv.hold)) {
		vp->raise_held = true;
		return;
	}
	if (cpu == smp_processor_id()) {
		irq_work_queue(&vp->irq);
		return;
	}
	if (!cpu_online(cpu) || test_and_set_bit(0, &vp->csd_queued))
		return;
	if (WARN_ON_ONCE(smp_call_function_single_async(cpu, &vp->csd)))
		clear_bit(0, &vp->csd_queued);
}

/*
 * 2.3, 2.4: place the first queued message in the SINT2 slot if the slot
 * is free; if it is taken, ask for an EOM through msg_pending. True when
 * a message was placed (the caller raises the interrupt). vp->lock held.
 */
static bool sim_vp_place(struct sim_vp *vp)
{
	struct hvb_message *slot;
	struct sim_hv_message *m;
	u8 flags;

	if (list_empty(&vp->queue) || !vp->msg_page || !sim_vp_sint_live(vp))
		return false;
	slot = &vp->msg_page[VMBUS_MESSAGE_SINT];
	if (READ_ONCE(slot->header.message_type) != HVB_MSG_NONE) {
		flags = READ_ONCE(slot->header.message_flags);
		if (!(flags & HVB_MSG_FLAG_PENDING)) {
			WRITE_ONCE(slot->header.message_flags,
				   flags | HVB_MSG_FLAG_PENDING);
			atomic64_inc(&sim.synic_pending);
		}
		/*
		 * The guest frees the slot, then reads the flag: if it freed
		 * it before the flag was set, it writes no EOM; place now.
		 */
		smp_mb();
		if (READ_ONCE(slot->header.message_type) != HVB_MSG_NONE)
			return false;
	}
	m = list_first_entry(&vp->queue, struct sim_hv_message, node);
	list_del(&m->node);
	flags = 0;
	if (!list_empty(&vp->queue)) {
		flags = HVB_MSG_FLAG_PENDING;
		atomic64_inc(&sim.synic_pending);
	}
	slot->header.payload_size = m->size;
	slot->header.message_flags = flags;
	slot->header.reserved = 0;
	slot->header.origination = 0;
	memcpy(slot->payload, m->data, sizeof(slot->payload));
	/* The guest reads the type first: it must find the rest in place. */
	smp_wmb();
	/* Host messages carry the VMBus type the guest posts with (2.3). */
	WRITE_ONCE(slot->header.message_type, HVB_POST_MESSAGE_TYPE_VMBUS);
	atomic64_inc(&sim.synic_messages);
	kfree(m);
	return true;
}

/* sim_deliver()'s path on this platform: a message for the guest. */
void sim_platform_deliver(const void *msg, u32 len)
{
	unsigned int cpu = READ_ONCE(sim_hv.msg_vp);
	struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);
	struct sim_hv_message *m;
	unsigned long flags;

	/* Lost if there is no memory (the allocator says so). */
	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return;
	/* Faults may claim more than 240 bytes; the slot holds 240. */
	m->size = min_t(u32, len, U8_MAX);
	memcpy(m->data, msg, min_t(u32, len, sizeof(m->data)));
	spin_lock_irqsave(&vp->lock, flags);
	list_add_tail(&m->node, &vp->queue);
	if (sim_vp_place(vp))
		sim_vp_raise(vp, cpu);
	spin_unlock_irqrestore(&vp->lock, flags);
}

/* sim_deliver_event()'s path: 2.5, bit @event of @cpu's SINT2 area. */
void sim_platform_event(unsigned int cpu, u32 event)
{
	struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);
	unsigned long flags;

	spin_lock_irqsave(&vp->lock, flags);
	if (!vp->event_page || !(vp->scontrol & HVB_SCONTROL_ENABLE)) {
		/* Hyper-V has nowhere to put it either. */
		atomic64_inc(&sim.synic_events_lost);
	} else if (!test_and_set_bit(event, sim_vp_event_area(vp))) {
		/* 1.7: a newly set flag raises the SINT. */
		atomic64_inc(&sim.events);
		if (sim_vp_sint_live(vp))
			sim_vp_raise(vp, cpu);
	}
	spin_unlock_irqrestore(&vp->lock, flags);
}

/* INITIATE_CONTACT named the VP that takes the channel messages. */
void sim_platform_contact(u32 target_vp)
{
	if (target_vp >= nr_cpu_ids || !cpu_online(target_vp)) {
		sim_violation("INITIATE_CONTACT names VP %u for messages, which does not exist\n",
			      target_vp);
		return;
	}
	WRITE_ONCE(sim_hv.msg_vp, target_vp);
}

/* Answer "no buffers" to the next @count posts (fault.c). */
int sim_platform_force_busy(u32 count)
{
	if (!sim_platform_hyperv)
		return -EOPNOTSUPP;
	atomic_set(&sim_hv.force_busy, count ? count : 1);
	return 0;
}

/*
 * Hold SINT2 interrupts back, as from a VP slow to take them, and let
 * them go (fault.c): host messages sent meanwhile pile up behind the
 * slot, so the guest must follow msg_pending and EOM to get them all.
 */
int sim_platform_hold(bool hold)
{
	unsigned long flags;
	unsigned int cpu;

	if (!sim_platform_hyperv)
		return -EOPNOTSUPP;
	WRITE_ONCE(sim_hv.hold, hold);
	if (hold)
		return 0;
	for_each_possible_cpu(cpu) {
		struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);

		spin_lock_irqsave(&vp->lock, flags);
		if (vp->raise_held && sim_vp_sint_live(vp))
			sim_vp_raise(vp, cpu);
		vp->raise_held = false;
		spin_unlock_irqrestore(&vp->lock, flags);
	}
	return 0;
}

static void sim_hv_cpuid(u32 leaf, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	*eax = 0;
	*ebx = 0;
	*ecx = 0;
	*edx = 0;
	switch (leaf) {
	case HVB_CPUID_VENDOR_AND_MAX_LEAF:
		*eax = HVB_CPUID_MIN_MAX_LEAF;
		*ebx = HVB_CPUID_SIGNATURE_EBX;
		*ecx = HVB_CPUID_SIGNATURE_ECX;
		*edx = HVB_CPUID_SIGNATURE_EDX;
		break;
	case HVB_CPUID_INTERFACE:
		*eax = HVB_CPUID_INTERFACE_HV1;
		break;
	case HVB_CPUID_FEATURES:
		*eax = HVB_PRIV_TIME_REF_COUNT | HVB_PRIV_SYNIC |
		       HVB_PRIV_HYPERCALL_MSRS | HVB_PRIV_VP_INDEX |
		       HVB_PRIV_REFERENCE_TSC;
		*ebx = HVB_PRIV_POST_MESSAGES | HVB_PRIV_SIGNAL_EVENTS;
		break;
	}
}

/* A per-VP register write (vp->lock held); true to raise SINT2. */
static bool sim_vp_wrmsr(struct sim_vp *vp, u32 msr, u64 val)
{
	bool was_live = sim_vp_sint_live(vp) && vp->event_page;
	void *page;

	switch (msr) {
	case HVB_MSR_SCONTROL:
		vp->scontrol = val;
		break;
	case HVB_MSR_SIMP:
	case HVB_MSR_SIEFP:
		page = NULL;
		if (val & HVB_MSR_PAGE_ENABLE) {
			page = sim_hv_page(val);
			if (!page)
				sim_violation("%s names GPA %#llx, which is not guest memory\n",
					      msr == HVB_MSR_SIMP ? "SIMP" : "SIEFP",
					      val & HVB_MSR_PAGE_PFN);
		}
		if (msr == HVB_MSR_SIMP) {
			vp->simp = val;
			vp->msg_page = page;
		} else {
			vp->siefp = val;
			vp->event_page = page;
		}
		break;
	case HVB_MSR_EOM:
		/* 2.4 step 3: rescan the queue (below). */
		atomic64_inc(&sim.synic_eoms);
		break;
	default:
		/* SINT0..15 (the caller checked the range). */
		if (!(val & HVB_SINT_MASKED) && (val & HVB_SINT_VECTOR) < 16)
			sim_violation("SINT%u unmasked with vector %llu (16..255 are valid)\n",
				      msr - HVB_MSR_SINT0, val & HVB_SINT_VECTOR);
		vp->sint[msr - HVB_MSR_SINT0] = val;
		break;
	}
	/* Messages that waited for a live SynIC or a free slot go now. */
	if (sim_vp_place(vp))
		return true;
	/* Events set while SINT2 could not interrupt are taken now. */
	return !was_live && sim_vp_sint_live(vp) && vp->event_page &&
	       msr != HVB_MSR_EOM;
}

static bool sim_hv_is_vp_msr(u32 msr)
{
	return msr == HVB_MSR_SCONTROL || msr == HVB_MSR_SIMP ||
	       msr == HVB_MSR_SIEFP || msr == HVB_MSR_EOM ||
	       (msr >= HVB_MSR_SINT0 &&
		msr < HVB_MSR_SINT0 + HVB_SYNIC_SINT_COUNT);
}

static u64 sim_hv_rdmsr(u32 msr)
{
	unsigned int cpu = get_cpu();
	struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);
	unsigned long flags;
	u64 val = 0;

	switch (msr) {
	case HVB_MSR_GUEST_OS_ID:
		val = READ_ONCE(sim_hv.guest_os_id);
		break;
	case HVB_MSR_HYPERCALL:
		val = READ_ONCE(sim_hv.hypercall);
		break;
	case HVB_MSR_VP_INDEX:
		val = cpu;
		break;
	case HVB_MSR_TIME_REF_COUNT:
		val = sim_guest_reference_time();
		break;
	case HVB_MSR_REFERENCE_TSC:
		val = sim_tsc_msr_read();
		break;
	case HVB_MSR_SVERSION:
		val = HVB_SYNIC_VERSION;
		break;
	case HVB_MSR_EOM:
		/* Write-only; reads as 0. */
		break;
	default:
		if (!sim_hv_is_vp_msr(msr)) {
			sim_violation("read of MSR %#x, which Hyper-V does not have\n",
				      msr);
			break;
		}
		spin_lock_irqsave(&vp->lock, flags);
		if (msr == HVB_MSR_SCONTROL)
			val = vp->scontrol;
		else if (msr == HVB_MSR_SIMP)
			val = vp->simp;
		else if (msr == HVB_MSR_SIEFP)
			val = vp->siefp;
		else
			val = vp->sint[msr - HVB_MSR_SINT0];
		spin_unlock_irqrestore(&vp->lock, flags);
		break;
	}
	put_cpu();
	return val;
}

static void sim_hv_wrmsr(u32 msr, u64 val)
{
	unsigned int cpu = get_cpu();
	struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);
	unsigned long flags;

	switch (msr) {
	case HVB_MSR_GUEST_OS_ID:
		spin_lock_irqsave(&sim_hv.lock, flags);
		WRITE_ONCE(sim_hv.guest_os_id, val);
		/* 1.3: a zero guest OS id disables the hypercall page. */
		if (!val)
			WRITE_ONCE(sim_hv.hypercall,
				   sim_hv.hypercall & ~HVB_MSR_PAGE_ENABLE);
		spin_unlock_irqrestore(&sim_hv.lock, flags);
		break;
	case HVB_MSR_HYPERCALL:
		spin_lock_irqsave(&sim_hv.lock, flags);
		/* 1.3: the page stays off until there is a guest OS id. */
		if ((val & HVB_MSR_PAGE_ENABLE) && !sim_hv.guest_os_id) {
			sim_violation("%s\n",
				      "hypercall page enabled before the guest OS id was written");
			val &= ~HVB_MSR_PAGE_ENABLE;
		}
		WRITE_ONCE(sim_hv.hypercall, val);
		spin_unlock_irqrestore(&sim_hv.lock, flags);
		break;
	case HVB_MSR_REFERENCE_TSC:
		sim_tsc_msr_write(val);
		break;
	default:
		if (!sim_hv_is_vp_msr(msr)) {
			sim_violation("write of %#llx to MSR %#x, not one Hyper-V has\n",
				      val, msr);
			break;
		}
		spin_lock_irqsave(&vp->lock, flags);
		if (sim_vp_wrmsr(vp, msr, val))
			sim_vp_raise(vp, cpu);
		spin_unlock_irqrestore(&vp->lock, flags);
		break;
	}
	put_cpu();
}

/* The guest block at @gpa of @size bytes (1.4: aligned, in one page). */
static const void *sim_hv_input(u64 gpa, u32 size, u16 *status)
{
	const u8 *page;

	if ((gpa & 7) || offset_in_page(gpa) + size > HVB_HV_PAGE_SIZE) {
		sim_violation("hypercall input at GPA %#llx: not 8-byte aligned within one page\n",
			      gpa);
		*status = HVB_HV_STATUS_INVALID_ALIGNMENT;
		return NULL;
	}
	page = sim_hv_page(gpa);
	if (!page) {
		sim_violation("hypercall input at GPA %#llx, which is not guest memory\n",
			      gpa);
		*status = HVB_HV_STATUS_INVALID_PARAMETER;
		return NULL;
	}
	return page + offset_in_page(gpa);
}

/* 1.6: HvPostMessage into the sim's message port. */
static u16 sim_hv_post_message(u64 gpa)
{
	const struct hvb_post_message_input *in;
	u8 payload[HVB_MESSAGE_PAYLOAD_MAX];
	u32 connection_id, type, size;
	u16 status;
	int ret;

	in = sim_hv_input(gpa, sizeof(*in), &status);
	if (!in)
		return status;
	connection_id = READ_ONCE(in->connection_id);
	type = READ_ONCE(in->message_type);
	size = READ_ONCE(in->payload_size);
	if (!type || (type & HVB_MSG_HYPERVISOR) || size > HVB_MESSAGE_PAYLOAD_MAX) {
		sim_violation("HvPostMessage of type %#x, %u bytes (valid: 1..0x7fffffff, 240)\n",
			      type, size);
		return HVB_HV_STATUS_INVALID_PARAMETER;
	}
	if (atomic_add_unless(&sim_hv.force_busy, -1, 0) ||
	    atomic_read(&sim.posted_pending) >= SIM_HV_PORT_BUFFERS) {
		atomic64_inc(&sim.synic_no_buffers);
		return HVB_HV_STATUS_INSUFFICIENT_BUFFERS;
	}
	/* Copied once: the guest may change the block after the call. */
	memcpy(payload, in->payload, size);
	ret = sim_post_message(connection_id & HVB_CONNECTION_ID_MASK, payload,
			       size);
	switch (ret) {
	case 0:
		return HVB_HV_STATUS_SUCCESS;
	case -ECONNREFUSED:
		return HVB_HV_STATUS_INVALID_CONNECTION_ID;
	case -EAGAIN:
		return HVB_HV_STATUS_INSUFFICIENT_MEMORY;
	default:
		return HVB_HV_STATUS_INVALID_PARAMETER;
	}
}

/* 1.7: HvSignalEvent, fast (the 8 bytes in RDX) or from a block. */
static u16 sim_hv_signal_event(u64 input, bool fast)
{
	u16 status;

	if (!fast) {
		const u64 *in = sim_hv_input(input, sizeof(u64), &status);

		if (!in)
			return status;
		input = READ_ONCE(*in);
	}
	if (input & HVB_SIGNAL_EVENT_FLAG) {
		sim_violation("HvSignalEvent with flag number %llu; this host's ports use flag 0\n",
			      (input & HVB_SIGNAL_EVENT_FLAG) >> HVB_SIGNAL_EVENT_FLAG_SHIFT);
		return HVB_HV_STATUS_INVALID_PARAMETER;
	}
	sim_signal_event(input & HVB_CONNECTION_ID_MASK);
	return HVB_HV_STATUS_SUCCESS;
}

static u64 sim_hv_hypercall(u64 control, u64 input, u64 output)
{
	u16 code = control & HVB_HVCALL_CODE;
	bool fast = control & HVB_HVCALL_FAST;

	/* 1.3, 1.4: no page to call through before both MSRs are set. */
	if (!READ_ONCE(sim_hv.guest_os_id) ||
	    !(READ_ONCE(sim_hv.hypercall) & HVB_MSR_PAGE_ENABLE)) {
		sim_violation("hypercall %#x without an enabled hypercall page and a guest OS id\n",
			      code);
		return HVB_HV_STATUS_INVALID_HYPERCALL_CODE;
	}
	if (control & (HVB_HVCALL_VARHEAD_SIZE | HVB_HVCALL_REP_COUNT |
		       HVB_HVCALL_REP_START)) {
		sim_violation("hypercall %#x with a variable header or reps (input value %#llx)\n",
			      code, control);
		return HVB_HV_STATUS_INVALID_HYPERCALL_INPUT;
	}
	switch (code) {
	case HVB_HVCALL_POST_MESSAGE:
		if (fast) {
			sim_violation("HvPostMessage as a fast call\n");
			return HVB_HV_STATUS_INVALID_HYPERCALL_INPUT;
		}
		return sim_hv_post_message(input);
	case HVB_HVCALL_SIGNAL_EVENT:
		return sim_hv_signal_event(input, fast);
	default:
		sim_violation("hypercall %#x, which this host does not offer\n",
			      code);
		return HVB_HV_STATUS_INVALID_HYPERCALL_CODE;
	}
}

static int sim_hv_irq_install(void (*isr)(void), u8 *vector, bool *auto_eoi)
{
	WRITE_ONCE(sim_hv.isr, isr);
	*vector = SIM_HV_VECTOR;
	/* Nothing goes through the local APIC: nobody owes it an EOI. */
	*auto_eoi = true;
	return 0;
}

static void sim_hv_irq_remove(void)
{
	unsigned int cpu;

	WRITE_ONCE(sim_hv.isr, NULL);
	for_each_possible_cpu(cpu) {
		struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);

		irq_work_sync(&vp->irq);
		while (test_bit(0, &vp->csd_queued))
			cpu_relax();
	}
	/*
	 * An IPI clears its bit before it calls the handler; handlers run
	 * with interrupts off, which RCU counts as a read-side section.
	 */
	synchronize_rcu();
}

static const struct hvlis_hv_platform sim_hv_platform = {
	.name = "simulated Hyper-V",
	.owner = THIS_MODULE,
	.cpuid = sim_hv_cpuid,
	.read_msr = sim_hv_rdmsr,
	.write_msr = sim_hv_wrmsr,
	.hypercall = sim_hv_hypercall,
	.irq_install = sim_hv_irq_install,
	.irq_remove = sim_hv_irq_remove,
};

/* Drop what is still queued for the guest (it is gone). */
static void sim_platform_purge(void)
{
	struct sim_hv_message *m, *next;
	unsigned int cpu;
	unsigned long flags;
	LIST_HEAD(gone);

	for_each_possible_cpu(cpu) {
		struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);

		spin_lock_irqsave(&vp->lock, flags);
		list_splice_init(&vp->queue, &gone);
		spin_unlock_irqrestore(&vp->lock, flags);
	}
	list_for_each_entry_safe(m, next, &gone, node)
		kfree(m);
}

/* sim_connect() on this platform: hv_vmbus's Hyper-V backend comes up. */
int sim_platform_connect(void)
{
	int ret;

	/* force_busy stays: a test may arm it for the connection itself. */
	WRITE_ONCE(sim_hv.msg_vp, 0);
	WRITE_ONCE(sim_hv.hold, false);
	ret = hvlis_hv_platform_register(&sim_hv_platform);
	if (ret)
		sim_platform_purge();
	return ret;
}

void sim_platform_disconnect(void)
{
	hvlis_hv_platform_unregister(&sim_hv_platform);
	sim_platform_purge();
}

int sim_platform_init(void)
{
	unsigned int cpu, i;

	if (!strcmp(sim_platform_name, "hyperv")) {
		sim_platform_hyperv = true;
	} else if (strcmp(sim_platform_name, "direct")) {
		pr_err("platform=%s: the platforms are \"direct\" and \"hyperv\"\n",
		       sim_platform_name);
		return -EINVAL;
	}
	spin_lock_init(&sim_hv.lock);
	for_each_possible_cpu(cpu) {
		struct sim_vp *vp = per_cpu_ptr(&sim_vps, cpu);

		spin_lock_init(&vp->lock);
		INIT_LIST_HEAD(&vp->queue);
		init_irq_work(&vp->irq, sim_vp_irq_work);
		INIT_CSD(&vp->csd, sim_vp_ipi, vp);
		/* 2.1: every SINT starts masked. */
		for (i = 0; i < HVB_SYNIC_SINT_COUNT; i++)
			vp->sint[i] = HVB_SINT_MASKED;
	}
	return 0;
}
