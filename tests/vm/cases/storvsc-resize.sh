# shellcheck shell=sh
# Resize: the host grows a LUN; the next command gets UNIT ATTENTION
# "capacity data changed" (2A/09), the driver rescans that disk and
# retries the command, so the new size shows without a reboot and the
# command that met the unit attention still succeeds. Then it shrinks.
# modules: sd_mod
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c50

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=16M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for disk_of $ctl
disk=$(disk_of $ctl)
is "at 16 MiB" "$(blockdev --getsize64 /dev/"$disk")" 16777216
dd if=/dev/urandom of=/tmp/pat bs=4096 count=1 2>/dev/null
dd if=/tmp/pat of=/dev/"$disk" bs=4096 oflag=direct 2>/dev/null

echo "0 0 0 48M" >$sim/storage/$ctl/resize
check "the command that meets the unit attention succeeds (retried)" \
	sh -c "dd if=/dev/$disk bs=4096 count=1 iflag=direct 2>/dev/null | cmp - /tmp/pat"
check "the new size shows" wait_for sh -c "[ \$(cat /sys/block/$disk/size) -eq 98304 ]"
is "blockdev agrees" "$(blockdev --getsize64 /dev/"$disk")" 50331648
check "the new space is usable" sh -c "dd if=/tmp/pat of=/dev/$disk bs=4096 seek=12287 oflag=direct 2>/dev/null &&
	dd if=/dev/$disk bs=4096 skip=12287 count=1 iflag=direct 2>/dev/null | cmp - /tmp/pat"
is "the host sent one unit attention" "$(awk '$1 == "unit_attentions" { print $2 }' $sim/storage/$ctl/counters)" 1

echo "0 0 0 8M" >$sim/storage/$ctl/resize
dd if=/dev/"$disk" of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null
check "a shrink shows too" wait_for sh -c "[ \$(cat /sys/block/$disk/size) -eq 16384 ]"
check "no protocol violation" test "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" -eq 0
check "hv_storvsc unloads" rmmod hv_storvsc
