# stats.awk - raw.csv (one line per run) to results.csv (one line per row:
# min, median, max over the runs, and the ratio of the median to the median
# of the row's baseline in the same item and pinning).
#   awk -F, -v mechs=FILE -f stats.awk raw.csv
# FILE lists SECTION|MECHANISM|BASELINE|LABEL, one a line.  Written for any
# POSIX awk (Debian's default is mawk: no asort).
# SPDX-License-Identifier: LGPL-2.1-or-later

function sortnum(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
}
# median of k[key, 1..cnt]
function med(k, key, cnt,    i, a) {
	if (cnt == 0)
		return ""
	for (i = 1; i <= cnt; i++)
		a[i] = k[key, i]
	sortnum(a, cnt)
	lo = a[1]
	hi = a[cnt]
	return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
}

BEGIN {
	while ((getline line < mechs) > 0) {
		split(line, f, "|")
		base[f[1] SUBSEP f[2]] = f[3]
	}
}
NR == 1 { next }
{
	key = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
	if (!(key in seen)) {
		seen[key] = 1
		order[++nkeys] = key
	}
	if ($8 == "ok" && $6 != "") {
		n[key]++
		v[key, n[key]] = $6 + 0
		if ($7 != "") rs[key, ++nr[key]] = $7 + 0
		if ($9 != "") ln[key, ++nl[key]] = $9 + 0
	} else {
		why[key] = $8
	}
}
END {
	for (i = 1; i <= nkeys; i++) {
		key = order[i]
		m[key] = med(v, key, n[key] + 0)
		mn[key] = lo
		mx[key] = hi
		mrss[key] = med(rs, key, nr[key] + 0)
		mln[key] = med(ln, key, nl[key] + 0)
	}
	print "section,item,mechanism,pin,runs,min,median,max,baseline,ratio,maxrss_kb,trace_lines,note"
	for (i = 1; i <= nkeys; i++) {
		key = order[i]
		split(key, f, SUBSEP)
		b = base[f[1] SUBSEP f[3]]
		bkey = f[1] SUBSEP f[2] SUBSEP b SUBSEP f[4]
		ratio = ""
		if (m[key] != "" && (bkey in m) && m[bkey] != "" && m[bkey] > 0)
			ratio = sprintf("%.3f", m[key] / m[bkey])
		fmt = f[1] == "percall" ? "%.1f" : "%.4f"
		if (m[key] == "")
			printf "%s,%s,%s,%s,0,,,,%s,,,,%s\n", f[1], f[2], f[3], f[4], b, why[key]
		else
			printf "%s,%s,%s,%s,%d," fmt "," fmt "," fmt ",%s,%s,%s,%s,\n",
				f[1], f[2], f[3], f[4], n[key], mn[key], m[key], mx[key],
				b, ratio, mrss[key], mln[key]
	}
}
