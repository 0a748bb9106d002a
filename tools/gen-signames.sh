#!/bin/sh
# Writes the names of the classic signals, indexed by number, from the kernel
# headers: [1] = "SIGHUP", ... [31] = "SIGSYS".  Where two names share a
# number the first the header gives wins (SIGABRT, not SIGIOT; SIGIO, not
# SIGPOLL), which is the name strace prints.  Real-time signals have no names
# in the headers; the trace layer names them itself.
# usage: gen-signames.sh CC > trace_signames.h
set -eu
CC=${1:-cc}
echo '#include <asm/signal.h>' | $CC -E -dM -x c - |
	sed -n 's/^#define \(SIG[A-Z0-9]*\) \([0-9][0-9]*\)$/\2 \1/p' |
	sort -n -s -k1,1 | awk '$1 > 0 && $1 < 32 && !seen[$1]++ { printf "\t[%d] = \"%s\",\n", $1, $2 }'
