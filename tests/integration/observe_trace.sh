# trace:SET prints the lines strace -e trace=SET prints, for the same run.
#
# Both run with -f and -o FILE (every line starts with its task id).  The
# layers run --from-start, so that they see the dynamic loader's calls as
# strace does.  Normalized, because they differ between any two runs: task
# ids (named in order of appearance, wherever they appear: prefixes,
# clone's and wait4's results, si_pid), addresses, and the CPU times in a
# SIGCHLD's siginfo, getrandom's bytes, getppid's result (strace is the
# parent in one run, the test's shell in the other).  Tasks run as the
# scheduler lets them, so each task's lines are compared on their own;
# strace's "<unfinished ...>" and "<... resumed>" halves are joined (the
# layer writes each line whole).  Two things the trace layer and the
# runtime do differently, whatever the set, are left out of the comparison
# (see trace_like_strace.sh): a signal that arrives during a call is
# printed before the call's line, where strace prints it after, so signal
# lines (and the rt_sigreturn of their handlers) are compared as a set; and a replayed rt_sigreturn returns 0 to
# the layers, where strace shows the restored result.
# Lines outside the set that strace prints anyway -- signals, "+++ exited
# with N +++" -- must be there too.
. "$PV_TOP/tests/integration/lib.sh"

command -v strace >/dev/null || { echo "SKIP: no strace"; exit 0; }
export LC_ALL=C TZ=UTC

normalize() {
	awk '
	match($0, /^[0-9]+ +/) {
		pid = $1
		rest = substr($0, RLENGTH + 1)
		if (rest ~ / <unfinished \.\.\.>$/) {
			sub(/ <unfinished \.\.\.>$/, "", rest)
			pending[pid] = rest
			next
		}
		if (rest ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
			sub(/^<\.\.\. [a-z0-9_]+ resumed> ?/, "", rest)
			rest = pending[pid] rest
			delete pending[pid]
		}
		print pid " " rest
	}' "$1" |
	# CPU times differ from run to run, and so does strace's comment on them
	sed -E 's/0x[0-9a-f]+/ADDR/g; s/si_(u|s)time=[0-9]+( \/\* [0-9.]+ s \*\/)?/si_\1time=T/g' |
	sed -E 's/^([0-9]+ getrandom\(")[^"]*"/\1RANDOM"/; s/^([0-9]+ getppid\(\) += )[0-9]+/\1PPID/' |
	sed -E 's/^([0-9]+ rt_sigreturn\(.*\) += ).*/\1RESULT/' |
	# the padding before "= " depends on the width of the task ids
	sed -E 's/\) +=/) =/' >"$1.mid"
	awk 'NR == FNR { if (!($1 in name)) name[$1] = "T" (++n); next }
	{
		line = substr($0, length($1) + 2)
		out = ""
		while (match(line, /[0-9]+/)) {
			num = substr(line, RSTART, RLENGTH)
			out = out substr(line, 1, RSTART - 1) ((num in name) ? name[num] : num)
			line = substr(line, RSTART + RLENGTH)
		}
		print name[$1] " " out line
	}' "$1.mid" "$1.mid" >"$1.ids"
	# each task's calls in order, then the lines of signals (delivery and
	# the handler's rt_sigreturn), sorted
	grep -Ev '^T[0-9]* (--- |rt_sigreturn\()' "$1.ids" | sort -s -k1,1 >"$1.norm"
	grep -E '^T[0-9]* (--- |rt_sigreturn\()' "$1.ids" | sort >>"$1.norm"
}

mkdir -p "$T/dir" && echo hello >"$T/dir/f"
script='cat dir/f; ls dir >/dev/null; cat dir/missing 2>/dev/null; true'

# like_strace SET: the lines of trace:SET are strace -e trace=SET's
like_strace() {
	set_=$1
	(cd "$T" && strace -f -o "$T/st" -e trace="$set_" sh -c "$script") \
		>/dev/null 2>&1 </dev/null
	(cd "$T" && "$PV" --from-start -l trace:"$set_" -o "$T/pv" -- sh -c "$script") \
		>/dev/null 2>&1 </dev/null
	normalize "$T/st"
	normalize "$T/pv"
	[ -s "$T/st.norm" ] || { fail "trace:$set_: strace printed nothing"; return; }
	cmp -s "$T/st.norm" "$T/pv.norm" ||
		{ fail "trace:$set_: lines differ from strace -e trace=$set_ (< strace, > purevirt)"; show_diff "$T/st.norm" "$T/pv.norm"; }
}

like_strace %file
like_strace %process
like_strace %stat
like_strace %%stat
like_strace %desc,%memory
like_strace 'openat,close,execve'
like_strace '!%memory,%signal,%desc'
like_strace '!read,write,mmap,mprotect,rt_sigaction'
like_strace 'none'

# the lines strace prints whatever the set
grep -q '+++ exited with 0 +++' "$T/pv" || fail "trace:none: no '+++ exited' line"
grep -q -- '--- SIGCHLD' "$T/pv" || fail "trace:none: no signal line"
grep -q '(' "$T/pv" && fail "trace:none: printed a call"
# a filtered trace still follows the tasks: "[pid N]" prefixes while a
# child lives, as with the whole trace
(cd "$T" && "$PV" -l trace:%file -- sh -c 'cat dir/f' 2>"$T/err" >/dev/null)
grep -q '^\[pid  *[0-9]*\] openat(AT_FDCWD, "dir/f"' "$T/err" ||
	{ fail "trace:%file without -o: the child's lines have no [pid N]"; cat "$T/err"; }
finish
