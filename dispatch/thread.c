/* thread.c - per-thread blocks, found through the GS base.
 *
 * Blocks come from mmap'd chunks and are claimed with a compare-and-swap, so
 * that allocation works in a signal handler, in a static program and while
 * another thread holds any lock.  A block is released when its thread leaves
 * through the kernel end (exit), or by the parent of a vfork-style child.
 * A thread whose exit the runtime cannot see (the libc path's threads end
 * with glibc's inline exit) marks its block as ending; such a block is taken
 * back once the kernel no longer knows its thread.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <asm/prctl.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define BLOCKS_PER_CHUNK 126

struct chunk {
	struct chunk *next;
	struct pv_thread block[BLOCKS_PER_CHUNK];
};

static struct chunk *_Atomic chunks;
int pv_have_fsgsbase;

enum { BLOCK_FREE = 0, BLOCK_USED = 1, BLOCK_ENDING = 2 };

/* An ending block whose thread is gone: tgkill's signal 0 tells. */
static int thread_gone(const struct pv_thread *t)
{
	return pv_k3(SYS_tgkill, pv_k0(SYS_getpid), t->tid, 0) == -ESRCH;
}

static struct pv_thread *claim(struct chunk *c, int state)
{
	for (int i = 0; i < BLOCKS_PER_CHUNK; i++) {
		struct pv_thread *t = &c->block[i];
		int expected = state;
		if (atomic_load_explicit(&t->in_use, memory_order_relaxed) != state)
			continue;
		if (state == BLOCK_ENDING && !thread_gone(t))
			continue;
		if (atomic_compare_exchange_strong(&t->in_use, &expected, BLOCK_USED))
			return t;
	}
	return NULL;
}

/* A free block, or else one whose thread has ended. */
static struct pv_thread *claim_any(struct chunk *head)
{
	for (int state = BLOCK_FREE; state <= BLOCK_ENDING; state += 2)
		for (struct chunk *c = head; c; c = c->next) {
			struct pv_thread *t = claim(c, state);
			if (t)
				return t;
		}
	return NULL;
}

struct pv_thread *pv_thread_alloc(void)
{
	for (;;) {
		struct chunk *head = atomic_load(&chunks);
		struct pv_thread *t = claim_any(head);
		if (t) {
			/* the slots stay: a layer's per-thread memory is
			   reused by the next thread */
			void *slots[PV_THREAD_SLOTS];
			rt_memcpy(slots, t->slot, sizeof slots);
			rt_memset(t, 0, sizeof *t);
			rt_memcpy(t->slot, slots, sizeof slots);
			atomic_store(&t->in_use, BLOCK_USED);
			t->self = t;
			t->level = PV_LEVEL_TOP;
			t->selector = 1; /* SYSCALL_DISPATCH_FILTER_BLOCK */
			return t;
		}
		long m = pv_k6(SYS_mmap, 0, sizeof(struct chunk),
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (pv_is_error(m))
			return NULL;
		struct chunk *c = (struct chunk *)m;
		c->next = head;
		if (!atomic_compare_exchange_strong(&chunks, &head, c))
			pv_k2(SYS_munmap, c, sizeof(struct chunk));
	}
}

void pv_thread_free(struct pv_thread *t)
{
	if (t)
		atomic_store(&t->in_use, BLOCK_FREE);
}

void pv_thread_end(void)
{
	atomic_store(&pv_self()->in_use, BLOCK_ENDING);
}

void pv_thread_set(struct pv_thread *t)
{
	if (pv_have_fsgsbase)
		__asm__ volatile("wrgsbase %0" ::"r"(t) : "memory");
	else
		pv_k2(SYS_arch_prctl, ARCH_SET_GS, t);
}

/* A thread that reached the runtime with GS base 0 was created by a path the
 * runtime could not see (before it started, or by a raw clone in libc mode):
 * give it a block now.  Only possible where rdgsbase exists to notice it. */
struct pv_thread *pv_thread_adopt(void)
{
	struct pv_thread *t = pv_thread_alloc();
	if (!t) {
		rt_diag(2, "out of memory for a thread block");
		pv_k1(SYS_exit_group, 127);
	}
	t->tid = (int)pv_k0(SYS_gettid);
	pv_thread_set(t);
	return t;
}

/* For thread creation the trap cannot see (the libc path's pthread_create
 * wrapper runs this first thing in the new thread): make sure the calling
 * thread has a block of its own, and dispatch if the mode wants it. */
int pv_thread_begin(void)
{
	int tid = (int)pv_k0(SYS_gettid);
	struct pv_thread *cur = NULL;
	if (pv_have_fsgsbase) {
		unsigned long base;
		__asm__ volatile("rdgsbase %0" : "=r"(base));
		cur = (struct pv_thread *)base;
	} else {
		pv_k2(SYS_arch_prctl, ARCH_GET_GS, &cur);
	}
	if (cur && cur->tid == tid)
		return 0; /* the clone stub gave it one already */
	struct pv_thread *t = pv_thread_alloc();
	if (!t)
		return 0;
	t->tid = tid;
	pv_thread_set(t);
	if (pv_mode_current != PV_MODE_LIBC && pv_trap_installed)
		pv_trap_arm(t);
	return 1;
}

int pv_thread_id(void) { return pv_self()->tid; }

void **pv_thread_slot(int slot) { return &pv_self()->slot[slot]; }
