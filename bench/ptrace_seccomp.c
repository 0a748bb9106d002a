/* ptrace_seccomp.c - ptrace driven by seccomp: a filter returning
 * SECCOMP_RET_TRACE for every call stops the program once per call (at entry
 * only, and without the second stop PTRACE_SYSCALL makes at exit); the
 * tracer resumes it with PTRACE_CONT.
 *
 *   ptrace_seccomp PROG [ARGS...]
 *
 * The child installs the filter itself after the tracer has set
 * PTRACE_O_TRACESECCOMP (without it RET_TRACE fails the call with ENOSYS),
 * then execs PROG; the filter stays across exec.  Traces PROG only.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include "tracer.h"
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child, once the tracer has set its options. */
static void install_filter(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	};
	struct sock_fprog prog = { .len = 1, .filter = code };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		fprintf(stderr, "ptrace_seccomp: seccomp: %s\n", strerror(errno));
		_exit(3);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ptrace_seccomp PROG [ARGS...]\n");
		return 2;
	}
	pid_t pid = spawn_traced("ptrace_seccomp", argv + 1, install_filter);
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
	int sig = 0;
	for (;;) {
		int st = resume_and_wait(pid, PTRACE_CONT, sig);
		/* a seccomp or exec event stop: let it run on; a signal: deliver */
		sig = st >> 16 ? 0 : WSTOPSIG(st);
	}
}
