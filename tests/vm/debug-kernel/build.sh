#!/bin/sh
# Build (or find in the cache) the debug 6.12 kernel of the test matrix.
#
# usage: build.sh
#
# Source: Debian's linux-source-6.12 package. Config: allnoconfig with the
# two fragments beside this script, base.config (what a test guest needs)
# and debug.config (the checkers), so nothing else is built. The *.patch
# files beside it change how the checkers run, never what they check.
#
# The result is cached outside the clone, so that a new clone on the same
# machine finds it: $HVLIS_CACHE/debug-kernel/<key>/, HVLIS_CACHE being
# ${XDG_CACHE_HOME:-$HOME/.cache}/hv-lis unless set. The key is the source
# package's version and a hash of the fragments, this script and the
# compiler's and linker's versions; any change to those builds anew. Only
# a build that succeeded is ever used: a failed one leaves no entry, and
# an entry of another key never stands in. The two most recently used
# entries are kept. The entry's directory is printed on stdout; it holds:
#   linux/            the built tree (use as KDIR for out-of-tree modules)
#   bzImage           the kernel image
#   modules/          modules_install output (lib/modules/<release>/...)
#   release           the kernel release string
#   build.log         how it was built, ending with the build time
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=/usr/src/linux-source-6.12.tar.xz
fragments="$here/base.config $here/debug.config"
patches=$(ls "$here"/*.patch 2>/dev/null || true)
cache=${HVLIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hv-lis}/debug-kernel

if [ ! -r "$tarball" ]; then
	echo "debug kernel: $tarball is missing; install the linux-source-6.12 package (apt-get install linux-source-6.12)." >&2
	exit 1
fi

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
# shellcheck disable=SC2086 # the fragment list splits on purpose
key=$({ cat $fragments $patches "$0"; gcc --version | head -n 1; ld --version | head -n 1; } |
	sha256sum | cut -c1-12)
mkdir -p "$cache"
dir=$cache/$srcver-$key

# One build per key at a time: a second make check on this machine waits
# for the first one's build instead of racing it.
exec 9>"$cache/.lock"
flock 9

if [ -f "$dir/done" ]; then
	touch "$dir/done"
	echo "debug kernel: $(cat "$dir/release") from the cache, $dir" >&2
	echo "$dir"
	exit 0
fi

# Built in place: kbuild's generated files name the tree's path. Under the
# lock, a directory without "done" is a build that did not finish.
for old in "$cache"/*/; do
	[ -f "$old/done" ] || rm -rf "$old"
done
mkdir -p "$dir"
log=$dir/build.log
failed=$dir.failed.log
rm -f "$failed"
echo "debug kernel: building linux-source-6.12 $srcver into $dir (about 8 minutes on 2 cores; log: $failed if it fails)" >&2
start=$(date +%s)

fail() {
	mv "$log" "$failed"
	rm -rf "$dir"
	tail -n 30 "$failed" >&2
	echo "debug kernel: $1; see $failed" >&2
	exit 1
}

tar -xJf "$tarball" -C "$dir"
mv "$dir/linux-source-6.12" "$dir/linux"
k=$dir/linux
for p in $patches; do
	echo "debug kernel: applying $(basename "$p")" >>"$log"
	patch -d "$k" -p1 --forward --no-backup-if-mismatch <"$p" >>"$log" 2>&1 ||
		fail "$(basename "$p") does not apply to linux-source-6.12 $srcver"
done

# shellcheck disable=SC2086
cat $fragments >"$dir/fragment.config"
make -C "$k" allnoconfig KCONFIG_ALLCONFIG="$dir/fragment.config" >>"$log" 2>&1 ||
	fail "configuration failed"

# Every line of the fragments must have survived: allnoconfig silently
# drops a symbol whose dependencies are not met.
missing=$(grep -E '^(CONFIG_|# CONFIG_)' "$dir/fragment.config" | while IFS= read -r line; do
	grep -qxF "$line" "$k/.config" || echo "$line"
done)
if [ -n "$missing" ]; then
	echo "$missing" | sed 's/^/did not take effect in .config: /' >>"$log"
	fail "lines of the config fragments did not take effect (a dependency is off); fix the fragments"
fi

make -C "$k" -j"$(nproc)" bzImage modules >>"$log" 2>&1 || fail "the build failed"
make -C "$k" INSTALL_MOD_PATH="$dir/modules" INSTALL_MOD_STRIP=1 modules_install >>"$log" 2>&1 ||
	fail "modules_install failed"
cp "$k/arch/x86/boot/bzImage" "$dir/bzImage"
make -s -C "$k" kernelrelease >"$dir/release"
# Out-of-tree modules need the tree's headers, scripts, .config and
# Module.symvers, not its objects.
find "$k" -name '*.o' -delete
echo "debug kernel: built $(cat "$dir/release") in $(($(date +%s) - start)) s" | tee -a "$log" >&2

touch "$dir/done"
# Keep the two most recently used entries.
# shellcheck disable=SC2012 # names are ours: <version>-<hex key>
ls -1td "$cache"/*/done 2>/dev/null | tail -n +3 | while read -r old; do
	rm -rf "$(dirname "$old")"
done
echo "$dir"
