#!/bin/sh
# hv-diag on the build host, as a user without root (nobody when run as
# root): it writes a bundle and says what it skipped, under dash and under
# busybox sh with only busybox's tools on PATH (no dkms, systemctl,
# journalctl, mokutil, lsinitramfs); the KVP listing of a pool directory
# made with hv-kvp holds the values, --redact removes them and the host
# name from every file; bad usage and an unwritable -o exit 1 with one
# line. TAP on stdout; exits non-zero if any test failed.
#
# usage: hv-diag.sh PATH-TO-HV-DIAG PATH-TO-HV-KVP
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH-TO-HV-DIAG PATH-TO-HV-KVP (both executable)" >&2
	exit 2
fi
diag=$1
kvp=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hv-diag-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
chmod 755 "$tmp"
mkdir "$tmp/out" "$tmp/pools"
chmod 1777 "$tmp/out"
secret=unit-planted-value-4242
"$kvp" --dir "$tmp/pools" --pool 0 set UnitKey "$secret" || exit 1
chmod 755 "$tmp/pools"
chmod 644 "$tmp/pools"/.kvp_pool_*
host=$(uname -n)

# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# as_user CMD: CMD (a shell string) without root where we have it.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	as_user() { su -s /bin/sh nobody -c "$1"; }
	nonroot=1
elif [ "$(id -u)" != 0 ]; then
	as_user() { sh -c "$1"; }
	nonroot=1
else
	as_user() { sh -c "$1"; }
	nonroot=0
fi

# run NAME SHELL [ARGS]: hv-diag under SHELL as the user, the bundle
# extracted to $tmp/out/NAME/; status in $status.
run() {
	r_name=$1 r_shell=$2
	shift 2
	as_user "HV_DIAG_KVP_DIR=$tmp/pools TMPDIR=$tmp/out ${PATH_OVERRIDE:+PATH=$PATH_OVERRIDE} \
		$r_shell $diag $* -o $tmp/out/$r_name.tar.gz >$tmp/out/$r_name.out 2>$tmp/out/$r_name.err"
	status=$?
	mkdir -p "$tmp/x/$r_name"
	tar -xzf "$tmp/out/$r_name.tar.gz" -C "$tmp/x/$r_name" 2>/dev/null
	set -- "$tmp/x/$r_name"/hv-diag-*
	bundle=$1
}

run dash "$(command -v dash || echo sh)"
check "hv-diag writes a bundle" [ "$status" -eq 0 ]
check "with nothing on stderr" [ ! -s "$tmp/out/dash.err" ]
check "the summary comes first" sh -c "head -n 1 $tmp/out/dash.out | grep -q '^hv-diag .* summary$'"
check "it names the bundle last" sh -c "tail -n 1 $tmp/out/dash.out | grep -qx 'Bundle: $tmp/out/dash.tar.gz'"
for f in summary.txt system.txt modules.txt vmbus.txt rings.txt kvp.txt daemons.txt \
	secureboot.txt dmesg-hyperv.txt skipped.txt clocksource.txt; do
	check "the bundle holds $f" [ -f "$bundle/$f" ]
done
if [ "$nonroot" = 1 ]; then
	check "it says it ran without root" grep -q '^Not run as root' "$bundle/skipped.txt"
else
	pass "it says it ran without root # SKIP no user without root to run as"
fi
check "the KVP listing holds the pool's value" grep -qF "UnitKey = $secret" "$bundle/kvp.txt"
check "no vmbus here, and it says so" grep -q 'hv_vmbus is not loaded' "$tmp/out/dash.out"

run redact "$(command -v dash || echo sh)" --redact
check "--redact writes a bundle" [ "$status" -eq 0 ]
check "the key stays" grep -qF "UnitKey = <redacted>" "$bundle/kvp.txt"
if grep -rqF "$secret" "$bundle"; then
	fail "no file holds the value" "$(grep -rlF "$secret" "$bundle")"
else
	pass "no file holds the value"
fi
if grep -rqF "$host" "$bundle" || grep -qF "$host" "$tmp/out/redact.out"; then
	fail "nor the host name" "$(grep -rlF "$host" "$bundle")"
else
	pass "nor the host name"
fi
check "nor the loopback address" sh -c "! grep -rqF 127.0.0.1 $bundle"

if command -v busybox >/dev/null 2>&1; then
	mkdir "$tmp/bb"
	for applet in $(busybox --list); do
		case $applet in
		dkms | systemctl | journalctl | mokutil | lsinitramfs | lsinitrd) ;;
		*) ln -s "$(command -v busybox)" "$tmp/bb/$applet" ;;
		esac
	done
	PATH_OVERRIDE=$tmp/bb run busybox "$tmp/bb/sh"
	check "under busybox sh with busybox's tools: a bundle" [ "$status" -eq 0 ]
	check "with nothing on stderr" [ ! -s "$tmp/out/busybox.err" ]
	for tool in dkms journalctl mokutil; do
		check "it says $tool is not installed" grep -q "^$tool is not installed" "$bundle/skipped.txt"
	done
	check "and in dkms.txt" grep -q 'not collected: dkms is not installed' "$bundle/dkms.txt"
else
	pass "under busybox sh # SKIP busybox is not installed"
fi

"$diag" --bogus >"$tmp/out/bad.out" 2>"$tmp/out/bad.err"
check "an unknown argument exits 1" [ $? -eq 1 ]
check "with one line on stderr" [ "$(wc -l <"$tmp/out/bad.err")" -eq 1 ]
"$diag" -o "$tmp/nonexistent/x.tar.gz" >/dev/null 2>"$tmp/out/unwritable.err"
check "an unwritable -o exits 1" [ $? -eq 1 ]
check "saying what to do" grep -q 'give a writable path with -o' "$tmp/out/unwritable.err"
check "--version" sh -c "'$diag' --version | grep -qx 'hv-diag (hv-lis) [0-9][0-9.]*'"

echo "1..$n"
[ "$failed" -eq 0 ]
