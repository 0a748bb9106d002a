# purelibc hooks preloaded after libpurelibc.so, as purelibc documents it:
# the redirecting hook, the counting hook, both together in either order, the
# return convention, and the calls only the trap shows a hook.
. "$PV_TOP/tests/integration/lib.sh"
B=${PV_BUILD:-$PV_TOP/build}
CT=$B/tests/compat
LIB=$B/libpurelibc.so

[ "$(readlink "$LIB")" = libpurevirt.so ] || fail "libpurelibc.so is not a link to libpurevirt.so"

printf 'pvcompat:x:4242:4242:not the password file:/nowhere:/bin/false\nsecond line\n' >"$T/other"
cmp -s "$T/other" /etc/passwd && fail "the test file equals /etc/passwd"

# hooked MODE HOOK.so... -- CMD...: CMD with the hooks preloaded, first listed
# first in LD_PRELOAD.  ld.so runs the constructors of later preloads first,
# so the last-listed hook calls _pure_start first and is the lowest layer.
hooked() {
	mode=$1 pre=$LIB
	shift
	while [ "$1" != -- ]; do
		pre="$pre:$CT/$1"
		shift
	done
	shift
	LANG=C PUREVIRT_MODE=$mode PURE_REDIRECT_TO="$T/other" LD_PRELOAD="$pre" "$@"
}

# what a native run says about a missing file
LANG=C cat /nonexistent/purevirt >/dev/null 2>"$T/native.err"
native_missing=$(cat "$T/native.err")

for mode in hybrid sud libc; do
	hooked $mode redirect.so -- cat /etc/passwd >"$T/out" 2>"$T/err"
	st=$?
	[ $st = 0 ] || fail "[$mode] cat exited $st"
	if ! cmp -s "$T/out" "$T/other"; then
		fail "[$mode] cat /etc/passwd did not print the other file"
		show_diff "$T/other" "$T/out"
	fi
	grep -qx "redirect: /etc/passwd -> $T/other" "$T/err" ||
		fail "[$mode] the hook's _pure_debug_printf line is missing"

	# Both hooks, the counter below: it sees the redirector's own openat,
	# and never a write to 2 although both hooks print there with
	# _pure_debug_printf.  (Into a pipe: cat then writes rather than
	# using copy_file_range.)
	hooked $mode redirect.so counter.so -- cat /etc/passwd 2>"$T/err" | cat >"$T/out"
	cmp -s "$T/out" "$T/other" || fail "[$mode] two hooks: cat did not print the other file"
	grep -qx "counter: openat $T/other" "$T/err" ||
		fail "[$mode] the lower hook did not see the upper hook's openat"
	grep -qx "counter: openat /etc/passwd" "$T/err" &&
		fail "[$mode] the lower hook saw the program's openat, unchanged"
	grep -qx "counter: write to 1" "$T/err" ||
		fail "[$mode] the counter did not see cat's writes"
	grep -qx "counter: write to 2" "$T/err" &&
		fail "[$mode] _pure_debug_printf went through a hook"

	# The other order: the counter above sees the program's call as made,
	# and not the redirector's.
	hooked $mode counter.so redirect.so -- cat /etc/passwd 2>"$T/err" | cat >"$T/out"
	cmp -s "$T/out" "$T/other" || fail "[$mode] counter on top: cat did not print the other file"
	grep -qx "counter: openat /etc/passwd" "$T/err" ||
		fail "[$mode] the upper hook did not see the program's openat"
	grep -qx "counter: openat $T/other" "$T/err" &&
		fail "[$mode] the upper hook saw the lower hook's call"

	# The return convention: -1 and errno from the handler, and the
	# kernel's error passed back through it.
	PURE_REFUSE=$T/other hooked $mode redirect.so -- cat "$T/other" >"$T/out" 2>"$T/err"
	st=$?
	[ $st = 1 ] || fail "[$mode] cat of a refused file exited $st, want 1"
	grep -qx "cat: $T/other: Invalid cross-device link" "$T/err" ||
		fail "[$mode] refused: $(head -1 "$T/err"), want EXDEV's message"
	[ -s "$T/out" ] && fail "[$mode] cat printed a refused file"
	hooked $mode redirect.so -- cat /nonexistent/purevirt >/dev/null 2>"$T/err"
	[ "$(cat "$T/err")" = "$native_missing" ] ||
		fail "[$mode] missing file: '$(cat "$T/err")', native '$native_missing'"
done

# getent reads /etc/passwd inside glibc (NSS), with inline system calls that
# no exported function sees: purelibc's reach (libc mode) leaves the hook
# blind to it, the trap does not.
LANG=C getent passwd pvcompat >/dev/null && fail "pvcompat exists natively"
for mode in hybrid sud; do
	out=$(hooked $mode redirect.so -- getent passwd pvcompat 2>/dev/null)
	[ "$out" = "$(head -1 "$T/other")" ] ||
		fail "[$mode] getent passwd pvcompat gave '$out', want the other file's entry"
done
hooked libc redirect.so -- getent passwd pvcompat >/dev/null 2>&1
st=$?
[ $st = 2 ] || fail "[libc] getent found the redirected entry (status $st): libc mode should not see NSS"

# bad input: one line naming it, status 2, the program does not run
PUREVIRT_MODE=bogus LD_PRELOAD="$LIB:$CT/counter.so" sh -c 'echo ran' >"$T/out" 2>"$T/err"
st=$?
[ $st = 2 ] || fail "unknown PUREVIRT_MODE: status $st, want 2"
[ -s "$T/out" ] && fail "unknown PUREVIRT_MODE: the program ran"
[ "$(cat "$T/err")" = "purevirt: unknown mode 'bogus' in PUREVIRT_MODE" ] ||
	fail "unknown PUREVIRT_MODE: said '$(cat "$T/err")'"
finish
