/* test_libc_signal.c - the signal wrappers against glibc's own: actions
 * read back either way, masks (and glibc's internal signals), waiting for
 * signals, alternate stacks, timers and signalfd; results, errno, effects
 * and the system calls that reach the layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"
#include "unit/proc_compare.h"

#include <execinfo.h>
#include <sys/signalfd.h>
#include <sys/time.h>

/* The System V calls are tested on purpose: they must keep the runtime's
 * view of actions and masks right like the rest. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif
/* glibc exports it; its header no longer declares it */
__sighandler_t bsd_signal(int sig, __sighandler_t handler);

/* A signal's bit in the kernel's part of a set, whatever glibc's
 * sigismember thinks of the signal. */
static int kbit(const sigset_t *set, int sig)
{
	unsigned long k;
	memcpy(&k, set, sizeof k);
	return (int)((k >> (sig - 1)) & 1);
}

static volatile sig_atomic_t hits;
static volatile int last_code;
static void handler(int sig)
{
	(void)sig;
	hits++;
}
static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	hits++;
	last_code = si->si_code;
}

static void set_default(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigemptyset(&dfl.sa_mask);
	GLIBC(sigaction)(sig, &dfl, NULL);
}

static sigset_t empty_set, usr1_set;

static void block_only(const sigset_t *set)
{
	GLIBC(sigprocmask)(SIG_SETMASK, set, NULL);
}

/* What the program sees of an action: handler, flags, the kernel's part of
 * the mask (the rest of glibc's is whatever was on its stack). */
static void same_action(const struct sigaction *a, const struct sigaction *b)
{
	assert_ptr_equal(a->sa_handler, b->sa_handler);
	assert_int_equal(a->sa_flags, b->sa_flags);
	assert_memory_equal(&a->sa_mask, &b->sa_mask, 8);
}

/* ---- sigaction ---- */

static void test_sigaction_read_back(void **state)
{
	(void)state;
	struct sigaction act = { .sa_sigaction = info_handler,
				 .sa_flags = SA_SIGINFO | SA_RESTART | SA_NODEFER };
	sigemptyset(&act.sa_mask);
	sigaddset(&act.sa_mask, SIGUSR2);
	sigaddset(&act.sa_mask, SIGRTMAX);
	struct sigaction old_o, old_n, back_o, back_n;
	/* installed by ours, read by both */
	SAME_AFTER(set_default(SIGUSR1), sigaction, SIGUSR1, &act, &old_o);
	sigaction(SIGUSR1, &act, NULL);
	sigaction(SIGUSR1, NULL, &back_o);
	GLIBC(sigaction)(SIGUSR1, NULL, &back_n);
	same_action(&back_o, &back_n);
	assert_ptr_equal(back_o.sa_sigaction, info_handler);
	assert_true(back_o.sa_flags & SA_RESTORER);
	/* installed by glibc, read by both */
	GLIBC(sigaction)(SIGUSR1, &act, NULL);
	sigaction(SIGUSR1, NULL, &back_o);
	GLIBC(sigaction)(SIGUSR1, NULL, &back_n);
	same_action(&back_o, &back_n);
	/* the old action each one reports */
	set_default(SIGUSR1);
	sigaction(SIGUSR1, &act, &old_o);
	set_default(SIGUSR1);
	GLIBC(sigaction)(SIGUSR1, &act, &old_n);
	same_action(&old_o, &old_n);
	SAME(sigaction, SIGUSR1, NULL, &old_o);
	SAME(sigaction, SIGUSR1, NULL, NULL);
	set_default(SIGUSR1);
}

/* sa_flags is an int: glibc hands it on sign-extended, and reads the
 * kernel's back truncated. */
static void test_sigaction_high_flags(void **state)
{
	(void)state;
	struct sigaction act = { .sa_handler = handler,
				 .sa_flags = (int)(SA_RESETHAND | 0x20000000) };
	sigemptyset(&act.sa_mask);
	struct sigaction back_o, back_n;
	sigaction(SIGUSR2, &act, NULL);
	GLIBC(sigaction)(SIGUSR2, NULL, &back_n);
	sigaction(SIGUSR2, NULL, &back_o);
	GLIBC(sigaction)(SIGUSR2, &act, NULL);
	struct sigaction ref;
	GLIBC(sigaction)(SIGUSR2, NULL, &ref);
	same_action(&back_n, &ref);
	same_action(&back_o, &ref);
	set_default(SIGUSR2);
}

static void test_sigaction_errors(void **state)
{
	(void)state;
	struct sigaction act = { .sa_handler = handler }, old;
	sigemptyset(&act.sa_mask);
	static const int sigs[] = { 0, -1, 32, 33, 64, 65, 1000, SIGKILL, SIGSTOP };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		SAME(sigaction, sigs[i], NULL, &old);
		SAME(sigaction, sigs[i], &act, NULL);
	}
	set_default(64);
	/* glibc reads and writes glibc's struct itself: bad pointers crash */
	assert_int_equal(CHILD_END(sigaction(SIGUSR1, BAD_PTR, NULL)),
			 CHILD_END(GLIBC(sigaction)(SIGUSR1, BAD_PTR, NULL)));
	assert_int_equal(CHILD_END(sigaction(SIGUSR1, NULL, BAD_PTR)),
			 CHILD_END(GLIBC(sigaction)(SIGUSR1, NULL, BAD_PTR)));
}

static void test_handler_runs(void **state)
{
	(void)state;
	struct sigaction act = { .sa_sigaction = info_handler, .sa_flags = SA_SIGINFO };
	sigemptyset(&act.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &act, NULL), 0);
	hits = 0;
	last_code = 0;
	raise(SIGUSR1);
	assert_int_equal(hits, 1);
	assert_int_equal(last_code, SI_TKILL);
	kill(getpid(), SIGUSR1);
	assert_int_equal(hits, 2);
	assert_int_equal(last_code, SI_USER);
	/* one shot */
	act.sa_flags |= SA_RESETHAND;
	sigaction(SIGUSR1, &act, NULL);
	raise(SIGUSR1);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	assert_ptr_equal(now.sa_handler, SIG_DFL);
	assert_int_equal(hits, 3);
}

/* A handler may unwind through its own signal frame (backtrace() in a
 * crash handler, a cancellation unwinding through it): the restorer ours
 * installs must read as a signal frame, as glibc's does. */
static volatile int frames;
static void unwinding_handler(int sig)
{
	(void)sig;
	void *f[64];
	frames = backtrace(f, 64);
}

static int unwinds(int (*act)(int, const struct sigaction *, struct sigaction *))
{
	struct sigaction a = { .sa_handler = unwinding_handler };
	sigemptyset(&a.sa_mask);
	act(SIGUSR1, &a, NULL);
	raise(SIGUSR1);
	return frames > 3 ? 0 : 1;
}

static void test_handler_unwinds(void **state)
{
	(void)state;
	int n = CHILD_END(_exit(unwinds(GLIBC(sigaction))));
	assert_int_equal(n, 0);
	assert_int_equal(CHILD_END(_exit(unwinds(sigaction))), n);
}

/* ---- the simpler forms ---- */

static void compare_installed(int sig, __sighandler_t (*ours)(int, __sighandler_t),
			      __sighandler_t (*glibc)(int, __sighandler_t))
{
	struct sigaction o, n;
	set_default(sig);
	assert_ptr_equal(ours(sig, handler), SIG_DFL);
	GLIBC(sigaction)(sig, NULL, &o);
	set_default(sig);
	assert_ptr_equal(glibc(sig, handler), SIG_DFL);
	GLIBC(sigaction)(sig, NULL, &n);
	same_action(&o, &n);
	set_default(sig);
}

static void test_signal_forms(void **state)
{
	(void)state;
	compare_installed(SIGUSR2, signal, GLIBC(signal));
	compare_installed(SIGUSR2, bsd_signal, GLIBC(bsd_signal));
	compare_installed(SIGUSR2, sysv_signal, GLIBC(sysv_signal));
	SAME_AFTER(set_default(SIGUSR2), signal, SIGUSR2, handler);
	SAME_AFTER(set_default(SIGUSR2), sysv_signal, SIGUSR2, SIG_IGN);
	SAME_AFTER(set_default(SIGUSR2), bsd_signal, SIGUSR2, handler);
	static const int sigs[] = { 0, -1, 32, 33, 65, SIGKILL };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		SAME(signal, sigs[i], handler);
		SAME(sysv_signal, sigs[i], handler);
		SAME(bsd_signal, sigs[i], handler);
	}
	SAME(signal, SIGUSR2, SIG_ERR);
	SAME(sysv_signal, SIGUSR2, SIG_ERR);
	set_default(SIGUSR2);
}

/* siginterrupt changes what signal() installs afterwards. */
static void test_siginterrupt(void **state)
{
	(void)state;
	struct sigaction o, n;
	SAME_AFTER(signal(SIGUSR2, handler), siginterrupt, SIGUSR2, 1);
	SAME(siginterrupt, 0, 1);
	SAME(siginterrupt, 32, 1);
	set_default(SIGUSR2);
	siginterrupt(SIGUSR2, 1);
	signal(SIGUSR2, handler);
	GLIBC(sigaction)(SIGUSR2, NULL, &o);
	set_default(SIGUSR2);
	GLIBC(siginterrupt)(SIGUSR2, 1);
	GLIBC(signal)(SIGUSR2, handler);
	GLIBC(sigaction)(SIGUSR2, NULL, &n);
	same_action(&o, &n);
	assert_false(o.sa_flags & SA_RESTART);
	siginterrupt(SIGUSR2, 0);
	GLIBC(siginterrupt)(SIGUSR2, 0);
	signal(SIGUSR2, handler);
	GLIBC(sigaction)(SIGUSR2, NULL, &o);
	assert_true(o.sa_flags & SA_RESTART);
	set_default(SIGUSR2);
}

static void test_sysv_calls(void **state)
{
	(void)state;
	SAME_AFTER(block_only(&empty_set), sighold, SIGUSR1);
	SAME_AFTER(block_only(&usr1_set), sigrelse, SIGUSR1);
	SAME(sighold, 0);
	SAME(sighold, 32);
	SAME_AFTER(set_default(SIGUSR2), sigignore, SIGUSR2);
	SAME(sigignore, SIGKILL);
	SAME_AFTER((set_default(SIGUSR2), block_only(&empty_set)), sigset,
		   SIGUSR2, handler);
	SAME_AFTER((set_default(SIGUSR2), block_only(&empty_set)), sigset,
		   SIGUSR2, SIG_HOLD);
	SAME_AFTER((set_default(SIGUSR2), block_only(&usr1_set)), sigset,
		   SIGUSR1, SIG_HOLD);
	SAME(sigset, 0, handler);
	set_default(SIGUSR2);
	block_only(&empty_set);
}

/* ---- masks ---- */

static sigset_t current_mask(void)
{
	sigset_t s;
	GLIBC(sigprocmask)(SIG_BLOCK, NULL, &s);
	return s;
}

static void test_masks(void **state)
{
	(void)state;
	sigset_t full, old_o, old_n;
	memset(&full, 0xff, sizeof full); /* glibc's own signals included */
	/* both leave glibc's signals 32 and 33 unblocked */
	block_only(&empty_set);
	SAME_AFTER(block_only(&empty_set), sigprocmask, SIG_BLOCK, &full, &old_o);
	sigset_t after_n = current_mask();
	block_only(&empty_set);
	sigprocmask(SIG_BLOCK, &full, NULL);
	sigset_t after_o = current_mask();
	assert_memory_equal(&after_o, &after_n, 8);
	assert_int_equal(sigismember(&after_o, SIGUSR1), 1);
	assert_int_equal(kbit(&after_o, 32), 0);
	assert_int_equal(kbit(&after_o, 33), 0);
	assert_int_equal(kbit(&after_o, 34), 1);
	/* the old mask read back */
	block_only(&full);
	sigprocmask(SIG_SETMASK, &usr1_set, &old_o);
	block_only(&full);
	GLIBC(sigprocmask)(SIG_SETMASK, &usr1_set, &old_n);
	assert_memory_equal(&old_o, &old_n, 8);
	SAME_AFTER(block_only(&usr1_set), sigprocmask, SIG_UNBLOCK, &full, &old_o);
	SAME_AFTER(block_only(&usr1_set), sigprocmask, SIG_SETMASK, &full, NULL);
	SAME_AFTER(block_only(&usr1_set), pthread_sigmask, SIG_BLOCK, &full, &old_o);
	SAME_AFTER(block_only(&usr1_set), pthread_sigmask, SIG_UNBLOCK, &usr1_set, NULL);
	/* errors: an error number from pthread_sigmask, errno from the other */
	SAME(sigprocmask, 99, &usr1_set, NULL);
	SAME(pthread_sigmask, 99, &usr1_set, NULL);
	SAME(sigprocmask, 99, NULL, &old_o);
	SAME(sigprocmask, SIG_BLOCK, NULL, BAD_PTR);
	SAME(pthread_sigmask, SIG_BLOCK, NULL, BAD_PTR);
	/* glibc reads the new set itself */
	assert_int_equal(CHILD_END(sigprocmask(SIG_BLOCK, BAD_PTR, NULL)),
			 CHILD_END(GLIBC(sigprocmask)(SIG_BLOCK, BAD_PTR, NULL)));
	block_only(&empty_set);
}

/* ---- waiting for signals ---- */

static void test_pending_and_waiting(void **state)
{
	(void)state;
	sigset_t pend_o, pend_n;
	siginfo_t si_o, si_n;
	struct timespec zero = { 0, 0 };
	int sig_o = 0, sig_n = 0;
	block_only(&usr1_set);
	pid_t me = getpid();
	SAME_AFTER(raise(SIGUSR1), sigpending, &pend_o);
	sigpending(&pend_o);
	GLIBC(sigpending)(&pend_n);
	assert_memory_equal(&pend_o, &pend_n, 8);
	assert_int_equal(sigismember(&pend_o, SIGUSR1), 1);
	SAME(sigpending, BAD_PTR);
	/* the kernel's SI_TKILL for raise reads SI_USER through glibc */
	SAME_AFTER(raise(SIGUSR1), sigtimedwait, &usr1_set, &si_o, &zero);
	raise(SIGUSR1);
	sigtimedwait(&usr1_set, &si_o, &zero);
	raise(SIGUSR1);
	GLIBC(sigtimedwait)(&usr1_set, &si_n, &zero);
	assert_int_equal(si_o.si_code, si_n.si_code);
	assert_int_equal(si_o.si_code, SI_USER);
	SAME(sigtimedwait, &usr1_set, &si_o, &zero); /* nothing pending */
	SAME(sigtimedwait, &usr1_set, NULL, &zero);
	SAME(sigtimedwait, &usr1_set, &si_o, BAD_PTR);
	SAME(sigtimedwait, BAD_PTR, &si_o, &zero);
	SAME_AFTER(raise(SIGUSR1), sigwaitinfo, &usr1_set, &si_o);
	SAME_AFTER(raise(SIGUSR1), sigwaitinfo, &usr1_set, NULL);
	SAME_AFTER(raise(SIGUSR1), sigwait, &usr1_set, &sig_o);
	raise(SIGUSR1);
	GLIBC(sigwait)(&usr1_set, &sig_n);
	assert_int_equal(sig_o, sig_n);
	assert_int_equal(sig_o, SIGUSR1);
	/* sigqueue: glibc fills in the sender */
	union sigval v = { .sival_int = 42 };
	SAME(sigqueue, me, SIGUSR1, v);
	GLIBC(sigwaitinfo)(&usr1_set, &si_n);
	sigqueue(me, SIGUSR1, v);
	sigwaitinfo(&usr1_set, &si_o);
	assert_int_equal(si_o.si_code, SI_QUEUE);
	assert_int_equal(si_o.si_code, si_n.si_code);
	assert_int_equal(si_o.si_pid, si_n.si_pid);
	assert_int_equal(si_o.si_uid, si_n.si_uid);
	assert_int_equal(si_o.si_value.sival_int, 42);
	SAME(sigqueue, me, 12345, v);
	SAME(sigqueue, 0x7ffffff0, SIGUSR1, v);
	block_only(&empty_set);
}

static void arm_timer(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 20000 } };
	GLIBC(setitimer)(ITIMER_REAL, &it, NULL);
}

static void test_suspend_and_pause(void **state)
{
	(void)state;
	struct sigaction act = { .sa_handler = handler };
	sigemptyset(&act.sa_mask);
	sigaction(SIGUSR1, &act, NULL);
	sigaction(SIGALRM, &act, NULL);
	block_only(&usr1_set);
	hits = 0;
	SAME_HANDLED_AFTER(raise(SIGUSR1), sigsuspend, &empty_set);
	assert_int_equal(hits, 2);
	sigset_t now = current_mask();
	assert_int_equal(kbit(&now, SIGUSR1), 1);
	SAME(sigsuspend, BAD_PTR);
	block_only(&empty_set);
	SAME_HANDLED_AFTER(arm_timer(), pause);
	assert_int_equal(hits, 4);
	set_default(SIGUSR1);
	set_default(SIGALRM);
}

/* sigpause: the X/Open form (the C name, by the header's asm label) lets
 * one signal through; the BSD form (the symbol sigpause) waits under an
 * old one-word mask. */
int __sigpause(int sig_or_mask, int is_sig);
int __xpg_sigpause(int sig);
typedef int pause_fn(int);

static void test_sigpause(void **state)
{
	(void)state;
	struct sigaction act = { .sa_handler = handler };
	sigemptyset(&act.sa_mask);
	sigaction(SIGUSR1, &act, NULL);
	hits = 0;
	SAME_HANDLED_AFTER((block_only(&usr1_set), raise(SIGUSR1)), __xpg_sigpause, SIGUSR1);
	SAME_HANDLED_AFTER((block_only(&usr1_set), raise(SIGUSR1)), __sigpause, SIGUSR1, 1);
	SAME_HANDLED_AFTER((block_only(&usr1_set), raise(SIGUSR1)), __sigpause, 0, 0);
	assert_int_equal(hits, 6);
	SAME(__sigpause, 0, 1);  /* not a signal */
	SAME(__sigpause, 32, 1); /* one of glibc's */
	pause_fn *ours = dlsym(RTLD_DEFAULT, "sigpause");
	pause_fn *glibc = dlsym(RTLD_NEXT, "sigpause");
	assert_non_null(ours);
	assert_non_null(glibc);
	assert_true(ours != glibc);
	static struct outcome o, n;
	block_only(&usr1_set);
	raise(SIGUSR1);
	OURS(o, ours, 0);
	block_only(&usr1_set);
	raise(SIGUSR1);
	OURS(n, glibc, 0);
	assert_int_equal(o.ret, n.ret);
	assert_int_equal(o.err, n.err);
	assert_int_equal(o.n, n.n);
	assert_int_equal(hits, 8);
	block_only(&empty_set);
	set_default(SIGUSR1);
}

/* ---- alternate stacks, timers, signalfd ---- */

static char alt_stack[1 << 16];

static void disable_altstack(void)
{
	stack_t off = { .ss_flags = SS_DISABLE };
	GLIBC(sigaltstack)(&off, NULL);
}

static void test_sigaltstack(void **state)
{
	(void)state;
	stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack }, old;
	SAME(sigaltstack, NULL, &old);
	SAME_AFTER(disable_altstack(), sigaltstack, &ss, &old);
	stack_t small = { .ss_sp = alt_stack, .ss_size = 16 };
	SAME(sigaltstack, &small, NULL);
	stack_t bad = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 77 };
	SAME(sigaltstack, &bad, NULL);
	SAME(sigaltstack, BAD_PTR, NULL);
	SAME(sigaltstack, NULL, BAD_PTR);
	disable_altstack();
}

static void test_timers(void **state)
{
	(void)state;
	SAME_AFTER(alarm(0), alarm, 100);
	SAME_AFTER(alarm(50), alarm, 0);
	struct itimerval it = { .it_value = { .tv_sec = 100 } }, old;
	SAME(getitimer, ITIMER_REAL, &old);
	SAME(getitimer, ITIMER_PROF, &old);
	SAME(getitimer, 99, &old);
	SAME(getitimer, ITIMER_REAL, BAD_PTR);
	SAME(setitimer, ITIMER_VIRTUAL, &it, &old);
	SAME(setitimer, 99, &it, NULL);
	SAME(setitimer, ITIMER_REAL, BAD_PTR, NULL);
	struct itimerval stop = { 0 };
	SAME(setitimer, ITIMER_VIRTUAL, &stop, NULL);
	alarm(0);
	SAME_AFTER(ualarm(0, 0), ualarm, 5000000, 0); /* past a second: EINVAL */
	SAME_AFTER(ualarm(0, 0), ualarm, 500000, 0);
	static struct outcome o, n;
	ualarm(900000, 0);
	OURS(o, ualarm, 0, 0);
	ualarm(900000, 0);
	NATIVE(n, ualarm, 0, 0);
	assert_true(o.ret > 500000 && o.ret <= 900000);
	assert_true(labs(o.ret - n.ret) < 100000);
	expect_same_how("ualarm", o, n, CMP_CALLS);
}

static void test_signalfd(void **state)
{
	(void)state;
	SAME_FD(signalfd, -1, &usr1_set, SFD_CLOEXEC | SFD_NONBLOCK);
	SAME(signalfd, -1, BAD_PTR, 0);
	SAME(signalfd, 12345, &usr1_set, 0);
	SAME(signalfd, -1, &usr1_set, 0x12345);
	/* it reads what arrives */
	block_only(&usr1_set);
	int fd = signalfd(-1, &usr1_set, SFD_NONBLOCK);
	assert_true(fd >= 0);
	raise(SIGUSR1);
	struct signalfd_siginfo info;
	assert_int_equal(read(fd, &info, sizeof info), (ssize_t)sizeof info);
	assert_int_equal(info.ssi_signo, SIGUSR1);
	close(fd);
	block_only(&empty_set);
}

/* ---- cancellation points, as in glibc ---- */

static struct timespec zero_ts;
static siginfo_t si_buf;
static sigset_t pend_buf;
#define CANCEL_CALLS(X)                                                        \
	X(sigtimedwait, sigtimedwait, &usr1_set, &si_buf, &zero_ts)            \
	X(sigprocmask, sigprocmask, SIG_BLOCK, NULL, NULL)                     \
	X(sigaction, sigaction, SIGUSR2, NULL, NULL)                           \
	X(sigpending, sigpending, &pend_buf)                                     \
	X(alarm, alarm, 0)                                                     \
	X(signalfd, signalfd, 12345, &usr1_set, 0)

CANCEL_CALLS(CANCEL_THREADS)

static void test_cancellation_points(void **state)
{
	(void)state;
	int points = 0;
	CANCEL_CALLS(CHECK_CANCEL)
	assert_int_equal(points, 1);
}

static int group_setup(void **state)
{
	sigemptyset(&empty_set);
	sigemptyset(&usr1_set);
	sigaddset(&usr1_set, SIGUSR1);
	return compare_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigaction_read_back),
		cmocka_unit_test(test_sigaction_high_flags),
		cmocka_unit_test(test_sigaction_errors),
		cmocka_unit_test(test_handler_runs),
		cmocka_unit_test(test_handler_unwinds),
		cmocka_unit_test(test_signal_forms),
		cmocka_unit_test(test_siginterrupt),
		cmocka_unit_test(test_sysv_calls),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_pending_and_waiting),
		cmocka_unit_test(test_suspend_and_pause),
		cmocka_unit_test(test_sigpause),
		cmocka_unit_test(test_sigaltstack),
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_signalfd),
		cmocka_unit_test(test_cancellation_points),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
