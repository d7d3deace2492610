# shellcheck shell=sh
# Direct I/O from user buffers that do not start on a 4 KiB page (fio's
# mem_align=512 puts each buffer 512 bytes into a page) in sizes from one
# sector to 128 KiB that are not page multiples: the request's first and
# last pages are partial, so the one GPA-direct range storvsc builds has a
# non-zero offset and a PFN list the host must walk exactly. fio writes
# and verifies every block (crc32c); the host sees no violation.
# modules: sd_mod
# programs: fio
# timeout: 120

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5ca0

have_disk() { [ -n "$(scsi_disks storvsc_host)" ]; }

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=32M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for have_disk
disk=/dev/$(scsi_disks storvsc_host)

# fio_verify NAME ARGS...: a write-then-verify fio run of 2 MiB: over a
# thousand 1536-byte requests, dozens of random sizes, sixteen of 128 KiB.
# More data would only repeat the same shapes of range.
fio_verify() {
	name=$1
	shift
	fio --name="$name" --filename="$disk" --direct=1 --ioengine=libaio \
		--iodepth=8 --thread --size=2m --verify=crc32c --do_verify=1 \
		--verify_fatal=1 --output=/tmp/fio.out "$@"
}

check "random sizes 512 B - 128 KiB from buffers 512 bytes into a page verify" \
	fio_verify unaligned --rw=randwrite --bsrange=512-128k --mem_align=512
check "1536-byte blocks from buffers 3584 bytes into a page verify" \
	fio_verify straddle --rw=write --bs=1536 --mem_align=3584 --offset=1m
check "128 KiB blocks from buffers 512 bytes into a page verify (33 PFNs each)" \
	fio_verify big --rw=randwrite --bs=128k --mem_align=512 --offset=16m
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" 0
is "nor at the bus" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
