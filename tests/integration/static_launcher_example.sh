# examples/static_launcher: a launcher of one's own, linked with
# libpurevirt.a, runs programs (static or dynamic) in its process under its
# own layer.  The layer renames the node in uname() and counts the calls:
# the count must be strace's.
. "$PV_TOP/tests/integration/lib.sh"

L=${PV_BUILD:-$PV_TOP/build}/examples/static_launcher
BB=$(command -v busybox)
[ -x "$L" ] || { fail "$L is missing"; finish; }

# the layer is there from the first call: the program sees its answer
[ "$("$BB" uname -n)" != virtual-host ] || fail "the host is called virtual-host: the check is blind"
out=$("$L" "$BB" uname -n 2>/dev/null)
[ "$out" = virtual-host ] || fail "static busybox uname -n under the launcher: '$out'"
out=$("$L" /bin/uname -n 2>/dev/null)
[ "$out" = virtual-host ] || fail "dynamic uname -n under the launcher: '$out'"

# everything else as native, and every call counted
count_strace() {
	strace -f -qq -o "$T/s" "$@" >"$T/sout" 2>&1 # a file, as below
	grep -v -e '^[0-9]* *+++' -e '^[0-9]* *---' "$T/s" | sed 1d | wc -l
}
for cmd in "$BB echo hello" "$BB ls -l /usr/include/linux/netfilter" \
	"$PROGS/static-pie/static_probe start" "/bin/echo dynamic too"; do
	# shellcheck disable=SC2086
	$cmd >"$T/native" 2>/dev/null
	ns=$?
	# shellcheck disable=SC2086
	"$L" $cmd >"$T/out" 2>"$T/err"
	ls=$?
	cmp -s "$T/native" "$T/out" || { fail "$cmd: stdout differs"; show_diff "$T/native" "$T/out"; }
	[ "$ns" = "$ls" ] || fail "$cmd: status $ls, native $ns"
	# shellcheck disable=SC2086
	want=$(count_strace $cmd)
	got=$(sed -n 's/^static_launcher: \([0-9]*\) system calls$/\1/p' "$T/err")
	[ "$got" = "$want" ] || fail "$cmd: the layer counted '$got' calls, strace $want"
done

"$L" "$T/nonexistent" 2>"$T/err"
[ $? = 126 ] && grep -q "^static_launcher: $T/nonexistent: No such file" "$T/err" ||
	fail "a missing program: $(cat "$T/err")"
finish
