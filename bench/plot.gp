# plot.gp - the two plots of `make bench`, from the data plotdata.awk writes.
#   gnuplot -e "dir='OUTDIR'" plot.gp
# Horizontal bars, one group per row of the table, so that the long row
# names read as they are (no rotated text); log scales, since the
# mechanisms span three orders of magnitude.
# SPDX-License-Identifier: LGPL-2.1-or-later
set terminal svg size 1000,760 dynamic enhanced font "sans,11" background "white"
set datafile missing "?"
set key autotitle columnhead noenhanced outside bottom center horizontal
set style fill solid 0.85 border -1
set logscale x
set grid xtics
set ytics nomirror scale 0 noenhanced
set yrange [*:*] reverse
set lmargin 38

# bars(ns): series c of row $0 sits at row*(ns+1) + c-2; the row name is
# written at the middle of its group by an invisible series
set output dir."/percall.svg"
set title "Per system call: ns per call (median; log scale)"
set xlabel "ns per call"
ns = 4
base = 50
set xrange [base:*]
plot for [c=2:ns+1] dir."/percall.dat" \
	using (base):($0*(ns+1)+c-2):(base):(column(c)):($0*(ns+1)+c-2.4):($0*(ns+1)+c-1.6) \
	with boxxyerror title columnhead(c), \
     dir."/percall.dat" using (base):($0*(ns+1)+(ns-1)/2.0):ytic(1) with points ps 0 notitle

ns = int(system("cat ".dir."/programs.ncols"))
base = 0.5
set output dir."/programs.svg"
set title "Whole programs: wall time / native (median; log scale)"
set xlabel "x native"
set xrange [base:*]
plot for [c=2:ns+1] dir."/programs.dat" \
	using (base):($0*(ns+1)+c-2):(base):(column(c)):($0*(ns+1)+c-2.4):($0*(ns+1)+c-1.6) \
	with boxxyerror title columnhead(c), \
     dir."/programs.dat" using (base):($0*(ns+1)+(ns-1)/2.0):ytic(1) with points ps 0 notitle
