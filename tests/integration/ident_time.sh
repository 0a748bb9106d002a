# The time layer against faketime(1): date, Python's time.time() and the
# time `touch` gives a file read the same under `purevirt -l time:SPEC` as
# under `faketime -f SPEC`, for offsets, started and frozen clocks, in the
# local time zone; waits on the real-time clock still last as long as they
# should; in sud mode and for static programs the clock reads are made to
# trap, since no layer sees the vDSO.
. "$PV_TOP/tests/integration/lib.sh"

command -v faketime >/dev/null || { echo "faketime is not installed"; exit 1; }
BB=$(command -v busybox) || { echo "busybox is not installed"; exit 1; }
CLOCK=$PROGS/ident_clock
W=$T/w
mkdir -p "$W"

# agree MODE SPEC CMD: CMD prints the same under faketime and under the
# layer.  The two runs happen one after the other, so a second may tick
# between them: a difference is tried again before it counts.
agree() {
	mode=$1 spec=$2 cmd=$3
	for try in 1 2 3; do
		rm -f "$W/f"
		(cd "$W" && faketime -f "$spec" sh -c "$cmd") >"$T/ft.out" 2>&1
		rm -f "$W/f"
		(cd "$W" && "$PV" -m "$mode" -l "time:$spec" -- sh -c "$cmd") \
			>"$T/pv.out" 2>"$T/pv.err"
		cmp -s "$T/ft.out" "$T/pv.out" && return 0
	done
	fail "[$mode] time:$spec: '$cmd' differs from faketime -f '$spec'"
	show_diff "$T/ft.out" "$T/pv.out"
	head -3 "$T/pv.err" | sed 's/^/      /'
}

# each command alone: a clock started by '@' starts anew in each process
# under faketime, once per run under the layer
for mode in hybrid libc; do
	for spec in '+3600' '-1d' '+1.5h' '-2y' '@2001-02-03 04:05:06' \
		'2001-02-03 04:05:06' '@1999-12-31 23:59:58'; do
		agree $mode "$spec" 'date'
		agree $mode "$spec" 'date +%s'
		agree $mode "$spec" "python3 -c 'import time; print(int(time.time()))'"
		agree $mode "$spec" 'touch f; stat -c %Y f'
		agree $mode "$spec" 'touch f; ls -l --time-style=+%s f | cut -d" " -f6-'
	done
done
# a date is local time, in the zone TZ names (a file, or a POSIX rule)
for tz in Europe/Berlin America/New_York Asia/Kolkata 'CET-1CEST,M3.5.0,M10.5.0/3' EST5; do
	for d in '2001-07-03 04:05:06' '2001-01-03 04:05:06' '2001-04-01 02:30:00'; do
		export TZ="$tz"
		agree hybrid "@$d" 'date +%s; date'
		unset TZ
	done
done
# the reading check itself can fail: faketime's +1d is not the layer's -1d
rm -f "$W/f"
a=$(faketime -f +1d date +%s)
b=$("$PV" -l time:-1d -- date +%s)
[ "$a" != "$b" ] || fail "faketime +1d and the layer's -1d read the same: the comparison proves nothing"

# One clock for the run, as faketime with FAKETIME_DONT_RESET
for try in 1 2 3; do
	FAKETIME_DONT_RESET=1 faketime -f '@2001-02-03 04:05:06' sh -c 'date +%s; sleep 1.2; date +%s' >"$T/ft.out"
	"$PV" -l 'time:@2001-02-03 04:05:06' -- sh -c 'date +%s; sleep 1.2; date +%s' >"$T/pv.out"
	cmp -s "$T/ft.out" "$T/pv.out" && break
done
cmp -s "$T/ft.out" "$T/pv.out" || { fail "the run's clock is not one clock"; show_diff "$T/ft.out" "$T/pv.out"; }

# gettimeofday, time and clock_gettime tell one time; waits for a real-time
# instant take as long as they should (each check waits 0.3 s)
"$CLOCK" >"$T/native.out" 2>&1
grep -qv ' ok$' "$T/native.out" && fail "ident_clock fails natively: $(cat "$T/native.out")"
for spec in '@2001-02-03 04:05:06' '+1d' '2001-02-03 04:05:06' '-1y'; do
	"$PV" -l "time:$spec" -- "$CLOCK" >"$T/pv.out" 2>&1
	compare_ok=1
	cmp -s "$T/native.out" "$T/pv.out" || compare_ok=0
	[ $compare_ok = 1 ] || { fail "time:$spec: waiting on the real-time clock"; show_diff "$T/native.out" "$T/pv.out"; }
	r=$("$PV" -l "time:$spec" -- "$CLOCK" -readings 2>&1)
	[ "$r" = "readings agree" ] || fail "time:$spec: $r"
done
# the libc path sees the waits libc wraps (glibc's futex calls are inline)
"$PV" -m libc -l 'time:@2001-02-03 04:05:06' -- "$CLOCK" clock_nanosleep timerfd >"$T/pv.out" 2>&1
printf 'clock_nanosleep ok\ntimerfd ok\n' | cmp -s - "$T/pv.out" ||
	fail "libc mode: $(cat "$T/pv.out")"

# --- sud mode and static programs: the vDSO makes no system call, so the
#     layer asks the runtime for clock reads that trap: the libc wrappers make
#     the system call in sud mode, and a program the launcher loads gets no
#     vDSO (its libc falls back to the system call).  The oracle is faketime
#     on the dynamic date, since faketime cannot enter a static program. ---
near() { # A B: within two seconds
	[ "$1" -ge $(($2 - 2)) ] 2>/dev/null && [ "$1" -le $(($2 + 2)) ]
}
want=$(faketime -f +1d date +%s)
got=$("$PV" -m sud -l time:+1d -- date +%s 2>"$T/err")
near "$got" "$want" || fail "sud mode: date +%s gave $got, faketime says $want"
[ ! -s "$T/err" ] || fail "sud mode: unexpected output: $(cat "$T/err")"
got=$(faketime -f +1d "$BB" date +%s)
near "$got" "$(date +%s)" || fail "faketime shifted a static busybox: $got"
for mode in hybrid sud; do
	rm -f "$W/f"
	out=$(cd "$W" && "$PV" -m $mode -l time:+1d -- "$BB" sh -c 'date +%s; touch f; stat -c %Y f' 2>"$T/err")
	want=$(faketime -f +1d date +%s) real=$(date +%s)
	# busybox's touch creates the file with open(O_CREAT), no utimensat:
	# the kernel stamps it with the real time, and stat is never shifted
	set -- $out
	near "${1:-}" "$want" || fail "[$mode] static busybox date under time:+1d: ${1:-}, faketime's date says $want"
	near "${2:-}" "$real" || fail "[$mode] static busybox: a new file's time ${2:-}, the kernel's is $real"
	[ "$#" = 2 ] || fail "[$mode] static busybox: '$out'"
	[ ! -s "$T/err" ] || fail "[$mode] static busybox: unexpected output: $(cat "$T/err")"
done
"$PV" -m sud -l 'time:@2001-02-03 04:05:06' -- "$CLOCK" >"$T/pv.out" 2>/dev/null
cmp -s "$T/native.out" "$T/pv.out" || fail "sud mode: waits are not real: $(cat "$T/pv.out")"

# --- stacked with fakeroot, as faketime and fakeroot stack ---
rm -f "$W/f"
(cd "$W" && faketime -f +1d fakeroot sh -c 'touch f; chown 1:2 f; stat -c "%u %g %Y" f') >"$T/ft.out" 2>&1
rm -f "$W/f"
(cd "$W" && "$PV" -l fakeroot -l time:+1d -- sh -c 'touch f; chown 1:2 f; stat -c "%u %g %Y" f') >"$T/pv.out" 2>&1
if ! cmp -s "$T/ft.out" "$T/pv.out"; then # a second may have ticked
	a=$(cut -d' ' -f3 "$T/ft.out") b=$(cut -d' ' -f3 "$T/pv.out")
	near "$a" "$b" && [ "$(cut -d' ' -f1-2 "$T/ft.out")" = "$(cut -d' ' -f1-2 "$T/pv.out")" ] ||
		{ fail "fakeroot and time stacked"; show_diff "$T/ft.out" "$T/pv.out"; }
fi

# --- bad input: one line naming it, status 2, the program not started ---
expect() {
	word=$1
	shift
	rm -f "$T/started"
	"$PV" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = 2 ] || fail "purevirt $*: exit $got, want 2"
	[ "$(wc -l <"$T/err")" = 1 ] || { fail "purevirt $*: $(wc -l <"$T/err") lines on stderr, want 1"; cat "$T/err"; }
	grep -q -- "$word" "$T/err" || fail "purevirt $*: '$(cat "$T/err")' does not name '$word'"
	[ ! -e "$T/started" ] || fail "purevirt $*: the program was started"
}
run="touch $T/started"
expect garbage -l time:garbage -- sh -c "$run"
expect SPEC -l time -- sh -c "$run"
expect SPEC -l time: -- sh -c "$run"
expect '2001-02-30' -l 'time:@2001-02-30 04:05:06' -- sh -c "$run"
expect '24:00:00' -l 'time:@2001-02-03 24:00:00' -- sh -c "$run"
expect 'x2' -l 'time:+1d x2' -- sh -c "$run"
expect '+1w' -l 'time:+1w' -- sh -c "$run"
expect '@2001-02-03' -l 'time:@2001-02-03' -- sh -c "$run"
expect '+' -l 'time:+' -- sh -c "$run"
expect garbage -m sud -l time:garbage -- "$BB" sh -c "$run"
finish
