# bind:HOST:GUEST against proot -b HOST:GUEST, the oracle: shell commands
# reading, listing, walking (cd, .., symbolic links), writing and renaming
# inside the bound tree, and running programs from it -- a dynamic one, a
# static one, a script -- give the same stdout and exit status under both,
# in each mode.  Where proot 5.3 itself is wrong (it translates neither
# statx, which coreutils' stat and ls -l use, nor the names sendto and
# sendmsg carry) the commands are compared with native runs on HOST's own
# path instead.
. "$PV_TOP/tests/integration/lib.sh"

command -v proot >/dev/null || { fail "proot is not installed (the oracle)"; finish; }
BB=/bin/busybox
[ -x "$BB" ] || { fail "$BB (busybox-static) is not installed"; finish; }
PROBE=$PROGS/paths_probe

H=$T/hst          # the host tree
G=$T/mnt/gst      # where the program sees it (absent from the host): its
                  # parent is not HOST's, so .. tells the views apart
H2=$T/hs2 G2=$T/mnt/second
mkdir -p "$H/sub/deep" "$H/bin" "$H2" "$G2" "$T/work" # $G2: a mount point
echo one >"$H/file.txt"
echo note >"$H/sub/note.txt"
ln -s ../file.txt "$H/sub/up"           # relative, climbs out of sub
ln -s "$G/sub/note.txt" "$H/abs"        # absolute, in the program's view
ln -s "$G/sub" "$H/sub/deep/loop"       # a directory, through the guest
cp "$PROBE" "$H/bin/probe"
cp "$BB" "$H/bin/static"
printf '#!/bin/sh\necho "script $0 $*"\n' >"$H/bin/script"
chmod +x "$H/bin/script"
echo second >"$H2/s.txt"

# both LABEL CMD: the shell command CMD under each mode
both() {
	for mode in hybrid libc sud; do
		same_as_proot "$mode $1" "-b $H:$G" "-m $mode -l bind:$H:$G" sh -c "$2"
	done
}

both read "cat $G/file.txt $G/sub/up $G/abs $G/sub/deep/loop/note.txt"
both list "busybox ls $G $G/sub; busybox ls -a $G/sub/deep; busybox ls $G/sub/deep/loop/"
both stat "busybox stat -c '%n %s %F %a %h' $G/file.txt $G/sub $G/abs $G/sub/up;
	busybox stat -L -c '%n %s %F' $G/abs"
both cd-dotdot "cd $G/sub/deep && cd .. && pwd && pwd -P && /bin/pwd; cd ../.. && pwd -P;
	cd $G/.. && pwd -P; cd $G && cd .. && /bin/pwd; cat $G/sub/../../gst/file.txt"
both readlink "readlink -f $G/sub/up $G/abs; readlink $G/abs $G/sub/up;
	readlink -f $G/sub/nonexistent/x; echo \$?"
both realpath "realpath $G/sub/up $G/abs; cd $G/sub && realpath ../file.txt deep up"
both find "find $G | sort; find $G -name '*.txt' | sort; find $G/sub -type l | sort"
both write "echo two >$G/new.txt && mv $G/new.txt $G/sub/moved.txt && cat $G/sub/moved.txt &&
	ln -s moved.txt $G/sub/l && cat $G/sub/l && ln $G/sub/moved.txt $G/hard &&
	mkdir $G/d && mv $G/d $G/sub/d2 && rmdir $G/sub/d2 && touch $G/sub/t && chmod 600 $G/sub/t &&
	busybox stat -c '%a %h' $G/sub/t $G/hard && rm $G/sub/moved.txt $G/sub/l $G/hard $G/sub/t &&
	busybox ls $G $G/sub"
both errors "cat $G/missing; echo \$?; busybox ls $G/file.txt/x; echo \$?; cd $G/nope; echo \$?;
	mkdir $G/sub; echo \$?; rmdir $G/sub; echo \$?"
both exec "$G/bin/probe self; cd $G/bin && ./probe self && ./script a b && ./static echo static;
	$G/bin/script x 'y z'; PATH=$G/bin:\$PATH; probe self | head -2; script via-path"
both proc "cd $G/sub && readlink /proc/self/cwd && readlink /proc/\$\$/cwd;
	exec 3<$G/file.txt; readlink /proc/self/fd/3; cat /proc/self/fd/3"
both probe "$PROBE sock $G/sock; $PROBE at $G/sub up; $PROBE at $G/sub/deep loop;
	cp $G/file.txt $G/m && $PROBE meta $G/m; rm $G/m"

# a static program (busybox), which LD_PRELOAD-based tools cannot enter
for mode in sud hybrid; do
	same_as_proot "$mode busybox" "-b $H:$G" "-m $mode -l bind:$H:$G" "$BB" sh -c \
		"cat $G/abs; cd $G/sub/deep && cd .. && pwd -P; readlink -f $G/sub/up;
		ls $G/sub; find $G/sub | sort; echo x >$G/w && mv $G/w $G/w2 && cat $G/w2 && rm $G/w2;
		$G/bin/probe self; $G/bin/script s"
done

# two binds, two layers
same_as_proot "two binds" "-b $H:$G -b $H2:$G2" "-l bind:$H:$G -l bind:$H2:$G2" sh -c \
	"cat $G/file.txt $G2/s.txt; cd $G2 && pwd -P; cd .. && pwd -P; find $G2"

# threads and a signal handler making path calls at once, in each mode
if command -v python3 >/dev/null; then
	cat >"$T/threads.py" <<EOF
import threading, os, signal
signal.signal(signal.SIGALRM, lambda s, f: os.stat("$G/file.txt"))
signal.setitimer(signal.ITIMER_REAL, 0.002, 0.002)
bad = []
def work(n):
    for i in range(100):
        p = "$G/sub/t%d" % n
        with open(p, "w") as f: f.write("x" * i)
        if os.stat(p).st_size != i or os.path.realpath(p) != p: bad.append(p)
        os.rename(p, p + ".r"); os.unlink(p + ".r")
ts = [threading.Thread(target=work, args=(n,)) for n in range(12)]
[t.start() for t in ts]; [t.join() for t in ts]
signal.setitimer(signal.ITIMER_REAL, 0, 0)
print(len(bad), sorted(os.listdir("$G/sub")))
EOF
	for mode in hybrid sud; do
		got=$("$PV" -m $mode -l "bind:$H:$G" -- python3 "$T/threads.py" 2>&1 </dev/null)
		[ "$got" = "0 ['deep', 'note.txt', 'up']" ] || fail "[$mode threads] python3: $got"
	done
fi

# the oracle sees the tree (it is not agreeing on failures)
(cd "$T/work" && proot -b "$H:$G" cat "$G/abs") 2>/dev/null | grep -qx note ||
	fail "proot does not show $H at $G: the comparisons mean nothing"

# writes land in HOST, and GUEST does not appear in the host's tree
"$PV" -l "bind:$H:$G" -- sh -c "echo made >$G/made" </dev/null
[ "$(cat "$H/made" 2>/dev/null)" = made ] || fail "a file written at $G/made is not $H/made"
[ ! -e "$G" ] || fail "$G appeared on the host"

# What proot 5.3 gets wrong -- statx (coreutils' stat, ls -l), the
# directories readlink -f and realpath meet (through statx too), a symbolic
# link to a directory given by its guest name, datagram names -- against
# the kernel itself: a real bind mount in a private mount namespace (which
# needs root).  kernel_same LABEL CMD: CMD natively with HOST mounted at
# GUEST, and under purevirt.
if unshare -m true 2>/dev/null; then
	kernel_same() {
		mkdir "$G"
		(cd "$T/work" && unshare -m sh -c 'mount --bind "$1" "$2" && sh -c "$3"' \
			- "$H" "$G" "$2") >"$T/native.out" 2>&1 </dev/null
		rmdir "$G"
		for mode in hybrid libc sud; do
			(cd "$T/work" && "$PV" -m $mode -l "bind:$H:$G" -- sh -c "$2") \
				>"$T/pv.out" 2>&1 </dev/null
			cmp -s "$T/native.out" "$T/pv.out" || {
				fail "[$mode $1] $2: differs from a real bind mount"
				show_diff "$T/native.out" "$T/pv.out"
			}
		done
	}
	kernel_same statx "stat -c '%n %s %F %a %h' $G/file.txt $G/sub $G/abs;
		stat -L -c '%s %F' $G/abs; ls -l --time-style=+ $G/sub | sed 's/  */ /g';
		ls $G $G/sub; stat -c %s $G/none; echo \$?"
	kernel_same dir-link "readlink -f $G/file.txt $G/sub/../file.txt $G/sub/../sub/deep $G/sub/deep/loop $G/sub/deep/loop/../up;
		cd $G/sub/deep/loop && pwd -P; cd $G/sub && realpath deep/loop ../sub/deep/loop/..;
		find -L $G/sub -maxdepth 3 -name '*.txt' | sort; cat $G/sub/deep/loop/note.txt"
	kernel_same dgram "$PROBE dgram $G/dg"
else
	echo "note: no mount namespace (not root?): the checks against a real bind mount are left out"
fi

# The first program itself may exist only in the view (G is absent from the
# host): proot runs it, and so must purevirt; one found nowhere is 127.
for mode in hybrid sud; do
	want=$(proot -b "$H:$G" "$G/bin/script" first 2>&1; echo "status $?")
	got=$("$PV" -m $mode -l "bind:$H:$G" -- "$G/bin/script" first 2>&1; echo "status $?")
	[ "$got" = "$want" ] || fail "[$mode] the first program in the view: '$got', proot: '$want'"
	"$PV" -m $mode -l "bind:$H:$G" -- "$G/bin/nothere" 2>/dev/null
	[ $? = 127 ] || fail "[$mode] a first program found nowhere: not 127"
done
finish
