# Signals as a program observes them -- handlers that make calls, a timer
# interrupting a blocking read with and without SA_RESTART, sigaltstack,
# every signal blocked, the program's own SIGSYS handler, sigsuspend,
# SA_RESETHAND, children killed by signals -- identical to native in every
# mode.
. "$PV_TOP/tests/integration/lib.sh"
same_as_native "libc/pass sud/pass hybrid/pass hybrid/trace sud/trace" "$PROGS/signals"
finish
