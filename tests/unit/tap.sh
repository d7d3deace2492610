# shellcheck shell=sh
# TAP helpers for the unit tests' shell scripts (sourced): numbered
# "ok N - DESC" / "not ok N - DESC" lines; $failed counts the failures,
# the script ends with: echo "1..$n"; [ "$failed" -eq 0 ].
n=0
failed=0

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

# fail DESC [WHY...]: each WHY printed as a TAP comment.
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for why in "$@"; do
		printf '%s\n' "$why" | sed 's/^/# /'
	done
}

# check DESC COMMAND...: one test that passes when COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}
