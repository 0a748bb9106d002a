# The process, signal, time and exec wrappers make the system calls glibc
# makes: probe_process calls them between two writes to fd -1, natively
# under strace -f and under purevirt with the trace layer, and each
# process's sequence of call names between the markers must be the same.
# On the libc path the names come from the wrappers alone; in hybrid and
# sud mode the trap sees the rest, and nothing may be seen twice or be
# missing (sud: the wrappers trap, or call the vDSO, as glibc does).
# Only names are compared: the trace layer's argument decoding is not this
# test's business.  Processes are numbered in the order they first appear.
# rt_sigreturn is left out: on the libc path a handler's return is the
# kernel's business (it traps only where dispatch is armed).
. "$PV_TOP/tests/integration/lib.sh"

if ! command -v strace >/dev/null 2>&1; then
	echo "SKIP: strace is not installed"
	exit 0
fi

# names FILE: "N name" for each call from the first write(-1, ...) of the
# first process to its last one, N the process's number; strace's
# continuation lines, signals and exits are not calls.
names() {
	sed -E 's/^\[pid +([0-9]+)\] /\1 /' "$1" |
		awk '
		{ pid = $1; $1 = ""; sub(/^ +/, "") }
		/^(<\.\.\.|---|\+\+\+)/ { next }
		{ name = $0; sub(/\(.*/, "", name) }
		name == "rt_sigreturn" { next }
		!first && name == "write" && /^write\((-1|0xf+),/ { first = pid }
		!first { next }
		{ if (!(pid in num)) num[pid] = ++procs
		  line[++n] = num[pid] " " name
		  if (pid == first && name == "write" && /^write\((-1|0xf+),/) last = n }
		END { for (i = 1; i <= last; i++) print line[i] }' |
		sort -s -n -k1,1
}

"$PROGS/probe_process" || fail "probe_process fails natively"
strace -f -qq -o "$T/native.trace" "$PROGS/probe_process" ||
	fail "probe_process fails under strace"
names "$T/native.trace" >"$T/native.names"
if [ "$(wc -l <"$T/native.names")" -lt 120 ]; then
	fail "too few calls between the markers natively: $(wc -l <"$T/native.names")"
fi
if [ "$(cut -d' ' -f1 "$T/native.names" | sort -u | wc -l)" -lt 7 ]; then
	fail "too few processes natively"
fi
for mode in libc hybrid sud; do
	"$PV" -m $mode -l trace -o "$T/pv.trace" -- "$PROGS/probe_process" ||
		fail "probe_process fails under purevirt -m $mode"
	names "$T/pv.trace" >"$T/pv.names"
	if ! cmp -s "$T/native.names" "$T/pv.names"; then
		fail "system calls differ from glibc's (< native, > purevirt -m $mode)"
		show_diff "$T/native.names" "$T/pv.names"
	fi
done
finish
