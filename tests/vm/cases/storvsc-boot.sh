# shellcheck shell=sh
# Boot from storvsc: the guest's root filesystem is an ext4 image the
# harness made from the case's tree, attached as a virtio disk that the
# simulated host serves as LUN 0 of a synthetic SCSI controller
# (pass-through backend). The initramfs brings up hv_vmbus, the host and
# hv_storvsc, mounts /dev/sda as / and starts /init from it
# (guest/root-on-storvsc); this script runs from that root. After the
# guest powers off, the harness checks on the host that the image is
# clean and holds the file written here (tests/vm/run-case).
# disk: rootfs
# modules: virtio_pci virtio_blk sd_mod ext4
# timeout: 120

root=$(awk '$2 == "/" { print $1, $3 }' /proc/mounts | tail -n 1)
is "/ is /dev/sda, ext4" "$root" "/dev/sda ext4"
check "/ is mounted read-write" sh -c "awk '\$2 == \"/\" { print \$4 }' /proc/mounts | tail -n 1 | grep -q '^rw'"
is "/dev/sda is storvsc's disk" "$(scsi_disks storvsc_host)" sda
check "the case runs from the root filesystem (its marker is there)" test -f /etc/hvlis-rootfs
check "the initramfs's switch script is gone with the initramfs" test ! -e /lib/hvlis/root-on-storvsc

check "a file is written on /" dd if=/dev/urandom of=/data bs=64k count=64
sum=$(md5sum </data)
check "sync" sync
echo 3 >/proc/sys/vm/drop_caches
is "it reads back after dropping the page cache" "$(md5sum </data)" "$sum"
check "the mark for the host is written" \
	sh -c 'echo "written by the guest through storvsc" >/etc/hvlis-rootfs-written && sync'
check "the file is deleted" rm /data
check "/ remounts read-only, clean for the host's fsck" mount -o remount,ro /
