/* poll.c - waiting for descriptors: poll, select and epoll.
 *
 * Each wrapper makes the system call glibc 2.36 makes on x86-64 (checked
 * with strace): select becomes pselect6 with its timeval made a timespec,
 * and the calls that take a signal mask pass the kernel's mask size.  Every
 * wait is a cancellation point, as in glibc.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>

#define PV_ALIAS(name, target)                                                 \
	extern __typeof__(target) name                                         \
		__attribute__((alias(#target), copy(target),                   \
			       visibility("default")))

void __chk_fail(void) __attribute__((noreturn));

/* The kernel's sigset_t, which the mask-taking calls must be told. */
#define KERNEL_SIGSET_BYTES 8

PV_EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_poll, fds, n, timeout);
}
PV_ALIAS(__poll, poll);

/* POSIX makes the timeout const, Linux writes the time left into it: glibc
 * hands the kernel a copy (and so reads the caller's before the call). */
/* The calls that carry a signal mask (pselect6 also for select) are
 * handled by the kernel end itself, which does not run them as
 * cancellation points: a cancellation already pending is acted on here,
 * as glibc's wrapper would on entry. */
PV_EXPORT int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
		    const sigset_t *mask)
{
	pthread_testcancel();
	struct timespec copy;
	if (timeout) {
		copy = *timeout;
		timeout = &copy;
	}
	return (int)PV_SYSCALL_RET_CANCEL(SYS_ppoll, fds, n, timeout, mask,
					  KERNEL_SIGSET_BYTES);
}

/* Fortified polls: the count must fit the array the compiler saw. */
PV_EXPORT int __poll_chk(struct pollfd *fds, nfds_t n, int timeout,
			 size_t fdslen)
{
	if (fdslen / sizeof *fds < n)
		__chk_fail();
	return poll(fds, n, timeout);
}

PV_EXPORT int __ppoll_chk(struct pollfd *fds, nfds_t n,
			  const struct timespec *timeout, const sigset_t *mask,
			  size_t fdslen)
{
	if (fdslen / sizeof *fds < n)
		__chk_fail();
	return ppoll(fds, n, timeout, mask);
}

#define USEC_PER_SEC 1000000
#define NSEC_PER_USEC 1000

/* select's timeval as pselect6's timespec.  glibc refuses negative parts,
 * carries whole seconds out of the microseconds (taken as 32 bits), and
 * saturates rather than overflow. */
static int timeval_to_timespec(const struct timeval *tv, struct timespec *ts)
{
	int64_t s = tv->tv_sec;
	int32_t us = (int32_t)tv->tv_usec;
	if (s < 0 || us < 0)
		return -EINVAL;
	if (us / USEC_PER_SEC > INT64_MAX - s) {
		ts->tv_sec = INT64_MAX;
		ts->tv_nsec = USEC_PER_SEC * NSEC_PER_USEC - 1;
	} else {
		ts->tv_sec = s + us / USEC_PER_SEC;
		ts->tv_nsec = (long)(us % USEC_PER_SEC) * NSEC_PER_USEC;
	}
	return 0;
}

/* Like the kernel's own select, glibc's tells the caller the time left. */
PV_EXPORT int select(int n, fd_set *rd, fd_set *wr, fd_set *ex,
		     struct timeval *timeout)
{
	struct timespec ts;
	if (timeout) {
		int bad = timeval_to_timespec(timeout, &ts);
		if (bad)
			return (int)pv_errno(bad);
	}
	pthread_testcancel();
	long r = PV_LIBC_CANCEL(SYS_pselect6, n, rd, wr, ex,
				timeout ? &ts : NULL, NULL);
	if (timeout) {
		timeout->tv_sec = ts.tv_sec;
		timeout->tv_usec = ts.tv_nsec / NSEC_PER_USEC;
	}
	return (int)pv_errno(r);
}
PV_ALIAS(__select, select);

/* pselect6's sixth argument: the mask and its size, together. */
struct pselect_mask {
	const sigset_t *mask;
	size_t size;
};

PV_EXPORT int pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex,
		      const struct timespec *timeout, const sigset_t *mask)
{
	pthread_testcancel();
	struct timespec copy;
	if (timeout) {
		copy = *timeout;
		timeout = &copy;
	}
	struct pselect_mask m = { mask, KERNEL_SIGSET_BYTES };
	return (int)PV_SYSCALL_RET_CANCEL(SYS_pselect6, n, rd, wr, ex, timeout, &m);
}

PV_EXPORT int epoll_create(int size)
{
	return (int)PV_SYSCALL_RET(SYS_epoll_create, size);
}

PV_EXPORT int epoll_create1(int flags)
{
	return (int)PV_SYSCALL_RET(SYS_epoll_create1, flags);
}

PV_EXPORT int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	return (int)PV_SYSCALL_RET(SYS_epoll_ctl, epfd, op, fd, ev);
}

PV_EXPORT int epoll_wait(int epfd, struct epoll_event *evs, int max, int timeout)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_epoll_wait, epfd, evs, max, timeout);
}

PV_EXPORT int epoll_pwait(int epfd, struct epoll_event *evs, int max,
			  int timeout, const sigset_t *mask)
{
	pthread_testcancel();
	return (int)PV_SYSCALL_RET_CANCEL(SYS_epoll_pwait, epfd, evs, max, timeout,
					  mask, KERNEL_SIGSET_BYTES);
}

PV_EXPORT int epoll_pwait2(int epfd, struct epoll_event *evs, int max,
			   const struct timespec *timeout, const sigset_t *mask)
{
	pthread_testcancel();
	return (int)PV_SYSCALL_RET_CANCEL(SYS_epoll_pwait2, epfd, evs, max,
					  timeout, mask, KERNEL_SIGSET_BYTES);
}
