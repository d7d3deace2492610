// SPDX-License-Identifier: GPL-2.0-only
/* hv_timesync_daemon's state file; see timesync_state.h. */
#include "timesync_state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int timesync_state_format(const struct timesync_state *st, char *buf,
			  size_t size)
{
	int n = snprintf(buf, size,
			 "pid=%ld\nmode=%s\nother_client=%s\n"
			 "samples=%" PRIu64 "\ninvalid=%" PRIu64 "\nsteps=%" PRIu64
			 "\nslews=%" PRIu64 "\ndeferred=%" PRIu64 "\nrecorded=%" PRIu64
			 "\nhave_sample=%d\nlast_rx_ns=%" PRId64
			 "\nlast_offset_ns=%" PRId64 "\nlast_transit_ns=%" PRId64
			 "\nlast_flags=%u\nlast_action=%s\nstep_threshold_ns=%" PRId64
			 "\nupdated=%" PRId64 "\n",
			 st->pid, st->mode, st->other_client, st->samples,
			 st->invalid, st->steps, st->slews, st->deferred,
			 st->recorded, st->have_sample ? 1 : 0, st->last_rx_ns,
			 st->last_offset_ns, st->last_transit_ns, st->last_flags,
			 st->last_action, st->step_threshold_ns, st->updated);

	return n < 0 || (size_t)n >= size ? -1 : n;
}

static bool parse_i64(const char *v, int64_t *out)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || end == v || *end)
		return false;
	*out = x;
	return true;
}

static bool parse_u64(const char *v, uint64_t *out)
{
	char *end;
	unsigned long long x;

	if (*v == '-')
		return false;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno || end == v || *end)
		return false;
	*out = x;
	return true;
}

/* A word: printable ASCII without spaces, shorter than TIMESYNC_STATE_WORD. */
static bool parse_word(const char *v, char *out)
{
	size_t len = strlen(v);

	if (len >= TIMESYNC_STATE_WORD)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (v[i] <= ' ' || v[i] > '~')
			return false;
	}
	memcpy(out, v, len + 1);
	return true;
}

static bool parse_field(struct timesync_state *st, const char *key,
			const char *v)
{
	int64_t i;
	uint64_t u;

#define U64_FIELD(name) \
	if (strcmp(key, #name) == 0) \
		return parse_u64(v, &st->name)
#define I64_FIELD(name) \
	if (strcmp(key, #name) == 0) \
		return parse_i64(v, &st->name)
	U64_FIELD(samples);
	U64_FIELD(invalid);
	U64_FIELD(steps);
	U64_FIELD(slews);
	U64_FIELD(deferred);
	U64_FIELD(recorded);
	I64_FIELD(last_rx_ns);
	I64_FIELD(last_offset_ns);
	I64_FIELD(last_transit_ns);
	I64_FIELD(step_threshold_ns);
	I64_FIELD(updated);
#undef U64_FIELD
#undef I64_FIELD
	if (strcmp(key, "pid") == 0) {
		if (!parse_i64(v, &i) || i < 0 || i > INT_MAX)
			return false;
		st->pid = (long)i;
		return true;
	}
	if (strcmp(key, "have_sample") == 0) {
		if (!parse_u64(v, &u) || u > 1)
			return false;
		st->have_sample = u == 1;
		return true;
	}
	if (strcmp(key, "last_flags") == 0) {
		if (!parse_u64(v, &u) || u > 255)
			return false;
		st->last_flags = (unsigned int)u;
		return true;
	}
	if (strcmp(key, "mode") == 0)
		return parse_word(v, st->mode);
	if (strcmp(key, "other_client") == 0)
		return *v == '\0' ? (st->other_client[0] = '\0', true) :
				    parse_word(v, st->other_client);
	if (strcmp(key, "last_action") == 0)
		return parse_word(v, st->last_action);
	return true;	/* a newer daemon's key */
}

bool timesync_state_parse(const char *text, size_t len,
			  struct timesync_state *st, char *why, size_t why_size)
{
	char line[256];
	size_t pos = 0;
	int lineno = 0;

	memset(st, 0, sizeof(*st));
	if (len > TIMESYNC_STATE_MAX_BYTES) {
		snprintf(why, why_size, "the state file is %zu bytes, more than the %d a daemon writes",
			 len, TIMESYNC_STATE_MAX_BYTES);
		return false;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *eq;

		lineno++;
		if (n >= sizeof(line) || memchr(text + pos, '\0', n)) {
			snprintf(why, why_size, "line %d of the state file is too long or holds a NUL byte",
				 lineno);
			return false;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + (nl ? 1 : 0);
		if (n == 0)
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			snprintf(why, why_size, "line %d of the state file has no '='", lineno);
			return false;
		}
		*eq = '\0';
		if (!parse_field(st, line, eq + 1)) {
			snprintf(why, why_size, "line %d of the state file has a bad value for %.40s",
				 lineno, line);
			return false;
		}
	}
	if (!st->mode[0] || !st->pid) {
		snprintf(why, why_size, "the state file has no pid or mode line");
		return false;
	}
	return true;
}

static const char *flags_name(unsigned int flags)
{
	if (flags & 1)
		return "SYNC";
	if (flags & 2)
		return "SAMPLE";
	return "PROBE";
}

static void print_ns(FILE *out, const char *label, int64_t ns)
{
	/* Split by hand: the sign must survive a value between -1 s and 0. */
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;

	fprintf(out, "%s%s%" PRIu64 ".%09" PRIu64 " s\n", label, ns < 0 ? "-" : "+",
		mag / 1000000000u, mag % 1000000000u);
}

void timesync_state_print(const struct timesync_state *st, FILE *out)
{
	fprintf(out, "daemon:          pid %ld\n", st->pid);
	fprintf(out, "mode:            %s%s%s\n", st->mode,
		st->other_client[0] ? " to " : "", st->other_client);
	fprintf(out, "samples:         %" PRIu64 " (%" PRIu64 " invalid)\n",
		st->samples, st->invalid);
	fprintf(out, "actions:         %" PRIu64 " steps, %" PRIu64 " slews, %" PRIu64
		" deferred, %" PRIu64 " recorded\n",
		st->steps, st->slews, st->deferred, st->recorded);
	print_ns(out, "step threshold:  ", st->step_threshold_ns);
	if (!st->have_sample) {
		fprintf(out, "last sample:     none yet\n");
		return;
	}
	{
		time_t when = (time_t)(st->last_rx_ns / 1000000000);
		struct tm tm;
		char stamp[64] = "?";

		if (gmtime_r(&when, &tm))
			strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S UTC", &tm);
		fprintf(out, "last sample:     %s (%s, %s)\n", stamp,
			flags_name(st->last_flags), st->last_action);
	}
	print_ns(out, "last offset:     ", st->last_offset_ns);
	if (st->last_transit_ns >= 0)
		print_ns(out, "last transit:    ", st->last_transit_ns);
	else
		fprintf(out, "last transit:    unknown (the host sent no reference time)\n");
}

/* Removes the temporary file after a failed step, keeping that step's errno. */
static int write_failed(int fd, const char *tmp)
{
	int err = errno;

	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = err;
	return -1;
}

int timesync_state_write(const char *path, const struct timesync_state *st)
{
	char buf[TIMESYNC_STATE_MAX_BYTES], tmp[PATH_MAX];
	int len = timesync_state_format(st, buf, sizeof(buf));
	int fd;

	if (len < 0 || snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	/* A few hundred bytes: one write() is whole or fails. */
	errno = 0;
	if (write(fd, buf, (size_t)len) != len) {
		if (errno == 0)
			errno = EIO;
		return write_failed(fd, tmp);
	}
	if (close(fd) < 0)
		return write_failed(-1, tmp);
	if (rename(tmp, path) < 0)
		return write_failed(-1, tmp);
	return 0;
}

bool timesync_state_read(const char *path, struct timesync_state *st, char *why,
			 size_t why_size)
{
	char buf[TIMESYNC_STATE_MAX_BYTES + 1];
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, why_size, "cannot open %s: %s; is hv_timesync_daemon running?",
			 path, strerror(errno));
		return false;
	}
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, why_size, "cannot read %s: %s.", path, strerror(errno));
			close(fd);
			return false;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!timesync_state_parse(buf, len, st, why, why_size))
		return false;
	return true;
}
