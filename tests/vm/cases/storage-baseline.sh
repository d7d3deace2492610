# shellcheck shell=sh
# The storage tools the storvsc cases use, proven first on the kernel's own
# disks: scsi_debug (a SCSI disk through the same mid-layer, sd and sg)
# and brd (a RAM block device). When a storvsc case fails, this one
# passing on the same kernel says the tools and the SCSI stack are fine
# and the fault is storvsc's or the simulated host's.
# modules: scsi_debug brd sd_mod sg ext4
# programs: sg_inq sg_vpd sg_readcap sg_luns mkfs.ext4 e2fsck lsblk blkdiscard blockdev fio
# timeout: 90

modprobe sd_mod
modprobe sg
modprobe ext4
check "scsi_debug loads with a 64 MiB disk" \
	modprobe scsi_debug dev_size_mb=64 sector_size=4096 lbpu=1 delay=0 ndelay=0
have_disk() { [ -n "$(scsi_disks scsi_debug)" ]; }
check "it shows up as a SCSI disk" wait_for have_disk
dev=$(scsi_disks scsi_debug)
disk=/dev/$dev
sg=/dev/$(scsi_sg "$dev")

is "lsblk sees its size" "$(lsblk -bdno SIZE "$disk")" 67108864
is "blockdev sees 4096-byte logical blocks" "$(blockdev --getss "$disk")" 4096
check "sg_inq reads the standard INQUIRY" sh -c "sg_inq $sg | grep -q 'Vendor identification: Linux'"
check "sg_vpd reads the block limits page" sg_vpd --page=bl "$sg"
check "sg_readcap reads the capacity" sh -c "sg_readcap --long $sg | grep -q 'Logical block length=4096'"
check "sg_luns reads the LUN list" sg_luns "$sg"
check "blkdiscard discards the whole disk" blkdiscard -f "$disk"

check "fio writes and verifies 4 MiB" fio --name=verify --filename="$disk" \
	--rw=randwrite --bs=4k --size=4m --direct=1 --ioengine=psync --thread \
	--verify=crc32c --do_verify=1 --output=/tmp/fio.out

check "mkfs.ext4 formats the disk" mkfs.ext4 -q -F "$disk"
check "the filesystem mounts" mount -t ext4 "$disk" /mnt
check "a file is written" dd if=/dev/urandom of=/mnt/data bs=64k count=16
sum=$(md5sum </mnt/data)
check "it unmounts" umount /mnt
check "e2fsck finds it clean" e2fsck -fn "$disk"
check "it mounts again" mount -t ext4 "$disk" /mnt
is "the file kept its bytes" "$(md5sum </mnt/data)" "$sum"
check "it unmounts again" umount /mnt
check "scsi_debug unloads" rmmod scsi_debug

check "brd makes a 32 MiB RAM disk" modprobe brd rd_nr=1 rd_size=32768
is "lsblk sees its size" "$(lsblk -bdno SIZE /dev/ram0)" 33554432
check "rmmod brd" rmmod brd
