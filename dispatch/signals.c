/* signals.c - the program's signal handlers, masks and alternate stacks.
 *
 * The program's handlers are kept in a table and the kernel is given a
 * trampoline instead, so that a handler runs at the top of the layer stack
 * whatever code it interrupted, and layers hear of the signal first.  With the
 * trap armed, SIGSYS belongs to the runtime: it is taken out of every mask the
 * program hands the kernel, and the program's own SIGSYS action is kept in the
 * table and honoured for a SIGSYS that is not a dispatch.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <errno.h>
#include <sys/syscall.h>

#define NSIG_KERNEL 64
#define SIGBIT(s) (1UL << ((s) - 1))

static struct pv_ksigaction prog_act[NSIG_KERNEL + 1];
static unsigned long known; /* SIGBIT(sig): prog_act[sig] read from the kernel */
static int catch_fatal;

/* The program's action for sig, read from the kernel the first time: what
 * exec left (SIG_IGN survives it) or what was set before the runtime
 * started.  Lazily, because a process start should not cost 64 calls. */
static struct pv_ksigaction *action(int sig)
{
	if (!(known & SIGBIT(sig))) {
		struct pv_ksigaction old = { .handler = SIG_DFL };
		pv_k4(SYS_rt_sigaction, sig, NULL, &old, 8);
		prog_act[sig] = old;
		known |= SIGBIT(sig);
	}
	return &prog_act[sig];
}

/* Signals whose default action ends the process, so that a layer can be told
 * before it happens ("+++ killed by SIGSEGV +++"). */
static const unsigned long fatal_by_default =
	SIGBIT(SIGHUP) | SIGBIT(SIGINT) | SIGBIT(SIGQUIT) | SIGBIT(SIGILL) |
	SIGBIT(SIGTRAP) | SIGBIT(SIGABRT) | SIGBIT(SIGBUS) | SIGBIT(SIGFPE) |
	SIGBIT(SIGUSR1) | SIGBIT(SIGSEGV) | SIGBIT(SIGUSR2) | SIGBIT(SIGPIPE) |
	SIGBIT(SIGALRM) | SIGBIT(SIGTERM) | SIGBIT(SIGSTKFLT) | SIGBIT(SIGXCPU) |
	SIGBIT(SIGXFSZ) | SIGBIT(SIGVTALRM) | SIGBIT(SIGPROF) | SIGBIT(SIGIO) |
	SIGBIT(SIGPWR);

static int is_fatal_by_default(int sig)
{
	return sig >= 32 || (fatal_by_default & SIGBIT(sig));
}

static int sigsys_is_runtimes(void) { return pv_trap_installed; }

static unsigned long without_sigsys(unsigned long mask)
{
	return sigsys_is_runtimes() ? mask & ~SIGBIT(SIGSYS) : mask;
}

void pv_notify_signal(int sig, const siginfo_t *info, int fatal)
{
	int n = pv_stack_height();
	int saved = pv_self()->level;
	for (int i = 0; i < n; i++) {
		const struct pv_layer *l = pv_stack_layer(i);
		if (!l->on_signal)
			continue;
		PV_SELF->level = i;
		l->on_signal(sig, info, fatal, l->data);
	}
	PV_SELF->level = saved;
}

/* Dies of sig by its default action, as the program would have. */
static void die_by_default(int sig)
{
	struct pv_ksigaction dfl = { .handler = SIG_DFL };
	unsigned long unblock = SIGBIT(sig);
	pv_k4(SYS_rt_sigaction, sig, &dfl, NULL, 8);
	pv_k3(SYS_tgkill, pv_k0(SYS_getpid), pv_k0(SYS_gettid), sig);
	pv_k4(SYS_rt_sigprocmask, SIG_UNBLOCK, &unblock, NULL, 8);
}

/* Runs the program's handler for sig as program code: at the top of the
 * stack, outside any trapped call's context. */
static void run_program_handler(int sig, siginfo_t *si, void *uc,
				const struct pv_ksigaction *a)
{
	struct pv_thread *t = pv_self();
	int saved_level = t->level;
	ucontext_t *saved_uc = t->trap_uc;
	t->level = PV_LEVEL_TOP;
	t->trap_uc = NULL;
	if (a->flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))a->handler)(sig, si, uc);
	else
		((void (*)(int))a->handler)(sig);
	t->level = saved_level;
	t->trap_uc = saved_uc;
}

static void signal_entry(int sig, siginfo_t *si, void *uc)
{
	struct pv_ksigaction a = *action(sig);
	if (a.flags & SA_RESETHAND)
		prog_act[sig].handler = SIG_DFL; /* the kernel reset ours */
	pv_notify_signal(sig, si, 0);
	if (a.handler == SIG_IGN)
		return;
	if (a.handler == SIG_DFL) { /* changed while this one was on its way */
		if (is_fatal_by_default(sig)) {
			pv_notify_signal(sig, si, 1);
			die_by_default(sig);
		}
		return;
	}
	run_program_handler(sig, si, uc, &a);
}

static void fatal_entry(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (action(sig)->handler != SIG_DFL) /* the program changed it */
		return;
	pv_notify_signal(sig, si, 1);
	die_by_default(sig);
}

/* What the kernel should hold for the program's action a on sig. */
static struct pv_ksigaction kernel_action(int sig, const struct pv_ksigaction *a)
{
	struct pv_ksigaction k = *a;
	k.mask = without_sigsys(a->mask);
	if (a->handler == SIG_IGN)
		return k;
	if (a->handler == SIG_DFL) {
		if (!catch_fatal || !is_fatal_by_default(sig))
			return k;
		k.handler = (void *)fatal_entry;
		k.flags = SA_SIGINFO | SA_RESTORER | SA_RESTART;
		k.restorer = pv_restorer;
		k.mask = 0;
		return k;
	}
	k.handler = (void *)signal_entry;
	k.flags |= SA_SIGINFO;
	if (!(k.flags & SA_RESTORER)) {
		k.flags |= SA_RESTORER;
		k.restorer = pv_restorer;
	}
	return k;
}

static int is_runtime_handler(void *h)
{
	return h == (void *)signal_entry || h == (void *)fatal_entry;
}

static void install(int sig)
{
	struct pv_ksigaction k = kernel_action(sig, action(sig));
	pv_k4(SYS_rt_sigaction, sig, &k, NULL, 8);
}

/* An application that links the runtime may have installed handlers before
 * it started the runtime: they are wrapped now, so they too run at the top
 * of the stack.  A program started under purevirt comes from exec, which
 * leaves no handlers, only ignored signals: nothing to do until it asks. */
void pv_signals_wrap_existing(void)
{
	for (int sig = 1; sig <= NSIG_KERNEL; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == SIGSYS)
			continue;
		void *h = action(sig)->handler;
		if (is_runtime_handler(h)) /* a fork child's inherited table */
			continue;
		if (h != SIG_DFL && h != SIG_IGN)
			install(sig);
	}
}

void pv_signals_remember(int sig) { action(sig); }

void pv_signals_catch_fatal(void)
{
	catch_fatal = 1;
	for (int sig = 1; sig <= NSIG_KERNEL; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSYS &&
		    action(sig)->handler == SIG_DFL && is_fatal_by_default(sig))
			install(sig);
}

long pv_sys_rt_sigaction(struct pv_syscall *call)
{
	int sig = (int)call->arg[0];
	const void *uact = (const void *)call->arg[1];
	void *uold = (void *)call->arg[2];
	if (call->arg[3] != 8 || sig < 1 || sig > NSIG_KERNEL ||
	    sig == SIGKILL || sig == SIGSTOP)
		return pv_raw(call); /* the kernel's own answer */
	struct pv_ksigaction act, old = *action(sig);
	if (uact) {
		if (rt_peek(&act, uact, sizeof act) < 0)
			return -EFAULT;
		/* the kernel never keeps these in a handler's mask, and says so
		 * when the action is read back */
		act.mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
		if (sig == SIGSYS && sigsys_is_runtimes()) {
			prog_act[sig] = act; /* kept, never given to the kernel */
		} else {
			struct pv_ksigaction k = kernel_action(sig, &act);
			prog_act[sig] = act;
			long r = pv_k4(SYS_rt_sigaction, sig, &k, NULL, 8);
			if (r < 0) {
				prog_act[sig] = old;
				return r;
			}
		}
	}
	if (uold && rt_poke(uold, &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

/* Keeps what a call made inside the SIGSYS handler did to the mask or the
 * alternate stack: the handler's return restores them from the saved context,
 * so the context must say what the program asked for. */
static void mirror_mask(void)
{
	ucontext_t *uc = pv_self()->trap_uc;
	unsigned long cur;
	if (uc && pv_k4(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &cur, 8) == 0)
		rt_memcpy(&uc->uc_sigmask, &cur, sizeof cur);
}

long pv_sys_rt_sigprocmask(struct pv_syscall *call)
{
	int how = (int)call->arg[0];
	const void *uset = (const void *)call->arg[1];
	void *uold = (void *)call->arg[2];
	if (call->arg[3] != 8 || !sigsys_is_runtimes())
		return pv_raw(call);
	struct pv_thread *t = pv_self();
	unsigned long set = 0, old = 0;
	int was_masked = t->sigsys_masked;
	if (uset) {
		if (rt_peek(&set, uset, sizeof set) < 0)
			return -EFAULT;
		if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
			return -EINVAL;
	}
	unsigned long kset = how == SIG_UNBLOCK ? set : set & ~SIGBIT(SIGSYS);
	long r = pv_k4(SYS_rt_sigprocmask, how, uset ? &kset : NULL, &old, 8);
	if (r < 0)
		return r;
	if (uset) {
		int want = (set & SIGBIT(SIGSYS)) != 0;
		if (how == SIG_SETMASK)
			t->sigsys_masked = (unsigned char)want;
		else if (want)
			t->sigsys_masked = how == SIG_BLOCK;
		mirror_mask();
	}
	if (uold) {
		unsigned long shown = old & ~SIGBIT(SIGSYS);
		if (was_masked)
			shown |= SIGBIT(SIGSYS);
		if (rt_poke(uold, &shown, sizeof shown) < 0)
			return -EFAULT;
	}
	return 0;
}

/* Where each call keeps a signal set the kernel will apply: argument index,
 * or, for pselect6, the index of a {set, size} pair. */
static int sigset_arg(long nr, int *indirect)
{
	*indirect = 0;
	switch (nr) {
	case SYS_rt_sigsuspend:
	case SYS_rt_sigtimedwait:
		return 0;
	case SYS_signalfd:
	case SYS_signalfd4:
		return 1;
	case SYS_ppoll:
		return 3;
	case SYS_epoll_pwait:
	case SYS_epoll_pwait2:
		return 4;
	case SYS_pselect6:
		*indirect = 1;
		return 5;
	}
	return -1;
}

long pv_sys_sigmask_call(struct pv_syscall *call)
{
	int indirect, i = sigset_arg(call->nr, &indirect);
	if (i < 0 || !call->arg[i] || !sigsys_is_runtimes())
		return pv_execute(call);
	struct pv_syscall c = *call; /* the layers above keep the program's view */
	unsigned long set;
	struct {
		const void *set;
		unsigned long size;
	} pair;
	const void *uset = (const void *)call->arg[i];
	if (indirect) {
		if (rt_peek(&pair, uset, sizeof pair) < 0 || !pair.set)
			return pv_execute(call);
		uset = pair.set;
	}
	if (rt_peek(&set, uset, sizeof set) < 0)
		return pv_execute(call); /* the kernel says EFAULT */
	set &= ~SIGBIT(SIGSYS);
	if (indirect) {
		pair.set = &set;
		c.arg[i] = (long)&pair;
	} else {
		c.arg[i] = (long)&set;
	}
	return pv_execute(&c);
}

long pv_sys_sigaltstack(struct pv_syscall *call)
{
	long r = pv_raw(call);
	ucontext_t *uc = pv_self()->trap_uc;
	stack_t cur;
	if (r == 0 && call->arg[0] && uc &&
	    pv_k2(SYS_sigaltstack, NULL, &cur) == 0)
		uc->uc_stack = cur;
	return r;
}

long pv_sys_rt_sigreturn(struct pv_syscall *call)
{
	if (call->origin != PV_ORIGIN_TRAP || !call->priv || !call->priv->uc)
		return pv_raw(call);
	/* rt_sigreturn cannot run inside the SIGSYS handler: it would return
	 * from the handler's own frame.  Replay it where the program made it,
	 * from an exempt instruction, once the handler has returned. */
	ucontext_t *uc = call->priv->uc;
	uc->uc_mcontext.gregs[REG_RIP] = (long)pv_sigreturn_insn;
	uc->uc_mcontext.gregs[REG_RAX] = SYS_rt_sigreturn;
	call->priv->context_done = 1;
	/* The result the layers see is the kernel's: the interrupted code's
	 * RAX, from the frame the program's stack pointer is at (the handler
	 * has returned into the restorer, past the frame's return address). */
	const ucontext_t *frame = (const ucontext_t *)uc->uc_mcontext.gregs[REG_RSP];
	long rax = 0;
	rt_peek(&rax, &frame->uc_mcontext.gregs[REG_RAX], sizeof rax);
	return rax;
}

void pv_sigsys_forward(int sig, siginfo_t *si, ucontext_t *uc)
{
	struct pv_ksigaction a = *action(SIGSYS);
	if (a.handler == SIG_IGN)
		return;
	if (a.handler == SIG_DFL) {
		pv_notify_signal(sig, si, 1);
		die_by_default(sig);
		return;
	}
	if (a.flags & SA_RESETHAND)
		prog_act[SIGSYS].handler = SIG_DFL;
	pv_notify_signal(sig, si, 0);
	/* the kernel ran us with the program's mask untouched: apply the mask
	 * the program's SIGSYS action asked for, as its delivery would have */
	unsigned long block = without_sigsys(a.mask), saved;
	pv_k4(SYS_rt_sigprocmask, SIG_BLOCK, &block, &saved, 8);
	run_program_handler(sig, si, uc, &a);
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, &saved, NULL, 8);
}

/* A vfork-style child shares the parent's memory, this table included, until
 * it execs: the parent saves the table around such a clone and takes it back
 * afterwards, whatever the child did to its own handlers. */
_Static_assert(PV_SIGNAL_TABLE_BYTES == sizeof prog_act + sizeof known,
	       "the saved table is the actions and what is known of them");
void pv_signals_save(void *buf)
{
	rt_memcpy(buf, prog_act, sizeof prog_act);
	rt_memcpy((char *)buf + sizeof prog_act, &known, sizeof known);
}
void pv_signals_load(const void *buf)
{
	rt_memcpy(prog_act, buf, sizeof prog_act);
	rt_memcpy(&known, (const char *)buf + sizeof prog_act, sizeof known);
}

/* In a child made with CLONE_CLEAR_SIGHAND the kernel reset every handler:
 * the program's table says so too, and SIGSYS is the runtime's again. */
void pv_signals_after_clear(void)
{
	known = 0; /* ask the kernel again: handlers default, ignored stay */
	catch_fatal = 0;
	if (pv_trap_installed) {
		pv_trap_installed = 0;
		pv_trap_install();
	}
}
