// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of daemons/kvp/kvp_pool.c: the byte layout other tools read,
 * the limits, locking between processes, and torn or corrupt files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kvp_pool.h"
#include "test_dir.h"

#define REC	KVP_POOL_RECORD_SIZE
#define KEYS_PER_WRITER	200

struct fixture {
	char dir[64];
	char path[128];		/* pool 1, the guest pool, in dir */
	struct kvp_pool pool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (test_dir_create(f->dir, sizeof(f->dir), "kvp_pool")) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/.kvp_pool_1", f->dir);
	if (kvp_pool_open(&f->pool, f->dir, KVP_POOL_GUEST) != KVP_OK) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kvp_pool_close(&f->pool);
	test_dir_remove(f->dir);
	free(f);
	return 0;
}

/* The whole pool file in a malloc()ed buffer; *size -1 if it is absent. */
static unsigned char *slurp(const char *path, long *size)
{
	unsigned char *buf;
	FILE *fp = fopen(path, "rb");

	*size = -1;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	*size = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)*size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)*size, fp), (size_t)*size);
	fclose(fp);
	return buf;
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void append_bytes(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

static void assert_value(struct kvp_pool *pool, const char *key,
			 const char *want)
{
	char value[KVP_POOL_VALUE_SIZE];

	assert_int_equal(kvp_pool_get(pool, key, value), KVP_OK);
	assert_string_equal(value, want);
}

static void assert_all_zero(const unsigned char *buf, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (buf[i] != 0)
			fail_msg("byte %zu is 0x%02x, expected 0", i, buf[i]);
}

static void test_set_then_get(void **state)
{
	struct fixture *f = *state;
	char value[KVP_POOL_VALUE_SIZE];

	assert_int_equal(kvp_pool_set(&f->pool, "alpha", "1", 0), KVP_OK);
	assert_int_equal(kvp_pool_set(&f->pool, "beta", "two", 0), KVP_OK);
	assert_value(&f->pool, "alpha", "1");
	assert_value(&f->pool, "beta", "two");
	/* keys are byte-exact, so case matters */
	assert_int_equal(kvp_pool_get(&f->pool, "Alpha", value),
			 KVP_E_NOT_FOUND);
}

static void test_byte_layout_and_mode(void **state)
{
	struct fixture *f = *state;
	mode_t old_umask = umask(077);	/* the file must be 0644 regardless */
	unsigned char *buf;
	struct stat st;
	long size;

	assert_int_equal(kvp_pool_set(&f->pool, "k1", "v1", 0), KVP_OK);
	umask(old_umask);

	buf = slurp(f->path, &size);
	assert_int_equal(size, REC);
	assert_memory_equal(buf, "k1", 2);
	assert_all_zero(buf, 2, 512);
	assert_memory_equal(buf + 512, "v1", 2);
	assert_all_zero(buf, 514, REC);
	free(buf);

	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

/* Changes are made in place: the pool keeps its inode, nothing else is left. */
static void test_changes_keep_the_file(void **state)
{
	struct fixture *f = *state;
	struct stat before, after;
	struct dirent *de;
	int entries = 0;
	DIR *d;

	assert_int_equal(kvp_pool_set(&f->pool, "a", "1", 0), KVP_OK);
	assert_int_equal(stat(f->path, &before), 0);
	assert_int_equal(kvp_pool_set(&f->pool, "b", "2", 0), KVP_OK);
	assert_int_equal(kvp_pool_set(&f->pool, "a", "one", 0), KVP_OK);
	assert_int_equal(kvp_pool_delete(&f->pool, "a", 0), KVP_OK);
	assert_int_equal(stat(f->path, &after), 0);
	assert_true(before.st_ino == after.st_ino);
	assert_int_equal(after.st_size, REC);
	assert_value(&f->pool, "b", "2");

	d = opendir(f->dir);
	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			entries++;
	closedir(d);
	assert_int_equal(entries, 1);
}

static void test_missing_pool_reads_empty(void **state)
{
	struct fixture *f = *state;
	struct kvp_record *recs = (void *)1;
	size_t count = 99;

	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count), KVP_OK);
	assert_null(recs);
	assert_int_equal(count, 0);
	/* a reader must not create the file */
	assert_int_equal(file_size(f->path), -1);
}

static void test_replace_keeps_one_record(void **state)
{
	struct fixture *f = *state;
	unsigned char *buf;
	long size;

	assert_int_equal(kvp_pool_set(&f->pool, "a", "1", 0), KVP_OK);
	assert_int_equal(kvp_pool_set(&f->pool, "b", "2", 0), KVP_OK);
	assert_int_equal(kvp_pool_set(&f->pool, "a", "longer value", 0),
			 KVP_OK);
	assert_int_equal(file_size(f->path), 2 * REC);
	assert_value(&f->pool, "a", "longer value");
	assert_int_equal(kvp_pool_set(&f->pool, "a", "x", 0), KVP_OK);

	/* the shorter value leaves no bytes of the longer one behind */
	buf = slurp(f->path, &size);

	assert_int_equal(size, 2 * REC);
	assert_string_equal((char *)buf, "a");
	assert_string_equal((char *)buf + 512, "x");
	assert_all_zero(buf, 513, REC);
	free(buf);
}

static void test_replace_drops_duplicates(void **state)
{
	struct fixture *f = *state;
	struct kvp_record rec[3];

	/* duplicates written by another tool */
	memset(rec, 0, sizeof(rec));
	strcpy(rec[0].key, "dup");
	strcpy(rec[0].value, "first");
	strcpy(rec[1].key, "other");
	strcpy(rec[1].value, "o");
	strcpy(rec[2].key, "dup");
	strcpy(rec[2].value, "second");
	append_bytes(f->path, rec, sizeof(rec));

	assert_value(&f->pool, "dup", "first");
	assert_int_equal(kvp_pool_set(&f->pool, "dup", "new", 0), KVP_OK);
	assert_int_equal(file_size(f->path), 2 * REC);
	assert_value(&f->pool, "dup", "new");
	assert_value(&f->pool, "other", "o");
}

static void test_delete_compacts_in_order(void **state)
{
	struct fixture *f = *state;
	const char *keys[] = { "k0", "k1", "k2", "k3" };
	struct kvp_record *recs;
	size_t count;

	for (size_t i = 0; i < 4; i++)
		assert_int_equal(kvp_pool_set(&f->pool, keys[i], keys[i], 0),
				 KVP_OK);
	assert_int_equal(kvp_pool_delete(&f->pool, "k1", 0), KVP_OK);
	assert_int_equal(file_size(f->path), 3 * REC);

	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count), KVP_OK);
	assert_int_equal(count, 3);
	assert_string_equal(recs[0].key, "k0");
	assert_string_equal(recs[1].key, "k2");
	assert_string_equal(recs[2].key, "k3");
	assert_string_equal(recs[2].value, "k3");
	free(recs);
}

static void test_delete_missing_key(void **state)
{
	struct fixture *f = *state;
	unsigned char *before, *after;
	long size_before, size_after;

	assert_int_equal(kvp_pool_set(&f->pool, "present", "1", 0), KVP_OK);
	before = slurp(f->path, &size_before);
	assert_int_equal(kvp_pool_delete(&f->pool, "absent", 0),
			 KVP_E_NOT_FOUND);
	assert_non_null(strstr(kvp_pool_message(&f->pool), "absent"));
	assert_non_null(strstr(kvp_pool_message(&f->pool), f->path));
	after = slurp(f->path, &size_after);
	assert_int_equal(size_after, size_before);
	assert_memory_equal(before, after, (size_t)size_before);
	free(before);
	free(after);
}

static void test_enumerate(void **state)
{
	struct fixture *f = *state;
	struct kvp_record rec;

	assert_int_equal(kvp_pool_set(&f->pool, "first", "1", 0), KVP_OK);
	assert_int_equal(kvp_pool_set(&f->pool, "second", "2", 0), KVP_OK);

	assert_int_equal(kvp_pool_enumerate(&f->pool, 0, &rec), KVP_OK);
	assert_string_equal(rec.key, "first");
	assert_string_equal(rec.value, "1");
	assert_int_equal(kvp_pool_enumerate(&f->pool, 1, &rec), KVP_OK);
	assert_string_equal(rec.key, "second");
	assert_string_equal(rec.value, "2");
	assert_int_equal(kvp_pool_enumerate(&f->pool, 2, &rec),
			 KVP_E_INDEX_RANGE);
	assert_int_equal(kvp_pool_enumerate(&f->pool, SIZE_MAX, &rec),
			 KVP_E_INDEX_RANGE);
}

static void test_max_sizes_accepted(void **state)
{
	struct fixture *f = *state;
	char key[KVP_POOL_KEY_SIZE], value[KVP_POOL_VALUE_SIZE];
	struct kvp_record rec;

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';

	assert_int_equal(kvp_pool_set(&f->pool, key, value, 0), KVP_OK);
	assert_int_equal(file_size(f->path), REC);
	assert_int_equal(kvp_pool_enumerate(&f->pool, 0, &rec), KVP_OK);
	assert_memory_equal(rec.key, key, sizeof(key));
	assert_memory_equal(rec.value, value, sizeof(value));
}

static void test_one_over_rejected(void **state)
{
	struct fixture *f = *state;
	char key[KVP_POOL_KEY_SIZE + 1], value[KVP_POOL_VALUE_SIZE + 1];
	unsigned char *before, *after;
	long size_before, size_after;

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';

	assert_int_equal(kvp_pool_set(&f->pool, "keep", "me", 0), KVP_OK);
	before = slurp(f->path, &size_before);

	assert_int_equal(kvp_pool_set(&f->pool, key, "v", 0),
			 KVP_E_KEY_TOO_LONG);
	assert_non_null(strstr(kvp_pool_message(&f->pool), "512 bytes"));
	assert_int_equal(kvp_pool_set(&f->pool, "k", value, 0),
			 KVP_E_VALUE_TOO_LONG);
	assert_non_null(strstr(kvp_pool_message(&f->pool), "2048 bytes"));
	assert_int_equal(kvp_pool_delete(&f->pool, key, 0),
			 KVP_E_KEY_TOO_LONG);
	assert_int_equal(kvp_pool_set(&f->pool, "", "v", 0), KVP_E_INVALID);

	after = slurp(f->path, &size_after);
	assert_int_equal(size_after, size_before);
	assert_memory_equal(before, after, (size_t)size_before);
	free(before);
	free(after);
}

/* Child: waits on the pipe so both start together, then sets its keys. */
static void writer_child(const char *dir, int id, int start_fd)
{
	struct kvp_pool pool;
	char key[48], value[16];
	char go;

	if (read(start_fd, &go, 1) < 0)
		_exit(2);
	if (kvp_pool_open(&pool, dir, KVP_POOL_GUEST) != KVP_OK)
		_exit(3);
	for (int i = 0; i < KEYS_PER_WRITER; i++) {
		snprintf(key, sizeof(key), "writer%d-key%d", id, i);
		snprintf(value, sizeof(value), "%d", i);
		if (kvp_pool_set(&pool, key, value, 0) != KVP_OK) {
			fprintf(stderr, "# child %d: %s\n", id,
				kvp_pool_message(&pool));
			_exit(1);
		}
	}
	kvp_pool_close(&pool);
	_exit(0);
}

static void test_concurrent_writers(void **state)
{
	struct fixture *f = *state;
	char key[48], value[16];
	int start[2], status;
	pid_t pids[2];

	assert_int_equal(pipe(start), 0);
	for (int id = 0; id < 2; id++) {
		pids[id] = fork();
		assert_true(pids[id] >= 0);
		if (pids[id] == 0) {
			close(start[1]);
			writer_child(f->dir, id, start[0]);
		}
	}
	close(start[0]);
	close(start[1]);	/* EOF releases both children at once */
	for (int id = 0; id < 2; id++) {
		assert_int_equal(waitpid(pids[id], &status, 0), pids[id]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}

	assert_int_equal(file_size(f->path), 2 * KEYS_PER_WRITER * REC);
	for (int id = 0; id < 2; id++) {
		for (int i = 0; i < KEYS_PER_WRITER; i++) {
			snprintf(key, sizeof(key), "writer%d-key%d", id, i);
			snprintf(value, sizeof(value), "%d", i);
			assert_value(&f->pool, key, value);
		}
	}
}

#define APPENDS	300

/*
 * Child: appends APPENDS records through one descriptor it keeps open, the
 * way provisioning agents write reports into the guest pool, each under
 * flock(LOCK_EX) as cloud-init takes it.
 */
static void appender_child(const char *path, int start_fd)
{
	struct kvp_record rec;
	char go;
	int fd;

	if (read(start_fd, &go, 1) < 0)
		_exit(2);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0)
		_exit(3);
	for (int i = 0; i < APPENDS; i++) {
		memset(&rec, 0, sizeof(rec));
		snprintf(rec.key, sizeof(rec.key), "report%d", i);
		snprintf(rec.value, sizeof(rec.value), "value of report %d", i);
		if (flock(fd, LOCK_EX) < 0 ||
		    write(fd, &rec, sizeof(rec)) != (ssize_t)sizeof(rec) ||
		    flock(fd, LOCK_UN) < 0)
			_exit(4);
	}
	close(fd);
	_exit(0);
}

static void test_appender_under_flock_loses_nothing(void **state)
{
	struct fixture *f = *state;
	char key[48], value[KVP_POOL_VALUE_SIZE];
	int start[2], status;
	struct kvp_record *recs;
	size_t count;
	pid_t pid;

	assert_int_equal(kvp_pool_set(&f->pool, "ours", "0", 0), KVP_OK);
	assert_int_equal(pipe(start), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(start[1]);
		appender_child(f->path, start[0]);
	}
	close(start[0]);
	close(start[1]);
	/* Sets, replaces and deletes, which rewrite and shrink the file. */
	for (int i = 0; i < 150; i++) {
		snprintf(key, sizeof(key), "ours%d", i % 7);
		snprintf(value, sizeof(value), "%d", i);
		assert_int_equal(kvp_pool_set(&f->pool, key, value, 0), KVP_OK);
		if (i % 3 == 0)
			assert_int_equal(kvp_pool_delete(&f->pool, key, 0), KVP_OK);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* No torn record, and every report is there once. */
	assert_int_equal(file_size(f->path) % REC, 0);
	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count), KVP_OK);
	free(recs);
	for (int i = 0; i < APPENDS; i++) {
		snprintf(key, sizeof(key), "report%d", i);
		snprintf(value, sizeof(value), "value of report %d", i);
		assert_value(&f->pool, key, value);
	}
	assert_value(&f->pool, "ours", "0");
}

/*
 * Upstream's hv_kvp_daemon holds an fcntl() write lock while it changes a
 * pool: a change of ours waits for it, and so lands after the peer's.
 */
static void test_fcntl_lock_holder_excluded(void **state)
{
	struct fixture *f = *state;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct kvp_record rec, *recs;
	int locked[2], status, fd;
	size_t count;
	char go;
	pid_t pid;

	assert_int_equal(kvp_pool_set(&f->pool, "first", "1", 0), KVP_OK);
	assert_int_equal(pipe(locked), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(locked[0]);
		fd = open(f->path, O_RDWR);
		if (fd < 0 || fcntl(fd, F_SETLKW, &fl) < 0)
			_exit(2);
		if (write(locked[1], "x", 1) != 1)
			_exit(3);
		usleep(300 * 1000);
		/* Appends as upstream does, at the end of what it read. */
		memset(&rec, 0, sizeof(rec));
		strcpy(rec.key, "peer");
		strcpy(rec.value, "2");
		if (pwrite(fd, &rec, sizeof(rec), REC) != (ssize_t)sizeof(rec))
			_exit(4);
		_exit(0);	/* exiting drops the lock */
	}
	close(locked[1]);
	assert_int_equal(read(locked[0], &go, 1), 1);
	close(locked[0]);
	assert_int_equal(kvp_pool_set(&f->pool, "ours", "3", 0), KVP_OK);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count), KVP_OK);
	assert_int_equal(count, 3);
	assert_string_equal(recs[0].key, "first");
	assert_string_equal(recs[1].key, "peer");
	assert_string_equal(recs[2].key, "ours");
	free(recs);
}

static void test_torn_file(void **state)
{
	struct fixture *f = *state;
	unsigned char garbage[100];
	struct kvp_record *recs;
	const char *msg;
	size_t count;

	assert_int_equal(kvp_pool_set(&f->pool, "a", "1", 0), KVP_OK);
	assert_int_equal(kvp_pool_set(&f->pool, "b", "2", 0), KVP_OK);
	memset(garbage, 0xab, sizeof(garbage));
	append_bytes(f->path, garbage, sizeof(garbage));

	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count),
			 KVP_E_TORN);
	msg = kvp_pool_message(&f->pool);
	assert_non_null(strstr(msg, f->path));
	assert_non_null(strstr(msg, "5220"));
	assert_int_equal(count, 2);
	assert_string_equal(recs[0].key, "a");
	assert_string_equal(recs[1].key, "b");
	free(recs);

	assert_int_equal(kvp_pool_set(&f->pool, "c", "3", 0), KVP_E_TORN);
	assert_int_equal(kvp_pool_delete(&f->pool, "a", 0), KVP_E_TORN);
	assert_int_equal(file_size(f->path), 2 * REC + 100);

	assert_int_equal(kvp_pool_set(&f->pool, "c", "3", KVP_POOL_REPAIR),
			 KVP_OK);
	assert_int_equal(file_size(f->path), 3 * REC);
	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count), KVP_OK);
	assert_int_equal(count, 3);
	assert_string_equal(recs[2].key, "c");
	free(recs);
}

/* A file of: "a"=1, a record with the given damage, "b"=2. */
static void write_with_bad_record(const char *path, bool bad_key)
{
	struct kvp_record rec[3];

	memset(rec, 0, sizeof(rec));
	strcpy(rec[0].key, "a");
	strcpy(rec[0].value, "1");
	strcpy(rec[1].key, "bad");
	strcpy(rec[1].value, "bad");
	if (bad_key)
		memset(rec[1].key, 'x', sizeof(rec[1].key));
	else
		memset(rec[1].value, 'x', sizeof(rec[1].value));
	strcpy(rec[2].key, "b");
	strcpy(rec[2].value, "2");
	append_bytes(path, rec, sizeof(rec));
}

static void check_bad_record_skipped(struct fixture *f)
{
	struct kvp_record *recs, rec;
	const char *msg;
	size_t count;

	assert_int_equal(kvp_pool_read_all(&f->pool, &recs, &count),
			 KVP_E_CORRUPT);
	msg = kvp_pool_message(&f->pool);
	assert_non_null(strstr(msg, f->path));
	assert_non_null(strstr(msg, "index 1"));
	assert_int_equal(count, 2);
	assert_string_equal(recs[0].key, "a");
	assert_string_equal(recs[1].key, "b");
	free(recs);

	assert_int_equal(kvp_pool_enumerate(&f->pool, 1, &rec), KVP_E_CORRUPT);
	assert_string_equal(rec.key, "b");
	assert_int_equal(kvp_pool_enumerate(&f->pool, 2, &rec),
			 KVP_E_INDEX_RANGE);
}

static void test_unterminated_key_skipped(void **state)
{
	struct fixture *f = *state;

	write_with_bad_record(f->path, true);
	check_bad_record_skipped(f);
}

static void test_unterminated_value_skipped(void **state)
{
	struct fixture *f = *state;

	write_with_bad_record(f->path, false);
	check_bad_record_skipped(f);
}

static void test_corrupt_kept_unless_repair(void **state)
{
	struct fixture *f = *state;
	unsigned char *buf;
	long size;

	write_with_bad_record(f->path, true);
	assert_int_equal(kvp_pool_set(&f->pool, "c", "3", 0), KVP_OK);
	buf = slurp(f->path, &size);
	assert_int_equal(size, 4 * REC);
	for (size_t i = REC; i < REC + KVP_POOL_KEY_SIZE; i++)
		assert_int_equal(buf[i], 'x');
	free(buf);

	assert_int_equal(kvp_pool_repair(&f->pool), KVP_OK);
	assert_int_equal(file_size(f->path), 3 * REC);
	assert_value(&f->pool, "c", "3");
	assert_value(&f->pool, "b", "2");
}

static void test_open_rejects_bad_arguments(void **state)
{
	struct fixture *f = *state;
	struct kvp_pool pool;
	char missing[96];

	assert_int_equal(kvp_pool_open(&pool, f->dir, KVP_POOL_COUNT),
			 KVP_E_INVALID);
	assert_non_null(strstr(kvp_pool_message(&pool), "0 to 4"));
	kvp_pool_close(&pool);
	assert_int_equal(kvp_pool_open(&pool, f->dir, -1), KVP_E_INVALID);
	kvp_pool_close(&pool);

	snprintf(missing, sizeof(missing), "%s/nope", f->dir);
	assert_int_equal(kvp_pool_open(&pool, missing, 0), KVP_E_IO);
	assert_int_equal(kvp_pool_errno(&pool), ENOENT);
	assert_non_null(strstr(kvp_pool_message(&pool), missing));
	kvp_pool_close(&pool);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_set_then_get),
		T(test_byte_layout_and_mode),
		T(test_changes_keep_the_file),
		T(test_missing_pool_reads_empty),
		T(test_replace_keeps_one_record),
		T(test_replace_drops_duplicates),
		T(test_delete_compacts_in_order),
		T(test_delete_missing_key),
		T(test_enumerate),
		T(test_max_sizes_accepted),
		T(test_one_over_rejected),
		T(test_concurrent_writers),
		T(test_appender_under_flock_loses_nothing),
		T(test_fcntl_lock_holder_excluded),
		T(test_torn_file),
		T(test_unterminated_key_skipped),
		T(test_unterminated_value_skipped),
		T(test_corrupt_kept_unless_repair),
		T(test_open_rejects_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
