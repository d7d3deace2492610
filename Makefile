# SPDX-License-Identifier: GPL-2.0-only
#
# hv-lis top-level Makefile.
#
#   make                    kernel modules for KVER and the userspace programs
#   make KVER=<release>     the same for another installed kernel
#   make check              unit tests, lint, every VM case on every kernel
#   make check FAST=1       the same without the debug kernel
#   make check JOBS=N       N jobs at a time (default: one per core)
#   make check CASE=<name> KVER=<release>   one VM case on one kernel
#   make lint               W=1 + sparse on every kernel, shellcheck
#   make compat-report [KDIR=<tree>]   each compat probe's answer and why
#   make fuzz               a short run of every libFuzzer target
#   make run [CMD='...']    boot the newest kernel with the stack loaded
#   make bench              benchmarks (figures, not pass/fail)
#   make vm-progs           the test programs the VM guests carry
#   make deb                hv-lis-dkms and hv-lis-daemons .debs in build/deb, lintian clean
#   make rpm                the same as RPMs in build/rpm, rpmlint without errors
#
# Each kernel gets its own build directory, build/<release>/, holding a
# symlink mirror of the module sources: Kbuild writes objects next to the
# sources, so mirroring is what keeps two kernels from sharing objects.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(TOP)/build
HVLIS_VERSION := $(shell $(TOP)/scripts/build/version)

# Default kernel: the running one when its build tree exists, else the
# newest under /lib/modules that has one. A tree given as KDIR= alone
# names its own build directory, so that it never shares (and overwrites)
# the probe results of the default kernel.
ifeq ($(origin KDIR)$(origin KVER),command lineundefined)
KVER := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
endif
KVER ?= $(shell $(TOP)/scripts/build/default-kver)
KDIR ?= /lib/modules/$(KVER)/build
# Test-only modules (the simulated host, the harness self-test) are built
# by default and left out by DKMS and the packages.
HVLIS_TESTS ?= 1

KBUILD_OUT := $(BUILD)/$(KVER)
KBUILD_FLAGS := HVLIS_VERSION=$(HVLIS_VERSION) HVLIS_TESTS=$(HVLIS_TESTS) \
	HVLIS_COMPAT_H=$(KBUILD_OUT)/compat/hvlis_compat.h

.PHONY: all modules progs vm-progs compat compat-report check unit fuzz lint run bench deb rpm clean distclean \
	modules-mirror

all: modules progs

ifeq ($(KVER),)
modules compat compat-report:
	@echo "No kernel build tree found under /lib/modules; install the headers (apt-get install linux-headers-amd64) or pass KVER=<release>." >&2
	@false
else
compat:
	@$(TOP)/compat/run-probes $(KDIR) $(KBUILD_OUT)/compat

compat-report: compat
	@echo "compat probes of $(KDIR) ($(KVER)):"
	@awk '{ name = $$1; ans = $$2; $$1 = $$2 = ""; sub(/^ +/, ""); \
		printf "  %-30s %-8s %s\n", name, ans, $$0 }' $(KBUILD_OUT)/compat/report

modules: compat
	@$(TOP)/scripts/build/mirror $(TOP) $(KBUILD_OUT)/kbuild
	$(MAKE) -C $(KDIR) M=$(KBUILD_OUT)/kbuild $(KBUILD_FLAGS) modules
endif

progs:
	$(MAKE) -C $(TOP)/daemons O=$(BUILD)/progs

# Test programs for the guests (tests/vm/progs); never packaged.
vm-progs:
	$(MAKE) -C $(TOP)/tests/vm/progs O=$(BUILD)/vm/progs

unit:
	$(MAKE) -C $(TOP)/tests/unit O=$(BUILD)/unit check

# A short libFuzzer run of every target; see tests/fuzz/Makefile for long runs.
fuzz:
	$(MAKE) -C $(TOP)/tests/fuzz O=$(BUILD)/fuzz run FUZZ_SECONDS=$(or $(FUZZ_SECONDS),10)

lint:
	@$(TOP)/scripts/build/lint

check:
	@$(TOP)/tests/check $(if $(CASE),--case $(CASE)) \
		$(if $(filter command line,$(origin KVER)),--kver $(KVER)) \
		$(if $(FAST),--fast)

# CMD reaches the guest through the environment, so any quoting survives;
# $(value) keeps make from expanding the '$' in it.
run: export HVLIS_RUN_CMD = $(value CMD)
run:
	@$(TOP)/tests/vm/run $(if $(filter command line,$(origin KVER)),--kver $(KVER))

bench:
	@$(TOP)/tests/bench/run

deb:
	@$(TOP)/scripts/build/deb

rpm:
	@$(TOP)/scripts/build/rpm

clean:
	rm -rf $(BUILD)/[0-9]* $(BUILD)/progs $(BUILD)/vm/progs $(BUILD)/unit $(BUILD)/vm/*/initramfs \
		$(BUILD)/deb $(BUILD)/rpm

# Also drops the downloaded kernel images. The debug kernel is cached
# outside the clone (tests/vm/debug-kernel/build.sh says where).
distclean:
	rm -rf $(BUILD)
