# The wrappers of the file, metadata, name, memory, socket, polling and
# event families make the system calls glibc makes: probe_files calls each
# of them between two writes to fd -1; the names of the calls strace sees
# natively between those markers must be the names the trace layer sees
# under the libc path, in the same order.  Only names are compared: the
# trace layer's argument decoding is not this test's business.
. "$PV_TOP/tests/integration/lib.sh"

if ! command -v strace >/dev/null 2>&1; then
	echo "SKIP: strace is not installed"
	exit 0
fi

# names FILE: the call names from the first write(-1, ...) to the last,
# without strace's pid prefixes and whatever the arguments look like.
names() {
	sed -E 's/^\[pid +[0-9]+\] //; s/^[0-9]+ +//' "$1" |
		awk '/^write\((-1|0xf+),/ { if (!on) on = 1; else last = NR }
		     on { line[NR] = $0 }
		     END { for (i = 1; i <= last; i++) if (i in line) print line[i] }' |
		sed -E 's/\(.*//'
}

run_probe() { # how output
	rm -rf "$T/dir" && mkdir "$T/dir" || return 1
	case $1 in
	native) strace -f -qq -o "$2" "$PROGS/probe_files" "$T/dir" ;;
	libc) "$PV" -m libc -l trace -o "$2" -- "$PROGS/probe_files" "$T/dir" ;;
	esac
}

run_probe native "$T/native.trace" || fail "probe_files failed natively"
run_probe libc "$T/pv.trace" || fail "probe_files failed under purevirt -m libc"
names "$T/native.trace" >"$T/native.names"
names "$T/pv.trace" >"$T/pv.names"
if [ "$(wc -l <"$T/native.names")" -lt 200 ]; then
	fail "too few calls between the markers natively: $(wc -l <"$T/native.names")"
fi
if ! cmp -s "$T/native.names" "$T/pv.names"; then
	fail "system calls differ from glibc's (< native, > purevirt -m libc)"
	show_diff "$T/native.names" "$T/pv.names"
fi
finish
