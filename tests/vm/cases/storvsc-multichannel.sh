# shellcheck shell=sh
# Multi-channel: with 2 vCPUs and a host offering up to 4 sub-channels,
# the guest asks for one (CPUs - 1), opens it, and gets two hardware
# queues; I/O issued from each CPU goes out on the channel whose
# interrupts the host sends to that CPU, so the sim sees I/O on both
# channels, each completed where it came in. When
# the host rescinds the sub-channel, its queue carries on over the
# primary.
# smp: 2
# modules: sd_mod
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ctl=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c30

counter() { counter_of "$sim/storage/$ctl/counters" "$1"; }

modprobe vmbus_sim connect=0
echo "$scsi $ctl max_channels=4" >$sim/add_device
echo 1 >$sim/connected
echo "0 0 0 size=32M" >$sim/storage/$ctl/add_lun
modprobe sd_mod
check "hv_storvsc loads" modprobe hv_storvsc
check "the disk appears" wait_for disk_of $ctl
check "the sub-channel is opened" wait_for sh -c "[ \$(awk -v i=$ctl '\$3 == i && \$4 == \"open\"' $sim/devices | wc -l) -eq 2 ]"
disk=$(disk_of $ctl)
is "the disk has two hardware queues" "$(find /sys/block/"$disk"/mq -mindepth 1 -maxdepth 1 | wc -l)" 2
check "the driver asked for one sub-channel" sh -c "dmesg | grep '$ctl' | grep -q '2 channels'"

# chan_on CPU: the sub-channel index of the open channel of the
# controller whose interrupts the host sends to CPU.
chan_on() {
	awk -v i=$ctl -v c="$1" '$3 == i && $4 == "open" && $11 == c { print $5; exit }' $sim/devices
}

dd if=/dev/urandom of=/tmp/pat bs=1M count=4 2>/dev/null
diag "channels: $(awk -v i=$ctl '$3 == i { printf "[%s] ", $0 }' $sim/devices)"
for cpu in 0 1; do
	idx=$(chan_on $cpu)
	other=$((1 - ${idx:-0}))
	before=$(counter channel"${idx:-0}"_ios)
	before_other=$(counter channel${other}_ios)
	check "CPU $cpu writes and reads back 4 MiB" \
		sh -c "taskset -c $cpu dd if=/tmp/pat of=/dev/$disk bs=64K seek=$((cpu * 64)) oflag=direct 2>/dev/null &&
			taskset -c $cpu dd if=/dev/$disk bs=64K skip=$((cpu * 64)) count=64 iflag=direct 2>/dev/null | cmp - /tmp/pat"
	if [ -z "$idx" ]; then
		skip "CPU $cpu's I/O goes out on the channel that interrupts it" "no channel targets CPU $cpu"
		continue
	fi
	diag "CPU $cpu: channel $idx did $(($(counter channel"$idx"_ios) - before)) SRBs, channel $other $(($(counter channel${other}_ios) - before_other))"
	check "CPU $cpu's I/O went out on channel $idx, whose interrupts reach CPU $cpu" \
		test $(($(counter channel"$idx"_ios) - before)) -ge 128
	is "and none on the other channel" "$(($(counter channel${other}_ios) - before_other))" 0
done
diag "counters: $(tr '\n' ' ' <$sim/storage/$ctl/counters)"
check "the primary carried I/O" test "$(counter channel0_ios)" -gt 0
check "the sub-channel carried I/O" test "$(counter channel1_ios)" -gt 0
is "no protocol violation (completions on the right channel)" "$(counter violations)" 0

# The host takes the sub-channel back: CPU 1's queue falls back to the
# primary, and its I/O keeps working.
sub=$(awk -v i=$ctl '$3 == i && $5 == 1 { print $1 }' $sim/devices)
echo "$sub" >$sim/rescind
check "the sub-channel goes" wait_for sh -c "[ \$(awk -v i=$ctl '\$3 == i' $sim/devices | grep -vc rescinded) -eq 1 ]"
before=$(counter channel0_ios)
check "CPU 1's I/O then works on the primary" \
	sh -c "taskset -c 1 dd if=/tmp/pat of=/dev/$disk bs=64K seek=128 oflag=direct 2>/dev/null &&
		taskset -c 1 dd if=/dev/$disk bs=64K skip=128 count=64 iflag=direct 2>/dev/null | cmp - /tmp/pat"
check "and went out on the primary" test "$(counter channel0_ios)" -gt "$before"
is "still no protocol violation" "$(counter violations)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
