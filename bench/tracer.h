/* tracer.h - what the ptrace-based reference tracers share: starting the
 * program stopped, and the resume-and-wait step of their loops.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_BENCH_TRACER_H
#define PV_BENCH_TRACER_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/* Forks argv[0] traced and stopped before its exec, so that the tracer can
 * set its options first; before the exec the child runs prepare (NULL: no
 * more to do). */
static pid_t spawn_traced(const char *who, char **argv, void (*prepare)(void))
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) {
			perror("PTRACE_TRACEME");
			_exit(1);
		}
		raise(SIGSTOP);
		if (prepare)
			prepare();
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) {
		fprintf(stderr, "%s: the child did not stop\n", who);
		exit(1);
	}
	return pid;
}

/* Resumes the program with request (PTRACE_SYSCALL, PTRACE_CONT) delivering
 * sig and waits for its next stop; returns the stop's status.  When the
 * program ends, the tracer ends with the program's status. */
static int resume_and_wait(pid_t pid, int request, int sig)
{
	int st;
	if (ptrace(request, pid, 0, sig) != 0) {
		perror("ptrace");
		exit(1);
	}
	if (waitpid(pid, &st, 0) != pid) {
		perror("waitpid");
		exit(1);
	}
	if (WIFEXITED(st))
		exit(WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		exit(128 + WTERMSIG(st));
	return st;
}

#endif
