/* proc_report.c - prints what a new program inherited: its arguments, one
 * variable of its environment, working directory, open descriptors (and
 * close-on-exec), blocked and ignored signals, process group, session,
 * scheduling and credentials.  The exec and spawn tests run it under ours
 * and glibc's functions and compare the reports.
 * usage: proc_report [ARGS...]; writes to the file $PV_REPORT when set,
 * else to stdout; exits with $PV_EXIT (default 0).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long long signal_set(int ignored)
{
	unsigned long long bits = 0;
	for (int sig = 1; sig < 64; sig++) {
		struct sigaction a;
		if (sigaction(sig, NULL, &a) == 0 && ignored && a.sa_handler == SIG_IGN)
			bits |= 1ULL << (sig - 1);
	}
	return bits;
}

static unsigned long long blocked(void)
{
	sigset_t s;
	unsigned long long bits = 0;
	sigprocmask(SIG_BLOCK, NULL, &s);
	for (int sig = 1; sig < 64; sig++)
		if (sigismember(&s, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

static void descriptors(void)
{
	printf("fds:");
	for (int fd = 0; fd < 64; fd++) {
		int flags = fcntl(fd, F_GETFD);
		if (flags >= 0)
			printf(" %d%s", fd, flags & FD_CLOEXEC ? "e" : "");
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *to = getenv("PV_REPORT");
	if (to && !freopen(to, "w", stdout))
		return 99;
	printf("argc: %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
	const char *v = getenv("PV_TEST_VAR");
	printf("PV_TEST_VAR: %s\n", v ? v : "(unset)");
	char cwd[PATH_MAX];
	printf("cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
	descriptors();
	printf("blocked: %llx\n", blocked());
	printf("ignored: %llx\n", signal_set(1));
	printf("own group: %d\n", getpgrp() == getpid());
	printf("own session: %d\n", getsid(0) == getpid());
	printf("policy: %d\n", sched_getscheduler(0));
	printf("ids: %d %d\n", (int)geteuid(), (int)getegid());
	fflush(stdout);
	const char *code = getenv("PV_EXIT");
	return code ? atoi(code) : 0;
}
