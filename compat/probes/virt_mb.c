/*
 * API: virt_mb(), a full barrier between a guest and its host that is one
 * even on a kernel built without SMP.
 * Changed: v4.6 ("asm-generic: add virt_xxx memory barriers"); before,
 * mb() is the barrier that holds on every build.
 * Used by: compat/include/hvlis/compat-kernel.h (ring buffers of hv_vmbus
 * and the sim).
 */
#include <asm/barrier.h>

void hvlis_probe(void)
{
	/* the barrier itself is what is probed */
	virt_mb();
}
