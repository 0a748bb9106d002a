/* proc_compare.h - more of libc_compare.h for the process, signal, time,
 * exec and thread families: calls compared in children of their own (they
 * change the process), calls after which a handler runs, and cancellation
 * points.  Include after libc_compare.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_TESTS_PROC_COMPARE_H
#define PV_TESTS_PROC_COMPARE_H

#include <pthread.h>
#include <sys/syscall.h>

/* ---- outcomes brought back from a child ---- */

static inline void send_outcome(int fd, const struct outcome *o)
{
	const char *p = (const char *)o;
	size_t left = sizeof *o;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n <= 0)
			_exit(99);
		p += n;
		left -= (size_t)n;
	}
}

static inline int recv_outcome(int fd, struct outcome *o)
{
	char *p = (char *)o;
	size_t got = 0;
	while (got < sizeof *o) {
		ssize_t n = read(fd, p + got, sizeof *o - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* IN_CHILD(o, stmt): stmt (which records into `out_`) runs in a child of
 * its own, whose state changes stay there; `o` gets its outcome. */
#define IN_CHILD(o, stmt)                                                      \
	do {                                                                   \
		int p_[2];                                                     \
		assert_int_equal(pipe(p_), 0);                                 \
		pid_t c_ = fork();                                             \
		if (c_ == 0) {                                                 \
			static struct outcome out_;                            \
			stmt;                                                  \
			send_outcome(p_[1], &out_);                            \
			_exit(0);                                              \
		}                                                              \
		close(p_[1]);                                                  \
		assert_int_equal(recv_outcome(p_[0], &(o)), 0);                \
		close(p_[0]);                                                  \
		waitpid(c_, NULL, 0);                                          \
	} while (0)

/* SAME_IN_CHILD(fn, args...): ours and glibc's, each in a fresh child;
 * SAME_IN_CHILD_HOW compares as expect_same_how does (CMP_CALLS alone for
 * calls that answer the child's own pid). */
#define SAME_IN_CHILD_HOW(how, fn, ...)                                        \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		IN_CHILD(o_, OURS(out_, fn, __VA_ARGS__));                     \
		IN_CHILD(n_, NATIVE(out_, fn, __VA_ARGS__));                   \
		expect_same_how(#fn "(" #__VA_ARGS__ ")", o_, n_, how);        \
	} while (0)
#define SAME_IN_CHILD(fn, ...) SAME_IN_CHILD_HOW(CMP_RET | CMP_CALLS, fn, __VA_ARGS__)

/* SAME_HANDLED(fn, args...): SAME for a call after which a handler of the
 * program runs: its return (rt_sigreturn through the program restorer) is
 * trapped for both. */
static inline int same_but_sigreturn(const struct outcome *o, const struct outcome *n)
{
	if (o->ret != n->ret || o->err != n->err || o->n != n->n)
		return 0;
	for (int i = 0; i < o->n; i++) {
		int trapped = o->calls[i].nr == SYS_rt_sigreturn;
		if (o->calls[i].nr != n->calls[i].nr ||
		    n->calls[i].origin != PV_ORIGIN_TRAP ||
		    o->calls[i].origin != (trapped ? PV_ORIGIN_TRAP : PV_ORIGIN_LIBC))
			return 0;
	}
	return 1;
}

#define SAME_HANDLED_AFTER(reset, fn, ...)                                     \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		reset;                                                         \
		OURS(o_, fn, __VA_ARGS__);                                     \
		reset;                                                         \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		if (!same_but_sigreturn(&o_, &n_)) {                           \
			print_calls("ours ", &o_);                             \
			print_calls("glibc", &n_);                             \
			fail_msg("%s differs from glibc", #fn);                \
		}                                                              \
	} while (0)
#define SAME_HANDLED(fn, ...) SAME_HANDLED_AFTER((void)0, fn, __VA_ARGS__)

/* In the test: CHECK_CANCEL for each call; `points` counts glibc's. */
#define CHECK_CANCEL(name, fn, ...)                                            \
	{                                                                      \
		int o_ = cancelled(ours_##name), n_ = cancelled(native_##name); \
		points += n_;                                                  \
		if (o_ != n_)                                                  \
			fail_msg("%s: glibc's %s a cancellation point", #name, \
				 n_ ? "is" : "is not");                        \
	}

#endif
