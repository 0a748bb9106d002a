# A loaded program's trace is strace's: from execve's return on, the names
# of the calls a static (or static-pie) program makes under -l trace are
# the names `strace -f` shows for the same program -- its first calls
# (brk, arch_prctl, set_tid_address...) included, nothing of the launcher's
# own.  With --from-start, the same holds for a dynamic program from its
# dynamic loader's first call.
. "$PV_TOP/tests/integration/lib.sh"

command -v strace >/dev/null || { echo "strace is not installed"; exit 1; }
mkdir -p "$T/dir/sub" && echo hello >"$T/dir/sub/file"

# the call names of a trace file (-o: "PID line"), signals and exits left out
names() {
	sed -E 's/^[0-9]+ +//' "$1" | grep -v -e '^+++' -e '^---' | sed -E 's/\(.*//'
}

# same_calls [PURVEVIRT OPTIONS] -- CMD...
same_calls() {
	opts=""
	while [ "$1" != "--" ]; do opts="$opts $1"; shift; done
	shift
	(cd "$T" && strace -f -qq -o "$T/strace.out" "$@") >"$T/native.out" 2>/dev/null </dev/null
	# shellcheck disable=SC2086
	(cd "$T" && "$PV" $opts -l trace -o "$T/pv.trace" -- "$@") >"$T/pv.out" 2>/dev/null </dev/null
	names "$T/strace.out" >"$T/want"
	names "$T/pv.trace" >"$T/got"
	if [ "$(head -1 "$T/want")" != execve ] || [ "$(wc -l <"$T/want")" -lt 5 ]; then
		fail "$*: strace saw no program: $(head -3 "$T/strace.out")"
	elif ! cmp -s "$T/want" "$T/got"; then
		fail "$opts $*: the trace's calls differ from strace's"
		show_diff "$T/want" "$T/got"
	fi
	cmp -s "$T/native.out" "$T/pv.out" || fail "$opts $*: stdout differs from native"
	# the execve line itself, where the trace decodes it: the same but
	# for where the environment is
	want=$(head -1 "$T/strace.out" | sed -E 's/^[0-9]+ +//; s/0x[0-9a-f]+ \/\*/ENV \/*/')
	got=$(head -1 "$T/pv.trace" | sed -E 's/^[0-9]+ +//; s/0x[0-9a-f]+ \/\*/ENV \/*/')
	case "$got" in
	'execve("'*) [ "$got" = "$want" ] || fail "$opts $*: first line: $got, strace: $want" ;;
	esac
}

for kind in static static-pie; do
	P="$PROGS/$kind/static_probe"
	same_calls -- "$P" start a b
	same_calls -- "$P" brk
done
same_calls -- busybox ls -l "$T/dir"
same_calls -- busybox echo hello
same_calls -- busybox cat /etc/hostname /nonexistent
# a dynamic program from its first instruction
same_calls --from-start -- /bin/true
same_calls --from-start -- cat /etc/hostname
same_calls --from-start -- "$PROGS/static_probe" args x
finish
