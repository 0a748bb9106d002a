/* purevirt.h - the public interface of libpurevirt.
 *
 * purevirt hands every system call a program makes, as a function call, to a
 * stack of layers living inside the program.  Each layer sees the layers below
 * it as its kernel: it may pass a call down unchanged, change its arguments or
 * its result, answer it itself, or refuse it.
 *
 * Results follow the kernel everywhere in this interface: a non-negative value
 * on success, -errno on failure.  Only the libc wrappers that libpurevirt
 * exports turn that into -1 and errno.
 *
 * Nesting.  Each thread has a level.  A call made by the program enters at the
 * top of the stack.  While layer k runs (layers are numbered from 1 at the
 * bottom), the thread's level is k-1: every system call the layer makes --
 * through pv_next(), pv_syscall(), a libc wrapper, or a trapped `syscall`
 * instruction -- goes to the layers below it, never back to itself.  Below
 * layer 1 is the kernel.  A signal handler of the program is program code: it
 * runs at the top, and the interrupted level is restored when it returns.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PUREVIRT_H
#define PUREVIRT_H

#include <signal.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PUREVIRT_VERSION "0.1.0"

/* Where a call came from. */
enum pv_origin {
	PV_ORIGIN_API = 0,  /* pv_syscall() or a call a layer built itself  */
	PV_ORIGIN_LIBC = 1, /* an exported libc wrapper (the purelibc path)  */
	PV_ORIGIN_TRAP = 2, /* a trapped `syscall` instruction (SIGSYS)      */
};

struct pv_call_private;

/* One system call on its way down the stack.  A layer may change nr and arg[]
 * before passing the call on with pv_next().  A layer that makes a call of its
 * own builds a new struct with PV_SYSCALL(), which leaves `priv` NULL. */
struct pv_syscall {
	long nr;             /* number, as in <asm/unistd_64.h>               */
	long arg[6];         /* rdi rsi rdx r10 r8 r9                         */
	int origin;          /* enum pv_origin (read-only)                    */
	unsigned flags;      /* PV_CALL_* (read-only)                         */
	void *ip;            /* return address of the call site, or NULL      */
	struct pv_call_private *priv; /* the runtime's; pass it down untouched */
};

/* flags */
#define PV_CALL_ANNOUNCE 0x1u /* the runtime tells the layers of a call that
				 libc is about to make where no layer could
				 otherwise see it (the final exit_group of the
				 libc path); the kernel end does not run it */

#define PV_SYSCALL(n, a0, a1, a2, a3, a4, a5)                                  \
	((struct pv_syscall){ .nr = (n),                                       \
			      .arg = { (long)(a0), (long)(a1), (long)(a2),     \
				       (long)(a3), (long)(a4), (long)(a5) } })

/* A layer's handler: returns the call's result (value or -errno). */
typedef long pv_handler(struct pv_syscall *call, void *data);

/* Called for each signal the runtime delivers to a program handler, bottom
 * layer first, before the handler runs; and, with fatal set, for a signal
 * that is about to kill the process by its default action. */
typedef void pv_signal_hook(int sig, const siginfo_t *info, int fatal,
			    void *data);

struct pv_layer {
	const char *name;          /* shown by diagnostics                  */
	pv_handler *handler;       /* required                              */
	void *data;                /* passed to the three functions         */
	pv_signal_hook *on_signal; /* optional                              */
	void (*start)(void *data); /* optional: called by pv_push once the
				      layer is on the stack, at the layer's
				      own level (its calls go below it)     */
};

#define PV_MAX_LAYERS 32

/* Put a layer on top of the stack.  The struct is copied.  Safe while other
 * threads run: each call sees the stack either with or without the new layer.
 * Returns the new number of layers, or -EINVAL / -ENOSPC.
 * A layer that changes a call passes a changed copy to pv_next() and leaves
 * the caller's struct as it was: the layers above may still read it. */
int pv_push(const struct pv_layer *layer);

/* Number of layers on the stack. */
int pv_depth(void);

/* From inside a layer's handler: hand the call to the layer below (or to the
 * kernel, from the bottom layer) and return its result. */
long pv_next(struct pv_syscall *call);

/* Make a system call at the calling thread's level: from program code it
 * enters at the top of the stack; from inside layer k it goes to layer k-1. */
long pv_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

/* Make a system call entering the stack at a given level: 0 is the kernel
 * end, n reaches layer n first.  A layer that hands out a way to reach "the
 * layers below it" from anywhere (purelibc's _pure_start does) uses its own
 * level minus one, the value pv_push returned minus one. */
long pv_syscall_at(int level, long nr, long a0, long a1, long a2, long a3,
		   long a4, long a5);

/* The kernel itself, bypassing every layer and the runtime's own bookkeeping
 * (signal and task virtualization).  For a layer's private work -- its log
 * file, its state -- not for passing the program's calls on. */
long pv_kernel(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

/* How calls are caught.
 *   PV_MODE_LIBC    only calls through the exported libc wrappers;
 *   PV_MODE_SUD     only syscall user dispatch: every `syscall` instruction
 *                   outside the runtime traps (wrappers trap too);
 *   PV_MODE_HYBRID  both: wrappers enter the stack directly, the trap
 *                   catches every other `syscall` instruction.
 * Dispatch is per thread: threads that exist when the mode is set are not
 * armed, threads created afterwards are.  Returns 0 or -errno. */
enum pv_mode { PV_MODE_LIBC = 0, PV_MODE_SUD = 1, PV_MODE_HYBRID = 2 };
int pv_set_mode(enum pv_mode mode);
enum pv_mode pv_get_mode(void);

/* A layer in a shared object (`purevirt -l ./mylayer.so:ARGS`) exports this
 * function.  It fills *layer from its argument string (NULL when none was
 * given; valid only during the call) and returns 0; on bad arguments it
 * writes a one-line reason (no newline) into err and returns -EINVAL.  The
 * purevirt command calls it too, to check the arguments before starting the
 * program: work with side effects belongs in the layer's start function. */
typedef int pv_layer_init_fn(const char *args, struct pv_layer *layer,
			     char *err, unsigned long errlen);
#define PV_LAYER_INIT_SYMBOL "purevirt_layer_init"

/* Running a program in this process.  LD_PRELOAD cannot enter a statically
 * linked program; a launcher of your own, linked with libpurevirt.a, can:
 *
 *     char err[256];
 *     if (pv_load_program(path, argv, envp, err, sizeof err) < 0)
 *             ... err says why (not an ELF file, another architecture ...)
 *     pv_push(&my_layer);          // the layers it runs under
 *     pv_start_program();          // does not return
 *
 * pv_load_program maps the executable at PATH (a static one, or a dynamic
 * one together with its dynamic loader, or a #! script's interpreter) where
 * exec would, and starts the runtime with ARGV and ENVP (which must stay
 * valid until pv_start_program).  pv_start_program builds the program's
 * stack as exec does, switches the calling thread (the only one) to
 * PV_MODE_SUD and jumps to the entry point: every system call the program
 * makes from its first instruction on reaches the layers.
 * The program owns the process from then on -- the FS register, its own
 * libc, its signals -- so the layers must not use libc (no malloc, stdio or
 * errno; the launcher's libc is never called again): make system calls with
 * pv_next() and pv_kernel(), as the built-in layers do, and build them
 * without the stack protector (its canary lives at %fs:0x28).  See
 * examples/static_launcher.c.
 * Returns 0, or -errno with a one-line reason in err. */
int pv_load_program(const char *path, char *const argv[], char *const envp[],
		    char *err, unsigned long errlen);
__attribute__((noreturn)) void pv_start_program(void);

#ifdef __cplusplus
}
#endif
#endif
