/* static_probe.c - what a program can see of how it was started and run,
 * printed so that a run under purevirt can be compared with a native one.
 * Built three ways (tests/tests.mk, tests/static.mk): dynamic, -static and
 * -static-pie.  Addresses are never printed, only facts about them.
 *
 *   static_probe args [ARGS...]    argv, environment, AT_EXECFN, name
 *   static_probe start [ARGS...]   the same, and the auxv and stack layout
 *   static_probe brk               the break: grow, use, shrink
 *   static_probe threads N         N threads with thread-local storage
 *   static_probe signals           handlers, masks, alternate stack, timers,
 *                                  a signal to a thread, SIGCHLD
 *   static_probe stack KIB         uses that much stack
 *   static_probe kill SIG          dies of SIG by its default action
 *   static_probe exec PATH ARGV0 [ARGS...]
 *                                  execve(PATH, {ARGV0, ARGS...}, environ)
 *   static_probe fork              children exit with statuses, waited for
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
extern const ElfW(Ehdr) __ehdr_start;
extern char end[]; /* the end of bss */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* What a program is given: argv, the environment, the name it was
 * executed by, its process name. */
static int args(int argc, char **argv)
{
	say("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		say("argv[%d] %s\n", i, argv[i]);
	int n = 0;
	for (char **e = environ; *e; e++, n++)
		say("env %s\n", *e);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	say("execfn %s\n", execfn ? execfn : "(none)");
	char name[17] = "";
	prctl(PR_GET_NAME, name);
	say("comm %s\n", name);
	return n;
}

static int start(int argc, char **argv)
{
	int n = args(argc, argv);
	say("envc %d\n", n);
	/* the layout exec gives: environ right after argv's NULL, the auxv
	 * right after environ's NULL, the strings contiguous and in order,
	 * AT_EXECFN's string right after the last environment string */
	say("environ after argv: %s\n", environ == argv + argc + 1 ? "yes" : "no");
	ElfW(auxv_t) *aux = (ElfW(auxv_t) *)(environ + n + 1);
	say("auxv after environ: %s\n",
	    aux[0].a_type != AT_NULL && getauxval(aux[0].a_type) == aux[0].a_un.a_val
		    ? "yes" : "no");
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	int contiguous = 1;
	const char *p = argv[0];
	for (int i = 0; i < argc; i++, p += strlen(p) + 1)
		contiguous &= argv[i] == p;
	for (int i = 0; i < n; i++, p += strlen(p) + 1)
		contiguous &= environ[i] == p;
	contiguous &= execfn == p;
	say("strings contiguous: %s\n", contiguous ? "yes" : "no");
	say("8 zero bytes after execfn: %s\n",
	    execfn && !memcmp(execfn + strlen(execfn) + 1, "\0\0\0\0\0\0\0\0", 8) ? "yes" : "no");
	/* the auxv entries that do not depend on where things were put */
	static const struct {
		unsigned long type;
		const char *name;
	} same[] = {
		{ AT_PHENT, "AT_PHENT" },     { AT_PHNUM, "AT_PHNUM" },
		{ AT_PAGESZ, "AT_PAGESZ" },   { AT_CLKTCK, "AT_CLKTCK" },
		{ AT_FLAGS, "AT_FLAGS" },     { AT_UID, "AT_UID" },
		{ AT_EUID, "AT_EUID" },       { AT_GID, "AT_GID" },
		{ AT_EGID, "AT_EGID" },       { AT_SECURE, "AT_SECURE" },
		{ AT_HWCAP, "AT_HWCAP" },     { AT_HWCAP2, "AT_HWCAP2" },
		{ AT_MINSIGSTKSZ, "AT_MINSIGSTKSZ" },
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++)
		say("%s %#lx\n", same[i].name, getauxval(same[i].type));
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	say("AT_PLATFORM %s\n", platform ? platform : "(none)");
	say("AT_PHDR is ours: %s\n",
	    getauxval(AT_PHDR) == (unsigned long)&__ehdr_start + __ehdr_start.e_phoff ? "yes" : "no");
	extern char _start[];
	say("AT_ENTRY is _start: %s\n", getauxval(AT_ENTRY) == (unsigned long)_start ? "yes" : "no");
	say("AT_BASE set: %s\n", getauxval(AT_BASE) ? "yes" : "no");
	say("AT_SYSINFO_EHDR is an ELF: %s\n",
	    getauxval(AT_SYSINFO_EHDR) &&
			    !memcmp((void *)getauxval(AT_SYSINFO_EHDR), ELFMAG, SELFMAG)
		    ? "yes" : "no");
	unsigned char zero[16] = { 0 };
	const void *rnd = (const void *)getauxval(AT_RANDOM);
	say("AT_RANDOM set: %s\n", rnd && memcmp(rnd, zero, 16) ? "yes" : "no");
	/* the stack: argc's address 16-byte aligned (the frames glibc builds
	 * from it would fault otherwise) and room to grow */
	char big[256 << 10];
	memset(big, 1, sizeof big);
	say("deep stack: %s\n", big[sizeof big - 1] == 1 ? "ok" : "bad");
	return 0;
}

static int brk_test(void)
{
	char *b0 = sbrk(0);
	/* the break starts after the bss; the kernel leaves a page and up
	 * to 1 GiB between them (randomized, as seen on 6.18).  Not for static-pie: the kernel
	 * puts its break far away, the loader just after its bss. */
	int static_pie = 1;
	for (int i = 0; i < __ehdr_start.e_phnum; i++)
		if (((const ElfW(Phdr) *)((const char *)&__ehdr_start +
					  __ehdr_start.e_phoff))[i].p_type == PT_INTERP)
			static_pie = 0;
	if (__ehdr_start.e_type == ET_EXEC || !static_pie)
		say("break after bss: %s\n",
		    b0 >= end && b0 - end <= (1L << 30) + (1L << 20) ? "yes" : "no");
	char *b1 = sbrk(3 << 20);
	if (b1 == (void *)-1)
		return say("sbrk failed\n"), 1;
	memset(b1, 0x5a, 3 << 20);
	say("grown by 3 MiB: %s\n", sbrk(0) == b0 + (3 << 20) ? "yes" : "no");
	if (brk(b0 + 4096) != 0)
		return say("brk shrink failed\n"), 1;
	say("shrunk: %s\n", sbrk(0) == b0 + 4096 ? "yes" : "no");
	say("kept the first page: %s\n", b0[4095] == 0x5a ? "yes" : "no");
	sbrk(8192);
	say("grown again, fresh zero pages: %s\n", b0[4096 + 100] == 0 ? "yes" : "no");
	brk((void *)4096); /* the kernel keeps the break as it is */
	say("brk below the start ignored: %s\n", sbrk(0) == b0 + 4096 + 8192 ? "yes" : "no");
	void *m = malloc(100000);
	say("malloc: %s\n", m ? "ok" : "failed");
	free(m);
	return 0;
}

static __thread long tls_value = 7;

static void *worker(void *arg)
{
	long id = (long)arg;
	tls_value += id;
	long sum = 0;
	for (long i = 0; i < 200000; i++)
		sum += i % (id + 2);
	char name[16];
	snprintf(name, sizeof name, "worker%ld", id);
	pthread_setname_np(pthread_self(), name);
	return (void *)(sum + tls_value);
}

static int threads(int n)
{
	pthread_t t[64];
	if (n > 64)
		n = 64;
	for (long i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i))
			return say("pthread_create failed\n"), 1;
	for (int i = 0; i < n; i++) {
		void *r;
		pthread_join(t[i], &r);
		say("thread %d: %ld\n", i, (long)r);
	}
	say("main tls %ld\n", tls_value);
	return 0;
}

static volatile sig_atomic_t got[65];
static volatile int on_altstack;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got[sig]++;
	if (sig == SIGUSR2) {
		stack_t ss;
		sigaltstack(NULL, &ss);
		on_altstack = (ss.ss_flags & SS_ONSTACK) != 0;
	}
	if (sig == SIGUSR1 && si->si_code != SI_TKILL && si->si_code != SI_USER)
		got[0]++;
}

static void *sig_thread(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	int sig;
	sigwait(&s, &sig);
	return (void *)(long)sig;
}

static int signals(void)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_flags |= SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);

	raise(SIGUSR1);
	say("SIGUSR1 handled %d\n", got[SIGUSR1]);

	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	sigset_t pending;
	sigpending(&pending);
	say("blocked, pending: %d, handled %d\n", sigismember(&pending, SIGUSR1),
	    got[SIGUSR1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	say("unblocked, handled %d\n", got[SIGUSR1]);

	stack_t ss = { .ss_size = 64 << 10 };
	ss.ss_sp = malloc(ss.ss_size);
	sigaltstack(&ss, NULL);
	raise(SIGUSR2);
	say("SIGUSR2 on the alternate stack: %s\n", on_altstack ? "yes" : "no");

	struct itimerval it = { .it_value = { .tv_usec = 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	while (!got[SIGALRM])
		pause();
	say("SIGALRM after pause\n");

	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	say("child exited %d, SIGCHLD seen: %s\n", WEXITSTATUS(status),
	    got[SIGCHLD] ? "yes" : "no");

	/* a signal to one thread that waits for it */
	sigprocmask(SIG_BLOCK, &block, &old);
	pthread_t t;
	pthread_create(&t, NULL, sig_thread, NULL);
	pthread_kill(t, SIGUSR1);
	void *r;
	pthread_join(t, &r);
	sigprocmask(SIG_SETMASK, &old, NULL);
	say("thread took signal %ld\n", (long)r);

	/* a blocking read interrupted by a handler without SA_RESTART */
	int fds[2];
	if (pipe(fds) == 0) {
		it.it_value.tv_usec = 20000;
		got[SIGALRM] = 0;
		setitimer(ITIMER_REAL, &it, NULL);
		char c;
		ssize_t n = read(fds[0], &c, 1);
		say("read interrupted: %s (%s)\n", n < 0 ? "yes" : "no",
		    n < 0 ? strerror(errno) : "");
	}
	return 0;
}

/* Uses about kb KiB of stack, a page per frame. */
static long __attribute__((noinline)) deep(long kb)
{
	volatile char frame[4096];
	frame[0] = (char)kb;
	frame[4095] = 1;
	return kb <= 4 ? frame[4095] : deep(kb - 4) + frame[0] - (char)kb + 1;
}

static int stack_use(long kb)
{
	long n = deep(kb);
	say("used %ld KiB of stack in %ld frames\n", kb, n);
	return 0;
}

static int die_by(int sig)
{
	say("dying of %d\n", sig);
	signal(sig, SIG_DFL);
	raise(sig);
	return 99;
}

static int exec_it(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	execve(argv[2], argv + 3, environ);
	say("execve %s: %s\n", argv[2], strerror(errno));
	return 127;
}

static int forks(void)
{
	for (int i = 0; i < 4; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(10 + i);
		int status;
		waitpid(pid, &status, 0);
		say("child %d exited %d\n", i, WEXITSTATUS(status));
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "start";
	if (!strcmp(what, "start"))
		return start(argc, argv);
	if (!strcmp(what, "args"))
		return args(argc, argv), 0;
	if (!strcmp(what, "brk"))
		return brk_test();
	if (!strcmp(what, "threads"))
		return threads(argc > 2 ? atoi(argv[2]) : 4);
	if (!strcmp(what, "signals"))
		return signals();
	if (!strcmp(what, "stack"))
		return stack_use(argc > 2 ? atol(argv[2]) : 1024);
	if (!strcmp(what, "kill"))
		return die_by(argc > 2 ? atoi(argv[2]) : SIGTERM);
	if (!strcmp(what, "exec"))
		return exec_it(argc, argv);
	if (!strcmp(what, "fork"))
		return forks();
	fprintf(stderr, "static_probe: unknown test '%s'\n", what);
	return 2;
}
