# shellcheck shell=sh
# 50 load/unload cycles (5 on the debug kernel) of hv_netvsc with two
# NICs: every cycle both interfaces appear, pass a ping and go; slab
# usage stays flat over the last 40 cycles (a leaked NIC costs its
# netdev, its RNDIS buffers and channel state, far more than the limit),
# on the debug kernel kmemleak checks instead; the host saw no
# protocol violation (every buffer revoked and every GPADL torn down in
# order).
# programs: ip
# smp: 2
# timeout: 420

sim=/sys/kernel/debug/vmbus_sim
nic=f8615163-df3e-46c5-913f-f2d2f965ed0e
a=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e31
b=6e1c2d3a-0b4f-4c5d-8e9f-0a1b2c3d4e32

modprobe vmbus_sim connect=0
echo "$nic $a mac=00:15:5d:00:03:0a max_subchannels=1" >$sim/add_device
echo "$nic $b mac=00:15:5d:00:03:0b max_subchannels=1" >$sim/add_device
echo 1 >$sim/connected
mkdir -p /run/netns
ip netns add na
ip netns add nb

cycle_once() {
	modprobe hv_netvsc || return 1
	wait_for netdev_of $a || return 1
	wait_for netdev_of $b || return 1
	ea=$(netdev_of $a)
	eb=$(netdev_of $b)
	ip link set "$ea" netns na || return 1
	ip link set "$eb" netns nb || return 1
	ip -n na addr add 10.11.0.1/24 dev "$ea"
	ip -n nb addr add 10.11.0.2/24 dev "$eb"
	ip -n na link set "$ea" up
	ip -n nb link set "$eb" up
	wait_for sh -c "/usr/sbin/ip -n na link show $ea | grep -q LOWER_UP" || return 1
	ip netns exec na ping -c 1 -W 5 10.11.0.2 >/dev/null || return 1
	rmmod hv_netvsc
}

failures=0
cycles=50
debug_kernel && cycles=5
cycle=1
while [ $cycle -le $cycles ]; do
	cycle_once || { failures=$((failures + 1)); diag "cycle $cycle failed"; rmmod hv_netvsc 2>/dev/null; }
	[ $cycle -eq 10 ] && slab_10=$(slab_bytes)
	[ $cycle -eq $cycles ] && slab_end=$(slab_bytes)
	cycle=$((cycle + 1))
done

is "every cycle bound both NICs, pinged across and unloaded" "$failures" 0
if debug_kernel; then
	skip "slab usage stays flat over 40 cycles" "KASAN quarantine holds freed objects; kmemleak checks this kernel"
else
	growth=$((slab_end - slab_10))
	diag "slab bytes after cycle 10: $slab_10, after cycle $cycles: $slab_end (growth $growth)"
	check "slab usage stays flat over 40 cycles (grew $growth bytes, limit 393216)" test "$growth" -lt 393216
fi
is "no protocol violation" "$(awk '$1 == "violations" { print $2 }' $sim/counters)" 0
check "vmbus_sim unloads" rmmod vmbus_sim
