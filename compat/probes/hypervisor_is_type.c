/*
 * API: hypervisor_is_type() and enum x86_hypervisor_type, which
 * hypervisor the kernel detected at boot.
 * Changed: v4.15 ("x86/virt: Add enum for hypervisors to replace
 * x86_hyper"); before, the x86_hyper pointer names the detected one.
 * Used by: compat/include/hvlis/compat-hypervisor.h (hv_timesource, the
 * hv_vmbus Hyper-V backend).
 */
#include <asm/hypervisor.h>

static bool probe(void)
{
	return hypervisor_is_type(X86_HYPER_MS_HYPERV);
}

bool (*hvlis_probe)(void) = probe;
