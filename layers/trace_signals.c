/* trace_signals.c - signal numbers, sets, actions, siginfo and wait
 * statuses in strace's notation.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "trace_internal.h"
#include "names.h"

#include <stddef.h>
#include <ucontext.h>

/* "USR1" (no prefix), or NULL for a number that is no signal.  The kernel's
 * real-time signals start at 32; strace calls the first RTMIN and the
 * others RT_1..RT_32 (glibc's SIGRTMIN is RT_2). */
static const char *short_name(long sig, char *tmp, size_t cap)
{
	const char *name = sig > 0 && sig < PV_SIGRTMIN_KERNEL ? pv_signal_name((int)sig) : NULL;
	if (name)
		return name + 3;
	if (sig == PV_SIGRTMIN_KERNEL)
		return "RTMIN";
	if (sig > PV_SIGRTMIN_KERNEL && sig <= PV_NSIG_KERNEL) {
		struct rt_buf t = { .p = tmp, .cap = cap - 1 };
		rt_printf(&t, "RT_%ld", sig - PV_SIGRTMIN_KERNEL);
		tmp[t.len] = 0;
		return tmp;
	}
	return NULL;
}

void print_signo(struct rt_buf *b, long sig)
{
	char tmp[16];
	const char *n = short_name(sig, tmp, sizeof tmp);
	if (n) {
		rt_puts(b, "SIG");
		rt_puts(b, n);
	} else {
		rt_putdec(b, (int)sig);
	}
}

void trace_signal_name(struct rt_buf *b, int sig)
{
	char tmp[16];
	const char *n = short_name(sig, tmp, sizeof tmp);
	rt_puts(b, "SIG");
	if (n)
		rt_puts(b, n);
	else
		rt_putdec(b, sig);
}

/* A set with more than half of its signals in it prints as the ones not
 * in it, after "~". */
void print_sigset_val(struct rt_buf *b, const uint64_t *set, size_t bytes)
{
	size_t nbits = bytes * 8, count = 0;
	for (size_t i = 0; i < nbits; i++)
		count += (set[i / 64] >> (i % 64)) & 1;
	int invert = count * 2 > nbits;
	if (invert)
		rt_putc(b, '~');
	rt_putc(b, '[');
	int shown = 0;
	for (size_t i = 0; i < nbits; i++) {
		int in = (set[i / 64] >> (i % 64)) & 1;
		if (in == invert)
			continue;
		char tmp[16];
		const char *n = short_name((long)i + 1, tmp, sizeof tmp);
		if (shown++)
			rt_putc(b, ' ');
		if (n)
			rt_puts(b, n);
		else
			rt_putudec(b, i + 1);
	}
	rt_putc(b, ']');
}

void print_sigset(struct rt_buf *b, unsigned long addr, unsigned long size)
{
	uint64_t set;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	/* the kernel takes only its own size; strace shows others as an
	 * address */
	if (size != sizeof set || peek(&set, addr, sizeof set)) {
		print_addr(b, addr);
		return;
	}
	print_sigset_val(b, &set, sizeof set);
}

static const struct xlat sa_flags[] = {
	{ 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" },
	{ 0x10000000, "SA_RESTART" }, { 0x20000000, "SA_INTERRUPT" },
	{ 0x40000000, "SA_NODEFER" }, { 0x80000000, "SA_RESETHAND" },
	{ 0x4, "SA_SIGINFO" }, { 0x1, "SA_NOCLDSTOP" }, { 0x2, "SA_NOCLDWAIT" },
};
static const struct xtable xt_sa_flags = XTABLE(sa_flags, "SA_???");

/* The kernel's struct sigaction: handler, flags, restorer, mask. */
void print_sigaction(struct rt_buf *b, unsigned long addr)
{
	struct {
		unsigned long handler, flags, restorer;
		uint64_t mask;
	} sa;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (peek(&sa, addr, sizeof sa)) {
		print_addr(b, addr);
		return;
	}
	rt_puts(b, "{sa_handler=");
	if (sa.handler == 0)
		rt_puts(b, "SIG_DFL");
	else if (sa.handler == 1)
		rt_puts(b, "SIG_IGN");
	else if (sa.handler == ~0UL)
		rt_puts(b, "SIG_ERR");
	else
		rt_puthex(b, sa.handler);
	rt_puts(b, ", sa_mask=");
	print_sigset_val(b, &sa.mask, sizeof sa.mask);
	rt_puts(b, ", sa_flags=");
	print_flags(b, &xt_sa_flags, sa.flags);
	if (sa.flags & 0x04000000) {
		rt_puts(b, ", sa_restorer=");
		print_addr(b, sa.restorer);
	}
	rt_putc(b, '}');
}

/* ---- siginfo ---- */

static const struct xlat si_codes[] = {
	{ 0, "SI_USER" }, { 0x80, "SI_KERNEL" }, { (uint32_t)-1, "SI_QUEUE" },
	{ (uint32_t)-2, "SI_TIMER" }, { (uint32_t)-3, "SI_MESGQ" },
	{ (uint32_t)-4, "SI_ASYNCIO" }, { (uint32_t)-5, "SI_SIGIO" },
	{ (uint32_t)-6, "SI_TKILL" }, { (uint32_t)-7, "SI_DETHREAD" },
	{ (uint32_t)-60, "SI_ASYNCNL" },
};
static const struct xtable xt_si_codes = XTABLE(si_codes, NULL);

/* The codes a signal's own cause gives (si_code > 0). */
static const char *const cld_codes[] = { NULL, "CLD_EXITED", "CLD_KILLED",
	"CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" };
static const char *const segv_codes[] = { NULL, "SEGV_MAPERR", "SEGV_ACCERR",
	"SEGV_BNDERR", "SEGV_PKUERR", "SEGV_ACCADI", "SEGV_ADIDERR",
	"SEGV_ADIPERR", "SEGV_MTEAERR", "SEGV_MTESERR" };
static const char *const bus_codes[] = { NULL, "BUS_ADRALN", "BUS_ADRERR",
	"BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO" };
static const char *const ill_codes[] = { NULL, "ILL_ILLOPC", "ILL_ILLOPN",
	"ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC",
	"ILL_BADSTK", "ILL_BADIADDR" };
static const char *const fpe_codes[] = { NULL, "FPE_INTDIV", "FPE_INTOVF",
	"FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV",
	"FPE_FLTSUB", "FPE_FLTUNK", "FPE_CONDTRAP" };
static const char *const trap_codes[] = { NULL, "TRAP_BRKPT", "TRAP_TRACE",
	"TRAP_BRANCH", "TRAP_HWBKPT", "TRAP_UNK", "TRAP_PERF" };
static const char *const poll_codes[] = { NULL, "POLL_IN", "POLL_OUT",
	"POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP" };
static const char *const sys_codes[] = { NULL, "SYS_SECCOMP",
	"SYS_USER_DISPATCH" };

/* How a signal's own codes lay out the rest of the siginfo. */
enum si_layout { L_KILL, L_FAULT, L_CHLD, L_POLL, L_SYS, L_RT };

static const struct {
	int sig;
	const char *const *codes;
	unsigned ncodes;
	enum si_layout layout;
} sig_codes[] = {
	{ 17, cld_codes, PV_ARRAY_SIZE(cld_codes), L_CHLD },
	{ 11, segv_codes, PV_ARRAY_SIZE(segv_codes), L_FAULT },
	{ 7, bus_codes, PV_ARRAY_SIZE(bus_codes), L_FAULT },
	{ 4, ill_codes, PV_ARRAY_SIZE(ill_codes), L_FAULT },
	{ 8, fpe_codes, PV_ARRAY_SIZE(fpe_codes), L_FAULT },
	{ 5, trap_codes, PV_ARRAY_SIZE(trap_codes), L_FAULT },
	{ 29, poll_codes, PV_ARRAY_SIZE(poll_codes), L_POLL },
	{ 31, sys_codes, PV_ARRAY_SIZE(sys_codes), L_SYS },
};

/* CPU time in clock ticks (USER_HZ, 100 a second), with strace's note of
 * the seconds when it is not 0: "1 /" "* 0.01 s *" "/". */
static void print_clock_ticks(struct rt_buf *b, long t)
{
	rt_putdec(b, t);
	if (t > 0)
		rt_printf(b, " /* %ld.%02ld s */", t / 100, t % 100);
}

static void print_value(struct rt_buf *b, const siginfo_t *si)
{
	unsigned long v = (unsigned long)si->si_value.sival_ptr;
	if (!v)
		return;
	rt_printf(b, ", si_int=%d, si_ptr=", si->si_value.sival_int);
	print_addr(b, v);
}

void print_siginfo_val(struct rt_buf *b, const siginfo_t *si)
{
	int code = si->si_code, sig = si->si_signo;
	int k = -1;
	for (unsigned i = 0; i < PV_ARRAY_SIZE(sig_codes); i++)
		if (sig_codes[i].sig == sig)
			k = (int)i;
	rt_puts(b, "{si_signo=");
	print_signo(b, sig);
	rt_puts(b, ", si_code=");
	enum si_layout layout = L_RT;
	const char *name = NULL;
	if (code > 0 && code != 0x80 && k >= 0) {
		layout = sig_codes[k].layout;
		if ((unsigned)code < sig_codes[k].ncodes)
			name = sig_codes[k].codes[code];
	} else {
		name = xlookup(&xt_si_codes, (uint32_t)code);
		if (code == 0 || code == -6) /* SI_USER, SI_TKILL */
			layout = L_KILL;
		else if (code == 0x80 && k >= 0 && sig_codes[k].layout == L_FAULT)
			layout = L_FAULT;
	}
	if (name)
		rt_puts(b, name);
	else
		print_hexval(b, (unsigned)code);
	switch (layout) {
	case L_KILL:
		rt_printf(b, ", si_pid=%d, si_uid=%u", si->si_pid, si->si_uid);
		break;
	case L_FAULT:
		rt_puts(b, ", si_addr=");
		print_addr(b, (unsigned long)si->si_addr);
		break;
	case L_CHLD:
		rt_printf(b, ", si_pid=%d, si_uid=%u, si_status=", si->si_pid,
			  si->si_uid);
		if (code == 1)
			rt_putdec(b, si->si_status);
		else
			print_signo(b, si->si_status);
		rt_puts(b, ", si_utime=");
		print_clock_ticks(b, (long)si->si_utime);
		rt_puts(b, ", si_stime=");
		print_clock_ticks(b, (long)si->si_stime);
		break;
	case L_POLL:
		rt_printf(b, ", si_band=%ld, si_fd=%d", (long)si->si_band, si->si_fd);
		break;
	case L_SYS: {
		rt_puts(b, ", si_call_addr=");
		print_addr(b, (unsigned long)si->si_call_addr);
		const char *n = pv_syscall_name(si->si_syscall);
		if (n)
			rt_printf(b, ", si_syscall=__NR_%s", n);
		else
			rt_printf(b, ", si_syscall=%d", si->si_syscall);
		if (si->si_arch == 0xc000003e)
			rt_puts(b, ", si_arch=AUDIT_ARCH_X86_64");
		else
		{
			rt_puts(b, ", si_arch=");
			print_hexval(b, si->si_arch);
		}
		break;
	}
	case L_RT:
		if (code == -2) { /* SI_TIMER */
			rt_puts(b, ", si_timerid=");
			print_hexval(b, (unsigned)si->si_timerid);
			rt_printf(b, ", si_overrun=%d", si->si_overrun);
			print_value(b, si);
		} else if (code == -5) { /* SI_SIGIO */
			rt_printf(b, ", si_band=%ld, si_fd=%d", (long)si->si_band,
				  si->si_fd);
		} else {
			rt_printf(b, ", si_pid=%d, si_uid=%u", si->si_pid,
				  si->si_uid);
			print_value(b, si);
		}
		break;
	}
	rt_putc(b, '}');
}

void print_siginfo(struct rt_buf *b, unsigned long addr)
{
	siginfo_t si;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (peek(&si, addr, sizeof si)) {
		print_addr(b, addr);
		return;
	}
	print_siginfo_val(b, &si);
}

void trace_decode_siginfo(struct rt_buf *b, int sig, const siginfo_t *si)
{
	trace_signal_name(b, sig);
	if (!si)
		return;
	rt_putc(b, ' ');
	siginfo_t copy;
	rt_memcpy(&copy, si, sizeof copy);
	print_siginfo_val(b, &copy);
}

/* ---- alternate stacks, wait statuses, sigreturn ---- */

static const struct xlat ss_flags[] = {
	{ 1, "SS_ONSTACK" }, { 2, "SS_DISABLE" }, { 1u << 31, "SS_AUTODISARM" },
};
static const struct xtable xt_ss_flags = XTABLE(ss_flags, "SS_???");

void print_stack(struct rt_buf *b, unsigned long addr)
{
	struct {
		unsigned long sp;
		int flags;
		unsigned long size;
	} ss;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (peek(&ss, addr, sizeof ss)) {
		print_addr(b, addr);
		return;
	}
	rt_puts(b, "{ss_sp=");
	print_addr(b, ss.sp);
	rt_puts(b, ", ss_flags=");
	print_flags(b, &xt_ss_flags, (unsigned)ss.flags);
	rt_printf(b, ", ss_size=%lu}", ss.size);
}

void print_wait_status(struct rt_buf *b, int s)
{
	if ((s & 0x7f) == 0) {
		rt_printf(b, "{WIFEXITED(s) && WEXITSTATUS(s) == %d}", (s >> 8) & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		rt_puts(b, "{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signo(b, (s >> 8) & 0xff);
		rt_putc(b, '}');
	} else if (s == 0xffff) {
		rt_puts(b, "{WIFCONTINUED(s)}");
	} else {
		rt_puts(b, "{WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signo(b, s & 0x7f);
		rt_puts(b, (s & 0x80) ? " && WCOREDUMP(s)}" : "}");
	}
}

/* rt_sigreturn takes no arguments: strace shows the signal mask it is
 * about to restore, from the signal frame at the stack pointer.  A
 * trapped call carries the program's registers; a call that did not trap
 * has no stack pointer to go by and shows an empty frame. */
void print_sigreturn(struct dctx *c)
{
	const struct pv_syscall *call = c->call;
	if (!call->priv || !call->priv->uc)
		return;
	unsigned long sp = (unsigned long)call->priv->uc->uc_mcontext.gregs[REG_RSP];
	uint64_t mask;
	if (peek(&mask, sp + offsetof(ucontext_t, uc_sigmask), sizeof mask)) {
		rt_puts(c->b, "{mask=");
		print_addr(c->b, sp + offsetof(ucontext_t, uc_sigmask));
		rt_putc(c->b, '}');
		return;
	}
	rt_puts(c->b, "{mask=");
	print_sigset_val(c->b, &mask, sizeof mask);
	rt_putc(c->b, '}');
}
