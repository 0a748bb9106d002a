/* test_libc_process.c - the process wrappers against glibc's own: results,
 * errno, effects, and the system calls that reach the layers (glibc's are
 * trapped by the recording layer of libc_compare.h, ours enter it from the
 * libc path; the sequences must be the same).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"
#include "unit/proc_compare.h"

#include <grp.h>
#include <linux/prctl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#define NOBODY 65534

/* glibc's fortified entry points, which its headers declare only inside
 * their inline wrappers */
int __gethostname_chk(char *name, size_t len, size_t buflen);
int __getdomainname_chk(char *name, size_t len, size_t buflen);
int __getgroups_chk(int size, gid_t list[], size_t listlen);

/* ---- fork, _Fork, vfork ---- */

static int report_fd = -1;

/* In the child of a fork under test: what reached the layer, to the
 * parent, then exit with a code the parent checks. */
static void child_reports(int code)
{
	struct outcome mine;
	rec_end(&mine, 0);
	mine.err = 0;
	send_outcome(report_fd, &mine);
	_exit(code);
}

typedef pid_t fork_fn(void);

/* Forks with fn, recording both sides; returns the child's exit status. */
static int fork_with(fork_fn *fn, struct outcome *parent, struct outcome *child)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	report_fd = p[1];
	rec_begin();
	pid_t pid = fn();
	if (pid == 0)
		child_reports(7);
	rec_end(parent, pid > 0 ? 1 : pid);
	close(p[1]);
	assert_int_equal(recv_outcome(p[0], child), 0);
	close(p[0]);
	int st = -1;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void compare_fork(const char *what, fork_fn *ours, fork_fn *glibc)
{
	static struct outcome op, oc, np, nc;
	int so = fork_with(ours, &op, &oc);
	int sn = fork_with(glibc, &np, &nc);
	assert_true(WIFEXITED(so) && WEXITSTATUS(so) == 7);
	assert_int_equal(so, sn);
	expect_same(what, op, np);
	expect_same(what, oc, nc); /* the child saw what glibc's child does */
	assert_true(op.n >= 1);
}

static void test_fork(void **state)
{
	(void)state;
	compare_fork("fork", fork, GLIBC(fork));
	compare_fork("_Fork", _Fork, GLIBC(_Fork));
	compare_fork("vfork", vfork, GLIBC(vfork));
}

static int atfork_runs;
static void count_atfork(void) { atfork_runs++; }

/* glibc's fork runs the atfork handlers; _Fork does not. */
static void test_fork_handlers(void **state)
{
	(void)state;
	pthread_atfork(count_atfork, count_atfork, NULL);
	atfork_runs = 0;
	pid_t p = fork();
	if (p == 0)
		_exit(atfork_runs);
	int st;
	waitpid(p, &st, 0);
	assert_int_equal(WEXITSTATUS(st), 1); /* prepare, in the parent before */
	assert_int_equal(atfork_runs, 2);     /* prepare and parent */
	atfork_runs = 0;
	p = _Fork();
	if (p == 0)
		_exit(atfork_runs + 10);
	waitpid(p, &st, 0);
	assert_int_equal(WEXITSTATUS(st), 10);
	assert_int_equal(atfork_runs, 0);
}

/* The child's thread descriptor is its own: pthread_self's tid, as the
 * kernel's tid shows through raise/pthread_kill. */
static void test_fork_child_is_whole(void **state)
{
	(void)state;
	pid_t p = fork();
	if (p == 0) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (pthread_kill(pthread_self(), SIGUSR1) != 0)
			_exit(1);
		siginfo_t si;
		struct timespec zero = { 0, 0 };
		_exit(sigtimedwait(&set, &si, &zero) == SIGUSR1 ? 0 : 2);
	}
	int st;
	waitpid(p, &st, 0);
	assert_int_equal(st, 0);
}

/* ---- exit ---- */

static void report_and_leave(int sig)
{
	(void)sig;
	struct outcome mine;
	rec_end(&mine, 0);
	inject(-1, 0);
	send_outcome(report_fd, &mine);
	_exit(9);
}

/* fn(4) in a child where the call `nr` is refused: what reached the layer,
 * and how the child ended (glibc's _exit falls back to exit, and then
 * crashes on hlt). */
static int exit_refused(void (*fn)(int), long nr, struct outcome *o)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	report_fd = p[1];
	pid_t c = fork();
	if (c == 0) {
		signal(SIGSEGV, report_and_leave);
		rec_begin();
		inject(nr, ENOSYS);
		fn(4);
	}
	close(p[1]);
	int got = recv_outcome(p[0], o);
	close(p[0]);
	int st = -1;
	waitpid(c, &st, 0);
	if (got < 0) /* it ended without the handler: no report */
		o->n = -1;
	return st;
}

static void test_exit(void **state)
{
	(void)state;
	void (*ours[])(int) = { _exit, _Exit };
	void (*glibc[])(int) = { GLIBC(_exit), GLIBC(_Exit) };
	for (size_t i = 0; i < ARRAY_SIZE(ours); i++) {
		assert_int_equal(CHILD_END(ours[i](5)), 5);
		static struct outcome o, n;
		int so = exit_refused(ours[i], SYS_exit_group, &o);
		int sn = exit_refused(glibc[i], SYS_exit_group, &n);
		assert_int_equal(so, sn);
		assert_true(WIFEXITED(so) && WEXITSTATUS(so) == 4); /* by exit */
		so = exit_refused(ours[i], SYS_exit, &o);
		sn = exit_refused(glibc[i], SYS_exit, &n);
		assert_int_equal(so, sn);
		assert_true(WIFEXITED(so) && WEXITSTATUS(so) == 4); /* by exit_group */
	}
}

/* ---- waiting ---- */

static pid_t child_exiting(int code)
{
	pid_t p = fork();
	if (p == 0)
		_exit(code);
	return p;
}

static void compare_wait(const char *what, const struct outcome *o, int so,
			 const struct outcome *n, int sn, pid_t po, pid_t pn)
{
	assert_int_equal(o->ret, po);
	assert_int_equal(n->ret, pn);
	assert_int_equal(so, sn);
	expect_same_(what, o, n, CMP_CALLS, __FILE__, __LINE__);
}

static void test_wait_family(void **state)
{
	(void)state;
	static struct outcome o, n;
	int so, sn;
	struct rusage ru;
	pid_t po = child_exiting(3), pn = child_exiting(3);
	OURS(o, waitpid, po, &so, 0);
	NATIVE(n, waitpid, pn, &sn, 0);
	compare_wait("waitpid", &o, so, &n, sn, po, pn);

	po = child_exiting(4);
	OURS(o, wait, &so);
	pn = child_exiting(4);
	NATIVE(n, wait, &sn);
	compare_wait("wait", &o, so, &n, sn, po, pn);

	po = child_exiting(5);
	OURS(o, wait3, &so, 0, &ru);
	pn = child_exiting(5);
	NATIVE(n, wait3, &sn, 0, &ru);
	compare_wait("wait3", &o, so, &n, sn, po, pn);

	po = child_exiting(6);
	pn = child_exiting(6);
	OURS(o, wait4, po, &so, 0, &ru);
	NATIVE(n, wait4, pn, &sn, 0, &ru);
	compare_wait("wait4", &o, so, &n, sn, po, pn);

	siginfo_t si_o, si_n;
	po = child_exiting(7);
	pn = child_exiting(7);
	memset(&si_o, 0, sizeof si_o);
	memset(&si_n, 0, sizeof si_n);
	OURS(o, waitid, P_PID, (id_t)po, &si_o, WEXITED);
	NATIVE(n, waitid, P_PID, (id_t)pn, &si_n, WEXITED);
	expect_same("waitid", o, n);
	assert_int_equal(si_o.si_status, si_n.si_status);
	assert_int_equal(si_o.si_code, si_n.si_code);
	assert_int_equal(si_o.si_pid, po);

	/* no children left: ECHILD */
	SAME(waitpid, -1, &so, WNOHANG);
	SAME(wait, &so);
	SAME(wait3, &so, WNOHANG, NULL);
	SAME(wait4, -1, &so, WNOHANG, NULL);
	SAME(waitid, P_ALL, 0, &si_o, WEXITED | WNOHANG);
	SAME(waitpid, -1, &so, 0x12345678);
	SAME(waitid, 99, 0, &si_o, WEXITED);

	/* a bad status pointer is the kernel's EFAULT */
	po = child_exiting(1);
	pn = child_exiting(1);
	OURS(o, waitpid, po, BAD_PTR, 0);
	NATIVE(n, waitpid, pn, BAD_PTR, 0);
	expect_same_how("waitpid(BAD_PTR)", o, n, CMP_CALLS);
	assert_int_equal(o.ret, n.ret);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* ---- signals to processes ---- */

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static void test_kill_raise(void **state)
{
	(void)state;
	struct sigaction act = { .sa_handler = on_usr1 }, old;
	sigemptyset(&act.sa_mask);
	sigaction(SIGUSR1, &act, &old);
	pid_t me = getpid(), self = gettid(), grp = getpgrp();
	SAME(kill, me, 0);
	SAME(kill, 0x7ffffff0, 0);
	SAME(kill, me, 12345);
	SAME(killpg, grp, 0);
	SAME(killpg, -1, 0);
	SAME(killpg, 0x7ffffff0, 0);
	SAME(tgkill, me, self, 0);
	SAME(tgkill, me, 0x7ffffff0, 0);
	got_usr1 = 0;
	SAME_HANDLED(raise, SIGUSR1);
	assert_int_equal(got_usr1, 2);
	SAME(raise, 12345);
	got_usr1 = 0;
	SAME_HANDLED(kill, me, SIGUSR1);
	SAME_HANDLED(tgkill, me, self, SIGUSR1);
	assert_int_equal(got_usr1, 4);
	sigaction(SIGUSR1, &old, NULL);
}

/* ---- identities ---- */

static void test_ids(void **state)
{
	(void)state;
	SAME(getpid);
	SAME(getppid);
	SAME(gettid);
	SAME(getuid);
	SAME(geteuid);
	SAME(getgid);
	SAME(getegid);
	uid_t r, e, s;
	SAME(getresuid, &r, &e, &s);
	SAME(getresgid, &r, &e, &s);
	SAME(getresuid, BAD_PTR, &e, &s);
	SAME(getresgid, &r, &e, BAD_PTR);
	gid_t groups[64];
	SAME(getgroups, 64, groups);
	SAME(getgroups, 0, NULL);
	static volatile int minus_one = -1;
	SAME(getgroups, minus_one, groups);
	SAME(getgroups, 64, BAD_PTR);
	SAME(__getgroups_chk, 64, groups, sizeof groups);
	SAME(__getgroups_chk, minus_one, groups, sizeof groups);
	assert_int_equal(CHILD_END(__getgroups_chk(64, groups, 8)),
			 CHILD_END(GLIBC(__getgroups_chk)(64, groups, 8)));
	/* the check counts bytes, not groups */
	assert_int_equal(CHILD_END(__getgroups_chk(4, groups, 8)),
			 CHILD_END(GLIBC(__getgroups_chk)(4, groups, 8)));
	/* setfsuid answers the previous value, always */
	SAME(setfsuid, -1);
	SAME(setfsgid, -1);
	uid_t u = getuid();
	gid_t g = getgid();
	SAME(setfsuid, u);
	SAME(setfsgid, g);
}

/* Set*id calls change credentials: each runs in a child of its own, as
 * root first and then as nobody (where most must fail). */
static void test_setids(void **state)
{
	(void)state;
	uid_t u = getuid();
	gid_t g = getgid();
	SAME_IN_CHILD(setuid, u);
	SAME_IN_CHILD(setgid, g);
	SAME_IN_CHILD(seteuid, u);
	SAME_IN_CHILD(setegid, g);
	SAME_IN_CHILD(seteuid, (uid_t)-1);
	SAME_IN_CHILD(setegid, (gid_t)-1);
	SAME_IN_CHILD(setreuid, -1, u);
	SAME_IN_CHILD(setregid, g, -1);
	SAME_IN_CHILD(setresuid, -1, -1, -1);
	SAME_IN_CHILD(setresgid, g, g, g);
	SAME_IN_CHILD(setuid, NOBODY);
	SAME_IN_CHILD(setresuid, NOBODY, NOBODY, NOBODY);
	gid_t groups[1] = { g };
	SAME_IN_CHILD(setgroups, 1, groups);
	SAME_IN_CHILD(setgroups, 1, BAD_PTR);
	SAME_IN_CHILD(setgroups, 1 << 20, groups);
	/* as nobody: not permitted */
	static struct outcome o, n;
	IN_CHILD(o, { setresuid(NOBODY, NOBODY, NOBODY); OURS(out_, setuid, 0); });
	IN_CHILD(n, { setresuid(NOBODY, NOBODY, NOBODY); NATIVE(out_, setuid, 0); });
	expect_same("setuid as nobody", o, n);
	IN_CHILD(o, { setresuid(NOBODY, NOBODY, NOBODY); OURS(out_, setgroups, 0, NULL); });
	IN_CHILD(n, { setresuid(NOBODY, NOBODY, NOBODY); NATIVE(out_, setgroups, 0, NULL); });
	expect_same("setgroups as nobody", o, n);
	IN_CHILD(o, { setresuid(NOBODY, NOBODY, NOBODY); OURS(out_, seteuid, 0); });
	IN_CHILD(n, { setresuid(NOBODY, NOBODY, NOBODY); NATIVE(out_, seteuid, 0); });
	expect_same("seteuid as nobody", o, n);
}

/* glibc's set*id changes every thread of the process: so must ours. */
static pthread_barrier_t bar;
static uid_t seen_euid;
static void *watch_euid(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&bar);
	pthread_barrier_wait(&bar);
	seen_euid = (uid_t)syscall(SYS_geteuid);
	return NULL;
}

static int other_thread_sees(int (*set)(uid_t, uid_t, uid_t))
{
	pthread_t t;
	pthread_barrier_init(&bar, NULL, 2);
	pthread_create(&t, NULL, watch_euid, NULL);
	pthread_barrier_wait(&bar);
	int r = set(-1, NOBODY, -1);
	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	return r == 0 && seen_euid == NOBODY ? 0 : 1;
}

static void test_setid_all_threads(void **state)
{
	(void)state;
	if (getuid() != 0)
		skip();
	int ours = CHILD_END(_exit(other_thread_sees(setresuid)));
	int native = CHILD_END(_exit(other_thread_sees(GLIBC(setresuid))));
	assert_int_equal(native, 0);
	assert_int_equal(ours, 0);
}

/* ---- sessions and process groups ---- */

static void test_groups_sessions(void **state)
{
	(void)state;
	SAME(getpgrp);
	SAME(getpgid, 0);
	pid_t parent = getppid();
	SAME(getpgid, parent);
	SAME(getpgid, 0x7ffffff0);
	SAME(getsid, 0);
	SAME(getsid, 0x7ffffff0);
	SAME_IN_CHILD_HOW(CMP_CALLS, setsid);
	SAME_IN_CHILD(setpgid, 0, 0);
	SAME_IN_CHILD(setpgid, 0, 0x7ffffff0);
	SAME_IN_CHILD(setpgid, -1, 0);
	SAME_IN_CHILD(setpgrp);
	/* a session leader cannot change its group */
	static struct outcome o, n;
	IN_CHILD(o, { setsid(); OURS(out_, setpgrp); });
	IN_CHILD(n, { setsid(); NATIVE(out_, setpgrp); });
	expect_same("setpgrp in a new session", o, n);
	IN_CHILD(o, { setsid(); OURS(out_, setsid); });
	IN_CHILD(n, { setsid(); NATIVE(out_, setsid); });
	expect_same("setsid twice", o, n);
	IN_CHILD(o, { setsid(); OURS(out_, getsid, 0); out_.ret = out_.ret == getpid(); });
	IN_CHILD(n, { setsid(); NATIVE(out_, getsid, 0); out_.ret = out_.ret == getpid(); });
	expect_same("getsid in a new session", o, n);
}

/* ---- per-process state ---- */

static void test_prctl(void **state)
{
	(void)state;
	char name[16];
	SAME(prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	SAME(prctl, PR_GET_NAME, name, 0, 0, 0);
	SAME(prctl, 0x7fff, 0, 0, 0, 0);
	SAME(prctl, PR_GET_NAME, BAD_PTR, 0, 0, 0);
	SAME(prctl, PR_SET_NAME, "pv-proc", 0, 0, 0);
	char a[16] = "", b[16] = "x";
	SAME(prctl, PR_GET_NAME, a, 0, 0, 0);
	GLIBC(prctl)(PR_GET_NAME, b, 0, 0, 0);
	assert_string_equal(a, "pv-proc");
	assert_string_equal(a, b);
	int sig = -1;
	SAME(prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
}

static void test_umask_uname_host(void **state)
{
	(void)state;
	SAME_AFTER(umask(022), umask, 077);
	SAME_AFTER(umask(0777), umask, 022);
	struct utsname uo, un;
	SAME(uname, &uo);
	SAME(uname, BAD_PTR);
	uname(&uo);
	GLIBC(uname)(&un);
	assert_memory_equal(&uo, &un, sizeof uo);

	char ho[128], hn[128];
	size_t host = strlen(uo.nodename), domain = strlen(uo.domainname);
	for (size_t len = 0; len < host + 3; len++) {
		SAME(gethostname, ho, len);
		memset(ho, 'z', sizeof ho);
		memset(hn, 'z', sizeof hn);
		gethostname(ho, len);
		GLIBC(gethostname)(hn, len);
		assert_memory_equal(ho, hn, sizeof ho);
	}
	for (size_t len = 0; len < domain + 3; len++) {
		SAME(getdomainname, ho, len);
		memset(ho, 'z', sizeof ho);
		memset(hn, 'z', sizeof hn);
		getdomainname(ho, len);
		GLIBC(getdomainname)(hn, len);
		assert_memory_equal(ho, hn, sizeof ho);
	}
	/* the fortified forms: the same, and the same crash on a lie */
	SAME(__gethostname_chk, ho, 3, sizeof ho);
	SAME(__getdomainname_chk, ho, sizeof ho, sizeof ho);
	assert_int_equal(CHILD_END(__gethostname_chk(ho, 64, 8)),
			 CHILD_END(GLIBC(__gethostname_chk)(ho, 64, 8)));
	assert_int_equal(CHILD_END(__getdomainname_chk(ho, 64, 8)),
			 CHILD_END(GLIBC(__getdomainname_chk)(ho, 64, 8)));
	/* glibc copies the name itself: a bad buffer crashes it */
	assert_int_equal(CHILD_END(gethostname(BAD_PTR, 64)),
			 CHILD_END(GLIBC(gethostname)(BAD_PTR, 64)));
	static char long_name[1024] = "x";
	SAME(sethostname, long_name, sizeof long_name);
	SAME(setdomainname, long_name, sizeof long_name);
	SAME(sethostname, BAD_PTR, 4);
	SAME_IN_CHILD(sethostname, uo.nodename, host);
	SAME_IN_CHILD(setdomainname, uo.domainname, strlen(uo.domainname));
}

static void test_rlimits(void **state)
{
	(void)state;
	struct rlimit ro, rn;
	struct rlimit64 r64;
	SAME(getrlimit, RLIMIT_NOFILE, &ro);
	SAME(getrlimit64, RLIMIT_NOFILE, &r64);
	SAME(getrlimit, 999, &ro);
	SAME(getrlimit, RLIMIT_CORE, BAD_PTR);
	getrlimit(RLIMIT_NOFILE, &ro);
	GLIBC(getrlimit)(RLIMIT_NOFILE, &rn);
	assert_memory_equal(&ro, &rn, sizeof ro);
	SAME(setrlimit, RLIMIT_NOFILE, &ro);
	SAME(setrlimit64, RLIMIT_NOFILE, &r64);
	SAME(setrlimit, RLIMIT_NOFILE, BAD_PTR);
	SAME(prlimit, 0, RLIMIT_NOFILE, NULL, &ro);
	SAME(prlimit, 0, RLIMIT_NOFILE, &rn, &ro);
	pid_t me = getpid();
	SAME(prlimit64, me, RLIMIT_STACK, NULL, &r64);
	SAME(prlimit64, 0x7ffffff0, RLIMIT_STACK, NULL, &r64);
	struct rlimit bad = { .rlim_cur = 10, .rlim_max = 5 };
	SAME(setrlimit, RLIMIT_CORE, &bad);
}

static void test_priority(void **state)
{
	(void)state;
	SAME(getpriority, PRIO_PROCESS, 0);
	SAME(getpriority, PRIO_PGRP, 0);
	SAME(getpriority, 999, 0);
	SAME(getpriority, PRIO_PROCESS, 0x7ffffff0);
	SAME(setpriority, 999, 0, 0);
	SAME(setpriority, PRIO_PROCESS, 0x7ffffff0, 0);
	SAME_IN_CHILD(setpriority, PRIO_PROCESS, 0, 5);
	SAME_IN_CHILD(nice, 0);
	SAME_IN_CHILD(nice, 3);
	SAME_IN_CHILD(nice, 100);
	SAME_IN_CHILD(nice, -100);
	/* as nobody a negative increment is EPERM, not the kernel's EACCES */
	static struct outcome o, n;
	IN_CHILD(o, { setresuid(NOBODY, NOBODY, NOBODY); OURS(out_, nice, -1); });
	IN_CHILD(n, { setresuid(NOBODY, NOBODY, NOBODY); NATIVE(out_, nice, -1); });
	expect_same("nice(-1) as nobody", o, n);
	/* nice values that read back as -1 are not failures */
	IN_CHILD(o, { OURS(out_, nice, -21); errno = 0; int v = nice(0); out_.ret = v * 1000 + errno; });
	IN_CHILD(n, { NATIVE(out_, nice, -21); errno = 0; int v = GLIBC(nice)(0); out_.ret = v * 1000 + errno; });
	assert_int_equal(o.ret, n.ret);
	SAME(sched_yield);
	struct rusage ru;
	SAME(getrusage, RUSAGE_SELF, &ru);
	SAME(getrusage, RUSAGE_CHILDREN, &ru);
	SAME(getrusage, 99, &ru);
	SAME(getrusage, RUSAGE_SELF, BAD_PTR);
}

/* ---- cancellation points, as in glibc ---- */

static siginfo_t si_buf;
static int no_status;
#define CANCEL_CALLS(X)                                                        \
	X(wait, wait, &no_status)                                              \
	X(waitpid, waitpid, -1, &no_status, WNOHANG)                           \
	X(wait3, wait3, &no_status, WNOHANG, NULL)                             \
	X(wait4, wait4, -1, &no_status, WNOHANG, NULL)                         \
	X(waitid, waitid, P_ALL, 0, &si_buf, WEXITED | WNOHANG)                \
	X(kill, kill, getpid(), 0)                                             \
	X(getpid, getpid)                                                      \
	X(setpgid, setpgid, 0x7ffffff0, 0)                                     \
	X(prctl, prctl, PR_GET_DUMPABLE, 0, 0, 0, 0)                           \
	X(sched_yield, sched_yield)

CANCEL_CALLS(CANCEL_THREADS)

static void test_cancellation_points(void **state)
{
	(void)state;
	int points = 0;
	CANCEL_CALLS(CHECK_CANCEL)
	assert_int_equal(points, 5); /* the check itself works */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fork),
		cmocka_unit_test(test_fork_handlers),
		cmocka_unit_test(test_fork_child_is_whole),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_wait_family),
		cmocka_unit_test(test_kill_raise),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_setids),
		cmocka_unit_test(test_setid_all_threads),
		cmocka_unit_test(test_groups_sessions),
		cmocka_unit_test(test_prctl),
		cmocka_unit_test(test_umask_uname_host),
		cmocka_unit_test(test_rlimits),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_cancellation_points),
	};
	return cmocka_run_group_tests(tests, compare_setup, NULL);
}
