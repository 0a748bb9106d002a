/* signals.c - signal behaviour a program can observe, printed line by line so
 * that a run under purevirt can be compared with a native run. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_code, on_alt;
static char *alt_base;
static size_t alt_size;

static void handler(int sig)
{
	(void)sig;
	hits++;
	/* a handler that makes system calls */
	char msg[] = "in handler\n";
	write(1, msg, sizeof msg - 1);
	getppid();
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	hits++;
	last_code = si->si_code;
	char here;
	on_alt = &here >= alt_base && &here < alt_base + alt_size;
}

static void set(int sig, void (*h)(int), int flags)
{
	struct sigaction sa = { .sa_handler = h, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void set_info(int sig, int flags)
{
	struct sigaction sa = { .sa_sigaction = info_handler,
				.sa_flags = flags | SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void timer_ms(int ms)
{
	struct itimerval it = { .it_value = { 0, ms * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

/* A read on an empty pipe, interrupted by SIGALRM; a thread writes later. */
static void *late_writer(void *arg)
{
	usleep(200 * 1000);
	write(*(int *)arg, "x", 1);
	return NULL;
}

static void interrupted_read(int restart)
{
	int p[2];
	pipe(p);
	set(SIGALRM, handler, restart ? SA_RESTART : 0);
	pthread_t t;
	pthread_create(&t, NULL, late_writer, &p[1]);
	hits = 0;
	timer_ms(50);
	char c;
	ssize_t r = read(p[0], &c, 1);
	int e = errno;
	printf("read %s SA_RESTART: r=%zd %s hits=%d\n", restart ? "with" : "without",
	       r, r < 0 ? strerror(e) : "", (int)hits);
	pthread_join(t, NULL);
	close(p[0]);
	close(p[1]);
}

static void altstack(void)
{
	stack_t ss = { .ss_size = 1 << 16 }, old;
	alt_size = ss.ss_size;
	alt_base = ss.ss_sp = malloc(alt_size);
	printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &old);
	printf("read back: size ok %d flags %d\n", old.ss_size == alt_size, old.ss_flags);
	set_info(SIGUSR1, SA_ONSTACK);
	raise(SIGUSR1);
	printf("handler on the alternate stack: %d\n", (int)on_alt);
	set_info(SIGUSR1, 0);
	raise(SIGUSR1);
	printf("without SA_ONSTACK: %d\n", (int)on_alt);
}

static void block_everything(void)
{
	sigset_t all, back, pend;
	sigfillset(&all);
	printf("block all: %d\n", sigprocmask(SIG_SETMASK, &all, NULL));
	sigprocmask(SIG_SETMASK, NULL, &back);
	printf("SIGSYS reads back blocked: %d, SIGUSR2: %d\n",
	       sigismember(&back, SIGSYS), sigismember(&back, SIGUSR2));
	/* calls keep working with every signal blocked */
	printf("getppid works: %d\n", getppid() == (pid_t)syscall(SYS_getppid));
	set(SIGUSR2, handler, 0);
	hits = 0;
	raise(SIGUSR2);
	sigpending(&pend);
	printf("USR2 pending while blocked: %d, handled: %d\n",
	       sigismember(&pend, SIGUSR2), (int)hits);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	printf("after unblocking, handled: %d\n", (int)hits);
}

static void own_sigsys(void)
{
	struct sigaction sa = { .sa_sigaction = info_handler, .sa_flags = SA_SIGINFO }, back;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
	sigaction(SIGSYS, NULL, &back);
	printf("SIGSYS handler reads back: %d flags has SA_SIGINFO: %d\n",
	       back.sa_sigaction == info_handler, !!(back.sa_flags & SA_SIGINFO));
	hits = 0;
	raise(SIGSYS);
	printf("raise(SIGSYS): hits=%d code=%s\n", (int)hits,
	       last_code == SI_TKILL ? "SI_TKILL" : "other");
	kill(getpid(), SIGSYS);
	printf("kill(SIGSYS): hits=%d code=%s\n", (int)hits,
	       last_code == SI_USER ? "SI_USER" : "other");
	signal(SIGSYS, SIG_IGN);
	raise(SIGSYS);
	printf("ignored SIGSYS: hits=%d\n", (int)hits);
	signal(SIGSYS, SIG_DFL);
}

static void suspend(void)
{
	sigset_t block, old, wait_mask;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	set(SIGALRM, handler, 0);
	hits = 0;
	timer_ms(20);
	sigemptyset(&wait_mask);
	int r = sigsuspend(&wait_mask);
	printf("sigsuspend: %d %s hits=%d\n", r, strerror(errno), (int)hits);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void resethand(void)
{
	set(SIGUSR1, handler, SA_RESETHAND);
	raise(SIGUSR1);
	struct sigaction back;
	sigaction(SIGUSR1, NULL, &back);
	printf("SA_RESETHAND: handler is now SIG_DFL: %d\n", back.sa_handler == SIG_DFL);
}

static void child_killed(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		raise(SIGTERM);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	pid = fork();
	if (pid == 0) {
		volatile int *bad = (volatile int *)(uintptr_t)getpid();
		*(bad - getpid() / 4 + 2) = 1; /* near address 8: faults */
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	interrupted_read(1);
	interrupted_read(0);
	altstack();
	block_everything();
	own_sigsys();
	suspend();
	resethand();
	child_killed();
	return 0;
}
