/* purelibc.c - purelibc's interface (_pure_start, _pure_debug_printf) as
 * layers of purevirt's stack.
 *
 * A purelibc handler is a variadic function in glibc's convention (-1 and
 * errno); a layer is a pv_handler in the kernel's (-errno).  Each _pure_start
 * pushes one layer that converts between the two, and hands back a function
 * that enters the stack just below that layer.  purelibc's returned function
 * is a plain `sfun` with no argument saying which layer it belongs to, so
 * each one is a libffi closure carrying its layer.
 *
 * Unlike the dispatch core, this file runs a user's handler that is written
 * against libc (it reads and sets errno), so it may use libc and TLS itself:
 * a purelibc hook only exists in a dynamically linked program whose libc is
 * up.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "purelibc.h"

#include "config.h"
#include "dispatch.h"
#include "libc_path.h"
#include "rt.h"

#include <errno.h>
#include <ffi.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

struct hook {
	sfun handler;       /* the program's, in glibc's convention */
	_Atomic int below;  /* the level the returned function enters */
	ffi_cif cif;        /* the closure's signature; must outlive it */
	ffi_type *types[7];
	ffi_closure *closure;
	sfun entry;         /* the closure's code: what _pure_start returns */
};

static struct hook hooks[PV_MAX_LAYERS];

/* The call a hook's handler is handling on this thread, innermost first.
 * When the handler passes that call on, the returned function forwards the
 * original struct (changed as the handler asks) rather than a new one: it
 * carries what the runtime needs to finish the call -- the trapped context
 * for clone on a new stack and rt_sigreturn, glibc's own execution of fork,
 * the cancellation point, the announcement of exit -- and where it came from,
 * for the layers below.  Initial-exec: the hook runs inside the SIGSYS
 * handler, where a lazy TLS allocation must not happen.
 * A handler left by longjmp leaves its record behind until this layer runs
 * again on the thread; meanwhile a direct call of the layer's function with
 * the same number would be taken for the handler's (and go to pv_next at the
 * program's level).  The runtime offers no way to check the thread's level. */
struct in_flight {
	const struct hook *hook;
	const struct pv_syscall *call;
	struct in_flight *outer;
};
static __thread struct in_flight *handling
	__attribute__((tls_model("initial-exec")));

/* The layer: kernel convention outside, glibc's inside. */
static long hook_layer(struct pv_syscall *call, void *data)
{
	const struct hook *h = data;
	struct in_flight me = { h, call, handling };
	handling = &me;
	/* The program's errno is its own: glibc leaves it alone on success,
	 * and a trapped call may come from code that is about to read it. */
	int saved = errno;
	errno = 0;
	long r = h->handler(call->nr, call->arg[0], call->arg[1], call->arg[2],
			    call->arg[3], call->arg[4], call->arg[5]);
	if (r == -1) {
		int e = errno;
		/* -1 is -EPERM to the kernel: a handler that forgot errno
		 * reads as that rather than as a success */
		r = e > 0 && e < 4096 ? -e : -EPERM;
	}
	errno = saved;
	handling = me.outer;
	return r;
}

/* The function _pure_start returns, one closure per layer. */
static void below_entry(ffi_cif *cif, void *ret, void **args, void *data)
{
	(void)cif;
	const struct hook *h = data;
	long nr = *(long *)args[0], a[6];
	for (int i = 0; i < 6; i++)
		a[i] = *(long *)args[i + 1];
	long r;
	const struct in_flight *f = handling;
	if (f && f->hook == h && f->call->nr == nr) {
		/* The handler passing its call on: we are inside this layer,
		 * at the level below it, which is where pv_next goes. */
		struct pv_syscall c = *f->call;
		memcpy(c.arg, a, sizeof a);
		r = pv_next(&c);
	} else {
		r = pv_syscall_at(atomic_load(&h->below), nr, a[0], a[1], a[2],
				  a[3], a[4], a[5]);
	}
	if (pv_is_error(r)) {
		errno = (int)-r;
		r = -1;
	}
	*(ffi_sarg *)ret = r;
}

static int make_entry(struct hook *h)
{
	/* sfun is variadic: the number is the only fixed argument, and the
	 * six system call arguments come as variadic longs, which is how
	 * callers written for purelibc pass them */
	for (int i = 0; i < 7; i++)
		h->types[i] = &ffi_type_slong;
	void *code;
	h->closure = ffi_closure_alloc(sizeof(ffi_closure), &code);
	if (!h->closure)
		return -ENOMEM;
	if (ffi_prep_cif_var(&h->cif, FFI_DEFAULT_ABI, 1, 7, &ffi_type_slong,
			     h->types) != FFI_OK ||
	    ffi_prep_closure_loc(h->closure, &h->cif, below_entry, h, code) !=
		    FFI_OK) {
		ffi_closure_free(h->closure);
		return -ENOMEM;
	}
	h->entry = (sfun)code;
	return 0;
}

/* The arguments exec gave the process, for the runtime's start (a trace
 * shows them).  A preloaded hook calls _pure_start from its constructor,
 * which runs before libpurevirt's own (ld.so initializes later preloads
 * first), so no constructor here could have saved them; ld.so's
 * __libc_stack_end points at argc on the initial stack. */
extern void *__libc_stack_end;
extern char **environ;

static void start_runtime(void)
{
	long *sp = __libc_stack_end;
	int argc = 0;
	char **argv = NULL, **envp = environ;
	if (sp && sp[0] >= 0 && sp[0] < (1L << 24) && !sp[1 + sp[0]]) {
		argc = (int)sp[0];
		argv = (char **)(sp + 1);
		envp = argv + argc + 1;
	}
	pv_runtime_start(argc, argv, envp);
}

/* Bad input, as the rest of purevirt reports it: one line, status 2. */
static _Noreturn void fail(const char *a, const char *b, const char *c)
{
	rt_diag(2, "%s%s%s", a, b, c);
	pv_kernel(SYS_exit_group, 2, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

/* The mode is chosen once, by whoever starts the stack: the LD_PRELOAD
 * constructor when PUREVIRT_LAYERS set up layers before us, an application
 * that pushed its own, or the first _pure_start. */
static void choose_mode(void)
{
	const char *name = getenv("PUREVIRT_MODE");
	int mode = name ? pv_config_mode(name) : PV_DEFAULT_MODE;
	if (mode < 0)
		fail("unknown mode '", name, "' in PUREVIRT_MODE");
	int r = pv_set_mode((enum pv_mode)mode);
	if (r < 0 && name) {
		char why[128];
		snprintf(why, sizeof why, ": %s", strerror(-r));
		fail("cannot start mode ", name, why);
	}
	/* Without syscall user dispatch (an old kernel, a seccomp filter
	 * refusing the prctl) the default still gives purelibc's reach. */
	if (r < 0)
		pv_set_mode(PV_MODE_LIBC);
}

PV_EXPORT sfun _pure_start(sfun pure_syscall, int flags)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static int nhooks, mode_chosen, stdio_started;
	if (!pure_syscall) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&lock);
	/* First: libffi opens files through the exported wrappers, which
	 * need the runtime's block on this thread. */
	start_runtime();
	int r = nhooks < PV_MAX_LAYERS ? 0 : -ENOSPC;
	struct hook *h = &hooks[nhooks];
	if (!r) {
		h->handler = pure_syscall;
		r = make_entry(h);
	}
	if (r < 0) {
		pthread_mutex_unlock(&lock);
		errno = -r;
		return NULL;
	}
	nhooks++;

	/* Everything else that makes system calls happens before the push:
	 * once the layer is on the stack, a call reaches the handler, which
	 * needs the function we have not returned yet. */
	if (!mode_chosen && pv_depth() == 0)
		choose_mode();
	mode_chosen = 1;
	/* The libc path replaces all three standard streams at once. */
	if ((flags & PUREFLAG_STDALL) && !stdio_started) {
		pv_stdio_start();
		stdio_started = 1;
	}
	struct pv_layer layer = { .name = "purelibc", .handler = hook_layer,
				  .data = h };
	int depth = pv_push(&layer);
	pthread_mutex_unlock(&lock);
	if (depth < 0) {
		errno = -depth;
		return NULL;
	}
	/* Nothing can call the entry yet: its only holder is our caller. */
	atomic_store(&h->below, depth - 1);
	return h->entry;
}

PV_EXPORT long _pure_debug_printf(const char *format, ...)
{
	/* No malloc and no stdio stream: a handler may call this while the
	 * program holds their locks.  A long message gets its own mapping. */
	char small[1024];
	va_list ap, again;
	va_start(ap, format);
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, format, ap);
	va_end(ap);
	char *text = small;
	size_t len = n > 0 ? (size_t)n : 0;
	long big = -ENOMEM;
	if (len >= sizeof small) {
		big = pv_k6(SYS_mmap, 0, len + 1, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (pv_is_error(big)) {
			len = sizeof small - 1;
		} else {
			text = (char *)big;
			vsnprintf(text, len + 1, format, again);
		}
	}
	va_end(again);
	rt_write_all(2, text, len);
	if (!pv_is_error(big))
		pv_k2(SYS_munmap, big, len + 1);
	return n;
}
