# shellcheck shell=sh
# Without Hyper-V, hv_vmbus loads with an empty bus and says so in one log
# line: a host backend (here the simulated host) may register later. It
# posts nothing and unloads cleanly, and a second load adds one line only.
# timeout: 60

dmesg -c >/dev/null
check "modprobe hv_vmbus succeeds" modprobe hv_vmbus
check "the log says there is no hypervisor and what happens next" \
	sh -c 'dmesg | grep -q "hv_vmbus: no Hyper-V hypervisor found; the bus stays empty until a host backend registers"'
check "/sys/bus/vmbus exists" test -d /sys/bus/vmbus
is "the bus has no devices" "$(find /sys/bus/vmbus/devices -mindepth 1 | wc -l)" 0
check_fails "it did not claim to attach to any host" sh -c 'dmesg | grep -q "hv_vmbus: attached"'
check "hv_vmbus unloads" rmmod hv_vmbus
check "no vmbus bus is left registered" test ! -e /sys/bus/vmbus

dmesg -c >/dev/null
check "insmod of hv_vmbus.ko works too" \
	insmod "$(find /lib/modules/"$(uname -r)"/updates -name hv_vmbus.ko)"
is "one load logs exactly one line" "$(dmesg | grep -c 'hv_vmbus: ')" 1
check "hv_vmbus unloads again" rmmod hv_vmbus
