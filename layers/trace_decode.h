/* trace_decode.h - system call arguments, results and signals in strace's
 * notation.  Everything here is libc-free and reads program memory only
 * through rt_peek, so that a bad pointer prints as an address.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_TRACE_DECODE_H
#define PV_TRACE_DECODE_H

#include "purevirt.h"
#include "rt.h"

#include <signal.h>

/* strace decodes in two steps: on entry, the arguments up to the first one
 * the kernel fills in; on exit, the rest.  This carries what the entry step
 * saw to the exit step: the values of in/out arguments as the program
 * passed them (a socklen the kernel overwrites prints as "[110 => 16]"). */
struct trace_args_state {
	int next;               /* first argument the exit step prints     */
	unsigned long saved[6]; /* per argument, captured on entry         */
	unsigned char have[6];  /* saved[i] holds a value                  */
	int shown;              /* arguments printed so far                */
};

/* "openat(AT_FDCWD, "/etc/passwd", " ... : the name, "(" and the arguments
 * known on entry.  `call` must be the program's view, as made. */
void trace_decode_enter(struct rt_buf *b, const struct pv_syscall *call,
			struct trace_args_state *st);
/* The remaining arguments and the closing ")". */
void trace_decode_exit(struct rt_buf *b, const struct pv_syscall *call,
		       long ret, struct trace_args_state *st);
/* The result without "= ": "3", "-1 ENOENT (No such file or directory)",
 * "0x55d0c6a3e000", "0 (Timeout)", "1 ([{fd=3, revents=POLLIN}])"... */
void trace_decode_result(struct rt_buf *b, const struct pv_syscall *call,
			 long ret, struct trace_args_state *st);
/* "SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, ...}" */
void trace_decode_siginfo(struct rt_buf *b, int sig, const siginfo_t *si);
/* "SIGSEGV", or "SIG123" */
void trace_signal_name(struct rt_buf *b, int sig);

#endif
