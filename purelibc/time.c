/* time.c - clocks and sleeping.
 *
 * glibc answers clock_gettime, gettimeofday, time, clock_getres and getcpu
 * from the vDSO, and sched_getcpu from its rseq area, without a system call.
 * Through the libc path they still enter the stack as the system call they
 * stand for, so a layer can see them; the kernel end answers them from the
 * vDSO again.  In sud mode only a `syscall` instruction reaches the layers,
 * so the wrappers do what glibc does: call the vDSO (whose fallback for
 * clocks it cannot read is a `syscall` the trap catches).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc_private.h"
#include "wrap.h"

#include <sched.h>
#include <stddef.h>
#include <sys/rseq.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

typedef long vdso2_fn(long, long);
typedef long vdso3_fn(long, long, long);

/* The vDSO function glibc would call, in sud mode; NULL otherwise (and when
 * the kernel gave no vDSO, where glibc makes the system call). */
static void *sud_vdso(const char *name, void *_Atomic *cache)
{
	if (pv_get_mode() != PV_MODE_SUD || pv_clock_calls_wanted())
		return NULL; /* a layer watches the clocks: the call traps */
	void *fn = atomic_load_explicit(cache, memory_order_acquire);
	if (!fn) {
		fn = pv_vdso_sym(name);
		atomic_store_explicit(cache, fn, memory_order_release);
	}
	return fn;
}
#define SUD_VDSO(type, name)                                                   \
	({                                                                     \
		static void *_Atomic vdso_cache_;                              \
		(type *)sud_vdso(name, &vdso_cache_);                          \
	})

PV_EXPORT int clock_gettime(clockid_t clk, struct timespec *ts)
{
	vdso2_fn *fn = SUD_VDSO(vdso2_fn, "__vdso_clock_gettime");
	if (fn)
		return (int)pv_errno(fn(clk, (long)ts));
	return (int)PV_SYSCALL_RET(SYS_clock_gettime, clk, ts);
}

PV_EXPORT int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	vdso2_fn *fn = SUD_VDSO(vdso2_fn, "__vdso_gettimeofday");
	if (fn)
		return (int)pv_errno(fn((long)tv, (long)tz));
	return (int)PV_SYSCALL_RET(SYS_gettimeofday, tv, tz);
}

PV_EXPORT time_t time(time_t *t)
{
	vdso2_fn *fn = SUD_VDSO(vdso2_fn, "__vdso_time");
	if (fn)
		return (time_t)fn((long)t, 0);
	return (time_t)PV_SYSCALL_RET(SYS_time, t);
}

PV_EXPORT int clock_getres(clockid_t clk, struct timespec *res)
{
	vdso2_fn *fn = SUD_VDSO(vdso2_fn, "__vdso_clock_getres");
	if (fn)
		return (int)pv_errno(fn(clk, (long)res));
	return (int)PV_SYSCALL_RET(SYS_clock_getres, clk, res);
}

PV_EXPORT int getcpu(unsigned int *cpu, unsigned int *node)
{
	vdso3_fn *fn = SUD_VDSO(vdso3_fn, "__vdso_getcpu");
	if (fn)
		return (int)pv_errno(fn((long)cpu, (long)node, 0));
	return (int)PV_SYSCALL_RET(SYS_getcpu, cpu, node, NULL);
}

/* The kernel keeps the running cpu in the thread's rseq area, which glibc
 * registers at __rseq_offset from the thread pointer; a negative value
 * means no registration. */
static int rseq_cpu(void)
{
	const char *tp = __builtin_thread_pointer();
	const volatile struct rseq *area = (const void *)(tp + __rseq_offset);
	return (int)area->cpu_id;
}

PV_EXPORT int sched_getcpu(void)
{
	unsigned int cpu;
	if (pv_get_mode() == PV_MODE_SUD) {
		int id = rseq_cpu();
		if (id >= 0)
			return id;
	}
	return getcpu(&cpu, NULL) < 0 ? -1 : (int)cpu;
}

/* ---- process times ---- */

/* The process's cpu time in CLOCKS_PER_SEC (a million) units; -1 if the
 * clock cannot be read. */
PV_EXPORT clock_t clock(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return (clock_t)-1;
	return (clock_t)(ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* times() answers clock ticks, which may look like -errno.  Like glibc,
 * take EFAULT for a result only when the buffer is really bad (touching
 * it crashes, as in glibc), and never answer -1. */
PV_EXPORT clock_t times(struct tms *buf)
{
	long r = PV_LIBC(SYS_times, buf);
	if (r == -EFAULT && buf) {
		volatile struct tms *touch = buf;
		touch->tms_utime = touch->tms_utime;
		touch->tms_stime = touch->tms_stime;
		touch->tms_cutime = touch->tms_cutime;
		touch->tms_cstime = touch->tms_cstime;
		return (clock_t)r;
	}
	return r == -1 ? 0 : (clock_t)r;
}

/* ---- sleeping: every form is clock_nanosleep in glibc ---- */

/* glibc's process CPU clock for clock_nanosleep: MAKE_PROCESS_CPUCLOCK(0,
 * CPUCLOCK_SCHED), the kernel's id for "the calling process". */
#define PROCESS_SCHED_CLOCK (-6)

PV_EXPORT int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
			      struct timespec *rem)
{
	if (clk == CLOCK_THREAD_CPUTIME_ID)
		return EINVAL;
	if (clk == CLOCK_PROCESS_CPUTIME_ID)
		clk = PROCESS_SCHED_CLOCK;
	return pv_errnum(PV_LIBC_CANCEL(SYS_clock_nanosleep, clk, flags, req, rem));
}

PV_EXPORT int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int r = clock_nanosleep(CLOCK_REALTIME, 0, req, rem);
	if (r) {
		errno = r;
		return -1;
	}
	return 0;
}

PV_EXPORT int usleep(useconds_t usec)
{
	struct timespec ts = { .tv_sec = usec / 1000000,
			       .tv_nsec = (long)(usec % 1000000) * 1000 };
	return nanosleep(&ts, NULL);
}

/* Interrupted, it answers the whole seconds not slept; errno is kept on
 * success. */
PV_EXPORT unsigned int sleep(unsigned int seconds)
{
	int saved = errno;
	struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };
	if (nanosleep(&ts, &ts) < 0)
		return (unsigned int)ts.tv_sec;
	errno = saved;
	return 0;
}
