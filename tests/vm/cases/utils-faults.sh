# shellcheck shell=sh
# hv_utils against malformed IC messages from the host: a packet too
# short for the IC header (20 bytes, 24 with the ring's padding: dropped,
# unanswered), icmsgsize past the end of
# the packet, a NEGOTIATE with more than 100 versions or with counts past
# its buffer, and a message of another service's type (each answered
# E_FAIL). Every one is logged, none warns, and the service answers
# properly afterwards.
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
hb_class=57164f39-9115-4e78-ab55-382f3bd5422d
hb=fd149e91-82e0-4a7d-afa6-2a4166cbd7c0
sd_class=0e0b6031-5213-4934-818b-38d90ced39db
sd=b6650ff7-33bc-4840-8048-e0676786f393
ts_class=9527e630-d0ae-497b-adce-e80ab0175caf
ts=2dd1ce17-079e-403c-b352-a1921ee207ee

status() {
	sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" $sim/ic_status
}

# still_answers SERVICE: a well-formed request is answered S_OK.
still_answers() {
	case $1 in
	heartbeat) echo 10 >$sim/ic_heartbeat && [ "$(cat $sim/ic_heartbeat)" = 11 ] ;;
	shutdown) echo 4 >$sim/ic_shutdown && [ "$(cat $sim/ic_shutdown)" = 0x80004005 ] ;;
	timesync) echo "2 0" >$sim/ic_timesync && [ "$(cat $sim/ic_timesync)" = 0x00000000 ] ;;
	esac
}

modprobe vmbus_sim connect=0
echo "$hb_class $hb" >$sim/add_device
echo "$sd_class $sd" >$sim/add_device
echo "$ts_class $ts" >$sim/add_device
echo 1 >$sim/connected
check "hv_utils loads" modprobe hv_utils
check "the services negotiate" wait_for sh -c "[ \$(grep -c ' negotiations=1 ' $sim/ic_status) -eq 3 ]"

for svc in heartbeat shutdown timesync; do
	check "$svc: a 20-byte message is sent" sh -c "echo '$svc short' >$sim/ic_raw"
	check "$svc: it is logged and dropped" wait_for sh -c "dmesg | grep -q '$svc: dropping a 24-byte message'"
	check "$svc: answers after it" still_answers $svc
	for kind in size_past counts_big counts_past wrong_type; do
		check "$svc: $kind is answered E_FAIL" sh -c "echo '$svc $kind' >$sim/ic_raw"
		is "$svc: $kind status" "$(status $svc last_status)" 0x80004005
		check "$svc: answers after $kind" still_answers $svc
	done
	is "$svc: the negotiated version stands" "$(status $svc fw)" 3.0
done
check "icmsgsize past the packet is logged" sh -c "dmesg | grep -q 'runs past the'"
check "too many versions are logged" sh -c "dmesg | grep -q 'NEGOTIATE offers 101 framework'"
check "counts past the buffer are logged" sh -c "dmesg | grep -q 'NEGOTIATE offers 50 framework and 50 service versions'"
check "a wrong message type is logged" sh -c "dmesg | grep -q 'heartbeat: message type 3 on this channel'"

is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "hv_utils unloads" rmmod hv_utils
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
