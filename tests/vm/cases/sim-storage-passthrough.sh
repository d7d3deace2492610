# shellcheck shell=sh
# The storage host's pass-through backend: a LUN on a block device of the
# VM (a brd RAM disk here) takes the device's size and block size, holds
# it exclusively, shows through hv_storvsc what the device holds and
# writes through to it; discard zeroes it there, fsync reaches it as
# SYNCHRONIZE CACHE, and an ext4 made through storvsc checks clean. Once
# removed, the LUN lets go of the device.
# modules: sd_mod brd ext4
# programs: mkfs.ext4 e2fsck blkdiscard
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e31
st=$sim/storage/$ctl
ram=/dev/ram0

counter() { counter_of $st/counters "$1"; }

ndisks() {
	[ "$(scsi_disks storvsc_host | wc -l)" -eq "$1" ]
}

modprobe brd rd_nr=1 rd_size=32768
dd if=/dev/urandom of=/tmp/pat bs=64K count=16 2>/dev/null
check "a pattern is put on the RAM disk" dd if=/tmp/pat of=$ram bs=64K seek=16 oflag=direct

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
check "a pass-through LUN is added without size or block" \
	sh -c "echo '0 0 0 backend=dev:$ram' >$st/add_lun"
is "it takes the device's size and block size" "$(cat $st/luns)" \
	"0 0 0 size=33554432 block=512 backend=dev:$ram pages=0"
check_fails "the device is not taken twice" sh -c "echo '0 0 1 backend=dev:$ram' >$st/add_lun"
modprobe sd_mod
modprobe ext4
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for ndisks 1
disk=$(scsi_disks storvsc_host)
is "of the device's size" "$(blockdev --getsize64 /dev/"$disk")" 33554432
check "it shows what the device holds" \
	sh -c "dd if=/dev/$disk bs=64K skip=16 count=16 iflag=direct 2>/dev/null | cmp - /tmp/pat"
dd if=/dev/urandom of=/tmp/pat2 bs=64K count=8 2>/dev/null
check "a write through storvsc" dd if=/tmp/pat2 of=/dev/"$disk" bs=64K seek=100 oflag=direct
check "lands on the device" \
	sh -c "dd if=$ram bs=64K skip=100 count=8 iflag=direct 2>/dev/null | cmp - /tmp/pat2"
syncs=$(counter syncs)
check "a buffered write and fsync" dd if=/tmp/pat2 of=/dev/"$disk" bs=64K seek=200 count=1 conv=fsync
check "reach the host as SYNCHRONIZE CACHE" test "$(counter syncs)" -gt "$syncs"
check "blkdiscard of 256 KiB through storvsc" blkdiscard -f -o 6553600 -l 262144 /dev/"$disk"
dd if=/dev/zero of=/tmp/zero bs=64K count=4 2>/dev/null
check "zeroes it on the device" \
	sh -c "dd if=$ram bs=64K skip=100 count=4 iflag=direct 2>/dev/null | cmp - /tmp/zero"
dd if=/tmp/pat2 of=/tmp/pat2b bs=64K skip=4 count=4 2>/dev/null
check "and the rest of the write stays" \
	sh -c "dd if=$ram bs=64K skip=104 count=4 iflag=direct 2>/dev/null | cmp - /tmp/pat2b"
check "mkfs.ext4 through storvsc" mkfs.ext4 -q -F /dev/"$disk"
mkdir -p /mnt
check "it mounts" mount -t ext4 /dev/"$disk" /mnt
check "a file is written" dd if=/tmp/pat of=/mnt/file bs=64K count=16 conv=fsync
check "it unmounts" umount /mnt
check "e2fsck finds the file system clean" e2fsck -f -n /dev/"$disk"
check "e2fsck of the device itself agrees" e2fsck -f -n $ram
is "no violation" "$(counter violations)" 0

check "hv_storvsc unloads" rmmod hv_storvsc
check "remove_lun" sh -c "echo '0 0 0' >$st/remove_lun"
check_fails "a size larger than the device is refused" \
	sh -c "echo '0 0 1 size=64M backend=dev:$ram' >$st/add_lun"
check "block=4096 on a 512-byte device is taken" \
	sh -c "echo '0 0 1 block=4096 backend=dev:$ram' >$st/add_lun"
check "so it let go of the device" grep -qx "0 0 1 size=33554432 block=4096 backend=dev:$ram pages=0" $st/luns
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads with the device held" rmmod vmbus_sim
check "which it let go" rmmod brd
