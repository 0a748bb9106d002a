# report.awk - results.csv to the tables `make bench` prints and writes to
# performance.md (Markdown that reads as plain text too), ending with the
# project's targets, each with its figures and MET or MISSED.
#   awk -F, -v mechs=FILE -v workloads=FILE -v info=.. -v rev=.. -v speed=..
#       -v pcruns=N -v wpruns=N -v pcms=MS -v pins="pinned unpinned"
#       -f report.awk results.csv
# SPDX-License-Identifier: LGPL-2.1-or-later

function cell(sec, item, mech, pin,    k, fmt) {
	k = sec SUBSEP item SUBSEP mech SUBSEP pin
	if (!(k in med))
		return "-"
	if (med[k] == "")
		return "n/a (" note[k] ")"
	fmt = sec == "percall" ? "%.0f (%.0f-%.0f)" : "%.3f (%.3f-%.3f)"
	return sprintf(fmt, med[k], mn[k], mx[k])
}
function ratio(sec, item, mech, pin,    k) {
	k = sec SUBSEP item SUBSEP mech SUBSEP pin
	return (k in rat) && rat[k] != "" ? sprintf("%.2f", rat[k]) : "-"
}
function m(sec, item, mech, pin,    k) {
	k = sec SUBSEP item SUBSEP mech SUBSEP pin
	return (k in med) ? med[k] : ""
}
function quot(a, b) { return a != "" && b != "" && b > 0 ? a / b : "" }
function lowest(sec, item, mech, pin,    k) {
	k = sec SUBSEP item SUBSEP mech SUBSEP pin
	return (k in mn) ? mn[k] : ""
}
# One target line: the ratio A/B of the medians for each pinning (and of
# the minima, the least disturbed runs, in brackets), the limit and whether
# the medians keep it.  With atleast, B/A must reach the limit instead.
function target(name, sec, item, a, b, limit, atleast,    p, q, qm, s, ok, known) {
	s = ""
	ok = 1
	known = 0
	for (p = 1; p <= npin; p++) {
		q = atleast ? quot(m(sec, item, b, pin[p]), m(sec, item, a, pin[p])) \
			    : quot(m(sec, item, a, pin[p]), m(sec, item, b, pin[p]))
		qm = atleast ? quot(lowest(sec, item, b, pin[p]), lowest(sec, item, a, pin[p])) \
			     : quot(lowest(sec, item, a, pin[p]), lowest(sec, item, b, pin[p]))
		if (q == "")
			continue
		known = 1
		s = s sprintf(" %s %.2fx (min %.2fx)", pin[p], q, qm)
		if (atleast ? q < limit : q > limit)
			ok = 0
	}
	printf "- %s:%s -- %s\n", name, known ? s : " no figure",
		!known ? "NOT MEASURED" : ok ? "MET" : "MISSED"
}

BEGIN {
	while ((getline line < mechs) > 0) {
		split(line, f, "|")
		if (f[1] == "percall") pcm[++npc] = f[2]
		else wpm[++nwp] = f[2]
		label[f[1] SUBSEP f[2]] = f[4]
	}
	while ((getline line < workloads) > 0) {
		split(line, f, "\t")
		wl[++nwl] = f[1]
		wlabel[f[1]] = f[2]
	}
	npin = split(pins, pin, " ")
}
NR == 1 { next }
{
	k = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
	med[k] = $7
	mn[k] = $6
	mx[k] = $8
	rat[k] = $10
	rss[k] = $11
	lines[k] = $12
	note[k] = $13
}
END {
	print "## Performance"
	print ""
	printf "Measured with `make bench` (%s run) on %s; purevirt %s.\n", speed, info, rev
	printf "Every figure is the median of %d runs (per call; %d for whole programs), min-max in brackets;\n", pcruns, wpruns
	print "the mechanisms run interleaved, round by round.  *pinned*: `taskset -c 0` (tracer and"
	print "program share one CPU); *unpinned*: the scheduler's choice on a 2-vCPU VM, where a"
	print "cross-CPU wake-up costs tens of microseconds.  `x native` is the median over native's."
	print ""
	print "Reproduce with `make bench` (a few minutes; results, CSV and SVG plots in `build/bench/`);"
	print "`make bench QUICK=1` is a short check (under a minute, file and process workloads only)."
	print ""
	print "### Per system call"
	print ""
	printf "ns per call (each run %d ms of calls).  Wrapper rows call glibc-named functions and\n", pcms
	print "are compared with native glibc; every other row executes `syscall` inline (what only a"
	print "trap, seccomp or ptrace sees) and is compared with the native instruction."
	for (it = 1; it <= 2; it++) {
		item = it == 1 ? "getppid" : "openclose"
		print ""
		print item == "getppid" ? "**getppid**" : "**openat(\"/etc/passwd\") + close**, ns per pair"
		print ""
		hdr = sprintf("| %-38s |", "mechanism")
		sep = "|" sprintf("%40s", "") "|"
		gsub(/ /, "-", sep)
		for (p = 1; p <= npin; p++) {
			hdr = hdr sprintf(" %-26s | %8s |", pin[p] " ns", "x native")
			sep = sep "---------------------------:|---------:|"
		}
		print hdr
		print sep
		for (i = 1; i <= npc; i++) {
			row = sprintf("| %-38s |", label["percall" SUBSEP pcm[i]])
			for (p = 1; p <= npin; p++)
				row = row sprintf(" %26s | %8s |", cell("percall", item, pcm[i], pin[p]),
						  ratio("percall", item, pcm[i], pin[p]))
			print row
		}
	}
	print ""
	print "### Whole programs"
	print ""
	print "Wall seconds, and peak RSS (largest single process of the run, tracer included; pinned"
	print "median).  The trace rows write every call to a file: purevirt's `trace` layer against"
	print "`strace -f`; `lines` counts the lines each wrote."
	for (w = 1; w <= nwl; w++) {
		item = wl[w]
		print ""
		printf "**%s**\n\n", wlabel[item]
		hdr = sprintf("| %-38s |", "configuration")
		sep = "|" sprintf("%40s", "") "|"
		gsub(/ /, "-", sep)
		for (p = 1; p <= npin; p++) {
			hdr = hdr sprintf(" %-26s | %8s |", pin[p] " s", "x native")
			sep = sep "---------------------------:|---------:|"
		}
		print hdr " peak RSS KB | lines |"
		print sep "-----------:|------:|"
		for (i = 1; i <= nwp; i++) {
			row = sprintf("| %-38s |", label["program" SUBSEP wpm[i]])
			for (p = 1; p <= npin; p++)
				row = row sprintf(" %26s | %8s |", cell("program", item, wpm[i], pin[p]),
						  ratio("program", item, wpm[i], pin[p]))
			k = "program" SUBSEP item SUBSEP wpm[i] SUBSEP pin[1]
			row = row sprintf(" %11s | %5s |", rss[k] != "" ? rss[k] : "-", lines[k] != "" ? lines[k] : "")
			print row
		}
		s = ""
		for (p = 1; p <= npin; p++) {
			q = quot(m("program", item, "strace", pin[p]), m("program", item, "pv-trace", pin[p]))
			if (q != "") s = s sprintf(" %s %.1fx", pin[p], q)
		}
		if (s != "")
			printf "\npurevirt trace is faster than strace -f by:%s\n", s
	}

	print ""
	print "### Peak memory"
	print ""
	printf "Peak RSS in KB (%s median; largest single process of the run), and x native.\n", pin[1]
	print "strace's figure is strace's own process; purevirt lives inside the program."
	print ""
	hdr = sprintf("| %-10s |", "workload")
	sep = "|------------|"
	for (i = 1; i <= nwp; i++) {
		hdr = hdr sprintf(" %-16s |", wpm[i])
		sep = sep "-----------------:|"
	}
	print hdr
	print sep
	for (w = 1; w <= nwl; w++) {
		row = sprintf("| %-10s |", wl[w])
		kb = "program" SUBSEP wl[w] SUBSEP "native" SUBSEP pin[1]
		for (i = 1; i <= nwp; i++) {
			k = "program" SUBSEP wl[w] SUBSEP wpm[i] SUBSEP pin[1]
			if ((k in rss) && rss[k] != "")
				row = row sprintf(" %16s |", sprintf("%d (%.2f)", rss[k],
					(kb in rss) && rss[kb] > 0 ? rss[k] / rss[kb] : 0))
			else
				row = row sprintf(" %16s |", "-")
		}
		print row
	}

	if (mix != "" && (getline line < mix) > 0) {
		print ""
		print "### Where the calls go (hybrid + pass)"
		print ""
		print "Counted by the `callmix` layer (bench/callmix.c) in one more run of each workload:"
		print "calls that came through a libc wrapper (a function call) and calls that trapped"
		print "(SIGSYS, ~2 us here), and the calls that trapped most."
		print ""
		printf "| %-10s | %6s | %9s | %9s | %7s | %s\n", "workload", "images", "wrapper", "trapped", "trapped", "most trapped |"
		print "|------------|-------:|----------:|----------:|--------:|--------------|"
		do {
			split(line, f, "|")
			tot = f[3] + f[4]
			printf "| %-10s | %6d | %9d | %9d | %6.1f%% | %s |\n", f[1], f[2], f[3], f[4],
				tot ? 100 * f[4] / tot : 0, f[5]
		} while ((getline line < mix) > 0)
	}

	print ""
	print "### Targets"
	print ""
	for (it = 1; it <= 2; it++) {
		item = it == 1 ? "getppid" : "openclose"
		target("libc path + pass <= 1.05 x native, " item, "percall", item,
		       "pv-libc", "native-libc", 1.05, 0)
	}
	for (it = 1; it <= 2; it++) {
		item = it == 1 ? "getppid" : "openclose"
		target("trap path (hybrid) + pass <= 1.10 x bare trap floor, " item,
		       "percall", item, "pv-hybrid-trap", "sud-floor", 1.10, 0)
	}
	target("purevirt trace >= 10 x faster than strace -f, file workload",
	       "program", "file", "pv-trace", "strace", 10, 1)
	target("hybrid + pass <= 1.10 x native, build", "program", "build",
	       "pv-hybrid", "native", 1.10, 0)
}