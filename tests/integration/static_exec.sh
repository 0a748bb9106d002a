# exec into static programs stays virtualized: the runtime turns the execve
# into an exec of the launcher, which loads the target with the program's
# argv and environment exactly as given.  Static to static, dynamic to
# static and back, #! scripts with a static interpreter, argv[0] unlike the
# path, variables that steer a dynamic loader (LD_*, GLIBC_TUNABLES): the
# same stdout and status as native; and the trace sees the static child.
. "$PV_TOP/tests/integration/lib.sh"

C="libc/pass sud/pass hybrid/pass hybrid/trace"
D="$PROGS/static_probe"
S="$PROGS/static/static_probe"
SP="$PROGS/static-pie/static_probe"
BB=$(command -v busybox)

# dynamic -> static, with argv[0] other than the path, an environment full
# of loader variables, in an order the launcher must not change
same_as_native "$C" env -i A=1 LD_PRELOAD=/nonexistent.so LD_LIBRARY_PATH=/nowhere \
	GLIBC_TUNABLES=glibc.malloc.check=0 LD_BIND_NOW=1 B= "$D" exec "$S" other-name args x "y z" ""
same_as_native "$C" env -i A=1 LD_PRELOAD= B=2 "$D" exec "$SP" "" start
same_as_native "$C" env -i "$D" exec "$S" "$S" start
# static -> static, static -> dynamic (which gets the runtime by LD_PRELOAD)
same_as_native "$C" env -i A=1 B=2 "$S" exec "$SP" x args q
same_as_native "$C" env -i A=1 LD_PRELOAD= B=2 "$SP" exec "$D" dyn args q
same_as_native "$C" env -i A=1 B=2 "$SP" exec "$D" dyn args q
# a relative path, through the shell
same_as_native "$C" sh -c "cd $PROGS/static && exec ./static_probe args rel"
# failures the kernel reports stay the program's to see
same_as_native "$C" "$S" exec "$T/nonexistent" x
cp "$S" "$T/noexec" && chmod 644 "$T/noexec"
same_as_native "$C" "$S" exec "$T/noexec" x
# #! scripts whose interpreter is static
printf '#!%s sh\necho "script: $0 $*"; busybox echo "via busybox: $#"\n' "$BB" >"$T/script"
chmod +x "$T/script"
same_as_native "$C" "$T/script" a "b c"
same_as_native "$C" sh -c "$T/script 1 2 3"
same_as_native "$C" "$S" exec "$T/script" ignored x y
printf '#!%s args\n' "$S" >"$T/probe-script" && chmod +x "$T/probe-script"
same_as_native "$C" env -i X=1 "$T/probe-script" p q

# the trace follows a shell into its static child: its execve, then the
# static program's calls from its first (brk), the openat of /etc/hostname
for mode in sud hybrid; do
	"$PV" -m $mode -l trace -o "$T/trace" -- sh -c "$BB cat /etc/hostname" >/dev/null
	first=$(head -1 "$T/trace" | awk '{print $1}')
	child=$(awk -v p="$first" '$1 != p && /execve\(/ {print $1; exit}' "$T/trace")
	[ -n "$child" ] || { fail "[$mode] no static child in the trace"; continue; }
	# the child's lines from its execve on: the static program's
	awk -v c="$child" '$1 == c && /execve\(/ {on = 1} on && $1 == c' "$T/trace" >"$T/child"
	sed -n 2p "$T/child" | grep -q '^[0-9]* *brk(' ||
		fail "[$mode] the static child's first call is not brk: $(sed -n 2p "$T/child")"
	grep -q '^[0-9]* *openat(' "$T/child" ||
		fail "[$mode] the static child's trace has no openat"
	grep -q '+++ exited with 0 +++' "$T/child" ||
		fail "[$mode] the static child's exit is not in the trace"
	if head -1 "$T/trace" | grep -q 'execve("'; then # the decoder prints strings
		grep -q "execve(\"$BB\", \[\"$BB\", \"cat\", \"/etc/hostname\"\]" "$T/child" ||
			fail "[$mode] the static child's execve line: $(head -1 "$T/child")"
		grep -q 'openat(AT_FDCWD, "/etc/hostname"' "$T/child" ||
			fail "[$mode] no openat of /etc/hostname in the static child's trace"
	fi
	n=$(grep -c '+++ exited with' "$T/trace")
	[ "$n" = 2 ] || fail "[$mode] $n processes exited in the trace, want 2"
done

# /proc/self/exe of a loaded program, when the kernel lets it be set (it
# needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN); the process name always
if [ "$(id -u)" = 0 ]; then
	same_as_native "sud/pass hybrid/pass" busybox readlink /proc/self/exe
	same_as_native "sud/pass hybrid/pass" sh -c "$S args | grep comm; busybox sh -c 'readlink /proc/\$\$/exe'"
fi
same_as_native "sud/pass hybrid/pass" sh -c "$S args | grep -e comm -e execfn; cd $PROGS/static-pie && ./static_probe args | grep -e comm -e execfn"
finish
