# Files purevirt cannot run: one line "purevirt: FILE: reason" on stderr and
# exit status 126, as a shell gives for a file it cannot execute.  bash is
# the oracle where the kernel refuses the file too; a truncated x86-64
# executable the kernel would start (and that would crash) is refused.
# Exec'd from a virtualized program, such files are the kernel's: the
# program sees what it sees natively.
. "$PV_TOP/tests/integration/lib.sh"

BB=$(command -v busybox)
cp "$BB" "$T/arm" && printf '\267\000' | dd of="$T/arm" bs=1 seek=18 conv=notrunc 2>/dev/null
cp "$BB" "$T/i386" && printf '\003\000' | dd of="$T/i386" bs=1 seek=18 conv=notrunc 2>/dev/null
head -c 200000 "$BB" >"$T/truncated"
head -c 40 "$BB" >"$T/header"
printf '\001\002\003 not a program \000\001\n' >"$T/garbage"
chmod +x "$T/arm" "$T/i386" "$T/truncated" "$T/header" "$T/garbage"

check() { # FILE REASON-PATTERN
	f=$1
	"$PV" -l pass -- "$f" >"$T/out" 2>"$T/err"
	st=$?
	[ "$st" = 126 ] || fail "$f: exit status $st, want 126"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "$f: $(wc -l <"$T/err") lines on stderr, want 1"
	grep -q "^purevirt: $f: $2\$" "$T/err" || fail "$f: message: $(cat "$T/err")"
	[ -s "$T/out" ] && fail "$f: wrote to stdout"
	# also loaded as a program's exec target, and with --from-start
	"$PV" --from-start -l pass -- "$f" >/dev/null 2>"$T/err"
	st=$?
	[ "$st" = 126 ] && [ "$(wc -l <"$T/err")" = 1 ] ||
		fail "--from-start $f: status $st, $(cat "$T/err")"
}
check "$T/arm" 'ELF for another architecture (AArch64)'
check "$T/i386" 'ELF for another architecture (i386)'
check "$T/truncated" 'truncated ELF file'
check "$T/header" 'truncated ELF file'
check "$T/garbage" 'not an ELF executable or a #! script'
if command -v bash >/dev/null; then
	for f in arm header garbage; do
		bash -c "$T/$f" 2>/dev/null
		st=$?
		[ "$st" = 126 ] || fail "bash gives $st for $f: the oracle disagrees"
	done
fi

# exec'd by a virtualized program: the kernel's answer, as natively
for f in arm i386 truncated header garbage; do
	same_as_native "sud/pass hybrid/pass hybrid/trace" "$PROGS/static/static_probe" exec "$T/$f" x
done
finish
