/* trace_internal.h - what the trace_*.c files share: the decoding context,
 * value tables and the printers each file offers the others.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_TRACE_INTERNAL_H
#define PV_TRACE_INTERNAL_H

#include "sysent.h"
#include "trace_decode.h"

#include <stdint.h>

/* strace's defaults: strings shown up to 32 bytes (-s 32), paths up to
 * PATH_MAX, arrays (argv, iovecs) up to 32 elements. */
#define TR_STRLEN 32
#define TR_PATHLEN 4096
#define TR_MAXELEM 32

/* ---- value tables ---- */

struct xlat {
	uint64_t val;
	const char *name;
};

/* A table of names for a value (an enum) or for bits (flags).  `unknown`
 * is strace's comment for a value it has no name for ("MADV_???"); NULL
 * prints such a value bare. */
struct xtable {
	const struct xlat *v;
	unsigned n;
	const char *unknown;
};
#define XTABLE(arr, unk) { (arr), PV_ARRAY_SIZE(arr), (unk) }
#define XN(name) { (uint64_t)(name), #name }

/* The name of v, or NULL. */
const char *xlookup(const struct xtable *t, uint64_t v);
/* v as a name, else in hex followed by the table's "unknown" comment, as
 * strace prints an unnamed madvise advice: 0x63 and then MADV_??? in a
 * C comment. */
void print_xval(struct rt_buf *b, const struct xtable *t, uint64_t v);
/* Bits as "A|B|0x100"; a value with no known bit in hex with the table's
 * "unknown" comment; 0 as the table's name for 0 if it has one, else "0".
 * Entries are tried in table order and take their bits, which is how
 * strace orders them. */
void print_flags(struct rt_buf *b, const struct xtable *t, uint64_t v);
/* Bits only, no special case for 0 or unknown comment: "A|B|0x100"; prints
 * nothing for 0.  Returns how many items (names and the rest) it printed. */
int print_flag_bits(struct rt_buf *b, const struct xtable *t, uint64_t v);

/* Tables other files need. */
extern const struct xtable xt_sock_families, xt_sock_types, xt_sock_flags,
	xt_msg_flags, xt_clone_flags, xt_statx_mask, xt_stat_types,
	xt_lock_types, xt_whence, xt_epoll_events, xt_poll_events,
	xt_sock_levels, xt_scm_types;

/* ---- the decoding context ---- */

struct dctx {
	struct rt_buf *b;
	const struct pv_syscall *call;
	struct trace_args_state *st;
	long ret;    /* valid when exiting */
	int exiting;
	int i;       /* the argument being printed */
};

static inline unsigned long targ(const struct dctx *c, int i)
{
	return (unsigned long)c->call->arg[i];
}
static inline int tfailed(const struct dctx *c)
{
	return c->exiting && pv_is_error(c->ret);
}

/* ---- trace_decode.c: numbers and addresses ---- */
void print_addr(struct rt_buf *b, unsigned long v);   /* NULL or 0x... */
void print_hexval(struct rt_buf *b, unsigned long v); /* 0 or 0x...    */
void print_fd(struct rt_buf *b, int fd);
void print_dirfd(struct rt_buf *b, int fd);
void print_mode(struct rt_buf *b, unsigned mode);     /* 0644, 000     */
/* Reads a value of `size` bytes at `addr`; 0 on success. */
int peek(void *dst, unsigned long addr, size_t size);
/* [N] or the address when unreadable */
void print_int_ptr(struct rt_buf *b, unsigned long addr);

/* ---- trace_strings.c ---- */
/* The `len` bytes at `buf` quoted as strace quotes them. */
void quote_bytes(struct rt_buf *b, const unsigned char *buf, size_t len,
		 int force_hex);
/* The first min(len, TR_STRLEN) bytes at addr, quoted, "..." after when
 * cut; the address when unreadable; NULL for 0. */
void print_buf(struct rt_buf *b, unsigned long addr, unsigned long len,
	       int force_hex);
/* A NUL-terminated string of at most `max` bytes (TR_STRLEN for strings,
 * TR_PATHLEN for paths), "..." after when longer. */
void print_cstr(struct rt_buf *b, unsigned long addr, size_t max);
void print_path(struct rt_buf *b, unsigned long addr);
void print_argv(struct rt_buf *b, unsigned long addr);
void print_envp(struct rt_buf *b, unsigned long addr);
/* iovecs with their data: `datalen` bytes in all are shown (the call's
 * result for readv, the sum of the lengths for writev); without
 * show_data (a failed readv) the buffers show as addresses. */
void print_iovec(struct rt_buf *b, unsigned long addr, unsigned long count,
		 unsigned long datalen, int show_data);

/* ---- trace_flags.c: argument printers built on tables ---- */
void print_open_flags(struct rt_buf *b, unsigned long flags);
void print_ioctl_req(struct rt_buf *b, unsigned long req);
int print_ioctl_arg(struct dctx *c, unsigned long req, unsigned long arg);
int print_fcntl_arg(struct dctx *c);
void print_fcntl_result(struct rt_buf *b, unsigned long cmd, long ret);
void print_sock_proto(struct rt_buf *b, int family, unsigned long proto);
void print_sockopt_name(struct rt_buf *b, int level, int name);
void print_prctl(struct dctx *c);
void print_prctl_result(struct rt_buf *b, const struct pv_syscall *call,
			long ret);
void print_arch_prctl(struct dctx *c);
void print_futex(struct dctx *c);
void print_mmap_flags(struct rt_buf *b, unsigned long flags);
void print_mfd_flags(struct rt_buf *b, unsigned long flags);
void print_mount_flags(struct rt_buf *b, unsigned long flags);
void print_clone(struct dctx *c);
/* Looks up a table by argument kind for the kinds that are a plain table;
 * NULL for others. */
const struct xtable *kind_table(enum pv_arg_kind k, int *is_flags);

/* ---- trace_structs.c ---- */
void print_stat(struct rt_buf *b, unsigned long addr);
void print_statx(struct rt_buf *b, unsigned long addr);
void print_statfs(struct rt_buf *b, unsigned long addr);
void print_timespec(struct rt_buf *b, unsigned long addr);
void print_timeval(struct rt_buf *b, unsigned long addr);
void print_timespec_val(struct rt_buf *b, long sec, long nsec);
void print_itimerspec(struct rt_buf *b, unsigned long addr);
void print_itimerval(struct rt_buf *b, unsigned long addr);
void print_utimens(struct rt_buf *b, unsigned long addr);
void print_timezone(struct rt_buf *b, unsigned long addr);
void print_rlimit(struct rt_buf *b, unsigned long addr);
void print_rusage(struct rt_buf *b, unsigned long addr);
void print_utsname(struct rt_buf *b, unsigned long addr);
void print_sysinfo(struct rt_buf *b, unsigned long addr);
void print_tms(struct rt_buf *b, unsigned long addr);
void print_sockaddr(struct rt_buf *b, unsigned long addr, long len);
void print_msghdr(struct dctx *c, unsigned long addr, int out);
void print_pollfds(struct rt_buf *b, unsigned long addr, unsigned long n);
void print_poll_result(struct rt_buf *b, unsigned long addr, unsigned long n,
		       long ret);
void print_fdset(struct rt_buf *b, unsigned long addr, int nfds);
void print_epoll_event(struct rt_buf *b, unsigned long addr);
void print_epoll_events(struct rt_buf *b, unsigned long addr, long n);
void print_dirents(struct rt_buf *b, unsigned long addr, long len);
void print_flock(struct rt_buf *b, unsigned long addr, int with_pid);
void print_termios(struct rt_buf *b, unsigned long addr);
void print_winsize(struct rt_buf *b, unsigned long addr);
void print_clone3(struct dctx *c);
void print_fd_pair(struct rt_buf *b, unsigned long addr);
void print_groups(struct rt_buf *b, unsigned long addr, long n);
void print_sockopt_val(struct rt_buf *b, int level, int name,
		       unsigned long addr, long len);

/* ---- trace_signals.c ---- */
void print_signo(struct rt_buf *b, long sig);  /* SIGUSR1 or 99 */
void print_sigset_val(struct rt_buf *b, const uint64_t *set, size_t bytes);
void print_sigset(struct rt_buf *b, unsigned long addr, unsigned long size);
void print_sigaction(struct rt_buf *b, unsigned long addr);
void print_siginfo_val(struct rt_buf *b, const siginfo_t *si);
void print_siginfo(struct rt_buf *b, unsigned long addr);
void print_stack(struct rt_buf *b, unsigned long addr);
void print_wait_status(struct rt_buf *b, int status);
void print_sigreturn(struct dctx *c);

#endif
