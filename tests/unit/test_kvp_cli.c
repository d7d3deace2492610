// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of daemons/hv-kvp/kvp_cli.c, the hv-kvp CLI: argument parsing
 * (pool names and numbers, bad pools, missing and extra arguments), the
 * escaping of list output, exit codes, and the commands run in-process
 * against a temporary pool directory. tests/unit/hv-kvp.sh tests the
 * built binary end to end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvp_cli.h"
#include "test_dir.h"

#define ARGC(a)	((int)(sizeof(a) / sizeof((a)[0])))

static int count_args(char **args)
{
	int n = 0;

	while (args[n])
		n++;
	return n;
}

static int parse_args(struct kvp_cli *cli, char **argv)
{
	return kvp_cli_parse(cli, count_args(argv), argv);
}

/* kvp_cli_parse of "hv-kvp" and the arguments given. */
#define PARSE(cli, ...) \
	parse_args((cli), (char *[]){ "hv-kvp", __VA_ARGS__, NULL })

static void assert_usage_error(struct kvp_cli *cli, int ret,
			       const char *must_contain)
{
	assert_int_equal(ret, KVP_CLI_EXIT_USAGE);
	assert_non_null(strstr(cli->error, must_contain));
	/* One sentence on one line, ending with what to do. */
	assert_null(strchr(cli->error, '\n'));
	assert_int_equal(cli->error[strlen(cli->error) - 1], '.');
}

static void test_pool_numbers_and_names(void **state)
{
	static const char *const names[] = {
		"external", "guest", "auto", "auto_external", "auto_internal",
	};
	char digit[2] = "0";

	(void)state;
	for (int i = 0; i < KVP_POOL_COUNT; i++) {
		digit[0] = (char)('0' + i);
		assert_int_equal(kvp_cli_pool_number(digit), i);
		assert_int_equal(kvp_cli_pool_number(names[i]), i);
		assert_string_equal(kvp_cli_pool_name(i), names[i]);
	}
	assert_int_equal(kvp_cli_pool_number("1"), KVP_POOL_GUEST);
	assert_int_equal(kvp_cli_pool_number("auto_internal"),
			 KVP_POOL_AUTO_INTERNAL);
	assert_null(kvp_cli_pool_name(-1));
	assert_null(kvp_cli_pool_name(KVP_POOL_COUNT));
}

static void test_bad_pool_numbers_and_names(void **state)
{
	static const char *const bad[] = {
		"5", "9", "-1", "", "01", "1 ", " 1", "+1", "10", "1x",
		"Guest", "GUEST", "guest ", "auto-external", "internal", "pool1",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kvp_cli_pool_number(bad[i]), -1);
	assert_int_equal(kvp_cli_pool_number(NULL), -1);
}

static void test_parse_defaults(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "list"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_LIST);
	assert_string_equal(cli.dir, KVP_POOL_DEFAULT_DIR);
	assert_int_equal(cli.pool, KVP_CLI_ALL_POOLS);
	assert_false(cli.repair);

	/* get, set and delete default to the guest pool. */
	assert_int_equal(PARSE(&cli, "get", "k"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_GET);
	assert_int_equal(cli.pool, KVP_POOL_GUEST);
	assert_string_equal(cli.key, "k");
	assert_null(cli.value);

	assert_int_equal(PARSE(&cli, "set", "k", "v"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_SET);
	assert_int_equal(cli.pool, KVP_POOL_GUEST);
	assert_string_equal(cli.key, "k");
	assert_string_equal(cli.value, "v");

	assert_int_equal(PARSE(&cli, "delete", "k"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_DELETE);
	assert_int_equal(cli.pool, KVP_POOL_GUEST);
}

static void test_parse_options(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "--dir", "/d", "--pool", "auto", "list"),
			 KVP_CLI_EXIT_OK);
	assert_string_equal(cli.dir, "/d");
	assert_int_equal(cli.pool, KVP_POOL_AUTO);

	assert_int_equal(PARSE(&cli, "--dir=/e", "--pool=0", "get", "k"),
			 KVP_CLI_EXIT_OK);
	assert_string_equal(cli.dir, "/e");
	assert_int_equal(cli.pool, KVP_POOL_EXTERNAL);

	/* After the command too, and the last one wins. */
	assert_int_equal(PARSE(&cli, "set", "k", "--pool", "3", "v",
			       "--pool", "auto_internal", "--repair"),
			 KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_SET);
	assert_string_equal(cli.key, "k");
	assert_string_equal(cli.value, "v");
	assert_int_equal(cli.pool, KVP_POOL_AUTO_INTERNAL);
	assert_true(cli.repair);

	assert_int_equal(PARSE(&cli, "--repair", "delete", "k"),
			 KVP_CLI_EXIT_OK);
	assert_true(cli.repair);
}

static void test_parse_dashes(void **state)
{
	struct kvp_cli cli;

	(void)state;
	/* "--" ends the options: keys and values may start with -. */
	assert_int_equal(PARSE(&cli, "set", "--", "-k", "--pool"),
			 KVP_CLI_EXIT_OK);
	assert_string_equal(cli.key, "-k");
	assert_string_equal(cli.value, "--pool");
	assert_int_equal(cli.pool, KVP_POOL_GUEST);

	/* A lone "-" is an argument, not an option. */
	assert_int_equal(PARSE(&cli, "get", "-"), KVP_CLI_EXIT_OK);
	assert_string_equal(cli.key, "-");

	/* An empty argument is an argument (the library rejects an empty key). */
	assert_int_equal(PARSE(&cli, "set", "k", ""), KVP_CLI_EXIT_OK);
	assert_string_equal(cli.value, "");
}

static void test_parse_help_and_version(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_int_equal(PARSE(&cli, "--help"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_HELP);
	assert_int_equal(PARSE(&cli, "-h"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_HELP);
	assert_int_equal(PARSE(&cli, "get", "--help"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_HELP);
	assert_int_equal(PARSE(&cli, "--version"), KVP_CLI_EXIT_OK);
	assert_int_equal(cli.command, KVP_CLI_VERSION);
}

static void test_parse_bad_pool(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_usage_error(&cli, PARSE(&cli, "--pool", "5", "list"),
			   "no KVP pool \"5\"");
	assert_usage_error(&cli, PARSE(&cli, "--pool=guests", "get", "k"),
			   "no KVP pool \"guests\"");
	assert_usage_error(&cli, PARSE(&cli, "--pool", "", "list"),
			   "no KVP pool \"\"");
	assert_usage_error(&cli, PARSE(&cli, "list", "--pool"),
			   "--pool needs a pool");
}

static void test_parse_bad_options(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_usage_error(&cli, PARSE(&cli, "--bogus", "list"),
			   "unknown option \"--bogus\"");
	assert_usage_error(&cli, PARSE(&cli, "set", "k", "-1"),
			   "unknown option \"-1\"");
	assert_usage_error(&cli, PARSE(&cli, "--pools", "1", "list"),
			   "unknown option \"--pools\"");
	assert_usage_error(&cli, PARSE(&cli, "--repair=yes", "set", "k", "v"),
			   "unknown option");
	assert_usage_error(&cli, PARSE(&cli, "list", "--dir"),
			   "--dir needs a directory");
	assert_usage_error(&cli, PARSE(&cli, "--dir=", "list"),
			   "empty directory name");
	assert_usage_error(&cli, PARSE(&cli, "--repair", "list"),
			   "--repair only applies to set and delete");
	assert_usage_error(&cli, PARSE(&cli, "get", "k", "--repair"),
			   "--repair only applies");
}

static void test_parse_bad_commands(void **state)
{
	struct kvp_cli cli;
	char *argv0[] = { "hv-kvp" };

	(void)state;
	assert_usage_error(&cli, kvp_cli_parse(&cli, 1, argv0),
			   "no command given");
	assert_usage_error(&cli, PARSE(&cli, "--pool", "1"),
			   "no command given");
	assert_usage_error(&cli, PARSE(&cli, "show"),
			   "unknown command \"show\"");
	assert_usage_error(&cli, PARSE(&cli, "LIST"), "unknown command");
	/* Once is enough: a command is not an argument of the next. */
	assert_usage_error(&cli, PARSE(&cli, "--", "--help"),
			   "unknown command \"--help\"");
}

static void test_parse_missing_arguments(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_usage_error(&cli, PARSE(&cli, "get"), "get needs KEY");
	assert_usage_error(&cli, PARSE(&cli, "delete"), "delete needs KEY");
	assert_usage_error(&cli, PARSE(&cli, "set"), "set needs KEY VALUE");
	assert_usage_error(&cli, PARSE(&cli, "set", "k"),
			   "set needs KEY VALUE but got 1");
	assert_usage_error(&cli, PARSE(&cli, "set", "k", "--"),
			   "set needs KEY VALUE");
}

static void test_parse_too_many_arguments(void **state)
{
	struct kvp_cli cli;

	(void)state;
	assert_usage_error(&cli, PARSE(&cli, "list", "guest"),
			   "list takes no arguments but got 1");
	assert_usage_error(&cli, PARSE(&cli, "get", "a", "b"),
			   "get takes KEY but got 2");
	assert_usage_error(&cli, PARSE(&cli, "delete", "a", "b", "c"),
			   "delete takes KEY but got 3");
	assert_usage_error(&cli, PARSE(&cli, "set", "a", "b", "c"),
			   "set takes KEY VALUE but got 3");
	assert_usage_error(&cli, PARSE(&cli, "set", "a", "b", "c", "d", "e"),
			   "got 5 arguments");
	assert_usage_error(&cli, PARSE(&cli, "list", "list"),
			   "list takes no arguments");
}

static void test_escape(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "plain text", 64), 10);
	assert_string_equal(out, "plain text");
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "a\tb\nc\\d", 64), 10);
	assert_string_equal(out, "a\\tb\\nc\\\\d");
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "\\t", 64), 3);
	assert_string_equal(out, "\\\\t");
	/* Printable UTF-8 passes through, 2 to 4 bytes long. */
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 64), 9);
	assert_string_equal(out, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* Controls, DEL, CR and an escape sequence cannot reach a terminal. */
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "\r\x01\x1b[2J\x7f", 64), 17);
	assert_string_equal(out, "\\r\\x01\\x1b[2J\\x7f");
	/* C1 controls (8-bit CSI), stray, overlong and truncated UTF-8. */
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "\xc2\x9b", 64), 8);
	assert_string_equal(out, "\\xc2\\x9b");
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "\xff\x80\xc0\xaf", 64), 16);
	assert_string_equal(out, "\\xff\\x80\\xc0\\xaf");
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "a\xe2\x82", 64), 9);
	assert_string_equal(out, "a\\xe2\\x82");
	/* A surrogate encoded as UTF-8 is not a character. */
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "\xed\xa0\x80", 64), 12);
	assert_string_equal(out, "\\xed\\xa0\\x80");
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "", 64), 0);
	assert_string_equal(out, "");
}

static void test_escape_bounds(void **state)
{
	char out[8];
	const char unterminated[4] = { 'a', '\t', 'b', 'c' };

	(void)state;
	/* Cut short like snprintf: NUL-terminated, full length returned. */
	memset(out, 'x', sizeof(out));
	assert_int_equal(kvp_cli_escape(out, 5, "\t\t\t\t", 64), 8);
	assert_string_equal(out, "\\t\\t");
	assert_int_equal(out[5], 'x');
	assert_int_equal(kvp_cli_escape(out, 1, "abc", 64), 3);
	assert_string_equal(out, "");
	out[0] = 'x';
	assert_int_equal(kvp_cli_escape(out, 0, "abc", 64), 3);
	assert_int_equal(out[0], 'x');
	/* Never reads past in_max, NUL or not. */
	assert_int_equal(kvp_cli_escape(out, sizeof(out), unterminated, 4), 5);
	assert_string_equal(out, "a\\tbc");
	assert_int_equal(kvp_cli_escape(out, sizeof(out), "abcdef", 2), 2);
	assert_string_equal(out, "ab");
}

static void test_format_record(void **state)
{
	struct kvp_record rec;
	char line[64];

	(void)state;
	memset(&rec, 0, sizeof(rec));
	strcpy(rec.key, "Key\tOne");
	strcpy(rec.value, "line1\nline2\\");
	assert_int_equal(kvp_cli_format_record(line, sizeof(line), 3, &rec),
			 strlen("3\tKey\\tOne\tline1\\nline2\\\\\n"));
	assert_string_equal(line, "3\tKey\\tOne\tline1\\nline2\\\\\n");

	memset(&rec, 0, sizeof(rec));
	strcpy(rec.key, "k");
	assert_int_equal(kvp_cli_format_record(line, sizeof(line), 0, &rec), 5);
	assert_string_equal(line, "0\tk\t\n");
}

static void test_format_longest_record(void **state)
{
	struct kvp_record *rec = malloc(sizeof(*rec));
	char *line = malloc(KVP_CLI_LINE_SIZE);

	(void)state;
	assert_non_null(rec);
	assert_non_null(line);
	/* Control bytes take the most room: \xHH each. */
	memset(rec->key, '\x01', sizeof(rec->key) - 1);
	rec->key[sizeof(rec->key) - 1] = '\0';
	memset(rec->value, '\x1b', sizeof(rec->value) - 1);
	rec->value[sizeof(rec->value) - 1] = '\0';
	assert_int_equal(kvp_cli_format_record(line, KVP_CLI_LINE_SIZE, 4, rec),
			 KVP_CLI_LINE_SIZE - 1);
	assert_int_equal(strlen(line), KVP_CLI_LINE_SIZE - 1);
	assert_int_equal(line[KVP_CLI_LINE_SIZE - 2], '\n');
	/* Even an unterminated record stays within its fields. */
	memset(rec, 'k', sizeof(*rec));
	assert_int_equal(kvp_cli_format_record(line, KVP_CLI_LINE_SIZE, 4, rec),
			 1 + 1 + KVP_POOL_KEY_SIZE + 1 + KVP_POOL_VALUE_SIZE + 1);
	free(line);
	free(rec);
}

static void test_exit_codes(void **state)
{
	(void)state;
	assert_int_equal(kvp_cli_exit_code(KVP_OK), KVP_CLI_EXIT_OK);
	assert_int_equal(kvp_cli_exit_code(KVP_E_INVALID), KVP_CLI_EXIT_USAGE);
	assert_int_equal(kvp_cli_exit_code(KVP_E_KEY_TOO_LONG),
			 KVP_CLI_EXIT_USAGE);
	assert_int_equal(kvp_cli_exit_code(KVP_E_VALUE_TOO_LONG),
			 KVP_CLI_EXIT_USAGE);
	assert_int_equal(kvp_cli_exit_code(KVP_E_NOT_FOUND), KVP_CLI_EXIT_FAIL);
	assert_int_equal(kvp_cli_exit_code(KVP_E_TORN), KVP_CLI_EXIT_FAIL);
	assert_int_equal(kvp_cli_exit_code(KVP_E_CORRUPT), KVP_CLI_EXIT_FAIL);
	assert_int_equal(kvp_cli_exit_code(KVP_E_IO), KVP_CLI_EXIT_FAIL);
	assert_int_equal(kvp_cli_exit_code(KVP_E_NOMEM), KVP_CLI_EXIT_FAIL);
}

static void test_report_is_one_line(void **state)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	assert_non_null(f);
	kvp_cli_report(f, "key \"a\nb\tc\" is not there; list the pool.");
	fclose(f);
	assert_string_equal(text,
			    "hv-kvp: key \"a\\nb\\tc\" is not there; list the pool.\n");
	free(text);
}

static void test_help(void **state)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	assert_non_null(f);
	kvp_cli_print_help(f);
	fclose(f);
	assert_non_null(strstr(text, "Usage: hv-kvp"));
	assert_non_null(strstr(text, "auto_internal"));
	assert_non_null(strstr(text, KVP_POOL_DEFAULT_DIR));
	assert_non_null(strstr(text, "--repair"));
	assert_non_null(strstr(text, "\\t"));
	free(text);
}

/* In-process runs against a temporary directory. */

struct fixture {
	char dir[64];
	char *out, *err;
	size_t out_size, err_size;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (test_dir_create(f->dir, sizeof(f->dir), "kvp_cli")) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_dir_remove(f->dir);
	free(f->out);
	free(f->err);
	free(f);
	return 0;
}

/* Runs hv-kvp --dir <dir> ARGS... and keeps its stdout and stderr. */
static int run_args(struct fixture *f, char **args)
{
	char *argv[16] = { "hv-kvp", "--dir", f->dir };
	int argc = count_args(args);
	struct kvp_cli cli;
	FILE *out, *err;
	int code;

	assert_true(argc + 3 <= 16);
	for (int i = 0; i < argc; i++)
		argv[3 + i] = args[i];
	free(f->out);
	free(f->err);
	out = open_memstream(&f->out, &f->out_size);
	err = open_memstream(&f->err, &f->err_size);
	assert_non_null(out);
	assert_non_null(err);
	code = kvp_cli_parse(&cli, argc + 3, argv);
	if (code == KVP_CLI_EXIT_OK)
		code = kvp_cli_run(&cli, out, err);
	else
		kvp_cli_report(err, cli.error);
	fclose(out);
	fclose(err);
	return code;
}

/* Runs hv-kvp --dir <fixture dir> and the arguments given. */
#define RUN(f, ...) \
	run_args((f), (char *[]){ __VA_ARGS__, NULL })

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static off_t file_size(const struct fixture *f, int pool)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "%s/.kvp_pool_%d", f->dir, pool);
	if (stat(path, &st) < 0)
		return -1;
	return st.st_size;
}

static void append_bytes(const struct fixture *f, int pool, size_t n)
{
	char path[128];
	FILE *file;

	snprintf(path, sizeof(path), "%s/.kvp_pool_%d", f->dir, pool);
	file = fopen(path, "ab");
	assert_non_null(file);
	for (size_t i = 0; i < n; i++)
		fputc('t', file);
	fclose(file);
}

static void test_run_set_get_list_delete(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "list"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, "");

	assert_int_equal(RUN(f, "set", "Name", "a\tb\nc\\"), KVP_CLI_EXIT_OK);
	assert_int_equal(RUN(f, "--pool", "external", "set", "Host", "h"),
			 KVP_CLI_EXIT_OK);
	assert_int_equal(RUN(f, "--pool", "4", "set", "Z", ""), KVP_CLI_EXIT_OK);
	assert_int_equal(file_size(f, KVP_POOL_GUEST), KVP_POOL_RECORD_SIZE);

	assert_int_equal(RUN(f, "get", "Name"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out, "a\tb\nc\\\n");
	assert_int_equal(RUN(f, "list"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out,
			    "0\tHost\th\n1\tName\ta\\tb\\nc\\\\\n4\tZ\t\n");
	assert_string_equal(f->err, "");
	assert_int_equal(RUN(f, "--pool", "guest", "list"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out, "1\tName\ta\\tb\\nc\\\\\n");

	assert_int_equal(RUN(f, "delete", "Name"), KVP_CLI_EXIT_OK);
	assert_int_equal(RUN(f, "get", "Name"), KVP_CLI_EXIT_FAIL);
	assert_string_equal(f->out, "");
	assert_int_equal(count_lines(f->err), 1);
	assert_non_null(strstr(f->err, "hv-kvp: key \"Name\" is not in"));
	assert_int_equal(RUN(f, "delete", "Name"), KVP_CLI_EXIT_FAIL);
	assert_int_equal(count_lines(f->err), 1);
	/* The other pools are untouched. */
	assert_int_equal(RUN(f, "--pool", "0", "get", "Host"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out, "h\n");
}

static void test_run_too_long_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char key[KVP_POOL_KEY_SIZE + 1];
	char value[KVP_POOL_VALUE_SIZE + 1];

	assert_int_equal(RUN(f, "set", "k", "v"), KVP_CLI_EXIT_OK);
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';

	assert_int_equal(RUN(f, "set", key, "v"), KVP_CLI_EXIT_USAGE);
	assert_non_null(strstr(f->err, "too long"));
	assert_int_equal(count_lines(f->err), 1);
	assert_int_equal(RUN(f, "set", "k", value), KVP_CLI_EXIT_USAGE);
	assert_non_null(strstr(f->err, "too long"));
	assert_int_equal(RUN(f, "get", key), KVP_CLI_EXIT_USAGE);
	assert_int_equal(RUN(f, "delete", key), KVP_CLI_EXIT_USAGE);
	assert_int_equal(RUN(f, "set", "", "v"), KVP_CLI_EXIT_USAGE);
	assert_non_null(strstr(f->err, "empty key"));

	assert_int_equal(RUN(f, "list"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out, "1\tk\tv\n");
	assert_int_equal(file_size(f, KVP_POOL_GUEST), KVP_POOL_RECORD_SIZE);

	/* One byte shorter fits. */
	key[sizeof(key) - 2] = '\0';
	value[sizeof(value) - 2] = '\0';
	assert_int_equal(RUN(f, "set", key, value), KVP_CLI_EXIT_OK);
	assert_int_equal(RUN(f, "get", key), KVP_CLI_EXIT_OK);
	assert_int_equal(strlen(f->out), KVP_POOL_VALUE_SIZE);
}

static void test_run_torn_pool(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "set", "a", "1"), KVP_CLI_EXIT_OK);
	assert_int_equal(RUN(f, "--pool", "2", "set", "b", "2"), KVP_CLI_EXIT_OK);
	append_bytes(f, KVP_POOL_GUEST, 7);

	/* Reads print what is intact and warn. */
	assert_int_equal(RUN(f, "list"), KVP_CLI_EXIT_FAIL);
	assert_string_equal(f->out, "1\ta\t1\n2\tb\t2\n");
	assert_int_equal(count_lines(f->err), 1);
	assert_non_null(strstr(f->err, "is torn"));
	assert_int_equal(RUN(f, "get", "a"), KVP_CLI_EXIT_FAIL);
	assert_string_equal(f->out, "1\n");
	assert_non_null(strstr(f->err, "is torn"));

	/* Changes refuse it, leaving the file as it was. */
	assert_int_equal(RUN(f, "set", "c", "3"), KVP_CLI_EXIT_FAIL);
	assert_non_null(strstr(f->err, "--repair"));
	assert_int_equal(count_lines(f->err), 1);
	assert_int_equal(RUN(f, "delete", "a"), KVP_CLI_EXIT_FAIL);
	assert_non_null(strstr(f->err, "--repair"));
	assert_int_equal(file_size(f, KVP_POOL_GUEST), KVP_POOL_RECORD_SIZE + 7);

	/* --repair drops the tail and makes the change. */
	assert_int_equal(RUN(f, "--repair", "set", "c", "3"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->err, "");
	assert_int_equal(file_size(f, KVP_POOL_GUEST), 2 * KVP_POOL_RECORD_SIZE);
	assert_int_equal(RUN(f, "list"), KVP_CLI_EXIT_OK);
	assert_string_equal(f->out, "1\ta\t1\n1\tc\t3\n2\tb\t2\n");
}

static void test_run_missing_dir(void **state)
{
	struct kvp_cli cli;
	char *argv[] = { "hv-kvp", "--dir", "/nonexistent/hv-kvp-test", "list" };
	char *err = NULL;
	size_t err_size = 0;
	FILE *out = fopen("/dev/null", "w");
	FILE *errf = open_memstream(&err, &err_size);

	(void)state;
	assert_non_null(out);
	assert_non_null(errf);
	assert_int_equal(kvp_cli_parse(&cli, ARGC(argv), argv), KVP_CLI_EXIT_OK);
	assert_int_equal(kvp_cli_run(&cli, out, errf), KVP_CLI_EXIT_FAIL);
	fclose(out);
	fclose(errf);
	/* Reported once, not once per pool. */
	assert_int_equal(count_lines(err), 1);
	assert_non_null(strstr(err, "/nonexistent/hv-kvp-test"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_numbers_and_names),
		cmocka_unit_test(test_bad_pool_numbers_and_names),
		cmocka_unit_test(test_parse_defaults),
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_parse_dashes),
		cmocka_unit_test(test_parse_help_and_version),
		cmocka_unit_test(test_parse_bad_pool),
		cmocka_unit_test(test_parse_bad_options),
		cmocka_unit_test(test_parse_bad_commands),
		cmocka_unit_test(test_parse_missing_arguments),
		cmocka_unit_test(test_parse_too_many_arguments),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_bounds),
		cmocka_unit_test(test_format_record),
		cmocka_unit_test(test_format_longest_record),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_report_is_one_line),
		cmocka_unit_test(test_help),
		cmocka_unit_test_setup_teardown(test_run_set_get_list_delete,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_too_long_changes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_torn_pool,
						setup, teardown),
		cmocka_unit_test(test_run_missing_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
