# The count layer against strace -c -f: for deterministic programs, the
# calls and errors of each system call must be strace's.
#
# Which calls purevirt can see:
#  - with --from-start (sud mode; dynamic programs are loaded by purevirt),
#    every call of every task from the first instruction of each program,
#    the dynamic loader's included: exactly what strace -f sees, so every
#    row must be equal;
#  - in hybrid mode (the default), everything after the runtime starts in
#    each new program image, which is not all a native run makes.  So the
#    rows compared are those of the calls the programs make themselves;
#    dropped are the rows of
#      . every call the dynamic loader makes to start a program that does
#        nothing (strace -c -f /bin/true): before the runtime starts;
#      . statfs and getrandom: made by other libraries' constructors
#        (libselinux's) and malloc's first use, which run before
#        libpurevirt's constructor in some processes and not in others;
#      . futex: the runtime's one-time stdio set-up adds a wake per process;
#      . the vDSO calls (clock_gettime, gettimeofday, time, getcpu,
#        clock_getres): no system calls, so strace does not see them, but
#        made through libc wrappers, which the layers do see.
#    stdout goes to a file, not /dev/null: the libc path asks a character
#    device whether it is a terminal (TCGETS) at start, where glibc asks at
#    the first write.
#
# Times are not compared (the layer measures wall-clock time below it, as
# strace -c -w; strace's default is system CPU time).  rt_sigreturn's errors
# are not compared: the runtime reports a replayed rt_sigreturn as 0, where
# strace shows the restored result (a wait4 interrupted by SIGCHLD gives
# -1 ERESTARTSYS).  A signal arriving during a call or between calls is
# up to the scheduler, natively too, so a comparison that differs is run
# again (three tries): a real difference stays.
. "$PV_TOP/tests/integration/lib.sh"

command -v strace >/dev/null || { echo "SKIP: no strace"; exit 0; }
PROBE=$PROGS/observe_probe
[ -x "$PROBE" ] || { fail "$PROBE not built (make tests)"; finish; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

# rows FILE: "name calls errors", one per syscall, sorted
rows() {
	awk 'NR > 2 && !/^-/ && $NF != "total" {
		if (NF == 6) e = $5; else e = 0
		if ($NF == "rt_sigreturn") e = "-"
		print $NF, $4, e
	}' "$1" | sort
}

# Syscalls a program that does nothing makes before main, and the vDSO's.
strace -f -c -o "$T/true.c" /bin/true
rows "$T/true.c" | awk '{ print $1 }' >"$T/startup"
printf '%s\n' statfs getrandom futex clock_gettime gettimeofday time getcpu \
	clock_getres >>"$T/startup"

mkdir -p "$T/dir/sub" && printf 'b\na\nc\n' >"$T/dir/f" && echo x >"$T/dir/sub/g"

# compare MODE CMD...: count's rows (all, or without the start-up ones in
# hybrid mode) against strace's, for the same command
compare() {
	mode=$1
	shift
	for try in 1 2 3; do
		if [ "$mode" = from-start ]; then
			(cd "$T" && "$PV" --from-start -l count -o "$T/pv.c" -- "$@") \
				>"$T/stdout" 2>&1 </dev/null
		else
			(cd "$T" && "$PV" -m "$mode" -l count -o "$T/pv.c" -- "$@") \
				>"$T/stdout" 2>&1 </dev/null
		fi
		(cd "$T" && strace -f -c -o "$T/st.c" "$@") >"$T/stdout" 2>&1 </dev/null
		rows "$T/pv.c" >"$T/pv.rows"
		rows "$T/st.c" >"$T/st.rows"
		if [ "$mode" != from-start ]; then
			for f in pv st; do
				awk 'NR == FNR { drop[$1] = 1; next } !($1 in drop)' \
					"$T/startup" "$T/$f.rows" >"$T/$f.kept"
				mv "$T/$f.kept" "$T/$f.rows"
			done
		fi
		[ -s "$T/st.rows" ] || { fail "[$mode] $*: strace counted nothing"; return; }
		cmp -s "$T/pv.rows" "$T/st.rows" && return
	done
	fail "[$mode] $*: count differs from strace -c -f (< purevirt, > strace)"
	show_diff "$T/pv.rows" "$T/st.rows"
}

for mode in from-start hybrid; do
	compare $mode cat "$T/dir/f"
	compare $mode ls -l "$T/dir"
	compare $mode sort "$T/dir/f"
	compare $mode tar cf - dir
	compare $mode "$PY" -c 'import os; print(sorted(os.listdir(".")))'
	compare $mode "$PROBE" threads 3 4
	compare $mode "$PROBE" forks 2 3
	compare $mode sh -c 'cat dir/f; ls dir >/dev/null; sort dir/f; wc -c dir/f'
done

# The table strace -c prints: same header and rules, each row in strace's
# columns (% time 6, seconds 11, usecs/call 11, calls 9, errors 9).
"$PV" -l count -o "$T/pv.c" -- ls -l "$T/dir" >/dev/null
strace -f -c -o "$T/st.c" ls -l "$T/dir" >/dev/null
for line in 1 2; do
	[ "$(sed -n ${line}p "$T/pv.c")" = "$(sed -n ${line}p "$T/st.c")" ] ||
		fail "line $line of the table is not strace's: '$(sed -n ${line}p "$T/pv.c")'"
done
sed -n '3,$p' "$T/pv.c" | grep -v '^-' | grep -v ' total$' |
	grep -Ev '^[ 0-9]{2}[0-9]\.[0-9]{2} [ 0-9]{3}[0-9]\.[0-9]{6} [ 0-9]{10}[0-9] [ 0-9]{8}[0-9] [ 0-9]{9} [a-z_0-9]+$' \
	>"$T/badrows" && { fail "rows not in strace's columns:"; head -5 "$T/badrows"; }
[ "$(tail -2 "$T/pv.c" | head -1)" = "$(sed -n 2p "$T/pv.c")" ] ||
	fail "no rule above the total row"
tail -1 "$T/pv.c" | grep -q '^100\.00 .* total$' || fail "no total row: $(tail -1 "$T/pv.c")"
sum=$(awk 'NR > 2 && !/^-/ && $NF != "total" { s += $4 } END { print s }' "$T/pv.c")
total=$(tail -1 "$T/pv.c" | awk '{ print $4 }')
[ "$sum" = "$total" ] || fail "total calls $total, rows add up to $sum"

# Sorting: by time (default), and by strace -S's keys.
sorted() { # FILE FIELD SORT-OPTIONS: are the rows in that order?
	awk 'NR > 2 && !/^-/ && $NF != "total" { print $('"$2"') }' "$1" >"$T/col"
	LC_ALL=C sort -s $3 "$T/col" | cmp -s - "$T/col"
}
sorted "$T/pv.c" 2 "-g -r" || fail "default order is not by time"
"$PV" -l count:sort=calls -o "$T/calls.c" -- ls -l "$T/dir" >/dev/null
sorted "$T/calls.c" 4 "-g -r" || fail "sort=calls: not by calls"
"$PV" -l count:sort=name -o "$T/name.c" -- ls -l "$T/dir" >/dev/null
sorted "$T/name.c" NF "" || fail "sort=name: not by name"
# strace -S name gives the same rows in the same order (from-start: the
# same calls)
"$PV" --from-start -l count:sort=name -o "$T/name.c" -- cat "$T/dir/f" >/dev/null
strace -f -c -S name -o "$T/st.c" cat "$T/dir/f" >/dev/null
awk 'NR > 2 { print $NF, $4 }' "$T/name.c" >"$T/a"
awk 'NR > 2 { print $NF, $4 }' "$T/st.c" >"$T/b"
cmp -s "$T/a" "$T/b" || { fail "sort=name: not strace -S name's rows"; show_diff "$T/a" "$T/b"; }

# count:SET counts only SET, as strace -c -e trace=SET
"$PV" --from-start -l count:%file -o "$T/pv.c" -- cat "$T/dir/f" >/dev/null
strace -f -c -e trace=%file -o "$T/st.c" cat "$T/dir/f" >/dev/null
rows "$T/pv.c" >"$T/a" && rows "$T/st.c" >"$T/b"
cmp -s "$T/a" "$T/b" || { fail "count:%file differs from strace -c -e trace=%file"; show_diff "$T/a" "$T/b"; }

# One summary for the whole run, printed once, after the last task -- also
# when the last one is not the first, and when a task dies unseen (SIGKILL)
"$PV" -l count -o "$T/bg.c" -- sh -c '(sleep 0.3; echo x >/dev/null) & exit 0'
sleep 1
[ "$(grep -c '^% time' "$T/bg.c")" = 1 ] || fail "background child: $(grep -c '^% time' "$T/bg.c") summaries"
grep -q ' wait4$' "$T/bg.c" || fail "background child: its calls are missing"
"$PV" -l count -o "$T/k.c" -- sh -c 'sleep 5 & kill -9 $!; wait' </dev/null
[ "$(grep -c '^% time' "$T/k.c")" = 1 ] || fail "child killed by SIGKILL: no summary"

# The summary goes to stderr without -o, and count stacks with trace
"$PV" -l count -- cat "$T/dir/f" >/dev/null 2>"$T/err"
grep -q '^% time' "$T/err" || fail "no summary on stderr"
"$PV" -l trace -l count -o "$T/both" -- cat "$T/dir/f" >/dev/null
grep -q 'openat(AT_FDCWD, "'"$T"'/dir/f"' "$T/both" || fail "trace -l count: no trace lines"
[ "$(grep -c '^% time' "$T/both")" = 1 ] || fail "trace -l count: no single summary"
# counts go through memory shared by the run: no file is left behind
mkdir "$T/tmp"
TMPDIR="$T/tmp" "$PV" -l count -o "$T/c" -- sh -c 'ls; cat dir/f' >/dev/null 2>&1
[ -z "$(ls -A "$T/tmp")" ] || fail "count left files in TMPDIR: $(ls -A "$T/tmp")"
finish
