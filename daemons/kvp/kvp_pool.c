// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVP pool files: see kvp_pool.h for the format and the contract.
 *
 * Locking: the peers of a pool lock it in two ways. Upstream's
 * hv_kvp_daemon takes fcntl() record locks on the pool file; cloud-init
 * and waagent take flock() on it. The two do not exclude each other, so
 * we take both, flock() first, on the pool file itself (a side lock file
 * would exclude neither).
 *
 * A change is made in place: records from the first one that changed are
 * rewritten and the file is truncated, never replaced. A peer that keeps
 * the pool open to append (agents write their reports into the guest
 * pool that way) keeps writing into the file everyone reads; a new file
 * renamed over the pool would take its records with the old inode.
 *
 * Some other tool may still rename a file over the pool, so once the
 * locks are held we check that the path still names the inode we locked,
 * and reopen and lock again if it does not.
 */
#include "kvp_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define POOL_FILE_MODE	0644
/* Each retry means another writer replaced the file, so this only
 * trips on a filesystem whose inode numbers are not stable. */
#define LOCK_RETRIES	10000

/* The file as read: every complete record, intact or not. */
struct pool_image {
	struct kvp_record *recs;
	size_t count;
	size_t corrupt;		/* how many of recs are corrupt */
	size_t first_corrupt;	/* index in the file of the first one */
	size_t tail;		/* bytes of a torn record after the last one */
	off_t size;
};

typedef enum kvp_result (*edit_fn)(struct kvp_pool *pool,
				   struct pool_image *img, const void *arg);

struct set_arg {
	const char *key;
	const char *value;
};

__attribute__((format(printf, 3, 4)))
static enum kvp_result fail(struct kvp_pool *pool, enum kvp_result result,
			    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pool->msg, sizeof(pool->msg), fmt, ap);
	va_end(ap);
	return result;
}

/* Fails with errno kept; what is "cannot open", "cannot fsync", ... */
static enum kvp_result fail_io(struct kvp_pool *pool, const char *what,
			       const char *name)
{
	int err = errno;

	pool->sys_errno = err;
	return fail(pool, KVP_E_IO,
		    "cannot %s %s/%s: %s; check free space and the permissions on %s.",
		    what, pool->dir, name, strerror(err), pool->dir);
}

static void begin(struct kvp_pool *pool)
{
	pool->msg[0] = '\0';
	pool->sys_errno = 0;
}

static bool record_intact(const struct kvp_record *rec)
{
	return memchr(rec->key, '\0', sizeof(rec->key)) &&
	       memchr(rec->value, '\0', sizeof(rec->value));
}

static bool record_has_key(const struct kvp_record *rec, const char *key)
{
	return record_intact(rec) && strcmp(rec->key, key) == 0;
}

static enum kvp_result check_key(struct kvp_pool *pool, const char *key)
{
	size_t len;

	if (!key || !key[0])
		return fail(pool, KVP_E_INVALID,
			    "an empty key cannot be stored in %s/%s; give a key of 1 to %d bytes.",
			    pool->dir, pool->name, KVP_POOL_KEY_SIZE - 1);
	len = strnlen(key, KVP_POOL_KEY_SIZE);
	if (len >= KVP_POOL_KEY_SIZE)
		return fail(pool, KVP_E_KEY_TOO_LONG,
			    "key of %zu bytes is too long for %s/%s; keys are at most %d bytes, shorten it.",
			    strlen(key), pool->dir, pool->name,
			    KVP_POOL_KEY_SIZE - 1);
	return KVP_OK;
}

static enum kvp_result check_value(struct kvp_pool *pool, const char *value)
{
	if (!value)
		return fail(pool, KVP_E_INVALID, "no value given for %s/%s.",
			    pool->dir, pool->name);
	if (strnlen(value, KVP_POOL_VALUE_SIZE) >= KVP_POOL_VALUE_SIZE)
		return fail(pool, KVP_E_VALUE_TOO_LONG,
			    "value of %zu bytes is too long for %s/%s; values are at most %d bytes, shorten it.",
			    strlen(value), pool->dir, pool->name,
			    KVP_POOL_VALUE_SIZE - 1);
	return KVP_OK;
}

enum kvp_result kvp_pool_open(struct kvp_pool *pool, const char *dir,
			      int number)
{
	pool->dirfd = -1;
	pool->number = number;
	pool->dir[0] = '\0';
	begin(pool);
	if (number < 0 || number >= KVP_POOL_COUNT)
		return fail(pool, KVP_E_INVALID,
			    "there is no KVP pool %d; pools are numbered 0 to %d.",
			    number, KVP_POOL_COUNT - 1);
	if (!dir || !dir[0] || strlen(dir) >= sizeof(pool->dir))
		return fail(pool, KVP_E_INVALID,
			    "the KVP pool directory name is empty or too long; pass a directory such as %s.",
			    KVP_POOL_DEFAULT_DIR);
	strcpy(pool->dir, dir);
	snprintf(pool->name, sizeof(pool->name), ".kvp_pool_%d", number);
	pool->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pool->dirfd < 0) {
		pool->sys_errno = errno;
		return fail(pool, KVP_E_IO,
			    "cannot open the KVP pool directory %s: %s; create it (mkdir -p %s) or pass another directory.",
			    dir, strerror(pool->sys_errno), dir);
	}
	return KVP_OK;
}

void kvp_pool_close(struct kvp_pool *pool)
{
	if (pool->dirfd >= 0)
		close(pool->dirfd);
	pool->dirfd = -1;
}

const char *kvp_pool_message(const struct kvp_pool *pool)
{
	return pool->msg;
}

int kvp_pool_errno(const struct kvp_pool *pool)
{
	return pool->sys_errno;
}

const char *kvp_result_str(enum kvp_result result)
{
	switch (result) {
	case KVP_OK:			return "success";
	case KVP_E_INVALID:		return "invalid argument";
	case KVP_E_KEY_TOO_LONG:	return "key too long";
	case KVP_E_VALUE_TOO_LONG:	return "value too long";
	case KVP_E_NOT_FOUND:		return "key not found";
	case KVP_E_INDEX_RANGE:		return "index out of range";
	case KVP_E_TORN:		return "pool file torn";
	case KVP_E_CORRUPT:		return "corrupt record in pool file";
	case KVP_E_IO:			return "I/O error";
	case KVP_E_NOMEM:		return "out of memory";
	}
	return "unknown result";
}

static int flock_nointr(int fd, int op)
{
	int ret;

	do
		ret = flock(fd, op);
	while (ret < 0 && errno == EINTR);
	return ret;
}

/* 1 if the pool path still names the inode open on fd, 0 if not, -1 on error. */
static int lock_is_current(struct kvp_pool *pool, int fd)
{
	struct stat locked, named;

	if (fstat(fd, &locked) < 0)
		return -1;
	if (fstatat(pool->dirfd, pool->name, &named, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	return locked.st_dev == named.st_dev && locked.st_ino == named.st_ino;
}

/*
 * Opens the pool file (read-write for a writer, creating it 0644); -1
 * with errno if absent.
 */
static int open_pool_file(struct kvp_pool *pool, bool exclusive)
{
	/* O_NONBLOCK: a FIFO in its place must not hang us (see lock_pool). */
	int flags = (exclusive ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC;
	int fd;

	fd = openat(pool->dirfd, pool->name, flags);
	if (fd >= 0 || errno != ENOENT || !exclusive)
		return fd;
	fd = openat(pool->dirfd, pool->name, flags | O_CREAT | O_EXCL,
		    POOL_FILE_MODE);
	if (fd < 0)
		return errno == EEXIST ? openat(pool->dirfd, pool->name, flags)
				       : -1;
	/* open() applies the umask; the format says 0644. The new name
	 * must survive a crash as well. */
	if (fchmod(fd, POOL_FILE_MODE) < 0 || fsync(pool->dirfd) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Pools are regular files. A link could point a root daemon at any file,
 * and a FIFO or device would not hold records.
 */
static enum kvp_result fail_not_regular(struct kvp_pool *pool, const char *what)
{
	pool->sys_errno = EINVAL;
	return fail(pool, KVP_E_IO,
		    "%s/%s is %s, and pools must be regular files (a link could make the KVP daemon write elsewhere); replace it with the file itself, or remove it to start an empty pool.",
		    pool->dir, pool->name, what);
}

static bool is_regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* A whole-file fcntl() lock, the kind upstream's daemon takes. */
static int fcntl_lock_nointr(int fd, bool exclusive)
{
	struct flock fl = {
		.l_type = exclusive ? F_WRLCK : F_RDLCK,
		.l_whence = SEEK_SET,
		.l_start = 0,
		.l_len = 0,
	};
	int ret;

	do
		ret = fcntl(fd, F_SETLKW, &fl);
	while (ret < 0 && errno == EINTR);
	return ret;
}

/*
 * Locks the current pool file (see the top of the file for why the
 * re-check). *fdp is -1 for a reader when there is no pool file.
 */
static enum kvp_result lock_pool(struct kvp_pool *pool, bool exclusive,
				 int *fdp)
{
	for (int tries = 0; tries < LOCK_RETRIES; tries++) {
		int fd = open_pool_file(pool, exclusive);
		int current;

		if (fd < 0) {
			if (errno == ENOENT && !exclusive) {
				*fdp = -1;
				return KVP_OK;
			}
			/* ENOENT for a writer: removed between open and create */
			if (errno == ENOENT)
				continue;
			if (errno == ELOOP)
				return fail_not_regular(pool, "a symbolic link");
			return fail_io(pool, "open", pool->name);
		}
		if (!is_regular(fd)) {
			close(fd);
			return fail_not_regular(pool, "not a regular file");
		}
		if (flock_nointr(fd, exclusive ? LOCK_EX : LOCK_SH) < 0 ||
		    fcntl_lock_nointr(fd, exclusive) < 0) {
			enum kvp_result r = fail_io(pool, "lock", pool->name);

			close(fd);
			return r;
		}
		current = lock_is_current(pool, fd);
		if (current > 0) {
			*fdp = fd;
			return KVP_OK;
		}
		if (current < 0) {
			enum kvp_result r = fail_io(pool, "stat", pool->name);

			close(fd);
			return r;
		}
		close(fd);
	}
	pool->sys_errno = EAGAIN;
	return fail(pool, KVP_E_IO,
		    "gave up locking %s/%s: it was replaced %d times in a row; check what else writes it.",
		    pool->dir, pool->name, LOCK_RETRIES);
}

/*
 * Closing the descriptor releases both locks. (Closing any descriptor of
 * the file would drop this process's fcntl() lock: the library keeps one
 * open per call, and only while it holds the locks.)
 */
static void unlock_pool(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void parse_image(struct pool_image *img, size_t bytes)
{
	img->count = bytes / KVP_POOL_RECORD_SIZE;
	img->tail = bytes % KVP_POOL_RECORD_SIZE;
	img->corrupt = 0;
	for (size_t i = img->count; i-- > 0;) {
		if (!record_intact(&img->recs[i])) {
			img->corrupt++;
			img->first_corrupt = i;
		}
	}
}

/* Reads the whole locked file; fd -1 reads as an empty pool. */
static enum kvp_result load_image(struct kvp_pool *pool, int fd,
				  struct pool_image *img)
{
	struct stat st;
	size_t got = 0;

	memset(img, 0, sizeof(*img));
	if (fd < 0)
		return KVP_OK;
	if (fstat(fd, &st) < 0)
		return fail_io(pool, "stat", pool->name);
	if ((uintmax_t)st.st_size > SIZE_MAX - KVP_POOL_RECORD_SIZE)
		return fail(pool, KVP_E_NOMEM, "%s/%s is too large to read (%jd bytes).",
			    pool->dir, pool->name, (intmax_t)st.st_size);
	/* Room for one extra record, so a torn tail fits in the array. */
	img->recs = malloc((size_t)st.st_size + KVP_POOL_RECORD_SIZE);
	if (!img->recs)
		return fail(pool, KVP_E_NOMEM,
			    "out of memory reading %s/%s (%jd bytes).",
			    pool->dir, pool->name, (intmax_t)st.st_size);
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, (char *)img->recs + got,
				  (size_t)st.st_size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			enum kvp_result r = fail_io(pool, "read", pool->name);

			free(img->recs);
			img->recs = NULL;
			return r;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	img->size = (off_t)got;
	parse_image(img, got);
	return KVP_OK;
}

/* Describes damage found in a read; KVP_OK if there is none. */
static enum kvp_result report_damage(struct kvp_pool *pool,
				     const struct pool_image *img)
{
	if (img->tail)
		return fail(pool, KVP_E_TORN,
			    "%s/%s is torn: its size %jd is not a multiple of the %d-byte record, so the last %zu bytes are a partial record (a writer probably crashed). The %zu complete records were read%s; repair the pool to drop the tail, or restore the file.",
			    pool->dir, pool->name, (intmax_t)img->size,
			    KVP_POOL_RECORD_SIZE, img->tail, img->count,
			    img->corrupt ? ", skipping corrupt ones" : "");
	if (img->corrupt)
		return fail(pool, KVP_E_CORRUPT,
			    "%s/%s has %zu corrupt record(s), the first at index %zu, whose key or value is not NUL-terminated; they were skipped. Repair the pool to drop them.",
			    pool->dir, pool->name, img->corrupt,
			    img->first_corrupt);
	return KVP_OK;
}

/* Keeps the records for which keep() is true, in order. */
static void filter_image(struct pool_image *img,
			 bool (*keep)(const struct kvp_record *, const void *),
			 const void *arg)
{
	size_t out = 0;

	for (size_t i = 0; i < img->count; i++) {
		if (!keep(&img->recs[i], arg))
			continue;
		if (out != i)
			img->recs[out] = img->recs[i];
		out++;
	}
	img->count = out;
}

static bool keep_intact(const struct kvp_record *rec, const void *arg)
{
	(void)arg;
	return record_intact(rec);
}

/* Reads the pool under a shared lock and drops the corrupt records. */
static enum kvp_result read_intact(struct kvp_pool *pool,
				   struct pool_image *img)
{
	enum kvp_result r;
	int fd;

	memset(img, 0, sizeof(*img));
	r = lock_pool(pool, false, &fd);
	if (r != KVP_OK)
		return r;
	r = load_image(pool, fd, img);
	unlock_pool(fd);
	if (r != KVP_OK)
		return r;
	r = report_damage(pool, img);
	filter_image(img, keep_intact, NULL);
	return r;
}

/* Appends text to the message, cut short if it does not fit. */
static void append_msg(struct kvp_pool *pool, const char *text)
{
	size_t len = strlen(pool->msg);
	size_t n = strnlen(text, sizeof(pool->msg) - 1 - len);

	memcpy(pool->msg + len, text, n);
	pool->msg[len + n] = '\0';
}

/* Sets a primary failure and keeps the damage warning of a read after it. */
__attribute__((format(printf, 4, 5)))
static enum kvp_result fail_with_damage(struct kvp_pool *pool,
					enum kvp_result damage,
					enum kvp_result result,
					const char *fmt, ...)
{
	char warning[KVP_POOL_MSG_SIZE];
	va_list ap;

	memcpy(warning, pool->msg, sizeof(warning));
	va_start(ap, fmt);
	vsnprintf(pool->msg, sizeof(pool->msg), fmt, ap);
	va_end(ap);
	if (damage != KVP_OK) {
		append_msg(pool, " Also: ");
		append_msg(pool, warning);
	}
	return result;
}

enum kvp_result kvp_pool_read_all(struct kvp_pool *pool,
				  struct kvp_record **records, size_t *count)
{
	struct pool_image img;
	enum kvp_result r;

	begin(pool);
	*records = NULL;
	*count = 0;
	r = read_intact(pool, &img);
	if (r != KVP_OK && r != KVP_E_TORN && r != KVP_E_CORRUPT)
		return r;
	if (img.count == 0) {
		free(img.recs);
		return r;
	}
	*records = img.recs;
	*count = img.count;
	return r;
}

enum kvp_result kvp_pool_enumerate(struct kvp_pool *pool, size_t index,
				   struct kvp_record *record)
{
	struct kvp_record *recs;
	enum kvp_result r;
	size_t count;

	r = kvp_pool_read_all(pool, &recs, &count);
	if (r != KVP_OK && r != KVP_E_TORN && r != KVP_E_CORRUPT)
		return r;
	if (index < count) {
		*record = recs[index];
		free(recs);
		return r;
	}
	free(recs);
	return fail_with_damage(pool, r, KVP_E_INDEX_RANGE,
				"index %zu is out of range: %s/%s holds %zu record(s).",
				index, pool->dir, pool->name, count);
}

enum kvp_result kvp_pool_get(struct kvp_pool *pool, const char *key,
			     char value[KVP_POOL_VALUE_SIZE])
{
	struct kvp_record *recs;
	enum kvp_result r;
	size_t count;

	begin(pool);
	r = check_key(pool, key);
	if (r != KVP_OK)
		return r;
	r = kvp_pool_read_all(pool, &recs, &count);
	if (r != KVP_OK && r != KVP_E_TORN && r != KVP_E_CORRUPT)
		return r;
	for (size_t i = 0; i < count; i++) {
		if (strcmp(recs[i].key, key) == 0) {
			memcpy(value, recs[i].value, KVP_POOL_VALUE_SIZE);
			free(recs);
			return r;
		}
	}
	free(recs);
	return fail_with_damage(pool, r, KVP_E_NOT_FOUND,
				"key \"%.80s%s\" is not in %s/%s; list the pool to see its keys.",
				key, strlen(key) > 80 ? "..." : "",
				pool->dir, pool->name);
}

static int pwrite_full(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Makes the locked file hold img, in place: @orig (@orig_count records)
 * is what the file held before the edit. Only the records from the first
 * one that changed are written; a shorter pool (or a dropped torn tail)
 * is truncated.
 */
static enum kvp_result write_image(struct kvp_pool *pool, int fd,
				   const struct kvp_record *orig,
				   size_t orig_count,
				   const struct pool_image *img)
{
	off_t new_size = (off_t)(img->count * KVP_POOL_RECORD_SIZE);
	size_t first = 0;

	while (first < orig_count && first < img->count &&
	       !memcmp(&orig[first], &img->recs[first], KVP_POOL_RECORD_SIZE))
		first++;
	if (first == img->count && new_size == img->size)
		return KVP_OK;
	if (pwrite_full(fd, &img->recs[first],
			(img->count - first) * KVP_POOL_RECORD_SIZE,
			(off_t)(first * KVP_POOL_RECORD_SIZE)) < 0)
		return fail_io(pool, "write", pool->name);
	if (new_size < img->size && ftruncate(fd, new_size) < 0)
		return fail_io(pool, "truncate", pool->name);
	if (fsync(fd) < 0)
		return fail_io(pool, "fsync", pool->name);
	return KVP_OK;
}

/* Lock, re-read, refuse a torn file unless repairing, edit, write back. */
static enum kvp_result modify(struct kvp_pool *pool, unsigned int flags,
			      edit_fn edit, const void *arg)
{
	struct kvp_record *orig = NULL;
	struct pool_image img;
	size_t orig_count;
	enum kvp_result r;
	int fd;

	r = lock_pool(pool, true, &fd);
	if (r != KVP_OK)
		return r;
	r = load_image(pool, fd, &img);
	if (r != KVP_OK)
		goto out;
	orig_count = img.count;
	if (orig_count) {
		orig = malloc(orig_count * KVP_POOL_RECORD_SIZE);
		if (!orig) {
			r = fail(pool, KVP_E_NOMEM, "out of memory changing %s/%s.",
				 pool->dir, pool->name);
			goto out;
		}
		memcpy(orig, img.recs, orig_count * KVP_POOL_RECORD_SIZE);
	}
	if (img.tail && !(flags & KVP_POOL_REPAIR)) {
		r = fail(pool, KVP_E_TORN,
			 "refusing to change %s/%s: it is torn, its size %jd is not a multiple of the %d-byte record (a writer probably crashed). Nothing was changed; retry with repair to drop the %zu-byte tail, or restore the file.",
			 pool->dir, pool->name, (intmax_t)img.size,
			 KVP_POOL_RECORD_SIZE, img.tail);
		goto out;
	}
	if (flags & KVP_POOL_REPAIR)
		filter_image(&img, keep_intact, NULL);
	r = edit ? edit(pool, &img, arg) : KVP_OK;
	if (r == KVP_OK)
		r = write_image(pool, fd, orig, orig_count, &img);
out:
	unlock_pool(fd);
	free(orig);
	free(img.recs);
	return r;
}

static bool keep_other_keys(const struct kvp_record *rec, const void *key)
{
	return !record_has_key(rec, key);
}

/* Duplicates may come from other tools; drop them so get and enumerate agree. */
static bool keep_first_of_key(const struct kvp_record *rec, const void *arg)
{
	const struct kvp_record *first = arg;

	return rec == first || !record_has_key(rec, first->key);
}

static enum kvp_result edit_set(struct kvp_pool *pool, struct pool_image *img,
				const void *arg)
{
	const struct set_arg *set = arg;
	struct kvp_record *rec;

	(void)pool;
	for (size_t i = 0; i < img->count; i++) {
		rec = &img->recs[i];
		if (record_has_key(rec, set->key)) {
			memset(rec->value, 0, sizeof(rec->value));
			strcpy(rec->value, set->value);
			filter_image(img, keep_first_of_key, rec);
			return KVP_OK;
		}
	}
	/* load_image left room for one record past the last whole one. */
	rec = &img->recs[img->count];
	memset(rec, 0, sizeof(*rec));
	strcpy(rec->key, set->key);
	strcpy(rec->value, set->value);
	img->count++;
	return KVP_OK;
}

static enum kvp_result edit_delete(struct kvp_pool *pool,
				   struct pool_image *img, const void *key)
{
	size_t before = img->count;

	filter_image(img, keep_other_keys, key);
	if (img->count < before)
		return KVP_OK;
	return fail(pool, KVP_E_NOT_FOUND,
		    "key \"%.80s%s\" is not in %s/%s, so nothing was deleted; list the pool to see its keys.",
		    (const char *)key, strlen(key) > 80 ? "..." : "",
		    pool->dir, pool->name);
}

enum kvp_result kvp_pool_set(struct kvp_pool *pool, const char *key,
			     const char *value, unsigned int flags)
{
	struct set_arg arg = { key, value };
	enum kvp_result r;

	begin(pool);
	r = check_key(pool, key);
	if (r == KVP_OK)
		r = check_value(pool, value);
	if (r != KVP_OK)
		return r;
	return modify(pool, flags, edit_set, &arg);
}

enum kvp_result kvp_pool_delete(struct kvp_pool *pool, const char *key,
				unsigned int flags)
{
	enum kvp_result r;

	begin(pool);
	r = check_key(pool, key);
	if (r != KVP_OK)
		return r;
	return modify(pool, flags, edit_delete, key);
}

enum kvp_result kvp_pool_repair(struct kvp_pool *pool)
{
	begin(pool);
	return modify(pool, KVP_POOL_REPAIR, NULL, NULL);
}
