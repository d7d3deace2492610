#!/bin/sh
# End-to-end tests of the daemons without the kernel side: what they do
# when the hvlis family is absent (say so once, wait), clean exit on
# SIGTERM, SIGUSR1 and --status of hv_timesync_daemon, usage errors as
# sentences with exit code 2; and the helper scripts (hv_set_ifconfig
# against a stub ip(8)). TAP on stdout; exits non-zero if any failed.
#
# usage: daemons.sh BUILD-DIR SCRIPTS-DIR
#   BUILD-DIR holds hv_kvp_daemon and hv_timesync_daemon,
#   SCRIPTS-DIR the helper scripts (daemons/scripts).
set -u

if [ $# -ne 2 ] || [ ! -x "$1/hv_kvp_daemon" ] || [ ! -d "$2" ]; then
	echo "usage: $0 BUILD-DIR SCRIPTS-DIR (with hv_kvp_daemon built in BUILD-DIR)" >&2
	exit 2
fi
bin=$1
scripts=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hvlis-daemons.XXXXXX") || exit 1
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"
# A failure shows the stderr of the command that failed.
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -f "$tmp/err" ] && sed 's/^/# /' "$tmp/err"
}

# wait_grep FILE PATTERN: up to 10 s for PATTERN to show up in FILE.
wait_grep() {
	i=0
	while [ $i -lt 100 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_exit PID: up to 10 s for PID to exit; its status in $status.
wait_exit() {
	i=0
	while [ $i -lt 100 ] && kill -0 "$1" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$1" 2>/dev/null && return 1
	wait "$1"
	status=$?
	return 0
}

# The host running the tests has no hv_utils, so no hvlis family.
"$bin/hv_kvp_daemon" -n --pool-dir "$tmp/pools" 2>"$tmp/err" &
pid=$!
check "hv_kvp_daemon without hv_utils says it waits for the family" \
	wait_grep "$tmp/err" "hvlis generic netlink family is not there (is the hv_utils module loaded?); waiting for it to appear\."
check "hv_kvp_daemon is still running while it waits" kill -0 "$pid"
check "hv_kvp_daemon created the pool directory 0755" \
	test "$(stat -c %a "$tmp/pools" 2>/dev/null)" = 755
kill -TERM "$pid"
if wait_exit "$pid" && [ "$status" -eq 0 ]; then
	pass "hv_kvp_daemon exits 0 on SIGTERM"
else
	fail "hv_kvp_daemon exits 0 on SIGTERM"
fi
pid=
check "hv_kvp_daemon logs why it stopped" grep -q "Stopping on signal 15\." "$tmp/err"
check "hv_kvp_daemon said it waits only once" \
	test "$(grep -c "waiting for it" "$tmp/err")" -eq 1

# usage_error DESC PROGRAM ARGS...: exit 2 and one sentence on stderr.
usage_error() {
	desc=$1
	shift
	"$@" >/dev/null 2>"$tmp/err"
	status=$?
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q '\.$' "$tmp/err"; then
		pass "$desc"
	else
		echo "exit status $status" >>"$tmp/err"
		fail "$desc"
	fi
}
usage_error "hv_kvp_daemon rejects an unknown option" "$bin/hv_kvp_daemon" --bogus
usage_error "hv_kvp_daemon rejects an argument" "$bin/hv_kvp_daemon" -n extra
usage_error "hv_timesync_daemon rejects a bad threshold" \
	"$bin/hv_timesync_daemon" --step-threshold 1.5s
usage_error "hv_timesync_daemon rejects a negative threshold" \
	"$bin/hv_timesync_daemon" --step-threshold -1

check "hv_kvp_daemon --version" sh -c "'$bin/hv_kvp_daemon' --version | grep -q '^hv_kvp_daemon (hv-lis) [0-9]'"
check "hv_timesync_daemon --help mentions --status" sh -c "'$bin/hv_timesync_daemon' --help | grep -q -- '--status'"

: >"$tmp/file"
"$bin/hv_kvp_daemon" -n --pool-dir "$tmp/file/pools" 2>"$tmp/err"
status=$?
check "hv_kvp_daemon exits 1 when it cannot create the pool directory" test "$status" -eq 1
check "... and says what to do" grep -q "Cannot create the pool directory $tmp/file/pools: .*; create it or pass --pool-dir\." "$tmp/err"

state=$tmp/run/state
"$bin/hv_timesync_daemon" -n --state-file "$state" 2>"$tmp/err" &
pid=$!
check "hv_timesync_daemon without hv_utils says it waits for the family" \
	wait_grep "$tmp/err" "family is not there .*waiting for it to appear\."
check "hv_timesync_daemon writes its state file" wait_grep "$state" "^mode=waiting$"
"$bin/hv_timesync_daemon" --status --state-file "$state" >"$tmp/out" 2>>"$tmp/err"
check "--status shows the running daemon waiting" grep -q "^mode: *waiting$" "$tmp/out"
check "--status shows no sample yet" grep -q "^last sample: *none yet$" "$tmp/out"
kill -USR1 "$pid"
check "SIGUSR1 logs the state" wait_grep "$tmp/err" "State: waiting; 0 samples"
kill -TERM "$pid"
if wait_exit "$pid" && [ "$status" -eq 0 ]; then
	pass "hv_timesync_daemon exits 0 on SIGTERM"
else
	fail "hv_timesync_daemon exits 0 on SIGTERM"
fi
pid=
"$bin/hv_timesync_daemon" --status --state-file "$state" >"$tmp/out" 2>"$tmp/err"
check "--status after the daemon stopped says so" grep -q "^mode: *stopped$" "$tmp/out"
"$bin/hv_timesync_daemon" --status --state-file "$tmp/none" >"$tmp/out" 2>"$tmp/err"
status=$?
check "--status without a state file exits 1 with a sentence" \
	sh -c "[ $status -eq 1 ] && grep -q 'is hv_timesync_daemon running?' '$tmp/err'"

# Helper scripts.
"$scripts/hv_get_dhcp_info" >/dev/null 2>"$tmp/err"
check "hv_get_dhcp_info without an interface is a usage error" test $? -eq 2
out=$("$scripts/hv_get_dhcp_info" lo 2>"$tmp/err")
check "hv_get_dhcp_info prints Enabled or Disabled" \
	sh -c "[ '$out' = Enabled ] || [ '$out' = Disabled ]"
check "hv_get_dns_info succeeds for an interface" sh -c "'$scripts/hv_get_dns_info' lo >/dev/null"

# hv_set_ifconfig with ip(8) and nmcli stubbed: the ip(8) path.
mkdir "$tmp/stub"
printf '#!/bin/sh\necho "ip $*" >>"%s/ip.log"\n' "$tmp" >"$tmp/stub/ip"
printf '#!/bin/sh\nexit 1\n' >"$tmp/stub/nmcli"
chmod 0755 "$tmp/stub/ip" "$tmp/stub/nmcli"
cat >"$tmp/ifcfg-eth0" <<'CFG'
HWADDR=00:15:5d:0a:0b:0c
DEVICE=eth0
BOOTPROTO=none
IPADDR=192.0.2.5
NETMASK=255.255.255.0
IPADDR1=192.0.2.6
NETMASK1=255.255.0.0
IPV6INIT=yes
IPV6ADDR=2001:db8::5/64
GATEWAY=192.0.2.1
DNS1=192.0.2.53
CFG
if [ -d /etc/sysconfig/network-scripts ]; then
	pass "# SKIP hv_set_ifconfig ip(8) path: this host has ifcfg scripts"
else
	PATH=$tmp/stub:$PATH "$scripts/hv_set_ifconfig" "$tmp/ifcfg-eth0" 2>"$tmp/err"
	check "hv_set_ifconfig applies a static configuration with ip(8)" test $? -eq 0
	check "... both IPv4 addresses with their prefixes" \
		sh -c "grep -q '^ip addr add 192.0.2.5/24 dev eth0$' '$tmp/ip.log' &&
			grep -q '^ip addr add 192.0.2.6/16 dev eth0$' '$tmp/ip.log'"
	check "... the IPv6 address and the default route" \
		sh -c "grep -q '^ip -6 addr add 2001:db8::5/64 dev eth0$' '$tmp/ip.log' &&
			grep -q '^ip route replace default via 192.0.2.1 dev eth0$' '$tmp/ip.log'"
	check "... and says it does not survive a reboot" grep -q "does not survive a reboot" "$tmp/err"
fi
printf 'DEVICE=eth0;reboot\nIPADDR=192.0.2.5\n' >"$tmp/ifcfg-bad"
: >"$tmp/ip.log"
PATH=$tmp/stub:$PATH "$scripts/hv_set_ifconfig" "$tmp/ifcfg-bad" 2>"$tmp/err"
check "hv_set_ifconfig refuses a file with a hostile DEVICE" \
	sh -c "[ $? -eq 1 ] && [ ! -s '$tmp/ip.log' ]"
# shellcheck disable=SC2016 # the $(...) must reach the file unexpanded
printf 'DEVICE=eth0\nIPADDR=$(reboot)\nNETMASK=255.0.0.0\n' >"$tmp/ifcfg-bad"
PATH=$tmp/stub:$PATH "$scripts/hv_set_ifconfig" "$tmp/ifcfg-bad" 2>"$tmp/err"
check "hv_set_ifconfig refuses a file with a hostile address" \
	sh -c "[ $? -eq 1 ] && [ ! -s '$tmp/ip.log' ]"

echo "1..$n"
[ "$failed" -eq 0 ]
