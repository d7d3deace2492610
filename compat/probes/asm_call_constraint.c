/*
 * API: ASM_CALL_CONSTRAINT of <asm/asm.h>, the output constraint an inline
 * asm with a call in it names so that gcc sets up the frame first.
 * Changed: v4.14 ("x86/asm: Fix inline asm call constraints for GCC");
 * before, nothing (objtool, which checks it, arrived in v4.6 but did not
 * look at inline asm calls).
 * Used by: compat/include/hvlis/compat-hyperv.h (the hypercall).
 */
#include <asm/asm.h>

void hvlis_probe(void)
{
	asm volatile("" : ASM_CALL_CONSTRAINT);
}
