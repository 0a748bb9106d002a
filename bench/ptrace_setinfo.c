/* ptrace_setinfo.c - a tracer of the kind that rewrites calls: at every
 * system call entry it reads the call with PTRACE_GET_SYSCALL_INFO and writes
 * it back with PTRACE_SET_SYSCALL_INFO (Linux 6.16), unchanged -- the cost
 * of a tracer that could change the number or the arguments, doing the job
 * of `pass`.  The exit stop is read too, since that is how a tracer tells
 * entry from exit.
 *
 *   ptrace_setinfo PROG [ARGS...]
 *
 * Traces PROG only, not its children.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include "tracer.h"
#include <sys/wait.h>
#include <unistd.h>

#define SET_SYSCALL_INFO 0x4212 /* PTRACE_SET_SYSCALL_INFO, Linux 6.16 */
#define GET_SYSCALL_INFO 0x420e /* PTRACE_GET_SYSCALL_INFO */
#define INFO_ENTRY 1

/* struct ptrace_syscall_info as of Linux 6.16 (uapi linux/ptrace.h): the
 * old pad[3] became reserved + flags, which SET requires to be zero.
 * Debian 12's header has the older layout, hence our own copy. */
struct syscall_info {
	uint8_t op;
	uint8_t reserved;
	uint16_t flags;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t stack_pointer;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint32_t ret_data;
			uint32_t reserved2;
		} seccomp;
	};
};
_Static_assert(sizeof(struct syscall_info) == 88, "uapi layout");

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ptrace_setinfo PROG [ARGS...]\n");
		return 2;
	}
	pid_t pid = spawn_traced("ptrace_setinfo", argv + 1, NULL);
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
	int sig = 0;
	for (;;) {
		int st = resume_and_wait(pid, PTRACE_SYSCALL, sig);
		sig = WSTOPSIG(st);
		if (st >> 16) {
			sig = 0;
			continue;
		}
		if (sig != (SIGTRAP | 0x80))
			continue; /* a signal for the program: deliver it */
		sig = 0;
		struct syscall_info info;
		if (ptrace(GET_SYSCALL_INFO, pid, sizeof info, &info) <= 0) {
			perror("PTRACE_GET_SYSCALL_INFO");
			return 1;
		}
		if (info.op != INFO_ENTRY)
			continue;
		if (ptrace(SET_SYSCALL_INFO, pid, sizeof info, &info) != 0) {
			/* EIO: a kernel without it (before 6.16) */
			fprintf(stderr, "ptrace_setinfo: PTRACE_SET_SYSCALL_INFO: %s\n",
				strerror(errno));
			kill(pid, SIGKILL);
			return 3;
		}
	}
}
