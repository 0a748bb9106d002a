#!/bin/sh
# Writes the table of system call names, indexed by number, from the kernel
# headers the compiler sees: "[0] = "read"," ... (C initializer rows).
# usage: gen-syscall-names.sh CC > syscall_names.h
set -eu
CC=${1:-cc}
echo '#include <asm/unistd_64.h>' | $CC -E -dM -x c - |
	sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$/\2 \1/p' |
	sort -n |
	awk '{ printf "\t[%d] = \"%s\",\n", $1, $2 }'
