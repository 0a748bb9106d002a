/* sud_floor.c - the least a syscall-user-dispatch tool can cost: a SIGSYS
 * handler that makes the trapped call itself from an exempt stub and writes
 * the result into RAX.  No layer, no per-thread state, no bookkeeping;
 * purevirt's trap path is measured against this.
 *
 *   sud_floor getppid|openclose insn|stub MILLISECONDS
 *
 * STYLE stub calls the exempt stub directly, with dispatch armed: no trap,
 * only the kernel's check of the caller's address on every call -- what a
 * call from purevirt's own kernel entry pays in hybrid and sud mode.
 *
 * The handler is installed as purevirt installs its own (raw rt_sigaction,
 * SA_NODEFER, empty mask, restorer inside the exempt range -- glibc's
 * restorer would trap), so the floor pays exactly the kernel's part.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "common.h"

#include <signal.h>
#include <sys/prctl.h>
#include <ucontext.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYSCALL_DISPATCH_FILTER_BLOCK
#define SYSCALL_DISPATCH_FILTER_ALLOW 0
#define SYSCALL_DISPATCH_FILTER_BLOCK 1
#endif
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* Everything that may execute `syscall` without trapping lies in this
 * section; the linker provides its bounds. */
long floor_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
		   long a5);
void floor_restorer(void);
extern char __start_floor_exempt[], __stop_floor_exempt[];

__asm__(".pushsection floor_exempt,\"ax\",@progbits\n"
	".globl floor_syscall\n"
	".type floor_syscall,@function\n"
	"floor_syscall:\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movq %rdx, %rsi\n"
	"	movq %rcx, %rdx\n"
	"	movq %r8, %r10\n"
	"	movq %r9, %r8\n"
	"	movq 8(%rsp), %r9\n"
	"	syscall\n"
	"	ret\n"
	".size floor_syscall, .-floor_syscall\n"
	".globl floor_restorer\n"
	".type floor_restorer,@function\n"
	"floor_restorer:\n"
	"	movq $15, %rax\n" /* __NR_rt_sigreturn */
	"	syscall\n"
	"	ud2\n"
	".size floor_restorer, .-floor_restorer\n"
	".popsection\n");

static volatile char selector = SYSCALL_DISPATCH_FILTER_BLOCK;

static void on_sigsys(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
	g[REG_RAX] = floor_syscall(g[REG_RAX], g[REG_RDI], g[REG_RSI],
				   g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9]);
}

/* The kernel's struct for rt_sigaction, not glibc's. */
struct ksigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc - 1, argv + 1, "sud_floor", "");
	struct ksigaction k = {
		.handler = on_sigsys,
		.flags = SA_SIGINFO | SA_NODEFER | SA_RESTORER,
		.restorer = floor_restorer,
	};
	if (syscall(SYS_rt_sigaction, SIGSYS, &k, NULL, 8) != 0)
		bench_fail("rt_sigaction");
	if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON,
		  (unsigned long)__start_floor_exempt,
		  (unsigned long)(__stop_floor_exempt - __start_floor_exempt),
		  &selector) != 0) {
		fprintf(stderr, "sud_floor: syscall user dispatch: %s\n",
			strerror(errno));
		return BENCH_UNSUPPORTED;
	}
	bench_stub = floor_syscall;
	/* from here every system call of the process traps, printing too */
	bench_report(bench_loop(&a));
	return 0;
}
