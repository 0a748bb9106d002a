#!/bin/sh
# Writes the errno table the trace layer prints results with, indexed by
# number: [2] = { "ENOENT", "No such file or directory" }, ...  Names come
# from the kernel headers (the first name the headers give a number: EAGAIN,
# not EWOULDBLOCK); messages are the C library's strerror(), as strace
# prints them.  strerror() runs here, at build time, in a throwaway program:
# the runtime itself never calls the C library.
# usage: gen-errnos.sh CC > trace_errnos.h
set -eu
CC=${1:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo '#include <asm/errno.h>' | $CC -E -dM -x c - |
	sed -n 's/^#define \(E[A-Z0-9]*\) \([0-9][0-9]*\)$/\2 \1/p' |
	sort -n -s -k1,1 | awk '!seen[$1]++' >"$tmp/names"
{
	echo '#include <stdio.h>'
	echo '#include <string.h>'
	echo 'int main(void) {'
	while read -r num name; do
		printf '\tprintf("\\t[%d] = { \\"%s\\", \\"%%s\\" },\\n", strerror(%d));\n' \
			"$num" "$name" "$num"
	done <"$tmp/names"
	echo '	return 0;'
	echo '}'
} >"$tmp/gen.c"
$CC -o "$tmp/gen" "$tmp/gen.c"
"$tmp/gen"
