# shellcheck shell=sh
# SRB error classes as a user sees them (1.10): a medium error with sense
# fails the read at once with ENODATA and the sense in the log; an ERROR
# without sense is retried by the midlayer (once: the read succeeds;
# always: EIO); NOT READY "becoming ready" and a BUSY status are retried
# until they pass; ILLEGAL REQUEST fails at once with EREMOTEIO; and
# INVALID_LUN fails the read with EIO and takes the disk away.
# modules: sd_mod
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c60
vdev=/sys/bus/vmbus/devices/$ctl
inject=$sim/storage/$ctl/inject

# read_block N: read 4 KiB block N directly; dd's status.
read_block() {
	dd if=/dev/"$disk" of=/dev/null bs=4096 skip="$1" count=1 iflag=direct 2>/tmp/dd.err
	status=$?
	[ $status -eq 0 ] || diag "$(head -n 1 /tmp/dd.err)"
	return $status
}

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=16M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for disk_of $ctl
disk=$(disk_of $ctl)
check "reads work before any fault" read_block 10

# Blocks are 512-byte LBAs: 4 KiB block N is LBAs 8N..8N+7.
dmesg -c >/dev/null
echo "84 02 sense=3/11/00 count=1 lba=800-807" >$inject
check_fails "a medium error fails the read" read_block 100
check "with ENODATA, the block layer's errno for a medium error" grep -q "No data available" /tmp/dd.err
check "the midlayer took the host's sense: a medium error on that sector" \
	sh -c "dmesg | grep -q 'critical medium error, dev $disk, sector 800 '"
check "the next read of it works (the fault was once)" read_block 100

echo "04 00 count=1 lba=1600-1607" >$inject
check "an ERROR without sense once: the retry succeeds" read_block 200
echo "04 00 count=0 lba=2400-2407" >$inject
check_fails "an ERROR without sense every time: the read fails" read_block 300
check "with EIO" grep -q "Input/output error" /tmp/dd.err
echo clear >$inject
check "after the fault clears, the block reads" read_block 300

echo "84 02 sense=2/04/01 count=2 lba=3200-3207" >$inject
check "NOT READY (becoming ready) is retried until ready" read_block 400
echo "01 08 count=2 lba=4000-4007" >$inject
check "a BUSY status is retried" read_block 500
echo "86 02 sense=5/24/00 count=1 lba=4800-4807" >$inject
check_fails "ILLEGAL REQUEST fails the read at once" read_block 600
check "with EREMOTEIO, the block layer's errno for a target error" grep -q "Remote I/O error" /tmp/dd.err
is "the sim saw no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" 0

echo "20 00 count=1 lba=5600-5607" >$inject
check_fails "INVALID_LUN fails the read" read_block 700
check "with EIO" grep -q "Input/output error" /tmp/dd.err
check "and the disk goes, as the host removed it" wait_for sh -c "! ls $vdev/host*/target*/*:0:0:0 >/dev/null 2>&1"
check "the log says why" sh -c "dmesg | grep -q 'the host no longer has this LUN'"
check "hv_storvsc unloads" rmmod hv_storvsc
