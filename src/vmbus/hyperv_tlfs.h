/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parts of the Hyper-V Top Level Functional Specification the VMBus
 * host backend uses: synthetic MSRs, hypercall encoding, status codes and
 * the SynIC page layouts. Values are from protocol-vmbus.md (section noted
 * beside each group). Everything is HVLIS_-prefixed so that it can sit
 * beside the kernel's own hyperv-tlfs.h where a kernel has one.
 *
 * x86-64 only: the pages are little-endian, as is the CPU that reads them.
 */
#ifndef HVLIS_HYPERV_TLFS_H
#define HVLIS_HYPERV_TLFS_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Hyper-V pages are always 4 KiB, whatever the kernel page size (preamble). */
#define HVLIS_HV_PAGE_SIZE		4096
#define HVLIS_HV_PAGE_SHIFT		12

/* CPUID leaves beyond the detection ones of vmbus_host.h (1.1). */
#define HVLIS_CPUID_FEATURES		0x40000003
#define HVLIS_CPUID_HINTS		0x40000004

/* 0x40000003.EAX: which synthetic MSRs the partition may use (1.1a). */
#define HVLIS_PRIV_TIME_REF_COUNT	BIT(1)
#define HVLIS_PRIV_SYNIC		BIT(2)
#define HVLIS_PRIV_HYPERCALL_MSRS	BIT(5)
#define HVLIS_PRIV_VP_INDEX		BIT(6)
/* 0x40000003.EBX: which hypercalls the partition may make (1.1b). */
#define HVLIS_PRIV_POST_MESSAGES	BIT(4)
#define HVLIS_PRIV_SIGNAL_EVENTS	BIT(5)
/* 0x40000004.EAX: "deprecating auto-EOI": leave SINT auto-EOI off (1.1d). */
#define HVLIS_HINT_DEPRECATING_AEOI	BIT(9)

/* Synthetic MSRs (1.2). */
#define HVLIS_MSR_GUEST_OS_ID		0x40000000
#define HVLIS_MSR_HYPERCALL		0x40000001
#define HVLIS_MSR_VP_INDEX		0x40000002
#define HVLIS_MSR_TIME_REF_COUNT	0x40000020
#define HVLIS_MSR_SCONTROL		0x40000080
#define HVLIS_MSR_SIEFP			0x40000082
#define HVLIS_MSR_SIMP			0x40000083
#define HVLIS_MSR_EOM			0x40000084
#define HVLIS_MSR_SINT0			0x40000090

/*
 * HYPERCALL, SIMP and SIEFP share one shape: bit 0 enable, bits 11:1
 * reserved (preserve on write), bits 63:12 the page's GPA >> 12 (1.2, 2.1).
 */
#define HVLIS_MSR_PAGE_ENABLE		BIT_ULL(0)
#define HVLIS_MSR_PAGE_KEEP		GENMASK_ULL(11, 1)
#define HVLIS_MSR_PAGE_PFN		GENMASK_ULL(63, 12)

/* SCONTROL bit 0: SynIC enable (1.2). */
#define HVLIS_SCONTROL_ENABLE		BIT_ULL(0)

/* SINTx (2.1): other bits are reserved or unused and are preserved. */
#define HVLIS_SINT_VECTOR		GENMASK_ULL(7, 0)
#define HVLIS_SINT_MASKED		BIT_ULL(16)
#define HVLIS_SINT_AUTO_EOI		BIT_ULL(17)

/*
 * Guest OS ID, open-source encoding (1.3): bit 63 set, OS type 1 (Linux)
 * in 62:56, distribution 0 in 55:48, kernel version in 47:16.
 */
#define HVLIS_GUEST_ID_OPEN_SOURCE	BIT_ULL(63)
#define HVLIS_GUEST_ID_OS_LINUX		(0x01ULL << 56)
#define HVLIS_GUEST_ID_KERNEL_SHIFT	16

/* Hypercall input value in RCX (1.5). */
#define HVLIS_HVCALL_POST_MESSAGE	0x005c
#define HVLIS_HVCALL_SIGNAL_EVENT	0x005d
#define HVLIS_HVCALL_FAST		BIT_ULL(16)
/* Result value in RAX: the status is bits 15:0 (1.5). */
#define HVLIS_HV_STATUS_MASK		GENMASK_ULL(15, 0)

/* Status codes (1.8) the backend tells apart. */
#define HVLIS_HV_STATUS_SUCCESS			0x0000
#define HVLIS_HV_STATUS_INSUFFICIENT_MEMORY	0x000b
#define HVLIS_HV_STATUS_INVALID_CONNECTION_ID	0x0012
#define HVLIS_HV_STATUS_INSUFFICIENT_BUFFERS	0x0013

/* Connection ids are 24 bits; the high byte is reserved (1.6, 1.7). */
#define HVLIS_CONNECTION_ID_MASK	GENMASK(23, 0)

/* HvPostMessage: VMBus always posts message type 1 (1.6). */
#define HVLIS_POST_MESSAGE_TYPE_VMBUS	1
#define HVLIS_MESSAGE_PAYLOAD_MAX	240

/*
 * HvPostMessage input block (1.6): 8-byte aligned and within one page,
 * which a page-aligned per-CPU input page guarantees.
 */
struct hvlis_post_message_input {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[HVLIS_MESSAGE_PAYLOAD_MAX];
};
static_assert(sizeof(struct hvlis_post_message_input) == 256);
static_assert(offsetof(struct hvlis_post_message_input, payload) == 16);

/* HvSignalEvent fast-call input in RDX (1.7): flag number in bits 47:32. */
#define HVLIS_SIGNAL_EVENT_FLAG_SHIFT	32

/* SynIC message page: 16 slots of 256 bytes, slot x for SINTx (2.3). */
#define HVLIS_MSG_NONE			0x00000000
/* Types with bit 31 set come from the hypervisor, not the VMBus host. */
#define HVLIS_MSG_HYPERVISOR		BIT(31)
#define HVLIS_MSG_TIMER_EXPIRED		0x80000010
#define HVLIS_MSG_FLAG_PENDING		BIT(0)

struct hvlis_message_header {
	u32 message_type;
	u8 payload_size;
	u8 message_flags;
	u16 reserved;
	u64 origination;
};

struct hvlis_message {
	struct hvlis_message_header header;
	u8 payload[HVLIS_MESSAGE_PAYLOAD_MAX];
};
static_assert(sizeof(struct hvlis_message) == 256);
static_assert(offsetof(struct hvlis_message_header, payload_size) == 4);
static_assert(offsetof(struct hvlis_message_header, message_flags) == 5);
static_assert(offsetof(struct hvlis_message, payload) == 16);

#define HVLIS_SYNIC_SINT_COUNT		16
static_assert(HVLIS_SYNIC_SINT_COUNT * sizeof(struct hvlis_message) ==
	      HVLIS_HV_PAGE_SIZE);

/* SynIC event-flags page: 16 areas of 2048 bits, area x for SINTx (2.5). */
#define HVLIS_SYNIC_EVENT_AREA_BYTES	256
#define HVLIS_SYNIC_EVENT_AREA_BITS	(HVLIS_SYNIC_EVENT_AREA_BYTES * 8)
static_assert(HVLIS_SYNIC_SINT_COUNT * HVLIS_SYNIC_EVENT_AREA_BYTES ==
	      HVLIS_HV_PAGE_SIZE);

#endif
