/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hv-kvp admin CLI, minus its main(): argument parsing, the list
 * output format and the commands themselves, so that all of it can be
 * unit-tested in-process. daemons/hv-kvp/main.c only adds --version.
 *
 *   hv-kvp [--dir DIR] [--pool N] [--repair] list | get KEY |
 *          set KEY VALUE | delete KEY
 *
 * Exit codes: KVP_CLI_EXIT_OK, KVP_CLI_EXIT_FAIL (not found, I/O, torn
 * or corrupt pool), KVP_CLI_EXIT_USAGE (bad arguments, including a key
 * or value too long to store). Every error is one line on stderr,
 * prefixed "hv-kvp: ".
 */
#ifndef KVP_CLI_H
#define KVP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kvp_pool.h"

#define KVP_CLI_EXIT_OK		0
#define KVP_CLI_EXIT_FAIL	1
#define KVP_CLI_EXIT_USAGE	2

/* --pool not given: list shows every pool, the other commands use this. */
#define KVP_CLI_DEFAULT_POOL	KVP_POOL_GUEST
#define KVP_CLI_ALL_POOLS	(-1)

#define KVP_CLI_ERROR_SIZE	256

/*
 * The longest list line, with its newline and NUL: one pool digit, two
 * tabs, and a key and value in which every byte became \xHH.
 */
#define KVP_CLI_LINE_SIZE \
	(1 + 1 + 4 * (KVP_POOL_KEY_SIZE - 1) + 1 + \
	 4 * (KVP_POOL_VALUE_SIZE - 1) + 1 + 1)

enum kvp_cli_command {
	KVP_CLI_NONE = 0,
	KVP_CLI_HELP,
	KVP_CLI_VERSION,
	KVP_CLI_LIST,
	KVP_CLI_GET,
	KVP_CLI_SET,
	KVP_CLI_DELETE,
};

struct kvp_cli {
	enum kvp_cli_command command;
	const char *dir;	/* KVP_POOL_DEFAULT_DIR unless --dir */
	int pool;		/* 0..4, or KVP_CLI_ALL_POOLS for list */
	bool repair;		/* --repair: set/delete may fix a torn pool */
	const char *key;	/* get, set, delete; points into argv */
	const char *value;	/* set */
	char error[KVP_CLI_ERROR_SIZE];	/* why parsing failed */
};

/*
 * Parses argv (argv[0] is the program name). Options may come before or
 * after the command; "--" ends them. --help and --version stop parsing.
 * Returns KVP_CLI_EXIT_OK, or KVP_CLI_EXIT_USAGE with cli->error set to
 * one sentence (without the "hv-kvp: " prefix).
 */
int kvp_cli_parse(struct kvp_cli *cli, int argc, char *const argv[]);

/* "0".."4" or a pool name (external, guest, ...); -1 if neither. */
int kvp_cli_pool_number(const char *text);
/* The name of pool 0..4, or NULL. */
const char *kvp_cli_pool_name(int number);

/*
 * Copies at most in_max bytes of in, up to its NUL, into out with
 * backslash, tab, newline and carriage return written as \\, \t, \n
 * and \r, and every other byte that is not part of a printable UTF-8
 * character (controls, DEL, C1 controls, malformed UTF-8) as \xHH, so
 * the text cannot act on a terminal. Like snprintf:
 * out is always NUL-terminated (if out_size > 0), and the return value
 * is the length the whole escaped text needs, so a return >= out_size
 * means it was cut short.
 */
size_t kvp_cli_escape(char *out, size_t out_size, const char *in,
		      size_t in_max);

/*
 * One list line, "<pool>\t<key>\t<value>\n" with key and value escaped;
 * same return convention as kvp_cli_escape. KVP_CLI_LINE_SIZE always fits.
 */
size_t kvp_cli_format_record(char *out, size_t out_size, int pool,
			     const struct kvp_record *rec);

/* Exit code for a library result: usage for bad keys and values. */
int kvp_cli_exit_code(enum kvp_result result);

void kvp_cli_print_help(FILE *out);

/* "hv-kvp: <message>\n", with newlines and tabs in message escaped. */
void kvp_cli_report(FILE *err, const char *message);

/*
 * Runs a parsed list, get, set or delete: records and values go to out,
 * errors and warnings to err, one line each. Returns the exit code.
 */
int kvp_cli_run(const struct kvp_cli *cli, FILE *out, FILE *err);

#endif /* KVP_CLI_H */
