# The oracle test of the trace layer: tests/progs/probe_trace makes many
# system calls between write(-1, "BEGIN", 5) and write(-1, "END", 3); the
# lines `purevirt -m sud -l trace` prints for them must be the lines strace
# prints.  Sud mode traps every `syscall` instruction, so the lines do not
# depend on which libc wrappers the runtime has.
#
# Normalized, because they differ between any two runs: task ids (numbered
# in order of appearance), addresses (0x and 8 or more hex digits), the
# results of getppid/getpgrp/getpgid(0)/getsid(0) (the parent is strace in
# one run, the purevirt command in the other), clock readings, and the
# padding before "= " (it depends on how many digits the task ids have).
# Also: strace's "<unfinished ...>"/"<... resumed>" halves are joined (the
# layer writes each line whole), the layer's "+++ exited with N +++" lines
# are dropped (strace -qq does not print them), and each task's lines are
# compared on their own (tasks interleave as the scheduler runs them).
#
# Signals delivered during a call (kill of oneself, an unblocking
# rt_sigprocmask) and their handlers' calls must come after that call's line,
# as strace prints them.
. "$PV_TOP/tests/integration/lib.sh"

command -v strace >/dev/null || { echo "SKIP: no strace"; exit 0; }
# the layer writes dates (utimensat's comments) in UTC; so must strace
export TZ=UTC
PROBE=$PROGS/probe_trace
[ -x "$PROBE" ] || { fail "$PROBE not built (make tests)"; finish; }

# run_probe DIR TRACE CMD...: runs the probe in an empty DIR, trace in TRACE
run_probe() {
	dir=$1 out=$2
	shift 2
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && "$@" </dev/null >/dev/null 2>"$out.err")
}

# normalize TRACE: the lines of every task between the markers
normalize() {
	awk '
	# join strace'"'"'s split lines, per task
	match($0, /^[0-9]+ /) {
		pid = substr($0, 1, RLENGTH - 1)
		rest = substr($0, RLENGTH + 1)
		sub(/^ +/, "", rest)
		if (rest ~ / <unfinished \.\.\.>$/) {
			sub(/ <unfinished \.\.\.>$/, "", rest)
			pending[pid] = rest
			next
		}
		if (rest ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
			sub(/^<\.\.\. [a-z0-9_]+ resumed>/, "", rest)
			rest = pending[pid] rest
			delete pending[pid]
		}
		if (rest ~ /^\+\+\+ exited with /)
			next
		print pid " " rest
	}' "$1" |
	awk '
	# keep what lies between the markers (children are inside)
	/ write\(-1, "BEGIN", 5\)/ { on = 1 }
	on { print }
	/ write\(-1, "END", 3\)/ { on = 0 }' |
	sed -E 's/0x[0-9a-f]{8,}/ADDR/g' >"$1.mid"
	# task ids, in order of appearance as line prefixes (a child appears
	# after the fork that returned its id: hence two passes)
	awk 'NR == FNR { if (!($1 in name)) name[$1] = "PID" (++n); next }
	{
		line = substr($0, length($1) + 2)
		out = ""
		while (match(line, /[0-9]+/)) {
			num = substr(line, RSTART, RLENGTH)
			pre = substr(line, 1, RSTART - 1)
			# a number inside a name or a hex literal is no task id
			word = pre ~ /[A-Za-z_]$/ || (pre ~ /0$/ && substr(line, RSTART + RLENGTH, 1) ~ /[x]/)
			out = out pre ((num in name && !word) ? name[num] : num)
			line = substr(line, RSTART + RLENGTH)
		}
		print name[$1] " " out line
	}' "$1.mid" "$1.mid" |
	sed -E 's/^(PID[0-9]+ (getppid\(\)|getpgrp\(\)|getpgid\(0\)|getsid\(0\)).*= )[0-9]+$/\1N/
		/ (gettimeofday|clock_gettime|timerfd_settime)\(/s/(tv_[a-z]+)=[0-9]+/\1=N/g
		s/\) {2,}= /) = /g' |
	# each task's lines in their order; tasks one after another (how the
	# lines of two tasks interleave depends on the scheduler)
	sort -s -k1,1
}


run_probe "$T/run" "$T/strace.out" strace -f -qq -o "$T/strace.out" "$PROBE"
run_probe "$T/run" "$T/pv.out" "$PV" -m sud -l trace -o "$T/pv.out" -- "$PROBE"
normalize "$T/strace.out" >"$T/strace.n"
normalize "$T/pv.out" >"$T/pv.n"

if [ "$(wc -l <"$T/strace.n")" -lt 200 ]; then
	fail "strace's trace of the probe is short ($(wc -l <"$T/strace.n") lines)"
	head -5 "$T/strace.out.err" | sed 's/^/      /'
fi
cp "$T/strace.n" "$T/strace.cmp"
cp "$T/pv.n" "$T/pv.cmp"
if ! cmp -s "$T/strace.cmp" "$T/pv.cmp"; then
	fail "probe: lines differ from strace's (< strace, > purevirt)"
	diff "$T/strace.cmp" "$T/pv.cmp" | head -40 | sed 's/^/      /'
fi

# A whole run of a real program: the lines for its own file are strace's --
# under sud with -o, and as the README's first command runs it: the default
# mode, the default layer, the trace on stderr and the file on stdout.
(cd "$T" && strace -f -qq -o "$T/cat.strace" cat /etc/passwd) 2>/dev/null | cat >/dev/null
(cd "$T" && "$PV" -m sud -l trace -o "$T/cat.pv" -- cat /etc/passwd) >/dev/null 2>&1
# (stdout a pipe, as for strace's run: to a regular file cat would copy with
# copy_file_range instead of read)
(cd "$T" && "$PV" cat /etc/passwd 2>"$T/cat.default" | cat >"$T/cat.out")
cmp -s "$T/cat.out" /etc/passwd || fail "purevirt cat /etc/passwd: stdout is not the file"
for run in cat.pv cat.default; do
	for pattern in 'openat(AT_FDCWD, "/etc/passwd", ' 'read(3, "root:'; do
		s=$(sed -E 's/^[0-9]+ +//' "$T/cat.strace" | grep -F "$pattern" | head -1)
		p=$(sed -E 's/^[0-9]+ +//' "$T/$run" | grep -F "$pattern" | head -1)
		if [ -z "$s" ] || [ "$s" != "$p" ]; then
			fail "cat /etc/passwd ($run): line for $pattern differs"
			printf '      strace:   %s\n      purevirt: %s\n' "$s" "$p"
		fi
	done
done
finish
