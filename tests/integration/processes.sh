# Process creation under every mode: fork exit codes, vfork+exec, posix_spawn,
# a raw clone3 thread, shell pipelines, make -j2; and children that clean
# their environment stay under the layers.
. "$PV_TOP/tests/integration/lib.sh"

C="libc/pass sud/pass hybrid/pass hybrid/trace"
same_as_native "$C" "$PROGS/spawn"
same_as_native "$C" sh -c 'cat /etc/passwd | sort | uniq -c | sort -rn | head -3; exit 4'
same_as_native "$C" sh -c 'for i in 1 2 3 4 5; do (echo $i; exit $i); done | wc -l'
same_as_native "$C" env -i sh -c 'echo clean; /bin/true && exit 9'

# make -j2 compiling a few files: same result, and as many processes seen by
# the trace as strace -f sees
mkdir "$T/mk"
for i in 1 2 3 4; do printf 'int f%d(void) { return %d; }\n' $i $i >"$T/mk/f$i.c"; done
printf 'int main(void) { return 0; }\n' >"$T/mk/main.c"
printf 'prog: main.o f1.o f2.o f3.o f4.o\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -c $<\n' >"$T/mk/Makefile"
make -s -C "$T/mk" -j2 >/dev/null && rm -f "$T"/mk/*.o "$T/mk/prog"
strace -f -q -o "$T/strace.out" make -s -C "$T/mk" -j2 >/dev/null
rm -f "$T"/mk/*.o "$T/mk/prog"
for mode in sud hybrid; do
	"$PV" -m $mode -l trace -o "$T/pv.trace" -- make -s -C "$T/mk" -j2 >/dev/null ||
		fail "[$mode] make -j2 failed"
	[ -x "$T/mk/prog" ] || fail "[$mode] make -j2 built nothing"
	rm -f "$T"/mk/*.o "$T/mk/prog"
	want=$(grep -c '+++ exited with' "$T/strace.out")
	got=$(grep -c '+++ exited with' "$T/pv.trace")
	[ "$want" = "$got" ] || fail "[$mode] make -j2: $got tasks exited in the trace, strace saw $want"
done

# env -i: the child loses LD_PRELOAD and PUREVIRT_*; it must still be traced
for mode in libc hybrid; do
	"$PV" -m $mode -l trace -o "$T/env.trace" -- env -i sh -c 'cat /etc/hostname' >/dev/null
	n=$(grep -c '+++ exited with' "$T/env.trace")
	[ "$n" = 2 ] || fail "[$mode] env -i sh -c cat: $n processes traced, want 2"
done
finish
