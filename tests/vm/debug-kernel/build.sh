#!/bin/sh
# Build (or find in the cache) the debug 6.12 kernel of the test matrix.
#
# usage: build.sh <build-root>
#
# Source: Debian's linux-source-6.12 package. Config: x86_64_defconfig,
# kvm_guest.config, then debug.config beside this script. The result is
# cached under <build-root>/debug-kernel/<source version>-<fragment hash>/
# and that directory is printed on stdout. It holds:
#   linux/            the built tree (use as KDIR for out-of-tree modules)
#   bzImage           the kernel image
#   modules/          modules_install output (lib/modules/<release>/...)
#   release           the kernel release string
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=${1:?usage: build.sh <build-root>}
tarball=/usr/src/linux-source-6.12.tar.xz
fragment=$here/debug.config

if [ ! -r "$tarball" ]; then
	echo "debug kernel: $tarball is missing; install the linux-source-6.12 package (apt-get install linux-source-6.12)." >&2
	exit 1
fi

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$(cat "$fragment" "$0" | sha256sum | cut -c1-12)
dir=$root/debug-kernel/$srcver-$key
mkdir -p "$root/debug-kernel"
dir=$(cd "$root/debug-kernel" && pwd)/$srcver-$key

if [ -f "$dir/done" ]; then
	echo "$dir"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
log=$dir/build.log
echo "debug kernel: building linux-source-6.12 $srcver into $dir (about 12 minutes on 2 cores; log: $log)" >&2
start=$(date +%s)

tar -xJf "$tarball" -C "$dir"
mv "$dir/linux-source-6.12" "$dir/linux"
k=$dir/linux
jobs=$(nproc)

{
	make -C "$k" x86_64_defconfig
	cd "$k"
	./scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config "$fragment"
	make -C "$k" olddefconfig
} >"$log" 2>&1 || { echo "debug kernel: configuration failed; see $log" >&2; exit 1; }

# Every line of the fragment must have survived olddefconfig.
missing=0
grep -E '^(CONFIG_|# CONFIG_)' "$fragment" | while IFS= read -r line; do
	grep -qxF "$line" "$k/.config" || { echo "debug kernel: '$line' did not take effect in .config" >&2; exit 1; }
done || missing=1
if [ "$missing" -ne 0 ]; then
	echo "debug kernel: the config fragment $fragment does not apply to this source; fix the fragment." >&2
	exit 1
fi

if ! make -C "$k" -j"$jobs" bzImage modules >>"$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "debug kernel: the build failed; see $log" >&2
	exit 1
fi
make -C "$k" INSTALL_MOD_PATH="$dir/modules" INSTALL_MOD_STRIP=1 modules_install >>"$log" 2>&1
cp "$k/arch/x86/boot/bzImage" "$dir/bzImage"
make -s -C "$k" kernelrelease >"$dir/release"
echo "debug kernel: built $(cat "$dir/release") in $(( $(date +%s) - start )) s" >&2
touch "$dir/done"
echo "$dir"
