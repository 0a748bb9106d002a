# Real programs with two purelibc hooks preloaded (the redirecting one on top,
# passing everything on, and the counter below): the same stdout and exit
# status as native in every mode.  Every call a handler passes on keeps what
# the runtime needs to finish it -- thread creation and signal returns under
# the trap, fork, exec -- or these programs would break.
. "$PV_TOP/tests/integration/lib.sh"
B=${PV_BUILD:-$PV_TOP/build}
PRELOAD=$B/libpurelibc.so:$B/tests/compat/redirect.so:$B/tests/compat/counter.so

# like_native CMD...: stdout and status as native, under each mode
like_native() {
	(cd "$T" && "$@") >"$T/native.out" 2>/dev/null </dev/null
	native_status=$?
	for mode in hybrid sud libc; do
		(cd "$T" && PUREVIRT_MODE=$mode LD_PRELOAD=$PRELOAD "$@") \
			>"$T/hooked.out" 2>"$T/hooked.err" </dev/null
		st=$?
		if ! cmp -s "$T/native.out" "$T/hooked.out"; then
			fail "[$mode] $*: stdout differs from native"
			show_diff "$T/native.out" "$T/hooked.out"
		fi
		[ "$native_status" = "$st" ] ||
			fail "[$mode] $*: exit status $st, native $native_status"
		grep -q "^counter: " "$T/hooked.err" || fail "[$mode] $*: the hooks were not there"
	done
}

seq 1 20000 | sort -R --random-source=/etc/passwd >"$T/numbers"
like_native "$PROGS/signals"
like_native "$PROGS/spawn"
like_native sh -c "cat /etc/passwd | sort | head -3; exit 3"
like_native sort -n --parallel=2 -S 1M "$T/numbers"
like_native python3 -c '
import threading, os
out = []
def work(n):
    out.append(sum(os.getppid() > 0 for _ in range(3000)) + n)
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print(sorted(out))'
finish
