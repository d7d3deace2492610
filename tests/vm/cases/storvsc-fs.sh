# shellcheck shell=sh
# A filesystem on storvsc disks: on a 512-byte-sector LUN and on a 4Kn
# LUN (4096-byte logical blocks), mkfs.ext4, mount, write files, fsync
# (SYNCHRONIZE CACHE reaches the host), unmount, e2fsck finds it clean,
# and the files read back after a remount; blkdiscard reaches the host
# as UNMAP.
# modules: sd_mod ext4
# programs: mkfs.ext4 e2fsck blkdiscard
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5ca0
st=$sim/storage/$ctl

counter() { counter_of $st/counters "$1"; }

ndisks() {
	[ "$(scsi_disks storvsc_host | wc -l)" -eq "$1" ]
}

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=64M" >$st/add_lun
echo "0 0 1 size=64M block=4096" >$st/add_lun
modprobe sd_mod
modprobe ext4
check "hv_storvsc loads" modprobe hv_storvsc
check "both disks appear" wait_for ndisks 2
# shellcheck disable=SC2046 # one word per disk
set -- $(scsi_disks storvsc_host)
is "LUN 0 has 512-byte logical blocks" "$(cat /sys/block/"$1"/queue/logical_block_size)" 512
is "LUN 1 has 4096-byte logical blocks" "$(cat /sys/block/"$2"/queue/logical_block_size)" 4096
dd if=/dev/urandom of=/tmp/pat bs=1M count=3 2>/dev/null
mkdir -p /mnt

for disk in "$1" "$2"; do
	bs=$(cat /sys/block/"$disk"/queue/logical_block_size)
	check "$bs: mkfs.ext4" mkfs.ext4 -q -F /dev/"$disk"
	check "$bs: mount" mount -t ext4 /dev/"$disk" /mnt
	syncs=$(counter syncs)
	check "$bs: write files and fsync them" sh -c "cp /tmp/pat /mnt/a && mkdir /mnt/d &&
		dd if=/tmp/pat of=/mnt/d/b bs=4096 count=100 conv=fsync 2>/dev/null && sync"
	check "$bs: the fsync reached the host as SYNCHRONIZE CACHE" test "$(counter syncs)" -gt "$syncs"
	check "$bs: unmount" umount /mnt
	check "$bs: e2fsck finds it clean" e2fsck -f -n /dev/"$disk"
	check "$bs: the files read back after a remount" sh -c "mount -t ext4 -o ro /dev/$disk /mnt &&
		cmp /tmp/pat /mnt/a && cmp -n 409600 /tmp/pat /mnt/d/b; status=\$?; umount /mnt; exit \$status"
	unmaps=$(counter unmaps)
	check "$bs: blkdiscard" blkdiscard -f /dev/"$disk"
	check "$bs: discard reached the host as UNMAP" test "$(counter unmaps)" -gt "$unmaps"
	is "$bs: a discarded block reads as zeroes" \
		"$(dd if=/dev/"$disk" bs=4096 count=1 iflag=direct 2>/dev/null | tr -d '\0' | wc -c)" 0
done
is "no protocol violation" "$(counter violations)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
