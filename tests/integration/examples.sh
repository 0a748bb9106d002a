# The self-virtualization examples: an application that pushes its own layer,
# and two nested layers.
. "$PV_TOP/tests/integration/lib.sh"
EX=${PV_BUILD:-$PV_TOP/build}/examples

# every way of opening /etc/passwd reads the other file's first line
printf 'other:x:4242:4242:not the password file:/nowhere:/bin/false\nsecond\n' >"$T/other"
want=$(head -1 "$T/other")
[ "$want" != "$(head -1 /etc/passwd)" ] || fail "the test file equals /etc/passwd"
"$EX/redirect_passwd" "$T/other" >"$T/out" || fail "redirect_passwd exited $?"
[ "$(wc -l <"$T/out")" = 4 ] || fail "redirect_passwd printed $(wc -l <"$T/out") lines, want 4"
while IFS= read -r row; do
	how=$(printf '%s' "$row" | cut -c1-16) line=$(printf '%s' "$row" | cut -c18-)
	[ "$line" = "$want" ] || fail "$how read '$line', want '$want'"
done <"$T/out"

# the lower layer sees the upper layer's own writes; the upper never does
"$EX/nested_layers" >"$T/nested" 2>"$T/nested.err" || fail "nested_layers: lower layer did not see the upper layer's writes"
[ "$(grep -c 'saw getppid' "$T/nested.err")" = 3 ] || fail "nested_layers: upper layer's log missing"
finish
