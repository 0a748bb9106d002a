# plotdata.awk - results.csv to the data files plot.gp draws: percall.dat
# (median ns per call, one row per mechanism, columns getppid/openclose x
# pinned/unpinned) and programs.dat (x native, one row per configuration,
# columns workload x pinning).  Missing figures are "?", which gnuplot skips.
#   awk -F, -v mechs=FILE -v dir=OUTDIR -f plotdata.awk results.csv
# SPDX-License-Identifier: LGPL-2.1-or-later
BEGIN {
	while ((getline line < mechs) > 0) {
		split(line, f, "|")
		if (f[1] == "percall") pcm[++npc] = f[2]
		else wpm[++nwp] = f[2]
		label[f[1] SUBSEP f[2]] = f[4]
	}
}
NR == 1 { next }
{
	med[$1 SUBSEP $2 SUBSEP $3 SUBSEP $4] = $7
	rat[$1 SUBSEP $2 SUBSEP $3 SUBSEP $4] = $10
	if ($1 == "program" && !($2 in seenw)) { seenw[$2] = 1; wl[++nwl] = $2 }
}
function val(a, k) { return (k in a) && a[k] != "" ? a[k] : "?" }
END {
	out = dir "/percall.dat"
	print "mechanism \"getppid pinned\" \"getppid unpinned\" \"openat+close pinned\" \"openat+close unpinned\"" > out
	for (i = 1; i <= npc; i++) {
		printf "\"%s\"", label["percall" SUBSEP pcm[i]] > out
		for (it = 1; it <= 2; it++)
			for (p = 1; p <= 2; p++)
				printf " %s", val(med, "percall" SUBSEP (it == 1 ? "getppid" : "openclose") SUBSEP pcm[i] SUBSEP (p == 1 ? "pinned" : "unpinned")) > out
		printf "\n" > out
	}
	out = dir "/programs.dat"
	printf "configuration" > out
	for (w = 1; w <= nwl; w++)
		printf " \"%s pinned\" \"%s unpinned\"", wl[w], wl[w] > out
	printf "\n" > out
	for (i = 2; i <= nwp; i++) { # native is 1 by definition
		printf "\"%s\"", label["program" SUBSEP wpm[i]] > out
		for (w = 1; w <= nwl; w++)
			for (p = 1; p <= 2; p++)
				printf " %s", val(rat, "program" SUBSEP wl[w] SUBSEP wpm[i] SUBSEP (p == 1 ? "pinned" : "unpinned")) > out
		printf "\n" > out
	}
	printf "%d\n", nwl * 2 > (dir "/programs.ncols")
}
