# shellcheck shell=sh
# hv_vmbus attaches to the simulated host, registers the vmbus bus, and
# unloads cleanly; twice, so a second load finds nothing left behind.
# timeout: 60

for round in 1 2; do
	check "round $round: vmbus_sim loads" modprobe vmbus_sim
	check "round $round: hv_vmbus loads" modprobe hv_vmbus
	check "round $round: /sys/bus/vmbus exists" test -d /sys/bus/vmbus
	check "round $round: hv_vmbus says it attached to the simulated host" \
		sh -c 'dmesg | grep -q "hv_vmbus: attached to the simulated host"'
	check_fails "round $round: vmbus_sim cannot go while hv_vmbus uses it" rmmod vmbus_sim
	check "round $round: hv_vmbus unloads" rmmod hv_vmbus
	check "round $round: /sys/bus/vmbus is gone" test ! -e /sys/bus/vmbus
	check "round $round: vmbus_sim unloads" rmmod vmbus_sim
done
