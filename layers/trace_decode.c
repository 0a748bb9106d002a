/* trace_decode.c - placeholder decoder: every argument in hex.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "trace_decode.h"
#include "sysent.h"

void trace_decode_enter(struct rt_buf *b, const struct pv_syscall *call,
			struct trace_args_state *st)
{
	const char *name = pv_syscall_name(call->nr);
	if (name)
		rt_puts(b, name);
	else
		{ rt_puts(b, "syscall_"); rt_puthex(b, (unsigned long)call->nr); }
	rt_putc(b, '(');
	st->next = 0;
}

void trace_decode_exit(struct rt_buf *b, const struct pv_syscall *call,
		       long ret, struct trace_args_state *st)
{
	(void)ret;
	int n = pv_syscall_nargs(call->nr);
	for (int i = st->next; i < n; i++) {
		if (i)
			rt_puts(b, ", ");
		rt_puthex(b, (unsigned long)call->arg[i]);
	}
	rt_putc(b, ')');
}

void trace_decode_result(struct rt_buf *b, const struct pv_syscall *call,
			 long ret, struct trace_args_state *st)
{
	(void)call;
	(void)st;
	if (pv_is_error(ret))
		rt_printf(b, "-1 E%ld", -ret);
	else
		rt_putdec(b, ret);
}

void trace_signal_name(struct rt_buf *b, int sig) { rt_printf(b, "SIG%d", sig); }

void trace_decode_siginfo(struct rt_buf *b, int sig, const siginfo_t *si)
{
	(void)si;
	trace_signal_name(b, sig);
}
