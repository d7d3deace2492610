# shellcheck shell=sh
# Loading the simulated host loads hv_vmbus (it registers with it), which
# connects at once and registers the vmbus bus; the host disconnects and
# reconnects at run time; the modules unload in order. Twice, so a second
# load finds nothing left behind.
# timeout: 60
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
# @synic: hv_vmbus runs its Hyper-V backend on the sim's synthetic platform.
host=$(sim_host_name)

for round in 1 2; do
	dmesg -c >/dev/null
	check "round $round: vmbus_sim loads" modprobe vmbus_sim
	check "round $round: hv_vmbus came with it" grep -q '^hv_vmbus ' /proc/modules
	check "round $round: /sys/bus/vmbus exists" test -d /sys/bus/vmbus
	check "round $round: hv_vmbus says it attached to the $host host" \
		sh -c "dmesg | grep -q 'hv_vmbus: attached to the $host host'"
	is "round $round: the host is registered" "$(cat $sim/connected)" 1
	check_fails "round $round: hv_vmbus cannot go while the host uses it" rmmod hv_vmbus
	check_fails "round $round: a second registration is refused" sh -c "echo 1 >$sim/connected"
	check "round $round: the host disconnects" sh -c "echo 0 >$sim/connected"
	check "round $round: hv_vmbus says it detached" \
		sh -c "dmesg | grep -q 'hv_vmbus: detached from the $host host'"
	is "round $round: the host is not registered" "$(cat $sim/connected)" 0
	check "round $round: the host connects again" sh -c "echo 1 >$sim/connected"
	is "round $round: it attached twice" \
		"$(dmesg | grep -c "hv_vmbus: attached to the $host host")" 2
	check "round $round: vmbus_sim unloads" rmmod vmbus_sim
	check "round $round: hv_vmbus unloads" rmmod hv_vmbus
	check "round $round: /sys/bus/vmbus is gone" test ! -e /sys/bus/vmbus
done
