# The fakeroot layer against fakeroot(1): the same commands under
# `purevirt -l fakeroot` and under `fakeroot` print the same (times
# normalized), in every mode, with processes in parallel, with the state
# saved, loaded and exchanged with fakeroot -s/-i, and for a static busybox
# that fakeroot cannot enter.  Run as an unprivileged user (nobody, when the
# tests run as root): the point is that no privilege is needed.
. "$PV_TOP/tests/integration/lib.sh"

command -v fakeroot >/dev/null || { echo "fakeroot is not installed"; exit 1; }
BB=$(command -v busybox) || { echo "busybox is not installed"; exit 1; }
PROBE=$PROGS/ident_ids

# as_user CMD...: runs CMD as nobody when we are root and nobody can reach
# the build; as ourselves otherwise.
chmod 755 "$T"
AS=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups -- test -x "$PV"; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	echo "running the commands as nobody"
fi
as_user() { $AS "$@"; }

# fresh NAME: an empty directory the user owns; prints its path
fresh() {
	rm -rf "$T/$1" && mkdir "$T/$1" && chmod 777 "$T/$1" && echo "$T/$1"
}

# Times are the only thing allowed to differ.
norm() {
	sed -E -e 's/ [A-Z][a-z]{2} [ 0-9]{2} ([0-9]{2}:[0-9]{2}|[0-9]{4}) / TIME /' \
		-e 's/ [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} / TIME /'
}

# compare WHAT FILE_A FILE_B
compare() {
	if ! cmp -s "$2" "$3"; then
		fail "$1"
		show_diff "$2" "$3"
	fi
}

SEQ='umask 022
touch a b c
chown 123:456 a
chown :789 b
chown 55 c
chmod 4755 a
chmod 2750 b
chmod 000 c
cat c >/dev/null && echo "c is readable, as root reads it"
mknod null c 1 3
mknod disk b 8 1
mkfifo fifo
mkdir -m 0 sub
ln a a2
mv a2 sub/
ln -s a link
chown -h 7:8 link
touch gone; chown 9:9 gone; rm gone
ls -ln | norm
stat -c "%n %u %g %a %F %t %T %h" * sub/*
id -u; id -g; id; id -G
tar cf - . | tar tvf - | norm | sort'
NORM_DEF=$(cat <<'EOF'
norm() { sed -E -e 's/ [A-Z][a-z]{2} [ 0-9]{2} ([0-9]{2}:[0-9]{2}|[0-9]{4}) / TIME /' -e 's/ [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} / TIME /'; }
EOF
)
SCRIPT="$NORM_DEF
$SEQ"

# --- the commands, one process after another, in every mode ---
W=$(fresh oracle)
(cd "$W" && as_user fakeroot sh -c "$SCRIPT") >"$T/fakeroot.out" 2>&1
grep -q '^crw-r--r-- *1 *0 *0 *1, *3 TIME null$' "$T/fakeroot.out" ||
	fail "fakeroot itself did not give the expected listing (is it working?)"
for mode in hybrid libc sud; do
	W=$(fresh "pv-$mode")
	(cd "$W" && as_user "$PV" -m $mode -l fakeroot -- sh -c "$SCRIPT") \
		>"$T/pv.out" 2>&1
	compare "[$mode] the commands under -l fakeroot differ from fakeroot" \
		"$T/fakeroot.out" "$T/pv.out"
done

# --- ids: every set*id call, and the ids handed on across exec ---
for arg in "" exec; do
	as_user fakeroot "$PROBE" $arg >"$T/fakeroot.out" 2>&1
	as_user "$PV" -l fakeroot -- "$PROBE" $arg >"$T/pv.out" 2>&1
	compare "ident_ids $arg: ids differ from fakeroot's" "$T/fakeroot.out" "$T/pv.out"
done

# --- two processes in parallel: make -j2, and a shell's background jobs ---
cat >"$T/Makefile" <<'EOF'
all: a b
a:
	mkdir -p da; for i in $$(seq 1 100); do touch da/f$$i; chown $$i:$$((i+1000)) da/f$$i; chmod 4$$((i % 8))55 da/f$$i; done
	mknod da/null c 1 3
b:
	mkdir -p db; for i in $$(seq 1 100); do touch db/f$$i; chown $$((i+500)):$$i db/f$$i; done
	for i in $$(seq 1 50); do rm db/f$$i; done
	mknod db/sda b 8 0
EOF
PAR="make -s -j2 -f $T/Makefile >/dev/null
(for i in 1 2 3 4 5 6 7 8; do touch j\$i; chown \$i:\$i j\$i; done) &
(for i in 1 2 3 4 5 6 7 8; do mkdir k\$i; chown 1\$i k\$i; done) &
wait
ls -lnR . | norm"
PAR="$NORM_DEF
$PAR"
W=$(fresh par-oracle)
(cd "$W" && as_user fakeroot sh -c "$PAR") >"$T/fakeroot.out" 2>&1
W=$(fresh par-pv)
(cd "$W" && as_user "$PV" -l fakeroot -- sh -c "$PAR") >"$T/pv.out" 2>&1
compare "make -j2 and background jobs: the shared state differs from fakeroot's" \
	"$T/fakeroot.out" "$T/pv.out"
[ "$(grep -c '^...[sS]' "$T/pv.out")" -ge 100 ] || fail "parallel: too few setuid files"

# --- the state: saved at the end, loaded by the next run, exchanged ---
P1='umask 022; touch a b; chown 12:34 a; chmod 4711 b; mknod d c 4 5; mkdir -m 0 z'
P2="$NORM_DEF
ls -ln | norm; stat -c '%n %u %g %a %F %t %T' *"
W1=$(fresh state-fr)
W2=$(fresh state-pv)
(cd "$W1" && as_user fakeroot -s "$W1/.st" sh -c "$P1" &&
	as_user fakeroot -i "$W1/.st" sh -c "$P2") >"$T/fakeroot.out" 2>&1
(cd "$W2" && as_user "$PV" -l "fakeroot:$W2/.st" -- sh -c "$P1" &&
	as_user "$PV" -l "fakeroot:$W2/.st" -- sh -c "$P2") >"$T/pv.out" 2>&1
compare "state saved by -l fakeroot:FILE and loaded by the next run differs from fakeroot -s/-i" \
	"$T/fakeroot.out" "$T/pv.out"
# the same, relative name: saved where the command was started
W=$(fresh state-rel)
(cd "$W" && as_user "$PV" -l fakeroot:.st -- sh -c "mkdir r && cd r && $P1" >/dev/null 2>&1)
[ -s "$W/.st" ] && [ ! -e "$W/r/.st" ] ||
	fail "a relative state file was not saved in the directory purevirt started in"
# purevirt reads fakeroot's file, fakeroot reads purevirt's
(cd "$W1" && as_user "$PV" -l "fakeroot:$W1/.st" -- sh -c "$P2") >"$T/x.out" 2>&1
compare "-l fakeroot:FILE reading fakeroot -s's file" "$T/fakeroot.out" "$T/x.out"
(cd "$W2" && as_user fakeroot -i "$W2/.st" sh -c "$P2") >"$T/x.out" 2>&1
compare "fakeroot -i reading -l fakeroot:FILE's file" "$T/pv.out" "$T/x.out"
# the records themselves, written alike (inode numbers aside)
sed 's/ino=[0-9]*/ino=N/' "$W1/.st" | sort >"$T/fr.st"
sed 's/ino=[0-9]*/ino=N/' "$W2/.st" | sort >"$T/pv.st"
compare "the state file's records differ from fakeroot's" "$T/fr.st" "$T/pv.st"
# a program killed by a signal still saves
W=$(fresh state-kill)
(cd "$W" && as_user "$PV" -l "fakeroot:$W/.st" -- sh -c 'touch q; chown 9:8 q; kill -TERM $$') >/dev/null 2>&1
grep -q 'uid=9,gid=8' "$W/.st" 2>/dev/null ||
	fail "a run whose first process was killed by SIGTERM did not save its state"

# --- a static program: fakeroot's LD_PRELOAD cannot enter it, the trap can ---
S='touch f; chown 123:456 f; chmod 4755 f; mknod d c 1 3; ln f g; mv g h
stat -c "%n %u %g %a %F %t %T %h" f d h; id -u'
W=$(fresh bb-oracle)
(cd "$W" && as_user fakeroot sh -c "$S") >"$T/fakeroot.out" 2>&1
W=$(fresh bb-pv)
(cd "$W" && as_user "$PV" -m sud -l fakeroot -- "$BB" sh -c "$S") >"$T/pv.out" 2>&1
compare "static busybox under -m sud -l fakeroot differs from coreutils under fakeroot" \
	"$T/fakeroot.out" "$T/pv.out"
if [ -n "$AS" ] || [ "$(id -u)" != 0 ]; then
	W=$(fresh bb-blind)
	(cd "$W" && as_user fakeroot "$BB" sh -c "$S") >"$T/x.out" 2>&1
	cmp -s "$T/fakeroot.out" "$T/x.out" &&
		fail "fakeroot entered a static busybox: the comparison above proves nothing"
fi

# --- a remembered inode freed behind the layer's back and given to a new
#     file: the new file is not the one remembered ---
W=$(fresh reuse)
(cd "$W" && as_user "$PV" -l fakeroot -- sh -c 'touch f; chown 5:6 f; chmod 4700 f
	stat -c %i f >ino; while [ ! -e go ]; do sleep 0.05; done
	stat -c "%u %g %a" "$(cat new)"') >"$T/pv.out" 2>&1 &
i=0
while [ ! -s "$W/ino" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
ino=$(cat "$W/ino" 2>/dev/null)
rm -f "$W/f" # not under purevirt: the layer does not see it go
new=""
for i in $(seq 1 100); do
	touch "$W/n$i"
	if [ "$(stat -c %i "$W/n$i")" = "$ino" ]; then new=n$i; break; fi
done
echo "${new:-none}" >"$W/new"
touch "$W/go"
wait
if [ -z "$new" ]; then
	echo "SKIP inode reuse: the file system gave no new file inode $ino"
elif [ "$(cat "$T/pv.out")" != "0 0 $(stat -c %a "$W/$new")" ]; then
	fail "a new file on a reused inode shows the old file's record: $(cat "$T/pv.out")"
fi

# --- bad input: one line naming it, status 2, the program not started ---
expect() {
	want=$1 word=$2
	shift 2
	rm -f "$T/started"
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || fail "$*: exit $got, want $want"
	[ "$(wc -l <"$T/err")" = 1 ] || { fail "$*: $(wc -l <"$T/err") lines on stderr, want 1"; cat "$T/err"; }
	grep -q -- "$word" "$T/err" || fail "$*: '$(cat "$T/err")' does not name '$word'"
	[ ! -e "$T/started" ] || fail "$*: the program was started"
}
run="touch $T/started"
mkdir -p "$T/adir"
echo "not a state" >"$T/garbage"
printf 'dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1,rdev=0\ndev=fe00,ino=x\n' >"$T/half"
expect 2 "$T/adir" "$PV" -l "fakeroot:$T/adir" -- sh -c "$run"
expect 2 "$T/garbage" "$PV" -l "fakeroot:$T/garbage" -- sh -c "$run"
expect 2 "line 2" "$PV" -l "fakeroot:$T/half" -- sh -c "$run"
expect 2 "/no/such/dir/st" "$PV" -l "fakeroot:/no/such/dir/st" -- sh -c "$run"
expect 2 "fakeroot" "$PV" -l "fakeroot:" -- sh -c "$run"
if [ -n "$AS" ] || [ "$(id -u)" != 0 ]; then
	echo "dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1,rdev=0" >"$T/secret"
	chmod 600 "$T/secret"
	expect 2 "$T/secret" as_user "$PV" -l "fakeroot:$T/secret" -- sh -c "$run"
fi
finish
