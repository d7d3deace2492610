# shellcheck shell=sh
# hv_storvsc's data path: a SCSI controller with one 64 MiB RAM LUN shows
# up as a disk of that size under the vmbus device, with upstream's SCSI
# host names; patterns written at many offsets and sizes (a sector, whole
# and partial pages, the host's 256 KiB per request, several times that,
# direct and through the page cache) read back byte for byte; the sim saw
# no protocol violation; udev's persistent-storage rules name it under
# /dev/disk/by-path as upstream Hyper-V guests' disks and under
# /dev/disk/by-id by the sim's VPD identifiers; and the driver unloads and
# loads again with the data still there.
# modules: sd_mod sg
# programs: udevadm
# files: /lib/udev/rules.d/60-persistent-storage.rules /lib/udev/scsi_id
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c10
size=67108864
vdev=/sys/bus/vmbus/devices/$ctl

# roundtrip OFFSET LEN [direct]: LEN bytes of the pattern to OFFSET of the
# disk, read back, compared (the pattern from OFFSET modulo 4 MiB).
roundtrip() {
	flag=
	[ "${3:-}" = direct ] && flag=direct
	pat=$(($1 % 4194304))
	dd if=/tmp/pat of=/tmp/want bs=1M iflag=skip_bytes,count_bytes \
		skip="$pat" count="$2" 2>/dev/null || return 1
	dd if=/tmp/want of=/dev/"$disk" bs=1M oflag=seek_bytes${flag:+,$flag} \
		seek="$1" conv=notrunc 2>/dev/null || return 1
	blockdev --flushbufs /dev/"$disk" || return 1
	dd if=/dev/"$disk" of=/tmp/back bs=1M iflag=skip_bytes,count_bytes${flag:+,$flag} \
		skip="$1" count="$2" 2>/dev/null || return 1
	cmp /tmp/want /tmp/back
}

counter() { counter_of "$sim/storage/$1/counters" "$2"; }

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=$size" >$sim/storage/$ctl/add_lun
modprobe sd_mod
modprobe sg
check "hv_storvsc loads" modprobe hv_storvsc
check "it binds the controller" test -e /sys/bus/vmbus/drivers/hv_storvsc/$ctl
check "a disk appears under the vmbus device" wait_for disk_of $ctl
disk=$(disk_of $ctl)
diag "disk $disk"
host=$(host_of $ctl)
is "the SCSI host's proc_name is upstream's" "$(cat /sys/class/scsi_host/"$host"/proc_name)" storvsc_host
is "scsi_disks finds it by that name" "$(scsi_disks storvsc_host)" "$disk"
check "the disk is LUN 0:0:0" test -d "$vdev/$host/target${host#host}:0:0/${host#host}:0:0:0"
is "the disk has the configured size" "$(blockdev --getsize64 /dev/"$disk")" $size
is "max_sectors_kb is the host's 256 KiB" "$(cat /sys/block/"$disk"/queue/max_hw_sectors_kb)" 256
is "the request timeout is 180 s" "$(cat /sys/block/"$disk"/device/timeout)" 180
# The VMBus device hangs under the firmware's VMBus node, the SCSI host
# under the VMBus device: systemd's path_id names the disk by the
# controller's instance GUID and the LUN, as on Hyper-V.
is "the controller sits under the ACPI VMBus node" "$(readlink -f $vdev)" \
	/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/$ctl
udev_links "$disk" >/tmp/links
diag "udev links: $(tr '\n' ' ' </tmp/links)"
bypath=acpi-VMBUS:00-vmbus-5d2c1b0a6e7f4a8b9c0d1e2f3a4b5c10-lun-0
check "udev makes the by-path link upstream's Hyper-V guests get" \
	grep -qx /dev/disk/by-path/$bypath /tmp/links
# scsi_id takes the NAA designator of VPD page 0x83: 6, the low nibble of
# the instance GUID's last byte (0x10), its first 12 bytes as stored
# (0a1b2c5d 7f6e 8b4a 9c0d1e2f), then path, target and LUN.
check "and a by-id link from the VPD device identification" \
	grep -qx /dev/disk/by-id/scsi-3600a1b2c5d7f6e8b4a9c0d1e2f000000 /tmp/links
check "and a WWN link from the same NAA designator" \
	grep -qx /dev/disk/by-id/wwn-0x600a1b2c5d7f6e8b4a9c0d1e2f000000 /tmp/links
check "the driver logs the negotiated protocol" sh -c "dmesg | grep -q 'SCSI controller, protocol 6.0, 1 channel, 262144 bytes per request'"

dd if=/dev/urandom of=/tmp/pat bs=1M count=8 2>/dev/null
check "one sector at sector 1, direct" roundtrip 512 512 direct
check "a page at 7 sectors in (across a page), direct" roundtrip 3584 4096 direct
check "64 KiB at 1 MiB, direct" roundtrip 1048576 65536 direct
check "256 KiB (max_transfer) at 2 MiB, direct" roundtrip 2097152 262144 direct
check "1 MiB + 3 sectors at an odd sector, direct" roundtrip 3146240 1050112 direct
check "3 MiB through the page cache" roundtrip 4194304 3145728
check "8 MiB at once, direct" roundtrip 0 8388608 direct
last=$((size / 512 - 1))
check "the last sector of the disk, direct" roundtrip $((last * 512)) 512 direct
is "a read at the end of the disk gets no bytes" \
	"$(dd if=/dev/"$disk" bs=512 skip=$((size / 512)) count=1 iflag=direct 2>/dev/null | wc -c)" 0
check_fails "a write past the end fails" \
	dd if=/tmp/pat of=/dev/"$disk" bs=512 seek=$((size / 512)) count=1 oflag=direct
is "the controller saw no protocol violation" "$(counter $ctl violations)" 0
is "nor did the handshake break any rule" "$(counter $ctl init_violations)" 0
is "the sim as a whole saw none" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
diag "counters: $(tr '\n' ' ' <$sim/storage/$ctl/counters)"

check "hv_storvsc unloads with the disk open nowhere" rmmod hv_storvsc
check_fails "the disk is gone" test -e /dev/"$disk"
check "it loads again" modprobe hv_storvsc
check "the disk comes back" wait_for disk_of $ctl
disk=$(disk_of $ctl)
check "with the data written before" sh -c "dd if=/dev/$disk bs=1M count=8 iflag=direct 2>/dev/null | cmp - /tmp/pat"
is "modinfo: the package version" "$(modinfo -F version hv_storvsc)" "$(cat /etc/hvlis-version)"
is "modinfo: SCSI and IDE, not Fibre Channel" "$(modinfo -F description hv_storvsc)" \
	"Hyper-V synthetic storage: SCSI and IDE controllers (Fibre Channel is not supported)"
is "modinfo: the ring size parameter" "$(modinfo -F parm hv_storvsc | cut -d: -f1)" storvsc_ringbuffer_size
check "the driver's aliases match the device's modalias" \
	sh -c "modinfo hv_storvsc | grep -q \"alias:.*$(cat $vdev/modalias)\""
