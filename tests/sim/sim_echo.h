/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated host's echo device (test only): its class GUID, shared by
 * the host side (tests/sim/echo.c) and the guest test driver
 * (tests/vm/echo).
 *
 * The echo protocol. The host answers every packet it reads from the
 * outbound ring of an echo channel (primary or sub-channel), in order:
 *
 *   DATA_INBAND                         -> DATA_INBAND, same payload and
 *                                          trans_id
 *   DATA_INBAND + COMPLETION_REQUESTED  -> COMP, same payload and trans_id
 *   DATA_USING_GPA_DIRECT               -> COMP, same trans_id; payload =
 *                                          the bytes the ranges name, range
 *                                          after range
 *
 * "Payload" is everything from offset8 * 8 to len8 * 8 of the packet, so
 * the padding of an in-band packet comes back too: a guest that wants its
 * exact length back must carry it in the payload. GPA-direct ranges
 * ({len, offset, pfn[DIV_ROUND_UP(offset + len, 4096)]}, range_cnt >= 1,
 * len >= 1, offset < 4096) must lie between the header and offset8 * 8;
 * any data after offset8 * 8 is ignored. Replies use offset8 = 2 and no
 * flags. Every reply goes out as soon as it fits the inbound ring; while
 * it does not, the host reads nothing more (back-pressure).
 *
 * Violations, counted by the host and dropped without a reply: a packet of
 * another type, a completion asked for with trans_id 0, bad GPA-direct
 * ranges, or a reply that could never fit the inbound ring (or a len8).
 */
#ifndef HVLIS_SIM_ECHO_H
#define HVLIS_SIM_ECHO_H

#include <linux/uuid.h>

#define SIM_ECHO_CLASS_GUID \
	GUID_INIT(0x58224ee5, 0x62bb, 0x47bd, 0x98, 0x14, \
		  0xb4, 0x6f, 0xc1, 0xb7, 0xe7, 0xbd)
#define SIM_ECHO_CLASS_STR	"58224ee5-62bb-47bd-9814-b46fc1b7e7bd"

#endif
