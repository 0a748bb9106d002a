/* thread.c - threads and clone() on the libc path.
 *
 * A new thread inherits its parent's GS base, so it would share the
 * parent's per-thread block (level, trap state) with it.  Where the trap
 * makes the clone, its stub gives the child a block; on the libc path the
 * clone happens inside glibc, out of the runtime's sight, so the child's
 * first act is pv_thread_begin(), before any program code.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc_private.h"
#include "wrap.h"

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- pthread_create ---- */

typedef int create_fn(pthread_t *, const pthread_attr_t *, void *(*)(void *),
		      void *);

struct thread_start {
	void *(*fn)(void *);
	void *arg;
};

/* A thread that got its block here hands it back when it ends, however it
 * ends (return or pthread_exit): a thread-specific value's destructor. */
static pthread_key_t block_key;
static pthread_once_t block_key_once = PTHREAD_ONCE_INIT;

static void block_done(void *unused)
{
	(void)unused;
	pv_thread_end();
}

static void make_block_key(void) { pthread_key_create(&block_key, block_done); }

static void *thread_entry(void *p)
{
	if (pv_thread_begin()) {
		pthread_once(&block_key_once, make_block_key);
		pthread_setspecific(block_key, &block_key);
	}
	struct thread_start s = *(struct thread_start *)p;
	free(p);
	return s.fn(s.arg);
}

PV_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
			     void *(*fn)(void *), void *arg)
{
	create_fn *real = PV_NEXT(create_fn, "pthread_create");
	if (!real)
		return ENOSYS;
	struct thread_start *s = malloc(sizeof *s);
	if (!s)
		return EAGAIN; /* glibc's answer when it cannot get memory */
	s->fn = fn;
	s->arg = arg;
	int r = real(thread, attr, thread_entry, s);
	if (r)
		free(s);
	return r;
}

/* ---- clone ---- */

typedef int clone_fn(int (*)(void *), void *, int, void *, ...);

struct clone_start {
	int (*fn)(void *);
	void *arg;
};

static int clone_entry(void *p)
{
	struct clone_start *s = p;
	pv_thread_begin();
	return s->fn(s->arg);
}

/* Runs glibc's clone with the arguments the layers passed down.  The
 * child's function and argument travel on the child's own stack, just
 * below the top the program gave: the child may not share our memory, and
 * the parent's frame is gone by the time it runs. */
static long run_libc_clone(struct pv_syscall *call, void *ctx)
{
	clone_fn *real = PV_NEXT(clone_fn, "clone");
	if (!real)
		return -ENOSYS;
	const struct clone_start *want = ctx;
	uintptr_t top = (uintptr_t)call->arg[1];
	struct clone_start *rec =
		(struct clone_start *)((top - sizeof *rec) & ~(uintptr_t)15);
	*rec = *want;
	int r = real(clone_entry, rec, (int)call->arg[0], rec,
		     (pid_t *)call->arg[2], (void *)call->arg[4],
		     (pid_t *)call->arg[3]);
	return pv_errno_neg(r);
}

/* glibc's signature; the layers see the kernel's argument order (flags,
 * stack, parent_tid, child_tid, tls). */
PV_EXPORT int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	pid_t *ptid = va_arg(ap, pid_t *);
	void *tls = va_arg(ap, void *);
	pid_t *ctid = va_arg(ap, pid_t *);
	va_end(ap);
	if (!fn || !stack) { /* glibc refuses these before any call */
		errno = EINVAL;
		return -1;
	}
	struct clone_start start = { .fn = fn, .arg = arg };
	struct pv_call_private priv = { .execute = run_libc_clone, .ctx = &start };
	struct pv_syscall call = PV_SYSCALL(SYS_clone, (unsigned)flags, stack,
					    ptid, ctid, tls, 0);
	call.origin = PV_ORIGIN_LIBC;
	call.ip = __builtin_return_address(0);
	call.priv = &priv;
	return (int)pv_errno(pv_enter(&call));
}
