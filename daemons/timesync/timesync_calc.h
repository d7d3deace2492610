/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arithmetic and the decisions of hv_timesync_daemon, free of system
 * calls so the unit tests can feed them samples.
 *
 * Offset: the host read its clock (host_time) at VM reference time
 * host_ref; the kernel received the message at reference time recv_ref
 * and read the guest's clock (recv_realtime) then. So at receipt the
 * host's clock read host_time + (recv_ref - host_ref): counting the
 * transit keeps the delay of the message out of the offset. Without
 * host_ref (hosts before timesync 4.0) the transit is unknown and taken
 * as zero. offset = host clock - guest clock: positive means the guest
 * is behind.
 *
 * Decision, for a valid sample (see timesync_decide() for the order):
 * - SYNC (the host just started or resumed the VM): step, unless the
 *   clock is already within sync_step_min or we defer SYNC too.
 * - PROBE (neither flag): only recorded.
 * - another NTP client disciplines the clock and we are not forced:
 *   defer, i.e. leave the clock alone.
 * - |offset| above step_threshold: step; otherwise slew.
 */
#ifndef HVLIS_TIMESYNC_CALC_H
#define HVLIS_TIMESYNC_CALC_H

#include <stdbool.h>
#include <stdint.h>

#include "timesync_msg.h"

#define TIMESYNC_NSEC_PER_SEC			1000000000LL
#define TIMESYNC_DEFAULT_STEP_THRESHOLD_NS	(500 * 1000000LL)	/* 0.5 s */
#define TIMESYNC_DEFAULT_SYNC_STEP_MIN_NS	(1 * 1000000LL)		/* 1 ms */
#define TIMESYNC_DEFAULT_MAX_TRANSIT_NS		(10 * TIMESYNC_NSEC_PER_SEC)

struct timesync_config {
	int64_t step_threshold_ns;	/* SAMPLE: step above, slew below */
	int64_t sync_step_min_ns;	/* SYNC: no step below this */
	int64_t max_transit_ns;		/* older samples are stale */
	bool force;			/* discipline even with another client */
	bool defer_sync;		/* defer SYNC steps to the other client too */
};

void timesync_config_default(struct timesync_config *cfg);

enum timesync_sample_error {
	TIMESYNC_SAMPLE_OK = 0,
	TIMESYNC_SAMPLE_BEFORE_1970,	/* host time before the Unix epoch */
	TIMESYNC_SAMPLE_TOO_LATE,	/* host time past what int64 ns hold */
	TIMESYNC_SAMPLE_REF_BACKWARDS,	/* received before the host sampled */
	TIMESYNC_SAMPLE_STALE,		/* transit longer than max_transit_ns */
	TIMESYNC_SAMPLE_GUEST_CLOCK,	/* guest time past what int64 ns hold */
};

struct timesync_offset {
	int64_t offset_ns;	/* host - guest at receipt */
	int64_t transit_ns;	/* recv_ref - host_ref; 0 when unknown */
	bool transit_known;
};

enum timesync_sample_error
timesync_calc_offset(const struct timesync_config *cfg,
		     const struct timesync_sample *sample,
		     struct timesync_offset *out);
/* A sentence fragment: "the host's time is before 1970", ... */
const char *timesync_sample_error_str(enum timesync_sample_error err);

enum timesync_action {
	TIMESYNC_ACT_RECORD,		/* PROBE: remember, touch nothing */
	TIMESYNC_ACT_DEFER,		/* another client owns the clock */
	TIMESYNC_ACT_STEP,		/* clock_settime(now + offset) */
	TIMESYNC_ACT_SLEW,		/* adjtimex(ADJ_OFFSET_SINGLESHOT, offset) */
};

enum timesync_action timesync_decide(const struct timesync_config *cfg,
				     uint8_t flags, int64_t offset_ns,
				     bool other_client);
const char *timesync_action_name(enum timesync_action action);

/*
 * The offset for ADJ_OFFSET_SINGLESHOT, in microseconds, rounded toward
 * zero and clamped to +-step_threshold so a slew never outgrows a step.
 */
long timesync_slew_usec(const struct timesync_config *cfg, int64_t offset_ns);

/* 1 if comm (a /proc/<pid>/comm line) is a known NTP client, else 0. */
int timesync_is_ntp_client(const char *comm);

#endif /* HVLIS_TIMESYNC_CALC_H */
