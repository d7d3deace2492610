# shellcheck shell=sh
# Echo traffic at every signalling era of the host: 0.13 (WS2008: events
# through the interrupt page, signals on connection 2), 1.1, 2.4 (event
# flags), 3.0 and 5.3 (connection 4 and the host's message connection),
# on an unmonitored channel and on a monitored device with a sub-channel
# (sub-channels exist from 2.4 on; older hosts offer the primary alone),
# and on a channel offered without a dedicated interrupt (from 1.1 up to
# 5.0 it shares one connection id with other such channels, and only the
# guest's bit in the interrupt page's send half says which channel it
# signals). The host counts any signalling or ordering mistake as a
# violation.
# timeout: 200
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
dbg=/sys/kernel/debug/hvlis_echo
cls=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
a=22222222-0000-4000-8000-000000000001
b=22222222-0000-4000-8000-000000000002
c=22222222-0000-4000-8000-000000000003

# conn_of DEVICE: the connection id the host offered its primary with.
conn_of() {
	awk -v i="$1" '$3 == i && $5 == 0 {print $6}' $sim/devices
}

violations() {
	sed -n 's/^violations //p' $sim/counters
}

for v in 0x0000000d 0x00010001 0x00020004 0x00030000 0x00050003; do
	modprobe vmbus_sim connect=0
	echo $v >$sim/host_version
	echo "$cls $a monitor=0" >$sim/add_device
	echo "$cls $b subchannels=1" >$sim/add_device
	echo "$cls $c monitor=0 dedicated=0 subchannels=1" >$sim/add_device
	check "host $v: hv_vmbus and hvlis_echo load" sh -c "echo 1 >$sim/connected && modprobe hvlis_echo ring_pages=4"
	is "host $v: negotiated" "$(printf '%#010x' "$(cat $sim/version)")" "$v"
	check "host $v: the devices bound" \
		wait_for test -e $dbg/$a/run -a -e $dbg/$b/run -a -e $dbg/$c/run
	want=2
	case $v in 0x0000000d | 0x00010001) want=1 ;; esac
	check "host $v: $want channel(s) of the multi-channel device opened" \
		wait_for sh -c "[ \$(wc -l <$dbg/$b/channels) -eq $want ]"
	check "host $v: echo on an unmonitored channel" sh -c "echo 'packets=1000 max=8000 mode=mixed' >$dbg/$a/run"
	check "host $v: echo on a monitored primary and sub-channel" sh -c "echo 'packets=1000 max=8000 mode=mixed' >$dbg/$b/run"
	case $v in
	0x00010001 | 0x00020004 | 0x00030000) want=0x10000 ;;
	*) want=0x2 ;;
	esac
	if [ "$v" = 0x00050003 ]; then
		check "host $v: without an interrupt page, it keeps its own connection id" \
			sh -c "[ $(conn_of $c) != 0x10000 ]"
	else
		is "host $v: a non-dedicated channel is offered the shared connection" \
			"$(conn_of $c)" "$want"
	fi
	check "host $v: echo on channels without a dedicated interrupt" \
		sh -c "echo 'packets=1000 max=8000 mode=mixed' >$dbg/$c/run"
	rmmod hvlis_echo
	echo 0 >$sim/connected
	is "host $v: no protocol violation" "$(violations)" 0
	check "host $v: vmbus_sim unloads" rmmod vmbus_sim
	check "host $v: hv_vmbus unloads" rmmod hv_vmbus
done
