// SPDX-License-Identifier: GPL-2.0-only
/*
 * Print this host's TSC frequency in kHz. Under TCG without icount a
 * guest's TSC is the host's, and QEMU's microvm has no HPET or ACPI PM
 * timer to calibrate it against: when the guest's PIT calibration is
 * disturbed (its thread preempted on a loaded host), the kernel marks
 * the TSC unstable and hangs in early boot. tests/vm/boot hands the
 * guest this value as tsc_early_khz.
 *
 * Method: pair TSC reads with CLOCK_MONOTONIC_RAW reads 200 ms apart,
 * keeping a pair only when both clock reads around the TSC read came
 * within 2 us; the median of five measurements.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A TSC value and the time it was read at; 0 when no tight pair came. */
static int pair(uint64_t *tsc, int64_t *ns)
{
	for (int i = 0; i < 1000; i++) {
		int64_t a = now_ns();
		uint64_t t = __rdtsc();
		int64_t b = now_ns();

		if (b - a < 2000) {
			*tsc = t;
			*ns = a + (b - a) / 2;
			return 1;
		}
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	const struct timespec wait = { .tv_nsec = 200000000 };
	double khz[5];

	for (int i = 0; i < 5; i++) {
		uint64_t t0, t1;
		int64_t n0, n1;

		if (!pair(&t0, &n0) || nanosleep(&wait, NULL) || !pair(&t1, &n1)) {
			fprintf(stderr, "host-tsc-khz: no undisturbed TSC and clock reads\n");
			return 1;
		}
		khz[i] = (double)(t1 - t0) * 1e6 / (double)(n1 - n0);
	}
	qsort(khz, 5, sizeof(khz[0]), cmp);
	printf("%.0f\n", khz[2]);
	return 0;
}
