/* core.c - syscall(), cancellation points, and starting the libc path.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "libc_path.h"
#include "wrap.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

PV_EXPORT long syscall(long nr, ...)
{
	va_list ap;
	long a[6];
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return pv_errno(pv_libc_call(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}

/* glibc lets pthread_cancel act on a thread blocked in a cancellation point
 * by switching to asynchronous cancellation for the duration of the system
 * call.  Done here around the kernel's part only, never while a layer runs. */
static long execute_cancellable(struct pv_syscall *call, void *ctx)
{
	(void)ctx;
	int old;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	long r = pv_kernel(call->nr, call->arg[0], call->arg[1], call->arg[2],
			   call->arg[3], call->arg[4], call->arg[5]);
	pthread_setcanceltype(old, NULL);
	return r;
}

long pv_libc_call_cancel(long nr, long a0, long a1, long a2, long a3, long a4,
			 long a5)
{
	struct pv_call_private priv = { .execute = execute_cancellable };
	struct pv_syscall call = PV_SYSCALL(nr, a0, a1, a2, a3, a4, a5);
	call.origin = PV_ORIGIN_LIBC;
	call.ip = __builtin_return_address(0);
	if (pv_get_mode() == PV_MODE_SUD) {
		/* the call must trap like glibc's: cancellation is checked
		 * around it, not during it */
		pthread_testcancel();
		long r = pv_enter(&call);
		pthread_testcancel();
		return r;
	}
	call.priv = &priv;
	return pv_enter(&call);
}

/* The libc path cannot see glibc's final exit_group: exit() makes it
 * internally.  This handler, registered before any of the program's, runs
 * after them; it flushes the streams through the layers and tells the layers
 * that the process ends, so a trace shows "+++ exited with N +++".  With the
 * trap armed the real exit_group is caught anyway. */
static void last_word(int status, void *arg)
{
	(void)arg;
	fflush(NULL);
	if (pv_get_mode() != PV_MODE_LIBC)
		return;
	struct pv_syscall call = PV_SYSCALL(SYS_exit_group, status, 0, 0, 0, 0, 0);
	call.origin = PV_ORIGIN_LIBC;
	call.flags = PV_CALL_ANNOUNCE;
	pv_enter(&call);
}

void pv_libc_start(void)
{
	pv_stdio_start();
	on_exit(last_word, NULL);
}
