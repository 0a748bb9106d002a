# The inject layer against strace -e inject=: the same program, with the
# same injection, must print the same stdout and stderr and exit with the
# same status.
#
# Making the comparison fair: strace counts a system call's invocations
# (when=3 is "the third openat") per task from the task's start -- the
# dynamic loader's openat of ld.so.cache is the first -- and an exec does
# not restart the count.  In hybrid mode the layers start after the loader,
# so their third openat is a later one.  The comparisons therefore run with
# --from-start, where the layers see every call from the program's first
# instruction, as strace does; where the loader makes no such call
# (getpid, %network), they also run in hybrid mode.
. "$PV_TOP/tests/integration/lib.sh"

command -v strace >/dev/null || { echo "SKIP: no strace"; exit 0; }
PROBE=$PROGS/observe_probe
[ -x "$PROBE" ] || { fail "$PROBE not built (make tests)"; finish; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
export LC_ALL=C

# like_strace MODE SPEC CMD...: CMD under purevirt -l inject:SPEC gives
# what it gives under strace -e inject=SPEC
like_strace() {
	mode=$1 spec=$2
	shift 2
	(cd "$T" && strace -f -o /dev/null -e inject="$spec" "$@") \
		>"$T/st.out" 2>"$T/st.err" </dev/null
	st=$?
	if [ "$mode" = from-start ]; then
		(cd "$T" && "$PV" --from-start -l inject:"$spec" -- "$@") \
			>"$T/pv.out" 2>"$T/pv.err" </dev/null
	else
		(cd "$T" && "$PV" -m "$mode" -l inject:"$spec" -- "$@") \
			>"$T/pv.out" 2>"$T/pv.err" </dev/null
	fi
	pv=$?
	cmp -s "$T/st.out" "$T/pv.out" ||
		{ fail "[$mode] inject:$spec $*: stdout differs from strace's"; show_diff "$T/st.out" "$T/pv.out"; }
	cmp -s "$T/st.err" "$T/pv.err" ||
		{ fail "[$mode] inject:$spec $*: stderr differs from strace's"; show_diff "$T/st.err" "$T/pv.err"; }
	[ "$st" = "$pv" ] || fail "[$mode] inject:$spec $*: exit status $pv, under strace $st"
}

echo hello >"$T/file"

# the brief's five
like_strace from-start openat:error=ENOENT:when=3 "$PROBE" open 5 file
like_strace from-start openat:error=ENOENT:when=3 cat file file
like_strace from-start read:retval=0 cat file
like_strace from-start read:retval=0 sh -c 'read x; echo "[$x]"; cat file'
like_strace from-start write:error=EIO:when=2+ "$PROBE" write 4
like_strace from-start write:error=EIO:when=2+ sh -c 'echo a; echo b; echo c'
like_strace from-start %network:error=EACCES "$PROBE" net 1
like_strace from-start %network:error=EACCES "$PY" -c 'import socket; socket.socket()'
like_strace from-start getpid:signal=SIGUSR1 "$PROBE" getpid 3
like_strace from-start getpid:signal=SIGUSR1 "$PROBE" getpid 3 handler
for mode in hybrid sud libc; do
	like_strace $mode %network:error=EACCES "$PROBE" net 1
	like_strace $mode getpid:signal=SIGUSR1 "$PROBE" getpid 3
	like_strace $mode getpid:signal=USR1 "$PROBE" getpid 2 handler
done
# the rest of when=, names and numbers, counts per task (threads and child
# processes each from zero) and across exec
like_strace from-start getppid:error=EPERM:when=2..4 "$PROBE" bits 8
like_strace from-start getppid:error=1:when=3+2 "$PROBE" bits 10
like_strace from-start getppid:error=EPERM:when=2..9+3 "$PROBE" bits 12
like_strace from-start getppid:retval=42:when=2 "$PROBE" bits 3
like_strace from-start getppid:error=EPERM:when=2..4 "$PROBE" threads 2 5
like_strace from-start getppid:error=EPERM:when=2+3 "$PROBE" forks 2 10
like_strace from-start openat:error=EACCES:when=4 sh -c 'cat file; cat file'
like_strace from-start openat:error=ENOENT:when=5+ sh -c 'cat file; exec cat file file'
like_strace from-start %file:error=ENOENT:when=6 cat file
like_strace from-start getppid:error=EPERM:delay_enter=10ms:delay_exit=1ms:when=2 "$PROBE" bits 3
like_strace from-start getppid:error=EPERM:syscall=getpid:when=1 "$PROBE" bits 2

# A skipped call reaches neither the layers below nor the kernel; layers
# stack: above inject, trace shows the program's view (the failed call);
# below it, only what reaches the kernel.
cd "$T" || exit 1
"$PV" -l trace -l inject:openat:error=EACCES:when=2 -o "$T/above" -- "$PROBE" open 3 file >/dev/null
grep -c 'openat(AT_FDCWD, "file", O_RDONLY) = -1 EACCES' "$T/above" | grep -qx 1 ||
	fail "trace above inject: no failed openat"
grep -c 'openat(AT_FDCWD, "file", O_RDONLY) = [0-9]' "$T/above" | grep -qx 2 ||
	fail "trace above inject: not two openat that reached the kernel"
"$PV" -l inject:openat:error=EACCES:when=2 -l trace -o "$T/below" -- "$PROBE" open 3 file >/dev/null
grep -q 'EACCES' "$T/below" && fail "trace below inject: saw the skipped call"
grep -c 'openat(AT_FDCWD, "file", O_RDONLY) = [0-9]' "$T/below" | grep -qx 2 ||
	fail "trace below inject: not two openat"
# nothing reaches the kernel: an unlink that is skipped leaves the file
"$PV" -l inject:unlink,unlinkat:retval=0 -- rm "$T/file" || fail "rm under inject failed"
[ -f "$T/file" ] || fail "a skipped unlinkat reached the kernel"

# when=p: the same seed fails the same calls, in every task; another seed
# other calls; about P of them
bits() { "$PV" -l inject:getppid:error=EPERM:when=p:"$1":seed="$2" -- "$PROBE" bits 2000; }
a=$(bits 0.3 7) b=$(bits 0.3 7) c=$(bits 0.3 8)
[ "$a" = "$b" ] || fail "when=p: seed 7 twice, different calls failed"
[ "$a" != "$c" ] || fail "when=p: seeds 7 and 8 failed the same calls"
ones=$(printf %s "$a" | tr -cd 1 | wc -c)
[ "$ones" -gt 450 ] && [ "$ones" -lt 750 ] || fail "when=p:0.3: $ones of 2000 failed"
[ "$(bits 0 7 | tr -cd 1 | wc -c)" = 0 ] || fail "when=p:0 failed calls"
[ "$(bits 1 7 | tr -cd 0 | wc -c)" = 0 ] || fail "when=p:1 let calls through"
[ "$(bits 50% 7)" = "$(bits 0.5 7)" ] || fail "when=p:50% is not when=p:0.5"
forks() { "$PV" -l inject:getppid:error=EPERM:when=p:0.5:seed="$1" -- "$PROBE" forks 4 64; }
a=$(forks 3) b=$(forks 3) c=$(forks 4)
[ "$a" = "$b" ] || { fail "when=p in child processes: not reproducible"; echo "$a"; echo "$b"; }
[ "$a" != "$c" ] || fail "when=p in child processes: seeds 3 and 4 alike"
[ "$(echo "$a" | sort -u | wc -l)" -gt 1 ] || fail "when=p: every child failed alike"
finish
