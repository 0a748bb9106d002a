/* purelibc.h - purelibc's interface, provided by libpurevirt.
 *
 * Code written for purelibc (the library purevirt descends from) builds and
 * runs unchanged: link it with -lpurelibc, or preload it after
 * libpurelibc.so (LD_PRELOAD=libpurelibc.so:myhook.so prog).  Both names are
 * the same library as libpurevirt.
 *
 * _pure_start(handler, flags)
 *   From then on the program's system calls are handed to `handler`: the
 *   system call number (as in <sys/syscall.h>) and six long arguments.  The
 *   handler returns in glibc's convention: the result, or -1 with errno set.
 *   It returns a function that performs a system call "for real", in the same
 *   convention; the handler uses it to pass calls on.
 *
 * What purevirt adds to purelibc:
 *   - Nesting.  Each _pure_start pushes a layer on purevirt's stack instead of
 *     replacing the previous handler.  The function it returns reaches the
 *     layers below the new one, from wherever it is called (the kernel, below
 *     the first).  Every call returns a distinct function.  While a
 *     handler runs, every system call it makes (through the returned
 *     function, a libc function, or glibc's own inline system calls) goes to
 *     the layers below it, never back to itself.
 *   - Reach.  In the default mode (hybrid, or PUREVIRT_MODE=libc|sud|hybrid
 *     in the environment) the handler also sees the system calls glibc makes
 *     internally -- name service lookups, dlopen, malloc's mmap -- which
 *     purelibc never could.  Such a call may arrive while the program holds
 *     a libc lock: a handler should not use stdio or malloc; it may use the
 *     returned function and _pure_debug_printf.
 *   - errno.  A handler that succeeds leaves the program's errno as it was,
 *     whatever the handler did with errno meanwhile.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef _PURELIBC_H
#define _PURELIBC_H

#ifdef __cplusplus
extern "C" {
#endif

/* A system call in glibc's convention: the number, then its arguments. */
typedef long int (*sfun)(long int sysno, ...);

/* Route the standard streams through the handler too (stdio on stdin,
 * stdout, stderr).  The values are purelibc's: 1 << the descriptor. */
#define PUREFLAG_STDIN (1 << 0)
#define PUREFLAG_STDOUT (1 << 1)
#define PUREFLAG_STDERR (1 << 2)
#define PUREFLAG_STDALL (PUREFLAG_STDIN | PUREFLAG_STDOUT | PUREFLAG_STDERR)

/* Starts handing the program's system calls to pure_syscall; returns the
 * function that reaches the layers below it (see above), or NULL with errno
 * set (EINVAL: no handler; ENOSPC: too many layers; ENOMEM). */
sfun _pure_start(sfun pure_syscall, int flags);

/* printf to stderr (descriptor 2) without passing through any handler.
 * Returns the number of characters formatted, or a negative value. */
long _pure_debug_printf(const char *format, ...)
	__attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif
#endif
