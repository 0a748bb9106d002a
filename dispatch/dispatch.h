/* dispatch.h - what the core offers the rest of purevirt (purelibc/, preload/,
 * layers/) beyond the public purevirt.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_DISPATCH_H
#define PV_DISPATCH_H

#include "purevirt.h"
#include <stddef.h>
#include <ucontext.h>

/* Runtime-owned part of a call.  A libc wrapper whose glibc original keeps
 * private state consistent around the system call (fork runs the atfork
 * handlers and fixes the child's thread descriptor) gives `execute`: the
 * kernel end runs it instead of the bare system call, at level 0, so the
 * layers see the call and glibc still does its bookkeeping. */
struct pv_call_private {
	long (*execute)(struct pv_syscall *call, void *ctx);
	void *ctx;
	ucontext_t *uc;   /* trap: the program's context at the `syscall` */
	int context_done; /* the kernel end wrote the context itself */
};

/* Enter the stack at the calling thread's level, honouring the mode: in sud
 * mode a wrapper's call traps like any other `syscall` instruction.
 * (enter.h has it inline for the libc wrappers.) */
long pv_enter(struct pv_syscall *call);

/* Start the runtime in this process: the calling thread gets its block.
 * Idempotent.  The arguments are the process's own, as exec gave them. */
void pv_runtime_start(int argc, char **argv, char **envp);

/* What the process was started with (for the trace's execve line). */
struct pv_start_info {
	int argc;
	char **argv;
	char **envp;
	int nenv;            /* variables in the environment exec gave */
	const char *execfn;  /* AT_EXECFN: the path execve was given */
};
const struct pv_start_info *pv_start_info(void);
/* Corrects what the runtime could not know itself: a hosted program's
 * AT_EXECFN, the variables the program sees once the run's own settings are
 * hidden (NULL / -1: unchanged). */
void pv_start_info_set(const char *execfn, int nenv);

/* Settings carried across exec: the runtime puts NAME=VALUE back into the
 * environment of every execve when the program dropped it. */
void pv_exec_setting(const char *name, const char *value);

/* Called first thing in a thread created where the trap could not see it
 * (the libc path's pthread_create and clone): gives the thread its own
 * per-thread block and arms dispatch when the mode uses it.  Returns 1 when
 * it made a block, which the thread then hands back with pv_thread_end()
 * as it ends (its exit may be glibc's inline one, which no layer sees). */
int pv_thread_begin(void);
void pv_thread_end(void);

/* The calling thread's id, as the kernel numbers it (no system call). */
int pv_thread_id(void);

/* A pointer the calling thread keeps for a built-in layer (which cannot use
 * TLS): slot PV_SLOT_* of the thread's block, NULL until set.  A block is
 * reused by a later thread once its thread is gone, slots included: keep
 * the owner's id in what a slot points to. */
enum { PV_SLOT_TRACE = 0 };
void **pv_thread_slot(int slot);

/* The LD_PRELOAD entry that loads libpurevirt into exec'd programs. */
void pv_exec_set_preload(const char *path);

/* A file the runtime owns (a trace file, a layer's state): moved to a high
 * descriptor, close-on-exec, hidden from the program's close/dup2/close_range.
 * If envname is given, the descriptor survives exec into virtualized programs
 * and its number is passed in that variable.  Returns the new fd or -errno. */
int pv_runtime_fd(int fd, const char *envname);

/* The file diagnostics and trace output go to (set by the launcher's
 * configuration; stderr's original file by default). */
int pv_output_fd(void);
void pv_set_output_fd(int fd, int is_file);
int pv_output_is_file(void); /* -o FILE rather than the original stderr */

/* Memory shared by every process and thread of the run, across fork and exec
 * (a memfd passed in PUREVIRT_SHM_FD).  The same key gives the same zeroed
 * region in every process.  NULL if it cannot be had. */
void *pv_shared(const char *key, size_t size);

/* The hook libc-mode callers use to tell the stack about signals: calls each
 * layer's on_signal, bottom first. */
void pv_notify_signal(int sig, const siginfo_t *info, int fatal);

/* vDSO lookup (for wrappers that must call the vDSO like glibc in sud mode) */
void *pv_vdso_sym(const char *name);

/* A layer that must see the program's clock reads (the time layer) asks for
 * them, from its start function at the latest: the libc wrappers then make
 * the system call in sud mode instead of calling the vDSO, and a program
 * the launcher loads is given no vDSO (no AT_SYSINFO_EHDR), so that its
 * libc falls back to system calls the trap sees.  Costs a trap per clock
 * read in those two cases; nothing changes in libc and hybrid modes. */
void pv_want_clock_calls(void);
int pv_clock_calls_wanted(void);

/* A restorer outside the exempt range, for handlers installed through the
 * libc path: its rt_sigreturn traps, so the layers see it as they would
 * glibc's. */
void pv_program_restorer(void);

/* ---- programs the runtime runs from their first instruction ----
 * A statically linked program cannot take LD_PRELOAD, so the purevirt
 * command (the launcher) loads it into its own process and the runtime
 * hosts it: exec of such a program goes back through the launcher. */

#include <elf.h>

/* An ELF executable's headers, as read from its file. */
#define PV_ELF_MAX_PHDR 64
struct pv_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[PV_ELF_MAX_PHDR];
	unsigned long size; /* of the file */
	int interp;         /* index of PT_INTERP in ph[], or -1 */
};

/* Reads and checks the headers of the ELF file open on fd: an executable
 * for this machine whose segments lie inside the file.  Returns 0, or
 * -ENOEXEC (or -errno of a failed read) with a one-line reason in *why
 * ("truncated ELF file", "ELF for another architecture (AArch64)"...). */
int pv_elf_read(int fd, struct pv_elf *e, const char **why);

/* What an execve of a file would run, seen before the kernel does. */
enum pv_exec_kind {
	PV_EXEC_KERNEL = 0,  /* anything else: left to the kernel */
	PV_EXEC_STATIC = 1,  /* a statically linked executable (or static-pie) */
	PV_EXEC_DYNAMIC = 2, /* an ELF executable with a dynamic loader */
};
struct pv_exec_target {
	enum pv_exec_kind kind;
	int fd;            /* with STATIC or DYNAMIC: the ELF file that runs (the
			      program, or a script's interpreter), open
			      close-on-exec; the caller closes it */
	const char *why;   /* with KERNEL: why it is not a runnable ELF file,
			      when it looks like one or like nothing (NULL
			      when the kernel will say, e.g. EACCES) */
	char interp[256];  /* a #! script: its interpreter as the line gives it */
	char *interp_arg;  /* and its optional argument (inside interp[]) */
	int script;
};
/* Inspects what exec would run for path relative to dirfd (AT_FDCWD, or a
 * directory; with AT_EMPTY_PATH in at_flags and an empty path, the file
 * dirfd itself): only files the caller may execute, one level of #!.
 * path is read through rt_peek: it may be program memory. */
void pv_exec_inspect(int dirfd, const char *path, int at_flags,
		     struct pv_exec_target *t);

/* The launcher: the purevirt command's absolute path.  An exec of a static
 * executable (of any ELF executable when from_start is set) becomes an exec
 * of the launcher, which loads the target with the program's argv and
 * environment as they were given. */
void pv_exec_set_launcher(const char *path, int from_start);

/* The runtime hosts a program the launcher loaded into this process. */
struct pv_hosted {
	unsigned long brk;            /* its initial break: just after its bss */
	unsigned long start_data, end_data; /* for RLIMIT_DATA, as the kernel counts */
	const char *execfn;           /* the path exec was given (AT_EXECFN) */
	int nenv;                     /* variables the program is given, the
					 run's settings not counted
					 (pv_start_info) */
	int exe_fd;                   /* runtime fd on its file: what an exec of
					 /proc/self/exe runs (the kernel may not
					 let /proc/self/exe name it) */
};
void pv_host_program(const struct pv_hosted *h);
const struct pv_hosted *pv_hosted_program(void); /* NULL when not hosting */

#endif
