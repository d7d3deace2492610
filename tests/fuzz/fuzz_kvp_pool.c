// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the KVP pool-file parser (daemons/kvp/kvp_pool.c).
 * A pool file is written by the host's side of hv_kvp_daemon and by
 * outside tools, so its bytes are untrusted: the input is written as
 * pool 1 in a directory made once per process, then read back with
 * read_all, enumerate and get, and changed with set (without and with
 * KVP_POOL_REPAIR) and delete. The results are checked against what the
 * raw bytes say, and any violation traps:
 *
 * - reads return exactly the intact records (key and value both
 *   NUL-terminated), in file order and byte for byte, and KVP_E_TORN /
 *   KVP_E_CORRUPT exactly when the file has a partial tail / a corrupt
 *   record;
 * - enumerate and get agree with read_all;
 * - a too-long key or value, or a change without repair on a torn file,
 *   leaves the file untouched;
 * - after a repairing set the file is whole records, holds the intact
 *   records with the key set once, and reads back without damage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvp_pool.h"

#define REC		KVP_POOL_RECORD_SIZE
#define KEY_FROM_INPUT	64	/* at most this many bytes of key from the input */
#define VALUE_FROM_INPUT 200

#define CHECK(cond)				\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];
static char path[320];
static char tmp_path[320];
static struct kvp_pool pool;
static char too_long_key[KVP_POOL_KEY_SIZE + 1];
static char too_long_value[KVP_POOL_VALUE_SIZE + 1];

static void cleanup(void)
{
	kvp_pool_close(&pool);
	unlink(path);
	unlink(tmp_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	/* tmpfs if there is one: every set fsyncs the file and the directory. */
	if (!base || !base[0])
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/fuzz_kvp_pool.XXXXXX", base);
	if (!mkdtemp(dir)) {
		fprintf(stderr, "fuzz_kvp_pool: cannot create a directory in %s: %s; set TMPDIR to a writable directory.\n",
			base, strerror(errno));
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/.kvp_pool_%d", dir, KVP_POOL_GUEST);
	snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", path);
	if (kvp_pool_open(&pool, dir, KVP_POOL_GUEST) != KVP_OK) {
		fprintf(stderr, "fuzz_kvp_pool: %s\n", kvp_pool_message(&pool));
		rmdir(dir);
		exit(1);
	}
	atexit(cleanup);
	memset(too_long_key, 'k', KVP_POOL_KEY_SIZE);
	memset(too_long_value, 'v', KVP_POOL_VALUE_SIZE);
	return 0;
}

static void write_file(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t done = 0;

	CHECK(fd >= 0);
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);

		CHECK(n > 0);
		done += (size_t)n;
	}
	CHECK(close(fd) == 0);
}

/* The whole file, malloc()ed, and its size. */
static uint8_t *read_file(size_t *size)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0);
	buf = malloc((size_t)st.st_size + 1);
	CHECK(buf);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		CHECK(n > 0);
		done += (size_t)n;
	}
	close(fd);
	*size = done;
	return buf;
}

static void check_file_is(const uint8_t *data, size_t size)
{
	size_t now_size;
	uint8_t *now = read_file(&now_size);

	CHECK(now_size == size);
	CHECK(size == 0 || memcmp(now, data, size) == 0);
	free(now);
}

static bool intact(const struct kvp_record *rec)
{
	return memchr(rec->key, '\0', sizeof(rec->key)) &&
	       memchr(rec->value, '\0', sizeof(rec->value));
}

static void check_message(enum kvp_result r)
{
	const char *msg = kvp_pool_message(&pool);

	CHECK(memchr(msg, '\0', KVP_POOL_MSG_SIZE));
	if (r != KVP_OK)
		CHECK(msg[0] != '\0');
}

/* A string of at most max - 1 bytes from src, cut at its first NUL. */
static void take_string(char *out, size_t max, const uint8_t *src,
			size_t len)
{
	size_t n = len < max - 1 ? len : max - 1;

	if (n)
		memcpy(out, src, n);
	out[n] = '\0';
}

/* Index of the first record with this key, or count. */
static size_t find_key(const struct kvp_record *recs, size_t count,
		       const char *key)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(recs[i].key, key) == 0)
			break;
	return i;
}

static void check_get(const struct kvp_record *recs, size_t count,
		      enum kvp_result damage, const char *key)
{
	char value[KVP_POOL_VALUE_SIZE];
	size_t at = find_key(recs, count, key);
	enum kvp_result r = kvp_pool_get(&pool, key, value);

	check_message(r);
	if (!key[0]) {
		CHECK(r == KVP_E_INVALID);
		return;
	}
	if (at == count) {
		CHECK(r == KVP_E_NOT_FOUND);
		return;
	}
	CHECK(r == damage);
	CHECK(memchr(value, '\0', sizeof(value)));
	CHECK(strcmp(value, recs[at].value) == 0);
}

/* The reads: read_all against the raw bytes, enumerate and get against read_all. */
static void check_reads(const uint8_t *data, size_t size,
			struct kvp_record **recs_out, size_t *count_out)
{
	size_t whole = size / REC, tail = size % REC, n_intact = 0;
	const size_t probes[] = { 0, 1, SIZE_MAX };
	struct kvp_record *recs, rec;
	enum kvp_result r, want;
	size_t count, j = 0;

	for (size_t i = 0; i < whole; i++) {
		const uint8_t *raw = data + i * REC;

		n_intact += memchr(raw, '\0', KVP_POOL_KEY_SIZE) &&
			    memchr(raw + KVP_POOL_KEY_SIZE, '\0', KVP_POOL_VALUE_SIZE);
	}
	want = tail ? KVP_E_TORN : n_intact < whole ? KVP_E_CORRUPT : KVP_OK;

	r = kvp_pool_read_all(&pool, &recs, &count);
	check_message(r);
	CHECK(r == want);
	CHECK(count == n_intact);
	CHECK((count == 0) == (recs == NULL));
	for (size_t i = 0; i < whole; i++) {
		struct kvp_record raw;

		memcpy(&raw, data + i * REC, REC);
		if (!intact(&raw))
			continue;
		CHECK(intact(&recs[j]));
		CHECK(memcmp(&recs[j], &raw, REC) == 0);
		j++;
	}
	CHECK(j == count);

	for (size_t p = 0; p < sizeof(probes) / sizeof(probes[0]) + 2; p++) {
		/* 0, 1, SIZE_MAX, then the last record and one past it. */
		size_t index = p < 3 ? probes[p] : count - 1 + (p - 3);

		memset(&rec, 0xa5, sizeof(rec));
		r = kvp_pool_enumerate(&pool, index, &rec);
		check_message(r);
		if (index < count) {
			CHECK(r == want);
			CHECK(memcmp(&rec, &recs[index], REC) == 0);
		} else {
			CHECK(r == KVP_E_INDEX_RANGE);
		}
	}

	if (count)
		check_get(recs, count, want, recs[count - 1].key);
	*recs_out = recs;
	*count_out = count;
}

static void check_changes(const uint8_t *data, size_t size,
			  const struct kvp_record *recs, size_t count)
{
	char key[KEY_FROM_INPUT], value[VALUE_FROM_INPUT];
	size_t key_len = size < KEY_FROM_INPUT ? size : KEY_FROM_INPUT;
	struct kvp_record *after, *want;
	size_t after_count, want_count = 0, at;
	uint8_t *file;
	size_t file_size;
	enum kvp_result r;

	/* A key from the end of the input, a value from its start. */
	take_string(key, sizeof(key), size ? data + size - key_len : data,
		    key_len);
	if (!key[0])
		strcpy(key, "fuzz");
	take_string(value, sizeof(value), data,
		    size < VALUE_FROM_INPUT ? size : VALUE_FROM_INPUT);
	check_get(recs, count, size % REC ? KVP_E_TORN :
		  count < size / REC ? KVP_E_CORRUPT : KVP_OK, key);

	/* Refused changes leave the file as it was. */
	r = kvp_pool_set(&pool, too_long_key, value, KVP_POOL_REPAIR);
	check_message(r);
	CHECK(r == KVP_E_KEY_TOO_LONG);
	r = kvp_pool_set(&pool, key, too_long_value, KVP_POOL_REPAIR);
	check_message(r);
	CHECK(r == KVP_E_VALUE_TOO_LONG);
	if (size % REC) {
		r = kvp_pool_set(&pool, key, value, 0);
		check_message(r);
		CHECK(r == KVP_E_TORN);
		r = kvp_pool_delete(&pool, key, 0);
		check_message(r);
		CHECK(r == KVP_E_TORN);
	}
	check_file_is(data, size);

	/* What a repairing set must leave: the intact records, key set once. */
	want = calloc(count + 1, sizeof(*want));
	CHECK(want);
	at = find_key(recs, count, key);
	for (size_t i = 0; i < count; i++) {
		if (strcmp(recs[i].key, key) != 0) {
			want[want_count++] = recs[i];
		} else if (i == at) {
			want[want_count] = recs[i];
			memset(want[want_count].value, 0, KVP_POOL_VALUE_SIZE);
			strcpy(want[want_count].value, value);
			want_count++;
		}
	}
	if (at == count) {
		strcpy(want[want_count].key, key);
		strcpy(want[want_count].value, value);
		want_count++;
	}

	r = kvp_pool_set(&pool, key, value, KVP_POOL_REPAIR);
	check_message(r);
	CHECK(r == KVP_OK);
	file = read_file(&file_size);
	CHECK(file_size % REC == 0);
	CHECK(file_size == want_count * REC);
	CHECK(memcmp(file, want, file_size) == 0);
	free(file);
	r = kvp_pool_read_all(&pool, &after, &after_count);
	CHECK(r == KVP_OK);
	CHECK(after_count == want_count);
	CHECK(memcmp(after, want, want_count * REC) == 0);
	free(after);
	check_get(want, want_count, KVP_OK, key);

	r = kvp_pool_delete(&pool, key, 0);
	check_message(r);
	CHECK(r == KVP_OK);
	file = read_file(&file_size);
	CHECK(file_size == (want_count - 1) * REC);
	free(file);
	r = kvp_pool_delete(&pool, key, 0);
	CHECK(r == KVP_E_NOT_FOUND);
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvp_record *recs;
	size_t count;

	write_file(data, size);
	check_reads(data, size, &recs, &count);
	check_changes(data, size, recs, count);
	free(recs);
	return 0;
}
