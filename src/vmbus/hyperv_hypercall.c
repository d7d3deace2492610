// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hyper-V hypercalls for the VMBus host backend: the guest OS id, the
 * hypercall page, HvPostMessage and HvSignalEvent (protocol-vmbus.md
 * 1.3-1.8).
 *
 * A kernel built with CONFIG_HYPERV has written the guest OS id and
 * enabled a hypercall page at boot; we use its page and touch neither.
 * Otherwise we write the guest OS id (if nobody has) and enable a page of
 * our own, and undo exactly that on exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/objtool.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <hvlis/compat-hyperv.h>

#include "hyperv.h"
#include "hyperv_tlfs.h"

/*
 * Our own hypercall page, for kernels that have none to lend: one
 * page-aligned page of this module's text, which the hypervisor overlays
 * with its trampoline once the HYPERCALL MSR names it (1.4 steps 2-4).
 * Module text is the one executable memory a module can get on current
 * kernels (executable vmalloc and set_memory_x() are not exported). It is
 * reached by a direct call, so no retpoline or IBT check applies to the
 * call. Until the overlay is in place it holds int3: a call too early
 * traps. Global, so that objtool sees calls go to a symbol; never
 * exported. Its address is taken only to find its PFN, never to call
 * through, so it is annotated as needing no ENDBR.
 *
 * The page before it is int3 too, except for the NOP padding that x86
 * call-depth tracking expects right before a call target and patches into
 * its accounting thunk at module load (CONFIG_CALL_THUNKS); without it the
 * kernel would complain about our call site.
 */
asm(".pushsection .text..hvlis_hypercall_page, \"ax\", @progbits\n"
    ".balign 4096\n"
    ".fill 4096 - 32, 1, 0xcc\n"
    ".fill 32, 1, 0x90\n"
    ".globl hvlis_hypercall_page\n"
    "hvlis_hypercall_page:\n"
    ANNOTATE_NOENDBR
    ".fill 4096, 1, 0xcc\n"
    ".popsection\n");
extern const u8 hvlis_hypercall_page[];

/* The guest OS id we write when the kernel has not written one (1.3). */
#define HVLIS_GUEST_OS_ID						\
	(HVLIS_GUEST_ID_OPEN_SOURCE | HVLIS_GUEST_ID_OS_LINUX |		\
	 (HVLIS_KERNEL_VERSION_VALUE << HVLIS_GUEST_ID_KERNEL_SHIFT))

static struct {
	void *kernel_page;	/* the kernel's page, when we use it */
	bool own_page;		/* we enabled hvlis_hypercall_page */
	bool wrote_guest_id;	/* the guest OS id MSR was 0 and we set it */
} hvlis_hcall;

/* Page-aligned input blocks, one per CPU (1.4: 8-byte aligned, one page). */
static DEFINE_PER_CPU(void *, hvlis_hcall_input);

/*
 * One hypercall (1.4): RCX = input value, RDX = input GPA (or the first
 * 8 bytes of a fast call), R8 = output GPA; the result comes back in RAX.
 * Every register a C call may clobber is treated as clobbered.
 */
static u64 hvlis_hcall_do(u64 control, u64 input, u64 output)
{
	register u64 r8 asm("r8") = output;
	u64 result;

	if (hvlis_hcall.own_page) {
		asm volatile("call hvlis_hypercall_page"
			     : "=a" (result), "+c" (control), "+d" (input),
			       "+r" (r8), ASM_CALL_CONSTRAINT
			     :
			     : "cc", "memory", "rsi", "rdi", "r9", "r10", "r11");
	} else {
		asm volatile(CALL_NOSPEC
			     : "=a" (result), "+c" (control), "+d" (input),
			       "+r" (r8), ASM_CALL_CONSTRAINT
			     : THUNK_TARGET(hvlis_hcall.kernel_page)
			     : "cc", "memory", "rsi", "rdi", "r9", "r10", "r11");
	}
	return result;
}

u16 hvlis_hcall_post_message(u32 connection_id, const void *payload, u32 len)
{
	struct hvlis_post_message_input *in;
	unsigned long flags;
	u64 result;

	if (WARN_ON_ONCE(len > HVLIS_MESSAGE_PAYLOAD_MAX))
		len = HVLIS_MESSAGE_PAYLOAD_MAX;

	/*
	 * The input page is this CPU's: nothing else may run here and reuse
	 * it between filling it and the hypercall, interrupts included.
	 */
	local_irq_save(flags);
	in = this_cpu_read(hvlis_hcall_input);
	in->connection_id = connection_id & HVLIS_CONNECTION_ID_MASK;
	in->reserved = 0;
	in->message_type = HVLIS_POST_MESSAGE_TYPE_VMBUS;
	in->payload_size = len;
	memcpy(in->payload, payload, len);
	/* The host is handed the whole block: no stale bytes in it. */
	memset(in->payload + len, 0, sizeof(in->payload) - len);
	result = hvlis_hcall_do(HVLIS_HVCALL_POST_MESSAGE, virt_to_phys(in), 0);
	local_irq_restore(flags);

	return result & HVLIS_HV_STATUS_MASK;
}

u16 hvlis_hcall_signal_event(u32 connection_id)
{
	/* 1.7: a fast call, connection id in RDX bits 23:0, flag number 0. */
	u64 input = (connection_id & HVLIS_CONNECTION_ID_MASK) |
		    (0ULL << HVLIS_SIGNAL_EVENT_FLAG_SHIFT);

	return hvlis_hcall_do(HVLIS_HVCALL_SIGNAL_EVENT | HVLIS_HVCALL_FAST,
			      input, 0) & HVLIS_HV_STATUS_MASK;
}

static void hvlis_hcall_free_inputs(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		void *page = per_cpu(hvlis_hcall_input, cpu);

		if (page)
			free_page((unsigned long)page);
		per_cpu(hvlis_hcall_input, cpu) = NULL;
	}
}

/* Every possible CPU gets its page now, so hotplug never finds one missing. */
static int hvlis_hcall_alloc_inputs(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct page *page;

		page = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		if (!page) {
			hvlis_hcall_free_inputs();
			return -ENOMEM;
		}
		per_cpu(hvlis_hcall_input, cpu) = page_address(page);
	}
	return 0;
}

/* Enable hvlis_hypercall_page (1.4 steps 3-4). */
static int hvlis_hcall_enable_own_page(void)
{
	u64 pfn = vmalloc_to_pfn(hvlis_hypercall_page);
	u64 msr;

	/* The trampoline needs a whole page of its own: check the layout. */
	if (WARN_ON_ONCE(!pfn || offset_in_page(hvlis_hypercall_page)))
		return -EINVAL;

	/* Partition-wide: one write, from any CPU; bits 11:1 as they were. */
	msr = hvlis_rdmsr(HVLIS_MSR_HYPERCALL);
	msr &= HVLIS_MSR_PAGE_KEEP;
	msr |= (pfn << HVLIS_HV_PAGE_SHIFT) | HVLIS_MSR_PAGE_ENABLE;
	hvlis_wrmsr(HVLIS_MSR_HYPERCALL, msr);

	if (!(hvlis_rdmsr(HVLIS_MSR_HYPERCALL) & HVLIS_MSR_PAGE_ENABLE)) {
		pr_err("Hyper-V did not enable the hypercall page hv_vmbus offered, so hv_vmbus cannot talk to the host; check that the VM's Hyper-V enlightenments are enabled\n");
		return -EIO;
	}
	hvlis_hcall.own_page = true;
	return 0;
}

static void hvlis_hcall_disable_own_page(void)
{
	u64 msr = hvlis_rdmsr(HVLIS_MSR_HYPERCALL);

	/* 1.4 step 6: clear the enable bit; the module text is ours again. */
	hvlis_wrmsr(HVLIS_MSR_HYPERCALL, msr & ~HVLIS_MSR_PAGE_ENABLE);
	hvlis_hcall.own_page = false;
}

int hvlis_hcall_init(void)
{
	void *kernel_page = hvlis_kernel_hypercall_pg();
	int ret;

	ret = hvlis_hcall_alloc_inputs();
	if (ret)
		return ret;

	if (kernel_page) {
		/* The kernel owns the guest OS id and the page: leave both. */
		if (!(hvlis_rdmsr(HVLIS_MSR_HYPERCALL) & HVLIS_MSR_PAGE_ENABLE)) {
			pr_err("the kernel's Hyper-V hypercall page is not enabled, so hv_vmbus cannot talk to the host; the kernel log from boot says why Hyper-V setup failed\n");
			ret = -EIO;
			goto err_inputs;
		}
		hvlis_hcall.kernel_page = kernel_page;
		pr_debug("using the kernel's hypercall page\n");
		return 0;
	}

	/* 1.3: a non-zero guest OS id must exist before the page is enabled. */
	if (!hvlis_rdmsr(HVLIS_MSR_GUEST_OS_ID)) {
		hvlis_wrmsr(HVLIS_MSR_GUEST_OS_ID, HVLIS_GUEST_OS_ID);
		hvlis_hcall.wrote_guest_id = true;
	}
	ret = hvlis_hcall_enable_own_page();
	if (ret)
		goto err_guest_id;
	pr_debug("using a hypercall page of our own\n");
	return 0;

err_guest_id:
	if (hvlis_hcall.wrote_guest_id)
		hvlis_wrmsr(HVLIS_MSR_GUEST_OS_ID, 0);
	hvlis_hcall.wrote_guest_id = false;
err_inputs:
	hvlis_hcall_free_inputs();
	return ret;
}

void hvlis_hcall_exit(void)
{
	if (hvlis_hcall.own_page)
		hvlis_hcall_disable_own_page();
	/* 1.4 step 6: the guest OS id goes last, and only if it was ours. */
	if (hvlis_hcall.wrote_guest_id)
		hvlis_wrmsr(HVLIS_MSR_GUEST_OS_ID, 0);
	hvlis_hcall.wrote_guest_id = false;
	hvlis_hcall.kernel_page = NULL;
	hvlis_hcall_free_inputs();
}
