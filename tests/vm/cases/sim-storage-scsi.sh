# shellcheck shell=sh
# The storage host's SCSI emulation as sg3_utils and the block layer see
# it through hv_storvsc: INQUIRY data and VPD pages of a Hyper-V virtual
# disk, READ CAPACITY 16 of a sparse 64 GiB 512e disk, REPORT LUNS per
# target, the caching mode page, CHECK CONDITIONs with the right sense
# for an unknown opcode, an LBA out of range and a bad field; UNMAP and
# WRITE SAME freeing RAM pages that then read as zeros; SYNCHRONIZE
# CACHE counted; held completions going out when released.
# modules: sd_mod sg
# programs: sg_inq sg_vpd sg_readcap sg_luns sg_modes sg_raw blkdiscard
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d0e4e1a-1c2b-4d3e-8f40-0a0b0c0d0e21
st=$sim/storage/$ctl

ndisks() {
	[ "$(scsi_disks storvsc_host | wc -l)" -eq "$1" ]
}

counter() { counter_of $st/counters "$1"; }

pages() {
	awk -v a="$1" '$1 " " $2 " " $3 == a { sub("pages=", "", $7); print $7 }' $st/luns
}

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=64G" >$st/add_lun
echo "0 0 3 size=16M block=4096" >$st/add_lun
echo "0 1 0 size=1M" >$st/add_lun
modprobe sd_mod
modprobe sg
check "hv_storvsc loads" modprobe hv_storvsc
check "three disks appear" wait_for ndisks 3
# shellcheck disable=SC2046
set -- $(scsi_disks storvsc_host)
big=$1 four=$2
sg=/dev/$(scsi_sg "$big")
diag "disks $*; $big is $sg"

inq=$(sg_inq "$sg")
diag "$inq"
check "INQUIRY: vendor Msft" sh -c "echo '$inq' | grep -q 'Vendor identification: Msft'"
check "INQUIRY: product Virtual Disk" sh -c "echo '$inq' | grep -q 'Product identification: Virtual Disk'"
check "INQUIRY: revision 1.0" sh -c "echo '$inq' | grep -q 'Product revision level: 1.0'"
check "INQUIRY: SPC-3" sh -c "echo '$inq' | grep -q 'version=0x05'"
sv=$(sg_vpd -p sv "$sg")
diag "$sv"
is "VPD 0x00 lists 0x80 0x83 0xb0 0xb1 0xb2" \
	"$(echo "$sv" | grep -c '\[\(sn\|di\|bl\|bdc\|lbpv\)\]$')" 5
check "VPD 0x80 has a serial number naming instance, target and LUN" \
	sh -c "sg_vpd -p sn $sg | grep -qi '[0-9a-f]\{32\}000000'"
vpd83=$(sg_vpd -p di "$sg")
diag "$vpd83"
check "VPD 0x83 has an NAA designator" sh -c "echo '$vpd83' | grep -q 'designator type: NAA'"
check "VPD 0x83 has a T10 vendor id Msft" sh -c "echo '$vpd83' | grep -q 'vendor id: Msft'"
bl=$(sg_vpd -p bl "$sg")
diag "$bl"
check "VPD 0xb0: maximum transfer 512 blocks (256 KiB)" \
	sh -c "echo '$bl' | grep -q 'Maximum transfer length: 512 blocks'"
check "VPD 0xb0: unmap granularity 8 blocks (4 KiB)" \
	sh -c "echo '$bl' | grep -q 'Optimal unmap granularity: 8 blocks'"
check "VPD 0xb1: non-rotating" sh -c "sg_vpd -p bdc $sg | grep -q 'Non-rotating medium'"
lbp=$(sg_vpd -p lbpv "$sg")
check "VPD 0xb2: LBPU" sh -c "echo '$lbp' | grep -q 'Unmap command supported (LBPU): 1'"
check "VPD 0xb2: LBPWS" sh -c "echo '$lbp' | grep -q 'Write same (16) with unmap bit supported (LBPWS): 1'"

cap=$(sg_readcap -l "$sg")
diag "$cap"
check "READ CAPACITY 16: 64 GiB of 512-byte blocks" \
	sh -c "echo '$cap' | grep -q 'Last LBA=134217727'"
check "READ CAPACITY 16: thin (LBPME)" sh -c "echo '$cap' | grep -q 'lbpme=1'"
check "READ CAPACITY 16: 4 KiB physical blocks (512e)" \
	sh -c "echo '$cap' | grep -q 'Logical blocks per physical block exponent=3'"
is "the 4 KiB LUN has 4 KiB logical blocks" "$(cat /sys/block/"$four"/queue/logical_block_size)" 4096
is "and 4096 of them" "$(blockdev --getsz /dev/"$four")" 32768

check "REPORT LUNS of target 0 lists LUNs 0 and 3" \
	sh -c "sg_luns -q $sg | tr -d ' ' | tr '\n' ' ' | grep -qx '0000000000000000 0003000000000000 '"
modes=$(sg_modes -p 8 "$sg")
diag "$modes"
check "the caching mode page says write cache enabled" \
	sh -c "echo '$modes' | grep -q ' 08 12 04 '"
is "and the kernel took it" "$(cat /sys/block/"$big"/device/scsi_disk/*/cache_type)" "write back"

check "an unknown opcode is ILLEGAL REQUEST, invalid command operation code" \
	sh -c "sg_raw $sg c0 00 00 00 00 00 2>&1 | grep -qi 'invalid command operation code'"
check "READ 16 past the end is LBA out of range" \
	sh -c "sg_raw -r 512 $sg 88 00 00 00 00 00 08 00 00 00 00 00 00 01 00 00 2>&1 | grep -qi 'out of range'"
# Not INQUIRY or MODE SENSE(6): Linux's storvsc makes those succeed.
check "MODE SENSE 10 of page 0x01 is invalid field in CDB" \
	sh -c "sg_raw -r 255 $sg 5a 00 01 00 00 00 00 00 ff 00 2>&1 | grep -qi 'invalid field in cdb'"

dd if=/dev/urandom of=/tmp/pat bs=1M count=1 2>/dev/null
check "1 MiB written at 60 GiB" dd if=/tmp/pat of=/dev/"$big" bs=1M seek=61440 oflag=direct
is "costs 256 RAM pages on a 64 GiB disk" "$(pages "0 0 0")" 256
syncs=$(counter syncs)
check "a write and fsync" dd if=/tmp/pat of=/dev/"$big" bs=4096 count=1 conv=fsync
check "SYNCHRONIZE CACHE reached the host" test "$(counter syncs)" -gt "$syncs"
unmaps=$(counter unmaps)
check "blkdiscard of 512 KiB of it" blkdiscard -f -o $((61440 * 1048576)) -l 524288 /dev/"$big"
check "UNMAP reached the host" test "$(counter unmaps)" -gt "$unmaps"
is "and freed 128 pages" "$(pages "0 0 0")" 129
dd if=/dev/zero of=/tmp/zero bs=512K count=1 2>/dev/null
dd if=/tmp/pat of=/tmp/half bs=512K skip=1 count=1 2>/dev/null
check "the discarded part reads as zeros" \
	sh -c "dd if=/dev/$big bs=512K skip=122880 count=1 iflag=direct 2>/dev/null | cmp - /tmp/zero"
check "the rest still reads back" \
	sh -c "dd if=/dev/$big bs=512K skip=122881 count=1 iflag=direct 2>/dev/null | cmp - /tmp/half"

echo 1 >$st/hold
dd if=/dev/"$four" of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null &
ddpid=$!
check "a held read stays held" wait_for sh -c "[ \$(cut -d' ' -f2 $st/hold) -ge 1 ]"
check "the read waits" kill -0 $ddpid
echo 0 >$st/hold
check "released, the read completes" wait $ddpid
is "nothing is held any more" "$(cat $st/hold)" "0 0"

is "the controller saw no violation" "$(counter violations)" 0
is "the sim saw none" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "channel0_ios counted the I/O" test "$(counter channel0_ios)" -gt 100
diag "counters: $(tr '\n' ' ' <$st/counters)"
check "hv_storvsc unloads" rmmod hv_storvsc
