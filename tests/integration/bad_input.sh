# Bad input: one line on stderr naming what was wrong, exit status 2, and the
# program not started; a program that cannot be found: 127 (126 when it is
# not executable), as a shell reports it.
. "$PV_TOP/tests/integration/lib.sh"

# expect STATUS WORD -- ARGS...: purevirt ARGS exits STATUS, prints exactly
# one line on stderr containing WORD, and never starts the program (which
# would create $T/started).
expect() {
	want=$1 word=$2
	shift 3
	rm -f "$T/started"
	"$PV" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || fail "purevirt $*: exit $got, want $want"
	[ "$(wc -l <"$T/err")" = 1 ] || { fail "purevirt $*: $(wc -l <"$T/err") lines on stderr, want 1"; cat "$T/err"; }
	grep -q -- "$word" "$T/err" || fail "purevirt $*: '$(cat "$T/err")' does not name '$word'"
	[ ! -e "$T/started" ] || fail "purevirt $*: the program was started"
}
run="touch $T/started"

expect 2 nosuchlayer -- -l nosuchlayer -- sh -c "$run"
expect 2 nosuchlayer -- -l pass -l nosuchlayer -- sh -c "$run"
expect 2 pass -- -l pass:extra -- sh -c "$run"
expect 2 trace -- -l trace:bogus=1 -- sh -c "$run"
expect 2 "/nonexistent/layer.so" -- -l /nonexistent/layer.so -- sh -c "$run"
expect 2 turbo -- -m turbo -- sh -c "$run"
expect 2 "-x" -- -x -- sh -c "$run"
expect 2 "--frobnicate" -- --frobnicate -- sh -c "$run"
expect 2 "-m" -- -m
expect 2 "program" --
expect 2 "$T/no/such/dir/out" -- -o "$T/no/such/dir/out" -- sh -c "$run"
expect 127 no-such-program-xyz -- -l pass -- no-such-program-xyz
expect 127 "$T/missing" -- -l pass -- "$T/missing"
printf '#!/bin/sh\ntouch %s/started\n' "$T" >"$T/noexec" && chmod 644 "$T/noexec"
expect 126 "$T/noexec" -- -l pass -- "$T/noexec"

# the same settings given by hand through the environment
LD_PRELOAD="$PV_BUILD/libpurevirt.so" PUREVIRT_LAYERS=nosuchlayer sh -c "$run" 2>"$T/err"
[ $? = 2 ] && [ ! -e "$T/started" ] && grep -q nosuchlayer "$T/err" ||
	fail "PUREVIRT_LAYERS=nosuchlayer: not refused with status 2"
finish
