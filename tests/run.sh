#!/bin/sh
# run.sh BUILD_DIR [PATTERN] - runs the unit tests and the integration tests;
# prints one line per test and exits non-zero if any failed.
set -u
B=${1:-build}
PATTERN=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$B" && pwd)
export PV_BUILD="$B" PV_TOP="$top"
failed=0 passed=0 failures=""
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

run() { # name command...
	name=$1; shift
	case "$name" in *"$PATTERN"*) ;; *) return ;; esac
	start=$(date +%s)
	if "$@" >"$log/out" 2>&1; then
		passed=$((passed + 1))
		printf 'PASS %-40s %3ss\n' "$name" $(( $(date +%s) - start ))
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL %-40s %3ss\n' "$name" $(( $(date +%s) - start ))
		sed 's/^/    | /' "$log/out" | tail -60
	fi
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] && run "unit/$(basename "$t")" "$t"
done
for t in "$top"/tests/integration/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	[ -f "$t" ] && run "integration/$(basename "$t" .sh)" sh "$t"
done
echo "$passed passed, $failed failed${failures:+:$failures}"
[ "$failed" -eq 0 ]
