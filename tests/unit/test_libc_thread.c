/* test_libc_thread.c - pthread_create and clone on the libc path.
 *
 * The process runs in libc mode: nothing but the wrappers reaches the
 * layers, so a thread made by glibc's own pthread_create or clone starts
 * with its parent's per-thread block (the same GS base), and one made by
 * ours gets a block of its own.  A recording layer checks what reaches the
 * layers, clone's arguments in the kernel's order included.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <asm/prctl.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "purevirt.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the recording layer ---- */

struct seen {
	long nr;
	long arg[6];
	int origin;
	int tid;
};

static struct {
	_Atomic int on;
	_Atomic int n;
	struct seen calls[4096];
} rec;

static long record(struct pv_syscall *call, void *data)
{
	(void)data;
	if (rec.on) {
		int i = rec.n++;
		if (i < (int)ARRAY_SIZE(rec.calls)) {
			rec.calls[i].nr = call->nr;
			memcpy(rec.calls[i].arg, call->arg, sizeof call->arg);
			rec.calls[i].origin = call->origin;
			rec.calls[i].tid = (int)pv_kernel(SYS_gettid, 0, 0, 0, 0, 0, 0);
		}
	}
	return pv_next(call);
}

static void rec_start(void)
{
	rec.n = 0;
	rec.on = 1;
}

static int rec_stop(void)
{
	rec.on = 0;
	return rec.n;
}

static int count_of(long nr)
{
	int k = 0;
	for (int i = 0; i < rec.n && i < (int)ARRAY_SIZE(rec.calls); i++)
		k += rec.calls[i].nr == nr;
	return k;
}

#define GLIBC(fn) ((__typeof__(&fn))dlsym(RTLD_NEXT, #fn))

/* Whether a child of ours that runs `body` lives to exit normally. */
#define CHILD_SURVIVES(body)                                                   \
	({                                                                     \
		pid_t pid_ = fork();                                           \
		if (pid_ == 0) {                                               \
			body;                                                  \
			_exit(0);                                              \
		}                                                              \
		int st_ = 0;                                                   \
		waitpid(pid_, &st_, 0);                                        \
		WIFEXITED(st_) && WEXITSTATUS(st_) == 0;                       \
	})

/* The calling thread's GS base: its per-thread block. */
static unsigned long gs_base(void)
{
	unsigned long base = 0;
	pv_kernel(SYS_arch_prctl, ARCH_GET_GS, (long)&base, 0, 0, 0, 0);
	return base;
}

/* ---- pthread_create ---- */

static void *report_block(void *arg)
{
	(void)arg;
	/* a call through the wrappers, made from this thread */
	return (void *)(gs_base() ^ (unsigned long)getppid() ^ (unsigned long)getppid());
}

static void test_pthread_create_join(void **state)
{
	(void)state;
	unsigned long mine = gs_base();
	assert_true(mine != 0);
	pthread_t t;
	void *res;
	rec_start();
	assert_int_equal(pthread_create(&t, NULL, report_block, NULL), 0);
	assert_int_equal(pthread_join(t, &res), 0);
	rec_stop();
	unsigned long theirs = (unsigned long)res;
	assert_true(theirs != 0);
	assert_true(theirs != mine); /* a block of its own */
	assert_int_equal(count_of(SYS_getppid), 2);
	/* glibc's own, on the libc path: the parent's block, which is what
	 * makes ours necessary */
	assert_int_equal(GLIBC(pthread_create)(&t, NULL, report_block, NULL), 0);
	pthread_join(t, &res);
	assert_true((unsigned long)res == mine);
}

static _Atomic int running;
static void *busy(void *arg)
{
	long id = (long)arg;
	running++;
	long sum = 0;
	for (int i = 0; i < 200; i++)
		sum += getppid() > 0;
	return (void *)(sum + id);
}

static void test_many_threads(void **state)
{
	(void)state;
	pthread_t t[8];
	rec_start();
	for (long i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, busy, (void *)i), 0);
	for (long i = 0; i < 8; i++) {
		void *res;
		pthread_join(t[i], &res);
		assert_int_equal((long)res, 200 + i);
	}
	rec_stop();
	assert_int_equal(count_of(SYS_getppid), 8 * 200);
	assert_int_equal(running, 8);
}

static void test_pthread_create_errors(void **state)
{
	(void)state;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, (size_t)1 << 46);
	pthread_t t;
	int o = pthread_create(&t, &attr, busy, NULL);
	int n = GLIBC(pthread_create)(&t, &attr, busy, NULL);
	assert_int_equal(o, n);
	assert_true(o != 0);
	pthread_attr_destroy(&attr);
	/* a detached thread: nothing to join, and it still runs */
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	running = 0;
	assert_int_equal(pthread_create(&t, &attr, busy, NULL), 0);
	while (!running)
		sched_yield();
	pthread_attr_destroy(&attr);
}

/* ---- cancellation of a thread blocked in read() ---- */

struct reader {
	int fd;
	ssize_t (*read)(int, void *, size_t);
};

static void *blocked_reader(void *arg)
{
	struct reader *r = arg;
	char c;
	r->read(r->fd, &c, 1);
	return (void *)1;
}

static void *cancel_reader(ssize_t (*rd)(int, void *, size_t))
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct reader r = { .fd = p[0], .read = rd };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, blocked_reader, &r), 0);
	usleep(50000); /* let it block */
	assert_int_equal(pthread_cancel(t), 0);
	void *res = NULL;
	assert_int_equal(pthread_join(t, &res), 0);
	close(p[0]);
	close(p[1]);
	return res;
}

static void test_cancel_blocked_read(void **state)
{
	(void)state;
	assert_ptr_equal(cancel_reader(GLIBC(read)), PTHREAD_CANCELED);
	assert_ptr_equal(cancel_reader(read), PTHREAD_CANCELED);
}

/* ---- clone ---- */

#define STACK_SIZE (256 * 1024)

struct child_view {
	unsigned long gs;
	int ran;
	volatile int tid_word;
};

static int clone_child(void *arg)
{
	struct child_view *v = arg;
	v->gs = gs_base();
	v->ran = 1;
	return 5;
}

static void *new_stack(void)
{
	char *s = malloc(STACK_SIZE);
	assert_non_null(s);
	return s + STACK_SIZE;
}

typedef int clone_fn(int (*)(void *), void *, int, void *, ...);

/* A vfork-style child shares our memory: what it saw comes back in v. */
static int vfork_clone(clone_fn *fn, struct child_view *v)
{
	void *stack = new_stack();
	memset(v, 0, sizeof *v);
	int pid = fn(clone_child, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, v);
	assert_true(pid > 0);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	free((char *)stack - STACK_SIZE);
	return st;
}

static void test_clone_vm(void **state)
{
	(void)state;
	struct child_view o, n;
	unsigned long mine = gs_base();
	rec_start();
	int so = vfork_clone(clone, &o);
	rec_stop();
	int sn = vfork_clone(GLIBC(clone), &n);
	assert_int_equal(so, sn);
	assert_true(WIFEXITED(so) && WEXITSTATUS(so) == 5);
	assert_true(o.ran && n.ran);
	assert_true(n.gs == mine);            /* glibc's: the parent's block */
	assert_true(o.gs != mine && o.gs != 0); /* ours: its own */
	/* the layers saw clone once, with the kernel's argument order */
	assert_int_equal(count_of(SYS_clone), 1);
	const struct seen *c = &rec.calls[0];
	assert_int_equal(c->nr, SYS_clone);
	assert_int_equal(c->origin, PV_ORIGIN_LIBC);
	assert_int_equal(c->arg[0], CLONE_VM | CLONE_VFORK | SIGCHLD);
	assert_true(c->arg[1] != 0);
}

static void test_clone_process(void **state)
{
	(void)state;
	struct child_view v = { 0 };
	void *stack = new_stack();
	int pid = clone(clone_child, stack, SIGCHLD, &v);
	assert_true(pid > 0);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	assert_int_equal(v.ran, 0); /* its own memory */
	free((char *)stack - STACK_SIZE);
}

/* A vfork-style child that resets a handler before it would exec: the
 * parent's handler is still its own, as natively (the child has handlers
 * of its own without CLONE_SIGHAND, but shares the runtime's memory). */
static volatile sig_atomic_t parent_hits;
static void parent_handler(int sig)
{
	(void)sig;
	parent_hits++;
}

static int reset_child(void *arg)
{
	(void)arg;
	signal(SIGUSR1, SIG_DFL);
	return 0;
}

static void test_clone_vfork_keeps_handlers(void **state)
{
	(void)state;
	signal(SIGUSR1, parent_handler);
	void *stack = new_stack();
	parent_hits = 0;
	int pid = clone(reset_child, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	assert_true(pid > 0);
	int st;
	waitpid(pid, &st, 0);
	int survived = CHILD_SURVIVES(raise(SIGUSR1));
	assert_true(survived);
	raise(SIGUSR1);
	assert_int_equal(parent_hits, 1);
	signal(SIGUSR1, SIG_DFL);
	free((char *)stack - STACK_SIZE);
}

static int thread_child(void *arg)
{
	struct child_view *v = arg;
	v->gs = gs_base();
	v->ran = 1;
	return 0;
}

/* A thread by clone: parent_tid and child_tid reach the kernel where the
 * layers said, and the kernel clears child_tid when it ends. */
static void test_clone_thread(void **state)
{
	(void)state;
	static struct child_view v;
	void *stack = new_stack();
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	pid_t ptid = 0;
	v.tid_word = -1;
	rec_start();
	int tid = clone(thread_child, stack, flags, &v, &ptid, NULL, &v.tid_word);
	rec_stop();
	assert_true(tid > 0);
	assert_int_equal(ptid, tid);
	while (v.tid_word != 0) /* cleared, and woken, at its exit */
		pv_kernel(SYS_futex, (long)&v.tid_word, FUTEX_WAIT, v.tid_word, 0, 0, 0);
	assert_int_equal(v.ran, 1);
	assert_true(v.gs != gs_base());
	const struct seen *c = &rec.calls[0];
	assert_int_equal(c->nr, SYS_clone);
	assert_int_equal(c->arg[0], flags);
	assert_int_equal(c->arg[2], (long)&ptid);
	assert_int_equal(c->arg[3], (long)&v.tid_word);
	assert_int_equal(c->arg[4], 0);
	free((char *)stack - STACK_SIZE);
}

static void test_clone_errors(void **state)
{
	(void)state;
	struct child_view v;
	rec_start();
	errno = 0;
	int o = clone(NULL, new_stack(), SIGCHLD, &v);
	int eo = errno;
	int o2 = clone(clone_child, NULL, SIGCHLD, &v);
	int eo2 = errno;
	int calls = rec_stop();
	errno = 0;
	int n = GLIBC(clone)(NULL, new_stack(), SIGCHLD, &v);
	int en = errno;
	int n2 = GLIBC(clone)(clone_child, NULL, SIGCHLD, &v);
	int en2 = errno;
	assert_int_equal(o, n);
	assert_int_equal(eo, en);
	assert_int_equal(o2, n2);
	assert_int_equal(eo2, en2);
	assert_int_equal(calls, 0); /* refused before any system call */
	/* flags the kernel refuses */
	void *stack = new_stack();
	o = clone(clone_child, stack, CLONE_SIGHAND, &v);
	eo = errno;
	n = GLIBC(clone)(clone_child, stack, CLONE_SIGHAND, &v);
	en = errno;
	assert_int_equal(o, n);
	assert_int_equal(eo, en);
	free((char *)stack - STACK_SIZE);
}

static int group_setup(void **state)
{
	(void)state;
	static const struct pv_layer layer = { .name = "record", .handler = record };
	if (pv_push(&layer) < 0)
		return -1;
	return pv_set_mode(PV_MODE_LIBC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pthread_create_join),
		cmocka_unit_test(test_many_threads),
		cmocka_unit_test(test_pthread_create_errors),
		cmocka_unit_test(test_cancel_blocked_read),
		cmocka_unit_test(test_clone_vm),
		cmocka_unit_test(test_clone_process),
		cmocka_unit_test(test_clone_vfork_keeps_handlers),
		cmocka_unit_test(test_clone_thread),
		cmocka_unit_test(test_clone_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
