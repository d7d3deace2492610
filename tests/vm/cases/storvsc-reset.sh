# shellcheck shell=sh
# Host reset: with the host holding every completion back, a read waits
# past its (shortened) timeout without failing: the driver keeps waiting,
# as the host completes every SRB. A host reset (sg_reset -H) sends
# RESET_BUS, on which the host completes what it held as aborted; the
# midlayer retries those, and the read completes with the right data.
# modules: sd_mod sg
# programs: sg_reset
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c70
stor=$sim/storage/$ctl

counter() { counter_of $stor/counters "$1"; }

modprobe vmbus_sim connect=0
echo "$scsi $ctl" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=16M" >$stor/add_lun
modprobe sd_mod
modprobe sg
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for disk_of $ctl
disk=$(disk_of $ctl)
sg=$(scsi_sg "$disk")
dd if=/dev/urandom of=/tmp/pat bs=64K count=1 2>/dev/null
dd if=/tmp/pat of=/dev/"$disk" bs=64K oflag=direct 2>/dev/null
echo 1 >/sys/block/"$disk"/device/timeout

dmesg -c >/dev/null
echo 1 >$stor/hold
(dd if=/dev/"$disk" of=/tmp/back bs=64K count=1 iflag=direct 2>/dev/null; echo $? >/tmp/dd.status) &
reader=$!
check "the host holds the read" wait_for sh -c "[ \$(cut -d' ' -f2 $stor/hold) -ge 1 ]"
sleep 4
check "past its 1 s timeout the read still waits" kill -0 $reader
check_fails "and nothing failed" sh -c "dmesg | grep -qi 'error'"

sg_reset -H /dev/"$sg" >/tmp/reset.out 2>&1 &
resetter=$!
check "the host gets RESET_BUS" wait_for sh -c "[ \$(awk '\$1 == \"resets\" { print \$2 }' $stor/counters) -ge 1 ]"
echo 0 >$stor/hold
wait $resetter
is "the host reset succeeds" "$?" 0
wait $reader
is "the read completes" "$(cat /tmp/dd.status)" 0
check "with the data written" cmp /tmp/back /tmp/pat
check "the driver logged the reset" sh -c "dmesg | grep -q 'resetting the bus'"
check "I/O works after the reset" sh -c "dd if=/dev/$disk bs=64K count=1 iflag=direct 2>/dev/null | cmp - /tmp/pat"
is "no protocol violation" "$(counter violations)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
