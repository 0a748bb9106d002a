# A program written for purelibc that links the redirecting hook and calls
# _pure_start itself with PUREFLAG_STDALL: its stdio on the standard streams,
# every way it opens /etc/passwd, the return convention both ways, errno left
# alone, the returned function called from the program, and a second
# _pure_start in the same program.  Checked against the real files and the
# messages a native run gives.
. "$PV_TOP/tests/integration/lib.sh"
SELF=${PV_BUILD:-$PV_TOP/build}/tests/compat/selfhook

printf 'pvcompat:x:4242:4242:not the password file:/nowhere:/bin/false\nsecond line\n' >"$T/other"
echo "refuse me" >"$T/refused"
other=$(head -1 "$T/other") real=$(head -1 /etc/passwd)
[ "$other" != "$real" ] || fail "the test file equals /etc/passwd"
LANG=C cat /nonexistent/purevirt 2>"$T/native.err"
missing=$(sed "s/.*: //" "$T/native.err")
LANG=C cat "$T/refused" >/dev/null || fail "the refused file cannot be read natively"

# expect MODE STDIO INLINE: the report selfhook should print
expect() {
	cat <<END
stdin: typed line
stdin through handler: $2
stdout through handler: $2
stderr through handler: $2
fopen: $other
open: $other
inline: $3
refused: Invalid cross-device link
missing: $missing
errno after getppid: 4242
getppid: yes
real from main: $real
real missing: $missing
distinct functions: yes
nested open: $other
upper saw the open: yes
upper's function reaches the lower hook only: yes
debug printf returned: 3007
END
}

check() { # MODE FLAGS STDIO INLINE
	expect "$1" "$3" "$4" >"$T/want"
	echo "typed line" | LANG=C PUREVIRT_MODE=$1 SELFHOOK_FLAGS=$2 \
		"$SELF" "$T/other" "$T/refused" >"$T/out" 2>"$T/err"
	st=$?
	[ $st = 0 ] || fail "[$1 flags $2] selfhook exited $st: $(head -3 "$T/err")"
	if ! cmp -s "$T/want" "$T/out"; then
		fail "[$1 flags $2] selfhook's report differs"
		show_diff "$T/want" "$T/out"
	fi
	grep -qx "a line on stderr" "$T/err" || fail "[$1 flags $2] the stderr line was lost"
	[ "$(grep '^long: ' "$T/err" | tr -d '\n' | wc -c)" = 3006 ] ||
		fail "[$1 flags $2] a long _pure_debug_printf line was cut"
}

# PUREFLAG_STDALL (7) routes the standard streams through the handler in
# every mode; the trap sees glibc's own stream calls even without it, libc
# mode does not (as in purelibc).  Only the trap sees an inline syscall.
check hybrid 7 yes "$other"
check sud 7 yes "$other"
check libc 7 yes "$real"
check hybrid 0 yes "$other"
check libc 0 no "$real"
finish
