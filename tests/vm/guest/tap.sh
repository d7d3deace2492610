# shellcheck shell=sh
# TAP helpers for VM cases. Each result goes to fd 3 (the second serial
# port, which the harness parses) and to the console for people reading
# the log.

tap_count=0

# The module tools (kmod) and the case's "# programs:" instead of
# busybox's applets of the same names.
# shellcheck source=host-programs.sh
. /lib/hvlis/host-programs.sh

# The sim's platform this boot runs (the @synic variant of a case puts
# vmbus_sim.platform=hyperv on the kernel command line, which modprobe
# hands to the sim): "hyperv" or "direct".
sim_platform() {
	case " $(cat /proc/cmdline) " in
	*" vmbus_sim.platform=hyperv "*) echo hyperv ;;
	*) echo direct ;;
	esac
}

# The host backend hv_vmbus attaches to ("attached to the ... host").
sim_host_name() {
	if [ "$(sim_platform)" = hyperv ]; then
		echo Hyper-V
	else
		echo simulated
	fi
}

# debug_kernel: true on the matrix's debug kernel (kmemleak is only
# there). Its checkers report a bug the first time a path runs, and the
# kernel runs 5-7 times slower, so cases repeat a path fewer times there.
debug_kernel() {
	[ -e /sys/kernel/debug/kmemleak ]
}

# slab_bytes: bytes held by all slab caches (active objects times object
# size), after letting RCU-freed objects go and dropping caches: the
# figure load/unload cycle cases compare. SLUB counts the free objects of
# each CPU's current and partial slabs as active, so every cache's
# per-CPU slabs are flushed first ("shrink"): without that the figure
# moved by 100-400 KiB between runs of the same case.
slab_bytes() {
	sleep 1
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		[ -w "$f" ] && echo 1 >"$f" 2>/dev/null
	done
	awk 'NR > 2 { sum += $2 * $4 } END { print sum }' /proc/slabinfo
}

tap_line() {
	echo "$*" >&3
	echo "TAP: $*"
}

# check DESCRIPTION COMMAND...: passes when COMMAND exits 0.
check() {
	desc=$1
	shift
	tap_count=$((tap_count + 1))
	if "$@" >/tmp/check.out 2>&1; then
		tap_line "ok $tap_count - $desc"
	else
		tap_line "not ok $tap_count - $desc"
		diag "command: $*"
		while IFS= read -r line; do diag "$line"; done </tmp/check.out
	fi
}

# check_fails DESCRIPTION COMMAND...: passes when COMMAND exits non-zero.
check_fails() {
	desc=$1
	shift
	tap_count=$((tap_count + 1))
	if "$@" >/tmp/check.out 2>&1; then
		tap_line "not ok $tap_count - $desc"
		diag "command succeeded but should have failed: $*"
	else
		tap_line "ok $tap_count - $desc"
	fi
}

# is DESCRIPTION GOT WANT: passes when the two strings are equal.
is() {
	tap_count=$((tap_count + 1))
	if [ "$2" = "$3" ]; then
		tap_line "ok $tap_count - $1"
	else
		tap_line "not ok $tap_count - $1"
		diag "got:  '$2'"
		diag "want: '$3'"
	fi
}

# skip DESCRIPTION REASON: one assertion that cannot be made here, and why.
skip() {
	tap_count=$((tap_count + 1))
	tap_line "ok $tap_count - $1 # SKIP $2"
}

# wait_for COMMAND...: poll up to 5 s until COMMAND succeeds (for what the
# guest does asynchronously, such as devices appearing after an offer).
wait_for() {
	tries=0
	while ! "$@"; do
		tries=$((tries + 1))
		[ $tries -lt 50 ] || return 1
		sleep 0.1
	done
}

diag() {
	tap_line "# $*"
}

# scsi_disks PROC_NAME: the disks (sda ...) of the SCSI hosts whose driver
# has that proc_name, in H:C:T:L order, one per line. There is no udev in
# the guest: load sd_mod (and sg) before the disks appear.
scsi_disks() {
	for host in /sys/class/scsi_host/host*; do
		[ "$(cat "$host/proc_name" 2>/dev/null)" = "$1" ] || continue
		n=${host##*/host}
		for dev in /sys/bus/scsi/devices/"$n":*:*:*; do
			[ -d "$dev/block" ] && echo "${dev##*/} $(ls "$dev/block")"
		done
	done | sort -t: -k1,1n -k2,2n -k3,3n -k4,4n | cut -d' ' -f2
}

# disk_of INSTANCE: the first disk (sda ...) of the storvsc controller
# with that vmbus instance GUID (its SCSI host's parent is the vmbus device).
disk_of() {
	for b in /sys/bus/vmbus/devices/"$1"/host*/target*/*/block/*; do
		[ -e "$b" ] && echo "${b##*/}" && return 0
	done
	return 1
}

# udev_links DISK: the /dev links, one a line, that a distribution's udev
# would make for DISK with 60-persistent-storage.rules, from "udevadm
# test" (the case carries udevadm, the rules and scsi_id: "# programs:",
# "# files:"; the guest runs no udevd).
udev_links() {
	/usr/bin/udevadm test --action=add /sys/class/block/"$1" 2>/dev/null |
		sed -n 's/^DEVLINKS=//p' | tr ' ' '\n' | sort
}

# counter_of FILE NAME: the value of NAME in a counters file of the
# simulated host ("name value" lines: $sim/counters, a controller's or a
# NIC's counters).
counter_of() {
	awk -v n="$2" '$1 == n { print $2 }' "$1"
}

# ethtool_stat NS DEV NAME: the value of NAME in "ethtool -S DEV", run in
# the network namespace NS.
ethtool_stat() {
	ip netns exec "$1" ethtool -S "$2" | awk -v n="$3:" '$1 == n { print $2 }'
}

# host_of INSTANCE: that controller's SCSI host (host0 ...).
host_of() {
	for h in /sys/bus/vmbus/devices/"$1"/host*; do
		[ -d "$h" ] && echo "${h##*/}" && return 0
	done
	return 1
}

# netdev_of INSTANCE: the network interface (eth0 ...) of the netvsc NIC
# with that vmbus instance GUID, while it is in this network namespace
# (its netdev's parent is the vmbus device).
netdev_of() {
	for _netdev in /sys/bus/vmbus/devices/"$1"/net/*; do
		[ -e "$_netdev" ] && echo "${_netdev##*/}" && return 0
	done
	return 1
}

# net_join NS DEV ADDR: moves the network interface DEV into a new
# namespace NS and brings it up there (loopback too) with ADDR
# (address/prefix).
net_join() {
	ip netns add "$1" &&
		ip link set "$2" netns "$1" &&
		ip -n "$1" link set lo up &&
		ip -n "$1" addr add "$3" dev "$2" &&
		ip -n "$1" link set "$2" up
}

# net_has_carrier NS DEV: DEV in namespace NS has carrier (LOWER_UP).
net_has_carrier() {
	ip -n "$1" link show "$2" | grep -q LOWER_UP
}

# net_pair NET A B: the two synthetic NICs the sim offers with vmbus
# instance GUIDs A and B (add_device and connect first) as a pair of
# namespaces: loads hv_netvsc, waits for both interfaces, sets $ea and
# $eb to their names, puts $ea into namespace na as NET.1/24 and $eb
# into nb as NET.2/24 (NET: the first three bytes, 10.7.0), brings them
# up and waits for carrier; one assertion a step. Bails out when a NIC
# does not bind, since nothing after could pass.
net_pair() {
	check "hv_netvsc loads" modprobe hv_netvsc
	check "it binds the first NIC" wait_for netdev_of "$2"
	check "and the second" wait_for netdev_of "$3"
	ea=$(netdev_of "$2") || bail_out "NIC $2 has no interface"
	eb=$(netdev_of "$3") || bail_out "NIC $3 has no interface"
	diag "interfaces $ea $eb"
	mkdir -p /run/netns
	check "the first comes up in namespace na as $1.1" net_join na "$ea" "$1.1/24"
	check "the second comes up in namespace nb as $1.2" net_join nb "$eb" "$1.2/24"
	check "the first has carrier" wait_for net_has_carrier na "$ea"
	check "the second has carrier" wait_for net_has_carrier nb "$eb"
}

# scsi_sg DISK: the sg node (sg0 ...) of a SCSI disk.
scsi_sg() {
	ls /sys/block/"$1"/device/scsi_generic 2>/dev/null
}

# skip_all REASON: this case cannot run on this kernel; says why.
skip_all() {
	tap_line "1..0 # SKIP $*"
	exit 0
}

# bail_out REASON: stop the case now; it fails.
bail_out() {
	tap_line "Bail out! $*"
	exit 1
}

done_testing() {
	tap_line "1..$tap_count"
}
