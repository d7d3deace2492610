# shellcheck shell=sh
# Rings too big for one GPADL message: with 32 data pages a ring (and a
# control page) each way the ring GPADL names 66 pages, 26 in the
# GPADL_HEADER and the rest in two GPADL_BODY messages (28 + 12 PFNs), so
# the bodies' PFNs, their order and msgnumber are what decides whether
# the host writes the pages the guest reads. Data crosses both rings
# intact, in every packet mode, with packets up to 64 KiB, at the newest
# version and at 2.4, where the host has the interrupt page too. A shifted
# or repeated PFN shows up as an echo that is not what was sent.
# timeout: 120
# variants: synic

sim=/sys/kernel/debug/vmbus_sim
dbg=/sys/kernel/debug/hvlis_echo
cls=58224ee5-62bb-47bd-9814-b46fc1b7e7bd
dev=33333333-0000-4000-8000-000000000001

counter() { counter_of $sim/counters "$1"; }

run() {
	status=0
	echo "$*" >"$dbg/$dev/run" || status=1
	cat "$dbg/$dev/result"
	diag "$*: $(cat "$dbg/$dev/result")"
	return $status
}

for v in 0x00050003 0x00020004; do
	modprobe vmbus_sim connect=0
	echo $v >$sim/host_version
	echo "$cls $dev subchannels=1" >$sim/add_device
	check "host $v: hv_vmbus and hvlis_echo (32-page rings) load" \
		sh -c "echo 1 >$sim/connected && modprobe hvlis_echo ring_pages=32"
	check "host $v: the primary and its sub-channel open" \
		wait_for sh -c "[ \$(wc -l <$dbg/$dev/channels) -eq 2 ]"
	is "host $v: both ring GPADLs have 66 pages" \
		"$(awk '$4 == "created" {print $3}' $sim/gpadls | sort -u)" 66
	is "host $v: each came in a header and two bodies" "$(counter gpadl_bodies)" 4
	check "host $v: 1000 in-band packets of up to 64 KiB echo intact" \
		run packets=1000 min=1 max=65536 mode=inband seed=11
	check "host $v: 1000 packets of every kind, up to 64 KiB" \
		run packets=1000 min=1 max=65536 mode=mixed seed=12
	check "host $v: 200 GPA-direct packets of 60..64 KiB" \
		run packets=200 min=61440 max=65536 mode=gpa seed=13
	rmmod hvlis_echo
	is "host $v: the GPADLs are torn down" "$(cat $sim/gpadls)" ""
	echo 0 >$sim/connected
	is "host $v: no protocol violation" "$(counter violations)" 0
	check "host $v: vmbus_sim unloads" rmmod vmbus_sim
	check "host $v: hv_vmbus unloads" rmmod hv_vmbus
done
