/* probe_process.c - calls the process, signal, time and exec wrappers with
 * deterministic arguments between two marker calls, write(-1, "BEGIN", 5)
 * and write(-1, "END", 3).  tests/integration/process_like_glibc.sh
 * compares, per process, the names of the system calls strace sees natively
 * with those the trace layer sees under the libc path.  Each child is
 * waited for before the next is made, so every process's calls come in a
 * fixed order.  Nothing between the markers may reach the kernel other
 * than through the wrappers (no stdio, no first malloc), and nothing may
 * differ by design: no vDSO clock (the libc path shows it as a call), no
 * posix_spawn (glibc clones with CLONE_VM), no successful exec (the new
 * program's loader is not on the libc path).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* siginterrupt is called on purpose: the wrappers keep it right too */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

extern char **environ;
__sighandler_t bsd_signal(int sig, __sighandler_t handler);

#define MARK(s) (void)!write(-1, s, sizeof s - 1)

static volatile sig_atomic_t hits;
static void handler(int sig)
{
	(void)sig;
	hits++;
}

static void identities(void)
{
	uid_t r, e, s;
	gid_t groups[64];
	(void)getpid();
	(void)getppid();
	(void)gettid();
	(void)getuid();
	(void)geteuid();
	(void)getgid();
	(void)getegid();
	getresuid(&r, &e, &s);
	getresgid(&r, &e, &s);
	(void)getgroups(64, groups);
	setfsuid(-1);
	setfsgid(-1);
	getpgrp();
	getpgid(0);
	getsid(0);
	setpgid(0, 0);
	setpgrp();
	setsid(); /* a group leader: EPERM */
}

static void process_state(void)
{
	struct utsname u;
	static char host[1024];
	struct rlimit rl;
	struct rlimit64 rl64;
	umask(022);
	umask(022);
	uname(&u);
	gethostname(host, sizeof host);
	sethostname(host, sizeof host); /* EINVAL: too long */
	getrlimit(RLIMIT_NOFILE, &rl);
	setrlimit(RLIMIT_NOFILE, &rl);
	prlimit(0, RLIMIT_CORE, NULL, &rl);
	getrlimit64(RLIMIT_STACK, &rl64);
	getpriority(PRIO_PROCESS, 0);
	setpriority(PRIO_PROCESS, 0, 0);
	nice(0);
	sched_yield();
	prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}

static void signals(void)
{
	struct sigaction act = { .sa_handler = handler }, old;
	sigset_t usr1, pending;
	siginfo_t si;
	struct timespec zero = { 0, 0 };
	sigemptyset(&act.sa_mask);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigaction(SIGUSR1, &act, &old);
	sigaction(SIGUSR1, NULL, &old);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	sigpending(&pending);
	sigtimedwait(&usr1, &si, &zero);
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 1 });
	sigwaitinfo(&usr1, &si);
	kill(getpid(), SIGUSR1);
	int sig;
	sigwait(&usr1, &sig);
	sigtimedwait(&usr1, &si, &zero); /* EAGAIN */
	pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
	raise(SIGUSR1); /* the handler runs */
	killpg(getpgrp(), 0);
	tgkill(getpid(), gettid(), 0);
	signal(SIGUSR2, handler);
	sysv_signal(SIGUSR2, SIG_IGN);
	bsd_signal(SIGUSR2, SIG_DFL);
	siginterrupt(SIGUSR2, 1);
	stack_t ss;
	sigaltstack(NULL, &ss);
	int fd = signalfd(-1, &usr1, SFD_CLOEXEC);
	close(fd);
	/* waiting for a signal that arrives */
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	sigset_t none;
	sigemptyset(&none);
	sigsuspend(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void timers_and_sleeps(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 10000 } }, cur;
	struct timespec ts = { 0, 1000 }, cpu;
	signal(SIGALRM, handler);
	alarm(0);
	getitimer(ITIMER_REAL, &cur);
	setitimer(ITIMER_REAL, &it, NULL);
	pause();
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu); /* the vDSO's fallback */
	nanosleep(&ts, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL); /* no call */
	usleep(1);
	sleep(0);
}

/* Children, one at a time: each ends before the next begins. */
static void children(void)
{
	int st;
	siginfo_t si;
	struct rusage ru;
	pid_t p = fork();
	if (p == 0) {
		(void)getpid();
		_exit(3);
	}
	waitpid(p, &st, 0);
	if (vfork() == 0)
		_exit(4);
	wait(&st);
	p = _Fork();
	if (p == 0)
		_Exit(5);
	wait4(p, &st, 0, &ru);
	if (fork() == 0)
		_exit(6);
	waitid(P_ALL, 0, &si, WEXITED);
	if (fork() == 0)
		_exit(7);
	wait3(&st, 0, NULL);
	waitpid(-1, &st, WNOHANG); /* ECHILD */
}

/* Credentials change in a child of its own; exec only fails. */
static void child_calls(void)
{
	char *argv[] = { "x", NULL };
	int st;
	pid_t p = fork();
	if (p == 0) {
		gid_t g[64];
		int n = getgroups(64, g);
		setresuid(-1, -1, -1);
		setresgid(-1, -1, -1);
		setuid(getuid());
		setgid(getgid());
		seteuid(geteuid());
		setegid(getegid());
		setreuid(-1, -1);
		setregid(-1, -1);
		setgroups((size_t)n, g);
		execve("/nonexistent", argv, environ);
		execv("/nonexistent/x", argv);
		execvp("probe-nonexistent", argv); /* searches PATH */
		execl("/nonexistent", "x", (char *)NULL);
		execlp("probe-nonexistent", "x", (char *)NULL);
		fexecve(-1, argv, environ); /* refused without a call */
		_exit(0);
	}
	waitpid(p, &st, 0);
}

int main(void)
{
	setenv("PATH", "/nonexistent/a:/nonexistent/b", 1);
	MARK("BEGIN");
	identities();
	process_state();
	signals();
	timers_and_sleeps();
	children();
	child_calls();
	MARK("END");
	return hits == 3 ? 0 : 1;
}
