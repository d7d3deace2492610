# shellcheck shell=sh
# Without Hyper-V and without the simulated host, hv_vmbus refuses to load
# with one clear log line, and modprobe reports the failure.
# timeout: 60

modprobe hv_vmbus >/tmp/modprobe.out 2>&1
is "modprobe hv_vmbus fails" "$?" 1
check "modprobe's error says there is no such device" grep -q 'No such device' /tmp/modprobe.out
check "the log says what is missing" \
	sh -c 'dmesg | grep -q "hv_vmbus: no Hyper-V hypervisor and no simulated host (vmbus_sim) found"'

# One more attempt on a quiet log: it must add exactly one line.
dmesg -c >/dev/null
check_fails "insmod of hv_vmbus.ko fails too" \
	insmod "$(find /lib/modules/"$(uname -r)"/updates -name hv_vmbus.ko)"
is "one load attempt logs exactly one line" "$(dmesg | grep -c 'hv_vmbus: ')" 1
check_fails "hv_vmbus is not left loaded" grep -q '^hv_vmbus ' /proc/modules
check_fails "no vmbus bus is left registered" test -e /sys/bus/vmbus
