/* seccomp_trap.c - a seccomp filter returning SECCOMP_RET_TRAP for every
 * system call, and a SIGSYS handler that makes the call for the program:
 * in-process interception without syscall user dispatch.
 *
 *   seccomp_trap getppid|openclose insn MILLISECONDS
 *
 * A filter cannot be switched off, so the handler's own call must get
 * through it: the filter lets a call through when it comes from the one
 * `syscall` instruction of pass_syscall (seccomp_data.instruction_pointer is
 * the address after it), and lets rt_sigreturn through from anywhere, since
 * glibc's restorer makes it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "common.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <ucontext.h>

long pass_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
		  long a5);
extern char pass_syscall_return[];

__asm__(".text\n"
	".globl pass_syscall\n"
	".type pass_syscall,@function\n"
	"pass_syscall:\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movq %rdx, %rsi\n"
	"	movq %rcx, %rdx\n"
	"	movq %r8, %r10\n"
	"	movq %r9, %r8\n"
	"	movq 8(%rsp), %r9\n"
	"	syscall\n"
	".globl pass_syscall_return\n"
	"pass_syscall_return:\n"
	"	ret\n"
	".size pass_syscall, .-pass_syscall\n");

static void on_sigsys(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
	g[REG_RAX] = pass_syscall(si->si_syscall, g[REG_RDI], g[REG_RSI],
				  g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9]);
}

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc - 1, argv + 1, "seccomp_trap", "");
	uint64_t ip = (uint64_t)(uintptr_t)pass_syscall_return;
	struct sock_filter code[] = {
		LOAD(arch),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		RET(SECCOMP_RET_KILL_PROCESS),
		LOAD(nr),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_sigreturn, 5, 0),
		LOAD(instruction_pointer), /* low half (little-endian) */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ip, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(ip >> 32), 1, 0),
		RET(SECCOMP_RET_TRAP),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof code / sizeof *code, .filter = code };

	struct sigaction sa = { .sa_sigaction = on_sigsys,
				.sa_flags = SA_SIGINFO | SA_NODEFER };
	if (sigaction(SIGSYS, &sa, NULL) != 0)
		bench_fail("sigaction");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		bench_fail("no_new_privs");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		fprintf(stderr, "seccomp_trap: seccomp: %s\n", strerror(errno));
		return BENCH_UNSUPPORTED;
	}
	bench_report(bench_loop(&a));
	return 0;
}
