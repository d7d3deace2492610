# shellcheck shell=sh
# Every VSTOR protocol version a host may pick gives a working disk: five
# controllers whose hosts accept at most 6.2, 6.0, 5.1, 4.2 and 2.0 each
# negotiate that version (the pre-WIN8 two with 48-byte packets, which
# the sim checks), and a page written to each reads back. A host that
# accepts no version makes the probe fail with one line saying so, and
# the other controllers do not mind.
# modules: sd_mod
# timeout: 180

sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
prefix=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b
none=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5cff

counter() { counter_of "$sim/storage/$1/counters" "$2"; }

modprobe vmbus_sim connect=0
for v in 0602 0600 0501 0402 0200; do
	echo "$scsi $prefix$v vstor_version=0x$v" >$sim/add_device
done
echo "$scsi $none vstor_version=0" >$sim/add_device
echo 1 >$sim/connected
for v in 0602 0600 0501 0402 0200; do
	echo "0 0 0 size=16M" >$sim/storage/$prefix$v/add_lun
done
echo "0 0 0 size=16M" >$sim/storage/$none/add_lun
modprobe sd_mod
dmesg -c >/dev/null
check "hv_storvsc loads" modprobe hv_storvsc

dd if=/dev/urandom of=/tmp/pat bs=4096 count=1 2>/dev/null
for v in 0602 0600 0501 0402 0200; do
	ctl=$prefix$v
	major=$((0x$v >> 8))
	minor=$((0x$v & 0xff))
	check "version $major.$minor: a disk appears" wait_for disk_of $ctl
	disk=$(disk_of $ctl)
	check "version $major.$minor: the driver says it negotiated it" \
		sh -c "dmesg | grep '$ctl' | grep -q 'protocol $major.$minor,'"
	check "version $major.$minor: a page written reads back" \
		sh -c "dd if=/tmp/pat of=/dev/$disk bs=4096 seek=3 oflag=direct 2>/dev/null &&
			dd if=/dev/$disk bs=4096 skip=3 count=1 iflag=direct 2>/dev/null | cmp - /tmp/pat"
	is "version $major.$minor: no protocol violation" "$(counter $ctl violations)" 0
	is "version $major.$minor: no handshake violation" "$(counter $ctl init_violations)" 0
done

check_fails "the host that accepts no version gets no driver" \
	test -e /sys/bus/vmbus/drivers/hv_storvsc/$none
is "its refusal is one log line" "$(dmesg | grep -c "$none")" 1
check "saying which versions were tried" \
	sh -c "dmesg | grep '$none' | grep -q 'accepts none of the storage protocol versions 6.2, 6.0, 5.1, 4.2 and 2.0'"
is "it did not break the handshake" "$(counter $none init_violations)" 0
check "hv_storvsc unloads" rmmod hv_storvsc
