/* internal.h - what the files of dispatch/ share with each other, and nothing
 * the rest of the tree may use (that is dispatch.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_DISPATCH_INTERNAL_H
#define PV_DISPATCH_INTERNAL_H

#include "dispatch.h"
#include "enter.h"
#include "rt.h"

#include <signal.h>
#include <stdatomic.h>
#include <ucontext.h>

/* thread.c */
extern int pv_have_fsgsbase;
struct pv_thread *pv_thread_alloc(void);
void pv_thread_free(struct pv_thread *t);
void pv_thread_set(struct pv_thread *t); /* make t the calling thread's block */
struct pv_thread *pv_thread_adopt(void); /* a thread found without a block */

static inline struct pv_thread *pv_self(void)
{
	if (PV_UNLIKELY(pv_have_fsgsbase)) {
		unsigned long base;
		__asm__ volatile("rdgsbase %0" : "=r"(base));
		if (PV_UNLIKELY(!base))
			return pv_thread_adopt();
	}
	return PV_SELF->self;
}

/* kernel_entry.S: everything that executes `syscall` for the runtime lies in
 * the section pv_exempt, the one address range dispatch lets through. */
extern char __start_pv_exempt[] PV_HIDDEN, __stop_pv_exempt[] PV_HIDDEN;
void pv_restorer(void) PV_HIDDEN;           /* rt_sigreturn, exempt */
long pv_kernel_call(const struct pv_syscall *call) PV_HIDDEN;
extern char pv_sigreturn_insn[] PV_HIDDEN;  /* its `syscall` instruction */
long pv_trap_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
		     long a5) PV_HIDDEN;   /* a `syscall` outside the range */

/* How a child created on a new stack begins (tasks.c, kernel_entry.S).  The
 * record is written on the child's stack below its stack pointer before the
 * clone, since the parent's frame may be gone by the time the child runs. */
struct pv_child_start {
	struct pv_thread *block;  /* 0: the child's block */
	unsigned long child_sp;   /* 8: the stack the program gave */
	unsigned long rip;        /* 16: where program code continues */
	unsigned long rflags;     /* 24 */
	unsigned long gpr[16];    /* 32: rax rcx rdx rbx rsp rbp rsi rdi r8..r15
				     (rsp unused, rax forced to 0) */
	unsigned long sigmask;    /* 160: the program's mask, restored last */
	unsigned long clone_flags;
	int armed;                /* arm dispatch in the child */
	int pad;
};
long pv_clone_stub(long nr, long a0, long a1, long a2, long a3, long a4,
		   struct pv_child_start *start) PV_HIDDEN;
void pv_child_begin(struct pv_child_start *start) PV_HIDDEN;

_Static_assert(__builtin_offsetof(struct pv_syscall, nr) == 0 &&
		       __builtin_offsetof(struct pv_syscall, arg) == 8,
	       "kernel_entry.S reads the call at these offsets");

/* stack.c (pv_dispatch_at is in enter.h) */
long pv_dispatch(struct pv_syscall *call);
int pv_stack_height(void);
const struct pv_layer *pv_stack_layer(int index);

/* bottom.c: the kernel end of the stack (pv_bottom is in enter.h) */
long pv_raw(const struct pv_syscall *call);
long pv_execute(const struct pv_syscall *call);

/* signals.c */
void pv_signals_wrap_existing(void);
void pv_signals_remember(int sig);
long pv_sys_rt_sigaction(struct pv_syscall *call);
long pv_sys_sigmask_call(struct pv_syscall *call);
long pv_sys_rt_sigprocmask(struct pv_syscall *call);
long pv_sys_sigaltstack(struct pv_syscall *call);
long pv_sys_rt_sigreturn(struct pv_syscall *call);
void pv_sigsys_forward(int sig, siginfo_t *si, ucontext_t *uc);
void pv_signals_catch_fatal(void);
#define PV_SIGNAL_TABLE_BYTES (sizeof(struct pv_ksigaction) * 65 + sizeof(unsigned long))
void pv_signals_save(void *buf);
void pv_signals_load(const void *buf);
void pv_signals_after_clear(void);

/* trap.c */
int pv_trap_install(void);
int pv_trap_arm(struct pv_thread *t);
extern int pv_trap_installed;

/* tasks.c */
long pv_sys_clone(struct pv_syscall *call);
long pv_sys_clone3(struct pv_syscall *call);
long pv_sys_fork(struct pv_syscall *call);
long pv_sys_exit(struct pv_syscall *call);
void pv_after_fork_child(void);

/* exec.c */
long pv_sys_execve(struct pv_syscall *call);

/* runtime.c */
extern enum pv_mode pv_mode_current;
extern int pv_started;
long pv_sys_fd_guard(struct pv_syscall *call);
int pv_runtime_fd_is(int fd);
void pv_runtime_fds_inherit(int on);
int pv_exec_env(char **out, int max, char *scratch, size_t len);

/* brk.c: the hosted program's own break */
long pv_sys_brk(struct pv_syscall *call);

/* vdso.c */
void *pv_vdso_sym(const char *name);
long pv_sys_vdso(struct pv_syscall *call);

/* The raw signal action, as the kernel takes it (not glibc's layout). */
struct pv_ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

#endif
