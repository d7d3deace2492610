# shellcheck shell=sh
# A host that never answers OPENCHANNEL: the open gives up after
# hv_vmbus's host_timeout_ms with one line saying so, the probe fails
# cleanly, the next open works, and while the open waits, CPU hotplug
# of a CPU the channel does not target is not held up (hv_vmbus holds
# the hotplug lock only while it publishes a channel's CPU, never across
# a wait for the host).
# smp: 2
# timeout: 120
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
echo_class=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
a=6a1f0c2e-9b7d-4e3a-8c51-2d4f6e8a0c01
dbg=/sys/kernel/debug/hvlis_echo
cpu1=/sys/devices/system/cpu/cpu1/online

modprobe vmbus_sim connect=0
# Not a performance device: its channel stays on CPU 0.
echo "$echo_class $a monitor=0" >$sim/add_device
echo 1 >$sim/connected
check "the host timeout can be set at run time" \
	sh -c "echo 6000 >/sys/module/hv_vmbus/parameters/host_timeout_ms"
echo open_silent >$sim/inject
dmesg -c >/dev/null

modprobe hvlis_echo ring_pages=4 &
loader=$!
check "the host got the OPENCHANNEL and stays silent" \
	wait_for sh -c "dmesg | grep -q 'fault open_silent: not answering OPENCHANNEL'"
check "CPU 1 goes offline meanwhile" sh -c "echo 0 >$cpu1"
check_fails "while the open is still waiting (it has not given up yet)" \
	sh -c "dmesg | grep -q 'the host did not answer OPENCHANNEL'"
check "CPU 1 comes back" sh -c "echo 1 >$cpu1"
wait $loader
is "modprobe itself succeeds (the driver loads; its probe failed)" "$?" 0
check "the log says which request the host left unanswered" \
	sh -c "dmesg | grep -q 'the host did not answer OPENCHANNEL (id 0x[0-9a-f]*) within 6000 ms'"
check_fails "the device has no driver" test -e $dbg/$a/run
is "the ring's GPADL was given back" "$(grep -c created $sim/gpadls)" 0

check "the driver unloads" rmmod hvlis_echo
check "the next open works" modprobe hvlis_echo ring_pages=4
check "and echoes" sh -c "echo 'packets=200 max=4000 mode=mixed' >$dbg/$a/run"
is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "the driver unloads again" rmmod hvlis_echo
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
