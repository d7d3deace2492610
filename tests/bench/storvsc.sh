#!/bin/sh
# Benchmark: storvsc against the simulated host's RAM disk, beside the
# kernel's own scsi_debug (a SCSI disk through the same mid-layer, sd and
# blk-mq, whose "host" is a memcpy) and brd (a RAM block device without
# the SCSI layer: the limit), in the same boot with the same fio jobs:
# 4 KiB random read at queue depth 32 with one job and with two, 4 KiB
# random write, 128 KiB sequential read. storvsc runs on one channel and
# on a primary plus one sub-channel (2 vCPUs). Ratios are storvsc's
# figure over scsi_debug's: TCG makes absolute numbers meaningless.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/guest.sh
. "$here/lib/guest.sh"

guest=$(cat <<'GUEST'
. /lib/hvlis/tap.sh
sim=/sys/kernel/debug/vmbus_sim
scsi=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
one=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c01
multi=5d2c1b0a-6e7f-4a8b-9c0d-1e2f3a4b5c02
size=134217728

# job NAME DISK RW BS DEPTH JOBS: one fio run; prints "BENCH ..." with
# IOPS and KiB/s (terse format: read at fields 7-8, write at 48-49).
job() {
	fio --name="$1" --filename="$2" --rw="$3" --bs="$4" --iodepth="$5" \
		--numjobs="$6" --group_reporting --thread --direct=1 \
		--ioengine=libaio --size=$size --runtime=5 --time_based \
		--minimal --output=/tmp/fio.out >/dev/null 2>&1 || { echo "BENCH $1 $3 failed"; return; }
	awk -F';' -v dev="$1" -v rw="$3" -v bs="$4" -v jobs="$6" '{
		kib = $7 + $48; iops = $8 + $49
		printf "BENCH %s %s-%s-j%s %d %d\n", dev, rw, bs, jobs, iops, kib
	}' /tmp/fio.out
}

# simstat: the sim's counters of guest signals, events to the guest and
# packets each way, and the I/Os of the controllers, on one line.
simstat() {
	awk '$1 ~ /^(signals|events|packets_received|packets_sent)$/ { printf "%s ", $2 }' \
		$sim/counters
	cat $sim/storage/*/counters 2>/dev/null | awk '$1 == "ios" { n += $2 } END { print n + 0 }'
}

# stat_job NAME DISK RW BS DEPTH JOBS: job, then "STAT" with what each
# I/O cost in guest signals, host events and packets (where the time goes).
stat_job() {
	before=$(simstat)
	job "$@"
	echo "$before $(simstat)" | awk -v dev="$1" -v rw="$3" -v bs="$4" -v jobs="$6" '{
		ios = $10 - $5
		if (ios > 0)
			printf "STAT %s %s-%s-j%s ios %d signals/io %.3f events/io %.3f pkts-in/io %.2f pkts-out/io %.2f\n",
				dev, rw, bs, jobs, ios, ($6 - $1) / ios, ($7 - $2) / ios, ($8 - $3) / ios, ($9 - $4) / ios
	}'
}

run_all() {
	run=${3:-job}
	$run "$1" "$2" randread 4k 32 1
	$run "$1" "$2" randread 4k 32 2
	$run "$1" "$2" randwrite 4k 32 1
	$run "$1" "$2" read 128k 32 1
}

modprobe sd_mod
modprobe scsi_debug dev_size_mb=128 delay=0 ndelay=0 max_queue=192
modprobe brd rd_nr=1 rd_size=131072
wait_for sh -c '[ -n "$(. /lib/hvlis/tap.sh; scsi_disks scsi_debug)" ]'
run_all scsi_debug "/dev/$(scsi_disks scsi_debug)"
run_all brd /dev/ram0

echo "$scsi $one max_channels=0" >$sim/add_device
echo "$scsi $multi max_channels=1" >$sim/add_device
echo "0 0 0 size=$size" >$sim/storage/$one/add_lun
echo "0 0 0 size=$size" >$sim/storage/$multi/add_lun
# make run's setup loaded hv_storvsc for its own disk; these two controllers
# bind as they are offered (disk_of: tap.sh).
modprobe hv_storvsc
wait_for disk_of $one
wait_for disk_of $multi
if disk_of $one >/dev/null && disk_of $multi >/dev/null; then
	run_all storvsc-1ch "/dev/$(disk_of $one)" stat_job
	run_all storvsc-2ch "/dev/$(disk_of $multi)" stat_job
else
	echo "BENCH storvsc unavailable"
fi
GUEST
)

out=$(bench_guest storvsc "$guest") || exit 1
echo "storvsc: fio IOPS and MB/s, ratio to scsi_debug in the same boot (brd is the no-SCSI limit)"
printf '%-22s %-12s %10s %10s %10s\n' job device IOPS MB/s ratio
echo "$out" | awk '
/^BENCH/ && NF == 5 {
	dev = $2; job = $3; iops[dev, job] = $4; mbs[dev, job] = $5 / 1024
	if (!(job in seen)) { seen[job] = 1; jobs[++n] = job }
	if (!(dev in dseen)) { dseen[dev] = 1; devs[++m] = dev }
	next
}
/^BENCH/ { print "  " substr($0, 7); next }
/^STAT/ { stats[++ns] = "  " substr($0, 6) }
END {
	for (j = 1; j <= n; j++)
		for (d = 1; d <= m; d++) {
			job = jobs[j]; dev = devs[d]
			if (!((dev, job) in iops)) continue
			base = iops["scsi_debug", job]
			printf "%-22s %-12s %10d %10.1f %10s\n", job, dev, iops[dev, job], mbs[dev, job],
				base ? sprintf("%.2f", iops[dev, job] / base) : "-"
		}
	if (ns) print "per I/O, from the sim'"'"'s counters:"
	for (i = 1; i <= ns; i++) print stats[i]
}'
