/* time.c - the `time:SPEC` layer: the program lives at another time, as
 * under faketime(1).
 *
 * The real-time clocks (CLOCK_REALTIME and its coarse, alarm and TAI
 * forms, gettimeofday, time) read shifted: by a fixed offset (+3600, -1d),
 * from a start (@2001-02-03 04:05:06, one clock for the whole run: it
 * starts with the run's first process and runs on through every process of
 * the run -- faketime restarts it in each process unless
 * FAKETIME_DONT_RESET is set), or frozen (2001-02-03 04:05:06).  The
 * monotonic and CPU clocks are left alone.
 *
 * Where the program hands the kernel a real-time instant -- an absolute
 * sleep, timer, futex or message-queue timeout -- the instant is shifted
 * back, so that a program waiting "until 04:05:07" wakes a second later,
 * not never or at once.
 *
 * File times are what libfaketime makes of them: stat shows them as they
 * are, explicit times are set as given, and a file touched "now"
 * (utimensat with NULL or UTIME_NOW, utimes, utime) gets the virtual now
 * under an offset and the real now under a start or a frozen time --
 * libfaketime's rule, found by experiment with `touch f; stat -c %Y f`.
 *
 * The clocks are read from the vDSO without a system call.  A libc
 * wrapper shows those reads to the layers (libc and hybrid modes); nothing
 * shows them in sud mode or in a static program, which calls the vDSO
 * itself.  There the layer stands aside -- a program whose date is real
 * while its file times or timeouts are shifted would be worse off than one
 * that lives in the real time -- and says so once per run.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "layers.h"
#include "rt.h"
#include "sysent.h"
#include "time_spec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <utime.h>

#define NS 1000000000LL
#define TFD_ABSTIME 1 /* TFD_TIMER_ABSTIME: <sys/timerfd.h> is libc's */

/* The run's clock: where a started clock stands, one for every process. */
struct run_clock {
	_Atomic int ready; /* 0 new, 1 being set, 2 set */
	int64_t base_ns;   /* TIME_START: the offset; TIME_FROZEN: the time */
	_Atomic int told;  /* the stand-aside notice was printed */
};

struct timelayer {
	struct time_spec spec;
	struct run_clock *run;
	struct run_clock own; /* when the run has no shared memory */
};

/* ---- the virtual clock ---- */

static int64_t ts_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * NS + t->tv_nsec;
}

static struct timespec ns_ts(int64_t ns)
{
	int64_t s = ns / NS, r = ns % NS;
	if (r < 0) {
		r += NS;
		s--;
	}
	return (struct timespec){ .tv_sec = s, .tv_nsec = r };
}

/* The real time, as the layers below tell it. */
static int64_t real_now(void)
{
	struct timespec t = { 0, 0 };
	pv_syscall(SYS_clock_gettime, CLOCK_REALTIME, (long)&t, 0, 0, 0, 0);
	return ts_ns(&t);
}

/* virtual = real + offset(real) */
static int64_t offset_at(const struct timelayer *t, int64_t real)
{
	switch (t->spec.kind) {
	case TIME_OFFSET:
		return t->spec.offset_ns;
	case TIME_START:
		return t->run->base_ns;
	case TIME_FROZEN:
		break;
	}
	return t->run->base_ns - real;
}

static int is_realtime(long clk)
{
	static const long clocks[] = { CLOCK_REALTIME, CLOCK_REALTIME_COARSE,
				       CLOCK_REALTIME_ALARM, CLOCK_TAI };
	for (size_t i = 0; i < PV_ARRAY_SIZE(clocks); i++)
		if (clocks[i] == clk)
			return 1;
	return 0;
}

/* ---- reading the clocks ---- */

struct how;
typedef long time_fn(struct timelayer *t, struct pv_syscall *call,
		     const struct how *how);
struct how {
	time_fn *fn;
};

static int arg_of(long nr, enum pv_arg_kind kind)
{
	int nargs = pv_syscall_nargs(nr);
	for (int i = 0; i < nargs; i++)
		if (pv_syscall_arg_kind(nr, i) == kind)
			return i;
	return -1;
}

/* A reading the layers below answer into our buffer, shifted, then copied
 * to the program: one write to its memory, and EFAULT for a bad pointer. */
static long read_clock(struct timelayer *t, struct pv_syscall *call, long clk,
		       struct timespec *v)
{
	struct pv_syscall c = *call;
	c.nr = SYS_clock_gettime;
	c.arg[0] = clk;
	c.arg[1] = (long)v;
	long r = pv_next(&c);
	if (r >= 0)
		*v = ns_ts(ts_ns(v) + offset_at(t, ts_ns(v)));
	return r;
}

static long t_clock_gettime(struct timelayer *t, struct pv_syscall *call,
			    const struct how *how)
{
	(void)how;
	int ci = arg_of(call->nr, A_CLOCKID), oi = arg_of(call->nr, A_TIMESPEC_OUT);
	if (ci < 0 || oi < 0 || !is_realtime(call->arg[ci]) || !call->arg[oi])
		return pv_next(call);
	struct timespec v;
	long r = read_clock(t, call, call->arg[ci], &v);
	if (r < 0)
		return r;
	return rt_poke((void *)call->arg[oi], &v, sizeof v) < 0 ? -EFAULT : r;
}

static long t_gettimeofday(struct timelayer *t, struct pv_syscall *call,
			   const struct how *how)
{
	(void)how;
	int ti = arg_of(call->nr, A_TIMEVAL_OUT);
	if (ti < 0 || !call->arg[ti])
		return pv_next(call);
	struct timeval v;
	struct pv_syscall c = *call;
	c.arg[ti] = (long)&v;
	long r = pv_next(&c);
	if (r < 0)
		return r;
	int64_t us = (int64_t)v.tv_sec * 1000000 + v.tv_usec;
	struct timespec s = ns_ts(us * 1000 + offset_at(t, us * 1000));
	v = (struct timeval){ .tv_sec = s.tv_sec, .tv_usec = s.tv_nsec / 1000 };
	return rt_poke((void *)call->arg[ti], &v, sizeof v) < 0 ? -EFAULT : r;
}

/* time() answers whole seconds; shifted by an offset that is not whole
 * seconds it needs the fraction, so the layers below are asked for the
 * clock itself -- the precise one: the coarse one time() reads natively
 * lags by up to a tick, and a clock started at 04:05:06 would read
 * 04:05:05 in its first milliseconds. */
static long t_time(struct timelayer *t, struct pv_syscall *call,
		   const struct how *how)
{
	(void)how;
	struct timespec v;
	long r = read_clock(t, call, CLOCK_REALTIME, &v);
	if (r < 0)
		return r;
	long secs = (long)v.tv_sec;
	int oi = arg_of(call->nr, A_TIME_OUT);
	if (oi >= 0 && call->arg[oi] &&
	    rt_poke((void *)call->arg[oi], &secs, sizeof secs) < 0)
		return -EFAULT;
	return secs;
}

/* clock_adjtime and adjtimex answer the time as well. */
static long t_adjtime(struct timelayer *t, struct pv_syscall *call,
		      const struct how *how)
{
	(void)how;
	int adj = call->nr == SYS_adjtimex;
	if (!adj && !is_realtime(call->arg[0]))
		return pv_next(call);
	long r = pv_next(call);
	struct timex tx;
	void *p = (void *)call->arg[adj ? 0 : 1];
	if (r < 0 || rt_peek(&tx, p, sizeof tx) < 0)
		return r;
	int64_t unit = tx.status & STA_NANO ? 1 : 1000;
	int64_t real = (int64_t)tx.time.tv_sec * NS + tx.time.tv_usec * unit;
	struct timespec v = ns_ts(real + offset_at(t, real));
	tx.time.tv_sec = v.tv_sec;
	tx.time.tv_usec = v.tv_nsec / unit;
	return rt_poke(p, &tx, sizeof tx) < 0 ? -EFAULT : r;
}

/* ---- instants the program gives the kernel ---- */

/* Passes the call on with the real-time instant at argument i shifted
 * back from the program's time to the kernel's. */
static long pass_instant(struct timelayer *t, struct pv_syscall *call, int i,
			 size_t off, size_t size)
{
	if (i < 0 || !call->arg[i])
		return pv_next(call);
	union {
		struct timespec ts;
		struct itimerspec its;
	} u;
	if (rt_peek(&u, (void *)call->arg[i], size) < 0)
		return -EFAULT;
	struct timespec *v = (struct timespec *)((char *)&u + off);
	if (v->tv_sec || v->tv_nsec) { /* zero disarms a timer: no instant */
		int64_t real = t->spec.kind == TIME_FROZEN ? real_now() : 0;
		*v = ns_ts(ts_ns(v) - offset_at(t, real));
		if (v->tv_sec < 0)
			*v = (struct timespec){ 0, 1 }; /* long past: now */
	}
	struct pv_syscall c = *call;
	c.arg[i] = (long)&u;
	return pv_next(&c);
}

static long t_clock_nanosleep(struct timelayer *t, struct pv_syscall *call,
			      const struct how *how)
{
	(void)how;
	int ci = arg_of(call->nr, A_CLOCKID), fi = arg_of(call->nr, A_TIMER_FLAGS);
	if (ci < 0 || fi < 0 || !is_realtime(call->arg[ci]) ||
	    !(call->arg[fi] & TIMER_ABSTIME))
		return pv_next(call);
	return pass_instant(t, call, arg_of(call->nr, A_TIMESPEC_IN), 0,
			    sizeof(struct timespec));
}

/* A number after "key" in a /proc file of this process, for the timer or
 * descriptor named by id ("ID: 3" ... "ClockID: 0" in /proc/self/timers;
 * "clockid: 0" in /proc/self/fdinfo/N); -1 when not found.  Read line by
 * line through a buffer on the stack: threads may ask at once. */
static long proc_number(const char *path, const char *id_key, long id,
			const char *key)
{
	char buf[2048];
	long fd = pv_kernel(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return -1;
	long found = -1, n;
	size_t have = 0;
	int in = id_key == NULL;
	while (found < 0 &&
	       (n = pv_kernel(SYS_read, fd, (long)(buf + have), (long)(sizeof buf - 1 - have),
			      0, 0, 0)) > 0) {
		have += (size_t)n;
		size_t start = 0;
		for (size_t i = 0; i < have && found < 0; i++) {
			if (buf[i] != '\n')
				continue;
			buf[i] = 0;
			const char *line = buf + start;
			long v;
			if (id_key && rt_startswith(line, id_key))
				in = rt_parse_long(line + rt_strlen(id_key), 10, &v) == 0 && v == id;
			else if (in && rt_startswith(line, key) &&
				 rt_parse_long(line + rt_strlen(key), 10, &v) == 0)
				found = v;
			start = i + 1;
		}
		if (start == 0 && have == sizeof buf - 1)
			break; /* a line longer than any /proc writes here */
		for (size_t i = start; i < have; i++)
			buf[i - start] = buf[i];
		have -= start;
	}
	pv_kernel(SYS_close, fd, 0, 0, 0, 0, 0);
	return found;
}

static long t_timer_settime(struct timelayer *t, struct pv_syscall *call,
			    const struct how *how)
{
	(void)how;
	int tfd = call->nr == SYS_timerfd_settime;
	int fi = arg_of(call->nr, tfd ? A_TFD_FLAGS : A_TIMER_FLAGS);
	if (fi < 0 || !(call->arg[fi] & (tfd ? TFD_ABSTIME : TIMER_ABSTIME)))
		return pv_next(call);
	long clk;
	if (tfd) {
		char path[64];
		struct rt_buf b = RT_BUF(path);
		rt_printf(&b, "/proc/self/fdinfo/%ld", call->arg[0]);
		rt_putc(&b, 0);
		clk = proc_number(path, NULL, 0, "clockid:\t");
		if (clk < 0)
			clk = proc_number(path, NULL, 0, "clockid: ");
	} else {
		clk = proc_number("/proc/self/timers", "ID: ", call->arg[0], "ClockID: ");
	}
	if (!is_realtime(clk))
		return pv_next(call);
	return pass_instant(t, call, arg_of(call->nr, A_ITIMERSPEC_IN),
			    offsetof(struct itimerspec, it_value),
			    sizeof(struct itimerspec));
}

/* futex: the operations whose timeout is an instant of CLOCK_REALTIME
 * (glibc's pthread_cond_timedwait, sem_timedwait, pthread_mutex_timedlock
 * on the default clock).  Arguments as the futex ABI has them: syscalls.def
 * shows futex as a whole. */
static long t_futex(struct timelayer *t, struct pv_syscall *call,
		    const struct how *how)
{
	(void)how;
	long op = call->arg[1], cmd = op & FUTEX_CMD_MASK;
	int rt = cmd == FUTEX_LOCK_PI ||
		 ((cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI ||
		   cmd == FUTEX_LOCK_PI2) && (op & FUTEX_CLOCK_REALTIME));
	if (!rt)
		return pv_next(call);
	return pass_instant(t, call, 3, 0, sizeof(struct timespec));
}

/* futex_waitv(waiters, n, flags, timeout, clockid) */
static long t_futex_waitv(struct timelayer *t, struct pv_syscall *call,
			  const struct how *how)
{
	(void)how;
	if (call->arg[4] != CLOCK_REALTIME)
		return pv_next(call);
	return pass_instant(t, call, 3, 0, sizeof(struct timespec));
}

static long t_mq_timed(struct timelayer *t, struct pv_syscall *call,
		       const struct how *how)
{
	(void)how;
	return pass_instant(t, call, arg_of(call->nr, A_TIMESPEC_IN), 0,
			    sizeof(struct timespec));
}

/* ---- file times set to "now" ---- */

static int touches_now(const struct timelayer *t)
{
	return t->spec.kind == TIME_OFFSET;
}

/* A "now" made explicit needs the owner (or root) where "now" needs only
 * write access: when the kernel refuses it, the program's own call runs,
 * and the file gets the real now rather than an error it would not get. */
static long pass_times(struct pv_syscall *call, int i, const void *times)
{
	struct pv_syscall c = *call;
	c.arg[i] = (long)times;
	long r = pv_next(&c);
	if (r == -EPERM || r == -EACCES)
		r = pv_next(call);
	return r;
}

static long t_utimensat(struct timelayer *t, struct pv_syscall *call,
			const struct how *how)
{
	(void)how;
	int i = arg_of(call->nr, A_UTIMENS);
	if (i < 0 || !touches_now(t))
		return pv_next(call);
	struct timespec ts[2];
	if (!call->arg[i])
		ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
	else if (rt_peek(ts, (void *)call->arg[i], sizeof ts) < 0)
		return -EFAULT;
	if (ts[0].tv_nsec != UTIME_NOW && ts[1].tv_nsec != UTIME_NOW)
		return pv_next(call);
	int64_t real = real_now();
	for (int k = 0; k < 2; k++)
		if (ts[k].tv_nsec == UTIME_NOW)
			ts[k] = ns_ts(real + offset_at(t, real));
	return pass_times(call, i, ts);
}

/* utimes and futimesat take timevals; utime a struct utimbuf.  Only NULL
 * means now. */
static long t_utimes(struct timelayer *t, struct pv_syscall *call,
		     const struct how *how)
{
	(void)how;
	int i = pv_syscall_nargs(call->nr) - 1; /* the times are last */
	if (i < 0 || call->arg[i] || !touches_now(t))
		return pv_next(call);
	int64_t real = real_now();
	struct timespec v = ns_ts(real + offset_at(t, real));
	if (call->nr == SYS_utime) {
		struct utimbuf u = { .actime = v.tv_sec, .modtime = v.tv_sec };
		return pass_times(call, i, &u);
	}
	struct timeval tv[2];
	tv[0] = tv[1] = (struct timeval){ .tv_sec = v.tv_sec,
					  .tv_usec = v.tv_nsec / 1000 };
	return pass_times(call, i, tv);
}

static const struct how calls[] = {
	[SYS_clock_gettime] = { t_clock_gettime },
	[SYS_gettimeofday] = { t_gettimeofday },
	[SYS_time] = { t_time },
	[SYS_adjtimex] = { t_adjtime },
	[SYS_clock_adjtime] = { t_adjtime },
	[SYS_clock_nanosleep] = { t_clock_nanosleep },
	[SYS_timer_settime] = { t_timer_settime },
	[SYS_timerfd_settime] = { t_timer_settime },
	[SYS_futex] = { t_futex },
	[SYS_futex_waitv] = { t_futex_waitv },
	[SYS_mq_timedsend] = { t_mq_timed },
	[SYS_mq_timedreceive] = { t_mq_timed },
	[SYS_utimensat] = { t_utimensat },
	[SYS_utimes] = { t_utimes },
	[SYS_futimesat] = { t_utimes },
	[SYS_utime] = { t_utimes },
};

static long time_handler(struct pv_syscall *call, void *data)
{
	struct timelayer *t = data;
	unsigned long nr = (unsigned long)call->nr;
	if (nr >= PV_ARRAY_SIZE(calls) || !calls[nr].fn)
		return pv_next(call);
	return calls[nr].fn(t, call, &calls[nr]);
}

/* The run's first process fixes where a started clock stands (and reads
 * the date in the local time zone of its environment, as faketime does);
 * the others find it. */
static void time_start(void *data)
{
	struct timelayer *t = data;
	pv_want_clock_calls();
	t->run = pv_shared("time.clock", sizeof *t->run);
	if (!t->run)
		t->run = &t->own;
	if (t->spec.kind == TIME_OFFSET)
		return;
	int fresh = 0;
	if (!atomic_compare_exchange_strong(&t->run->ready, &fresh, 1)) {
		while (atomic_load(&t->run->ready) != 2)
			pv_kernel(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
		return;
	}
	int64_t at = local_to_epoch(&t->spec.at, pv_start_info()->envp) * NS;
	t->run->base_ns = t->spec.kind == TIME_FROZEN ? at : at - real_now();
	atomic_store(&t->run->ready, 2);
}

int pv_time_init(const char *args, struct pv_layer *layer, char *err,
		 unsigned long errlen)
{
	struct time_spec spec;
	if (time_spec_parse(args, &spec, err, errlen) < 0)
		return -EINVAL;
	struct timelayer *t = rt_alloc(sizeof *t);
	if (!t)
		return -ENOMEM;
	t->spec = spec;
	*layer = (struct pv_layer){ .name = "time", .handler = time_handler,
				    .data = t, .start = time_start };
	return 0;
}
