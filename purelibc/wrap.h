/* wrap.h - how an exported libc function hands its system call to the stack.
 *
 * Each wrapper makes the same system call glibc would make (open becomes
 * openat(AT_FDCWD, ...), stat becomes newfstatat) so that the layers -- and a
 * trace -- see what strace would see, and turns the kernel-style result into
 * glibc's -1 and errno.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_PURELIBC_WRAP_H
#define PV_PURELIBC_WRAP_H

#include "dispatch.h"
#include "enter.h"
#include "rt.h"

#include <errno.h>
#include <sys/syscall.h>

static inline long pv_libc_call(long nr, long a0, long a1, long a2, long a3,
				long a4, long a5)
{
	struct pv_syscall call = PV_SYSCALL(nr, a0, a1, a2, a3, a4, a5);
	call.origin = PV_ORIGIN_LIBC;
	call.ip = __builtin_return_address(0);
	return pv_enter_inline(&call);
}

/* A call glibc makes as a cancellation point (read, write, open, ...). */
long pv_libc_call_cancel(long nr, long a0, long a1, long a2, long a3, long a4,
			 long a5);

#define PV_ARGS6_(nr, a, b, c, d, e, f, ...)                                   \
	(nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f)
/* PV_LIBC(SYS_x, args...): kernel-style result. */
#define PV_LIBC(...) pv_libc_call(PV_ARGS6_(__VA_ARGS__, 0, 0, 0, 0, 0, 0))
#define PV_LIBC_CANCEL(...)                                                    \
	pv_libc_call_cancel(PV_ARGS6_(__VA_ARGS__, 0, 0, 0, 0, 0, 0))

/* glibc's convention: -1 and errno on failure. */
static inline long pv_errno(long r)
{
	if (pv_is_error(r)) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* PV_SYSCALL_RET(SYS_x, args...): the whole wrapper body for most calls. */
#define PV_SYSCALL_RET(...) pv_errno(PV_LIBC(__VA_ARGS__))
#define PV_SYSCALL_RET_CANCEL(...) pv_errno(PV_LIBC_CANCEL(__VA_ARGS__))

/* glibc's pthread-style functions return the error number itself. */
static inline int pv_errnum(long r) { return pv_is_error(r) ? (int)-r : 0; }

#endif
