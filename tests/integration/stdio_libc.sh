# Programs that live on stdio and readdir, natively and under the libc path
# with pass and with trace: the same stdout and exit status.  And the trace
# shows a stdio program's fopen as the openat it is.
. "$PV_TOP/tests/integration/lib.sh"

C="libc/pass libc/trace"
printf 'pear\napple\nfig\nbanana\n' >"$T/fruit"
mkdir -p "$T/tree/a/b" "$T/tree/c"
for f in one two three; do echo "$f" >"$T/tree/a/$f"; done
echo deep >"$T/tree/a/b/deep"
mkdir "$T/probe" # the probe lists its directory: nothing else may write there

same_as_native "$C" "$PROGS/stdio_probe" "$T/probe"
same_as_native "$C" sort -r "$T/fruit"
same_as_native "$C" sh -c "sort $T/fruit | uniq -c"
same_as_native "$C" sed -n 's/an/AN/gp' "$T/fruit"
same_as_native "$C" sh -c "cp $T/fruit $T/edit && sed -i 's/fig/FIG/' $T/edit && cat $T/edit"
same_as_native "$C" awk '{ n += length($0); print NR ": " $0 } END { print n }' "$T/fruit"
for awk in mawk gawk; do
	command -v $awk >/dev/null && same_as_native "$C" $awk -F: '{ print $1 }' /etc/passwd
done
same_as_native "$C" python3 -c 'import sys; print("\n".join(sorted(open(sys.argv[1]).read().split())))' "$T/fruit"
same_as_native "$C" ls -la --time-style=+X "$T/tree" "$T/tree/a"
same_as_native "$C" sh -c "find $T/tree | sort"
same_as_native "$C" du -a "$T/tree"
same_as_native "$C" sh -c "printf 'x\ny\n' | sed 's/^/> /'"
same_as_native "$C" grep -c an "$T/fruit" /nonexistent

# The trace names the file a stdio program opens.
"$PV" -m libc -l trace -o "$T/probe.trace" -- "$PROGS/stdio_probe" "$T/probe" >/dev/null 2>&1
if ! grep '^[0-9]* *openat(' "$T/probe.trace" | grep -qF "\"$T/probe/probe-data\""; then
	fail "the trace shows no openat of $T/probe/probe-data"
	grep 'openat' "$T/probe.trace" | head -5 | sed 's/^/      /'
fi
finish
