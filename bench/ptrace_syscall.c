/* ptrace_syscall.c - the classic tracer: PTRACE_SYSCALL stops the program at
 * the entry and at the exit of every system call, and the tracer resumes it
 * each time without looking (the job `pass` does: let every call through).
 *
 *   ptrace_syscall PROG [ARGS...]
 *
 * Traces PROG only, not its children (the per-call benchmark is one
 * process).  Exits with PROG's status.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tracer.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ptrace_syscall PROG [ARGS...]\n");
		return 2;
	}
	pid_t pid = spawn_traced("ptrace_syscall", argv + 1, NULL);
	/* TRACESYSGOOD tells syscall stops from real SIGTRAPs; TRACEEXEC turns
	 * exec's SIGTRAP into an event; EXITKILL: no orphan if we die */
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
	int sig = 0;
	for (;;) {
		int st = resume_and_wait(pid, PTRACE_SYSCALL, sig);
		sig = WSTOPSIG(st);
		/* a syscall stop or a ptrace event: nothing to deliver */
		if (sig == (SIGTRAP | 0x80) || st >> 16)
			sig = 0;
	}
}
