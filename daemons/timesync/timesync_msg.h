/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HVLIS_CMD_TIME_SAMPLE to and from a plain struct. The daemon parses;
 * the builder plays the kernel for tests and fuzz seeds. Same parsing
 * rules as kvp_msg.h.
 */
#ifndef HVLIS_TIMESYNC_MSG_H
#define HVLIS_TIMESYNC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

struct timesync_sample {
	uint64_t host_time;	/* host UTC, 100 ns since 1601 */
	uint64_t host_ref;	/* reference time of host_time; 0: unknown */
	uint64_t recv_ref;	/* reference time at receipt, 100 ns */
	uint64_t recv_realtime;	/* guest CLOCK_REALTIME at receipt, ns */
	uint8_t flags;		/* HVLIS_TS_FLAG_* */
	uint8_t leap;
	uint8_t stratum;
};

bool timesync_msg_parse_sample(struct nlmsghdr *nlh,
			       struct timesync_sample *sample, char *why,
			       size_t why_size);
/* 0, or a negative libnl error. host_ref 0 is left out, as for v3 hosts. */
int timesync_msg_build_sample(struct nl_msg *msg, int family,
			      const struct timesync_sample *sample);

#endif /* HVLIS_TIMESYNC_MSG_H */
