/*
 * API: the call_single_data_t typedef of <linux/smp.h>.
 * Changed: v4.13 ("smp: Avoid using two cache lines for struct
 * call_single_data" added the aligned typedef); before, the same is
 * struct call_single_data.
 * Used by: compat/include/hvlis/compat-kernel.h (INIT_CSD(), the sim's
 * cross-CPU calls).
 */
#include <linux/smp.h>

call_single_data_t hvlis_probe_csd;
