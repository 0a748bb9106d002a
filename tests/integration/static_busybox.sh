# Statically linked busybox (Debian's busybox-static) loaded by purevirt:
# the same stdout and exit status as native, under pass and under trace.
# A static program has no libc path: it always runs in sud mode.
. "$PV_TOP/tests/integration/lib.sh"

BB=$(command -v busybox) || { echo "busybox is not installed"; exit 1; }
readelf -l "$BB" | grep -q INTERP &&
	{ echo "$BB is not statically linked (install busybox-static)"; exit 1; }

C="sud/pass sud/trace"
mkdir -p "$T/dir/sub" && echo hello >"$T/dir/sub/file" && echo x >"$T/dir/top"

same_as_native "$C" busybox ls /usr/include/linux/netfilter
same_as_native "$C" busybox ls -l "$T/dir"
same_as_native "$C" busybox ls /nonexistent
same_as_native "$C" busybox sh -c 'busybox echo hi | busybox wc -c'
same_as_native "$C" busybox sh -c 'for i in 1 2 3; do (busybox echo $i; exit $i); done; exit 5'
same_as_native "$C" busybox find "$T/dir"
same_as_native "$C" busybox sh -c "busybox tar cf - -C $T dir | busybox tar tvf -"
same_as_native "$C" busybox sh -c "busybox tar cf $T/d.tar -C $T dir && busybox mkdir $T/x && busybox tar xf $T/d.tar -C $T/x && busybox find $T/x && busybox rm -r $T/x $T/d.tar"
# applets the standalone shell runs by re-executing /proc/self/exe
same_as_native "$C" busybox sh -c 'wc -c </etc/passwd; ls /usr/include/linux/netfilter | head -3'
finish
