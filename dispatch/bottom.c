/* bottom.c - the kernel end of the layer stack.
 *
 * Most calls go to the kernel as they are.  A few cannot: the runtime must
 * virtualize the program's signal handlers and masks, give new tasks their
 * own block and dispatch, keep its settings across exec and keep its own
 * descriptors.  Those calls have an entry in `special`; the rest take the
 * raw path.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <sys/syscall.h>

typedef long special_fn(struct pv_syscall *call);

static special_fn *const special[] = {
	[SYS_rt_sigaction] = pv_sys_rt_sigaction,
	[SYS_rt_sigprocmask] = pv_sys_rt_sigprocmask,
	[SYS_rt_sigsuspend] = pv_sys_sigmask_call,
	[SYS_rt_sigtimedwait] = pv_sys_sigmask_call,
	[SYS_ppoll] = pv_sys_sigmask_call,
	[SYS_pselect6] = pv_sys_sigmask_call,
	[SYS_epoll_pwait] = pv_sys_sigmask_call,
	[SYS_epoll_pwait2] = pv_sys_sigmask_call,
	[SYS_signalfd] = pv_sys_sigmask_call,
	[SYS_signalfd4] = pv_sys_sigmask_call,
	[SYS_sigaltstack] = pv_sys_sigaltstack,
	[SYS_rt_sigreturn] = pv_sys_rt_sigreturn,
	[SYS_clone] = pv_sys_clone,
	[SYS_clone3] = pv_sys_clone3,
	[SYS_fork] = pv_sys_fork,
	[SYS_vfork] = pv_sys_fork,
	[SYS_exit] = pv_sys_exit,
	[SYS_exit_group] = pv_sys_exit,
	[SYS_execve] = pv_sys_execve,
	[SYS_execveat] = pv_sys_execve,
	[SYS_close] = pv_sys_fd_guard,
	[SYS_dup2] = pv_sys_fd_guard,
	[SYS_dup3] = pv_sys_fd_guard,
	[SYS_close_range] = pv_sys_fd_guard,
	[SYS_clock_gettime] = pv_sys_vdso,
	[SYS_gettimeofday] = pv_sys_vdso,
	[SYS_time] = pv_sys_vdso,
	[SYS_getcpu] = pv_sys_vdso,
	[SYS_clock_getres] = pv_sys_vdso,
	[SYS_brk] = pv_sys_brk,
};

/* The program's call, executed: by the wrapper's own means when it gave
 * one (glibc's fork, a cancellation point), else as it is. */
long pv_execute(const struct pv_syscall *call)
{
	if (call->priv && call->priv->execute)
		return call->priv->execute((struct pv_syscall *)call,
					   call->priv->ctx);
	return pv_raw(call);
}

long pv_raw(const struct pv_syscall *call) { return pv_kernel_call(call); }

long pv_bottom(struct pv_syscall *call)
{
	if (PV_UNLIKELY(call->flags & PV_CALL_ANNOUNCE))
		return 0;
	unsigned long nr = (unsigned long)call->nr;
	if (nr < PV_ARRAY_SIZE(special) && special[nr])
		return special[nr](call);
	return pv_execute(call);
}
