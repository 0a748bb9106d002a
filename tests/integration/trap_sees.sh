# Calls only the trap can see: glibc's name service opens /etc/passwd with an
# inline syscall, and the dynamic loader opens Python's extension modules.
# Under sud and hybrid the trace has strace's very line for them; the libc
# path alone does not see them.
. "$PV_TOP/tests/integration/lib.sh"

# check NAME REGEX CMD...: strace's line matching REGEX appears identically
# in the sud and hybrid traces, and not in the libc-path trace.
check() {
	name=$1 pattern=$2
	shift 2
	strace -f -qq -o "$T/strace" "$@" >/dev/null 2>&1
	want=$(sed -E 's/^[0-9]+ +//' "$T/strace" | grep -E -- "$pattern" | head -1)
	[ -n "$want" ] || { fail "$name: strace shows no line with $pattern"; return; }
	for mode in sud hybrid libc; do
		"$PV" -m $mode -l trace -o "$T/pv" -- "$@" >/dev/null 2>&1
		got=$(sed -E 's/^[0-9]+ +//' "$T/pv" | grep -E -- "$pattern" | head -1)
		if [ $mode = libc ]; then
			[ -z "$got" ] || fail "$name: the libc path saw '$got'"
		elif [ "$got" != "$want" ]; then
			fail "$name [$mode]: line differs from strace's"
			printf '      strace:   %s\n      purevirt: %s\n' "$want" "$got"
		fi
	done
}

check "getent passwd root" '^openat\(.*"/etc/passwd"' getent passwd root
check "python3 import json" '^openat\(.*_json\.cpython' python3 -c 'import json'
finish
