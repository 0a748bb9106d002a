/* kernel_entry.S - the runtime's way into the kernel.
 *
 * Syscall user dispatch lets exactly one address range execute `syscall`
 * without trapping.  Every instruction with which the runtime enters the
 * kernel is in the section pv_exempt; the linker gives us its bounds as
 * __start_pv_exempt and __stop_pv_exempt.  Nothing else may go here: code in
 * this range is invisible to the layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */

	.section pv_exempt,"ax",@progbits

/* long pv_kernel(long nr, long a0, long a1, long a2, long a3, long a4, long a5) */
	.globl	pv_kernel
	.type	pv_kernel,@function
pv_kernel:
	.cfi_startproc
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.cfi_endproc
	.size	pv_kernel, .-pv_kernel

/* long pv_kernel_call(const struct pv_syscall *call): the call as it is.
 * Taking the struct lets the kernel end reach the kernel by a tail call:
 * each frame still pending when `syscall` runs costs a mispredicted return
 * afterwards on kernels that flush the return stack buffer. */
	.globl	pv_kernel_call
	.hidden	pv_kernel_call
	.type	pv_kernel_call,@function
pv_kernel_call:
	.cfi_startproc
	movq	0(%rdi), %rax		/* nr */
	movq	16(%rdi), %rsi		/* arg[1] */
	movq	24(%rdi), %rdx
	movq	32(%rdi), %r10
	movq	40(%rdi), %r8
	movq	48(%rdi), %r9
	movq	8(%rdi), %rdi		/* arg[0], last */
	syscall
	ret
	.cfi_endproc
	.size	pv_kernel_call, .-pv_kernel_call

/* The sa_restorer of every handler the runtime installs, and the instruction
 * a trapped rt_sigreturn is replayed on. */
	nop	/* an unwinder looks up return address - 1: keep it in here */
	.globl	pv_restorer
	.hidden	pv_restorer
	.type	pv_restorer,@function
pv_restorer:
	movq	$15, %rax		/* __NR_rt_sigreturn; the bytes unwinders
					   recognise as a signal frame */
	.globl	pv_sigreturn_insn
	.hidden	pv_sigreturn_insn
pv_sigreturn_insn:
	syscall
	ud2
	.size	pv_restorer, .-pv_restorer

/* long pv_clone_stub(long nr, long a0, long a1, long a2, long a3, long a4,
 *                    struct pv_child_start *start)
 * clone or clone3 for a child that starts on a new stack.  The parent returns
 * the result.  The child finds `start` in %r12 (preserved by the kernel),
 * takes its own block and arms itself in C on the dead part of its new stack
 * below the start record, then restores the program's registers and jumps to
 * the program's return address with rax = 0. */
	.globl	pv_clone_stub
	.hidden	pv_clone_stub
	.type	pv_clone_stub,@function
pv_clone_stub:
	.cfi_startproc
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	movq	16(%rsp), %r12		/* start */
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	syscall
	testq	%rax, %rax
	jz	1f
	popq	%r12
	.cfi_adjust_cfa_offset -8
	ret
1:	/* child: on the program's new stack, every signal blocked */
	.cfi_undefined rip
	movq	%r12, %rsp		/* below the record: dead stack space */
	andq	$-16, %rsp
	movq	%r12, %rdi
	call	pv_child_begin		/* block, dispatch, signal mask */
	/* restore the program's registers from the record; a signal may
	 * arrive from here on, and its frame goes below %rsp: read the whole
	 * record before %rsp moves above it */
	movq	32+2*8(%r12), %rdx
	movq	32+3*8(%r12), %rbx
	movq	32+5*8(%r12), %rbp
	movq	32+6*8(%r12), %rsi
	movq	32+7*8(%r12), %rdi
	movq	32+8*8(%r12), %r8
	movq	32+9*8(%r12), %r9
	movq	32+10*8(%r12), %r10
	movq	32+13*8(%r12), %r13
	movq	32+14*8(%r12), %r14
	movq	32+15*8(%r12), %r15
	/* rcx and r11 as the kernel leaves them after `syscall`: rip, rflags */
	movq	16(%r12), %rcx
	movq	24(%r12), %r11
	movq	8(%r12), %rax
	movq	32+12*8(%r12), %r12
	movq	%rax, %rsp		/* the child's stack */
	pushq	%rcx			/* return address, in the dead zone */
	pushq	%r11
	popfq
	xorl	%eax, %eax
	ret				/* pops rip, leaves rsp == child_sp */
	.cfi_endproc
	.size	pv_clone_stub, .-pv_clone_stub

	.text
/* long pv_trap_syscall(nr, a0..a5): a `syscall` outside the exempt range, so
 * that in sud mode a wrapper's call takes the same path as any other. */
	.globl	pv_trap_syscall
	.hidden	pv_trap_syscall
	.type	pv_trap_syscall,@function
pv_trap_syscall:
	.cfi_startproc
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.cfi_endproc
	.size	pv_trap_syscall, .-pv_trap_syscall

/* The restorer handed to the kernel for handlers the program installs through
 * the libc path, in place of glibc's __restore_rt: outside the exempt range. */
	nop	/* see pv_restorer */
	.globl	pv_program_restorer
	.hidden	pv_program_restorer
	.type	pv_program_restorer,@function
pv_program_restorer:
	movq	$15, %rax
	syscall
	ud2
	.size	pv_program_restorer, .-pv_program_restorer

	.section .note.GNU-stack,"",@progbits
