/* tasks.c - fork, vfork, clone, clone3 and exit at the kernel end.
 *
 * Dispatch is not inherited by any new task, and a new task inherits its
 * parent's GS base.  So every child is given its own block and armed before
 * it runs program code:
 *  - a child without a new stack (fork, and vfork run as fork, since a vfork
 *    child would overwrite the parent's signal frame on the shared stack)
 *    returns through the same code as the parent and fixes itself up;
 *  - a child on a new stack (threads, posix_spawn's CLONE_VM|CLONE_VFORK)
 *    starts in pv_clone_stub, which restores the program's registers from a
 *    record left on that stack and jumps to the program's return address.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <errno.h>
#include <linux/sched.h>
#include <sys/syscall.h>

void pv_after_fork_child(void)
{
	rt_forget_pid();
	struct pv_thread *t = pv_self();
	t->tid = (int)pv_k0(SYS_gettid);
	if (t->armed)
		pv_trap_arm(t);
}

static long fork_child_fixup(long r)
{
	if (r == 0)
		pv_after_fork_child();
	return r;
}

void pv_child_begin(struct pv_child_start *s)
{
	pv_thread_set(s->block);
	if (!(s->clone_flags & CLONE_VM))
		rt_forget_pid();
	s->block->tid = (int)pv_k0(SYS_gettid);
	if (s->clone_flags & CLONE_CLEAR_SIGHAND)
		pv_signals_after_clear();
	if (s->armed)
		pv_trap_arm(s->block);
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, &s->sigmask, NULL, 8);
}

/* The program's registers at the trapped `syscall`, in the record's order. */
static void record_registers(struct pv_child_start *s, const ucontext_t *uc)
{
	const greg_t *g = uc->uc_mcontext.gregs;
	static const int order[16] = {
		REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
		REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
		REG_R12, REG_R13, REG_R14, REG_R15,
	};
	for (int i = 0; i < 16; i++)
		s->gpr[i] = (unsigned long)g[order[i]];
	s->rip = (unsigned long)g[REG_RIP];
	s->rflags = (unsigned long)g[REG_EFL];
	rt_memcpy(&s->sigmask, &uc->uc_sigmask, sizeof s->sigmask);
}

/* clone or clone3 (c, already in its final form) for a child that starts on
 * child_sp.  Only a trapped call says where the program continues; anything
 * else runs as it is. */
static long clone_on_new_stack(struct pv_syscall *c, unsigned long flags,
			       unsigned long child_sp, const ucontext_t *uc)
{
	struct pv_child_start s = { .child_sp = child_sp, .clone_flags = flags };
	record_registers(&s, uc);
	s.block = pv_thread_alloc();
	if (!s.block)
		return -ENOMEM;
	s.armed = pv_self()->armed;
	/* below the program's red zone, 16-byte aligned */
	unsigned long at = ((child_sp - 128 - sizeof s) & ~15UL);
	if (rt_poke((void *)at, &s, sizeof s) < 0) {
		pv_thread_free(s.block);
		return -EFAULT; /* natively the child would have crashed */
	}
	/* A vfork-style child shares our memory and may change the program's
	 * signal table before it execs: keep ours. */
	char saved[PV_SIGNAL_TABLE_BYTES];
	int vforked = (flags & CLONE_VM) && (flags & CLONE_VFORK);
	if (vforked)
		pv_signals_save(saved);
	/* The child must not take a signal before it has a block and its
	 * record is read; it restores the program's mask itself. */
	unsigned long all = ~0UL, mask;
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, &all, &mask, 8);
	long r = pv_clone_stub(c->nr, c->arg[0], c->arg[1], c->arg[2],
			       c->arg[3], c->arg[4], (struct pv_child_start *)at);
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, 8);
	if (vforked)
		pv_signals_load(saved);
	/* A child that does not share our memory has its own copy of the
	 * block; a vfork-style one has exec'd or exited by now. */
	if (r < 0 || vforked || !(flags & CLONE_VM))
		pv_thread_free(s.block);
	return r;
}

/* The libc path's clone(), run by glibc's: a vfork-style child still shares
 * our signal table until it execs. */
static long clone_by_wrapper(struct pv_syscall *call)
{
	unsigned long flags = (unsigned long)call->arg[0];
	int vforked = (flags & CLONE_VM) && (flags & CLONE_VFORK);
	char saved[PV_SIGNAL_TABLE_BYTES];
	if (vforked)
		pv_signals_save(saved);
	long r = call->priv->execute(call, call->priv->ctx);
	if (vforked)
		pv_signals_load(saved);
	return fork_child_fixup(r);
}

long pv_sys_clone(struct pv_syscall *call)
{
	if (call->priv && call->priv->execute)
		return clone_by_wrapper(call);
	struct pv_syscall c = *call;
	unsigned long flags = (unsigned long)c.arg[0];
	unsigned long sp = (unsigned long)c.arg[1];
	const ucontext_t *uc = call->priv ? call->priv->uc : NULL;
	if (sp && uc)
		return clone_on_new_stack(&c, flags, sp, uc);
	if ((flags & CLONE_VM) && !sp) /* vfork: run it as fork */
		c.arg[0] = (long)(flags & ~(CLONE_VM | CLONE_VFORK));
	return fork_child_fixup(pv_raw(&c));
}

long pv_sys_clone3(struct pv_syscall *call)
{
	struct clone_args args;
	size_t size = (size_t)call->arg[1];
	if (size < CLONE_ARGS_SIZE_VER0 || size > sizeof args ||
	    rt_peek(&args, (void *)call->arg[0], size) < 0)
		return pv_raw(call); /* the kernel's own answer */
	rt_memset((char *)&args + size, 0, sizeof args - size);
	struct pv_syscall c = *call;
	c.arg[0] = (long)&args;
	const ucontext_t *uc = call->priv ? call->priv->uc : NULL;
	if (args.stack && uc)
		return clone_on_new_stack(&c, args.flags,
					  args.stack + args.stack_size, uc);
	if ((args.flags & CLONE_VM) && !args.stack)
		args.flags &= ~(unsigned long)(CLONE_VM | CLONE_VFORK);
	return fork_child_fixup(pv_raw(&c));
}

long pv_sys_fork(struct pv_syscall *call)
{
	if (call->priv && call->priv->execute)
		return fork_child_fixup(call->priv->execute(call, call->priv->ctx));
	struct pv_syscall c = *call;
	c.nr = SYS_fork; /* vfork too: see the top of this file */
	return fork_child_fixup(pv_raw(&c));
}

long pv_sys_exit(struct pv_syscall *call)
{
	/* The block goes back to the pool before the task is gone; no signal
	 * handler may run on it in between. */
	unsigned long all = ~0UL;
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
	pv_thread_free(pv_self());
	return pv_raw(call);
}
