/* trace.c - the `trace` layer: one line per call, as `strace -f` prints it.
 *
 * A line is assembled whole and written with one write() at the call's end,
 * so lines of different tasks never interleave (strace's "<unfinished ...>"
 * pairs are not needed).  The output goes straight to the kernel: the
 * tracer's own writes are not part of the traced program's I/O, and a fault
 * injected below must not silence the trace.
 *
 * Like strace -f, lines carry "[pid N] " once more than one task of the run
 * is alive, and "N " on every line when the output is a file (-o).  The
 * count of live tasks is kept in memory shared by the whole run.
 *
 * `trace:SET` prints only the calls in SET, as strace -e trace=SET: the
 * others still go down, and still count as tasks come and go; signals and
 * "+++ exited" lines are printed whatever the set, as strace prints them.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "layers.h"
#include "rt.h"
#include "sysset.h"
#include "trace_decode.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <linux/sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define LINE_MAX_BYTES 4096
#define RESULT_COLUMN 40

struct run_tasks {
	_Atomic int alive; /* tasks of the run now alive */
};

struct trace {
	struct run_tasks *run;
	_Atomic int threads; /* this process's threads */
	struct pv_sysset set; /* the calls to print */
};

static int task_count(struct trace *t)
{
	return t->run ? atomic_load(&t->run->alive) : 1;
}

static void add_tasks(struct trace *t, int n)
{
	if (t->run)
		atomic_fetch_add(&t->run->alive, n);
}

static void put_prefix(struct rt_buf *b, struct trace *t)
{
	long tid = pv_thread_id();
	if (pv_output_is_file())
		rt_printf(b, "%-5ld ", tid);
	else if (task_count(t) > 1)
		rt_printf(b, "[pid %5ld] ", tid);
}

/* Lines a thread prints while one of its own calls is still on its way down
 * -- a signal delivered during the call, the calls its handler makes -- are
 * held until that call's line is out, so that they follow it as strace
 * prints them.  Per thread, in a slot of the thread's block (no TLS here). */
#define HELD_BYTES 16384

struct held {
	int tid;         /* the thread they belong to: blocks are reused */
	int depth;       /* traced calls of the thread still on their way down */
	uintptr_t outer; /* stack address of the outermost of them */
	size_t len;
	char buf[HELD_BYTES];
};

static struct held *held_lines(void)
{
	void **slot = pv_thread_slot(PV_SLOT_TRACE);
	struct held *h = *slot;
	if (!h && !(h = *slot = rt_alloc(sizeof *h)))
		return NULL; /* lines go out as they come */
	int tid = pv_thread_id();
	if (h->tid != tid) {
		h->tid = tid;
		h->depth = 0;
		h->len = 0;
	}
	return h;
}

static void flush_held(struct held *h)
{
	if (h && h->len) {
		rt_write_all(pv_output_fd(), h->buf, h->len);
		h->len = 0;
	}
}

static void emit(struct held *h, struct rt_buf *b)
{
	if (b->overflow && b->len > 4)
		rt_memcpy(b->p + b->len - 4, "...\n", 4);
	if (h && h->depth > 0 && h->len + b->len <= HELD_BYTES) {
		rt_memcpy(h->buf + h->len, b->p, b->len);
		h->len += b->len;
		return;
	}
	rt_write_all(pv_output_fd(), b->p, b->len);
}

/* A traced call goes down; returns the thread's held lines. */
static struct held *call_begins(void)
{
	struct held *h = held_lines();
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	if (!h)
		return NULL;
	if (h->depth > 0 && here > h->outer) {
		/* above the outermost pending call: those calls were left
		 * (a handler's longjmp) and will never print */
		h->depth = 0;
		flush_held(h);
	}
	if (h->depth++ == 0)
		h->outer = here;
	return h;
}

/* A traced call is back: its line, then whatever waited for it. */
static void call_ends(struct held *h, struct rt_buf *line)
{
	if (h)
		h->depth--;
	emit(h, line);
	if (h && h->depth == 0)
		flush_held(h);
}

static void put_line_end(struct rt_buf *line, const char *body, size_t n,
			 const char *result, size_t rn)
{
	rt_putn(line, body, n);
	if (line->len < RESULT_COLUMN)
		rt_putpad(line, RESULT_COLUMN);
	else
		rt_putc(line, ' ');
	rt_puts(line, "= ");
	rt_putn(line, result, rn);
	rt_putc(line, '\n');
}

static void print_exit(struct trace *t, const struct pv_syscall *view)
{
	char body[LINE_MAX_BYTES], out[LINE_MAX_BYTES];
	struct rt_buf b = RT_BUF(body), line = RT_BUF(out);
	struct trace_args_state st = { 0 };
	put_prefix(&line, t);
	size_t prefix = line.len;
	if (pv_sysset_has(&t->set, view->nr)) {
		trace_decode_enter(&b, view, &st);
		trace_decode_exit(&b, view, 0, &st);
		put_line_end(&line, body, b.len, "?", 1);
		rt_putn(&line, out, prefix);
	}
	rt_printf(&line, "+++ exited with %d +++\n", (int)(view->arg[0] & 0xff));
	if (view->nr == SYS_exit_group) {
		add_tasks(t, -atomic_load(&t->threads));
	} else {
		atomic_fetch_sub(&t->threads, 1);
		add_tasks(t, -1);
	}
	struct held *h = held_lines(); /* the task ends: nothing waits now */
	flush_held(h);
	emit(NULL, &line);
}

/* The task accounting of a fork-like call: the new task counts before the
 * call goes down, so that its first lines, which it may print before its
 * parent runs again, carry "[pid N]"; a call that fails takes it back. */
static void forking(struct trace *t, unsigned long cflags)
{
	add_tasks(t, 1);
	if (cflags & CLONE_THREAD)
		atomic_fetch_add(&t->threads, 1);
}

static void forked(struct trace *t, unsigned long cflags, long r)
{
	if (r == 0) { /* the child */
		if (!(cflags & CLONE_VM))
			atomic_store(&t->threads, 1);
	} else if (r < 0) {
		add_tasks(t, -1);
		if (cflags & CLONE_THREAD)
			atomic_fetch_sub(&t->threads, 1);
	}
}

/* A call outside the set: no line, but tasks are still counted. */
static long untraced(struct trace *t, struct pv_syscall *call)
{
	if (!pv_call_makes_task(call->nr))
		return pv_next(call);
	unsigned long cflags = pv_call_clone_flags(call);
	forking(t, cflags);
	long r = pv_next(call);
	forked(t, cflags, r);
	return r;
}

static long trace_handler(struct pv_syscall *call, void *data)
{
	struct trace *t = data;
	struct pv_syscall view = *call; /* what the program asked for */
	if (view.nr == SYS_exit_group || view.nr == SYS_exit) {
		print_exit(t, &view);
		return pv_next(call);
	}
	if (!pv_sysset_has(&t->set, view.nr))
		return untraced(t, call);
	char body[LINE_MAX_BYTES];
	struct rt_buf b = RT_BUF(body);
	struct trace_args_state st = { 0 };
	trace_decode_enter(&b, &view, &st);
	unsigned long cflags = pv_call_makes_task(view.nr) ? pv_call_clone_flags(&view) : 0;
	if (pv_call_makes_task(view.nr))
		forking(t, cflags);

	struct held *h = call_begins();
	long r = pv_next(call);

	if (pv_call_makes_task(view.nr) && r == 0) { /* the child: strace is silent */
		if (h)
			h->depth--;
		forked(t, cflags, r);
		return r;
	}
	trace_decode_exit(&b, &view, r, &st);
	char result[1024], out[LINE_MAX_BYTES];
	struct rt_buf res = RT_BUF(result), line = RT_BUF(out);
	trace_decode_result(&res, &view, r, &st);
	put_prefix(&line, t);
	put_line_end(&line, body, b.len, result, res.len);
	call_ends(h, &line);
	if (pv_call_makes_task(view.nr))
		forked(t, cflags, r);
	return r;
}

static int dumps_core(int sig)
{
	static const int core_signals[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT,
					    SIGBUS,  SIGFPE, SIGSEGV, SIGXCPU,
					    SIGXFSZ, SIGSYS };
	struct rlimit rl;
	for (size_t i = 0; i < PV_ARRAY_SIZE(core_signals); i++)
		if (core_signals[i] == sig)
			return pv_kernel(SYS_getrlimit, RLIMIT_CORE, (long)&rl,
					 0, 0, 0, 0) == 0 && rl.rlim_cur > 0;
	return 0;
}

static void trace_signal(int sig, const siginfo_t *si, int fatal, void *data)
{
	struct trace *t = data;
	char out[LINE_MAX_BYTES];
	struct rt_buf line = RT_BUF(out);
	put_prefix(&line, t);
	size_t prefix = line.len;
	rt_puts(&line, "--- ");
	trace_decode_siginfo(&line, sig, si);
	rt_puts(&line, " ---\n");
	struct held *h = held_lines();
	if (fatal) {
		rt_putn(&line, out, prefix);
		rt_puts(&line, "+++ killed by ");
		trace_signal_name(&line, sig);
		rt_puts(&line, dumps_core(sig) ? " (core dumped) +++\n" : " +++\n");
		add_tasks(t, -atomic_load(&t->threads));
		flush_held(h); /* the process ends: nothing waits now */
		h = NULL;
	}
	emit(h, &line);
}

/* The line strace prints for the execve that started this program, printed
 * by the program itself: the image that made the call is gone. */
static void print_start(struct trace *t)
{
	const struct pv_start_info *s = pv_start_info();
	if (!s->argv || !s->execfn || !pv_sysset_has(&t->set, SYS_execve))
		return;
	struct pv_syscall view = PV_SYSCALL(SYS_execve, s->execfn, s->argv,
					    s->envp, 0, 0, 0);
	char body[LINE_MAX_BYTES], result[64], out[LINE_MAX_BYTES];
	struct rt_buf b = RT_BUF(body), res = RT_BUF(result), line = RT_BUF(out);
	struct trace_args_state st = { 0 };
	trace_decode_enter(&b, &view, &st);
	trace_decode_exit(&b, &view, 0, &st);
	trace_decode_result(&res, &view, 0, &st);
	put_prefix(&line, t);
	put_line_end(&line, body, b.len, result, res.len);
	emit(NULL, &line);
}

static void trace_start(void *data)
{
	struct trace *t = data;
	int zero = 0;
	t->run = pv_shared("trace.tasks", sizeof *t->run);
	if (t->run) /* the first process of the run counts itself */
		atomic_compare_exchange_strong(&t->run->alive, &zero, 1);
	print_start(t);
}

int pv_trace_init(const char *args, struct pv_layer *layer, char *err,
		  unsigned long errlen)
{
	struct trace *t = rt_alloc(sizeof *t);
	if (!t)
		return -ENOMEM;
	pv_sysset_fill(&t->set);
	if (args && *args) {
		int r = pv_sysset_parse(&t->set, args, rt_strlen(args), err, errlen);
		if (r < 0)
			return r;
	}
	atomic_store(&t->threads, 1);
	*layer = (struct pv_layer){ .name = "trace", .handler = trace_handler,
				    .data = t, .on_signal = trace_signal,
				    .start = trace_start };
	return 0;
}
