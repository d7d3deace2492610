# shellcheck shell=sh
# An IDE disk: the synthetic IDE offer for channel 0 device 1 (instance
# GUID 00000000-0001-8899-0000-000000000000) becomes a SCSI host with
# that one disk at target 1, LUN 0, added directly (no bus scan, so no
# REPORT LUNS), on one channel; I/O works on it; udev's persistent-storage
# rules give it the by-path and by-id links an IDE disk of a Hyper-V guest
# has. An offer whose GUID names a device an IDE channel cannot have is
# refused in one line.
# modules: sd_mod
# programs: udevadm
# files: /lib/udev/rules.d/60-persistent-storage.rules /lib/udev/scsi_id
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
ide=32412632-86cb-44a2-9b5c-50d1417354f5
ctl=00000000-0001-8899-0000-000000000000
vdev=/sys/bus/vmbus/devices/$ctl
bad=00000000-0005-8899-0000-000000000000

modprobe vmbus_sim connect=0
echo "$ide $ctl max_channels=4" >$sim/add_device
echo "$ide $bad" >$sim/add_device
echo 1 >$sim/connected
echo "0 1 0 size=8M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "the IDE disk appears" wait_for disk_of $ctl
host=$(host_of $ctl)
n=${host#host}
is "it is the only device of its host" "$(find "$vdev/$host" -mindepth 2 -maxdepth 2 -name "$n:*:*:*" | wc -l)" 1
check "at channel 0, target 1, LUN 0" test -d "$vdev/$host/target$n:0:1/$n:0:1:0"
is "it has one channel (no sub-channels on IDE)" "$(find $vdev/channels -mindepth 1 -maxdepth 1 | wc -l)" 1
check "the driver says it is an IDE controller" sh -c "dmesg | grep '$ctl' | grep -q 'IDE controller'"
disk=$(disk_of $ctl)
is "the disk has the configured size" "$(blockdev --getsize64 /dev/"$disk")" 8388608
udev_links "$disk" >/tmp/links
diag "udev links: $(tr '\n' ' ' </tmp/links)"
bypath=acpi-VMBUS:00-vmbus-00000000000188990000000000000000-lun-0
check "udev makes the by-path link of an upstream guest's IDE disk" \
	grep -qx /dev/disk/by-path/$bypath /tmp/links
# The NAA designator: 6 and the low nibble of the GUID's last byte (0),
# its first 12 bytes as stored (00000000 0100 9988 00000000), then path 0,
# target 1, LUN 0.
check "and a by-id link from the VPD device identification" \
	grep -qx /dev/disk/by-id/scsi-360000000000100998800000000000100 /tmp/links
dd if=/dev/urandom of=/tmp/pat bs=64K count=4 2>/dev/null
check "data written reads back" \
	sh -c "dd if=/tmp/pat of=/dev/$disk bs=64K oflag=direct 2>/dev/null &&
		dd if=/dev/$disk bs=64K count=4 iflag=direct 2>/dev/null | cmp - /tmp/pat"
is "the sim saw no violation" "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" 0
check "an IDE offer that names device 5 is offered" test -d /sys/bus/vmbus/devices/$bad
check_fails "but gets no driver" test -e /sys/bus/vmbus/drivers/hv_storvsc/$bad
check "the log says why, in one line" sh -c "[ \$(dmesg | grep -c '$bad') -eq 1 ] &&
	dmesg | grep '$bad' | grep -q 'devices 0 and 1 only'"
check "hv_storvsc unloads" rmmod hv_storvsc
