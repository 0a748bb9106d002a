/* names.h - errno and signal names, both ways, from the tables generated
 * from the system headers (tools/gen-errnos.sh, tools/gen-signames.sh), so
 * that the layers that parse a name (inject) and the ones that print it
 * (trace) share one table.  libc-free.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LIB_NAMES_H
#define PV_LIB_NAMES_H

/* ---- errno values ----
 * The names the headers give (one per number: EAGAIN, not EWOULDBLOCK,
 * which is also what strace accepts and prints), and the codes the kernel
 * uses inside (ERESTARTSYS = 512, ...), which only a tracer sees. */

/* "ENOENT", or NULL for a number without a name. */
const char *pv_errno_name(long err);
/* strerror's text, as strace prints it ("No such file or directory"), or
 * NULL when the C library has none (the kernel's internal codes). */
const char *pv_errno_message(long err);
/* The number of an errno name, compared without regard to case as strace
 * does ("enoent" is ENOENT); -1 if there is no such name. */
long pv_errno_number(const char *name);

/* ---- signals ----
 * Classic signals by their header names; the real-time ones as strace
 * names them: SIGRTMIN is the kernel's first (32), SIGRT_1..SIGRT_32 the
 * ones after it. */
#define PV_SIGRTMIN_KERNEL 32
#define PV_NSIG_KERNEL 64

/* "SIGUSR1" for 1..31, NULL otherwise. */
const char *pv_signal_name(int sig);
/* The number of a signal name, with or without "SIG", without regard to
 * case ("usr1", "SIGRT_3"); -1 if there is no such name.  Numbers are the
 * caller's business. */
int pv_signal_number(const char *name);

#endif
