# The core issue's programs, natively and under every mode with pass and
# with trace: the same stdout and exit status.  getent reads /etc/passwd
# inside glibc (only the trap sees it), python3 loads extension modules.
. "$PV_TOP/tests/integration/lib.sh"

C="libc/pass libc/trace sud/pass hybrid/pass hybrid/trace"
printf 'pear\napple\nfig\n' >"$T/fruit"
mkdir -p "$T/dir/sub" && echo hello >"$T/dir/sub/file"

same_as_native "$C" cat /etc/passwd
same_as_native "$C" cat "$T/fruit" /nonexistent
same_as_native "$C" ls -l /usr/include/linux/netfilter
same_as_native "$C" sh -c "cp $T/fruit $T/copy && cat $T/copy && rm $T/copy"
same_as_native "$C" sort "$T/fruit"
same_as_native "$C" sh -c "tar cf - -C $T dir | tar tf -"
same_as_native "$C" sh -c "cat /etc/passwd | sort | head -3; exit 3"
same_as_native "$C" python3 -c 'import os, json; print(json.dumps(sorted(os.listdir("/etc"))[:5]))'
same_as_native "$C" getent passwd root
finish
