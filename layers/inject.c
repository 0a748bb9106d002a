/* inject.c - the `inject` layer: strace -e inject=SET:ACTION[:when=EXPR].
 *
 *   inject:SET:ACTION[:ACTION...][:when=EXPR | :when=p:P[:seed=S]]
 *
 *   error=ERRNO       the call is not made; it fails with ERRNO (a name,
 *                     or a number in 1..4095)
 *   retval=N          the call is not made; it returns N
 *   signal=SIG        SIG is sent to the calling thread once the call is
 *                     done (a name with or without SIG, or 1..64)
 *   delay_enter=D     sleep before the call, delay_exit=D after it; D in
 *                     strace's units: a number with s, ms, us or ns
 *                     (microseconds when bare)
 *   syscall=NAME      with error= or retval=: make this %pure call instead
 *                     of nothing, as strace does (the layers below see it)
 *   when=N, N+, N+S, N..M, N..M+S   which calls of each system call of SET:
 *                     the Nth only, from the Nth on, every Sth from the
 *                     Nth, the Nth to the Mth
 *   when=p:P[:seed=S] each call with probability P (0.25, or 25%),
 *                     reproducibly for a seed (see choose())
 *
 * A call that is skipped never reaches the layers below or the kernel.
 *
 * Calls are counted as strace counts them: per system call and per task
 * (each thread and each process its own count, a child starting from zero),
 * and an exec does not restart them.  So the counts live in memory shared
 * by the whole run, one slot per live task, found by the task's id; a slot
 * is freed when its task exits.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "layers.h"
#include "names.h"
#include "rt.h"
#include "sysent.h"
#include "sysset.h"

#include <errno.h>
#include <linux/sched.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

#define TASK_SLOTS 1024
#define SLOT_FREE 0
#define SLOT_GONE (-1) /* freed: lookups go on past it */
#define WHEN_MAX 65535

struct task_slot {
	_Atomic int tid;     /* SLOT_FREE, SLOT_GONE or the task's id */
	int tgid;
	unsigned long key;   /* the task's stream for when=p */
	unsigned forks;      /* children it made: their keys */
};

/* Run-wide: the slots, then TASK_SLOTS + 1 rows of counters, one per
 * system call of the set (and one for numbers outside the table); the last
 * row is shared by the tasks that find no slot. */
struct task_table {
	struct task_slot slot[TASK_SLOTS + 1];
	unsigned counts[];
};

struct inject {
	struct pv_sysset set;
	short column[PV_SYSSET_NBITS]; /* a call's counter in a slot's row */
	int ncolumns;
	/* the action */
	int error;          /* errno, 0 for none */
	int has_retval;
	long retval;
	int signo;
	unsigned long delay_enter, delay_exit; /* ns */
	long stand_in;      /* syscall=, or -1 */
	/* when */
	unsigned first, last, step; /* step 0: the first only */
	int random;
	unsigned long threshold;    /* fail below it; with always */
	int always;
	unsigned long seed;
	/* state */
	struct task_table *tasks;
	int pid;                    /* whose memory this is (see task_key) */
	unsigned long image_key;    /* from the program's arguments */
	unsigned long vfork_key;    /* for a vfork child in our memory */
	_Atomic unsigned threads_seen;
};

/* ---- the generator ----
 * SplitMix64's output function (Steele, Lea and Flood, 2014): a bijection
 * of 64-bit words whose outputs for successive inputs pass the usual
 * statistical tests.  It is used as a hash, never as a stream, so that a
 * decision depends only on what the call is, not on what ran before it in
 * other tasks. */
static unsigned long mix(unsigned long z)
{
	z += 0x9e3779b97f4a7c15UL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

/* when=p: the k-th call (from 1) of system call nr in the task whose key
 * is `key` fails when
 *     mix(mix(mix(seed) ^ key) ^ (nr << 32 | k))  <  P * 2^64.
 * A task's key depends only on where it stands in the run: the first
 * process, and a process that appears without a parent in the run, takes
 * mix of an FNV-1a hash of its arguments; a fork child takes
 * mix(parent key + n * 0x9e3779b97f4a7c15) for its parent's n-th fork; a
 * thread takes mix(its process's key ^ mix(n)) for the n-th thread of the
 * process to make a call of the set.  So the same seed and the same
 * program fail the same calls, whatever the scheduler does between
 * processes; among threads, as far as they start in the same order. */
static int choose(const struct inject *in, unsigned long key, long nr,
		  unsigned k)
{
	if (in->always)
		return 1;
	unsigned long u = mix(mix(mix(in->seed) ^ key) ^
			      ((unsigned long)nr << 32 | k));
	return u < in->threshold;
}

static int selected(const struct inject *in, const struct task_slot *s,
		    long nr, unsigned k)
{
	if (in->random)
		return choose(in, s->key, nr, k);
	if (k < in->first || k > in->last)
		return 0;
	if (!in->step)
		return k == in->first;
	return (k - in->first) % in->step == 0;
}

/* ---- task slots ---- */

/* The thread's id from its block: no system call on the way of a call. */
static long thread_id(void) { return pv_thread_id(); }
static long k_getpid(void) { return pv_kernel(SYS_getpid, 0, 0, 0, 0, 0, 0); }

static unsigned *row_of(struct inject *in, const struct task_slot *s)
{
	return in->tasks->counts +
	       (size_t)(s - in->tasks->slot) * (size_t)in->ncolumns;
}

static struct task_slot *find_slot(struct inject *in, int tid)
{
	unsigned h = (unsigned)tid % TASK_SLOTS;
	for (unsigned i = 0; i < TASK_SLOTS; i++) {
		struct task_slot *s = &in->tasks->slot[(h + i) % TASK_SLOTS];
		int v = atomic_load(&s->tid);
		if (v == tid)
			return s;
		if (v == SLOT_FREE)
			return NULL;
	}
	return NULL;
}

static struct task_slot *new_slot(struct inject *in, int tid, int tgid,
				  unsigned long key)
{
	unsigned h = (unsigned)tid % TASK_SLOTS;
	for (unsigned i = 0; i < TASK_SLOTS; i++) {
		struct task_slot *s = &in->tasks->slot[(h + i) % TASK_SLOTS];
		int v = atomic_load(&s->tid);
		if ((v == SLOT_FREE || v == SLOT_GONE) &&
		    atomic_compare_exchange_strong(&s->tid, &v, tid)) {
			s->tgid = tgid;
			s->key = key;
			s->forks = 0;
			rt_memset(row_of(in, s), 0,
				  sizeof(unsigned) * (size_t)in->ncolumns);
			return s;
		}
	}
	/* more live tasks than slots: the rest share one row of counts */
	return &in->tasks->slot[TASK_SLOTS];
}

/* The key of a task that has no slot yet (see choose()). */
static unsigned long task_key(struct inject *in, int tid)
{
	int pid = (int)k_getpid();
	if (pid != in->pid) /* a vfork child, running in its parent's memory */
		return in->vfork_key;
	if (tid == pid)
		return in->image_key;
	struct task_slot *main = find_slot(in, pid);
	unsigned long base = main ? main->key : in->image_key;
	return mix(base ^ mix(atomic_fetch_add(&in->threads_seen, 1) + 1));
}

static struct task_slot *my_slot(struct inject *in, int tid)
{
	struct task_slot *s = find_slot(in, tid);
	return s ? s : new_slot(in, tid, (int)k_getpid(), task_key(in, tid));
}

static void free_slot(struct inject *in, struct task_slot *s)
{
	if (s && s != &in->tasks->slot[TASK_SLOTS]) /* not the shared one */
		atomic_store(&s->tid, SLOT_GONE);
}

/* Every slot of process tgid but `keep`. */
static void free_process(struct inject *in, int tgid, int keep)
{
	for (int i = 0; i < TASK_SLOTS; i++) {
		struct task_slot *s = &in->tasks->slot[i];
		int v = atomic_load(&s->tid);
		if (v > 0 && v != keep && s->tgid == tgid)
			atomic_compare_exchange_strong(&s->tid, &v, SLOT_GONE);
	}
}

/* ---- calls that make, end or replace tasks ---- */

enum task_kind { TASK_NONE, TASK_EXIT, TASK_EXIT_GROUP, TASK_FORK, TASK_EXEC };
static const unsigned char task_kind[] = {
	[SYS_exit] = TASK_EXIT,       [SYS_exit_group] = TASK_EXIT_GROUP,
	[SYS_clone] = TASK_FORK,      [SYS_clone3] = TASK_FORK,
	[SYS_fork] = TASK_FORK,       [SYS_vfork] = TASK_FORK,
	[SYS_execve] = TASK_EXEC,     [SYS_execveat] = TASK_EXEC,
};

static int kind_of(long nr)
{
	return (unsigned long)nr < PV_ARRAY_SIZE(task_kind) ? task_kind[nr]
							    : TASK_NONE;
}

/* Passes a task call down, keeping the slots in step with the tasks. */
static long task_call(struct inject *in, struct pv_syscall *call, int kind)
{
	int tid = (int)thread_id();
	switch (kind) {
	case TASK_EXIT:
		free_slot(in, find_slot(in, tid));
		break;
	case TASK_EXIT_GROUP:
		free_process(in, (int)k_getpid(), 0);
		break;
	case TASK_EXEC:
		/* a vfork child takes its key while it still can */
		my_slot(in, tid);
		break;
	case TASK_FORK: {
		unsigned long flags = pv_call_clone_flags(call);
		struct task_slot *s = my_slot(in, tid);
		unsigned long child = mix(s->key + ++s->forks * 0x9e3779b97f4a7c15UL);
		if (!(flags & CLONE_THREAD))
			in->vfork_key = child;
		long r = pv_next(call);
		if (r == 0 && !(flags & CLONE_THREAD)) {
			/* a fork child in its own copy of our memory */
			in->pid = (int)k_getpid();
			int me = (int)thread_id();
			free_slot(in, find_slot(in, me)); /* a dead task's, reused id */
			new_slot(in, me, in->pid, child);
		}
		return r;
	}
	}
	return pv_next(call);
}

/* ---- the action ---- */

static void sleep_ns(unsigned long ns)
{
	struct timespec t;
	if (pv_kernel(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&t, 0, 0, 0, 0) < 0)
		return;
	unsigned long end = (unsigned long)t.tv_nsec + ns % 1000000000UL;
	t.tv_sec += (time_t)(ns / 1000000000UL + end / 1000000000UL);
	t.tv_nsec = (long)(end % 1000000000UL);
	/* the whole delay, whatever signal handlers run meanwhile, as a
	 * stopped tracee is delayed */
	while (pv_kernel(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME,
			 (long)&t, 0, 0, 0) == -EINTR)
		;
}

static long act(struct inject *in, struct pv_syscall *call, int kind)
{
	long r;
	if (in->delay_enter)
		sleep_ns(in->delay_enter);
	if (in->error || in->has_retval) {
		if (in->stand_in >= 0) {
			struct pv_syscall s = PV_SYSCALL(in->stand_in, 0, 0, 0, 0, 0, 0);
			s.origin = PV_ORIGIN_API;
			pv_next(&s);
		}
		r = in->error ? -(long)in->error : in->retval;
	} else {
		r = kind != TASK_NONE ? task_call(in, call, kind) : pv_next(call);
	}
	if (in->delay_exit)
		sleep_ns(in->delay_exit);
	/* Sent once the call is done, so the program's handler runs before it
	 * sees the result, as under strace for a call that does not block
	 * (strace makes it pending at entry, where it also interrupts a call
	 * that would block; no layer can know beforehand whether one will). */
	if (in->signo)
		pv_kernel(SYS_tgkill, k_getpid(), thread_id(), in->signo, 0, 0, 0);
	return r;
}

static long inject_handler(struct pv_syscall *call, void *data)
{
	struct inject *in = data;
	long nr = call->nr;
	int kind = kind_of(nr);
	if (PV_UNLIKELY(!in->tasks))
		return pv_next(call);
	if (!pv_sysset_has(&in->set, nr))
		return kind != TASK_NONE ? task_call(in, call, kind) : pv_next(call);
	struct task_slot *s = my_slot(in, (int)thread_id());
	unsigned *count = row_of(in, s) +
			  ((unsigned long)nr < PV_SYSSET_NBITS ? in->column[nr]
							       : in->ncolumns - 1);
	if (*count != ~0U)
		++*count;
	if (!selected(in, s, nr, *count))
		return kind != TASK_NONE ? task_call(in, call, kind) : pv_next(call);
	return act(in, call, kind);
}

static void inject_signal(int sig, const siginfo_t *si, int fatal, void *data)
{
	struct inject *in = data;
	(void)sig;
	(void)si;
	if (fatal && in->tasks)
		free_process(in, (int)k_getpid(), 0);
}

/* FNV-1a over the program's arguments. */
static unsigned long arguments_hash(void)
{
	const struct pv_start_info *si = pv_start_info();
	unsigned long h = 0xcbf29ce484222325UL;
	for (int i = 0; si->argv && i < si->argc && si->argv[i]; i++)
		for (const char *p = si->argv[i];; p++) {
			h = (h ^ (unsigned char)*p) * 0x100000001b3UL;
			if (!*p)
				break;
		}
	return mix(h);
}

static void inject_start(void *data)
{
	static int instances; /* started in the same order in every process */
	struct inject *in = data;
	char key[32];
	struct rt_buf k = RT_BUF(key);
	rt_printf(&k, "inject.%d", instances++);
	key[k.len] = 0;
	size_t size = sizeof(struct task_table) +
		      sizeof(unsigned) * (size_t)in->ncolumns * (TASK_SLOTS + 1);
	in->tasks = pv_shared(key, size);
	if (!in->tasks) {
		rt_diag(pv_output_fd(), "inject: no memory shared with the run: "
			"nothing will be injected");
		return;
	}
	in->pid = (int)k_getpid();
	in->image_key = arguments_hash();
	/* an exec ends the other threads of the process without an exit */
	free_process(in, in->pid, (int)thread_id());
}

/* ---- arguments ---- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* A decimal number of n bytes, all digits; -1 if it is not one. */
static long decimal(const char *s, size_t n)
{
	long v = 0;
	if (!n || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* first[..last][+[step]] */
static int parse_when(struct inject *in, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_digit(s[i]))
		i++;
	long first = decimal(s, i), last = -1, step = 0;
	if (first < 1 || first > WHEN_MAX)
		return -1;
	if (i + 1 < n && s[i] == '.' && s[i + 1] == '.') {
		size_t j = i += 2;
		while (i < n && is_digit(s[i]))
			i++;
		last = decimal(s + j, i - j);
		if (last < first || last > WHEN_MAX - 1)
			return -1;
		step = 1;
	}
	if (i < n && s[i] == '+') {
		i++;
		step = i < n ? decimal(s + i, n - i) : 1;
		if (step < 1 || step > WHEN_MAX)
			return -1;
		i = n;
	}
	if (i != n)
		return -1;
	in->first = (unsigned)first;
	in->last = last < 0 ? ~0U : (unsigned)last;
	in->step = (unsigned)step;
	in->random = 0;
	return 0;
}

/* A non-negative decimal fraction with an optional exponent, as strtod
 * reads it ("1.5", "2e3", ".5"), times scale; -1 if it is not one. */
static double number(const char *s, size_t n, size_t *used)
{
	double v = 0, frac = 0.1;
	size_t i = 0;
	int any = 0;
	while (i < n && is_digit(s[i]))
		v = v * 10 + (s[i++] - '0'), any = 1;
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++, frac /= 10)
			v += (s[i] - '0') * frac, any = 1;
	if (!any)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		int neg = j < n && s[j] == '-';
		j += j < n && (s[j] == '-' || s[j] == '+');
		size_t k = j;
		while (k < n && is_digit(s[k]))
			k++;
		long e = decimal(s + j, k - j);
		if (e >= 0 && e < 40) {
			while (e--)
				v = neg ? v / 10 : v * 10;
			i = k;
		}
	}
	*used = i;
	return v;
}

/* strace's time format: a number and s, ms, us or ns (us when bare). */
static int parse_delay(const char *s, size_t n, unsigned long *ns)
{
	static const struct {
		const char *suffix;
		double ns;
	} units[] = { { "", 1e3 }, { "s", 1e9 }, { "ms", 1e6 }, { "us", 1e3 },
		      { "ns", 1 } };
	size_t used;
	double v = number(s, n, &used);
	if (v < 0)
		return -1;
	for (size_t i = 0; i < PV_ARRAY_SIZE(units); i++) {
		size_t l = rt_strlen(units[i].suffix);
		if (used + l == n && !rt_strncmp(s + used, units[i].suffix, l)) {
			double t = v * units[i].ns;
			if (t > 1e18)
				return -1;
			*ns = (unsigned long)(t + 0.5);
			return 0;
		}
	}
	return -1;
}

/* P in [0, 1], or a percentage. */
static int parse_probability(struct inject *in, const char *s, size_t n)
{
	size_t used;
	double p = number(s, n, &used);
	if (p >= 0 && used + 1 == n && s[used] == '%')
		p /= 100, used++;
	if (p < 0 || p > 1 || used != n)
		return -1;
	in->random = 1;
	in->always = p >= 1;
	/* P * 2^64, short of 2^64 */
	in->threshold = p >= 1 ? ~0UL : (unsigned long)(p * 18446744073709549568.0);
	return 0;
}

static int copy_token(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	rt_memcpy(dst, s, n);
	dst[n] = 0;
	return 0;
}

static int parse_errno(const char *v, size_t n, int *out)
{
	char buf[32];
	long e = decimal(v, n);
	if (e < 0 && copy_token(buf, sizeof buf, v, n) == 0)
		e = pv_errno_number(buf);
	if (e < 1 || e > 4095)
		return -1;
	*out = (int)e;
	return 0;
}

static int parse_signal(const char *v, size_t n, int *out)
{
	char buf[32];
	long s = decimal(v, n);
	if (s < 0 && copy_token(buf, sizeof buf, v, n) == 0)
		s = pv_signal_number(buf);
	if (s < 1 || s > PV_NSIG_KERNEL)
		return -1;
	*out = (int)s;
	return 0;
}

static int has_key(const char *tok, size_t n, const char *key)
{
	size_t k = rt_strlen(key);
	return n > k && !rt_strncmp(tok, key, k) && tok[k] == '=';
}

static int parse_option(struct inject *in, const char *tok, size_t n,
			const char *next, size_t next_n, int *took_next,
			char *err, unsigned long errlen)
{
	const char *eq = tok;
	while (eq < tok + n && *eq != '=')
		eq++;
	const char *v = eq + 1;
	size_t vn = eq < tok + n ? (size_t)(tok + n - v) : 0;
	if (has_key(tok, n, "error")) {
		if (in->error || in->has_retval)
			return rt_reason_token(err, errlen, "only one error= or retval= allowed:", tok, n);
		if (parse_errno(v, vn, &in->error) < 0)
			return rt_reason_token(err, errlen, "unknown errno", v, vn);
	} else if (has_key(tok, n, "retval")) {
		char buf[32];
		if (in->error || in->has_retval)
			return rt_reason_token(err, errlen, "only one error= or retval= allowed:", tok, n);
		if (copy_token(buf, sizeof buf, v, vn) < 0 ||
		    rt_parse_long(buf, 0, &in->retval) < 0)
			return rt_reason_token(err, errlen, "bad return value", v, vn);
		in->has_retval = 1;
	} else if (has_key(tok, n, "signal")) {
		if (in->signo)
			return rt_reason_token(err, errlen, "only one signal= allowed:", tok, n);
		if (parse_signal(v, vn, &in->signo) < 0)
			return rt_reason_token(err, errlen, "unknown signal", v, vn);
	} else if (has_key(tok, n, "delay_enter") || has_key(tok, n, "delay_exit")) {
		unsigned long *d = tok[6] == 'e' && tok[7] == 'n' ? &in->delay_enter
								 : &in->delay_exit;
		if (*d)
			return rt_reason_token(err, errlen, "only one of each delay allowed:", tok, n);
		if (parse_delay(v, vn, d) < 0)
			return rt_reason_token(err, errlen, "bad delay", v, vn);
		if (!*d)
			*d = 1; /* 0 asks for no time, not for no delay */
	} else if (has_key(tok, n, "syscall")) {
		char buf[64];
		long nr = copy_token(buf, sizeof buf, v, vn) < 0 ? -1
								: pv_syscall_number(buf);
		if (nr < 0)
			return rt_reason_token(err, errlen, "unknown system call", v, vn);
		if (!(pv_syscall_classes(nr) & TRACE_PURE))
			return rt_reason_token(err, errlen,
				   "only a %pure system call can stand in:", v, vn);
		in->stand_in = nr;
	} else if (vn == 1 && v[0] == 'p' && has_key(tok, n, "when")) {
		if (!next || parse_probability(in, next, next_n) < 0)
			return rt_reason_token(err, errlen, "when=p: wants a probability, not",
				   next ? next : "", next ? next_n : 0);
		*took_next = 1;
	} else if (has_key(tok, n, "when")) {
		if (parse_when(in, v, vn) < 0)
			return rt_reason_token(err, errlen, "malformed when=", v, vn);
	} else if (has_key(tok, n, "seed")) {
		char buf[32];
		long s;
		if (copy_token(buf, sizeof buf, v, vn) < 0 || buf[0] == '-' ||
		    rt_parse_long(buf, 0, &s) < 0)
			return rt_reason_token(err, errlen, "bad seed", v, vn);
		in->seed = (unsigned long)s;
	} else if (has_key(tok, n, "poke_enter") || has_key(tok, n, "poke_exit")) {
		return rt_reason_token(err, errlen, "not supported:", tok, eq - tok);
	} else {
		return rt_reason_token(err, errlen, "unknown option", tok, n);
	}
	return 0;
}

int pv_inject_init(const char *args, struct pv_layer *layer, char *err,
		   unsigned long errlen)
{
	if (!args || !*args)
		return rt_reason_token(err, errlen, "usage: inject:SET:ACTION[:when=EXPR]", NULL, 0);
	struct inject *in = rt_alloc(sizeof *in);
	if (!in)
		return -ENOMEM;
	in->first = 1;
	in->last = ~0U;
	in->step = 1;
	in->stand_in = -1;
	const char *end = rt_strchr(args, ':');
	size_t n = end ? (size_t)(end - args) : rt_strlen(args);
	int r = pv_sysset_parse(&in->set, args, n, err, errlen);
	if (r < 0)
		return r;
	int have_seed = 0;
	for (const char *p = end ? end + 1 : NULL; p;) {
		end = rt_strchr(p, ':');
		n = end ? (size_t)(end - p) : rt_strlen(p);
		const char *next = end ? end + 1 : NULL;
		const char *next_end = next ? rt_strchr(next, ':') : NULL;
		size_t next_n = next ? (next_end ? (size_t)(next_end - next)
						 : rt_strlen(next)) : 0;
		int took = 0;
		have_seed |= has_key(p, n, "seed");
		r = parse_option(in, p, n, next, next_n, &took, err, errlen);
		if (r < 0)
			return r;
		p = took ? (next_end ? next_end + 1 : NULL) : next;
	}
	if (!in->error && !in->has_retval && !in->signo && !in->delay_enter &&
	    !in->delay_exit)
		return rt_reason_token(err, errlen, "no action: give error=, retval=, signal=, "
			   "delay_enter= or delay_exit=", NULL, 0);
	if (in->stand_in >= 0 && !in->error && !in->has_retval)
		return rt_reason_token(err, errlen, "syscall= needs error= or retval=", NULL, 0);
	if (have_seed && !in->random)
		return rt_reason_token(err, errlen, "seed= belongs with when=p:P", NULL, 0);
	/* a compact row of counters: the set's calls, then the others */
	for (long nr = 0; nr < PV_SYSSET_NBITS; nr++)
		in->column[nr] = pv_sysset_has(&in->set, nr) ? (short)in->ncolumns++
							     : -1;
	in->ncolumns++;
	*layer = (struct pv_layer){ .name = "inject", .handler = inject_handler,
				    .data = in, .on_signal = inject_signal,
				    .start = inject_start };
	return 0;
}
