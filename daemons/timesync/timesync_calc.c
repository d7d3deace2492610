// SPDX-License-Identifier: GPL-2.0-only
/* Time-sync arithmetic and decisions; see timesync_calc.h. */
#include "timesync_calc.h"

#include <string.h>

#include <linux/hvlis_genl.h>

void timesync_config_default(struct timesync_config *cfg)
{
	cfg->step_threshold_ns = TIMESYNC_DEFAULT_STEP_THRESHOLD_NS;
	cfg->sync_step_min_ns = TIMESYNC_DEFAULT_SYNC_STEP_MIN_NS;
	cfg->max_transit_ns = TIMESYNC_DEFAULT_MAX_TRANSIT_NS;
	cfg->force = false;
	cfg->defer_sync = false;
}

enum timesync_sample_error
timesync_calc_offset(const struct timesync_config *cfg,
		     const struct timesync_sample *s, struct timesync_offset *out)
{
	uint64_t host_100ns, transit_100ns = 0;

	memset(out, 0, sizeof(*out));
	if (s->host_time < HVLIS_TS_EPOCH_DELTA_100NS)
		return TIMESYNC_SAMPLE_BEFORE_1970;
	if (s->host_ref) {
		if (s->recv_ref < s->host_ref)
			return TIMESYNC_SAMPLE_REF_BACKWARDS;
		transit_100ns = s->recv_ref - s->host_ref;
		/* Compared in 100 ns units so the product cannot overflow. */
		if (transit_100ns > (uint64_t)cfg->max_transit_ns / 100)
			return TIMESYNC_SAMPLE_STALE;
		out->transit_known = true;
	}
	host_100ns = s->host_time - HVLIS_TS_EPOCH_DELTA_100NS;
	if (host_100ns > (uint64_t)INT64_MAX / 100 - transit_100ns)
		return TIMESYNC_SAMPLE_TOO_LATE;
	if (s->recv_realtime > (uint64_t)INT64_MAX)
		return TIMESYNC_SAMPLE_GUEST_CLOCK;
	out->transit_ns = (int64_t)transit_100ns * 100;
	/* Both terms are in [0, INT64_MAX], so the difference fits. */
	out->offset_ns = (int64_t)((host_100ns + transit_100ns) * 100) -
			 (int64_t)s->recv_realtime;
	return TIMESYNC_SAMPLE_OK;
}

const char *timesync_sample_error_str(enum timesync_sample_error err)
{
	switch (err) {
	case TIMESYNC_SAMPLE_OK:		return "the sample is valid";
	case TIMESYNC_SAMPLE_BEFORE_1970:	return "the host's time is before 1970";
	case TIMESYNC_SAMPLE_TOO_LATE:		return "the host's time is after 2262";
	case TIMESYNC_SAMPLE_REF_BACKWARDS:	return "the sample arrived before the host took it (reference time went backwards)";
	case TIMESYNC_SAMPLE_STALE:		return "the sample took longer than the allowed transit time to arrive";
	case TIMESYNC_SAMPLE_GUEST_CLOCK:	return "the guest's clock reading is after 2262";
	}
	return "the sample is invalid";
}

static int64_t abs64(int64_t v)
{
	/* INT64_MIN cannot be an offset: both clocks are >= 0. */
	return v < 0 ? -v : v;
}

enum timesync_action timesync_decide(const struct timesync_config *cfg,
				     uint8_t flags, int64_t offset_ns,
				     bool other_client)
{
	bool deferring = other_client && !cfg->force;
	int64_t off = abs64(offset_ns);

	if ((flags & HVLIS_TS_FLAG_SYNC) && !(deferring && cfg->defer_sync) &&
	    off >= cfg->sync_step_min_ns)
		return TIMESYNC_ACT_STEP;
	if (!(flags & (HVLIS_TS_FLAG_SYNC | HVLIS_TS_FLAG_SAMPLE)))
		return TIMESYNC_ACT_RECORD;
	if (deferring)
		return TIMESYNC_ACT_DEFER;
	if (off > cfg->step_threshold_ns)
		return TIMESYNC_ACT_STEP;
	return TIMESYNC_ACT_SLEW;
}

const char *timesync_action_name(enum timesync_action action)
{
	switch (action) {
	case TIMESYNC_ACT_RECORD:	return "record";
	case TIMESYNC_ACT_DEFER:	return "defer";
	case TIMESYNC_ACT_STEP:		return "step";
	case TIMESYNC_ACT_SLEW:		return "slew";
	}
	return "unknown";
}

long timesync_slew_usec(const struct timesync_config *cfg, int64_t offset_ns)
{
	int64_t limit = cfg->step_threshold_ns;

	if (offset_ns > limit)
		offset_ns = limit;
	if (offset_ns < -limit)
		offset_ns = -limit;
	/* C division truncates toward zero, as wanted. */
	return (long)(offset_ns / 1000);
}

int timesync_is_ntp_client(const char *comm)
{
	/* comm is cut at 15 bytes: systemd-timesyncd shows as systemd-timesyn. */
	static const char *const clients[] = {
		"chronyd", "ntpd", "openntpd", "systemd-timesyn", "phc2sys",
		"timemaster", "ntpsec",
	};
	size_t len = strcspn(comm, "\n");

	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++) {
		if (strlen(clients[i]) == len && strncmp(comm, clients[i], len) == 0)
			return 1;
	}
	return 0;
}
