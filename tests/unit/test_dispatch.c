/* test_dispatch.c - the layer stack, the nesting rule and the three modes, as
 * an application that links libpurevirt sees them.
 *
 * A mode, once set, stays for the process, so each case runs in a child made
 * with fork; the child reports failures in its exit status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "purevirt.h"
#include "dispatch.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- a counting layer ---- */

struct counter {
	long nr;                 /* the call it counts */
	_Atomic long seen;
	_Atomic long by_origin[3];
	long inner_nr;           /* a call it makes itself while handling, or -1 */
	_Atomic long inner_seen; /* calls of inner_nr it saw: must stay 0 */
};

static long count_handler(struct pv_syscall *call, void *data)
{
	struct counter *c = data;
	if (call->nr == c->nr) {
		atomic_fetch_add(&c->seen, 1);
		atomic_fetch_add(&c->by_origin[call->origin], 1);
		if (c->inner_nr >= 0) {
			/* a wrapper, syscall() and an inline instruction: each
			 * must go to the layers below, never back here */
			syscall(c->inner_nr);
			getpid();
			long r;
			__asm__ volatile("syscall"
					 : "=a"(r)
					 : "0"(c->inner_nr)
					 : "rcx", "r11", "memory");
			(void)r;
		}
	} else if (call->nr == c->inner_nr) {
		atomic_fetch_add(&c->inner_seen, 1);
	}
	return pv_next(call);
}

static struct counter *push_counter(long nr, long inner)
{
	struct counter *c = calloc(1, sizeof *c);
	c->nr = nr;
	c->inner_nr = inner;
	struct pv_layer l = { .name = "count", .handler = count_handler, .data = c };
	if (pv_push(&l) < 0)
		abort();
	return c;
}

static long inline_getppid(void)
{
	long r;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"((long)SYS_getppid)
			 : "rcx", "r11", "memory");
	return r;
}

/* Runs fn in a child under mode; the child's exit status is its verdict. */
static void in_child(enum pv_mode mode, int (*fn)(enum pv_mode))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (pv_set_mode(mode) < 0)
			_exit(100);
		_exit(fn(mode));
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: %s failed\n", __FILE__,        \
				__LINE__, #cond);                              \
			return 1;                                              \
		}                                                              \
	} while (0)

/* Each way of making a call reaches the layer exactly once -- or not at all
 * when the mode cannot see it (an inline instruction in libc mode). */
static int each_path_once(enum pv_mode mode)
{
	struct counter *c = push_counter(SYS_getppid, -1);
	pid_t parent = getppid();
	CHECK(atomic_load(&c->seen) == 1);
	CHECK(syscall(SYS_getppid) == parent);
	CHECK(atomic_load(&c->seen) == 2);
	CHECK(inline_getppid() == parent);
	CHECK(atomic_load(&c->seen) == (mode == PV_MODE_LIBC ? 2 : 3));
	long via_libc = atomic_load(&c->by_origin[PV_ORIGIN_LIBC]);
	CHECK(via_libc == (mode == PV_MODE_SUD ? 0 : 2));
	return 0;
}

static void test_each_path_once_libc(void **s) { (void)s; in_child(PV_MODE_LIBC, each_path_once); }
static void test_each_path_once_sud(void **s) { (void)s; in_child(PV_MODE_SUD, each_path_once); }
static void test_each_path_once_hybrid(void **s) { (void)s; in_child(PV_MODE_HYBRID, each_path_once); }

/* The nesting rule: what a layer does while handling a call goes to the
 * layers below it.  The upper layer makes getppid calls while handling
 * gettid; the lower one counts them, the upper one must never see them. */
static int nesting(enum pv_mode mode)
{
	struct counter *lower = push_counter(SYS_getppid, -1);
	struct counter *upper = push_counter(SYS_gettid, SYS_getppid);
	CHECK(pv_depth() == 2);
	long me = syscall(SYS_gettid);
	CHECK(pv_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0) == me);
	CHECK(atomic_load(&upper->seen) == 2);
	CHECK(atomic_load(&upper->inner_seen) == 0);
	/* per gettid: syscall(), getpid() is not counted, and the inline one
	 * only where the trap is armed */
	long per = mode == PV_MODE_LIBC ? 1 : 2;
	CHECK(atomic_load(&lower->seen) == 2 * per);
	return 0;
}

static void test_nesting_libc(void **s) { (void)s; in_child(PV_MODE_LIBC, nesting); }
static void test_nesting_sud(void **s) { (void)s; in_child(PV_MODE_SUD, nesting); }
static void test_nesting_hybrid(void **s) { (void)s; in_child(PV_MODE_HYBRID, nesting); }

/* pv_next from the bottom layer and pv_kernel give the kernel's answers. */
static int kernel_results(enum pv_mode mode)
{
	(void)mode;
	push_counter(SYS_close, -1);
	CHECK(pv_syscall(SYS_close, -1, 0, 0, 0, 0, 0) == -EBADF);
	CHECK(pv_kernel(SYS_close, -1, 0, 0, 0, 0, 0) == -EBADF);
	CHECK(pv_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0) == getpid());
	errno = 0;
	CHECK(close(-1) == -1 && errno == EBADF);
	return 0;
}

static void test_kernel_results(void **s) { (void)s; in_child(PV_MODE_HYBRID, kernel_results); }

/* ---- threads: exact counts with calls from several threads at once ---- */

#define THREADS 4
#define CALLS 2000
static struct counter *thread_counter;

static void *thread_calls(void *arg)
{
	(void)arg;
	for (int i = 0; i < CALLS; i++) {
		inline_getppid();
		getppid();
	}
	return NULL;
}

static int threads(enum pv_mode mode)
{
	thread_counter = push_counter(SYS_getppid, -1);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, thread_calls, NULL) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	long per_call = mode == PV_MODE_LIBC ? 1 : 2;
	long seen = atomic_load(&thread_counter->seen);
	if (seen != THREADS * CALLS * per_call)
		fprintf(stderr, "seen %ld\n", seen);
	CHECK(seen == THREADS * CALLS * per_call);
	return 0;
}

static void test_threads_sud(void **s) { (void)s; in_child(PV_MODE_SUD, threads); }
static void test_threads_hybrid(void **s) { (void)s; in_child(PV_MODE_HYBRID, threads); }

/* ---- pushing while other threads make calls ---- */

static _Atomic int stop;
static void *busy(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop))
		inline_getppid();
	return NULL;
}

static int push_while_running(enum pv_mode mode)
{
	(void)mode;
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], NULL, busy, NULL) == 0);
	struct counter *c[8];
	for (int i = 0; i < 8; i++) {
		c[i] = push_counter(SYS_getppid, -1);
		usleep(1000);
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	/* every call seen by a layer was seen by every layer below it */
	for (int i = 1; i < 8; i++)
		CHECK(atomic_load(&c[i - 1]->seen) >= atomic_load(&c[i]->seen));
	CHECK(atomic_load(&c[7]->seen) > 0);
	return 0;
}

static void test_push_while_running(void **s) { (void)s; in_child(PV_MODE_HYBRID, push_while_running); }

/* ---- the libc path's threads give their blocks back ---- */

static _Atomic int reused;

static void *note_block(void *arg)
{
	(void)arg;
	/* a block keeps its slots from one thread to the next */
	void **slot = pv_thread_slot(3); /* a slot no built-in layer uses */
	if (*slot)
		atomic_fetch_add(&reused, 1);
	*slot = slot;
	return NULL;
}

static int blocks_come_back(enum pv_mode mode)
{
	(void)mode;
	for (int i = 0; i < 400; i++) {
		pthread_t t;
		CHECK(pthread_create(&t, NULL, note_block, NULL) == 0);
		CHECK(pthread_join(t, NULL) == 0);
	}
	/* one chunk holds about 126 blocks: the rest must be reused ones */
	CHECK(atomic_load(&reused) > 200);
	return 0;
}

static void test_blocks_come_back(void **s) { (void)s; in_child(PV_MODE_LIBC, blocks_come_back); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_path_once_libc),
		cmocka_unit_test(test_each_path_once_sud),
		cmocka_unit_test(test_each_path_once_hybrid),
		cmocka_unit_test(test_nesting_libc),
		cmocka_unit_test(test_nesting_sud),
		cmocka_unit_test(test_nesting_hybrid),
		cmocka_unit_test(test_kernel_results),
		cmocka_unit_test(test_threads_sud),
		cmocka_unit_test(test_threads_hybrid),
		cmocka_unit_test(test_push_while_running),
		cmocka_unit_test(test_blocks_come_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
