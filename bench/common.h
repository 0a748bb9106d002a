/* common.h - the timed loop every per-call benchmark runs, whatever catches
 * its system calls.
 *
 * One measurement: run the call for a fixed wall time (not a fixed count, so
 * that a mechanism costing 100 ns and one costing 60 us both give a figure in
 * the same budget), print nanoseconds per call on stdout, one line.
 *
 *   KIND   getppid     one getppid per iteration
 *          openclose   openat(AT_FDCWD, "/etc/passwd", O_RDONLY) + close:
 *                      a path argument, as a tracer must decode, and a pair
 *                      of calls; the figure is per pair
 *   STYLE  libc        through glibc's function (getppid(), open(), close()):
 *                      what the libc path of purevirt interposes
 *          insn        an inline `syscall` instruction: what only a trap,
 *                      seccomp or ptrace can see
 *          stub        through bench_stub, a function of the program's own
 *                      (sud_floor: its exempt stub, to time the kernel's
 *                      dispatch check without a trap)
 *
 * Exit status 3 with one line on stderr means "this mechanism is not
 * available here"; the driver then skips the row.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_BENCH_COMMON_H
#define PV_BENCH_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BENCH_UNSUPPORTED 3
#define BENCH_PATH "/etc/passwd"

enum bench_kind { BENCH_GETPPID, BENCH_OPENCLOSE };
enum bench_style { BENCH_LIBC, BENCH_INSN, BENCH_STUB };

/* Set by a program that offers STYLE stub before it calls bench_loop. */
static long (*bench_stub)(long nr, long a0, long a1, long a2, long a3,
			  long a4, long a5) __attribute__((unused));

struct bench_args {
	enum bench_kind kind;
	enum bench_style style;
	double seconds;
};

static inline long bench_insn3(long nr, long a0, long a1, long a2)
{
	long r;
	/* the instruction itself, not glibc's syscall(): purevirt exports a
	 * syscall() of its own, and the point here is a call no wrapper sees */
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a0), "S"(a1), "d"(a2)
			 : "rcx", "r11", "memory");
	return r;
}

static __attribute__((noreturn)) void bench_fail(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(1);
}

/* One iteration.  Results are checked so that a mechanism that breaks the
 * call (returns ENOSYS, say) fails instead of looking fast. */
static inline long bench_call3(enum bench_style style, long nr, long a0,
			       long a1, long a2)
{
	if (style == BENCH_STUB)
		return bench_stub(nr, a0, a1, a2, 0, 0, 0);
	return bench_insn3(nr, a0, a1, a2);
}

static inline void bench_once(const struct bench_args *a, long ppid)
{
	if (a->kind == BENCH_GETPPID) {
		long r = a->style == BENCH_LIBC
				 ? (long)getppid()
				 : bench_call3(a->style, SYS_getppid, 0, 0, 0);
		if (r != ppid)
			bench_fail("getppid gave a wrong result");
		return;
	}
	long fd = a->style == BENCH_LIBC
			  ? (long)open(BENCH_PATH, O_RDONLY)
			  : bench_call3(a->style, SYS_openat, AT_FDCWD,
					(long)BENCH_PATH, O_RDONLY);
	if (fd < 0)
		bench_fail("openat failed");
	long r = a->style == BENCH_LIBC
			 ? (long)close((int)fd)
			 : bench_call3(a->style, SYS_close, fd, 0, 0);
	if (r != 0)
		bench_fail("close failed");
}

static inline double bench_now(void)
{
	struct timespec t;
	/* the vDSO: no system call, so the clock costs the same under every
	 * mechanism */
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs the loop for a->seconds and returns ns per iteration.  The clock is
 * read once per chunk, and chunks grow until one lasts a millisecond, so
 * reading it costs nothing measurable at any speed. */
static inline double bench_loop(const struct bench_args *a)
{
	if (a->style == BENCH_STUB && !bench_stub)
		bench_fail("this program has no stub style");
	/* the reference result, made the same way as the calls timed; a
	 * mechanism that fails every call gets a negative one */
	long ppid = a->style == BENCH_LIBC ? (long)getppid()
					   : bench_call3(a->style, SYS_getppid, 0, 0, 0);
	if (ppid <= 0)
		bench_fail("getppid failed");
	for (int i = 0; i < 16; i++) /* warm caches and lazy binding */
		bench_once(a, ppid);
	long chunk = 16, n = 0;
	double start = bench_now(), now = start;
	while (now - start < a->seconds) {
		double c0 = now;
		for (long i = 0; i < chunk; i++)
			bench_once(a, ppid);
		n += chunk;
		now = bench_now();
		if (now - c0 < 1e-3)
			chunk *= 2;
	}
	return (now - start) * 1e9 / (double)n;
}

static inline void bench_usage(const char *prog, const char *extra)
{
	fprintf(stderr, "usage: %s %sgetppid|openclose libc|insn|stub MILLISECONDS\n",
		prog, extra);
	exit(2);
}

/* Parses "KIND STYLE MS" at argv[0..2]. */
static inline struct bench_args bench_parse(int argc, char **argv,
					    const char *prog, const char *extra)
{
	struct bench_args a = { 0 };
	if (argc != 3)
		bench_usage(prog, extra);
	if (!strcmp(argv[0], "getppid"))
		a.kind = BENCH_GETPPID;
	else if (!strcmp(argv[0], "openclose"))
		a.kind = BENCH_OPENCLOSE;
	else
		bench_usage(prog, extra);
	if (!strcmp(argv[1], "libc"))
		a.style = BENCH_LIBC;
	else if (!strcmp(argv[1], "insn"))
		a.style = BENCH_INSN;
	else if (!strcmp(argv[1], "stub"))
		a.style = BENCH_STUB;
	else
		bench_usage(prog, extra);
	char *end;
	long ms = strtol(argv[2], &end, 10);
	if (*end || ms <= 0)
		bench_usage(prog, extra);
	a.seconds = (double)ms / 1000.0;
	return a;
}

static inline void bench_report(double ns)
{
	printf("%.1f\n", ns);
	fflush(stdout);
}

#endif
