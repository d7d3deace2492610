/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_timesync_daemon's state file: what `hv_timesync_daemon --status`
 * shows. The daemon rewrites it (temporary file + rename, so a reader
 * never sees half of it) after every sample and on mode changes; the
 * default path is TIMESYNC_STATE_DEFAULT_PATH. Format: "key=value" lines,
 * unknown keys ignored so an older --status reads a newer daemon's file.
 */
#ifndef HVLIS_TIMESYNC_STATE_H
#define HVLIS_TIMESYNC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TIMESYNC_STATE_DEFAULT_PATH	"/run/hv_timesync_daemon/state"
#define TIMESYNC_STATE_MAX_BYTES	4096
#define TIMESYNC_STATE_WORD		32

struct timesync_state {
	long pid;
	char mode[TIMESYNC_STATE_WORD];	/* waiting, disciplining, deferring */
	char other_client[TIMESYNC_STATE_WORD];	/* what we defer to, or "" */
	uint64_t samples, invalid, steps, slews, deferred, recorded;
	bool have_sample;
	int64_t last_rx_ns;		/* guest CLOCK_REALTIME at receipt */
	int64_t last_offset_ns;
	int64_t last_transit_ns;	/* -1: the host sent no reference time */
	unsigned int last_flags;
	char last_action[TIMESYNC_STATE_WORD];
	int64_t step_threshold_ns;
	int64_t updated;		/* CLOCK_REALTIME seconds of the write */
};

/* The file's text into buf; returns its length, or -1 if it does not fit. */
int timesync_state_format(const struct timesync_state *st, char *buf,
			  size_t size);
/* Parses a state file's bytes (need not be NUL-terminated). */
bool timesync_state_parse(const char *text, size_t len,
			  struct timesync_state *st, char *why, size_t why_size);
/* The human-readable lines of --status. */
void timesync_state_print(const struct timesync_state *st, FILE *out);

/* Atomic write to path; 0, or -1 with errno. */
int timesync_state_write(const char *path, const struct timesync_state *st);
/* Reads and parses path; false with why set. */
bool timesync_state_read(const char *path, struct timesync_state *st, char *why,
			 size_t why_size);

#endif /* HVLIS_TIMESYNC_STATE_H */
