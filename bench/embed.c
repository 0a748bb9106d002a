/* embed.c - the per-call loop in a program that embeds libpurevirt: it pushes
 * the built-in `pass` layer and chooses a mode, as an application using
 * <purevirt.h> would, then runs the same loop as native.c.
 *
 *   embed libc|hybrid|sud getppid|openclose libc|insn MILLISECONDS
 *
 * With STYLE libc the loop calls getppid()/open()/close(), which resolve to
 * the wrappers linked into this program (the libc path); with STYLE insn it
 * executes `syscall` itself, which only the trap sees.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "common.h"
#include "layers.h"
#include "purevirt.h"

int main(int argc, char **argv)
{
	static const char extra[] = "libc|hybrid|sud ";
	if (argc < 2)
		bench_usage("embed", extra);
	enum pv_mode mode;
	if (!strcmp(argv[1], "libc"))
		mode = PV_MODE_LIBC;
	else if (!strcmp(argv[1], "hybrid"))
		mode = PV_MODE_HYBRID;
	else if (!strcmp(argv[1], "sud"))
		mode = PV_MODE_SUD;
	else
		bench_usage("embed", extra);
	struct bench_args a = bench_parse(argc - 2, argv + 2, "embed", extra);

	const struct pv_builtin_layer *pass = pv_builtin_layer("pass");
	struct pv_layer layer;
	char err[256];
	if (!pass || pass->init(NULL, &layer, err, sizeof err) < 0)
		bench_fail("no built-in pass layer");
	/* the mode first: it starts the runtime (this thread's block) */
	int r = pv_set_mode(mode);
	if (r < 0) {
		fprintf(stderr, "embed: mode %s: %s\n", argv[1], strerror(-r));
		return BENCH_UNSUPPORTED;
	}
	if (pv_push(&layer) < 0)
		bench_fail("pv_push failed");
	bench_report(bench_loop(&a));
	return 0;
}
