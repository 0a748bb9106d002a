# callmix.awk - sums the lines callmix.so wrote for one workload into one
# summary line for report.awk:
#   WORKLOAD|IMAGES|LIBC|TRAP|name count, name count, ... (top 5 trapped)
#   awk -v w=WORKLOAD -v names=FILE -f callmix.awk MIXFILE
# FILE maps numbers to names ("NR NAME" a line, from <asm/unistd_64.h>).
# SPDX-License-Identifier: LGPL-2.1-or-later
BEGIN {
	while ((getline line < names) > 0) {
		split(line, f, " ")
		name[f[1]] = f[2]
	}
}
{
	images++
	for (i = 2; i <= NF; i++) {
		if ($i ~ /^libc=/) libc += substr($i, 6)
		else if ($i ~ /^trap=/) trap += substr($i, 6)
		else if ($i ~ /^[0-9]+=[0-9]+$/) {
			split($i, kv, "=")
			t[kv[1]] += kv[2]
		}
	}
}
END {
	top = ""
	for (k = 0; k < 5; k++) { # the five largest, without sort(1)
		best = ""
		for (nr in t)
			if (!(nr in used) && (best == "" || t[nr] > t[best]))
				best = nr
		if (best == "")
			break
		used[best] = 1
		top = top (top == "" ? "" : ", ") ((best in name) ? name[best] : best) " " t[best]
	}
	printf "%s|%d|%d|%d|%s\n", w, images, libc, trap, top
}
