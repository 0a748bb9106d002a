# Bad arguments to trace, count and inject: one line on stderr naming the
# token, exit status 2, the program not started -- from the command, and
# from settings given by hand in the environment.
. "$PV_TOP/tests/integration/lib.sh"

# expect WORD LAYER: purevirt -l LAYER exits 2, prints one line naming WORD
# and never starts the program (which would create $T/started).
expect() {
	word=$1 layer=$2
	for extra in "" --from-start; do
		rm -f "$T/started"
		# shellcheck disable=SC2086
		"$PV" $extra -l "$layer" -- sh -c "touch $T/started" >"$T/out" 2>"$T/err"
		got=$?
		[ "$got" = 2 ] || fail "-l $layer $extra: exit $got, want 2"
		[ "$(wc -l <"$T/err")" = 1 ] ||
			{ fail "-l $layer $extra: $(wc -l <"$T/err") lines on stderr, want 1"; cat "$T/err"; }
		grep -qF -- "$word" "$T/err" ||
			fail "-l $layer $extra: '$(cat "$T/err")' does not name '$word'"
		[ ! -e "$T/started" ] || fail "-l $layer $extra: the program was started"
	done
}

# sets, in every layer that takes one
expect "'nosuch'" trace:nosuch
expect "'%nosuch'" trace:%nosuch
expect "'opnat'" 'trace:openat,opnat'
expect "'FILE'" trace:FILE
expect "'!'" 'trace:!'
expect "'/open.*'" 'trace:/open.*'
expect "'nosuch'" count:nosuch
expect "'%bogus'" inject:%bogus:error=EPERM
expect "'x'" 'inject:stat,x:error=EPERM' # the set is the first token
# count's options
expect "'size'" count:sort=size
expect "'bogus=1'" count:bogus=1
expect "'write'" count:read:write
# inject: actions, names, when
expect "inject" inject
expect "action" inject:openat
expect "action" inject:openat:when=3
expect "'EFOO'" inject:openat:error=EFOO
expect "'EWOULDBLOCK'" inject:openat:error=EWOULDBLOCK
expect "'0'" inject:openat:error=0
expect "'4096'" inject:openat:error=4096
expect "'0x2'" inject:openat:error=0x2
expect "'abc'" inject:openat:retval=abc
expect "'SIGFOO'" inject:openat:signal=SIGFOO
expect "'65'" inject:openat:signal=65
expect "'0'" inject:openat:signal=0
expect "'0'" inject:openat:error=EPERM:when=0
expect "'65536'" inject:openat:error=EPERM:when=65536
expect "'3..2'" inject:openat:error=EPERM:when=3..2
expect "'3+0'" inject:openat:error=EPERM:when=3+0
expect "'3..'" inject:openat:error=EPERM:when=3..
expect "'x'" inject:openat:error=EPERM:when=x
expect "'1..65535'" inject:openat:error=EPERM:when=1..65535
expect "'2'" inject:openat:error=EPERM:when=p:2
expect "'seed=1'" inject:openat:error=EPERM:when=p:seed=1
expect "probability" inject:openat:error=EPERM:when=p
expect "'retval=1'" inject:openat:error=EPERM:retval=1
expect "'signal=USR2'" inject:openat:signal=USR1:signal=USR2
expect "'1h'" inject:openat:delay_enter=1h
expect "'-1'" inject:openat:delay_exit=-1
expect "'read'" inject:openat:error=EPERM:syscall=read
expect "syscall=" inject:openat:signal=USR1:syscall=getpid
expect "seed=" inject:openat:error=EPERM:seed=3
expect "'frob=1'" inject:openat:error=EPERM:frob=1
expect "'poke_enter'" inject:openat:poke_enter=@arg1=00

# the same settings by hand, as an exec'd program would meet them
rm -f "$T/started"
LD_PRELOAD="$PV_BUILD/libpurevirt.so" PUREVIRT_LAYERS='inject:openat:error=EFOO' \
	sh -c "touch $T/started" 2>"$T/err"
st=$?
[ $st = 2 ] && [ ! -e "$T/started" ] && grep -q EFOO "$T/err" ||
	fail "PUREVIRT_LAYERS with a bad errno: status $st, '$(cat "$T/err")'"
finish
