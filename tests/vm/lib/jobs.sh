# shellcheck shell=bash
# A pool of jobs for make check: each job has a weight (the slots it
# takes; 0 runs beside the pool), an
# estimate of its seconds (the longest ready job that fits starts first;
# "build" goes before all), a group (a kernel's release, or "host") and
# the jobs it waits for. A job runs in a subshell whose output is printed
# when it finishes; inside, it reports through job_pass, job_fail,
# job_skip, job_count, job_failures, job_retried and job_then.
#
#   jobs_init DIR SLOTS DURATIONS   DURATIONS: last run's seconds per job
#   job_add ID WEIGHT ESTIMATE GROUP "DEPS" COMMAND...
#   job_add_case RELEASE KIND ID CASE-FILE "DEPS" COMMAND...
#   jobs_run                        run everything, printing as jobs end
#   jobs_summary                    counts, failures, retries, times; the
#                                   last line "N passed, N failed"; returns
#                                   non-zero when anything failed

declare -a job_ids=()
declare -A job_weight=() job_est=() job_group=() job_deps=() job_cmd=() \
	job_state=() job_start=() job_end=() job_is_case=() job_of_pid=() \
	job_last=()

jobs_init() {
	job_dir=$1
	job_slots=$2
	job_durations=$3
	job_t0=$(date +%s)
	rm -rf "$job_dir"
	mkdir -p "$job_dir"
	[ "$job_slots" -ge 1 ] 2>/dev/null || die "check: JOBS must be a number of 1 or more, not '$job_slots'."
	if [ -f "$job_durations" ]; then
		local id secs
		while read -r id secs; do job_last[$id]=$secs; done <"$job_durations"
	fi
}

job_add() {
	local id=$1 weight=$2 est=$3 group=$4 deps=$5
	shift 5
	[ "$weight" -gt "$job_slots" ] && weight=$job_slots
	[ "$est" = build ] && est=1000000
	[ -n "${job_last[$id]:-}" ] && [ "$est" != 1000000 ] && est=${job_last[$id]}
	job_ids+=("$id")
	job_weight[$id]=$weight
	job_est[$id]=$est
	job_group[$id]=$group
	job_deps[$id]=$deps
	job_cmd[$id]=$(printf '%q ' "$@")
	job_state[$id]=waiting
}

# A VM case: one slot (QEMU runs each guest, whatever its vCPUs, on one
# host thread: tests/vm/boot), its time limit as the estimate until a run
# has measured it. IDs are <release>:<name>.
job_add_case() {
	local rel=$1 kind=$2 name=$3 file=$4 deps=$5 limit
	shift 5
	limit=$(sed -n 's/^# timeout:[[:space:]]*\([0-9]*\).*/\1/p' "$file")
	limit=${limit:-60}
	[ "$kind" = debug ] && limit=$((limit * 3))
	job_add "$rel:$name" 1 "$limit" "$rel" "$deps" "$@"
	job_is_case[$rel:$name]=1
}

# Reporting, inside a job. Each call records one result and prints LINE.
job_pass() { echo pass >>"$JOB_FILE.tally"; echo "$1"; }
job_skip() { echo skip >>"$JOB_FILE.tally"; echo "$1"; }
job_fail() {
	echo fail >>"$JOB_FILE.tally"
	echo "$1" >>"$JOB_FILE.fail"
	echo "$1"
}
# job_count PASSED FAILED: many results at once (the unit tests).
job_count() { echo "count $1 $2" >>"$JOB_FILE.tally"; }
# job_failures: failure lines on stdin for the summary (with job_count).
job_failures() { cat >>"$JOB_FILE.fail"; }
job_retried() { echo "$1" >>"$JOB_FILE.retry"; }
# job_then COMMAND...: run COMMAND in the pool's shell once this job ends
# (to add jobs that need what this one made).
job_then() { printf '%q ' "$@" >>"$JOB_FILE.then"; echo >>"$JOB_FILE.then"; }

job_failed() {
	[ -s "$job_dir/$1.fail" ]
}

# Start every ready job that fits, longest first.
job_start_ready() {
	local id dep best ready
	while :; do
		best=
		for id in "${job_ids[@]}"; do
			[ "${job_state[$id]}" = waiting ] || continue
			ready=1
			for dep in ${job_deps[$id]}; do
				case ${job_state[$dep]:-} in
				finished) job_failed "$dep" && ready=depfail ;;
				*) ready=0 ;;
				esac
				[ "$ready" = 1 ] || break
			done
			if [ "$ready" = depfail ]; then
				job_state[$id]=finished
				JOB_FILE=$job_dir/$id job_fail "FAIL $id: not run, because $dep failed" >/dev/null
				echo "FAIL $id: not run, because $dep failed"
				continue
			fi
			[ "$ready" = 1 ] || continue
			[ "${job_weight[$id]}" -le "$job_free" ] || continue
			if [ -z "$best" ] || [ "${job_est[$id]}" -gt "${job_est[$best]}" ]; then
				best=$id
			fi
		done
		[ -n "$best" ] || return 0
		job_launch "$best"
	done
}

job_launch() {
	local id=$1
	job_state[$id]=running
	job_free=$((job_free - job_weight[$id]))
	job_start[$id]=$(date +%s)
	# shellcheck disable=SC2030,SC2031 # JOB_FILE is the job's own
	(
		export JOB_FILE=$job_dir/$id
		eval "${job_cmd[$id]}"
	) >"$job_dir/$id.out" 2>&1 </dev/null &
	job_of_pid[$!]=$id
}

jobs_run() {
	local pid id running
	job_free=$job_slots
	while :; do
		job_start_ready
		running=0
		for id in "${job_ids[@]}"; do
			[ "${job_state[$id]}" = running ] && running=1 && break
		done
		[ "$running" = 1 ] || break
		pid=
		wait -n -p pid
		if [ -z "$pid" ] || [ -z "${job_of_pid[$pid]:-}" ]; then
			continue
		fi
		id=${job_of_pid[$pid]}
		unset "job_of_pid[$pid]"
		job_end[$id]=$(date +%s)
		job_state[$id]=finished
		job_free=$((job_free + job_weight[$id]))
		cat "$job_dir/$id.out"
		if [ ! -s "$job_dir/$id.tally" ]; then
			JOB_FILE=$job_dir/$id job_fail "FAIL $id: the job reported nothing (see $job_dir/$id.out)"
		fi
		if [ -f "$job_dir/$id.then" ]; then
			while read -r line; do eval "$line"; done <"$job_dir/$id.then"
		fi
	done
	for id in "${job_ids[@]}"; do
		[ "${job_state[$id]}" = finished ] || echo "check: job $id never ran (it waits for: ${job_deps[$id]})" >&2
	done
}

job_time() {
	printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

jobs_summary() {
	local id g groups=() passed=0 failed=0 skipped=0 retries=0 kind n m \
		first last guest line
	declare -A gp=() gf=() gs=()
	for id in "${job_ids[@]}"; do
		g=${job_group[$id]}
		[ -n "${gp[$g]+x}" ] || { groups+=("$g"); gp[$g]=0; gf[$g]=0; gs[$g]=0; }
		[ -f "$job_dir/$id.tally" ] || continue
		while read -r kind n m; do
			case $kind in
			pass) gp[$g]=$((gp[$g] + 1)) ;;
			fail) gf[$g]=$((gf[$g] + 1)) ;;
			skip) gs[$g]=$((gs[$g] + 1)) ;;
			count) gp[$g]=$((gp[$g] + n)); gf[$g]=$((gf[$g] + m)) ;;
			esac
		done <"$job_dir/$id.tally"
	done

	echo
	for g in "${groups[@]}"; do
		printf '%s: %d passed, %d failed, %d skipped\n' "$g" "${gp[$g]}" "${gf[$g]}" "${gs[$g]}"
		passed=$((passed + gp[$g]))
		failed=$((failed + gf[$g]))
		skipped=$((skipped + gs[$g]))
	done
	if [ "$failed" -gt 0 ]; then
		printf '\nFailed:\n'
		for id in "${job_ids[@]}"; do
			[ -f "$job_dir/$id.fail" ] && sed 's/^/  /' "$job_dir/$id.fail"
		done
	fi
	for id in "${job_ids[@]}"; do
		[ -f "$job_dir/$id.retry" ] && retries=$((retries + $(wc -l <"$job_dir/$id.retry")))
	done
	printf '\nBoots retried (the guest died before the case started): %d\n' "$retries"
	for id in "${job_ids[@]}"; do
		[ -f "$job_dir/$id.retry" ] && sed 's/^/  /' "$job_dir/$id.retry"
	done

	# Record what each job took, for the next run's order.
	for id in "${job_ids[@]}"; do
		[ -n "${job_end[$id]:-}" ] && job_last[$id]=$((job_end[$id] - job_start[$id]))
	done
	for id in "${!job_last[@]}"; do echo "$id ${job_last[$id]}"; done | sort >"$job_durations"

	echo
	for g in "${groups[@]}"; do
		[ "$g" = host ] && continue
		first='' last='' guest=0
		for id in "${job_ids[@]}"; do
			if [ "${job_group[$id]}" != "$g" ] || [ -z "${job_is_case[$id]:-}" ] ||
				[ -z "${job_end[$id]:-}" ]; then
				continue
			fi
			if [ -z "$first" ] || [ "${job_start[$id]}" -lt "$first" ]; then
				first=${job_start[$id]}
			fi
			if [ -z "$last" ] || [ "${job_end[$id]}" -gt "$last" ]; then
				last=${job_end[$id]}
			fi
			guest=$((guest + job_end[$id] - job_start[$id]))
		done
		[ -n "$first" ] || continue
		line="time: $g cases $(job_time $((last - first))) (first start to last end), $(job_time "$guest") of guest time"
		echo "$line"
	done
	echo "time: total $(job_time $(($(date +%s) - job_t0))) with $job_slots slots"
	echo
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}
