# shellcheck shell=sh
# hv_utils' heartbeat and the IC framework: the simulated host offers a
# heartbeat channel; when hv_utils opens it the host negotiates
# (framework 1.0/3.0, service 1.0/3.0 offered: the guest picks 3.0/3.0),
# then sends heartbeats and checks each answer carries seq_num + 1,
# icflags TRANSACTION|RESPONSE, the trans_id and length it sent.
# Negotiating again with an older offer downgrades; an offer with no
# common version fails cleanly.
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
hb_class=57164f39-9115-4e78-ab55-382f3bd5422d
hb=fd149e91-82e0-4a7d-afa6-2a4166cbd7c0

# status SERVICE FIELD: one field of the service's ic_status line.
status() {
	sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" $sim/ic_status
}

modprobe vmbus_sim connect=0
echo "$hb_class $hb" >$sim/add_device
echo 1 >$sim/connected
check "hv_utils loads" modprobe hv_utils
check "it binds the heartbeat device" test -e /sys/bus/vmbus/drivers/hv_utils/$hb
check "the host's NEGOTIATE is answered" wait_for sh -c "grep -q '^heartbeat .*negotiations=1 ' $sim/ic_status"
is "framework 3.0 chosen" "$(status heartbeat fw)" 3.0
is "service version 3.0 chosen" "$(status heartbeat srv)" 3.0
check "the negotiation is logged" sh -c "dmesg | grep -q 'heartbeat: framework 3.0, service version 3.0'"

ok=0
for seq in 1 2 3 1000 4294967296; do
	if echo "$seq" >$sim/ic_heartbeat; then
		got=$(cat $sim/ic_heartbeat)
		if [ "$got" = $((seq + 1)) ]; then
			ok=$((ok + 1))
		else
			diag "seq $seq answered $got"
		fi
	fi
done
is "five heartbeats answered with seq_num + 1" $ok 5
is "answers counted by the host" "$(status heartbeat answers)" 6
is "last status S_OK" "$(status heartbeat last_status)" 0x00000000

# An older host: framework 1.0 and service 1.0 only.
echo "heartbeat 1.0 1.0" >$sim/ic_offer
check "negotiating again with an older offer" sh -c "echo heartbeat >$sim/ic_negotiate"
is "framework 1.0 chosen" "$(status heartbeat fw)" 1.0
is "service version 1.0 chosen" "$(status heartbeat srv)" 1.0
check "heartbeats still answered" sh -c "echo 41 >$sim/ic_heartbeat && test \$(cat $sim/ic_heartbeat) = 42"

# Nothing in common: the guest answers with counts 0 and keeps running.
echo "heartbeat 2.0 7.0" >$sim/ic_offer
check "a negotiation with nothing in common is answered" sh -c "echo heartbeat >$sim/ic_negotiate"
is "no framework recorded" "$(status heartbeat fw)" 0.0
check "the failure is logged" sh -c "dmesg | grep -q 'heartbeat: the host offers no framework version'"
echo "heartbeat 1.0,3.0 1.0,3.0" >$sim/ic_offer
check "a later negotiation succeeds again" sh -c "echo heartbeat >$sim/ic_negotiate"
is "service version 3.0 again" "$(status heartbeat srv)" 3.0
check "heartbeats answered after that" sh -c "echo 7 >$sim/ic_heartbeat && test \$(cat $sim/ic_heartbeat) = 8"

is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "hv_utils unloads" rmmod hv_utils
check_fails "no heartbeat without the driver" sh -c "echo 5 >$sim/ic_heartbeat"
check "hv_utils loads again" modprobe hv_utils
check "and negotiates again" wait_for sh -c "test \$(sed -n 's/^heartbeat .*srv=\([^ ]*\).*/\1/p' $sim/ic_status) = 3.0"
check "and answers heartbeats" sh -c "echo 99 >$sim/ic_heartbeat && test \$(cat $sim/ic_heartbeat) = 100"
is "still no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "hv_utils unloads" rmmod hv_utils
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
