# shellcheck shell=sh
# Shared by the VM harness scripts: paths, the kernel matrix, messages.
# Source it after setting nothing; it defines HVLIS_TOP and HVLIS_BUILD.

# The tree's top is the nearest directory above the running script that
# holds dkms.conf.
HVLIS_TOP=$(cd "$(dirname "$0")" && pwd)
while [ ! -f "$HVLIS_TOP/dkms.conf" ]; do
	[ "$HVLIS_TOP" != / ] || { echo "cannot find the hv-lis tree above $0" >&2; exit 1; }
	HVLIS_TOP=$(dirname "$HVLIS_TOP")
done
HVLIS_BUILD=${HVLIS_BUILD:-$HVLIS_TOP/build}
export HVLIS_TOP HVLIS_BUILD

die() {
	echo "$*" >&2
	exit 1
}

# Variants of a VM case: "# variants: NAME..." in a case runs it once
# more per NAME, as <case>@<NAME>, with that variant's kernel parameters
# on every boot. The guest tells them apart by /proc/cmdline (tap.sh).
#   synic  the sim as a synthetic Hyper-V platform: hv_vmbus's Hyper-V
#          backend (SynIC, hypercalls) runs on it instead of the sim's
#          direct host ops (tests/sim/platform.c)
variant_append() {
	case $1 in
	synic) echo "vmbus_sim.platform=hyperv" ;;
	*) return 1 ;;
	esac
}

# case_variants CASE-FILE: the variants it declares, one a line.
case_variants() {
	sed -n 's/^# variants:[[:space:]]*//p' "$1" | tr ' ' '\n' | sed '/^$/d'
}

# The Debian kernels whose headers are installed, by release, oldest first.
debian_releases() {
	for dir in /usr/src/linux-headers-*; do
		rel=${dir#/usr/src/linux-headers-}
		case $rel in *-common|*-common-rt) continue ;; esac
		[ -d "/lib/modules/$rel/build" ] || continue
		dpkg-query -W -f='${Status}\n' "linux-headers-$rel" 2>/dev/null |
			grep -q 'install ok installed' || continue
		echo "$rel"
	done | sort -V
}

# Download and unpack the image package matching installed headers; print
# the directory holding boot/vmlinuz-<rel> and lib/modules/<rel>.
debian_image() {
	rel=$1
	dir=$HVLIS_BUILD/vm/kernels/$rel
	if [ ! -f "$dir/done" ]; then
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		(
			cd "$dir.tmp" || exit 1
			apt-get download "linux-image-$rel-unsigned" >download.log 2>&1 ||
				apt-get download "linux-image-$rel" >>download.log 2>&1
		) || die "vm: cannot download the image package for $rel (linux-image-$rel-unsigned or linux-image-$rel); run apt-get update and check that the archive still has it."
		dpkg-deb -x "$dir.tmp"/linux-image-*.deb "$dir.tmp" ||
			die "vm: cannot unpack the image package for $rel."
		rm -f "$dir.tmp"/*.deb
		depmod -b "$dir.tmp" "$rel" || die "vm: depmod failed for the $rel image."
		mv "$dir.tmp" "$dir"
		touch "$dir/done"
	fi
	echo "$dir"
}

# The kernel matrix, one line per kernel:
#   <release> <kind> <kdir> <image> <modroot>
# kind is "debian" or "debug"; modroot holds lib/modules/<release>.
# With "fast" as $1 the debug kernel is left out.
kernel_matrix() {
	debian_matrix || exit 1
	[ "${1:-}" = fast ] && return 0
	dir=$("$HVLIS_TOP/tests/vm/debug-kernel/build.sh") || exit 1
	debug_kernel_line "$dir"
}

# Kernels of older Debian releases, which this machine's Debian cannot
# install: <suite>:<series>, fetched from the archive apt uses and kept
# under build/ (tests/vm/archive-kernel).
archive_kernels="bullseye:5.10"

# The matrix lines of the archive kernels, oldest first. They are of kind
# "debian": Debian's own images, run and checked as the installed ones.
archive_matrix() {
	for spec in $archive_kernels; do
		dir=$("$HVLIS_TOP/tests/vm/archive-kernel" "${spec%%:*}" "${spec#*:}") || exit 1
		rel=$(cat "$dir/release")
		echo "$rel debian $dir/root/usr/src/linux-headers-$rel $dir/root/boot/vmlinuz-$rel $dir/root"
	done
}

# The matrix lines of the Debian kernels: the archive kernels, then those
# whose headers are installed.
debian_matrix() {
	archive_matrix || exit 1
	for rel in $(debian_releases); do
		dir=$(debian_image "$rel") || exit 1
		echo "$rel debian /lib/modules/$rel/build $dir/boot/vmlinuz-$rel $dir"
	done
}

# debug_kernel_line DIR: the matrix line of the debug kernel that
# tests/vm/debug-kernel/build.sh printed as DIR.
debug_kernel_line() {
	echo "$(cat "$1/release") debug $1/linux $1/bzImage $1/modules"
}
