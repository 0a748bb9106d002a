/* native.c - the per-call loop with nothing in the way: the baseline, and the
 * program the out-of-process tracers (ptrace_*, strace) run.
 *
 *   native getppid|openclose libc|insn MILLISECONDS
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "common.h"

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc - 1, argv + 1, "native", "");
	bench_report(bench_loop(&a));
	return 0;
}
