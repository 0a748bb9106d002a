# Bad input to bind and chroot: one line on stderr naming what is wrong,
# exit status 2, and the program never started -- whether purevirt finds it
# while reading its arguments (a missing HOST or DIR, a relative GUEST) or
# the layer finds it in its own view when the program's process starts (a
# bind stacked on a chroot whose HOST the root lacks).  A program the root
# does not hold: the shell's 127.
. "$PV_TOP/tests/integration/lib.sh"

# expect STATUS WORD PURVIRT_ARGS...: status STATUS, exactly one line on
# stderr, holding WORD, and $T/started never made
expect() {
	want=$1 word=$2
	shift 2
	rm -f "$T/started"
	"$PV" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	[ "$got" = "$want" ] || fail "purevirt $*: exit $got, want $want"
	[ "$(wc -l <"$T/err")" = 1 ] || {
		fail "purevirt $*: $(wc -l <"$T/err") lines on stderr, want 1"
		sed 's/^/      /' "$T/err"
	}
	grep -qF -- "$word" "$T/err" || fail "purevirt $*: '$(cat "$T/err")' does not name '$word'"
	[ ! -e "$T/started" ] || fail "purevirt $*: the program was started"
}

R=$T/root
mkdir -p "$R/bin" "$T/host"
cp /bin/busybox "$R/bin/busybox"
touch "$T/file"
run="touch $T/started"

# bind
expect 2 "bind" -l bind -- sh -c "$run"
expect 2 "$T/missing" -l "bind:$T/missing:/g" -- sh -c "$run"
expect 2 "'relative/g'" -l "bind:$T/host:relative/g" -- sh -c "$run"
expect 2 "GUEST" -l "bind:$T/host:" -- sh -c "$run"
expect 2 "$T/missing" -l pass -l "bind:$T/host:/g" -l "bind:$T/missing:/h" -- sh -c "$run"
# chroot
expect 2 "chroot" -l chroot -- sh -c "$run"
expect 2 "$T/missing" -l "chroot:$T/missing" -- sh -c "$run"
expect 2 "Not a directory" -l "chroot:$T/file" -- sh -c "$run"
expect 2 "'proc'" -l "chroot:$R:proc" -- sh -c "$run"
expect 2 "/nonexistent" -l "chroot:$R:/proc,/nonexistent" -- sh -c "$run"
# found by the layer, in its view, when the program's process starts: the
# root has no /etc (purevirt's own check saw the host's)
expect 2 "'/etc'" -l "bind:/etc:/mnt/e" -l "chroot:$R" -- /bin/busybox sh -c "$run"
# a program the root does not hold, although the host does
expect 127 "sed" -l "chroot:$R" -- sed -n p "$T/file"
finish
