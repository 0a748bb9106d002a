/* libc_compare.h - runs an exported wrapper and glibc's original side by
 * side and compares what each did: the result, errno, and the system calls
 * that reached the layers.
 *
 * How glibc's calls are seen: the test process runs in hybrid mode with a
 * recording layer on the stack.  Our wrappers enter the stack directly
 * (origin LIBC); glibc's original, found with dlsym(RTLD_NEXT), executes its
 * `syscall` instructions, which syscall user dispatch turns into trapped
 * calls (origin TRAP) that reach the same layer.  So the expected sequence
 * is whatever glibc really does, never a list typed in here.
 *
 * The layer can also fail one system call number with an error of our
 * choosing, before the kernel sees it: that drives glibc and us down the
 * same fallback paths (no fallocate support, a kernel without faccessat2).
 *
 * Include after <cmocka.h>'s prerequisites; one test binary per file.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_TESTS_LIBC_COMPARE_H
#define PV_TESTS_LIBC_COMPARE_H

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "purevirt.h"
#include "sysent.h"

#define MAX_RECORDED 512
/* An address no page is mapped at, hidden from the compiler's checks. */
static void *volatile bad_ptr_ = (void *)1;
#define BAD_PTR (bad_ptr_)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct recorded {
	long nr;
	int origin;
};

struct outcome {
	long ret;
	int err;
	int n;
	struct recorded calls[MAX_RECORDED];
};

static struct {
	volatile int on;
	int n;
	struct recorded calls[MAX_RECORDED];
	long fail_nr; /* -1: none */
	long fail_err;
} rec = { .fail_nr = -1 };

static long record_handler(struct pv_syscall *call, void *data)
{
	(void)data;
	if (!rec.on)
		return pv_next(call);
	if (rec.n < MAX_RECORDED)
		rec.calls[rec.n++] = (struct recorded){ call->nr, call->origin };
	if (call->nr == rec.fail_nr)
		return -rec.fail_err;
	return pv_next(call);
}

/* Fail every call of number nr with -err while recording (nr -1: none). */
static inline void inject(long nr, long err)
{
	rec.fail_nr = nr;
	rec.fail_err = err;
}

/* The group setup of every comparing test binary: the layer goes on once
 * (pv_push is for the life of the process), then the trap is armed. */
static inline int compare_setup(void **state)
{
	(void)state;
	static const struct pv_layer layer = { .name = "record",
					       .handler = record_handler };
	if (pv_push(&layer) < 0)
		return -1;
	return pv_set_mode(PV_MODE_HYBRID) == 0 ? 0 : -1;
}

static inline void rec_begin(void)
{
	rec.n = 0;
	errno = 0;
	rec.on = 1;
}

static inline void rec_end(struct outcome *o, long ret)
{
	o->err = errno;
	rec.on = 0;
	o->ret = ret;
	o->n = rec.n;
	memcpy(o->calls, rec.calls, sizeof(struct recorded) * (size_t)rec.n);
}

/* glibc's own definition of a function this binary also defines. */
static inline void *glibc_sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);
	if (!p)
		fail_msg("glibc has no %s", name);
	return p;
}
#define GLIBC(fn) ((__typeof__(&fn))glibc_sym(#fn))

/* OURS(out, fn, args...) / NATIVE(out, fn, args...): one call, recorded. */
#define OURS(out, fn, ...)                                                     \
	do {                                                                   \
		rec_begin();                                                   \
		long r_ = (long)fn(__VA_ARGS__);                               \
		rec_end(&(out), r_);                                           \
	} while (0)
#define NATIVE(out, fn, ...)                                                   \
	do {                                                                   \
		__typeof__(&fn) g_ = GLIBC(fn);                                \
		rec_begin();                                                   \
		long r_ = (long)g_(__VA_ARGS__);                               \
		rec_end(&(out), r_);                                           \
	} while (0)

static inline const char *call_name(long nr)
{
	const char *n = pv_syscall_name(nr);
	return n ? n : "?";
}

static inline void print_calls(const char *who, const struct outcome *o)
{
	fprintf(stderr, "    %s: ret %ld errno %d calls:", who, o->ret, o->err);
	for (int i = 0; i < o->n; i++)
		fprintf(stderr, " %s%s", call_name(o->calls[i].nr),
			o->calls[i].origin == PV_ORIGIN_TRAP ? "(trap)" : "");
	fprintf(stderr, "\n");
}

/* The same system calls, ours all through the libc path and glibc's all
 * trapped: a wrapper that let a call bypass the layers shows up here. */
static inline int same_calls(const struct outcome *ours,
			     const struct outcome *native)
{
	if (ours->n != native->n)
		return 0;
	for (int i = 0; i < ours->n; i++)
		if (ours->calls[i].nr != native->calls[i].nr ||
		    ours->calls[i].origin != PV_ORIGIN_LIBC ||
		    native->calls[i].origin != PV_ORIGIN_TRAP)
			return 0;
	return 1;
}

enum { CMP_RET = 1, CMP_FAILED = 2, CMP_CALLS = 4 };

static inline void expect_same_(const char *what, const struct outcome *ours,
				const struct outcome *native, int how,
				const char *file, int line)
{
	int ok = 1;
	if (how & CMP_RET)
		ok &= ours->ret == native->ret;
	if (how & CMP_FAILED) /* pointer results: only whether it failed */
		ok &= (ours->ret == -1 || ours->ret == 0) ==
		      (native->ret == -1 || native->ret == 0);
	ok &= ours->err == native->err;
	if (how & CMP_CALLS)
		ok &= same_calls(ours, native);
	if (!ok) {
		fprintf(stderr, "%s:%d: %s differs from glibc\n", file, line, what);
		print_calls("ours ", ours);
		print_calls("glibc", native);
		_fail(file, line);
	}
}
#define expect_same(what, o, n)                                                \
	expect_same_(what, &(o), &(n), CMP_RET | CMP_CALLS, __FILE__, __LINE__)
#define expect_same_how(what, o, n, how)                                       \
	expect_same_(what, &(o), &(n), how, __FILE__, __LINE__)

/* SAME(fn, args...): the call made by both, with nothing in between, for
 * calls whose effect does not change what the second one sees. */
#define SAME(fn, ...)                                                          \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		OURS(o_, fn, __VA_ARGS__);                                     \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		expect_same(#fn "(" #__VA_ARGS__ ")", o_, n_);                 \
	} while (0)
/* The same, for functions returning a pointer (an address differs). */
#define SAME_PTR(fn, ...)                                                      \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		OURS(o_, fn, __VA_ARGS__);                                     \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		expect_same_how(#fn "(" #__VA_ARGS__ ")", o_, n_,              \
				CMP_FAILED | CMP_CALLS);                       \
	} while (0)

/* SAME_AFTER(reset, fn, args...): `reset` (a statement) before each of the
 * two calls, for calls that change what they look at. */
#define SAME_AFTER(reset, fn, ...)                                             \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		reset;                                                         \
		OURS(o_, fn, __VA_ARGS__);                                     \
		reset;                                                         \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		expect_same(#fn "(" #__VA_ARGS__ ")", o_, n_);                 \
	} while (0)

/* SAME_FD(fn, args...): for calls that return a new descriptor, closed
 * after each so that both get the same number. */
#define SAME_FD(fn, ...)                                                       \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		OURS(o_, fn, __VA_ARGS__);                                     \
		if (o_.ret >= 0)                                               \
			close((int)o_.ret);                                    \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		if (n_.ret >= 0)                                               \
			close((int)n_.ret);                                    \
		expect_same(#fn "(" #__VA_ARGS__ ")", o_, n_);                 \
	} while (0)

/* SAME_FD_AFTER(reset, fn, args...): both, for a call that makes a new
 * descriptor and changes what it looks at. */
#define SAME_FD_AFTER(reset, fn, ...)                                          \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		reset;                                                         \
		OURS(o_, fn, __VA_ARGS__);                                     \
		if (o_.ret >= 0)                                               \
			close((int)o_.ret);                                    \
		reset;                                                         \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		if (n_.ret >= 0)                                               \
			close((int)n_.ret);                                    \
		expect_same(#fn "(" #__VA_ARGS__ ")", o_, n_);                 \
	} while (0)

/* How a child that ran `body` ended: exit status, or 128 + signal.  For the
 * arguments glibc reads itself and crashes on. */
#define CHILD_END(body)                                                        \
	({                                                                     \
		pid_t pid_ = fork();                                           \
		if (pid_ == 0) {                                               \
			signal(SIGSEGV, SIG_DFL);                              \
			signal(SIGABRT, SIG_DFL);                              \
			dup2(open("/dev/null", O_WRONLY), 2);                  \
			body;                                                  \
			_exit(0);                                              \
		}                                                              \
		int st_ = 0;                                                   \
		waitpid(pid_, &st_, 0);                                        \
		WIFSIGNALED(st_) ? 128 + WTERMSIG(st_) : WEXITSTATUS(st_);     \
	})

/* A scratch directory for the binary's files. */
static char scratch[64];

static inline int scratch_setup(void)
{
	snprintf(scratch, sizeof scratch, "/tmp/pv-libc-XXXXXX");
	return mkdtemp(scratch) ? 0 : -1;
}

static inline const char *in_scratch(const char *name)
{
	static char paths[8][128];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, 128, "%s/%s", scratch, name);
	return p;
}

static inline int scratch_teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

/* CANCEL_THREADS(name, fn, args...): two thread bodies, ours_name and
 * native_name, that cancel themselves and then call fn (ours or glibc's);
 * cancelled() runs one and tells whether the call was a cancellation
 * point. */
#define CANCEL_THREADS(name, fn, ...)                                          \
	static void *ours_##name(void *arg)                                    \
	{                                                                      \
		(void)arg;                                                     \
		pthread_cancel(pthread_self());                                \
		fn(__VA_ARGS__);                                               \
		return NULL;                                                   \
	}                                                                      \
	static void *native_##name(void *arg)                                  \
	{                                                                      \
		(void)arg;                                                     \
		__typeof__(&fn) g = GLIBC(fn);                                 \
		pthread_cancel(pthread_self());                                \
		g(__VA_ARGS__);                                                \
		return NULL;                                                   \
	}

static inline int cancelled(void *(*body)(void *))
{
	pthread_t t;
	void *res = NULL;
	assert_int_equal(pthread_create(&t, NULL, body, NULL), 0);
	assert_int_equal(pthread_join(t, &res), 0);
	return res == PTHREAD_CANCELED;
}

#endif
