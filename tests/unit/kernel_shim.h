/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a kernel header shared with userspace (src/common, src/include/
 * proto) expects from the kernel, for the unit tests: the fixed-width
 * types, the attributes, and the access and barrier macros with the
 * same meaning on x86 (one plain load or store; barriers that keep the
 * compiler and the CPU from reordering across them).
 */
#ifndef HVLIS_UNIT_KERNEL_SHIM_H
#define HVLIS_UNIT_KERNEL_SHIM_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

static inline u64 mul_u64_u64_shr(u64 a, u64 b, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * b) >> shift);
}

#endif
