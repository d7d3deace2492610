# shellcheck shell=sh
# Resize while mounted: the host grows a LUN that holds a mounted ext4
# filesystem; the new capacity shows without a reboot or remount and the
# filesystem goes on working; after unmounting, e2fsck finds it clean
# and resize2fs grows it into the new room (a file larger than the old
# disk), and every file is intact.
# (Online resize2fs opens the mounted disk for writing, which the debug
# kernel, without BLK_DEV_WRITE_MOUNTED, refuses.)
# modules: sd_mod ext4
# programs: mkfs.ext4 e2fsck resize2fs
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5cb0

have_disk() { [ -n "$(scsi_disks storvsc_host)" ]; }
blocks_of() { df -k /mnt | awk 'NR == 2 { print $2 }'; }

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=16M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
modprobe ext4
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for have_disk
dev=$(scsi_disks storvsc_host)
disk=/dev/$dev
check "mkfs.ext4" mkfs.ext4 -q -F "$disk"
check "it mounts" mount -t ext4 "$disk" /mnt
check "a file is written" dd if=/dev/urandom of=/mnt/before bs=64k count=16
sum_before=$(md5sum </mnt/before)
sync
small=$(blocks_of)

echo "0 0 0 48M" >$sim/storage/$ctl/resize
# Any command after the resize meets the unit attention.
dd if="$disk" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
check "the new size shows while mounted" \
	wait_for sh -c "[ \$(cat /sys/block/$dev/size) -eq 98304 ]"
check "the mounted filesystem goes on working" dd if=/dev/urandom of=/mnt/during bs=64k count=8
sum_during=$(md5sum </mnt/during)
check "it unmounts" umount /mnt
check "e2fsck finds it clean" e2fsck -fn "$disk"
# -f: e2fsck -n just checked it, but records no check time.
check "resize2fs grows it into the new room" resize2fs -f "$disk"
check "it mounts again" mount -t ext4 "$disk" /mnt
check "df sees the room (was $small KiB)" test "$(blocks_of)" -gt $((small * 2))
check "a file is written into the new room" dd if=/dev/urandom of=/mnt/after bs=1M count=24
sum_after=$(md5sum </mnt/after)
check "it unmounts again" umount /mnt
check "e2fsck finds it clean again" e2fsck -fn "$disk"
check "it mounts a third time" mount -t ext4 "$disk" /mnt
is "the file from before kept its bytes" "$(md5sum </mnt/before)" "$sum_before"
is "the file from during kept its bytes" "$(md5sum </mnt/during)" "$sum_during"
is "the file from after kept its bytes" "$(md5sum </mnt/after)" "$sum_after"
umount /mnt
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
