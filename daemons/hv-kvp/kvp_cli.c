// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hv-kvp admin CLI: see kvp_cli.h. Parsing is by hand rather than
 * with getopt_long so that it keeps no global state (optind) and unit
 * tests can call it any number of times.
 */
#include "kvp_cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PROG	"hv-kvp"

static const char *const pool_names[KVP_POOL_COUNT] = {
	[KVP_POOL_EXTERNAL] = "external",
	[KVP_POOL_GUEST] = "guest",
	[KVP_POOL_AUTO] = "auto",
	[KVP_POOL_AUTO_EXTERNAL] = "auto_external",
	[KVP_POOL_AUTO_INTERNAL] = "auto_internal",
};

static const struct {
	const char *name;
	enum kvp_cli_command command;
	int nargs;
	const char *args;	/* as the usage line names them */
} commands[] = {
	{ "list", KVP_CLI_LIST, 0, "" },
	{ "get", KVP_CLI_GET, 1, "KEY" },
	{ "set", KVP_CLI_SET, 2, "KEY VALUE" },
	{ "delete", KVP_CLI_DELETE, 1, "KEY" },
};

/* snprintf-style output: counts everything, stores what fits. */
struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void sink_putc(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void sink_puts(struct sink *s, const char *text)
{
	while (*text)
		sink_putc(s, *text++);
}

/*
 * The length of the well-formed UTF-8 sequence of a printable character
 * at in[0] (at most @max bytes, none NUL), or 0: ASCII controls, DEL, C1
 * controls (U+0080-U+009F, which terminals obey too), overlong forms,
 * surrogates and stray bytes are not.
 */
static size_t utf8_printable(const unsigned char *in, size_t max)
{
	unsigned int cp, min;
	size_t len;

	if (in[0] < 0x80)
		return in[0] >= 0x20 && in[0] != 0x7f;
	if (in[0] >= 0xc2 && in[0] <= 0xdf) {
		len = 2, cp = in[0] & 0x1f, min = 0x80;
	} else if (in[0] >= 0xe0 && in[0] <= 0xef) {
		len = 3, cp = in[0] & 0x0f, min = 0x800;
	} else if (in[0] >= 0xf0 && in[0] <= 0xf4) {
		len = 4, cp = in[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > max)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((in[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (in[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

/* Pool text as one safe line: nothing in it can steer a terminal. */
static void sink_escape(struct sink *s, const char *in, size_t in_max)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, n;

	while (i < in_max && in[i]) {
		unsigned char c = (unsigned char)in[i];

		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			sink_putc(s, '\\');
			sink_putc(s, c == '\t' ? 't' : c == '\n' ? 'n' :
				     c == '\r' ? 'r' : '\\');
			i++;
			continue;
		}
		n = utf8_printable((const unsigned char *)in + i,
				   strnlen(in + i, in_max - i));
		if (!n) {
			sink_puts(s, "\\x");
			sink_putc(s, hex[c >> 4]);
			sink_putc(s, hex[c & 0xf]);
			i++;
			continue;
		}
		while (n--)
			sink_putc(s, in[i++]);
	}
}

static size_t sink_end(struct sink *s)
{
	if (s->size)
		s->buf[s->len < s->size ? s->len : s->size - 1] = '\0';
	return s->len;
}

size_t kvp_cli_escape(char *out, size_t out_size, const char *in,
		      size_t in_max)
{
	struct sink s = { out, out_size, 0 };

	sink_escape(&s, in, in_max);
	return sink_end(&s);
}

size_t kvp_cli_format_record(char *out, size_t out_size, int pool,
			     const struct kvp_record *rec)
{
	struct sink s = { out, out_size, 0 };
	char number[16];

	snprintf(number, sizeof(number), "%d", pool);
	sink_puts(&s, number);
	sink_putc(&s, '\t');
	sink_escape(&s, rec->key, sizeof(rec->key));
	sink_putc(&s, '\t');
	sink_escape(&s, rec->value, sizeof(rec->value));
	sink_putc(&s, '\n');
	return sink_end(&s);
}

int kvp_cli_pool_number(const char *text)
{
	if (!text)
		return -1;
	for (int i = 0; i < KVP_POOL_COUNT; i++)
		if (strcmp(text, pool_names[i]) == 0)
			return i;
	if (text[0] >= '0' && text[0] < '0' + KVP_POOL_COUNT && !text[1])
		return text[0] - '0';
	return -1;
}

const char *kvp_cli_pool_name(int number)
{
	if (number < 0 || number >= KVP_POOL_COUNT)
		return NULL;
	return pool_names[number];
}

int kvp_cli_exit_code(enum kvp_result result)
{
	switch (result) {
	case KVP_OK:
		return KVP_CLI_EXIT_OK;
	case KVP_E_INVALID:
	case KVP_E_KEY_TOO_LONG:
	case KVP_E_VALUE_TOO_LONG:
		/* The arguments are wrong: running it again cannot help. */
		return KVP_CLI_EXIT_USAGE;
	default:
		return KVP_CLI_EXIT_FAIL;
	}
}

__attribute__((format(printf, 2, 3)))
static int usage_error(struct kvp_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cli->error, sizeof(cli->error), fmt, ap);
	va_end(ap);
	return KVP_CLI_EXIT_USAGE;
}

enum option_match { NOT_THIS, GOT_VALUE, MISSING_VALUE };

/* --name VALUE or --name=VALUE; advances *i past a separate VALUE. */
static enum option_match option_value(const char *name, int argc,
				      char *const argv[], int *i,
				      const char **value)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len) != 0)
		return NOT_THIS;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return GOT_VALUE;
	}
	if (arg[len])
		return NOT_THIS;
	if (*i + 1 >= argc)
		return MISSING_VALUE;
	*value = argv[++*i];
	return GOT_VALUE;
}

static int parse_option(struct kvp_cli *cli, int argc, char *const argv[],
			int *i)
{
	const char *arg = argv[*i];
	const char *value;

	switch (option_value("--dir", argc, argv, i, &value)) {
	case GOT_VALUE:
		if (!value[0])
			return usage_error(cli, "--dir was given an empty directory name; pass the directory that holds the pool files, such as %s.",
					   KVP_POOL_DEFAULT_DIR);
		cli->dir = value;
		return KVP_CLI_EXIT_OK;
	case MISSING_VALUE:
		return usage_error(cli, "--dir needs a directory after it; pass --dir DIR, such as --dir %s.",
				   KVP_POOL_DEFAULT_DIR);
	case NOT_THIS:
		break;
	}
	switch (option_value("--pool", argc, argv, i, &value)) {
	case GOT_VALUE:
		cli->pool = kvp_cli_pool_number(value);
		if (cli->pool < 0)
			return usage_error(cli, "there is no KVP pool \"%.40s\"; pass --pool 0 to %d, or external, guest, auto, auto_external or auto_internal.",
					   value, KVP_POOL_COUNT - 1);
		return KVP_CLI_EXIT_OK;
	case MISSING_VALUE:
		return usage_error(cli, "--pool needs a pool after it; pass --pool 0 to %d, or a name such as guest.",
				   KVP_POOL_COUNT - 1);
	case NOT_THIS:
		break;
	}
	if (strcmp(arg, "--repair") == 0) {
		cli->repair = true;
		return KVP_CLI_EXIT_OK;
	}
	return usage_error(cli, "unknown option \"%.40s\"; see " PROG " --help, and put -- before a key or value that starts with -.",
			   arg);
}

int kvp_cli_parse(struct kvp_cli *cli, int argc, char *const argv[])
{
	const char *pos[3] = { NULL, NULL, NULL };	/* command, KEY, VALUE */
	bool options_done = false;
	int npos = 0;
	size_t c;

	memset(cli, 0, sizeof(*cli));
	cli->dir = KVP_POOL_DEFAULT_DIR;
	cli->pool = KVP_CLI_ALL_POOLS;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int r;

		if (options_done || arg[0] != '-' || !arg[1]) {
			if (npos < 3)
				pos[npos] = arg;
			npos++;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli->command = KVP_CLI_HELP;
			return KVP_CLI_EXIT_OK;
		}
		if (strcmp(arg, "--version") == 0) {
			cli->command = KVP_CLI_VERSION;
			return KVP_CLI_EXIT_OK;
		}
		r = parse_option(cli, argc, argv, &i);
		if (r != KVP_CLI_EXIT_OK)
			return r;
	}

	if (npos == 0)
		return usage_error(cli, "no command given; use list, get KEY, set KEY VALUE or delete KEY (see " PROG " --help).");
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(pos[0], commands[c].name) == 0)
			break;
	if (c == sizeof(commands) / sizeof(commands[0]))
		return usage_error(cli, "unknown command \"%.40s\"; use list, get, set or delete (see " PROG " --help).",
				   pos[0]);
	if (npos - 1 < commands[c].nargs)
		return usage_error(cli, "%s needs %s but got %d argument(s); use " PROG " %s %s.",
				   commands[c].name, commands[c].args, npos - 1,
				   commands[c].name, commands[c].args);
	if (npos - 1 > commands[c].nargs) {
		if (commands[c].nargs == 0)
			return usage_error(cli, "%s takes no arguments but got %d; to show one pool, use " PROG " --pool N %s.",
					   commands[c].name, npos - 1,
					   commands[c].name);
		return usage_error(cli, "%s takes %s but got %d arguments; quote a key or value that contains spaces.",
				   commands[c].name, commands[c].args, npos - 1);
	}
	cli->command = commands[c].command;
	cli->key = pos[1];
	cli->value = pos[2];
	if (cli->repair && cli->command != KVP_CLI_SET &&
	    cli->command != KVP_CLI_DELETE)
		return usage_error(cli, "--repair only applies to set and delete; drop it from this %s.",
				   commands[c].name);
	if (cli->pool == KVP_CLI_ALL_POOLS && cli->command != KVP_CLI_LIST)
		cli->pool = KVP_CLI_DEFAULT_POOL;
	return KVP_CLI_EXIT_OK;
}

void kvp_cli_report(FILE *err, const char *message)
{
	fputs(PROG ": ", err);
	/* One line whatever the message quotes (a key with a newline...). */
	for (const char *p = message; *p; p++) {
		if (*p == '\n')
			fputs("\\n", err);
		else if (*p == '\t')
			fputs("\\t", err);
		else if (*p == '\r')
			fputs("\\r", err);
		else
			fputc(*p, err);
	}
	fputc('\n', err);
}

void kvp_cli_print_help(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [--dir DIR] [--pool N] list\n"
		"       " PROG " [--dir DIR] [--pool N] get KEY\n"
		"       " PROG " [--dir DIR] [--pool N] [--repair] set KEY VALUE\n"
		"       " PROG " [--dir DIR] [--pool N] [--repair] delete KEY\n"
		"Read and change the Hyper-V KVP pool files DIR/.kvp_pool_0 to _%d.\n"
		"\n"
		"Commands:\n"
		"  list            print every record, one line each: POOL<tab>KEY<tab>VALUE;\n"
		"                  a backslash, tab or newline in a key or value is written\n"
		"                  as \\\\, \\t or \\n, so every record is exactly one line\n"
		"  get KEY         print the value of KEY as stored, then a newline\n"
		"  set KEY VALUE   add KEY, or replace its value\n"
		"  delete KEY      remove KEY\n"
		"\n"
		"Options (before or after the command):\n"
		"  --dir DIR       directory of the pool files (default %s)\n"
		"  --pool N        pool number 0-%d or its name: 0 external (written by the\n"
		"                  host), 1 guest, 2 auto, 3 auto_external, 4 auto_internal.\n"
		"                  Without it, list shows every pool and get, set and delete\n"
		"                  use pool %d (%s), where the guest puts data for the host.\n"
		"  --repair        let set and delete rewrite a torn pool file (a partial\n"
		"                  last record, left by a crashed writer), dropping the\n"
		"                  partial record and any corrupt ones; without it they\n"
		"                  refuse a torn file and keep corrupt records as they are\n"
		"  --              end of options, for a KEY or VALUE that starts with -\n"
		"  -h, --help      show this help\n"
		"  --version       show the version\n"
		"\n"
		"Keys are 1 to %d bytes, values at most %d bytes.\n"
		"\n"
		"Exit status: 0 success; 1 failure: key not found, I/O error, or a torn or\n"
		"corrupt pool (list and get still print the intact records, and warn);\n"
		"2 usage error: bad option, command or pool, missing or extra arguments, an\n"
		"empty key, or a key or value too long (nothing is changed).\n",
		KVP_POOL_COUNT - 1, KVP_POOL_DEFAULT_DIR, KVP_POOL_COUNT - 1,
		KVP_CLI_DEFAULT_POOL, pool_names[KVP_CLI_DEFAULT_POOL],
		KVP_POOL_KEY_SIZE - 1, KVP_POOL_VALUE_SIZE - 1);
}

/* The library's message, plus how to repair with hv-kvp when that helps. */
static void report_result(FILE *err, const struct kvp_pool *pool,
			  enum kvp_result r, enum kvp_cli_command command)
{
	char message[KVP_POOL_MSG_SIZE + 128];
	const char *hint = "";

	if (r == KVP_E_TORN && (command == KVP_CLI_SET ||
				command == KVP_CLI_DELETE))
		hint = " With " PROG ", add --repair to the command.";
	else if (r == KVP_E_TORN || r == KVP_E_CORRUPT)
		hint = " With " PROG ", a set or delete with --repair on this pool does that.";
	snprintf(message, sizeof(message), "%s%s", kvp_pool_message(pool),
		 hint);
	kvp_cli_report(err, message);
}

static int worse(int a, int b)
{
	return a > b ? a : b;
}

static int run_list(const struct kvp_cli *cli, FILE *out, FILE *err)
{
	int first = cli->pool == KVP_CLI_ALL_POOLS ? 0 : cli->pool;
	int last = cli->pool == KVP_CLI_ALL_POOLS ? KVP_POOL_COUNT - 1
						  : cli->pool;
	int code = KVP_CLI_EXIT_OK;
	char *line = malloc(KVP_CLI_LINE_SIZE);

	if (!line) {
		kvp_cli_report(err, "out of memory for a list line; free some memory and retry.");
		return KVP_CLI_EXIT_FAIL;
	}
	for (int n = first; n <= last; n++) {
		struct kvp_record *recs;
		struct kvp_pool pool;
		enum kvp_result r;
		size_t count;

		r = kvp_pool_open(&pool, cli->dir, n);
		if (r != KVP_OK) {
			/* A directory problem: the other pools have it too. */
			kvp_cli_report(err, kvp_pool_message(&pool));
			code = worse(code, kvp_cli_exit_code(r));
			break;
		}
		/* On a torn or corrupt pool, the intact records, then the warning. */
		r = kvp_pool_read_all(&pool, &recs, &count);
		for (size_t i = 0; i < count; i++) {
			kvp_cli_format_record(line, KVP_CLI_LINE_SIZE, n, &recs[i]);
			fputs(line, out);
		}
		free(recs);
		if (r != KVP_OK) {
			report_result(err, &pool, r, KVP_CLI_LIST);
			code = worse(code, kvp_cli_exit_code(r));
		}
		kvp_pool_close(&pool);
	}
	free(line);
	return code;
}

static int run_one(const struct kvp_cli *cli, FILE *out, FILE *err)
{
	unsigned int flags = cli->repair ? KVP_POOL_REPAIR : 0;
	char value[KVP_POOL_VALUE_SIZE];
	struct kvp_pool pool;
	enum kvp_result r;

	r = kvp_pool_open(&pool, cli->dir, cli->pool);
	if (r != KVP_OK) {
		kvp_cli_report(err, kvp_pool_message(&pool));
		return kvp_cli_exit_code(r);
	}
	switch (cli->command) {
	case KVP_CLI_GET:
		r = kvp_pool_get(&pool, cli->key, value);
		if (r == KVP_OK || r == KVP_E_TORN || r == KVP_E_CORRUPT)
			fprintf(out, "%s\n", value);
		break;
	case KVP_CLI_SET:
		r = kvp_pool_set(&pool, cli->key, cli->value, flags);
		break;
	case KVP_CLI_DELETE:
		r = kvp_pool_delete(&pool, cli->key, flags);
		break;
	default:
		r = KVP_E_INVALID;
		break;
	}
	if (r != KVP_OK)
		report_result(err, &pool, r, cli->command);
	kvp_pool_close(&pool);
	return kvp_cli_exit_code(r);
}

int kvp_cli_run(const struct kvp_cli *cli, FILE *out, FILE *err)
{
	int code;

	switch (cli->command) {
	case KVP_CLI_HELP:
		kvp_cli_print_help(out);
		code = KVP_CLI_EXIT_OK;
		break;
	case KVP_CLI_LIST:
		code = run_list(cli, out, err);
		break;
	case KVP_CLI_GET:
	case KVP_CLI_SET:
	case KVP_CLI_DELETE:
		code = run_one(cli, out, err);
		break;
	default:
		kvp_cli_report(err, "no command to run; use list, get KEY, set KEY VALUE or delete KEY (see " PROG " --help).");
		return KVP_CLI_EXIT_USAGE;
	}
	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		char message[160];
		int e = errno;

		snprintf(message, sizeof(message),
			 "cannot write the output: %s; check the file or pipe it goes to.",
			 e ? strerror(e) : "write error");
		kvp_cli_report(err, message);
		code = worse(code, KVP_CLI_EXIT_FAIL);
	}
	return code;
}
