/* trap.c - syscall user dispatch: the SIGSYS handler and per-thread arming.
 *
 * With dispatch on, every `syscall` instruction outside the exempt range
 * (kernel_entry.S) stops with SIGSYS before the kernel runs it.  The handler
 * reads the call from the saved context, hands it to the stack at the
 * thread's current level -- so a call a layer makes goes to the layers below
 * it -- and writes the result into RAX; returning skips the instruction.
 *
 * The handler is installed with the raw rt_sigaction: SA_NODEFER and an
 * empty mask (a trap while SIGSYS is blocked kills the process, and the
 * program's signals must still interrupt a blocking call), and a restorer
 * inside the exempt range (glibc's would trap).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <linux/prctl.h>
#include <sys/syscall.h>

#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif

int pv_trap_installed;

static void sigsys_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	if (si->si_code != SYS_USER_DISPATCH) {
		pv_sigsys_forward(sig, si, uc);
		return;
	}
	struct pv_thread *t = pv_self();
	greg_t *g = uc->uc_mcontext.gregs;
	if (t->in_vdso) {
		/* the fallback of a vDSO function the kernel end called: the
		 * layers have seen this call already */
		g[REG_RAX] = pv_kernel(g[REG_RAX], g[REG_RDI], g[REG_RSI],
				       g[REG_RDX], g[REG_R10], g[REG_R8],
				       g[REG_R9]);
		return;
	}
	struct pv_call_private priv = { .uc = uc };
	struct pv_syscall call = {
		.nr = g[REG_RAX],
		.arg = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10],
			 g[REG_R8], g[REG_R9] },
		.origin = PV_ORIGIN_TRAP,
		.ip = (void *)g[REG_RIP],
		.priv = &priv,
	};
	ucontext_t *saved = t->trap_uc;
	t->trap_uc = uc;
	long r;
	if (call.nr == SYS_rt_sigreturn) /* the end of a program handler */
		r = pv_dispatch_at(&call, pv_stack_height());
	else
		r = pv_dispatch(&call);
	t->trap_uc = saved;
	if (!priv.context_done)
		g[REG_RAX] = r;
}

int pv_trap_install(void)
{
	if (pv_trap_installed)
		return 0;
	pv_signals_remember(SIGSYS); /* the program's, before ours replaces it */
	struct pv_ksigaction k = {
		.handler = (void *)sigsys_handler,
		.flags = SA_SIGINFO | SA_NODEFER | SA_RESTORER,
		.restorer = pv_restorer,
		.mask = 0,
	};
	long r = pv_k4(SYS_rt_sigaction, SIGSYS, &k, NULL, 8);
	if (r < 0)
		return (int)r;
	unsigned long sys = 1UL << (SIGSYS - 1);
	pv_k4(SYS_rt_sigprocmask, SIG_UNBLOCK, &sys, NULL, 8);
	pv_trap_installed = 1;
	return 0;
}

int pv_trap_arm(struct pv_thread *t)
{
	t->selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	long r = pv_k5(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH,
		       PR_SYS_DISPATCH_ON, (long)__start_pv_exempt,
		       __stop_pv_exempt - __start_pv_exempt, &t->selector);
	if (r == 0)
		t->armed = 1;
	return (int)r;
}
