/* enter.h - the way into the layer stack, inline, for the hot paths: every
 * libc wrapper enters here, so the wrapper itself calls the top layer and no
 * frame of the runtime is left pending while the kernel runs (on kernels
 * that flush the return stack buffer at each system call, every such frame
 * costs a mispredicted return).  Part of dispatch's interface to purelibc/;
 * nothing else outside dispatch/ should need it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_DISPATCH_ENTER_H
#define PV_DISPATCH_ENTER_H

#include "purevirt.h"
#include "rt.h"

#include <stdatomic.h>
#include <ucontext.h>

/* The level of program code: "whatever the top of the stack is now", so that
 * a layer pushed later is seen by calls made afterwards. */
#define PV_LEVEL_TOP (-1)

/* Per-thread state.  It lives in a block the runtime owns, addressed through
 * the GS base: the program owns FS (its TLS), a statically linked program owns
 * its libc, and a trapped call may arrive before either is set up.  A new task
 * inherits its parent's GS base, so every task creation hands the child a
 * block of its own before it runs program code. */
#define PV_THREAD_SLOTS 4

struct pv_thread {
	struct pv_thread *self; /* offset 0: %gs:0 gives the block's address */
	int level;              /* PV_LEVEL_TOP or the number of visible layers */
	int tid;
	ucontext_t *trap_uc;    /* innermost trapped call's saved context, or
				   NULL while program code (a handler) runs */
	unsigned char selector; /* syscall user dispatch selector: always BLOCK */
	unsigned char armed;    /* dispatch is on for this thread */
	unsigned char in_vdso;  /* the kernel end is inside a vDSO function */
	unsigned char sigsys_masked; /* the program believes SIGSYS blocked */
	_Atomic int in_use;     /* pool bookkeeping */
	void *slot[PV_THREAD_SLOTS]; /* for built-in layers: pv_thread_slot */
};

#define PV_SELF ((__seg_gs struct pv_thread *)0)

/* The stack (stack.c). */
extern struct pv_layer pv_layers[PV_MAX_LAYERS] PV_HIDDEN;
extern _Atomic int pv_height PV_HIDDEN;
/* Set once the runtime can take a call on the fast path: started, the
 * thread block reachable (rdgsbase exists to check it), not sud mode. */
extern int pv_entry_fast PV_HIDDEN;

long pv_enter(struct pv_syscall *call);
long pv_bottom(struct pv_syscall *call) PV_HIDDEN;

/* Hands the call to layer `level` (the kernel end for 0), running it at the
 * level below its own. */
static inline long pv_dispatch_at(struct pv_syscall *call, int level)
{
	if (level == 0)
		return pv_bottom(call);
	const struct pv_layer *l = &pv_layers[level - 1];
	int saved = PV_SELF->level;
	PV_SELF->level = level - 1;
	long r = l->handler(call, l->data);
	PV_SELF->level = saved;
	return r;
}

/* pv_enter, for the common case inline. */
static inline long pv_enter_inline(struct pv_syscall *call)
{
	unsigned long base = 0;
	if (PV_LIKELY(pv_entry_fast))
		__asm__ volatile("rdgsbase %0" : "=r"(base));
	if (PV_UNLIKELY(!base)) /* not started, sud, or a thread without block */
		return pv_enter(call);
	int level = PV_SELF->level;
	if (level == PV_LEVEL_TOP)
		level = atomic_load_explicit(&pv_height, memory_order_acquire);
	return pv_dispatch_at(call, level);
}

#endif
