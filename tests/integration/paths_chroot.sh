# chroot:DIR against proot -r DIR, the oracle, on a small root made here:
# busybox-static with its applet links, a few files, absolute and relative
# symbolic links, a #! script, and a dynamic program (and a dynamic shell)
# with the libraries and the dynamic loader they name copied in.  The same
# shell commands -- reading, listing, walking, writing, renaming, running
# the root's programs, /proc and /dev when asked for -- give the same
# stdout and exit status under both, in each mode; the first program is
# the root's own, found through PATH in the root.
. "$PV_TOP/tests/integration/lib.sh"

command -v proot >/dev/null || { fail "proot is not installed (the oracle)"; finish; }
BB=/bin/busybox
[ -x "$BB" ] || { fail "$BB (busybox-static) is not installed"; finish; }
PROBE=$PROGS/paths_probe

R=$T/root
mkdir -p "$R/bin" "$R/etc" "$R/dir/sub" "$R/tmp" "$R/proc" "$R/dev" "$R/usr/bin" "$R/mnt" "$T/work"
cp "$BB" "$R/bin/busybox"
for a in sh ls cat echo pwd readlink realpath find stat mkdir mv rm rmdir ln touch \
	chmod cp head sort wc env true false basename test; do
	ln -s busybox "$R/bin/$a"
done
echo hello >"$R/etc/greeting"
echo deep >"$R/dir/sub/file"
ln -s /etc/greeting "$R/abs"      # absolute: resolves inside the root
ln -s etc/greeting "$R/rel"
ln -s /etc "$R/dirlink"
ln -s /dir/sub "$R/sublink"        # a directory the host does not have
ln -s ../../abs "$R/dir/sub/up"   # relative, then absolute
ln -s /etc/greeting "$R/dir/sub/deepabs"
printf '#!/bin/sh\necho "hello $0 $*"\n' >"$R/bin/hello"
printf '#!/usr/bin/dash\necho "dash script $0 $*"\n' >"$R/bin/dhello"
chmod +x "$R/bin/hello" "$R/bin/dhello"
# dynamic programs, with what they need from the host's libraries
cp "$PROBE" "$R/usr/bin/probe"
cp "$(command -v dash)" "$R/usr/bin/dash"
for lib in $( (ldd "$PROBE"; ldd "$(command -v dash)") |
	awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*[^:]$/ {print $1}' | sort -u); do
	mkdir -p "$R$(dirname "$lib")"
	cp -L "$lib" "$R$lib"
done
H=$T/hst
mkdir -p "$H"
echo bound >"$H/b.txt"

# root LABEL CMD: the shell command CMD, run by the root's /bin/sh, with the
# host's /proc and /dev, in each mode
root() {
	for mode in hybrid libc sud; do
		same_as_proot "$mode $1" "-r $R -b /proc -b /dev" "-m $mode -l chroot:$R:/proc,/dev" \
			/bin/sh -c "$2"
	done
}

root read "cat /etc/greeting /abs /rel /dirlink/greeting /dir/sub/up /dir/sub/file /dir/sub/deepabs;
	cd /dir && cat sub/deepabs"
root list "ls / /etc /dir/sub; ls -l /abs /rel /dirlink /dir/sub/up"
root stat "stat -c '%n %s %F %a' /abs /rel /etc/greeting /dirlink /dir /sublink/ /dir/sub/../../sublink/;
	stat -L -c '%n %s %F' /abs /dirlink /dir/sub/up"
root cd-dotdot "pwd; cd /dir/sub && cd .. && pwd && pwd -P; cd /dirlink && pwd -P;
	cd / && cd .. && pwd -P; cd /../../etc && pwd -P && /bin/pwd; cd /dir/sub/../../dirlink/.. && pwd -P"
root readlink "for f in /abs /rel /dirlink /dir/sub/up /dir/sub/../../abs /../etc; do
	readlink -f \$f; done; for f in /abs /dirlink /dir/sub/up; do readlink \$f; done;
	realpath /rel /dirlink/greeting /dir/sub/up"
root find "find / -path /proc -prune -o -path /dev -prune -o -print | sort; find /dir /dirlink/ | sort"
root write "echo new >/tmp/a && mv /tmp/a /tmp/b && cat /tmp/b && ln -s /tmp/b /tmp/l &&
	cat /tmp/l && readlink -f /tmp/l && mkdir /tmp/d && mv /tmp/d /tmp/e && touch /tmp/e/f &&
	chmod 600 /tmp/e/f && stat -c '%n %a' /tmp/e/f && rm -r /tmp/b /tmp/l /tmp/e && ls /tmp"
root errors "cat /nope; echo \$?; ls /abs/x; echo \$?; /bin/nope; echo \$?; cd /abs; echo \$?;
	cd /..; pwd; ls /../..; echo \$?"
root exec "/bin/hello a b; hello x; cd /bin && ./hello y; /bin/dhello d 'e f';
	/usr/bin/probe self; /usr/bin/probe libs; cd /usr/bin && ./probe self; (exec -a alias /usr/bin/probe self);
	/usr/bin/dash -c 'echo \$0; /usr/bin/probe self; readlink /proc/\$\$/exe'"
root probe "/usr/bin/probe at /etc greeting; /usr/bin/probe at / abs; /usr/bin/probe at /dir/sub up;
	/usr/bin/probe sock /tmp/s; cp /etc/greeting /tmp/m && /usr/bin/probe meta /tmp/m; rm /tmp/m"
root proc "cd /etc && readlink /proc/self/cwd; exec 3</etc/greeting; readlink /proc/\$\$/fd/3;
	cat /proc/\$\$/fd/3; readlink /proc/self/fd/3; ls -l /proc/self/cwd | sed 's/.* -> //'"
root dev "echo x >/dev/null && echo null; ls /dev/null; readlink -f /dev/stdin >/dev/null; echo \$?"
# the process image of a program the runtime loads is the program's when
# the kernel lets it be set (root: see static_exec.sh)
if [ "$(id -u)" = 0 ]; then
	root exe "readlink /proc/self/exe; readlink /proc/\$\$/exe; /bin/busybox readlink /proc/self/exe"
fi

# What proot 5.3 gets wrong (busybox's realpath through ..) against the
# kernel: a real chroot, with /proc and /dev bound into the root in a
# private mount namespace (which needs root).
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	kernel_same() {
		(cd "$T/work" && unshare -m sh -c 'mount --bind /proc "$1/proc" &&
			mount --bind /dev "$1/dev" && chroot "$1" /bin/sh -c "$2"' - "$R" "$2") \
			>"$T/native.out" 2>&1 </dev/null
		for mode in hybrid sud; do
			(cd "$T/work" && "$PV" -m $mode -l "chroot:$R:/proc,/dev" -- /bin/sh -c "$2") \
				>"$T/pv.out" 2>&1 </dev/null
			cmp -s "$T/native.out" "$T/pv.out" || {
				fail "[$mode $1] $2: differs from a real chroot"
				show_diff "$T/native.out" "$T/pv.out"
			}
		done
	}
	kernel_same realpath "realpath /dir/../etc /dir/sub/../../dirlink /etc/../dir/sub/up;
		cd /dir/sub && realpath .. ../../etc ../sub/up; echo \$?"
	kernel_same walk "cat /abs /dir/sub/up; cd /dirlink/.. && pwd -P; readlink /proc/self/root;
		readlink /proc/\$\$/cwd; /usr/bin/probe self; /usr/bin/probe at /dir sub"
else
	echo "note: not root or no mount namespace: the checks against a real chroot are left out"
fi

# without /proc and /dev: not there
same_as_proot "no proc" "-r $R" "-l chroot:$R" /bin/sh -c "readlink /proc/self/exe; echo \$?; ls /proc /dev; cat /abs"
# the first program is the root's: found through PATH there, a #! script too
same_as_proot "first ls" "-r $R" "-l chroot:$R" ls /
same_as_proot "first sh" "-r $R" "-l chroot:$R" sh -c 'ls /bin | wc -l; pwd'
same_as_proot "first path" "-r $R" "-l chroot:$R" /bin/busybox echo own
same_as_proot "first dynamic" "-r $R" "-l chroot:$R" /usr/bin/dash -c 'echo $0; /usr/bin/probe self | head -1; /usr/bin/probe libs'
same_as_proot "first static" "-m sud -r $R" "-m sud -l chroot:$R" /bin/sh -c 'cat /rel'
# a bind stacked below the chroot shows a host tree inside it, as -b does
# with -r; /proc the same way
same_as_proot "bind below" "-r $R -b $H:/mnt -b /proc" "-l chroot:$R -l bind:$H:$R/mnt -l bind:/proc:$R/proc" \
	/bin/sh -c "cat /mnt/b.txt; cd /mnt && pwd -P && ls; readlink /proc/self/cwd; /usr/bin/probe self"

# the oracle sees the root (it is not agreeing on failures)
(cd "$T/work" && proot -r "$R" /bin/cat /abs) 2>/dev/null | grep -qx hello ||
	fail "proot does not show $R as the root: the comparisons mean nothing"
# writes land inside the root; nothing outside it
name=pv-chroot-$$
"$PV" -l "chroot:$R" -- /bin/sh -c "echo x >/tmp/$name" </dev/null
[ -f "$R/tmp/$name" ] || fail "/tmp/$name written under chroot:$R is not in $R/tmp"
[ ! -e "/tmp/$name" ] || { fail "/tmp/$name was written outside the root"; rm -f "/tmp/$name"; }
finish
