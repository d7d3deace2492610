# shellcheck shell=sh
# 50 load/unload cycles (5 on the debug kernel) of hv_storvsc with a disk attached (a SCSI
# controller with two sub-channels' worth of room and a LUN): every cycle
# finds the disk and reads it, and slab usage stays flat over the last 40
# cycles. A leaked controller per cycle (its SCSI host, per-command data
# for every tag, channel rings) would cost far more than the limit; on
# the debug kernel kmemleak checks leaks instead (KASAN's quarantine keeps
# freed objects counted there).
# smp: 2
# modules: sd_mod
# timeout: 300

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c90

modprobe vmbus_sim connect=0
echo "$scsi $ctl max_channels=2" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=8M" >$sim/storage/$ctl/add_lun
modprobe sd_mod

failures=0
# The slab check needs the 40 cycles after cycle 10; on the debug kernel
# it is skipped, and kmemleak, KASAN and lockdep see a per-cycle bug in
# any cycle, so 5 cycles there (a debug cycle costs 6-10 Debian ones).
cycles=50
debug_kernel && cycles=5
cycle=1
while [ $cycle -le $cycles ]; do
	modprobe hv_storvsc || failures=$((failures + 1))
	wait_for disk_of $ctl || failures=$((failures + 1))
	disk=$(disk_of $ctl)
	dd if=/dev/"$disk" of=/dev/null bs=64K count=4 iflag=direct 2>/dev/null || failures=$((failures + 1))
	rmmod hv_storvsc || failures=$((failures + 1))
	if [ $cycle -eq 10 ] || [ $cycle -eq $cycles ]; then
		eval "slab_$cycle=$(slab_bytes)"
	fi
	cycle=$((cycle + 1))
done

is "every cycle loaded, found the disk, read it and unloaded" "$failures" 0
if debug_kernel; then
	skip "slab usage stays flat over 40 cycles" "KASAN quarantine holds freed objects; kmemleak checks this kernel"
else
	# shellcheck disable=SC2154 # set by the eval above
	growth=$((slab_50 - slab_10))
	diag "slab bytes after cycle 10: $slab_10, after cycle 50: $slab_50 (growth $growth)"
	check "slab usage stays flat over 40 cycles (grew $growth bytes, limit 393216)" test "$growth" -lt 393216
fi
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/storage/$ctl/counters)" 0
check "vmbus_sim unloads" rmmod vmbus_sim
