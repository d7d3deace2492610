# shellcheck shell=sh
# The storage host's debugfs knobs, without a guest driver: a SCSI and an
# IDE controller get their storage/<instance>/ directories, add_device
# takes the storage options and refuses them elsewhere, add_lun,
# remove_lun, resize, inject, hold and drop parse what they document and
# refuse everything else with an error, and luns and counters show it;
# hv-host storage wraps them.
# timeout: 90

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ide=32412632-86cb-44a2-9b5c-50d1417354f5
echo_class=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
inst=5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e01
ide_inst=00000001-0001-8899-0000-000000000000
st=$sim/storage/$inst

# w FILE TEXT: write TEXT to FILE in one write; fails as the write does.
w() {
	printf '%s\n' "$2" >"$1"
}

modprobe vmbus_sim connect=0
check "a SCSI controller with every storage option is added" \
	w $sim/add_device "$scsi $inst vstor_version=0x0602 max_channels=3 max_transfer=0x80000"
check "an IDE controller is added" w $sim/add_device "$ide $ide_inst"
check_fails "the same instance twice is refused" w $sim/add_device "$scsi $inst"
check_fails "storage options on another class are refused" \
	w $sim/add_device "$echo_class 5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e02 max_channels=2"
check_fails "subchannels= on a storage controller is refused (the guest asks)" \
	w $sim/add_device "$scsi 5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e03 subchannels=2"
check_fails "max_transfer of no whole pages is refused" \
	w $sim/add_device "$scsi 5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e04 max_transfer=1000"
check_fails "max_channels above 64 is refused" \
	w $sim/add_device "$scsi 5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e05 max_channels=65"

for f in add_lun remove_lun resize inject hold drop counters luns; do
	check "storage/<instance>/$f exists" test -e "$st/$f"
done
check "the IDE controller has its directory" test -d $sim/storage/$ide_inst

check "a 64 GiB RAM LUN is added" w $st/add_lun "0 0 0 size=64G"
check "a 4096-byte-block LUN is added" w $st/add_lun "0 1 2 size=1048576 block=4096 backend=ram"
check "a LUN on path 7 is added" w $st/add_lun "7 0 255 size=1M"
is "luns lists them in address order" "$(cat $st/luns)" \
"0 0 0 size=68719476736 block=512 backend=ram pages=0
0 1 2 size=1048576 block=4096 backend=ram pages=0
7 0 255 size=1048576 block=512 backend=ram pages=0"
check_fails "the same address twice is refused" w $st/add_lun "0 0 0 size=1M"
check_fails "size= is needed for RAM" w $st/add_lun "0 0 1"
check_fails "a size of no whole blocks is refused" w $st/add_lun "0 0 1 size=1000"
check_fails "block=1024 is refused" w $st/add_lun "0 0 1 size=1M block=1024"
check_fails "target 2 is refused (Linux scans 0..1)" w $st/add_lun "0 2 0 size=1M"
check_fails "path 8 is refused" w $st/add_lun "8 0 0 size=1M"
check_fails "lun 256 is refused" w $st/add_lun "0 0 256 size=1M"
check_fails "an unknown option is refused" w $st/add_lun "0 0 1 size=1M color=red"
check_fails "an unknown backend is refused" w $st/add_lun "0 0 1 size=1M backend=tape"
check_fails "a missing device is refused" w $st/add_lun "0 0 1 backend=dev:/dev/nonexistent"
check_fails "an address of two numbers is refused" w $st/add_lun "0 0"
check_fails "IDE takes only its own channel and device" \
	w $sim/storage/$ide_inst/add_lun "0 0 0 size=1M"
check "IDE takes LUN 0 at its channel 1, device 1" \
	w $sim/storage/$ide_inst/add_lun "1 1 0 size=1M"

check "resize grows a LUN" w $st/resize "0 1 2 2M"
check "luns shows the new size" \
	grep -qx "0 1 2 size=2097152 block=4096 backend=ram pages=0" $st/luns
check_fails "resize to no whole blocks is refused" w $st/resize "0 1 2 1000"
check_fails "resize of an absent LUN is refused" w $st/resize "0 1 3 1M"
check "remove_lun removes a LUN" w $st/remove_lun "7 0 255"
check_fails "and it is gone" grep -q "^7 0 255 " $st/luns
check_fails "removing it again is refused" w $st/remove_lun "7 0 255"
check_fails "remove_lun with extra words is refused" w $st/remove_lun "0 0 0 now"

check "inject takes a medium error on an LBA range" \
	w $st/inject "04 02 sense=3/11/0 count=2 lba=100-200"
check "inject takes a bare status" w $st/inject "05 00"
check "inject takes count=0 (until cleared)" w $st/inject "04 02 sense=6/29/0 count=0"
check_fails "inject refuses a status that is not hex" w $st/inject "zz 02"
check_fails "inject refuses a sense key above 0xf" w $st/inject "04 02 sense=10/0/0"
check_fails "inject refuses a reversed LBA range" w $st/inject "04 02 lba=200-100"
check_fails "inject refuses an unknown option" w $st/inject "04 02 when=now"
check "inject clear" w $st/inject clear

check "hold 1" w $st/hold 1
is "hold reads back with nothing held" "$(cat $st/hold)" "1 0"
check "hold 0" w $st/hold 0
check_fails "hold refuses words" w $st/hold maybe
check "drop 3" w $st/drop 3
is "drop reads back" "$(cat $st/drop)" 3
check "drop 0" w $st/drop 0
check_fails "drop refuses words" w $st/drop some

for c in violations init_violations ios unmaps syncs resets channel0_ios; do
	check "counters has $c" grep -q "^$c [0-9]" $st/counters
done
is "no I/O without a guest" "$(sed -n 's/^ios //p' $st/counters)" 0
is "no protocol violation" "$(sed -n 's/^violations //p' $sim/counters)" 0

hinst=5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e06
check "hv-host offers a SCSI controller" hv-host offer scsi $hinst max_channels=2
check "hv-host adds a LUN to it" hv-host storage $hinst add-lun 0 0 1 size=2M block=4096
is "hv-host lists it" "$(hv-host storage $hinst luns)" "0 0 1 size=2097152 block=4096 backend=ram pages=0"
check "hv-host holds" hv-host storage $hinst hold 1
is "hv-host storage counters has channel0_ios" \
	"$(hv-host storage $hinst counters | grep -c '^channel0_ios ')" 1
check_fails "hv-host passes a refusal on" hv-host storage $hinst add-lun 0 0 1 size=2M
check_fails "hv-host refuses an unknown knob" hv-host storage $hinst eject
check_fails "hv-host refuses an unknown controller" hv-host storage $ide_inst-0 luns

check "the host connects" sh -c "echo 1 >$sim/connected"
check "the controllers are offered" test -d /sys/bus/vmbus/devices/$inst
check "the host disconnects" sh -c "echo 0 >$sim/connected"
check "vmbus_sim unloads with LUNs attached" rmmod vmbus_sim
