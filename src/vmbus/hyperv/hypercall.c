// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hyper-V hypercalls for the VMBus host backend: the guest OS id, the
 * hypercall page, HvPostMessage and HvSignalEvent (protocol-vmbus.md
 * 1.3-1.8).
 *
 * A kernel built with CONFIG_HYPERV has written the guest OS id and
 * enabled a hypercall page at boot; we use its page and touch neither.
 * Otherwise we write the guest OS id (if nobody has) and enable a page of
 * our own, and undo exactly that on exit. On a synthetic platform the
 * same steps run against its MSRs and the calls go through its table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <hvlis/compat-hyperv.h>

#include "hyperv.h"

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
asm(".pushsection .text..hvb_hypercall_page, \"ax\", @progbits\n"
    ".balign 4096\n"
    ".fill 4096 - 32, 1, 0xcc\n"
    ".fill 32, 1, 0x90\n"
    ".globl hvb_hypercall_page\n"
    "hvb_hypercall_page:\n"
    ANNOTATE_NOENDBR
    ".fill 4096, 1, 0xcc\n"
    ".popsection\n");
extern const u8 hvb_hypercall_page[];

/* The guest OS id we write when the kernel has not written one (1.3). */
#define HVB_GUEST_OS_ID						\
	(HVB_GUEST_ID_OPEN_SOURCE | HVB_GUEST_ID_OS_LINUX |		\
	 (HVLIS_KERNEL_VERSION_VALUE << HVB_GUEST_ID_KERNEL_SHIFT))

static struct {
	void *kernel_page;	/* the kernel's page, when we use it */
	bool own_page;		/* we enabled hvb_hypercall_page */
	bool wrote_guest_id;	/* the guest OS id MSR was 0 and we set it */
} hvb_hcall;

/* Page-aligned input blocks, one per CPU (1.4: 8-byte aligned, one page). */
static DEFINE_PER_CPU(void *, hvb_hcall_input);

/*
 * One hypercall (1.4): RCX = input value, RDX = input GPA (or the first
 * 8 bytes of a fast call), R8 = output GPA; the result comes back in RAX.
 * Every register a C call may clobber is treated as clobbered.
 */
static u64 hvb_hcall_do(u64 control, u64 input, u64 output)
{
	register u64 r8 asm("r8") = output;
	u64 result;

	if (hvb_platform)
		return hvb_platform->hypercall(control, input, output);
	if (hvb_hcall.own_page) {
		asm volatile("call hvb_hypercall_page"
			     : "=a" (result), "+c" (control), "+d" (input),
			       "+r" (r8), ASM_CALL_CONSTRAINT
			     :
			     : "cc", "memory", "rsi", "rdi", "r9", "r10", "r11");
	} else {
		asm volatile(CALL_NOSPEC
			     : "=a" (result), "+c" (control), "+d" (input),
			       "+r" (r8), ASM_CALL_CONSTRAINT
			     : THUNK_TARGET(hvb_hcall.kernel_page)
			     : "cc", "memory", "rsi", "rdi", "r9", "r10", "r11");
	}
	return result;
}

u16 hvb_hcall_post_message(u32 connection_id, const void *payload, u32 len)
{
	struct hvb_post_message_input *in;
	unsigned long flags;
	u64 result;

	if (WARN_ON_ONCE(len > HVB_MESSAGE_PAYLOAD_MAX))
		len = HVB_MESSAGE_PAYLOAD_MAX;

	/*
	 * The input page is this CPU's: nothing else may run here and reuse
	 * it between filling it and the hypercall, interrupts included.
	 */
	local_irq_save(flags);
	in = this_cpu_read(hvb_hcall_input);
	in->connection_id = connection_id & HVB_CONNECTION_ID_MASK;
	in->reserved = 0;
	in->message_type = HVB_POST_MESSAGE_TYPE_VMBUS;
	in->payload_size = len;
	memcpy(in->payload, payload, len);
	/* The host is handed the whole block: no stale bytes in it. */
	memset(in->payload + len, 0, sizeof(in->payload) - len);
	result = hvb_hcall_do(HVB_HVCALL_POST_MESSAGE, virt_to_phys(in), 0);
	local_irq_restore(flags);

	return result & HVB_HV_STATUS_MASK;
}

u16 hvb_hcall_signal_event(u32 connection_id)
{
	/* 1.7: a fast call, connection id in RDX bits 23:0, flag number 0. */
	u64 input = (connection_id & HVB_CONNECTION_ID_MASK) |
		    (0ULL << HVB_SIGNAL_EVENT_FLAG_SHIFT);

	return hvb_hcall_do(HVB_HVCALL_SIGNAL_EVENT | HVB_HVCALL_FAST,
			      input, 0) & HVB_HV_STATUS_MASK;
}

static void hvb_hcall_free_inputs(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		void *page = per_cpu(hvb_hcall_input, cpu);

		if (page)
			free_page((unsigned long)page);
		per_cpu(hvb_hcall_input, cpu) = NULL;
	}
}

/* Every possible CPU gets its page now, so hotplug never finds one missing. */
static int hvb_hcall_alloc_inputs(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct page *page;

		page = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		if (!page) {
			hvb_hcall_free_inputs();
			return -ENOMEM;
		}
		per_cpu(hvb_hcall_input, cpu) = page_address(page);
	}
	return 0;
}

/* Enable hvb_hypercall_page (1.4 steps 3-4). */
static int hvb_hcall_enable_own_page(void)
{
	u64 pfn = vmalloc_to_pfn(hvb_hypercall_page);
	u64 msr;

	/* The trampoline needs a whole page of its own: check the layout. */
	if (WARN_ON_ONCE(!pfn || offset_in_page(hvb_hypercall_page)))
		return -EINVAL;

	/* Partition-wide: one write, from any CPU; bits 11:1 as they were. */
	msr = hvb_rdmsr(HVB_MSR_HYPERCALL);
	msr &= HVB_MSR_PAGE_KEEP;
	msr |= (pfn << HVB_HV_PAGE_SHIFT) | HVB_MSR_PAGE_ENABLE;
	hvb_wrmsr(HVB_MSR_HYPERCALL, msr);

	if (!(hvb_rdmsr(HVB_MSR_HYPERCALL) & HVB_MSR_PAGE_ENABLE)) {
		pr_err("Hyper-V did not enable the hypercall page hv_vmbus offered, so hv_vmbus cannot talk to the host; check that the VM's Hyper-V enlightenments are enabled\n");
		return -EIO;
	}
	hvb_hcall.own_page = true;
	return 0;
}

static void hvb_hcall_disable_own_page(void)
{
	u64 msr = hvb_rdmsr(HVB_MSR_HYPERCALL);

	/* 1.4 step 6: clear the enable bit; the module text is ours again. */
	hvb_wrmsr(HVB_MSR_HYPERCALL, msr & ~HVB_MSR_PAGE_ENABLE);
	hvb_hcall.own_page = false;
}

int hvb_hcall_init(void)
{
	/* A synthetic platform gets our page: the kernel's is Hyper-V's. */
	void *kernel_page = hvb_platform ? NULL : hvlis_kernel_hypercall_pg();
	int ret;

	ret = hvb_hcall_alloc_inputs();
	if (ret)
		return ret;

	if (kernel_page) {
		/* The kernel owns the guest OS id and the page: leave both. */
		if (!(hvb_rdmsr(HVB_MSR_HYPERCALL) & HVB_MSR_PAGE_ENABLE)) {
			pr_err("the kernel's Hyper-V hypercall page is not enabled, so hv_vmbus cannot talk to the host; the kernel log from boot says why Hyper-V setup failed\n");
			ret = -EIO;
			goto err_inputs;
		}
		hvb_hcall.kernel_page = kernel_page;
		pr_debug("using the kernel's hypercall page\n");
		return 0;
	}

	/* 1.3: a non-zero guest OS id must exist before the page is enabled. */
	if (!hvb_rdmsr(HVB_MSR_GUEST_OS_ID)) {
		hvb_wrmsr(HVB_MSR_GUEST_OS_ID, HVB_GUEST_OS_ID);
		hvb_hcall.wrote_guest_id = true;
	}
	ret = hvb_hcall_enable_own_page();
	if (ret)
		goto err_guest_id;
	pr_debug("using a hypercall page of our own\n");
	return 0;

err_guest_id:
	if (hvb_hcall.wrote_guest_id)
		hvb_wrmsr(HVB_MSR_GUEST_OS_ID, 0);
	hvb_hcall.wrote_guest_id = false;
err_inputs:
	hvb_hcall_free_inputs();
	return ret;
}

void hvb_hcall_exit(void)
{
	if (hvb_hcall.own_page)
		hvb_hcall_disable_own_page();
	/* 1.4 step 6: the guest OS id goes last, and only if it was ours. */
	if (hvb_hcall.wrote_guest_id)
		hvb_wrmsr(HVB_MSR_GUEST_OS_ID, 0);
	hvb_hcall.wrote_guest_id = false;
	hvb_hcall.kernel_page = NULL;
	hvb_hcall_free_inputs();
}
