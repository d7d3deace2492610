/*
 * API: <linux/objtool.h> and its ANNOTATE_NOENDBR, the asm annotation that
 * exempts an address-taken code label from objtool's IBT check.
 * Changed: the header arrived in v5.10 (objtool: "Move macros into
 * <linux/objtool.h>"), ANNOTATE_NOENDBR in v5.18 (x86/ibt); before that
 * there is nothing to exempt from.
 * Used by: compat/include/hvlis/compat-hyperv.h (hv_vmbus's own hypercall
 * page, src/vmbus/hyperv/hypercall.c).
 */
#include <linux/objtool.h>

#ifndef ANNOTATE_NOENDBR
#error "no ANNOTATE_NOENDBR"
#endif
