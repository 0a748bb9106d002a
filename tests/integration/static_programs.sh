# Programs built with gcc -static and -static-pie (tests/static.mk), run by
# purevirt's loader: what they are given at start (argv, environment, auxv,
# stack layout), their break, threads, signals, fork, death by a signal and
# their stack size -- identical to native, under pass and under trace.
. "$PV_TOP/tests/integration/lib.sh"

C="sud/pass sud/trace"
for kind in static static-pie; do
	P="$PROGS/$kind/static_probe"
	[ -x "$P" ] || { fail "$P is missing (make tests)"; continue; }
	# a static program, or this proves nothing
	readelf -l "$P" | grep -q INTERP && fail "$P is not statically linked"
	want=EXEC; [ $kind = static-pie ] && want=DYN
	readelf -h "$P" | grep -q "Type: *$want" || fail "$P is not $kind"
	same_as_native "$C" "$P" start one "two words" ""
	same_as_native "$C" env -i A=1 B= "$P" start
	same_as_native "$C" "$P" args
	same_as_native "$C" "$P" brk
	same_as_native "$C" "$P" threads 1
	same_as_native "$C" "$P" threads 12
	same_as_native "$C" "$P" signals
	same_as_native "$C" "$P" fork
	same_as_native "$C" "$P" kill 15
	same_as_native "$C" "$P" kill 11
	# a fresh stack of RLIMIT_STACK size: what fits natively fits, what
	# overflows natively overflows
	same_as_native "$C" sh -c "ulimit -s 2048; $P stack 1024"
	same_as_native "$C" sh -c "ulimit -s 2048; $P stack 8192"
	same_as_native "$C" sh -c "ulimit -s 2048; exec $P stack 8192"
done
finish
