/* signal.c - signal actions, masks, waiting for signals, timers.
 *
 * glibc's struct sigaction is not the kernel's: the wrappers convert, as
 * glibc does, and hand the kernel a restorer of their own
 * (pv_program_restorer, outside the exempt range so that with the trap armed
 * a handler's return reaches the layers like glibc's would).  glibc keeps two
 * signals for itself (SIGCANCEL 32, SIGSETXID 33): sigaction refuses them and
 * the mask calls never block them; the wrappers do the same.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc_private.h"
#include "wrap.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <unistd.h>

#define KSIGSET_BYTES 8 /* what every rt_sig* call is given as the set size */
#define SIG_CANCEL 32
#define SIG_SETXID 33
#define KSIGBIT(s) (1UL << ((s) - 1))
#define INTERNAL_SIGNALS (KSIGBIT(SIG_CANCEL) | KSIGBIT(SIG_SETXID))

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

static int is_internal(int sig) { return sig == SIG_CANCEL || sig == SIG_SETXID; }

long pv_proc_ksigaction(int sig, void *handler, unsigned long flags,
			unsigned long mask, struct pv_kernel_sigaction *old)
{
	struct pv_kernel_sigaction k = {
		.handler = handler,
		.flags = flags | SA_RESTORER,
		.restorer = pv_program_restorer,
		.mask = mask,
	};
	return PV_LIBC(SYS_rt_sigaction, sig, &k, old, KSIGSET_BYTES);
}

/* ---- sigaction and its simpler forms ---- */

PV_EXPORT int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (sig <= 0 || sig >= NSIG || is_internal(sig)) {
		errno = EINVAL;
		return -1;
	}
	struct pv_kernel_sigaction k, ko;
	if (act) {
		k.handler = (void *)act->sa_handler;
		/* sa_flags is an int in glibc's struct: it reaches the kernel
		 * sign-extended, as glibc passes it */
		k.flags = (unsigned long)(long)(act->sa_flags | SA_RESTORER);
		k.restorer = pv_program_restorer;
		memcpy(&k.mask, &act->sa_mask, sizeof k.mask);
	}
	long r = PV_LIBC(SYS_rt_sigaction, sig, act ? &k : NULL, old ? &ko : NULL,
			 KSIGSET_BYTES);
	if (pv_is_error(r))
		return (int)pv_errno(r);
	if (old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = (__sighandler_t)ko.handler;
		old->sa_flags = (int)ko.flags;
		old->sa_restorer = ko.restorer;
		memcpy(&old->sa_mask, &ko.mask, sizeof ko.mask);
	}
	return 0;
}

/* The signals siginterrupt() asked to interrupt system calls: signal()
 * installs them without SA_RESTART. */
static sigset_t interrupting;
static pthread_mutex_t interrupting_lock = PTHREAD_MUTEX_INITIALIZER;

static __sighandler_t install_handler(int sig, __sighandler_t handler, int flags,
				      int block_self)
{
	if (handler == SIG_ERR || sig < 1 || sig >= NSIG || is_internal(sig)) {
		errno = EINVAL;
		return SIG_ERR;
	}
	struct sigaction act = { .sa_handler = handler, .sa_flags = flags }, old;
	sigemptyset(&act.sa_mask);
	if (block_self)
		sigaddset(&act.sa_mask, sig);
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* BSD semantics: the handler stays, blocks its own signal, restarts calls. */
PV_EXPORT __sighandler_t signal(int sig, __sighandler_t handler)
{
	int flags = SA_RESTART;
	if (sig >= 1 && sig < NSIG && sigismember(&interrupting, sig) == 1)
		flags = 0;
	return install_handler(sig, handler, flags, 1);
}

PV_EXPORT __sighandler_t bsd_signal(int sig, __sighandler_t handler)
{
	return signal(sig, handler);
}

/* System V semantics: one shot, not blocked while it runs, interrupts. */
#define SV_INTERRUPT 0x20000000 /* glibc's historical SA_INTERRUPT */

PV_EXPORT __sighandler_t sysv_signal(int sig, __sighandler_t handler)
{
	return install_handler(sig, handler,
			       (SA_RESETHAND | SA_NODEFER | SV_INTERRUPT) & ~SA_RESTART, 0);
}

PV_EXPORT int siginterrupt(int sig, int interrupt)
{
	struct sigaction act;
	if (sigaction(sig, NULL, &act) < 0)
		return -1;
	pthread_mutex_lock(&interrupting_lock);
	if (interrupt) {
		sigaddset(&interrupting, sig);
		act.sa_flags &= ~SA_RESTART;
	} else {
		sigdelset(&interrupting, sig);
		act.sa_flags |= SA_RESTART;
	}
	pthread_mutex_unlock(&interrupting_lock);
	return sigaction(sig, &act, NULL) < 0 ? -1 : 0;
}

/* ---- masks ---- */

/* Kernel-style result.  glibc reads the caller's set itself, to leave its
 * own signals unblocked, whatever `how` is. */
static long mask_call(int how, const sigset_t *set, sigset_t *old)
{
	unsigned long kset;
	const void *pass = set;
	if (set) {
		memcpy(&kset, set, sizeof kset);
		if (kset & INTERNAL_SIGNALS) {
			kset &= ~INTERNAL_SIGNALS;
			pass = &kset;
		}
	}
	return PV_LIBC(SYS_rt_sigprocmask, how, pass, old, KSIGSET_BYTES);
}

PV_EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return pv_errnum(mask_call(how, set, old));
}

PV_EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return (int)pv_errno(mask_call(how, set, old));
}

PV_EXPORT int sigsuspend(const sigset_t *set)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_rt_sigsuspend, set, KSIGSET_BYTES);
}

PV_EXPORT int sigpending(sigset_t *set)
{
	return (int)PV_SYSCALL_RET(SYS_rt_sigpending, set, KSIGSET_BYTES);
}

PV_EXPORT int sigaltstack(const stack_t *ss, stack_t *old)
{
	return (int)PV_SYSCALL_RET(SYS_sigaltstack, ss, old);
}

/* ---- System V signal calls, kept on the wrappers so that the runtime's
 * view of actions and masks never goes stale ---- */

static int mask_one(int how, int sig)
{
	sigset_t set;
	sigemptyset(&set);
	if (sigaddset(&set, sig) < 0)
		return -1;
	return sigprocmask(how, &set, NULL);
}

PV_EXPORT int sighold(int sig) { return mask_one(SIG_BLOCK, sig); }
PV_EXPORT int sigrelse(int sig) { return mask_one(SIG_UNBLOCK, sig); }

PV_EXPORT int sigignore(int sig)
{
	struct sigaction act = { .sa_handler = SIG_IGN };
	sigemptyset(&act.sa_mask);
	return sigaction(sig, &act, NULL);
}

PV_EXPORT __sighandler_t sigset(int sig, __sighandler_t disp)
{
	sigset_t set, old;
	struct sigaction act = { .sa_handler = disp }, oact;
	sigemptyset(&set);
	if (sigaddset(&set, sig) < 0)
		return SIG_ERR;
	if (disp == SIG_HOLD) {
		if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
			return SIG_ERR;
		if (sigismember(&old, sig))
			return SIG_HOLD;
		return sigaction(sig, NULL, &oact) < 0 ? SIG_ERR : oact.sa_handler;
	}
	sigemptyset(&act.sa_mask);
	if (sigaction(sig, &act, &oact) < 0 ||
	    sigprocmask(SIG_UNBLOCK, &set, &old) < 0)
		return SIG_ERR;
	return sigismember(&old, sig) ? SIG_HOLD : oact.sa_handler;
}

/* sigpause: the X/Open form takes a signal to let through, the BSD form
 * (the symbol `sigpause` itself) the old one-word mask to wait under. */
PV_EXPORT int __sigpause(int sig_or_mask, int is_sig)
{
	sigset_t set;
	if (is_sig) {
		sigprocmask(0, NULL, &set);
		if (sigdelset(&set, sig_or_mask) < 0)
			return -1;
	} else {
		unsigned long old_mask = (unsigned int)sig_or_mask;
		sigemptyset(&set);
		memcpy(&set, &old_mask, sizeof old_mask);
	}
	return sigsuspend(&set);
}

PV_EXPORT int __xpg_sigpause(int sig) { return __sigpause(sig, 1); }

/* <signal.h> gives the C name sigpause to the X/Open form. */
int pv_bsd_sigpause(int mask) __asm__("sigpause");
PV_EXPORT int pv_bsd_sigpause(int mask) { return __sigpause(mask, 0); }

/* ---- waiting for signals ---- */

PV_EXPORT int sigtimedwait(const sigset_t *set, siginfo_t *info,
			   const struct timespec *timeout)
{
	long r = PV_LIBC_CANCEL(SYS_rt_sigtimedwait, set, info, timeout, KSIGSET_BYTES);
	/* the kernel says SI_TKILL for raise()'s tgkill; glibc folds it into
	 * SI_USER */
	if (!pv_is_error(r) && info && info->si_code == SI_TKILL)
		info->si_code = SI_USER;
	return (int)pv_errno(r);
}

PV_EXPORT int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

PV_EXPORT int sigwait(const sigset_t *set, int *sig)
{
	siginfo_t si;
	int r;
	do
		r = sigtimedwait(set, &si, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno;
	*sig = si.si_signo;
	return 0;
}

PV_EXPORT int sigqueue(pid_t pid, int sig, const union sigval value)
{
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	info.si_pid = (pid_t)PV_LIBC(SYS_getpid);
	info.si_uid = (uid_t)PV_LIBC(SYS_getuid);
	info.si_value = value;
	return (int)PV_SYSCALL_RET(SYS_rt_sigqueueinfo, pid, sig, &info);
}

PV_EXPORT int pause(void) { return (int)PV_SYSCALL_RET_CANCEL(SYS_pause); }

PV_EXPORT int signalfd(int fd, const sigset_t *mask, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_signalfd4, fd, mask, KSIGSET_BYTES, flags);
}

/* ---- timers ---- */

PV_EXPORT unsigned int alarm(unsigned int seconds)
{
	return (unsigned int)PV_LIBC(SYS_alarm, seconds);
}

PV_EXPORT int setitimer(__itimer_which_t which, const struct itimerval *new,
			struct itimerval *old)
{
	return (int)PV_SYSCALL_RET(SYS_setitimer, which, new, old);
}

/* glibc's ualarm is setitimer with both values in microseconds. */
PV_EXPORT useconds_t ualarm(useconds_t value, useconds_t interval)
{
	struct itimerval it = { .it_interval = { 0, interval }, .it_value = { 0, value } };
	struct itimerval old;
	if (setitimer(ITIMER_REAL, &it, &old) < 0)
		return (useconds_t)-1;
	return (useconds_t)(old.it_value.tv_sec * 1000000 + old.it_value.tv_usec);
}

PV_EXPORT int getitimer(__itimer_which_t which, struct itimerval *cur)
{
	return (int)PV_SYSCALL_RET(SYS_getitimer, which, cur);
}
