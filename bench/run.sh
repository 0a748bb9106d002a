#!/bin/sh
# run.sh BUILD_DIR [full|quick|report] - runs every benchmark and writes,
# under BUILD_DIR/bench/: raw.csv (every run), results.csv (min/median/max
# and ratios), performance.md (the tables, as printed), percall.svg and
# programs.svg (gnuplot), and what the report needs to be drawn again
# (run.env, mechs.txt, workloads.txt, callmix.txt).  `report` measures
# nothing and draws the tables and plots again from those files.  Called by
# `make bench` after the programs in BUILD_DIR/bench/bin are built.
#
# Every figure is the median of RUNS runs.  The mechanisms are interleaved:
# each round runs every mechanism once, in the same order, before the next
# round starts, so that slow drift of the machine (another tenant, frequency,
# page cache) lands on all of them alike instead of on whichever ran last.
# Each row runs pinned to CPU 0 (tracer and tracee share it, so a wake-up is
# a context switch) and unpinned (the scheduler may put them on different
# CPUs, and a cross-CPU wake-up on a small VM costs tens of microseconds).
#
# A missing tool (strace, taskset, gnuplot) gives one line and its rows are
# skipped; a mechanism the kernel lacks is reported as such by its program
# (exit status 3) and skipped.  Nothing here fails the build: a benchmark is
# not a test.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
LC_ALL=C
export LC_ALL
# The build workload runs make: it must not join the jobserver of the make
# that runs us (`make -j2 bench`), or its parallelism would depend on ours.
unset MAKEFLAGS MFLAGS MAKELEVEL

B=${1:?usage: run.sh BUILD_DIR [full|quick|report]}
SPEED=${2:-full}
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$B" && pwd)
BIN=$B/bench/bin
OUT=$B/bench
PV=$B/purevirt
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pvbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

REPORT_ONLY=0
if [ "$SPEED" = report ]; then
	[ -f "$OUT/run.env" ] || { echo "run.sh: no earlier run in $OUT" >&2; exit 2; }
	. "$OUT/run.env" # the settings of the run being drawn again
	REPORT_ONLY=1 WORKLOADS= FILE_DIR=/ PROCS=0
elif [ "$SPEED" = quick ]; then
	PC_RUNS=5 PC_MS=30 WP_RUNS=5
	WORKLOADS="file proc"
	FILE_DIR=/usr/include/linux PROCS=100
else
	PC_RUNS=9 PC_MS=150 WP_RUNS=7
	WORKLOADS="file proc threads build"
	FILE_DIR=/usr/include PROCS=300
fi
THREADS=4 THREAD_ITERS=5000

say() { printf '%s\n' "$*" >&2; }
measure() { [ $REPORT_ONLY = 0 ]; }

# ---- what is there ----------------------------------------------------------

PINS="pinned unpinned"
if ! command -v taskset >/dev/null 2>&1; then
	say "taskset not found (util-linux): running unpinned rows only"
	PINS=unpinned
fi
HAVE_STRACE=1
if ! command -v strace >/dev/null 2>&1; then
	say "strace not found (apt-get install strace): skipping the strace rows"
	HAVE_STRACE=0
fi
HAVE_GNUPLOT=1
if ! command -v gnuplot >/dev/null 2>&1; then
	say "gnuplot not found (apt-get install gnuplot-nox): skipping the plots"
	HAVE_GNUPLOT=0
fi
[ -d "$FILE_DIR" ] || { say "$FILE_DIR missing: using /usr/share"; FILE_DIR=/usr/share; }

pin_prefix() { [ "$1" = pinned ] && echo "taskset -c 0" || echo ""; }

# ---- per call ---------------------------------------------------------------
# name|base|label   (base: the native row of the same call style, for the
# ratio; the wrapper rows call glibc-named functions, every other row
# executes `syscall` itself, which a `ret` does not follow -- on this kind of
# CPU that alone changes the native cost, so each is compared to its own)
PC_MECHS="native-libc|native-libc|native, glibc function
native-insn|native-insn|native, syscall instruction
pv-libc|native-libc|purevirt libc path + pass (wrapper)
pv-hybrid-wrap|native-libc|purevirt hybrid + pass (wrapper)
pv-hybrid-trap|native-insn|purevirt hybrid + pass (trap)
pv-sud-trap|native-insn|purevirt sud + pass (trap)
sud-floor|native-insn|bare SUD trap floor
sud-exempt|native-libc|SUD armed, exempt call (no trap)
seccomp-trap|native-insn|seccomp RET_TRAP + SIGSYS handler
seccomp-notify|native-insn|seccomp user notif, CONTINUE
seccomp-notify-sync|native-insn|seccomp user notif + SYNC_WAKE_UP
ptrace-syscall|native-insn|ptrace PTRACE_SYSCALL
ptrace-seccomp|native-insn|ptrace + seccomp RET_TRACE
ptrace-setinfo|native-insn|ptrace GET/SET_SYSCALL_INFO
strace|native-insn|strace -f -o /dev/null"
[ "$HAVE_STRACE" = 1 ] || PC_MECHS=$(printf '%s\n' "$PC_MECHS" | grep -v '^strace|')

pc_cmd() { # mech kind
	ms=$PC_MS
	case $1 in
	native-libc) echo "$BIN/native $2 libc $ms" ;;
	native-insn) echo "$BIN/native $2 insn $ms" ;;
	pv-libc) echo "$BIN/embed libc $2 libc $ms" ;;
	pv-hybrid-wrap) echo "$BIN/embed hybrid $2 libc $ms" ;;
	pv-hybrid-trap) echo "$BIN/embed hybrid $2 insn $ms" ;;
	pv-sud-trap) echo "$BIN/embed sud $2 insn $ms" ;;
	sud-floor) echo "$BIN/sud_floor $2 insn $ms" ;;
	sud-exempt) echo "$BIN/sud_floor $2 stub $ms" ;;
	seccomp-trap) echo "$BIN/seccomp_trap $2 insn $ms" ;;
	seccomp-notify) echo "$BIN/seccomp_notify $2 insn $ms" ;;
	seccomp-notify-sync) echo "$BIN/seccomp_notify -s $2 insn $ms" ;;
	ptrace-syscall) echo "$BIN/ptrace_syscall $BIN/native $2 insn $ms" ;;
	ptrace-seccomp) echo "$BIN/ptrace_seccomp $BIN/native $2 insn $ms" ;;
	ptrace-setinfo) echo "$BIN/ptrace_setinfo $BIN/native $2 insn $ms" ;;
	strace) echo "strace -f -o /dev/null $BIN/native $2 insn $ms" ;;
	esac
}

RAW=$OUT/raw.csv
measure && echo "section,item,mechanism,pin,run,value,maxrss_kb,status,trace_lines" >"$RAW"
: >"$TMP/reported"

# note_failure KEY MESSAGE: one line per mechanism and item, not per run
note_failure() {
	grep -qxF "$1" "$TMP/reported" && return
	echo "$1" >>"$TMP/reported"
	say "  skipped: $2"
}

start=$(date +%s)
measure && say "purevirt benchmarks ($SPEED): per call, $PC_RUNS rounds of ${PC_MS} ms runs"
PC_ROUNDS=$PC_RUNS
measure || PC_ROUNDS=0
mechs=$(printf '%s\n' "$PC_MECHS" | cut -d'|' -f1)
r=1
while [ $r -le $PC_ROUNDS ]; do
	for pin in $PINS; do
		pp=$(pin_prefix $pin)
		for kind in getppid openclose; do
			for m in $mechs; do
				cmd=$(pc_cmd $m $kind)
				# shellcheck disable=SC2086
				val=$(timeout 120 $pp $cmd 2>"$TMP/err" </dev/null)
				st=$?
				status=ok
				if [ $st -ne 0 ] || [ -z "$val" ]; then
					[ $st -eq 3 ] && status=unsupported || status=failed
					note_failure "$m/$kind" "$m $kind: $status: $(head -1 "$TMP/err")"
					val=
				fi
				echo "percall,$kind,$m,$pin,$r,$val,,$status," >>"$RAW"
			done
		done
	done
	say "  round $r/$PC_RUNS done ($(( $(date +%s) - start )) s)"
	r=$((r + 1))
done

# ---- whole programs ---------------------------------------------------------

WP_CONFIGS="native|native
pv-libc|purevirt -m libc -l pass
pv-sud|purevirt -m sud -l pass
pv-hybrid|purevirt -m hybrid -l pass
pv-trace|purevirt -l trace -o FILE (hybrid)
strace|strace -f -o FILE"
[ "$HAVE_STRACE" = 1 ] || WP_CONFIGS=$(printf '%s\n' "$WP_CONFIGS" | grep -v '^strace|')

wp_prefix() { # config
	case $1 in
	native) echo "" ;;
	pv-libc) echo "$PV -m libc -l pass --" ;;
	pv-sud) echo "$PV -m sud -l pass --" ;;
	pv-hybrid) echo "$PV -m hybrid -l pass --" ;;
	pv-trace) echo "$PV -l trace -o $TMP/trace.out --" ;;
	strace) echo "strace -f -o $TMP/trace.out" ;;
	esac
}

# The build workload compiles the benchmark's own sources twice, as a
# library build does (plain and -fPIC objects), with make -j2.
mkdir -p "$TMP/build" "$TMP/work"
cp "$top"/bench/*.c "$top"/bench/*.h "$TMP/build/"
cp "$top"/include/purevirt.h "$top"/layers/layers.h "$TMP/build/"
cat >"$TMP/build/Makefile" <<'EOF'
SRC := $(wildcard *.c)
all: $(SRC:.c=.o) $(SRC:.c=.pic.o)
%.o: %.c
	$(CC) -O2 -g -std=gnu11 -D_GNU_SOURCE -I. -c $< -o $@
%.pic.o: %.c
	$(CC) -O2 -g -std=gnu11 -D_GNU_SOURCE -fPIC -I. -c $< -o $@
clean:
	rm -f *.o
EOF

# Each workload prints something that shows it did all its work (a byte
# count, a loop counter, a call count, an object count); a run whose output
# differs from the native reference run is reported and left out, so that a
# configuration that breaks the program cannot look fast.
wp_cmd() { # workload
	case $1 in
	file) echo "sh -c 'find $FILE_DIR -type f | xargs cat | wc -c'" ;;
	proc) echo "sh -c 'i=0; while [ \$i -lt $PROCS ]; do /bin/true || exit 1; i=\$((i + 1)); done; echo \$i'" ;;
	threads) echo "$BIN/threads $THREADS $THREAD_ITERS" ;;
	build) echo "sh -c 'make -s -j2 -C $TMP/build && ls $TMP/build/*.o | wc -l'" ;;
	esac
}
wp_label() {
	case $1 in
	file) echo "file: find $FILE_DIR -type f | xargs cat | wc -c" ;;
	proc) echo "processes: sh loop of $PROCS /bin/true" ;;
	threads) echo "threads: $THREADS threads x $THREAD_ITERS x (getppid open read close)" ;;
	build) echo "build: make -j2, $(ls "$TMP"/build/*.c | wc -l) C files x 2 objects" ;;
	esac
}

configs=$(printf '%s\n' "$WP_CONFIGS" | cut -d'|' -f1)

# wp_run WORKLOAD PIN PREFIX...: one run; leaves $TMP/res (runner's line)
# and $TMP/out (the workload's output)
wp_run() {
	w=$1 pp=$2
	shift 2
	[ $w = build ] && make -s -C "$TMP/build" clean >/dev/null
	rm -f "$TMP/trace.out"
	(cd "$TMP/work" && eval "timeout 900 $pp $BIN/runner $* $(wp_cmd $w)" \
		3>"$TMP/res" >"$TMP/out" 2>"$TMP/err" </dev/null)
}

# A native run of each workload first, unmeasured: it warms the page cache
# and gives the reference output.
WP_ROUNDS=$WP_RUNS
measure || WP_ROUNDS=0
measure && for w in $WORKLOADS; do
	wp_run $w "" ""
	read -r secs rss st <"$TMP/res" 2>/dev/null || st=timeout
	if [ "$st" != 0 ]; then
		say "  skipped: workload $w fails natively (status $st): $(head -1 "$TMP/err")"
		WORKLOADS=$(echo $WORKLOADS | tr ' ' '\n' | grep -vx "$w")
	fi
	cp "$TMP/out" "$TMP/expected.$w"
done

measure && say "whole programs ($WORKLOADS), $WP_RUNS rounds"
r=1
while [ $r -le $WP_ROUNDS ]; do
	for w in $WORKLOADS; do
		for pin in $PINS; do
			pp=$(pin_prefix $pin)
			for c in $configs; do
				wp_run $w "$pp" "$(wp_prefix $c)"
				read -r secs rss st <"$TMP/res" 2>/dev/null || { secs= rss= st=timeout; }
				status=ok
				if [ "$st" != 0 ]; then
					status=failed
					note_failure "$c/$w" "$c $w: exit status $st: $(head -1 "$TMP/err")"
				elif ! cmp -s "$TMP/out" "$TMP/expected.$w"; then
					status=wrong-output
					note_failure "$c/$w" "$c $w: output '$(head -c 40 "$TMP/out" | head -1)' differs from native's '$(head -1 "$TMP/expected.$w")'"
				fi
				lines=
				if [ $status = ok ]; then
					[ -f "$TMP/trace.out" ] && lines=$(wc -l <"$TMP/trace.out")
				else
					secs= rss=
				fi
				echo "program,$w,$c,$pin,$r,$secs,$rss,$status,$lines" >>"$RAW"
			done
		done
	done
	say "  round $r/$WP_RUNS done ($(( $(date +%s) - start )) s)"
	r=$((r + 1))
done

# ---- where the calls go -----------------------------------------------------
# One more run of each workload under hybrid + pass, unmeasured, with the
# callmix layer on top: how many calls came through a wrapper and how many
# trapped, and which trapped most.  It explains the whole-program figures.

names=$TMP/names
${CC:-cc} -dM -E -include asm/unistd_64.h - </dev/null 2>/dev/null |
	sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\2 \1/p' >"$names"
measure && : >"$OUT/callmix.txt"
if measure && [ -f "$BIN/callmix.so" ]; then
	for w in $WORKLOADS; do
		rm -f "$TMP/mix"
		wp_run $w "" "$PV -m hybrid -l $BIN/callmix.so:$TMP/mix -l pass --"
		[ -s "$TMP/mix" ] || { say "  callmix $w: no counts ($(head -1 "$TMP/err"))"; continue; }
		awk -v w=$w -v names="$names" -f "$top/bench/callmix.awk" "$TMP/mix" >>"$OUT/callmix.txt"
	done
fi

# ---- results ----------------------------------------------------------------

if measure; then
	info="$(uname -sr), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(date -u '+%Y-%m-%d %H:%M UTC')"
	# PV_REV names the sources when they are not a git checkout (an export)
	rev=${PV_REV:-$(cd "$top" && git rev-parse --short HEAD 2>/dev/null)}
	[ -n "$rev" ] && [ -n "$(cd "$top" && git status --porcelain -- dispatch purelibc layers lib preload include 2>/dev/null)" ] && rev="$rev+changes"
	printf "SPEED='%s' PC_RUNS=%s PC_MS=%s WP_RUNS=%s PINS='%s'\ninfo='%s'\nrev='%s'\n" \
		"$SPEED" "$PC_RUNS" "$PC_MS" "$WP_RUNS" "$PINS" "$info" "${rev:-unknown}" >"$OUT/run.env"
{
	printf '%s\n' "$PC_MECHS" | sed 's/^/percall|/'
	for c in $(printf '%s\n' "$WP_CONFIGS" | cut -d'|' -f1); do
		printf 'program|%s|native|%s\n' "$c" "$(printf '%s\n' "$WP_CONFIGS" | grep "^$c|" | cut -d'|' -f2)"
	done
} >"$OUT/mechs.txt"
	# tab-separated: the labels hold '|'
	for w in $WORKLOADS; do printf '%s\t%s\n' "$w" "$(wp_label $w)"; done >"$OUT/workloads.txt"
fi

RES=$OUT/results.csv
awk -F, -v mechs="$OUT/mechs.txt" -f "$top/bench/stats.awk" "$RAW" >"$RES"
awk -F, -v mechs="$OUT/mechs.txt" -v workloads="$OUT/workloads.txt" \
	-v info="$info" -v rev="$rev" -v speed="$SPEED" \
	-v pcruns="$PC_RUNS" -v wpruns="$WP_RUNS" -v pcms="$PC_MS" \
	-v pins="$PINS" -v mix="$OUT/callmix.txt" \
	-f "$top/bench/report.awk" "$RES" >"$OUT/performance.md"
cat "$OUT/performance.md"

if [ "$HAVE_GNUPLOT" = 1 ]; then
	awk -F, -v mechs="$OUT/mechs.txt" -v dir="$OUT" -f "$top/bench/plotdata.awk" "$RES"
	if gnuplot -e "dir='$OUT'" "$top/bench/plot.gp" 2>"$TMP/err"; then
		echo
		echo "plots: $OUT/percall.svg $OUT/programs.svg"
	else
		say "gnuplot failed: $(head -1 "$TMP/err")"
	fi
fi
echo "data: $RAW $RES"
say "total $(( $(date +%s) - start )) s"
exit 0
