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
 * mode a wrapper's call traps like any other `syscall` instruction. */
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

/* Settings carried across exec: the runtime puts NAME=VALUE back into the
 * environment of every execve when the program dropped it. */
void pv_exec_setting(const char *name, const char *value);

/* Called first thing in a thread created where the trap could not see it
 * (the libc path's pthread_create and clone): gives the thread its own
 * per-thread block and arms dispatch when the mode uses it. */
void pv_thread_begin(void);

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

/* A restorer outside the exempt range, for handlers installed through the
 * libc path: its rt_sigreturn traps, so the layers see it as they would
 * glibc's. */
void pv_program_restorer(void);

#endif
