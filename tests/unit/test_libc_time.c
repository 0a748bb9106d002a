/* test_libc_time.c - clocks and sleeping against glibc's own.
 *
 * glibc reads the clocks from the vDSO without a system call; through the
 * libc path ours enter the stack as the system call they stand for, and the
 * values must agree with glibc's within a tolerance.  In sud mode (the last
 * group) ours must do what glibc does: no call for what the vDSO answers,
 * the trapped fallback for what it cannot.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"
#include "unit/proc_compare.h"

#include <sched.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#define NS 1000000000L

static long long ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * NS + ts->tv_nsec;
}

/* ours read between two readings of glibc's */
static void clock_between(clockid_t clk, long long slack)
{
	struct timespec a, b, o;
	assert_int_equal(GLIBC(clock_gettime)(clk, &a), 0);
	assert_int_equal(clock_gettime(clk, &o), 0);
	assert_int_equal(GLIBC(clock_gettime)(clk, &b), 0);
	assert_true(ns_of(&a) - slack <= ns_of(&o));
	assert_true(ns_of(&o) <= ns_of(&b) + slack);
}

static const clockid_t clocks[] = {
	CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
	CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_TAI,
};

static void test_clock_gettime(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++)
		clock_between(clocks[i], 0);
	/* cpu clocks: the vDSO falls back to the system call */
	clock_between(CLOCK_PROCESS_CPUTIME_ID, 0);
	clock_between(CLOCK_THREAD_CPUTIME_ID, 0);
	struct timespec ts;
	/* clocks the vDSO does not know are the kernel's to refuse */
	static struct outcome o, n;
	OURS(o, clock_gettime, 12345, &ts);
	NATIVE(n, clock_gettime, 12345, &ts);
	assert_int_equal(o.ret, n.ret);
	assert_int_equal(o.err, n.err);
	assert_int_equal(o.err, EINVAL);
	/* glibc's vDSO writes the result itself: a bad pointer crashes */
	assert_int_equal(CHILD_END(clock_gettime(CLOCK_REALTIME, BAD_PTR)),
			 CHILD_END(GLIBC(clock_gettime)(CLOCK_REALTIME, BAD_PTR)));
}

/* Through the libc path each reading is one call of glibc's number. */
static void test_reaches_layers(void **state)
{
	(void)state;
	static struct outcome o;
	struct timespec ts;
	struct timeval tv;
	unsigned cpu, node;
	OURS(o, clock_gettime, CLOCK_REALTIME, &ts);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_clock_gettime);
	OURS(o, gettimeofday, &tv, NULL);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_gettimeofday);
	OURS(o, time, NULL);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_time);
	OURS(o, clock_getres, CLOCK_MONOTONIC, &ts);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_clock_getres);
	OURS(o, getcpu, &cpu, &node);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_getcpu);
	OURS(o, sched_getcpu);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_getcpu);
}

static void test_other_clocks(void **state)
{
	(void)state;
	struct timeval a, b, o;
	GLIBC(gettimeofday)(&a, NULL);
	assert_int_equal(gettimeofday(&o, NULL), 0);
	GLIBC(gettimeofday)(&b, NULL);
	long long ua = a.tv_sec * 1000000LL + a.tv_usec, ub = b.tv_sec * 1000000LL + b.tv_usec;
	long long uo = o.tv_sec * 1000000LL + o.tv_usec;
	assert_true(ua <= uo && uo <= ub);
	struct timezone tz_o, tz_n;
	gettimeofday(&o, &tz_o);
	GLIBC(gettimeofday)(&b, &tz_n);
	assert_memory_equal(&tz_o, &tz_n, sizeof tz_o);

	time_t t1 = GLIBC(time)(NULL), to, t2;
	assert_true(time(&to) >= t1);
	t2 = GLIBC(time)(NULL);
	assert_true(to >= t1 && to <= t2);

	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++) {
		struct timespec ro, rn;
		assert_int_equal(clock_getres(clocks[i], &ro), 0);
		GLIBC(clock_getres)(clocks[i], &rn);
		assert_memory_equal(&ro, &rn, sizeof ro);
		assert_int_equal(clock_getres(clocks[i], NULL), 0);
	}
	static struct outcome o2, n2;
	struct timespec r;
	OURS(o2, clock_getres, 12345, &r);
	NATIVE(n2, clock_getres, 12345, &r);
	assert_int_equal(o2.ret, n2.ret);
	assert_int_equal(o2.err, n2.err);

	/* the cpu: both answer one this thread may run on */
	cpu_set_t allowed;
	sched_getaffinity(0, sizeof allowed, &allowed);
	int c = sched_getcpu();
	assert_true(c >= 0 && CPU_ISSET(c, &allowed));
	unsigned cpu = 999, node = 999, ncpu, nnode;
	assert_int_equal(getcpu(&cpu, &node), 0);
	GLIBC(getcpu)(&ncpu, &nnode);
	assert_true(CPU_ISSET(cpu, &allowed));
	assert_int_equal(node, nnode);
	assert_int_equal(getcpu(NULL, NULL), 0);
}

/* ---- process times ---- */

static void test_process_times(void **state)
{
	(void)state;
	clock_t a = GLIBC(clock)(), o = clock(), b = GLIBC(clock)();
	assert_true(a <= o && o <= b);
	static struct outcome oc;
	OURS(oc, clock);
	assert_int_equal(oc.n, 1);
	assert_int_equal(oc.calls[0].nr, SYS_clock_gettime);
	struct tms to, tn;
	clock_t ta = GLIBC(times)(&tn), t = times(&to), tb = GLIBC(times)(&tn);
	assert_true(ta <= t && t <= tb);
	assert_true(to.tms_utime <= tn.tms_utime && to.tms_stime <= tn.tms_stime);
	static struct outcome oo, nn;
	OURS(oo, times, NULL);
	NATIVE(nn, times, NULL);
	expect_same_how("times(NULL)", oo, nn, CMP_CALLS);
	assert_true(oo.ret > 0);
	/* glibc touches a buffer the kernel calls bad: the same crash */
	assert_int_equal(CHILD_END(times(BAD_PTR)), CHILD_END(GLIBC(times)(BAD_PTR)));
}

/* ---- sleeping ---- */

static void test_sleeps(void **state)
{
	(void)state;
	struct timespec short_ts = { 0, 1000 }, rem;
	struct timespec bad_ns = { 0, NS };
	SAME(nanosleep, &short_ts, NULL);
	SAME(nanosleep, &short_ts, &rem);
	SAME(nanosleep, &bad_ns, NULL);
	SAME(nanosleep, BAD_PTR, NULL);
	SAME(clock_nanosleep, CLOCK_MONOTONIC, 0, &short_ts, NULL);
	SAME(clock_nanosleep, CLOCK_REALTIME, 0, &bad_ns, NULL);
	SAME(clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &short_ts, NULL);
	SAME(clock_nanosleep, 12345, 0, &short_ts, NULL);
	SAME(clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &short_ts, NULL);
	SAME(clock_nanosleep, CLOCK_MONOTONIC, 0, BAD_PTR, NULL);
	/* glibc's id for the process cpu clock: already passed, it returns */
	SAME(clock_nanosleep, CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &short_ts, NULL);
	SAME(usleep, 1);
	SAME(usleep, 0);
	/* the units: microseconds */
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(ns_of(&b) - ns_of(&a) >= 100000000LL);
	SAME(sleep, 0);
	errno = 1234;
	assert_int_equal(sleep(0), 0);
	assert_int_equal(errno, 1234); /* glibc keeps errno on success */
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void arm_timer(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 20000 } };
	GLIBC(setitimer)(ITIMER_REAL, &it, NULL);
}

/* Interrupted, the sleeps report what is left as glibc's do. */
static void test_interrupted_sleeps(void **state)
{
	(void)state;
	struct sigaction act = { .sa_handler = on_alarm }, old;
	sigemptyset(&act.sa_mask);
	sigaction(SIGALRM, &act, &old);
	struct timespec ten = { 10, 0 }, rem_o, rem_n;
	SAME_HANDLED_AFTER(arm_timer(), nanosleep, &ten, &rem_o);
	arm_timer();
	nanosleep(&ten, &rem_o);
	arm_timer();
	GLIBC(nanosleep)(&ten, &rem_n);
	assert_int_equal(rem_o.tv_sec, rem_n.tv_sec);
	SAME_HANDLED_AFTER(arm_timer(), clock_nanosleep, CLOCK_MONOTONIC, 0, &ten, NULL);
	SAME_HANDLED_AFTER(arm_timer(), sleep, 10);
	SAME_HANDLED_AFTER(arm_timer(), usleep, 5000000);
	assert_int_equal(alarms, 10);
	sigaction(SIGALRM, &old, NULL);
}

/* ---- cancellation points, as in glibc ---- */

static struct timespec zero_ts;
#define CANCEL_CALLS(X)                                                        \
	X(nanosleep, nanosleep, &zero_ts, NULL)                                \
	X(clock_nanosleep, clock_nanosleep, CLOCK_MONOTONIC, 0, &zero_ts, NULL) \
	X(sleep, sleep, 0)                                                     \
	X(usleep, usleep, 0)                                                   \
	X(clock_gettime, clock_gettime, CLOCK_REALTIME, &zero_ts)              \
	X(time, time, NULL)

CANCEL_CALLS(CANCEL_THREADS)

static void test_cancellation_points(void **state)
{
	(void)state;
	int points = 0;
	CANCEL_CALLS(CHECK_CANCEL)
	assert_int_equal(points, 4);
}

/* ---- sud mode: the vDSO, as glibc ---- */

static void test_sud_vdso(void **state)
{
	(void)state;
	static struct outcome o, n;
	struct timespec ts;
	struct timeval tv;
	unsigned cpu;
	OURS(o, clock_gettime, CLOCK_MONOTONIC, &ts);
	NATIVE(n, clock_gettime, CLOCK_MONOTONIC, &ts);
	assert_int_equal(o.n, 0);
	assert_int_equal(n.n, 0);
	OURS(o, gettimeofday, &tv, NULL);
	assert_int_equal(o.n, 0);
	OURS(o, time, NULL);
	assert_int_equal(o.n, 0);
	OURS(o, clock_getres, CLOCK_MONOTONIC, &ts);
	assert_int_equal(o.n, 0);
	OURS(o, getcpu, &cpu, NULL);
	assert_int_equal(o.n, 0);
	OURS(o, sched_getcpu);
	NATIVE(n, sched_getcpu);
	assert_int_equal(o.n, n.n);
	/* what the vDSO cannot read traps, from inside it, as glibc's */
	OURS(o, clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts);
	NATIVE(n, clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts);
	assert_int_equal(o.n, 1);
	assert_int_equal(n.n, 1);
	assert_int_equal(o.calls[0].nr, n.calls[0].nr);
	assert_int_equal(o.calls[0].origin, PV_ORIGIN_TRAP);
	OURS(o, clock_gettime, 12345, &ts);
	NATIVE(n, clock_gettime, 12345, &ts);
	assert_int_equal(o.ret, n.ret);
	assert_int_equal(o.err, n.err);
	assert_int_equal(o.n, n.n);
	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++)
		clock_between(clocks[i], 0);
	/* the sleeps are system calls in every mode */
	struct timespec short_ts = { 0, 1000 };
	OURS(o, nanosleep, &short_ts, NULL);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.calls[0].nr, SYS_clock_nanosleep);
}

static int sud_setup(void **state)
{
	(void)state;
	return pv_set_mode(PV_MODE_SUD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_gettime),
		cmocka_unit_test(test_reaches_layers),
		cmocka_unit_test(test_other_clocks),
		cmocka_unit_test(test_process_times),
		cmocka_unit_test(test_sleeps),
		cmocka_unit_test(test_interrupted_sleeps),
		cmocka_unit_test(test_cancellation_points),
	};
	const struct CMUnitTest sud_tests[] = {
		cmocka_unit_test(test_sud_vdso),
	};
	int failed = cmocka_run_group_tests(tests, compare_setup, NULL);
	return failed + cmocka_run_group_tests_name("sud", sud_tests, sud_setup, NULL);
}
