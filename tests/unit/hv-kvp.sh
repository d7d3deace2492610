#!/bin/sh
# End-to-end test of the hv-kvp binary against a temporary pool directory:
# set/get/list/delete, exit codes, one-line errors, too-long keys and
# values, torn pools. TAP on stdout; exits non-zero if any test failed.
#
# usage: hv-kvp.sh PATH-TO-HV-KVP
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH-TO-HV-KVP (an executable hv-kvp)" >&2
	exit 2
fi
case $1 in
/*) kvp=$1 ;;
*) kvp=$(pwd)/$1 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hv-kvp-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
dir=$tmp/pools
mkdir "$dir"
pool1=$dir/.kvp_pool_1
tab=$(printf '\t')
nl='
'

# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# kvp ARGS...: runs hv-kvp --dir $dir ARGS..., keeping stdout in $tmp/out,
# stderr in $tmp/err and the exit status in $status.
kvp() {
	"$kvp" --dir "$dir" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}

# t DESC STATUS ARGS...: runs hv-kvp and passes when it exits with STATUS,
# no sanitizer reported anything, a failure says exactly one line on
# stderr, and a success says nothing there.
t() {
	desc=$1
	want=$2
	shift 2
	kvp "$@"
	lines=$(wc -l <"$tmp/err")
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$tmp/err"; then
		fail "$desc" "a sanitizer reported:" "$(cat "$tmp/err")"
	elif [ "$status" -ne "$want" ]; then
		fail "$desc" "exit status $status, expected $want; stderr:" "$(cat "$tmp/err")"
	elif [ "$want" -eq 0 ] && [ "$lines" -ne 0 ]; then
		fail "$desc" "succeeded but wrote to stderr:" "$(cat "$tmp/err")"
	elif [ "$want" -ne 0 ] && [ "$lines" -ne 1 ]; then
		fail "$desc" "stderr has $lines lines, expected one:" "$(cat "$tmp/err")"
	else
		pass "$desc"
	fi
}

# out_is DESC TEXT: the last run printed exactly TEXT and a newline.
out_is() {
	printf '%s\n' "$2" >"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/out"; then
		pass "$1"
	else
		fail "$1" "expected:" "$(cat "$tmp/want")" "got:" "$(cat "$tmp/out")"
	fi
}

out_empty() {
	if [ -s "$tmp/out" ]; then
		fail "$1" "expected no output, got:" "$(cat "$tmp/out")"
	else
		pass "$1"
	fi
}

err_has() {
	if grep -q -e "$2" "$tmp/err"; then
		pass "$1"
	else
		fail "$1" "stderr does not say \"$2\":" "$(cat "$tmp/err")"
	fi
}

# size_of FILE: its size in bytes, -1 if it does not exist.
size_of() {
	if [ -f "$1" ]; then wc -c <"$1" | tr -d ' '; else echo -1; fi
}

# Usage.
t "--help exits 0" 0 --help
check "--help prints the usage" grep -q '^Usage: hv-kvp' "$tmp/out"
t "--version exits 0" 0 --version
check "--version prints the version" grep -Eq '^hv-kvp \(hv-lis\) [0-9]+\.[0-9]+' "$tmp/out"
"$kvp" >/dev/null 2>"$tmp/err"
status=$?
check "no arguments at all is a usage error" [ "$status" -eq 2 ]
t "no command is a usage error" 2 --pool 1
t "an unknown command is a usage error" 2 show
err_has "the error names the unknown command" 'unknown command "show"'
t "an unknown option is a usage error" 2 --bogus list
t "pool 5 is a usage error" 2 --pool 5 list
err_has "the error lists the valid pools" 'auto_internal'
t "an unknown pool name is a usage error" 2 --pool guests get k
t "get without a key is a usage error" 2 get
t "set without a value is a usage error" 2 set k
t "get with two keys is a usage error" 2 get a b
t "set with three arguments is a usage error" 2 set a b c
t "list with an argument is a usage error" 2 list guest
t "--repair with get is a usage error" 2 --repair get k

# The basics, on an empty directory.
t "list of an empty directory exits 0" 0 list
out_empty "list of an empty directory prints nothing"
t "get of a missing key exits 1" 1 get Missing
out_empty "get of a missing key prints nothing on stdout"
err_has "the error names the key" '"Missing" is not in'
t "set exits 0" 0 set Name one
check "set writes one 2560-byte record to pool 1" [ "$(size_of "$pool1")" -eq 2560 ]
t "get exits 0" 0 get Name
out_is "get prints the value" one
t "set of an existing key exits 0" 0 set Name two
t "get after a replace exits 0" 0 get Name
out_is "get prints the new value" two
check "a replace keeps one record" [ "$(size_of "$pool1")" -eq 2560 ]
t "set by pool name exits 0" 0 --pool external set Host h0
t "set by pool number, option after the command" 0 set Auto a2 --pool 2
t "get by pool number" 0 --pool 0 get Host
out_is "get reads the pool asked for" h0
t "get without --pool reads pool 1, not pool 0" 1 get Host
t "-- lets a value start with -" 0 set Neg -- -5
t "get of that value" 0 get Neg
out_is "the value starts with -" -5
t "list exits 0" 0 list
out_is "list prints every pool as POOL<tab>KEY<tab>VALUE" \
	"0${tab}Host${tab}h0${nl}1${tab}Name${tab}two${nl}1${tab}Neg${tab}-5${nl}2${tab}Auto${tab}a2"
t "list of one pool exits 0" 0 --pool guest list
out_is "list --pool prints that pool only" \
	"1${tab}Name${tab}two${nl}1${tab}Neg${tab}-5"

# Tabs, newlines and backslashes.
t "set of a value with a tab, a newline and a backslash" 0 \
	set "Odd${tab}key" "a${tab}b${nl}c\\d"
t "get of that key" 0 get "Odd${tab}key"
out_is "get prints the value raw" "a${tab}b${nl}c\\d"
t "list with that record exits 0" 0 --pool 1 list
out_is "list escapes tab, newline and backslash" \
	"1${tab}Name${tab}two${nl}1${tab}Neg${tab}-5${nl}1${tab}Odd\\tkey${tab}a\\tb\\nc\\\\d"
t "get of a key with a newline that is not there" 1 get "no${nl}such"
err_has "the error stays on one line" 'no\\nsuch'

# Bytes that would act on a terminal reach it escaped: ESC, CR, C1 CSI.
esc=$(printf '\033')
cr=$(printf '\r')
csi=$(printf '\302\233')
t "set of a value with terminal controls" 0 --pool 3 set Ctl "${esc}[2J${cr}x${csi}1m"
t "list of it exits 0" 0 --pool 3 list
out_is "list escapes every non-printable byte" '3	Ctl	\x1b[2J\rx\xc2\x9b1m'
t "delete it" 0 --pool 3 delete Ctl

# A pool that is a symbolic link or a FIFO is refused, saying so.
ln -s /etc/passwd "$dir/.kvp_pool_4"
t "a symlinked pool is refused" 1 --pool 4 set K V
err_has "the error says it is a symbolic link" 'is a symbolic link, and pools must be regular files'
t "and so is listing it" 1 --pool 4 list
rm "$dir/.kvp_pool_4"
mkfifo "$dir/.kvp_pool_4"
t "a FIFO in a pool's place is refused, not waited on" 1 --pool 4 get K
err_has "the error says it is not a regular file" 'is not a regular file'
rm "$dir/.kvp_pool_4"

# Delete.
t "delete exits 0" 0 delete Neg
t "get of a deleted key exits 1" 1 get Neg
t "delete of a missing key exits 1" 1 delete Neg
t "delete in another pool" 0 --pool auto delete Auto
t "the rest of pool 1 is still there" 0 get Name
out_is "with its value" two

# Limits: 511-byte keys and 2047-byte values fit, one more does not.
key511=$(printf '%0511d' 0 | tr 0 k)
value2047=$(printf '%02047d' 0 | tr 0 v)
cp "$pool1" "$tmp/before"
t "a 512-byte key is rejected as a usage error" 2 set "${key511}k" v
err_has "the error says the key is too long" 'too long'
check "a too-long key leaves the pool unchanged" cmp -s "$tmp/before" "$pool1"
t "a 2048-byte value is rejected as a usage error" 2 set k "${value2047}v"
err_has "the error says the value is too long" 'too long'
check "a too-long value leaves the pool unchanged" cmp -s "$tmp/before" "$pool1"
t "get of a 512-byte key is a usage error" 2 get "${key511}k"
t "an empty key is a usage error" 2 set "" v
t "a 511-byte key and a 2047-byte value fit" 0 set "$key511" "$value2047"
t "get of the longest key" 0 get "$key511"
out_is "get prints the longest value" "$value2047"
t "delete of the longest key" 0 delete "$key511"

# A torn pool: reads print what is intact and warn; changes need --repair.
printf 'partial' >>"$pool1"
cp "$pool1" "$tmp/torn"
t "list of a torn pool exits 1" 1 list
out_is "list still prints the intact records" \
	"0${tab}Host${tab}h0${nl}1${tab}Name${tab}two${nl}1${tab}Odd\\tkey${tab}a\\tb\\nc\\\\d"
err_has "list warns that the pool is torn" 'is torn'
t "get from a torn pool exits 1" 1 get Name
out_is "get still prints the value" two
t "set on a torn pool is refused" 1 set New v
err_has "the refusal says to use --repair" '--repair'
t "delete on a torn pool is refused" 1 delete Name
check "a refused change leaves the torn pool as it was" cmp -s "$tmp/torn" "$pool1"
t "set --repair on a torn pool exits 0" 0 --repair set New v
check "the repaired pool is whole records" [ $(($(size_of "$pool1") % 2560)) -eq 0 ]
t "list after the repair exits 0" 0 --pool guest list
out_is "the repair kept the intact records and added the new one" \
	"1${tab}Name${tab}two${nl}1${tab}Odd\\tkey${tab}a\\tb\\nc\\\\d${nl}1${tab}New${tab}v"

# The directory itself.
"$kvp" --dir "$tmp/nonexistent" list >"$tmp/out" 2>"$tmp/err"
status=$?
check "list of a missing directory exits 1" [ "$status" -eq 1 ]
check "and says so once, on one line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
err_has "naming the directory" "$tmp/nonexistent"
if [ -w /dev/full ]; then
	"$kvp" --dir "$dir" list >/dev/full 2>"$tmp/err"
	status=$?
	check "a failed write of the output exits 1" [ "$status" -eq 1 ]
	err_has "and says so" 'cannot write the output'
fi

echo "1..$n"
[ "$failed" -eq 0 ]
