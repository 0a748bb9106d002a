/* loader.h - running an ELF executable inside this process, as execve would
 * have run it in a new one: for statically linked programs, which
 * LD_PRELOAD cannot enter, and for dynamic ones from their dynamic loader's
 * first instruction (--from-start).
 *
 * The steps, in this order:
 *   pv_loader_map      map it (and its dynamic loader)
 *   pv_runtime_start   with the program's argv
 *   pv_loader_host     the runtime learns it hosts the program
 *   push the layers
 *   pv_loader_enter    stack, process identity, dispatch, jump
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_PRELOAD_LOADER_H
#define PV_PRELOAD_LOADER_H

#include <stddef.h>

/* Maps the ELF executable open on fd -- and, when it names one, its dynamic
 * loader -- where the kernel would: segments with their protections and
 * alignment, bss zeroed, a position-independent one at a random base.  The
 * loader keeps fd.  Returns 0, or -errno with a one-line reason (without
 * the file's name) in err; what was mapped is unmapped again. */
int pv_loader_map(int fd, char *err, size_t errlen);

/* Tells the runtime it hosts the mapped program: its break (just after
 * its bss), its AT_EXECFN, its file, how many variables of envp (which
 * still holds the run's settings) are the program's. */
void pv_loader_host(const char *execfn, char *const envp[]);

/* Builds the program's initial stack (a fresh one of RLIMIT_STACK size,
 * laid out as the kernel does: argc, argv, envp, auxv, the strings), makes
 * the process look like the program where the kernel allows it (name,
 * command line, auxv, /proc/self/exe), arms dispatch for the thread and
 * jumps to the entry point (the dynamic loader's, if any) with the
 * registers as exec leaves them.  Libc-free from the arming on.  argv and
 * envp are copied. */
__attribute__((noreturn)) void pv_loader_enter(const char *execfn, int argc,
					       char *const argv[],
					       char *const envp[]);

#endif
