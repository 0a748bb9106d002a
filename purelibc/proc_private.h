/* proc_private.h - what the process, signal, exec and thread wrappers of the
 * libc path share with each other, and nothing the rest of the tree uses.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_PURELIBC_PROC_PRIVATE_H
#define PV_PURELIBC_PROC_PRIVATE_H

#include <errno.h>
#include <stdatomic.h>
#include <sys/types.h>

/* glibc's original of an exported name (dlsym RTLD_NEXT), looked up once.
 * NULL when the C library has none. */
void *pv_libc_next(const char *name, void *_Atomic *cache);
#define PV_NEXT(type, name)                                                    \
	({                                                                     \
		static void *_Atomic pv_next_cache_;                           \
		(type *)pv_libc_next(name, &pv_next_cache_);                   \
	})

/* glibc's -1-and-errno convention back to the kernel's -errno, for an
 * `execute` function that runs glibc's original. */
static inline long pv_errno_neg(long r) { return r < 0 ? -errno : r; }

/* The signal action as rt_sigaction takes it on x86-64 (glibc's struct
 * sigaction has another layout and a 128-byte mask). */
struct pv_kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* process.c: glibc's _Fork through the stack, as the layers see a fork
 * (clone with fork's flags).  Kernel-style result. */
long pv_proc_fork(void);

/* signal.c: rt_sigaction through the stack with the kernel's layout,
 * installing the program restorer; for callers that must reach signals
 * sigaction() refuses (glibc's internal ones).  Kernel-style result. */
long pv_proc_ksigaction(int sig, void *handler, unsigned long flags,
			unsigned long mask, struct pv_kernel_sigaction *old);

/* exec.c: the PATH search of execvp; `script` runs a file the kernel calls
 * ENOEXEC through /bin/sh (execvp does, posix_spawnp does not).  Returns
 * -1 with errno. */
int pv_exec_search(const char *file, char *const argv[], char *const envp[],
		   int script);

#endif
