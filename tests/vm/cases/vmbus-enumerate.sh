# shellcheck shell=sh
# Devices the simulated host offers appear under /sys/bus/vmbus/devices
# with upstream attribute names and values, hot-added ones too, the
# monitor attributes only for a monitored device; a rescind removes the
# device and the guest releases the relid, which the host then reuses.
# timeout: 90
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
devs=/sys/bus/vmbus/devices
kvp_class=a9a0f4e7-5a45-4d96-b827-8a841e8c03e6
kvp_inst=242ff919-07db-4180-9c2e-b86cb68c8c55
nic_class=f8615163-df3e-46c5-913f-f2d2f965ed0e
nic_inst=8a0ec4a1-1b36-4b5e-9f1e-5c0f3a7d2e11
shutdown_class=0e0b6031-5213-4934-818b-38d90ced39db
shutdown_inst=b6650ff7-33bc-4840-8048-e0676786f393

relid_of() {
	awk -v i="$1" '$3 == i {print $1}' $sim/devices
}

modprobe vmbus_sim connect=0
echo "$kvp_class $kvp_inst" >$sim/add_device
echo "$nic_class $nic_inst monitor=0" >$sim/add_device
check "hv_vmbus connects to the host" sh -c "echo 1 >$sim/connected"

d=$devs/$kvp_inst
check "the KVP device is named by its instance GUID" test -d "$d"
is "class_id" "$(cat "$d/class_id")" "{$kvp_class}"
is "device_id" "$(cat "$d/device_id")" "{$kvp_inst}"
is "id is the relid" "$(cat "$d/id")" "$(relid_of $kvp_inst)"
is "modalias" "$(cat "$d/modalias")" "vmbus:e7f4a0a9455a964db8278a841e8c03e6"
is "uevent carries the modalias" "$(grep MODALIAS "$d/uevent")" "MODALIAS=vmbus:e7f4a0a9455a964db8278a841e8c03e6"
is "vendor" "$(cat "$d/vendor")" "0x1414"
is "device type KVP" "$(cat "$d/device")" "0x9"
is "state: offered, not opened" "$(cat "$d/state")" "0"
is "monitor_id" "$(cat "$d/monitor_id")" "$(( $(relid_of $kvp_inst) % 128 ))"

# The monitor page fields of the KVP device's monitor id, as the host
# wrote them: its connection id and polling latency in both pages.
conn=$(awk -v i="$kvp_inst" '$3 == i {print $6}' $sim/devices)
is "client_monitor_conn_id is the channel's connection id" "$(cat "$d/client_monitor_conn_id")" "$((conn))"
is "server_monitor_conn_id too" "$(cat "$d/server_monitor_conn_id")" "$((conn))"
latency=$(cat "$d/server_monitor_latency")
check "server_monitor_latency is the host's (not 0)" test "$latency" -gt 0
is "client_monitor_latency is the same" "$(cat "$d/client_monitor_latency")" "$latency"
is "client_monitor_pending: the guest has not signalled" "$(cat "$d/client_monitor_pending")" 0
is "server_monitor_pending: clear" "$(cat "$d/server_monitor_pending")" 0
echo "$(relid_of $kvp_inst) 1" >$sim/monitor_trigger
is "server_monitor_pending shows the host's pending bit" "$(cat "$d/server_monitor_pending")" 1
echo "$(relid_of $kvp_inst) 0" >$sim/monitor_trigger
is "and its clearing" "$(cat "$d/server_monitor_pending")" 0
for attr in server_monitor_pending client_monitor_pending server_monitor_latency \
	client_monitor_latency server_monitor_conn_id client_monitor_conn_id; do
	check_fails "an unmonitored device has no $attr" test -e "$devs/$nic_inst/$attr"
done

is "the NIC is device type 3" "$(cat $devs/$nic_inst/device)" "0x3"
is "NIC modalias" "$(cat $devs/$nic_inst/modalias)" "vmbus:635161f83edfc546913ff2d2f965ed0e"
is "two devices" "$(find $devs -mindepth 1 -maxdepth 1 | wc -l)" 2

echo "$shutdown_class $shutdown_inst" >$sim/add_device
check "a hot-added device appears" wait_for test -d $devs/$shutdown_inst
is "its device type is shutdown" "$(cat $devs/$shutdown_inst/device)" "0xc"

nic_relid=$(relid_of $nic_inst)
echo "$nic_relid" >$sim/rescind
check "a rescinded device disappears" wait_for test ! -e $devs/$nic_inst
check "the guest released the relid" wait_for sh -c "! grep -q '$nic_inst' $sim/devices"
check_fails "rescinding a relid the host does not have fails" sh -c "echo 999 >$sim/rescind"

other=5c1e0b38-7e4f-4c84-a1b4-3d1c2b6a9f00
echo "$nic_class $other" >$sim/add_device
check "a new device appears" wait_for test -d $devs/$other
is "it reuses the released relid" "$(cat $devs/$other/id)" "$nic_relid"

# @synic: the SynIC's message path itself, through hv_vmbus's Hyper-V
# backend on the sim's synthetic platform (tests/sim/platform.c).
counter() { counter_of $sim/counters "$1"; }
if [ "$(sim_platform)" = hyperv ]; then
	check "@synic: host messages came through the SINT2 slot" test "$(counter synic_messages)" -gt 0
	check "@synic: and SINT2 interrupts" test "$(counter synic_interrupts)" -gt 0
	# Interrupts held: the offers queue behind the slot, msg_pending set.
	eoms=$(counter synic_eoms)
	echo synic_hold >$sim/inject
	for i in 1 2 3 4; do
		echo "$nic_class 6d2c0f4a-1b3e-4c5d-8e9f-0a1b2c3d4e0$i" >$sim/add_device
	done
	echo synic_release >$sim/inject
	for i in 1 2 3 4; do
		check "@synic: offer $i of 4 sent while interrupts were held arrives" \
			wait_for test -d "$devs/6d2c0f4a-1b3e-4c5d-8e9f-0a1b2c3d4e0$i"
	done
	check "@synic: the guest wrote EOM for the messages pending behind the slot" \
		test "$(counter synic_eoms)" -ge $((eoms + 3))
	check "@synic: msg_pending was used" test "$(counter synic_pending)" -gt 0
	# HvPostMessage answered INSUFFICIENT_BUFFERS: the guest retries.
	echo 0 >$sim/connected
	echo "insufficient_buffers 5" >$sim/inject
	check "@synic: the guest connects through 5 INSUFFICIENT_BUFFERS answers" \
		sh -c "echo 1 >$sim/connected"
	is "@synic: all 5 were answered so" "$(counter synic_no_buffers)" 5
	check "@synic: and its devices are back" wait_for test -d "$devs/$other"
	is "@synic: no event was lost" "$(counter synic_events_lost)" 0
fi

is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0
check "the host disconnects with devices present" sh -c "echo 0 >$sim/connected"
is "the devices are gone" "$(find $devs -mindepth 1 | wc -l)" 0
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus
