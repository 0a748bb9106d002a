/* count.c - the `count` layer: the summary `strace -c -f` prints.
 *
 *   count[:SET][:sort=KEY]
 *
 * Every task of the run -- threads, child processes, the programs they exec
 * -- adds its calls into one table kept in memory shared by the whole run
 * (pv_shared), so there is no daemon to talk to and no file to clean up.
 * The task that leaves the run last prints the table, once, to the run's
 * output.  Which task is last is told by a count of live tasks in the same
 * memory: +1 before every fork-like call goes down (so that a vfork child
 * that execs and exits before its parent resumes cannot bring the count to
 * zero under it), -1 for a thread's exit, minus the process's threads for
 * exit_group, a fatal signal and, in the new image, for the threads an exec
 * took away.  A process that dies unseen (SIGKILL; a set-user-ID program
 * the runtime cannot enter) would keep the count above zero for ever, so a
 * process that leaves with the count still up also looks at the processes
 * the run knows of, by pid: if none of them is alive, it prints.
 *
 * A call's time is the wall-clock time it spends below this layer (strace
 * -c -w; strace's default, system CPU time, needs a system call per call to
 * read).  It is read with rdtsc where the TSC is invariant -- calibrated
 * against CLOCK_MONOTONIC once, over the whole run, when the summary is
 * printed -- else from the vDSO's clock_gettime.  Neither makes a system
 * call.
 *
 * Like strace, the table counts a call when it returns: exit and exit_group
 * never do and are not counted; a fork child's return is not a call of its
 * own.  An execve that succeeds does not return either: it is counted on
 * the way down, and the new image adds the time it took.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "layers.h"
#include "rt.h"
#include "sysent.h"
#include "sysset.h"

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

#define NCELLS PV_SYSSET_NBITS
#define EXEC_NOTES 64
#define PROCS 4096
#define PROC_FREE 0
#define PROC_GONE (-1) /* left: lookups go on past it */

struct cell {
	_Atomic unsigned long calls, errors, ticks;
};

/* An exec on its way: what the new image must finish. */
struct exec_note {
	_Atomic int pid;        /* 0: free */
	int threads;            /* the threads the exec takes away, plus one */
	int nr;                 /* execve or execveat, or -1 when not counted */
	unsigned long start;    /* ticks when it went down */
};

enum tick_source { TICKS_UNSET, TICKS_TSC, TICKS_NS };

struct count_run {
	_Atomic int alive;  /* tasks of the run now alive */
	_Atomic int done;   /* the summary is out */
	int source;         /* enum tick_source, chosen by the first process */
	unsigned long t0_ticks, t0_ns; /* calibration: the run's start */
	struct exec_note notes[EXEC_NOTES];
	_Atomic int procs[PROCS]; /* pids of the run's processes */
	struct cell cells[NCELLS];
};

enum sort_key { SORT_TIME, SORT_AVG, SORT_CALLS, SORT_ERRORS, SORT_NAME,
		SORT_NONE };

struct count {
	struct pv_sysset set;
	enum sort_key sort;
	struct count_run *run;
	_Atomic int threads; /* this process's threads */
	int pid;             /* the process this memory belongs to: a vfork
				child shares it until it execs */
};

typedef long vdso_gettime_fn(long clk, struct timespec *ts);
static vdso_gettime_fn *vdso_gettime;

static unsigned long mono_ns(void)
{
	struct timespec ts = { 0, 0 };
	if (!vdso_gettime || vdso_gettime(CLOCK_MONOTONIC, &ts) != 0)
		pv_kernel(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
	return (unsigned long)ts.tv_sec * 1000000000UL + (unsigned long)ts.tv_nsec;
}

static inline unsigned long now(const struct count_run *run)
{
	if (PV_LIKELY(run->source == TICKS_TSC))
		return __builtin_ia32_rdtsc();
	return mono_ns();
}

/* An invariant TSC ticks at one rate in every power state and on every
 * CPU (CPUID 0x80000007, EDX bit 8): one calibration holds for the run. */
static int tsc_invariant(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007)
		return 0;
	__get_cpuid(0x80000007, &a, &b, &c, &d);
	return (d >> 8) & 1;
}

/* ---- the summary ---- */

struct row {
	int nr;
	unsigned long calls, errors, ns;
};

static const char *name_of(int nr)
{
	const char *n = pv_syscall_name(nr);
	return n ? n : "?";
}

/* Ties keep syscall-number order, as strace's (stable) sort leaves them. */
static int before(const struct row *a, const struct row *b, enum sort_key k)
{
	switch (k) {
	case SORT_TIME:
		return a->ns > b->ns;
	case SORT_AVG:
		return a->ns / a->calls > b->ns / b->calls;
	case SORT_CALLS:
		return a->calls > b->calls;
	case SORT_ERRORS:
		return a->errors > b->errors;
	case SORT_NAME:
		return rt_strcmp(name_of(a->nr), name_of(b->nr)) < 0;
	case SORT_NONE:
		break;
	}
	return 0;
}

static void sort_rows(struct row *r, int n, enum sort_key k)
{
	for (int i = 1; i < n; i++) {
		struct row x = r[i];
		int j = i;
		while (j > 0 && before(&x, &r[j - 1], k)) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
}

static size_t digits(unsigned long v)
{
	size_t n = 1;
	while (v >= 10)
		v /= 10, n++;
	return n;
}

/* "%.6f" of ns as seconds. */
static void put_seconds(struct rt_buf *b, unsigned long ns)
{
	unsigned long us = (ns + 500) / 1000;
	rt_printf(b, "%lu.%06lu", us / 1000000, us % 1000000);
}

/* s right-aligned in width, then a space */
static void put_cell(struct rt_buf *b, const char *s, size_t len, size_t width)
{
	for (size_t i = len; i < width; i++)
		rt_putc(b, ' ');
	rt_putn(b, s, len);
	rt_putc(b, ' ');
}

static void put_num(struct rt_buf *b, unsigned long v, size_t width, int blank0)
{
	char tmp[32];
	struct rt_buf t = RT_BUF(tmp);
	if (v || !blank0)
		rt_putudec(&t, v);
	put_cell(b, tmp, t.len, width);
}

static void put_secs_cell(struct rt_buf *b, unsigned long ns, size_t width)
{
	char tmp[32];
	struct rt_buf t = RT_BUF(tmp);
	put_seconds(&t, ns);
	put_cell(b, tmp, t.len, width);
}

static void put_dashes(struct rt_buf *b, const size_t *w, int n)
{
	for (int i = 0; i < n; i++) {
		for (size_t j = 0; j < w[i]; j++)
			rt_putc(b, '-');
		rt_putc(b, i == n - 1 ? '\n' : ' ');
	}
}

static void flush(struct rt_buf *b)
{
	rt_write_all(pv_output_fd(), b->p, b->len);
	b->len = 0;
}

/* The table strace -c prints: columns as wide as their header or their
 * widest value (the historical minimum widths), sorted, then the total. */
static void summary(struct count *c)
{
	struct count_run *run = c->run;
	double ns_per_tick = 1.0;
	if (run->source == TICKS_TSC) {
		unsigned long t1 = __builtin_ia32_rdtsc(), n1 = mono_ns();
		if (t1 > run->t0_ticks && n1 > run->t0_ns)
			ns_per_tick = (double)(n1 - run->t0_ns) /
				      (double)(t1 - run->t0_ticks);
	}
	struct row *rows = rt_alloc(sizeof *rows * NCELLS);
	if (!rows)
		return;
	int n = 0;
	unsigned long calls = 0, errors = 0, ns = 0, max_avg = 0;
	size_t name_w = 0;
	for (int nr = 0; nr < NCELLS; nr++) {
		struct cell *cl = &run->cells[nr];
		unsigned long k = atomic_load(&cl->calls);
		if (!k)
			continue;
		struct row *r = &rows[n++];
		r->nr = nr;
		r->calls = k;
		r->errors = atomic_load(&cl->errors);
		r->ns = (unsigned long)((double)atomic_load(&cl->ticks) * ns_per_tick);
		calls += r->calls;
		errors += r->errors;
		ns += r->ns;
		if (r->ns / r->calls / 1000 > max_avg)
			max_avg = r->ns / r->calls / 1000;
		if (rt_strlen(name_of(nr)) > name_w)
			name_w = rt_strlen(name_of(nr));
	}
	if (!n) /* strace prints nothing when nothing was counted */
		return;
	sort_rows(rows, n, c->sort);

	char tmp[32];
	struct rt_buf t = RT_BUF(tmp);
	put_seconds(&t, ns);
	size_t w[6] = { 6, t.len > 11 ? t.len : 11,
			digits(max_avg) > 11 ? digits(max_avg) : 11,
			digits(calls) > 9 ? digits(calls) : 9,
			digits(errors) > 9 ? digits(errors) : 9,
			name_w + 1 > 16 ? name_w + 1 : 16 };

	char out[4096];
	struct rt_buf b = RT_BUF(out);
	static const char *const heads[5] = { "% time", "seconds", "usecs/call",
					      "calls", "errors" };
	for (int i = 0; i < 5; i++)
		put_cell(&b, heads[i], rt_strlen(heads[i]), w[i]);
	rt_puts(&b, "syscall\n");
	put_dashes(&b, w, 6);
	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		unsigned long hundredths =
			ns ? (unsigned long)(10000.0 * (double)r->ns / (double)ns + 0.5)
			   : 0;
		t.len = 0;
		rt_printf(&t, "%lu.%02lu", hundredths / 100, hundredths % 100);
		put_cell(&b, tmp, t.len, w[0]);
		put_secs_cell(&b, r->ns, w[1]);
		put_num(&b, r->ns / r->calls / 1000, w[2], 0);
		put_num(&b, r->calls, w[3], 0);
		put_num(&b, r->errors, w[4], 1);
		rt_puts(&b, name_of(r->nr));
		rt_putc(&b, '\n');
		if (b.len > sizeof out - 256)
			flush(&b);
	}
	put_dashes(&b, w, 6);
	put_cell(&b, "100.00", 6, w[0]);
	put_secs_cell(&b, ns, w[1]);
	put_num(&b, ns / calls / 1000, w[2], 0);
	put_num(&b, calls, w[3], 0);
	put_num(&b, errors, w[4], 1);
	rt_puts(&b, "total\n");
	flush(&b);
}

/* ---- live tasks ---- */

static long k_getpid(void) { return pv_kernel(SYS_getpid, 0, 0, 0, 0, 0, 0); }

static _Atomic int *find_proc(struct count_run *run, int pid)
{
	for (unsigned i = 0; i < PROCS; i++) {
		_Atomic int *p = &run->procs[((unsigned)pid + i) % PROCS];
		int v = atomic_load(p);
		if (v == pid)
			return p;
		if (v == PROC_FREE)
			return NULL;
	}
	return NULL;
}

static void proc_joins(struct count_run *run, int pid)
{
	if (find_proc(run, pid))
		return;
	for (unsigned i = 0; i < PROCS; i++) {
		_Atomic int *p = &run->procs[((unsigned)pid + i) % PROCS];
		int v = atomic_load(p);
		if ((v == PROC_FREE || v == PROC_GONE) &&
		    atomic_compare_exchange_strong(p, &v, pid))
			return;
	}
}

static void proc_leaves(struct count_run *run, int pid)
{
	_Atomic int *p = find_proc(run, pid);
	if (p)
		atomic_store(p, PROC_GONE);
}

/* Alive and not a zombie waiting for its parent. */
static int proc_alive(int pid)
{
	if (pv_kernel(SYS_kill, pid, 0, 0, 0, 0, 0) == -ESRCH)
		return 0;
	char path[40], stat[128];
	struct rt_buf b = RT_BUF(path);
	rt_printf(&b, "/proc/%d/stat", pid);
	path[b.len] = 0;
	long fd = pv_kernel(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC,
			    0, 0, 0);
	if (fd < 0)
		return 1;
	long n = pv_kernel(SYS_read, fd, (long)stat, sizeof stat - 1, 0, 0, 0);
	pv_kernel(SYS_close, fd, 0, 0, 0, 0, 0);
	/* "pid (comm) S ...": the state follows the last ')' */
	char state = 0;
	for (long i = 0; i + 2 < n; i++)
		if (stat[i] == ')' && stat[i + 1] == ' ')
			state = stat[i + 2];
	return state != 'Z' && state != 'X';
}

static int others_alive(struct count_run *run, int self)
{
	for (unsigned i = 0; i < PROCS; i++) {
		int pid = atomic_load(&run->procs[i]);
		if (pid > 0 && pid != self && proc_alive(pid))
			return 1;
	}
	return 0;
}

/* n tasks leave the run; pid, when the whole process leaves with them. */
static void tasks_gone(struct count *c, int n, int pid)
{
	struct count_run *run = c->run;
	int left = atomic_fetch_sub(&run->alive, n) - n;
	if (pid) {
		proc_leaves(run, pid);
		if (left > 0 && !others_alive(run, pid))
			left = 0; /* the rest died where no layer could see */
	}
	if (left <= 0 && !atomic_exchange(&run->done, 1))
		summary(c);
}

/* The threads a process-wide event (exit_group, a fatal signal, exec) ends:
 * this process's, unless the caller is a vfork child borrowing its parent's
 * memory, which is a process of one thread. */
static int process_threads(struct count *c, int pid)
{
	return pid != c->pid ? 1 : atomic_load(&c->threads);
}

static void record(struct count *c, long nr, long r, unsigned long ticks)
{
	if ((unsigned long)nr >= NCELLS)
		return;
	struct cell *cl = &c->run->cells[nr];
	atomic_fetch_add_explicit(&cl->calls, 1, memory_order_relaxed);
	if (pv_is_error(r))
		atomic_fetch_add_explicit(&cl->errors, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&cl->ticks, ticks, memory_order_relaxed);
}

static long fork_call(struct count *c, struct pv_syscall *call)
{
	unsigned long flags = pv_call_clone_flags(call);
	int thread = (flags & CLONE_THREAD) != 0;
	atomic_fetch_add(&c->run->alive, 1);
	if (thread)
		atomic_fetch_add(&c->threads, 1);
	unsigned long t0 = now(c->run);
	long r = pv_next(call);
	if (r == 0) { /* a fork child, returning as its parent does */
		if (!thread) {
			atomic_store(&c->threads, 1);
			c->pid = (int)k_getpid();
			proc_joins(c->run, c->pid);
		}
		return r;
	}
	unsigned long dt = now(c->run) - t0;
	if (r < 0) {
		atomic_fetch_sub(&c->run->alive, 1);
		if (thread)
			atomic_fetch_sub(&c->threads, 1);
	} else if (!thread) { /* before it can leave unseen */
		proc_joins(c->run, (int)r);
	}
	if (pv_sysset_has(&c->set, call->nr))
		record(c, call->nr, r, dt);
	return r;
}

static long exec_call(struct count *c, struct pv_syscall *call)
{
	struct count_run *run = c->run;
	int counted = pv_sysset_has(&c->set, call->nr);
	int pid = (int)k_getpid();
	struct exec_note *note = NULL;
	for (int i = 0; i < EXEC_NOTES && !note; i++) {
		int free_slot = 0;
		if (atomic_compare_exchange_strong(&run->notes[i].pid, &free_slot, pid))
			note = &run->notes[i];
	}
	unsigned long t0 = now(run);
	if (note) {
		note->threads = process_threads(c, pid);
		note->nr = counted ? (int)call->nr : -1;
		note->start = t0;
	}
	if (counted) /* a successful exec never comes back to be counted */
		atomic_fetch_add(&run->cells[call->nr].calls, 1);
	long r = pv_next(call);
	if (note)
		atomic_store(&note->pid, 0);
	if (counted) {
		if (pv_is_error(r))
			atomic_fetch_add(&run->cells[call->nr].errors, 1);
		atomic_fetch_add(&run->cells[call->nr].ticks, now(run) - t0);
	}
	return r;
}

/* Calls that start or end tasks or images, which the live count follows
 * whether or not they are in the counted set. */
enum task_kind { TASK_NONE, TASK_EXIT, TASK_EXIT_GROUP, TASK_FORK, TASK_EXEC };
static const unsigned char task_kind[] = {
	[SYS_exit] = TASK_EXIT,       [SYS_exit_group] = TASK_EXIT_GROUP,
	[SYS_clone] = TASK_FORK,      [SYS_clone3] = TASK_FORK,
	[SYS_fork] = TASK_FORK,       [SYS_vfork] = TASK_FORK,
	[SYS_execve] = TASK_EXEC,     [SYS_execveat] = TASK_EXEC,
};

static long count_handler(struct pv_syscall *call, void *data)
{
	struct count *c = data;
	long nr = call->nr;
	int kind = (unsigned long)nr < PV_ARRAY_SIZE(task_kind) ? task_kind[nr]
								  : TASK_NONE;
	if (PV_UNLIKELY(kind != TASK_NONE && c->run)) {
		switch (kind) {
		case TASK_EXIT: {
			int last = atomic_fetch_sub(&c->threads, 1) == 1;
			tasks_gone(c, 1, last ? (int)k_getpid() : 0);
			return pv_next(call);
		}
		case TASK_EXIT_GROUP: {
			int pid = (int)k_getpid();
			tasks_gone(c, process_threads(c, pid), pid);
			return pv_next(call);
		}
		case TASK_FORK:
			return fork_call(c, call);
		case TASK_EXEC:
			return exec_call(c, call);
		}
	}
	if (!c->run || !pv_sysset_has(&c->set, nr))
		return pv_next(call);
	unsigned long t0 = now(c->run);
	long r = pv_next(call);
	record(c, nr, r, now(c->run) - t0);
	return r;
}

static void count_signal(int sig, const siginfo_t *si, int fatal, void *data)
{
	struct count *c = data;
	(void)sig;
	(void)si;
	if (fatal && c->run) {
		int pid = (int)k_getpid();
		tasks_gone(c, process_threads(c, pid), pid);
	}
}

static void count_start(void *data)
{
	static int instances; /* started in the same order in every process */
	struct count *c = data;
	char key[32];
	struct rt_buf k = RT_BUF(key);
	rt_printf(&k, "count.%d", instances++);
	key[k.len] = 0;
	vdso_gettime = (vdso_gettime_fn *)pv_vdso_sym("__vdso_clock_gettime");
	c->pid = (int)k_getpid();
	struct count_run *run = pv_shared(key, sizeof *run);
	if (!run) {
		rt_diag(pv_output_fd(), "count: no memory shared with the run: "
			"nothing will be counted");
		return;
	}
	int zero = 0;
	if (atomic_compare_exchange_strong(&run->alive, &zero, 1)) {
		/* the run's first process: it started with an execve, which
		 * strace counts and which no layer could see */
		run->source = tsc_invariant() ? TICKS_TSC : TICKS_NS;
		run->t0_ticks = now(run);
		run->t0_ns = mono_ns();
		if (pv_sysset_has(&c->set, SYS_execve))
			atomic_fetch_add(&run->cells[SYS_execve].calls, 1);
	} else {
		/* an exec'd image: finish the exec its old image began */
		for (int i = 0; i < EXEC_NOTES; i++) {
			struct exec_note *note = &run->notes[i];
			if (atomic_load(&note->pid) != c->pid)
				continue;
			if (note->nr >= 0)
				atomic_fetch_add(&run->cells[note->nr].ticks,
						 now(run) - note->start);
			if (note->threads > 1)
				atomic_fetch_sub(&run->alive, note->threads - 1);
			atomic_store(&note->pid, 0);
			break;
		}
	}
	proc_joins(run, c->pid);
	c->run = run;
}

static const struct {
	const char *name;
	enum sort_key key;
} sort_names[] = { /* strace -S's names for the columns we keep */
	{ "time", SORT_TIME },         { "time_percent", SORT_TIME },
	{ "time-percent", SORT_TIME }, { "time_total", SORT_TIME },
	{ "time-total", SORT_TIME },   { "total_time", SORT_TIME },
	{ "total-time", SORT_TIME },   { "avg_time", SORT_AVG },
	{ "avg-time", SORT_AVG },      { "time_avg", SORT_AVG },
	{ "time-avg", SORT_AVG },      { "calls", SORT_CALLS },
	{ "count", SORT_CALLS },       { "errors", SORT_ERRORS },
	{ "error", SORT_ERRORS },      { "name", SORT_NAME },
	{ "syscall", SORT_NAME },      { "syscall_name", SORT_NAME },
	{ "syscall-name", SORT_NAME }, { "nothing", SORT_NONE },
	{ "none", SORT_NONE },
};

static int parse_sort(const char *v, size_t n, enum sort_key *out)
{
	for (size_t i = 0; i < PV_ARRAY_SIZE(sort_names); i++)
		if (rt_strlen(sort_names[i].name) == n &&
		    !rt_strncmp(sort_names[i].name, v, n)) {
			*out = sort_names[i].key;
			return 0;
		}
	return -1;
}

int pv_count_init(const char *args, struct pv_layer *layer, char *err,
		  unsigned long errlen)
{
	struct count *c = rt_alloc(sizeof *c);
	if (!c)
		return -ENOMEM;
	pv_sysset_fill(&c->set);
	c->sort = SORT_TIME;
	atomic_store(&c->threads, 1);
	int have_set = 0;
	for (const char *p = args; p && *p;) {
		const char *end = rt_strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : rt_strlen(p);
		if (n > 5 && !rt_strncmp(p, "sort=", 5)) {
			if (parse_sort(p + 5, n - 5, &c->sort) < 0)
				return rt_reason_token(err, errlen, "unknown sort key", p + 5, n - 5);
		} else if (rt_strchr(p, '=') && rt_strchr(p, '=') < p + n) {
			return rt_reason_token(err, errlen, "unknown option", p, n);
		} else if (have_set++) {
			return rt_reason_token(err, errlen, "a second system call set", p, n);
		} else {
			int r = pv_sysset_parse(&c->set, p, n, err, errlen);
			if (r < 0)
				return r;
		}
		p += n + (end ? 1 : 0);
	}
	*layer = (struct pv_layer){ .name = "count", .handler = count_handler,
				    .data = c, .on_signal = count_signal,
				    .start = count_start };
	return 0;
}
