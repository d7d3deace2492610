# shellcheck shell=sh
# Which CPU the host interrupts for each channel: from 2.4 on, the
# primaries of performance devices and all sub-channels are spread over
# the CPUs in turn, the rest stay on CPU 0, and the simulated host
# interrupts each channel's target CPU, so the echo driver's callbacks
# must run there. Root moves a channel by writing its "cpu" file
# (MODIFYCHANNEL, 4.1 and later; answered from 5.3): the host's view and
# sysfs agree and the callbacks follow. Refused: a CPU that is not
# online, any move before 4.1, a move the host turns down. The VM has two
# CPUs.
# smp: 2
# timeout: 240
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
dbg=/sys/kernel/debug/hvlis_echo
devs=/sys/bus/vmbus/devices
echo_class=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
scsi_class=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
hb_class=57164f39-9115-4e78-ab55-382f3bd5422d
multi=44444444-0000-4000-8000-000000000001
scsi=44444444-0000-4000-8000-000000000002
hb=44444444-0000-4000-8000-000000000003

violations() {
	sed -n 's/^violations //p' $sim/counters
}

# relid_of INSTANCE N: the relid of sub-channel N (0: the primary).
relid_of() {
	awk -v i="$1" -v n="$2" '$3 == i && $5 == n && $4 != "rescinded" {print $1}' $sim/devices
}

# cpu_of INSTANCE N: the guest's target CPU of sub-channel N.
cpu_of() {
	cat "$devs/$1/channels/$(relid_of "$1" "$2")/cpu"
}

# host_vp INSTANCE N: the VP the host interrupts for it ("-": not open).
host_vp() {
	awk -v r="$(relid_of "$1" "$2")" '$1 == r {print $NF}' $sim/devices
}

# move INSTANCE N CPU: write CPU to the channel's cpu file.
move() {
	echo "$3" >"$devs/$1/channels/$(relid_of "$1" "$2")/cpu"
}

# move_fails_with INSTANCE N CPU ERROR: the write fails, saying ERROR.
move_fails_with() {
	if out=$( (move "$1" "$2" "$3") 2>&1); then
		echo "the write succeeded"
		return 1
	fi
	echo "$out"
	case $out in *"$4"*) return 0 ;; esac
	return 1
}

# run INSTANCE ARGS: one echo run on every open channel of the device.
run() {
	status=0
	echo "$2" >"$dbg/$1/run" || status=1
	cat "$dbg/$1/result"
	return $status
}

# on_cpu INSTANCE N CPU: since the last run began, the callbacks of
# sub-channel N ran on CPU, and on no other.
on_cpu() {
	calls=$(awk -v n="$2" '$1 == n {$1 = ""; print substr($0, 2)}' "$dbg/$1/channels")
	echo "callbacks by CPU: '$calls'"
	case $calls in "$3:"[0-9]*) [ "${calls#* }" = "$calls" ] ;; *) return 1 ;; esac
}

# channels_agree INSTANCE COUNT: for sub-channels 0..COUNT-1 the host
# interrupts the CPU sysfs names, and the callbacks of the last run ran
# there.
channels_agree() {
	n=0
	while [ $n -lt "$2" ]; do
		cpu=$(cpu_of "$1" $n)
		echo "channel $n: cpu $cpu, host VP $(host_vp "$1" $n)"
		[ "$(host_vp "$1" $n)" = "$cpu" ] || return 1
		on_cpu "$1" $n "$cpu" || return 1
		n=$((n + 1))
	done
}

open_channels() {
	wait_for sh -c "[ \$(wc -l <$dbg/$1/channels) -eq $2 ]"
}

# 5.3, the sim's default. The SCSI device is offered first, so it is the
# first channel spread: the turns start at the CPU after CPU 0.
modprobe vmbus_sim connect=0
echo "$scsi_class $scsi" >$sim/add_device
echo "$hb_class $hb" >$sim/add_device
echo "$echo_class $multi subchannels=3" >$sim/add_device
check "hv_vmbus connects to the host" sh -c "echo 1 >$sim/connected"
check "the echo driver loads" modprobe hvlis_echo ring_pages=4
check "the primary and its three sub-channels open" open_channels $multi 4

is "cpu is writable by root only" "$(stat -c %a "$devs/$scsi/channels/$(cat $devs/$scsi/id)/cpu")" 644
is "a SCSI primary (a performance device) is spread to CPU 1" "$(cpu_of $scsi 0)" 1
is "channel_vp_mapping says so" "$(cat $devs/$scsi/channel_vp_mapping)" "$(cat $devs/$scsi/id):1"
is "a heartbeat channel stays on CPU 0" "$(cpu_of $hb 0)" 0
is "the echo primary (not a performance class) stays on CPU 0" "$(cpu_of $multi 0)" 0
is "the sub-channels take the CPUs in turn after the SCSI channel" \
	"$(cpu_of $multi 1) $(cpu_of $multi 2) $(cpu_of $multi 3)" "0 1 0"
check "echo traffic on all four channels" run $multi "packets=2000 max=4000 mode=mixed seed=1"
check "the host interrupts each channel's CPU, and its callbacks ran there" \
	channels_agree $multi 4

check "root moves the primary to CPU 1" move $multi 0 1
is "its cpu file reads 1" "$(cpu_of $multi 0)" 1
is "channel_vp_mapping shows it" "$(sed -n 1p $devs/$multi/channel_vp_mapping)" "$(cat $devs/$multi/id):1"
is "the host interrupts VP 1 for it now" "$(host_vp $multi 0)" 1
check "echo traffic still passes" run $multi "packets=1000 max=4000 mode=mixed seed=2"
check "the primary's callbacks ran on CPU 1, the others' where they were" \
	channels_agree $multi 4
check "a sub-channel moves from CPU 1 to CPU 0" move $multi 2 0
check "traffic passes" run $multi "packets=500 max=4000 mode=mixed seed=3"
check "the callbacks followed it; every channel agrees with the host" \
	channels_agree $multi 4

check "CPU 2 (the VM has two) is refused" move_fails_with $multi 0 2 "Invalid argument"
check "so is a number beyond any CPU" move_fails_with $multi 0 4294967296 "Invalid argument"
check "so is a word" move_fails_with $multi 0 one "Invalid argument"
is "the primary stays on CPU 1" "$(cpu_of $multi 0)" 1
is "for the host too" "$(host_vp $multi 0)" 1

echo modify_fail >$sim/inject
check "a move the host turns down fails with EIO" move_fails_with $multi 0 0 "Input/output error"
is "the primary stays on CPU 1" "$(cpu_of $multi 0)" 1
is "the host still interrupts VP 1" "$(host_vp $multi 0)" 1
check "traffic passes" run $multi "packets=500 max=4000 mode=inband seed=5"
check "with callbacks where the host and sysfs say" channels_agree $multi 4
check "the same move, not turned down, works" move $multi 0 0
is "the host interrupts VP 0 again" "$(host_vp $multi 0)" 0

# A channel that is not open keeps the CPU for its next open.
echo "$multi" >/sys/bus/vmbus/drivers/hvlis_echo/unbind
is "unbound, the primary is closed (state 2)" "$(cat $devs/$multi/state)" 2
check "a closed channel takes a CPU" move $multi 0 1
is "and shows it" "$(cpu_of $multi 0)" 1
is "the host has nothing to interrupt" "$(host_vp $multi 0)" "-"
echo "$multi" >/sys/bus/vmbus/drivers_probe
check "bound again, four channels open" open_channels $multi 4
is "the host interrupts VP 1 for the reopened primary" "$(host_vp $multi 0)" 1
check "traffic passes" run $multi "packets=500 max=4000 mode=mixed seed=6"
check "with callbacks where the host and sysfs say" channels_agree $multi 4

# A CPU the host interrupts for an open channel cannot go offline.
cpu1=/sys/devices/system/cpu/cpu1/online
check_fails "CPU 1 cannot go offline while open channels target it" sh -c "echo 0 >$cpu1"
is "it stays online" "$(cat $cpu1)" 1
check "hv_vmbus says why" sh -c "dmesg | grep -q 'CPU 1 cannot go offline: the host interrupts it for channel'"
check "traffic passes" run $multi "packets=200 max=4000 mode=mixed seed=8"
rmmod hvlis_echo
check "with the channels closed, CPU 1 goes offline" sh -c "echo 0 >$cpu1"
check "and comes back" sh -c "echo 1 >$cpu1"

is "no protocol violation at 5.3" "$(violations)" 0
echo 0 >$sim/connected
check "vmbus_sim unloads" rmmod vmbus_sim
check "hv_vmbus unloads" rmmod hv_vmbus

# Older hosts: 4.1 moves channels without answering; 4.0 cannot move
# them; before 2.4 the host interrupts CPU 0 only, so nothing is spread.
for v in 0x00040001 0x00040000 0x00010001; do
	modprobe vmbus_sim connect=0
	echo $v >$sim/host_version
	echo "$scsi_class $scsi" >$sim/add_device
	echo "$echo_class $multi subchannels=1" >$sim/add_device
	check "host $v: hv_vmbus and hvlis_echo load" sh -c "echo 1 >$sim/connected && modprobe hvlis_echo ring_pages=4"
	is "host $v: negotiated" "$(printf '%#010x' "$(cat $sim/version)")" "$v"
	case $v in
	0x00010001)
		is "host $v: the SCSI primary stays on CPU 0" "$(cpu_of $scsi 0)" 0
		check "host $v: the primary alone opens" open_channels $multi 1
		check "host $v: no move" move_fails_with $multi 0 1 "not supported"
		n=1
		;;
	0x00040000)
		is "host $v: the SCSI primary is spread to CPU 1" "$(cpu_of $scsi 0)" 1
		check "host $v: both channels open" open_channels $multi 2
		check "host $v: no move" move_fails_with $multi 0 1 "not supported"
		is "host $v: the primary stays on CPU 0" "$(cpu_of $multi 0)" 0
		n=2
		;;
	*)
		check "host $v: both channels open" open_channels $multi 2
		check "host $v: the primary moves to CPU 1" move $multi 0 1
		check "host $v: the host follows without answering" \
			wait_for sh -c "awk -v r=$(relid_of $multi 0) '\$1 == r {print \$NF}' $sim/devices | grep -qx 1"
		is "host $v: cpu reads 1" "$(cpu_of $multi 0)" 1
		n=2
		;;
	esac
	check "host $v: echo traffic" run $multi "packets=500 max=4000 mode=mixed seed=7"
	check "host $v: callbacks where the host and sysfs say" channels_agree $multi $n
	rmmod hvlis_echo
	echo 0 >$sim/connected
	is "host $v: no protocol violation" "$(violations)" 0
	check "host $v: vmbus_sim unloads" rmmod vmbus_sim
	check "host $v: hv_vmbus unloads" rmmod hv_vmbus
done
