# shellcheck shell=sh
# hv-diag in the busybox guest (no systemd, dkms, mokutil, lsinitramfs):
# the bundle holds the expected files; the summary, printed first, names
# a device whose module is not loaded (a SCSI controller without
# hv_storvsc) and a KVP daemon that is gone, then one that is stopped;
# the KVP value the host planted through the real daemon is in the
# listing; with --redact no file of the bundle holds the host name, the
# NIC's IP or MAC address or the planted values; as nobody it still
# writes a bundle and says what it skipped; bad usage exits 1.
# modules: tun
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
kvp_class=a9a0f4e7-5a45-4d96-b827-8a841e8c03e6
kvp_inst=242ff919-07db-4180-9c2e-b86cb68c8c55
scsi_class=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
scsi_inst=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c41
secret=diag-planted-0123456789
secret2=second-planted-9876543210

kvp() {
	echo "$*" >$sim/ic_kvp || return 1
	sed -n 's/^status //p' $sim/ic_kvp
}
registrations() {
	dmesg | grep -c 'hv_kvp_daemon registered'
}
start_daemon() {
	before=$(registrations)
	hv_kvp_daemon -n 2>>/tmp/kvp.log &
	daemon=$!
	wait_for sh -c "[ \$(dmesg | grep -c 'hv_kvp_daemon registered') -gt $before ]"
}
# bundle NAME ARGS...: run hv-diag ARGS -o /tmp/NAME.tar.gz, output in
# /tmp/NAME.out, the bundle extracted under /tmp/NAME/ (one directory).
bundle() {
	b_name=$1
	shift
	rm -rf "/tmp/$b_name" "/tmp/$b_name.tar.gz"
	hv-diag "$@" -o "/tmp/$b_name.tar.gz" >"/tmp/$b_name.out" 2>"/tmp/$b_name.err" || return 1
	mkdir -p "/tmp/$b_name" && tar -xzf "/tmp/$b_name.tar.gz" -C "/tmp/$b_name" || return 1
	set -- "/tmp/$b_name"/*
	[ $# -eq 1 ] && [ -d "$1" ]
}
# dir NAME: the extracted bundle's directory.
dir() {
	echo /tmp/"$1"/hv-diag-*
}
summary_has() {
	grep -qF -- "$2" "$(dir "$1")/summary.txt" && grep -qF -- "$2" "/tmp/$1.out"
}
# problem_has NAME TEXT: a line of the summary's "What is wrong:" list
# starts with TEXT.
problem_has() {
	sed -n '/^What is wrong:$/,/^[^-]/p' "/tmp/$1.out" | grep -q "^- $2"
}

# A NIC stand-in with addresses to redact.
modprobe tun
tunctl -t hv0 >/dev/null
ip link set hv0 up
ip addr add 192.0.2.10/24 dev hv0
mac=$(cat /sys/class/net/hv0/address)
host=$(hostname)

modprobe vmbus_sim connect=0
echo "$kvp_class $kvp_inst" >$sim/add_device
echo "$scsi_class $scsi_inst" >$sim/add_device
echo 1 >$sim/connected
check "hv_utils loads" modprobe hv_utils
check "hv_kvp_daemon registers" start_daemon
is "the host plants a value in pool 0" "$(kvp set 0 DiagKey "$secret")" 0x00000000
is "and one in pool 0 holding the NIC's address" "$(kvp set 0 DiagAddr "$secret2 at 192.0.2.10")" 0x00000000
kill "$daemon"
check "the daemon is gone" wait_for sh -c "! kill -0 $daemon 2>/dev/null"

is "hv-diag --version" "$(hv-diag --version)" "hv-diag (hv-lis) $(cat /etc/hvlis-version)"
check "hv-diag --help" sh -c "hv-diag --help | grep -q -- --redact"
check_fails "an unknown argument is bad usage" hv-diag --bogus
check "saying so" sh -c "hv-diag --bogus 2>&1 | grep -q 'unknown argument'"
check_fails "an unwritable -o fails" hv-diag -o /nonexistent/x.tar.gz
check_fails "-o without a file fails" hv-diag -o

check "hv-diag writes a bundle" bundle plain
d=$(dir plain)
for f in summary.txt system.txt network.txt modules.txt proc-modules.txt dkms.txt \
	initramfs.txt vmbus.txt rings.txt clocksource.txt kvp.txt daemons.txt \
	journal.txt secureboot.txt dmesg-hyperv.txt skipped.txt; do
	check "the bundle holds $f" test -f "$d/$f"
done
is "the summary is printed first" "$(head -n 1 /tmp/plain.out)" "hv-diag $(cat /etc/hvlis-version) summary"
check "it names the kernel" summary_has plain "Kernel $(uname -r)"
check "it names as wrong the SCSI controller whose module is not loaded" \
	problem_has plain "The Synthetic SCSI controller device $scsi_inst (relid [0-9]*) has no driver: hv_storvsc is not loaded"
check "and the KVP daemon not running" problem_has plain "hv_kvp_daemon is not running"
check "and says what it skipped" summary_has plain "dkms is not installed"
check_fails "no bogus problem about hv_vmbus" summary_has plain "hv_vmbus is not loaded"
check "modules.txt: hv_utils loaded, ours" \
	sh -c "grep -A6 '^hv_utils: loaded' $d/modules.txt | grep -q 'ours: yes (hv-lis'"
check "modules.txt: its loaded version" \
	sh -c "grep -A8 '^hv_utils: loaded' $d/modules.txt | grep -qx '  loaded version: $(cat /etc/hvlis-version)'"
check "modules.txt: hv_storvsc not loaded, and where its file is" \
	sh -c "grep -A1 '^hv_storvsc: not loaded' $d/modules.txt | grep -q 'file: /lib/modules/.*/updates/.*hv_storvsc.ko'"
check "modules.txt: vermagic" \
	sh -c "grep -A3 '^hv_vmbus:' $d/modules.txt | grep -q 'vermagic: $(uname -r) '"
relid=$(cat /sys/bus/vmbus/devices/$kvp_inst/id)
check "vmbus.txt: the KVP device by class name and relid" \
	grep -q "^VMBUS ID $relid: Class_ID = {$kvp_class} - KVP (data exchange)" "$d/vmbus.txt"
check "vmbus.txt: its driver" grep -q 'Driver: hv_utils' "$d/vmbus.txt"
check "vmbus.txt: its channel and target CPU" grep -q "Rel_ID=$relid, target_cpu=0" "$d/vmbus.txt"
check "vmbus.txt: the SCSI controller without a driver" \
	sh -c "grep -A2 'Synthetic SCSI controller' $d/vmbus.txt | grep -q 'Driver: (none)'"
check "rings.txt: the KVP channel's ring attributes" \
	sh -c "grep -A30 '^$kvp_inst' $d/rings.txt | grep -q '    write_avail: [0-9]'"
check "clocksource.txt" grep -q "^current: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)" "$d/clocksource.txt"
check "kvp.txt: the planted value" grep -qF "DiagKey = $secret" "$d/kvp.txt"
check "dmesg-hyperv.txt: the kernel's hv_utils lines" grep -q 'hv_kvp_daemon registered' "$d/dmesg-hyperv.txt"
check "the plain bundle holds the host name" grep -rqF "$host" "$d"
check "the NIC's IP address" grep -rqF 192.0.2.10 "$d"
check "and its MAC address" grep -rqiF "$mac" "$d"

check "a restarted daemon registers" start_daemon
kill -STOP "$daemon"
check "hv-diag with the daemon stopped" bundle stopped
check "names the stopped daemon" problem_has stopped "hv_kvp_daemon is stopped"
kill -CONT "$daemon"
check "hv-diag with the daemon running" bundle running
check_fails "says nothing of the daemon" grep -q hv_kvp_daemon /tmp/running.out
kill "$daemon"
wait_for sh -c "! kill -0 $daemon 2>/dev/null"

check "hv-diag --redact writes a bundle" bundle redacted --redact
d=$(dir redacted)
check "kvp.txt keeps the key" grep -qF "DiagKey = <redacted>" "$d/kvp.txt"
check_fails "no file holds the planted value" grep -rqF "$secret" "$d"
check_fails "nor the second one" grep -rqF "$secret2" "$d"
check_fails "nor the host name" grep -rqF "$host" "$d"
check_fails "nor the NIC's IP address" grep -rqF 192.0.2.10 "$d"
check_fails "nor its MAC address" grep -rqiF "$mac" "$d"
check_fails "nor the loopback address" grep -rqF 127.0.0.1 "$d"
check_fails "nor the printed summary" grep -qF "$host" /tmp/redacted.out
check "the summary still names the problems" problem_has redacted "hv_kvp_daemon is not running"
check "and says it redacted" summary_has redacted "Redacted:"
check "the vmbus listing survives redaction" grep -q "Class_ID = {$kvp_class}" "$d/vmbus.txt"

echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
echo 'nogroup:x:65534:' >>/etc/group
check "as nobody, hv-diag writes a bundle" \
	su -s /bin/sh nobody -c "hv-diag -o /tmp/nobody.tar.gz >/tmp/nobody.out 2>/tmp/nobody.err"
check "and says it ran without root" grep -q 'Not run as root' /tmp/nobody.out
check "with nothing on stderr" test ! -s /tmp/nobody.err
while IFS= read -r line; do diag "summary: $line"; done </tmp/plain.out
grep -A8 '^hv_utils:' "$(dir plain)/modules.txt" >/tmp/hv_utils.txt
while IFS= read -r line; do diag "modules.txt: $line"; done </tmp/hv_utils.txt
