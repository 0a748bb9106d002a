/* stack.c - the layer stack and the nesting rule.
 *
 * Layers are numbered from 1 at the bottom.  A thread's level is the number
 * of layers its current code may see: program code sees all of them
 * (PV_LEVEL_TOP), layer k runs at level k-1.  A call made at level L goes to
 * layer L, or to the kernel end when L is 0.
 *
 * Pushing publishes the entry before the new height, so a concurrent call
 * sees either the old stack or the new one, never a half-written layer.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <errno.h>

struct pv_layer pv_layers[PV_MAX_LAYERS];
_Atomic int pv_height;

int pv_stack_height(void) { return atomic_load_explicit(&pv_height, memory_order_acquire); }

const struct pv_layer *pv_stack_layer(int index) { return &pv_layers[index]; }

PV_EXPORT int pv_depth(void) { return pv_stack_height(); }

PV_EXPORT int pv_push(const struct pv_layer *layer)
{
	static _Atomic int pushing;
	if (!layer || !layer->handler)
		return -EINVAL;
	pv_runtime_start(0, NULL, NULL);
	int idle = 0;
	while (!atomic_compare_exchange_weak(&pushing, &idle, 1))
		idle = 0;
	int h = atomic_load(&pv_height);
	if (h == PV_MAX_LAYERS) {
		atomic_store(&pushing, 0);
		return -ENOSPC;
	}
	pv_layers[h] = *layer;
	atomic_store_explicit(&pv_height, h + 1, memory_order_release);
	atomic_store(&pushing, 0);
	if (layer->on_signal) /* it wants to hear of fatal signals too */
		pv_signals_catch_fatal();
	if (layer->start) {
		struct pv_thread *t = pv_self();
		int saved = t->level;
		t->level = h;
		layer->start(layer->data);
		t->level = saved;
	}
	return h + 1;
}

/* The calling thread has a block: it is inside the runtime already (a
 * layer's pv_next, the trap handler) or came through pv_enter. */
long pv_dispatch(struct pv_syscall *call)
{
	int level = PV_SELF->level;
	if (level == PV_LEVEL_TOP)
		level = pv_stack_height();
	return pv_dispatch_at(call, level);
}

PV_EXPORT long pv_next(struct pv_syscall *call) { return pv_dispatch(call); }

PV_EXPORT long pv_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
			  long a5)
{
	struct pv_syscall call = PV_SYSCALL(nr, a0, a1, a2, a3, a4, a5);
	call.origin = PV_ORIGIN_API;
	return pv_enter(&call);
}

PV_EXPORT long pv_syscall_at(int level, long nr, long a0, long a1, long a2,
			     long a3, long a4, long a5)
{
	struct pv_syscall call = PV_SYSCALL(nr, a0, a1, a2, a3, a4, a5);
	call.origin = PV_ORIGIN_API;
	if (PV_UNLIKELY(!pv_started))
		pv_runtime_start(0, NULL, NULL);
	pv_self();
	if (level < 0 || level > pv_stack_height())
		level = pv_stack_height();
	return pv_dispatch_at(&call, level);
}

long pv_enter(struct pv_syscall *call)
{
	if (PV_UNLIKELY(!pv_started)) /* linked or preloaded, nothing pushed yet */
		pv_runtime_start(0, NULL, NULL);
	if (pv_mode_current == PV_MODE_SUD) {
		/* everything by the trap: a libc call that has its own way of
		 * being executed (glibc's fork, say) takes it and traps inside */
		if (call->priv && call->priv->execute)
			return call->priv->execute(call, call->priv->ctx);
		return pv_trap_syscall(call->nr, call->arg[0], call->arg[1],
				       call->arg[2], call->arg[3], call->arg[4],
				       call->arg[5]);
	}
	pv_self(); /* a thread the runtime has not met gets its block here */
	return pv_dispatch(call);
}
