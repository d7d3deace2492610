# shellcheck shell=sh
# hv_utils' shutdown service: the simulated host offers shutdown 1.0 to
# 3.2 (the guest picks 3.2) and asks for a power-off, a forced power-off,
# a reboot and a forced reboot; each is answered S_OK before the guest
# starts an orderly power-off or reboot, which runs the kernel's
# poweroff_cmd (/sbin/poweroff) or /sbin/reboot. This case installs
# stand-ins for both that only log their call, so the VM keeps running
# and the case can see them. Hibernation (flags 4, 5) and unknown flags
# are answered E_FAIL and start nothing, also on an older service
# version.
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
sd_class=0e0b6031-5213-4934-818b-38d90ced39db
sd=b6650ff7-33bc-4840-8048-e0676786f393
log=/tmp/shutdown.log

status() {
	sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" $sim/ic_status
}

# request FLAGS: one shutdown request; prints the answer's status.
request() {
	echo "$1" >$sim/ic_shutdown && cat $sim/ic_shutdown
}

calls() {
	if [ -f $log ]; then wc -l <$log; else echo 0; fi
}

for cmd in poweroff reboot; do
	printf '#!/bin/sh\necho %s >>%s\n' "$cmd" "$log" >/sbin/$cmd
	chmod 755 /sbin/$cmd
done
diag "poweroff_cmd: $(cat /proc/sys/kernel/poweroff_cmd)"

modprobe vmbus_sim connect=0
echo "$sd_class $sd" >$sim/add_device
echo 1 >$sim/connected
check "hv_utils loads" modprobe hv_utils
check "it binds the shutdown device" test -e /sys/bus/vmbus/drivers/hv_utils/$sd
check "the host's NEGOTIATE is answered" wait_for sh -c "grep -q '^shutdown .*negotiations=1 ' $sim/ic_status"
is "shutdown service version 3.2 chosen" "$(status shutdown srv)" 3.2
is "framework 3.0 chosen" "$(status shutdown fw)" 3.0

is "a power-off request is answered S_OK" "$(request 0)" 0x00000000
check "the guest runs /sbin/poweroff" wait_for grep -qx poweroff $log
check "and logs the graceful shutdown" sh -c "dmesg | grep -q 'Shutdown request received - graceful shutdown initiated'"
is "a forced power-off request is answered S_OK" "$(request 1)" 0x00000000
check "the guest runs /sbin/poweroff again" wait_for sh -c "[ \$(grep -cx poweroff $log) -eq 2 ]"
is "a reboot request is answered S_OK" "$(request 2)" 0x00000000
check "the guest runs /sbin/reboot" wait_for grep -qx reboot $log
is "a forced reboot request is answered S_OK" "$(request 3)" 0x00000000
check "the guest runs /sbin/reboot again" wait_for sh -c "[ \$(grep -cx reboot $log) -eq 2 ]"

before=$(calls)
is "hibernate is refused with E_FAIL" "$(request 4)" 0x80004005
is "forced hibernate is refused with E_FAIL" "$(request 5)" 0x80004005
check "the refusal is logged" sh -c "dmesg | grep -q 'hibernation request refused'"
is "unknown flags 8 are refused with E_FAIL" "$(request 8)" 0x80004005
is "unknown flags 0xffffffff are refused with E_FAIL" "$(request 0xffffffff)" 0x80004005
sleep 1
is "none of them started anything" "$(calls)" "$before"

# An older host: service 3.0, without hibernation.
echo "shutdown 1.0,3.0 1.0,3.0" >$sim/ic_offer
check "negotiating again with service 3.0 offered" sh -c "echo shutdown >$sim/ic_negotiate"
is "service version 3.0 chosen" "$(status shutdown srv)" 3.0
is "hibernate on 3.0 is refused with E_FAIL" "$(request 4)" 0x80004005
is "a power-off on 3.0 is answered S_OK" "$(request 0)" 0x00000000
check "the guest runs /sbin/poweroff" wait_for sh -c "[ \$(grep -cx poweroff $log) -eq 3 ]"

is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "hv_utils unloads" rmmod hv_utils
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
rm -f /sbin/poweroff /sbin/reboot
