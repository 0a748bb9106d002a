# purevirt --from-start: dynamic programs are loaded like static ones,
# their dynamic loader through the same loader, so the layers see every call
# from the first instruction.  Their output and status are native; they run
# without libpurevirt in their LD_PRELOAD (the launcher's runtime serves
# them), their children are loaded the same way, and layers in shared
# objects are refused (they would run with the program's libc state).
. "$PV_TOP/tests/integration/lib.sh"

mkdir -p "$T/dir/sub" && echo hello >"$T/dir/sub/file"

same_from_start() { # LAYER CMD...
	layer=$1
	shift
	(cd "$T" && "$@") >"$T/native.out" 2>/dev/null </dev/null
	ns=$?
	(cd "$T" && "$PV" --from-start -l "$layer" -o "$T/trace.out" -- "$@") \
		>"$T/pv.out" 2>"$T/pv.err" </dev/null
	ps=$?
	cmp -s "$T/native.out" "$T/pv.out" ||
		{ fail "[$layer] $*: stdout differs from native"; show_diff "$T/native.out" "$T/pv.out"; }
	[ "$ns" = "$ps" ] || { fail "[$layer] $*: exit status $ps, native $ns"; head -3 "$T/pv.err"; }
}
for l in pass trace; do
	same_from_start $l ls -l "$T/dir"
	same_from_start $l sh -c "cat /etc/passwd | sort | head -3; exit 3"
	same_from_start $l sh -c "tar cf - -C $T dir | tar tf -"
	same_from_start $l "$PROGS/static_probe" start a b
	same_from_start $l "$PROGS/static_probe" threads 6
	same_from_start $l "$PROGS/static_probe" signals
	same_from_start $l python3 -c 'import os; print(sorted(os.listdir("/etc"))[:3])'
done

# no second runtime: libpurevirt is not mapped, in the program or its child
n=$("$PV" --from-start -l pass -- cat /proc/self/maps | grep -c libpurevirt)
[ "$n" = 0 ] || fail "--from-start: libpurevirt mapped into the program"
n=$("$PV" --from-start -l pass -- sh -c 'cat /proc/self/maps' | grep -c libpurevirt)
[ "$n" = 0 ] || fail "--from-start: libpurevirt mapped into the child"
n=$("$PV" -l pass -- cat /proc/self/maps | grep -c libpurevirt)
[ "$n" -gt 0 ] || fail "without --from-start libpurevirt should be there (the check is blind)"

# the dynamic loader's first calls reach the layers: brk, then its mmap
"$PV" --from-start -l trace -o "$T/t" -- /bin/true
sed -n 2p "$T/t" | grep -q '^[0-9]* *brk(' || fail "--from-start: first call: $(sed -n 2p "$T/t")"
grep -q 'openat(.*' "$T/t" || fail "--from-start: the loader's openat of libc is not traced"

# a layer in a shared object is refused, before anything runs
cat >"$T/layer.c" <<'EOC'
#include <purevirt.h>
static long h(struct pv_syscall *c, void *d) { (void)c; (void)d; return -38; }
int purevirt_layer_init(const char *a, struct pv_layer *l, char *e, unsigned long n)
{ (void)a; (void)e; (void)n; l->name = "so"; l->handler = h; return 0; }
EOC
if cc -shared -fPIC -I"$PV_TOP/include" -o "$T/layer.so" "$T/layer.c"; then
	"$PV" --from-start -l "$T/layer.so" -- true >"$T/out" 2>"$T/err"
	st=$?
	[ "$st" = 2 ] || fail "--from-start with a shared-object layer: status $st, want 2"
	[ "$(wc -l <"$T/err")" = 1 ] && grep -q "^purevirt: layer '$T/layer.so' is a shared object" "$T/err" ||
		fail "--from-start with a shared-object layer: $(cat "$T/err")"
	"$PV" -l "$T/layer.so" -- "$PROGS/static/static_probe" args >/dev/null 2>"$T/err"
	[ $? = 2 ] || fail "a static program with a shared-object layer: not refused"
else
	fail "cannot build a layer"
fi
finish
