/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_timesync_daemon's state file: what `hv_timesync_daemon --status`
 * shows. The daemon rewrites it (temporary file + rename, so a reader
 * never sees half of it) after every sample and on mode changes; the
 * default path is TS_STATE_DEFAULT_PATH. Format: "key=value" lines,
 * unknown keys ignored so an older --status reads a newer daemon's file.
 */
#ifndef HVLIS_TS_STATE_H
#define HVLIS_TS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TS_STATE_DEFAULT_PATH	"/run/hv_timesync_daemon/state"
#define TS_STATE_MAX_BYTES	4096
#define TS_STATE_WORD		32

struct ts_state {
	long pid;
	char mode[TS_STATE_WORD];	/* waiting, disciplining, deferring */
	char other_client[TS_STATE_WORD];	/* what we defer to, or "" */
	uint64_t samples, invalid, steps, slews, deferred, recorded;
	bool have_sample;
	int64_t last_rx_ns;		/* guest CLOCK_REALTIME at receipt */
	int64_t last_offset_ns;
	int64_t last_transit_ns;	/* -1: the host sent no reference time */
	unsigned int last_flags;
	char last_action[TS_STATE_WORD];
	int64_t step_threshold_ns;
	int64_t updated;		/* CLOCK_REALTIME seconds of the write */
};

/* The file's text into buf; returns its length, or -1 if it does not fit. */
int ts_state_format(const struct ts_state *st, char *buf, size_t size);
/* Parses a state file's bytes (need not be NUL-terminated). */
bool ts_state_parse(const char *text, size_t len, struct ts_state *st,
		    char *why, size_t why_size);
/* The human-readable lines of --status. */
void ts_state_print(const struct ts_state *st, FILE *out);

/* Atomic write to path; 0, or -1 with errno. */
int ts_state_write(const char *path, const struct ts_state *st);
/* Reads and parses path; false with why set. */
bool ts_state_read(const char *path, struct ts_state *st, char *why,
		   size_t why_size);

#endif /* HVLIS_TS_STATE_H */
