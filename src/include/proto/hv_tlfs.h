/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parts of the Hyper-V Top Level Functional Specification the VMBus
 * host backend uses: synthetic MSRs, hypercall encoding, status codes and
 * the SynIC page layouts. Values are from protocol-vmbus.md (section noted
 * beside each group). Shared by the Hyper-V backend (src/vmbus/hyperv/)
 * and the simulated Hyper-V platform of tests/sim, so that both sides read
 * one layout. Everything carries the backend's HVB_ prefix so that it can
 * sit beside the kernel's own hyperv-tlfs.h where a kernel has one.
 *
 * x86-64 only: the pages are little-endian, as is the CPU that reads them.
 */
#ifndef HVB_TLFS_H
#define HVB_TLFS_H

#include <hvlis/compat-wire.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Hyper-V pages are always 4 KiB, whatever the kernel page size (preamble). */
#define HVB_HV_PAGE_SIZE		4096
#define HVB_HV_PAGE_SHIFT		12

/* CPUID leaves and signatures (1.1). */
#define HVB_CPUID_VENDOR_AND_MAX_LEAF	0x40000000
#define HVB_CPUID_INTERFACE		0x40000001
#define HVB_CPUID_FEATURES		0x40000003
#define HVB_CPUID_HINTS			0x40000004
#define HVB_CPUID_MIN_MAX_LEAF		0x40000005
#define HVB_CPUID_MAX_MAX_LEAF		0x4000ffff
#define HVB_CPUID_SIGNATURE_EBX		0x7263694d	/* "Micr" */
#define HVB_CPUID_SIGNATURE_ECX		0x666f736f	/* "osof" */
#define HVB_CPUID_SIGNATURE_EDX		0x76482074	/* "t Hv" */
#define HVB_CPUID_INTERFACE_HV1		0x31237648	/* "Hv#1" */

/* 0x40000003.EAX: which synthetic MSRs the partition may use (1.1a). */
#define HVB_PRIV_TIME_REF_COUNT	BIT(1)
#define HVB_PRIV_SYNIC		BIT(2)
#define HVB_PRIV_HYPERCALL_MSRS	BIT(5)
#define HVB_PRIV_VP_INDEX		BIT(6)
#define HVB_PRIV_REFERENCE_TSC	BIT(9)
/* 0x40000003.EBX: which hypercalls the partition may make (1.1b). */
#define HVB_PRIV_POST_MESSAGES	BIT(4)
#define HVB_PRIV_SIGNAL_EVENTS	BIT(5)
/* 0x40000004.EAX: "deprecating auto-EOI": leave SINT auto-EOI off (1.1d). */
#define HVB_HINT_DEPRECATING_AEOI	BIT(9)

/* Synthetic MSRs (1.2). */
#define HVB_MSR_GUEST_OS_ID		0x40000000
#define HVB_MSR_HYPERCALL		0x40000001
#define HVB_MSR_VP_INDEX		0x40000002
#define HVB_MSR_TIME_REF_COUNT	0x40000020
#define HVB_MSR_REFERENCE_TSC		0x40000021
#define HVB_MSR_SCONTROL		0x40000080
#define HVB_MSR_SVERSION		0x40000081
#define HVB_MSR_SIEFP			0x40000082
#define HVB_MSR_SIMP			0x40000083
#define HVB_MSR_EOM			0x40000084
#define HVB_MSR_SINT0			0x40000090

/*
 * HYPERCALL, SIMP, SIEFP and REFERENCE_TSC share one shape: bit 0
 * enable, bits 11:1 reserved (preserve on write), bits 63:12 the page's
 * GPA >> 12 (1.2, 2.1, 3.2).
 */
#define HVB_MSR_PAGE_ENABLE		BIT_ULL(0)
#define HVB_MSR_PAGE_KEEP		GENMASK_ULL(11, 1)
#define HVB_MSR_PAGE_PFN		GENMASK_ULL(63, 12)

/* SCONTROL bit 0: SynIC enable; SVERSION reads 1 (1.2). */
#define HVB_SCONTROL_ENABLE		BIT_ULL(0)
#define HVB_SYNIC_VERSION		1

/* SINTx (2.1): other bits are reserved or unused and are preserved. */
#define HVB_SINT_VECTOR		GENMASK_ULL(7, 0)
#define HVB_SINT_MASKED		BIT_ULL(16)
#define HVB_SINT_AUTO_EOI		BIT_ULL(17)

/*
 * Guest OS ID, open-source encoding (1.3): bit 63 set, OS type 1 (Linux)
 * in 62:56, distribution 0 in 55:48, kernel version in 47:16.
 */
#define HVB_GUEST_ID_OPEN_SOURCE	BIT_ULL(63)
#define HVB_GUEST_ID_OS_LINUX		(0x01ULL << 56)
#define HVB_GUEST_ID_KERNEL_SHIFT	16

/* Hypercall input value in RCX (1.5). */
#define HVB_HVCALL_POST_MESSAGE	0x005c
#define HVB_HVCALL_SIGNAL_EVENT	0x005d
#define HVB_HVCALL_CODE		GENMASK_ULL(15, 0)
#define HVB_HVCALL_FAST		BIT_ULL(16)
#define HVB_HVCALL_VARHEAD_SIZE	GENMASK_ULL(26, 17)
#define HVB_HVCALL_REP_COUNT		GENMASK_ULL(43, 32)
#define HVB_HVCALL_REP_START		GENMASK_ULL(59, 48)
/* Result value in RAX: the status is bits 15:0 (1.5). */
#define HVB_HV_STATUS_MASK		GENMASK_ULL(15, 0)

/* Status codes (1.8) the backend tells apart, and the sim answers. */
#define HVB_HV_STATUS_SUCCESS			0x0000
#define HVB_HV_STATUS_INVALID_HYPERCALL_CODE	0x0002
#define HVB_HV_STATUS_INVALID_HYPERCALL_INPUT	0x0003
#define HVB_HV_STATUS_INVALID_ALIGNMENT		0x0004
#define HVB_HV_STATUS_INVALID_PARAMETER		0x0005
#define HVB_HV_STATUS_INSUFFICIENT_MEMORY	0x000b
#define HVB_HV_STATUS_INVALID_CONNECTION_ID	0x0012
#define HVB_HV_STATUS_INSUFFICIENT_BUFFERS	0x0013

/* Connection ids are 24 bits; the high byte is reserved (1.6, 1.7). */
#define HVB_CONNECTION_ID_MASK	GENMASK(23, 0)

/* HvPostMessage: VMBus always posts message type 1 (1.6). */
#define HVB_POST_MESSAGE_TYPE_VMBUS	1
#define HVB_MESSAGE_PAYLOAD_MAX	240

/*
 * HvPostMessage input block (1.6): 8-byte aligned and within one page,
 * which a page-aligned per-CPU input page guarantees.
 */
struct hvb_post_message_input {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[HVB_MESSAGE_PAYLOAD_MAX];
};
static_assert(sizeof(struct hvb_post_message_input) == 256);
static_assert(offsetof(struct hvb_post_message_input, payload) == 16);

/* HvSignalEvent fast-call input in RDX (1.7): flag number in bits 47:32. */
#define HVB_SIGNAL_EVENT_FLAG_SHIFT	32
#define HVB_SIGNAL_EVENT_FLAG		GENMASK_ULL(47, 32)

/* SynIC message page: 16 slots of 256 bytes, slot x for SINTx (2.3). */
#define HVB_MSG_NONE			0x00000000
/* Types with bit 31 set come from the hypervisor, not the VMBus host. */
#define HVB_MSG_HYPERVISOR		BIT(31)
#define HVB_MSG_TIMER_EXPIRED		0x80000010
#define HVB_MSG_FLAG_PENDING		BIT(0)

struct hvb_message_header {
	u32 message_type;
	u8 payload_size;
	u8 message_flags;
	u16 reserved;
	u64 origination;
};

struct hvb_message {
	struct hvb_message_header header;
	u8 payload[HVB_MESSAGE_PAYLOAD_MAX];
};
static_assert(sizeof(struct hvb_message) == 256);
static_assert(offsetof(struct hvb_message_header, payload_size) == 4);
static_assert(offsetof(struct hvb_message_header, message_flags) == 5);
static_assert(offsetof(struct hvb_message, payload) == 16);

#define HVB_SYNIC_SINT_COUNT		16
static_assert(HVB_SYNIC_SINT_COUNT * sizeof(struct hvb_message) ==
	      HVB_HV_PAGE_SIZE);

/* SynIC event-flags page: 16 areas of 2048 bits, area x for SINTx (2.5). */
#define HVB_SYNIC_EVENT_AREA_BYTES	256
#define HVB_SYNIC_EVENT_AREA_BITS	(HVB_SYNIC_EVENT_AREA_BYTES * 8)
static_assert(HVB_SYNIC_SINT_COUNT * HVB_SYNIC_EVENT_AREA_BYTES ==
	      HVB_HV_PAGE_SIZE);

#endif
