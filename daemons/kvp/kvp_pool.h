/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVP pool files: the on-disk key/value store shared by hv_kvp_daemon,
 * the hv-kvp CLI and outside tools (cloud-init, waagent).
 *
 * Format (fixed by upstream, read and written by those tools too): pool N
 * is <dir>/.kvp_pool_<N>, a headerless array of 2560-byte records, each a
 * 512-byte key then a 2048-byte value, both NUL-terminated UTF-8 with the
 * rest of the field zero-filled. Keys compare byte-exact.
 *
 * Readers take flock(LOCK_SH) and an fcntl() read lock on the pool file,
 * writers flock(LOCK_EX) and an fcntl() write lock: cloud-init and
 * waagent use the first kind, upstream's hv_kvp_daemon the second. A
 * change is made in place (the file is never replaced), so a process
 * that keeps the pool open to append keeps writing into the pool. A
 * crash in the middle of a change can leave a torn file, which reads
 * report and repair mends.
 *
 * Every call returns an enum kvp_result; on anything but KVP_OK,
 * kvp_pool_message() holds a sentence naming the file and what to do.
 * The library never prints and never aborts. A handle is not
 * thread-safe: use one per thread.
 */
#ifndef KVP_POOL_H
#define KVP_POOL_H

#include <limits.h>
#include <stddef.h>

#ifndef HV_KVP_EXCHANGE_MAX_KEY_SIZE
#define HV_KVP_EXCHANGE_MAX_KEY_SIZE	512
#endif
#ifndef HV_KVP_EXCHANGE_MAX_VALUE_SIZE
#define HV_KVP_EXCHANGE_MAX_VALUE_SIZE	2048
#endif

#define KVP_POOL_KEY_SIZE	HV_KVP_EXCHANGE_MAX_KEY_SIZE
#define KVP_POOL_VALUE_SIZE	HV_KVP_EXCHANGE_MAX_VALUE_SIZE
#define KVP_POOL_RECORD_SIZE	(KVP_POOL_KEY_SIZE + KVP_POOL_VALUE_SIZE)
#define KVP_POOL_DEFAULT_DIR	"/var/lib/hyperv"

/* Pool numbers, as the host names them in KVP messages. */
enum kvp_pool_id {
	KVP_POOL_EXTERNAL = 0,		/* written by the host */
	KVP_POOL_GUEST = 1,
	KVP_POOL_AUTO = 2,		/* facts the guest generates */
	KVP_POOL_AUTO_EXTERNAL = 3,
	KVP_POOL_AUTO_INTERNAL = 4,
	KVP_POOL_COUNT
};

/* One record, laid out exactly as on disk. */
struct kvp_record {
	char key[KVP_POOL_KEY_SIZE];
	char value[KVP_POOL_VALUE_SIZE];
};

_Static_assert(sizeof(struct kvp_record) == KVP_POOL_RECORD_SIZE,
	       "struct kvp_record must match the on-disk record");

enum kvp_result {
	KVP_OK = 0,
	KVP_E_INVALID,		/* bad argument: pool number, empty key */
	KVP_E_KEY_TOO_LONG,	/* key longer than 511 bytes */
	KVP_E_VALUE_TOO_LONG,	/* value longer than 2047 bytes */
	KVP_E_NOT_FOUND,	/* no record with that key */
	KVP_E_INDEX_RANGE,	/* enumerate index past the last record */
	KVP_E_TORN,		/* file size not a multiple of 2560 */
	KVP_E_CORRUPT,		/* a key or value not NUL-terminated */
	KVP_E_IO,		/* system call failed; see kvp_pool_errno() */
	KVP_E_NOMEM,
};

/*
 * Reads (read_all, get, enumerate) on a damaged file still fill their
 * output from the intact records and return KVP_E_TORN or KVP_E_CORRUPT:
 * treat those as a warning to show the user. Changes refuse a torn file
 * (KVP_E_TORN, nothing written) unless given KVP_POOL_REPAIR, which
 * drops the torn tail and any corrupt records. Without it, corrupt
 * records are kept byte for byte.
 */
#define KVP_POOL_REPAIR		0x1u

#define KVP_POOL_MSG_SIZE	1024

/* Caller-allocated so open can always report why it failed; fields private. */
struct kvp_pool {
	int dirfd;
	int number;
	int sys_errno;
	char dir[PATH_MAX];
	char name[32];		/* .kvp_pool_<N> */
	char msg[KVP_POOL_MSG_SIZE];
};

/* Opens the directory only; pool files are created on the first change. */
enum kvp_result kvp_pool_open(struct kvp_pool *pool, const char *dir,
			      int number);
void kvp_pool_close(struct kvp_pool *pool);

/*
 * All intact records in file order, in a malloc()ed array the caller
 * frees (NULL when there are none). A missing pool file reads as empty.
 */
enum kvp_result kvp_pool_read_all(struct kvp_pool *pool,
				  struct kvp_record **records, size_t *count);
/* The index-th intact record, as the host's ENUMERATE asks for it. */
enum kvp_result kvp_pool_enumerate(struct kvp_pool *pool, size_t index,
				   struct kvp_record *record);
/* The value of the first record with this key. */
enum kvp_result kvp_pool_get(struct kvp_pool *pool, const char *key,
			     char value[KVP_POOL_VALUE_SIZE]);

/* Replaces the value if the key exists (dropping later duplicates), else appends. */
enum kvp_result kvp_pool_set(struct kvp_pool *pool, const char *key,
			     const char *value, unsigned int flags);
/* Removes every record with this key; the rest keep their order. */
enum kvp_result kvp_pool_delete(struct kvp_pool *pool, const char *key,
				unsigned int flags);
/* Rewrites the file without its torn tail and corrupt records. */
enum kvp_result kvp_pool_repair(struct kvp_pool *pool);

/* What the last failing call on this handle said, and its errno. */
const char *kvp_pool_message(const struct kvp_pool *pool);
int kvp_pool_errno(const struct kvp_pool *pool);
/* A short fixed description of a result, for logs and exit messages. */
const char *kvp_result_str(enum kvp_result result);

#endif /* KVP_POOL_H */
