// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv-kvp: read and change the Hyper-V KVP pool files from the shell.
 * Everything but --version lives in kvp_cli.c, in this folder, where the
 * unit tests reach it; run hv-kvp --help for the usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kvp_cli.h"

#ifndef HVLIS_VERSION
#error "HVLIS_VERSION is not set: build through daemons/Makefile, which reads it from dkms.conf"
#endif

int main(int argc, char **argv)
{
	struct kvp_cli cli;
	int code;

	code = kvp_cli_parse(&cli, argc, argv);
	if (code != KVP_CLI_EXIT_OK) {
		kvp_cli_report(stderr, cli.error);
		return code;
	}
	if (cli.command != KVP_CLI_VERSION)
		return kvp_cli_run(&cli, stdout, stderr);
	printf("hv-kvp (hv-lis) %s\n", HVLIS_VERSION);
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "hv-kvp: cannot write the output: %s; check the file or pipe it goes to.\n",
			errno ? strerror(errno) : "write error");
		return KVP_CLI_EXIT_FAIL;
	}
	return KVP_CLI_EXIT_OK;
}
