/* ptrace_syscall.c - the classic tracer: PTRACE_SYSCALL stops the program at
 * the entry and at the exit of every system call, and the tracer resumes it
 * each time without looking (the job `pass` does: let every call through).
 *
 *   ptrace_syscall PROG [ARGS...]
 *
 * Traces PROG only, not its children (the per-call benchmark is one
 * process).  Exits with PROG's status.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/* Forks PROG stopped before exec, so that options are set before it runs. */
static pid_t spawn_traced(char **argv)
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
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) {
		fprintf(stderr, "ptrace_syscall: the child did not stop\n");
		exit(1);
	}
	return pid;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ptrace_syscall PROG [ARGS...]\n");
		return 2;
	}
	pid_t pid = spawn_traced(argv + 1);
	/* TRACESYSGOOD tells syscall stops from real SIGTRAPs; TRACEEXEC turns
	 * exec's SIGTRAP into an event; EXITKILL: no orphan if we die */
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
	int sig = 0;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, sig) != 0) {
			perror("PTRACE_SYSCALL");
			return 1;
		}
		int st;
		if (waitpid(pid, &st, 0) != pid) {
			perror("waitpid");
			return 1;
		}
		if (WIFEXITED(st))
			return WEXITSTATUS(st);
		if (WIFSIGNALED(st))
			return 128 + WTERMSIG(st);
		sig = WSTOPSIG(st);
		/* a syscall stop or a ptrace event: nothing to deliver */
		if (sig == (SIGTRAP | 0x80) || st >> 16)
			sig = 0;
	}
}
