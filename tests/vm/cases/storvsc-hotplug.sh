# shellcheck shell=sh
# Hot plug: a LUN the host adds while the guest runs (ENUMERATE_BUS)
# appears without a rescan by hand; a LUN the host removes goes (its TEST
# UNIT READY answers INVALID_LUN); I/O on the other LUN runs throughout
# and completes intact.
# modules: sd_mod
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c40
vdev=/sys/bus/vmbus/devices/$ctl

luns() {
	n=0
	for l in "$vdev"/host*/target*/*:*:*:*; do
		[ -e "$l" ] && n=$((n + 1))
	done
	echo $n
}

lun_disk() {
	ls $vdev/host*/target*/*:"$1"/block 2>/dev/null
}

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=32M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "LUN 0 appears" wait_for sh -c "[ -n \"\$(ls $vdev/host*/target*/*:0:0:0/block 2>/dev/null)\" ]"
is "it is the only LUN" "$(luns)" 1
disk0=$(lun_disk 0:0:0)

dd if=/dev/urandom of=/tmp/pat bs=1M count=16 2>/dev/null
(dd if=/tmp/pat of=/dev/"$disk0" bs=64K oflag=direct 2>/dev/null; echo $? >/tmp/io.status) &
io=$!

echo "0 0 3 size=8M" >$sim/storage/$ctl/add_lun
check "a LUN the host adds appears" wait_for sh -c "[ -n \"\$(ls $vdev/host*/target*/*:0:0:3/block 2>/dev/null)\" ]"
disk3=$(lun_disk 0:0:3)
is "with its size" "$(blockdev --getsize64 /dev/"$disk3")" 8388608
check "and works" sh -c "dd if=/tmp/pat of=/dev/$disk3 bs=64K count=16 oflag=direct 2>/dev/null &&
	dd if=/dev/$disk3 bs=64K count=16 iflag=direct 2>/dev/null | cmp -n 1048576 - /tmp/pat"
echo "0 0 3" >$sim/storage/$ctl/remove_lun
check "a LUN the host removes goes" wait_for sh -c "[ -z \"\$(ls $vdev/host*/target*/*:0:0:3 2>/dev/null)\" ]"
check_fails "its disk is gone" test -e /dev/"$disk3"
wait $io
is "the I/O on LUN 0 all along succeeded" "$(cat /tmp/io.status)" 0
check "and its data is intact" sh -c "dd if=/dev/$disk0 bs=1M count=16 iflag=direct 2>/dev/null | cmp - /tmp/pat"
is "LUN 0 is still there, alone" "$(luns)" 1
check "the host told the guest twice" test "$(awk '$1 == "enumerates" { print $2 }' $sim/storage/$ctl/counters)" -ge 2
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
