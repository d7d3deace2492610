/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scratch directory per unit test, shared by the test programs.
 */
#ifndef HVLIS_TEST_DIR_H
#define HVLIS_TEST_DIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Create <$TMPDIR or /tmp>/<name>.XXXXXX into dir (at least 64 bytes).
 * Returns 0, or -1 when it cannot.
 */
static inline int test_dir_create(char *dir, size_t size, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, size, "%s/%s.XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp",
		 name);
	return mkdtemp(dir) ? 0 : -1;
}

/* Remove the files in dir (no subdirectories are made), then dir. */
static inline void test_dir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d)))
			unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	rmdir(dir);
}

#endif
