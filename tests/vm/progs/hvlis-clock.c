// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvlis-clock: tight reads of a clock from userspace, for the clocksource
 * case and benchmark.
 *
 *   hvlis-clock monotonic SECONDS
 *	one thread pinned to each online CPU reads CLOCK_MONOTONIC as fast
 *	as it can for SECONDS; every read must be at least the latest one
 *	any thread had published before it (so also its own last). Prints
 *	"reads N backwards B worst_ns W" and exits 1 when B > 0.
 *   hvlis-clock rate SECONDS
 *	the clock's rate against the CPU's TSC: CLOCK_MONOTONIC_RAW and
 *	RDTSC read side by side at the start and after SECONDS. Prints
 *	"tsc_per_us R" (R in TSC ticks per microsecond, three decimals).
 *   hvlis-clock cost COUNT
 *	prints "ns_per_read X": the mean cost of COUNT clock_gettime
 *	(CLOCK_MONOTONIC) calls, timed by the clock itself.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

static uint64_t read_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static _Atomic uint64_t latest;		/* newest read any thread published */
static _Atomic uint64_t backwards;
static _Atomic uint64_t worst;		/* largest step back, ns */
static _Atomic uint64_t total_reads;
static uint64_t deadline;

struct reader {
	pthread_t thread;
	int cpu;
};

static void note_backwards(uint64_t by)
{
	uint64_t w = atomic_load(&worst);

	atomic_fetch_add(&backwards, 1);
	while (by > w && !atomic_compare_exchange_weak(&worst, &w, by))
		;
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	uint64_t reads = 0, now = 0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(r->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "hvlis-clock: cannot pin to CPU %d: %s\n",
			r->cpu, strerror(errno));
	while (now < deadline) {
		/* Loaded before the read: the read must not be older. */
		uint64_t before = atomic_load(&latest);

		now = read_ns(CLOCK_MONOTONIC);
		reads++;
		if (now < before) {
			note_backwards(before - now);
			continue;
		}
		while (now > before &&
		       !atomic_compare_exchange_weak(&latest, &before, now))
			;
	}
	atomic_fetch_add(&total_reads, reads);
	return NULL;
}

static int cmd_monotonic(long seconds)
{
	struct reader *readers;
	cpu_set_t online;
	int n = 0;

	if (sched_getaffinity(0, sizeof(online), &online)) {
		perror("hvlis-clock: online CPUs");
		return 1;
	}
	readers = calloc(CPU_SETSIZE, sizeof(*readers));
	if (!readers)
		return 1;
	atomic_store(&latest, read_ns(CLOCK_MONOTONIC));
	deadline = atomic_load(&latest) + (uint64_t)seconds * 1000000000u;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &online))
			continue;
		readers[n].cpu = cpu;
		if (pthread_create(&readers[n].thread, NULL, reader_main, &readers[n])) {
			fprintf(stderr, "hvlis-clock: cannot start a reader\n");
			return 1;
		}
		n++;
	}
	for (int i = 0; i < n; i++)
		pthread_join(readers[i].thread, NULL);
	free(readers);
	printf("cpus %d reads %llu backwards %llu worst_ns %llu\n", n,
	       (unsigned long long)atomic_load(&total_reads),
	       (unsigned long long)atomic_load(&backwards),
	       (unsigned long long)atomic_load(&worst));
	return atomic_load(&backwards) ? 1 : 0;
}

/* The TSC and the clock at one instant: the pair read closest together. */
static void sample(uint64_t *tsc, uint64_t *ns)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 16; i++) {
		uint64_t t0 = __rdtsc(), n = read_ns(CLOCK_MONOTONIC_RAW), t1 = __rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*ns = n;
		}
	}
}

static int cmd_rate(long seconds)
{
	uint64_t tsc0, ns0, tsc1, ns1;

	sample(&tsc0, &ns0);
	sleep((unsigned int)seconds);
	sample(&tsc1, &ns1);
	if (ns1 <= ns0) {
		fprintf(stderr, "hvlis-clock: the clock did not advance\n");
		return 1;
	}
	printf("tsc_per_us %.3f\n", (double)(tsc1 - tsc0) * 1000.0 / (double)(ns1 - ns0));
	return 0;
}

static int cmd_cost(long count)
{
	uint64_t start = read_ns(CLOCK_MONOTONIC), end;

	for (long i = 0; i < count; i++)
		read_ns(CLOCK_MONOTONIC);
	end = read_ns(CLOCK_MONOTONIC);
	printf("ns_per_read %.1f\n", (double)(end - start) / (double)count);
	return 0;
}

static bool parse_count(const char *arg, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	return !errno && end != arg && !*end && *out > 0 && *out <= max;
}

int main(int argc, char **argv)
{
	long n;

	if (argc == 3 && !strcmp(argv[1], "monotonic") && parse_count(argv[2], 3600, &n))
		return cmd_monotonic(n);
	if (argc == 3 && !strcmp(argv[1], "rate") && parse_count(argv[2], 3600, &n))
		return cmd_rate(n);
	if (argc == 3 && !strcmp(argv[1], "cost") && parse_count(argv[2], 1000000000, &n))
		return cmd_cost(n);
	fprintf(stderr, "usage: hvlis-clock monotonic SECONDS | rate SECONDS | cost COUNT\n");
	return 2;
}
