# lib.sh - helpers for integration tests: run a program natively and under
# purevirt, and compare what each gives.  Sourced by tests/integration/*.sh.
set -u
PV=${PV_BUILD:-$PV_TOP/build}/purevirt
PROGS=${PV_BUILD:-$PV_TOP/build}/tests/progs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
status=0

fail() {
	echo "FAIL: $*"
	status=1
}

# Shows the first lines where two files differ.
show_diff() {
	diff "$1" "$2" | head -20 | sed 's/^/      /'
}

# same_as_native CONFIGS CMD... - runs CMD natively and under purevirt with
# each of CONFIGS (space-separated MODE/LAYER[/LAYER...]), and checks that
# stdout and the exit status are the same.  The trace goes to a file.
same_as_native() {
	configs=$1
	shift
	(cd "$T" && "$@") >"$T/native.out" 2>"$T/native.err" </dev/null
	native_status=$?
	for cfg in $configs; do
		mode=${cfg%%/*}
		set -- "$@"
		layer_args=""
		rest=${cfg#*/}
		while [ -n "$rest" ]; do
			layer_args="$layer_args -l ${rest%%/*}"
			case "$rest" in */*) rest=${rest#*/} ;; *) rest="" ;; esac
		done
		# shellcheck disable=SC2086
		(cd "$T" && "$PV" -m "$mode" $layer_args -o "$T/trace.out" -- "$@") \
			>"$T/pv.out" 2>"$T/pv.err" </dev/null
		pv_status=$?
		if ! cmp -s "$T/native.out" "$T/pv.out"; then
			fail "[$cfg] $*: stdout differs from native"
			show_diff "$T/native.out" "$T/pv.out"
		fi
		if [ "$native_status" != "$pv_status" ]; then
			fail "[$cfg] $*: exit status $pv_status, native $native_status"
			head -5 "$T/pv.err" | sed 's/^/      /'
		fi
	done
}

# same_as_proot LABEL PROOT_OPTIONS PUREVIRT_OPTIONS CMD...: the same stdout
# and exit status under proot and under purevirt, both run from $T/work.
same_as_proot() {
	label=$1 popts=$2 vopts=$3
	shift 3
	# shellcheck disable=SC2086
	(cd "$T/work" && timeout 120 proot $popts "$@") >"$T/peer.out" 2>"$T/peer.err" </dev/null
	peer=$?
	# shellcheck disable=SC2086
	(cd "$T/work" && timeout 120 "$PV" $vopts -- "$@") >"$T/pv.out" 2>"$T/pv.err" </dev/null
	ours=$?
	if ! cmp -s "$T/peer.out" "$T/pv.out"; then
		fail "[$label] $*: stdout differs from proot's"
		show_diff "$T/peer.out" "$T/pv.out"
		grep -v '^proot' "$T/pv.err" | head -5 | sed 's/^/      stderr: /'
	fi
	[ "$peer" = "$ours" ] || fail "[$label] $*: exit status $ours, proot's $peer"
}


finish() {
	exit $status
}
