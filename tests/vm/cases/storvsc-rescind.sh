# shellcheck shell=sh
# The host takes a controller back in the middle of I/O: the read it was
# holding fails (the host will never answer it) instead of hanging, the
# disk and its SCSI host go, and a second controller keeps working.
# modules: sd_mod
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
a=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c81
b=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c82

modprobe vmbus_sim connect=0
echo "$scsi $a" >$sim/add_device
echo "$scsi $b" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=16M" >$sim/storage/$a/add_lun
echo "0 0 0 size=16M" >$sim/storage/$b/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "both disks appear" wait_for sh -c "[ -n \"\$(ls /sys/bus/vmbus/devices/$b/host*/target*/*/block 2>/dev/null)\" ] && [ -n \"\$(ls /sys/bus/vmbus/devices/$a/host*/target*/*/block 2>/dev/null)\" ]"
da=$(disk_of $a)
db=$(disk_of $b)
host=$(host_of $a)

echo 1 >$sim/storage/$a/hold
(dd if=/dev/"$da" of=/dev/null bs=64K count=16 iflag=direct 2>/dev/null; echo $? >/tmp/dd.status) &
reader=$!
check "the host holds a read" wait_for sh -c "[ \$(cut -d' ' -f2 $sim/storage/$a/hold) -ge 1 ]"
relid=$(awk -v i=$a '$3 == i && $5 == 0 { print $1 }' $sim/devices)
echo "$relid" >$sim/rescind
check "the controller goes" wait_for sh -c "[ ! -e /sys/bus/vmbus/devices/$a ]"
wait $reader
check "the held read failed" test "$(cat /tmp/dd.status)" -ne 0
check "its disk goes" wait_for sh -c "[ ! -e /dev/$da ]"
check "its SCSI host goes" wait_for sh -c "[ ! -e /sys/class/scsi_host/$host ]"
check "the other controller still works" sh -c "dd if=/dev/urandom of=/tmp/pat bs=64K count=1 2>/dev/null &&
	dd if=/tmp/pat of=/dev/$db bs=64K oflag=direct 2>/dev/null &&
	dd if=/dev/$db bs=64K count=1 iflag=direct 2>/dev/null | cmp - /tmp/pat"
check "hv_storvsc unloads" rmmod hv_storvsc
