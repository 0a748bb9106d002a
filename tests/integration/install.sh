# make install: the installed command finds the installed library, and an
# application builds against the installed header with pkg-config.
. "$PV_TOP/tests/integration/lib.sh"
make -s -C "$PV_TOP" B="$PV_BUILD" install PREFIX="$T/inst" >"$T/make.out" 2>&1 ||
	{ fail "make install failed"; cat "$T/make.out"; finish; }
for f in bin/purevirt lib/libpurevirt.so lib/libpurevirt.a lib/libpurelibc.so \
	include/purevirt.h include/purelibc.h lib/pkgconfig/purevirt.pc lib/pkgconfig/purelibc.pc; do
	[ -e "$T/inst/$f" ] || fail "make install did not install $f"
done
"$T/inst/bin/purevirt" -l pass -- cat /etc/hostname >"$T/out" 2>&1
cmp -s "$T/out" /etc/hostname || fail "the installed purevirt: $(cat "$T/out")"
export PKG_CONFIG_PATH="$T/inst/lib/pkgconfig"
grep -q "prefix=$T/inst" "$T/inst/lib/pkgconfig/purevirt.pc" || fail "purevirt.pc does not name the PREFIX"
cc -o "$T/app" "$PV_TOP/examples/redirect_passwd.c" $(pkg-config --cflags --libs purevirt) \
	-Wl,-rpath,"$T/inst/lib" || fail "an application does not build with pkg-config"
printf 'x:y\n' >"$T/alt"
[ "$("$T/app" "$T/alt" | head -1 | cut -c18-)" = "x:y" ] || fail "the installed library does not run the example"
finish
