# A layer in a shared object, as the README shows it: loaded by path with -l,
# in every mode; its refusal reaches the program as the kernel's errno.
. "$PV_TOP/tests/integration/lib.sh"
LAYER=${PV_BUILD:-$PV_TOP/build}/examples/nounlink.so
eperm=$(python3 -c 'import os, errno; print(os.strerror(errno.EPERM))')
for mode in libc sud hybrid; do
	touch "$T/victim"
	"$PV" -m $mode -l "$LAYER" -- rm "$T/victim" 2>"$T/err"
	st=$?
	[ $st = 1 ] || fail "[$mode] rm under nounlink exited $st, want 1"
	[ -e "$T/victim" ] || fail "[$mode] the file was removed"
	grep -q "$eperm" "$T/err" || fail "[$mode] rm did not report '$eperm': $(cat "$T/err")"
	# the layer passes everything else down unchanged
	"$PV" -m $mode -l "$LAYER" -- sh -c "echo kept > $T/other && cat $T/other" >"$T/out"
	[ "$(cat "$T/out")" = kept ] || fail "[$mode] other calls did not pass"
done
finish
