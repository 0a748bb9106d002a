/* trace_decode.c - the decoding engine: walks a call's arguments by the
 * kinds syscalls.def gives them, in strace's two steps, and prints the
 * result.  How each kind prints lives in the table `kinds` below; the
 * printers for strings, flags, structs and signals are in the other
 * trace_*.c files.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "names.h"
#include "trace_internal.h"

#include <asm/unistd_64.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/stat.h>
#include <sys/mount.h>

/* the propagation types: not one flag in the headers */
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* ---- numbers and addresses ---- */

void print_addr(struct rt_buf *b, unsigned long v)
{
	if (v)
		rt_puthex(b, v);
	else
		rt_puts(b, "NULL");
}

void print_hexval(struct rt_buf *b, unsigned long v)
{
	if (v)
		rt_puthex(b, v);
	else
		rt_putc(b, '0');
}

void print_fd(struct rt_buf *b, int fd) { rt_putdec(b, fd); }

void print_dirfd(struct rt_buf *b, int fd)
{
	if (fd == AT_FDCWD)
		rt_puts(b, "AT_FDCWD");
	else
		rt_putdec(b, fd);
}

/* strace prints modes as C's "%#03o" does: a leading 0, then zeros up to
 * three characters in all (000, 007, 022, 0644). */
void print_mode(struct rt_buf *b, unsigned mode)
{
	if (!mode) {
		rt_puts(b, "000");
		return;
	}
	if (mode < 010)
		rt_putc(b, '0');
	rt_putoct(b, mode);
}

int peek(void *dst, unsigned long addr, size_t size)
{
	if (!addr)
		return -1;
	return rt_peek(dst, (const void *)addr, size) == (long)size ? 0 : -1;
}

void print_int_ptr(struct rt_buf *b, unsigned long addr)
{
	int v;
	if (peek(&v, addr, sizeof v)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	rt_putdec(b, v);
	rt_putc(b, ']');
}

/* ---- errno names and messages: lib/names.h ---- */

/* The four ERESTART* codes ask for a restart, which strace shows as
 * "? NAME (why)". */
static void print_error_result(struct rt_buf *b, long err)
{
	const char *name = pv_errno_name(err), *msg = pv_errno_message(err);
	if (!name) {
		rt_printf(b, "-1 (errno %ld)", err);
		return;
	}
	rt_puts(b, err >= 512 && err <= 516 && err != 515 ? "? " : "-1 ");
	rt_puts(b, name);
	rt_puts(b, " (");
	if (msg)
		rt_puts(b, msg);
	else
		rt_printf(b, "Unknown error %ld", err);
	rt_putc(b, ')');
}

/* ---- argument printers, one per kind ---- */

typedef int printer_fn(struct dctx *c, unsigned long v);

static int p_hex(struct dctx *c, unsigned long v) { print_hexval(c->b, v); return 1; }
static int p_int(struct dctx *c, unsigned long v) { rt_putdec(c->b, (int)v); return 1; }
static int p_uint(struct dctx *c, unsigned long v) { rt_putudec(c->b, (unsigned)v); return 1; }
static int p_long(struct dctx *c, unsigned long v) { rt_putdec(c->b, (long)v); return 1; }
static int p_ulong(struct dctx *c, unsigned long v) { rt_putudec(c->b, v); return 1; }
static int p_ptr(struct dctx *c, unsigned long v) { print_addr(c->b, v); return 1; }
static int p_fd(struct dctx *c, unsigned long v) { print_fd(c->b, (int)v); return 1; }
static int p_dirfd(struct dctx *c, unsigned long v) { print_dirfd(c->b, (int)v); return 1; }
static int p_mode(struct dctx *c, unsigned long v) { print_mode(c->b, (unsigned)v); return 1; }
static int p_skip(struct dctx *c, unsigned long v) { (void)c, (void)v; return 0; }
static int p_path(struct dctx *c, unsigned long v) { print_path(c->b, v); return 1; }
static int p_str(struct dctx *c, unsigned long v) { print_cstr(c->b, v, TR_STRLEN); return 1; }
static int p_argv(struct dctx *c, unsigned long v) { print_argv(c->b, v); return 1; }
static int p_envp(struct dctx *c, unsigned long v) { print_envp(c->b, v); return 1; }

/* An out argument of a failed call shows only its address. */
#define FAILED_ADDR(c, v)                                                      \
	do {                                                                   \
		if (tfailed(c)) {                                              \
			print_addr((c)->b, (v));                               \
			return 1;                                              \
		}                                                              \
	} while (0)

static int p_buf_in(struct dctx *c, unsigned long v)
{
	print_buf(c->b, v, targ(c, c->i + 1), 0);
	return 1;
}

static int p_buf_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_buf(c->b, v, (unsigned long)c->ret, 0);
	return 1;
}

static int p_buf_out_hex(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_buf(c->b, v, (unsigned long)c->ret, 1);
	return 1;
}

/* getcwd and readlink: the result says how many bytes are the path. */
static int p_cwd_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_cstr(c->b, v, c->ret > 0 ? (size_t)c->ret - 1 : 0);
	return 1;
}

static int p_link_out(struct dctx *c, unsigned long v)
{
	char tmp[TR_PATHLEN];
	FAILED_ADDR(c, v);
	size_t n = (size_t)c->ret < sizeof tmp ? (size_t)c->ret : sizeof tmp;
	if (peek(tmp, v, n)) {
		print_addr(c->b, v);
		return 1;
	}
	size_t len = rt_strnlen(tmp, n);
	quote_bytes(c->b, (const unsigned char *)tmp, len, 0);
	return 1;
}

static int p_xattr_list(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	if (!v) {
		rt_puts(c->b, "NULL");
		return 1;
	}
	print_buf(c->b, v, (unsigned long)c->ret, 0);
	return 1;
}

static int p_open_flags(struct dctx *c, unsigned long v)
{
	print_open_flags(c->b, (unsigned)v);
	return 1;
}

/* The mode of open and openat is there only when the flags create. */
static int p_open_mode(struct dctx *c, unsigned long v)
{
	/* __O_TMPFILE is 0x400000 for the kernel; glibc's macro adds
	 * O_DIRECTORY to it */
	if (!(targ(c, c->i - 1) & (O_CREAT | 0x400000)))
		return 0;
	print_mode(c->b, (unsigned)v);
	return 1;
}

static int p_statx_flags(struct dctx *c, unsigned long v)
{
	static const struct xlat sync[] = {
		{ 0x0000, "AT_STATX_SYNC_AS_STAT" },
		{ 0x2000, "AT_STATX_FORCE_SYNC" },
		{ 0x4000, "AT_STATX_DONT_SYNC" },
	};
	static const struct xtable xt = XTABLE(sync, NULL);
	const struct xtable *at = kind_table(A_AT_FLAGS, NULL);
	/* both sync bits: no sync type, the bits are flags among the others */
	static const struct xlat all[] = {
		{ 0x2000, "AT_STATX_FORCE_SYNC" }, { 0x4000, "AT_STATX_DONT_SYNC" },
		{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
		{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
		{ 0x1000, "AT_EMPTY_PATH" }, { 0x8000, "AT_RECURSIVE" },
	};
	static const struct xtable xt_all = XTABLE(all, "AT_???");
	unsigned f = (unsigned)v;
	const char *name = xlookup(&xt, f & 0x6000);
	if (name) {
		rt_puts(c->b, name);
		f &= ~0x6000u;
		if (f) {
			rt_putc(c->b, '|');
			print_flag_bits(c->b, at, f);
		}
	} else {
		print_flags(c->b, &xt_all, f);
	}
	return 1;
}

static int p_stat_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_stat(c->b, v);
	return 1;
}

static int p_statx_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_statx(c->b, v);
	return 1;
}

static int p_statfs_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_statfs(c->b, v);
	return 1;
}

static int p_mknod_mode(struct dctx *c, unsigned long v)
{
	unsigned mode = (unsigned)v;
	const char *type = xlookup(&xt_stat_types, mode & S_IFMT);
	if (type && (mode & S_IFMT)) {
		rt_puts(c->b, type);
		rt_putc(c->b, '|');
		print_mode(c->b, mode & ~S_IFMT);
	} else {
		print_mode(c->b, mode);
	}
	return 1;
}

/* The device number of mknod matters only for devices. */
static int p_dev(struct dctx *c, unsigned long v)
{
	unsigned type = (unsigned)targ(c, c->i - 1) & S_IFMT;
	if (type != S_IFCHR && type != S_IFBLK)
		return 0;
	unsigned major = (unsigned)(((v >> 32) & 0xfffff000) | ((v >> 8) & 0xfff));
	unsigned minor = (unsigned)(((v >> 12) & 0xffffff00) | (v & 0xff));
	rt_puts(c->b, "makedev(");
	print_hexval(c->b, major);
	rt_puts(c->b, ", ");
	print_hexval(c->b, minor);
	rt_putc(c->b, ')');
	return 1;
}

static int p_dirents_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_dirents(c->b, v, c->ret);
	return 1;
}

static int p_utimens(struct dctx *c, unsigned long v)
{
	print_utimens(c->b, v);
	return 1;
}

static int p_off_ptr_in(struct dctx *c, unsigned long v)
{
	long off;
	if (peek(&off, v, sizeof off)) {
		print_addr(c->b, v);
		return 1;
	}
	rt_printf(c->b, "[%ld]", off);
	return 1;
}

/* sendfile's offset: what it was, and " => " what the kernel made it. */
static int p_off_ptr_inout(struct dctx *c, unsigned long v)
{
	if (!v || !c->st->have[c->i]) {
		print_addr(c->b, v);
		return 1;
	}
	rt_printf(c->b, "[%ld]", (long)c->st->saved[c->i]);
	long off;
	if (!pv_is_error(c->ret) && !peek(&off, v, sizeof off))
		rt_printf(c->b, " => [%ld]", off);
	return 1;
}

static int p_fcntl_arg(struct dctx *c, unsigned long v)
{
	(void)v;
	return print_fcntl_arg(c);
}

static int p_ioctl_req(struct dctx *c, unsigned long v)
{
	print_ioctl_req(c->b, (unsigned)v);
	return 1;
}

static int p_ioctl_arg(struct dctx *c, unsigned long v)
{
	return print_ioctl_arg(c, (unsigned)targ(c, 1), v);
}

static int p_mfd_flags(struct dctx *c, unsigned long v)
{
	print_mfd_flags(c->b, (unsigned)v);
	return 1;
}

/* mremap's new address is used only with MREMAP_FIXED. */
/* mount: the file system type and the data mean nothing to a bind, a move
 * or a propagation change, nor the type to a remount: strace shows those
 * as addresses. */
static unsigned long mount_flags_of(const struct dctx *c)
{
	unsigned long f = targ(c, 3);
	if ((f & 0xffff0000UL) == 0xc0ed0000UL) /* MS_MGC_VAL */
		f &= 0xffff;
	return f;
}

static int p_mount_type(struct dctx *c, unsigned long v)
{
	if (mount_flags_of(c) & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_PROPAGATION))
		print_addr(c->b, v);
	else
		print_cstr(c->b, v, TR_STRLEN);
	return 1;
}

static int p_mount_data(struct dctx *c, unsigned long v)
{
	if (mount_flags_of(c) & (MS_BIND | MS_MOVE | MS_PROPAGATION))
		print_addr(c->b, v);
	else
		print_cstr(c->b, v, TR_STRLEN);
	return 1;
}

static int p_mount_flags(struct dctx *c, unsigned long v)
{
	print_mount_flags(c->b, v);
	return 1;
}

static int p_mremap_addr(struct dctx *c, unsigned long v)
{
	if (!(targ(c, c->i - 1) & 2))
		return 0;
	print_addr(c->b, v);
	return 1;
}

static int p_mmap_flags(struct dctx *c, unsigned long v)
{
	print_mmap_flags(c->b, (unsigned)v);
	return 1;
}

static int p_signo(struct dctx *c, unsigned long v)
{
	print_signo(c->b, (int)v);
	return 1;
}

/* The size of a signal set is the call's next A_ULONG argument (the last
 * one, but for signalfd4's flags). */
static unsigned long sigset_size(const struct dctx *c)
{
	int n = pv_syscall_nargs(c->call->nr);
	for (int i = c->i + 1; i < n; i++)
		if (pv_syscall_arg_kind(c->call->nr, i) == A_ULONG)
			return targ(c, i);
	return 8;
}

static int p_sigset_in(struct dctx *c, unsigned long v)
{
	print_sigset(c->b, v, sigset_size(c));
	return 1;
}

static int p_sigset_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_sigset(c->b, v, sigset_size(c));
	return 1;
}

static int p_sigaction_in(struct dctx *c, unsigned long v)
{
	print_sigaction(c->b, v);
	return 1;
}

static int p_sigaction_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_sigaction(c->b, v);
	return 1;
}

static int p_siginfo_in(struct dctx *c, unsigned long v)
{
	print_siginfo(c->b, v);
	return 1;
}

static int p_siginfo_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_siginfo(c->b, v);
	return 1;
}

static int p_stack_in(struct dctx *c, unsigned long v)
{
	print_stack(c->b, v);
	return 1;
}

static int p_stack_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_stack(c->b, v);
	return 1;
}

/* pselect6's last argument points at {sigset pointer, its size}. */
static int p_pselect_sigmask(struct dctx *c, unsigned long v)
{
	unsigned long d[2];
	if (!v || peek(d, v, sizeof d)) {
		print_addr(c->b, v);
		return 1;
	}
	rt_puts(c->b, "{sigmask=");
	print_sigset(c->b, d[0], d[1]);
	rt_printf(c->b, ", sigsetsize=%lu}", d[1]);
	return 1;
}

static int p_timespec_in(struct dctx *c, unsigned long v)
{
	print_timespec(c->b, v);
	return 1;
}

static int p_timespec_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_timespec(c->b, v);
	return 1;
}

/* nanosleep's remainder is written only when a signal cut the sleep. */
static int p_timespec_rem(struct dctx *c, unsigned long v)
{
	if (c->ret != -EINTR) {
		print_addr(c->b, v);
		return 1;
	}
	print_timespec(c->b, v);
	return 1;
}

static int p_timeval_in(struct dctx *c, unsigned long v)
{
	print_timeval(c->b, v);
	return 1;
}

static int p_timeval_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_timeval(c->b, v);
	return 1;
}

static int p_timezone_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_timezone(c->b, v);
	return 1;
}

static int p_itimerspec_in(struct dctx *c, unsigned long v)
{
	print_itimerspec(c->b, v);
	return 1;
}

static int p_itimerspec_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_itimerspec(c->b, v);
	return 1;
}

static int p_itimerval_in(struct dctx *c, unsigned long v)
{
	print_itimerval(c->b, v);
	return 1;
}

static int p_itimerval_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_itimerval(c->b, v);
	return 1;
}

static int p_time_out(struct dctx *c, unsigned long v)
{
	long t;
	if (!v || pv_is_error(c->ret) || peek(&t, v, sizeof t)) {
		print_addr(c->b, v);
		return 1;
	}
	rt_printf(c->b, "[%ld]", t);
	return 1;
}

static int p_pollfds(struct dctx *c, unsigned long v)
{
	print_pollfds(c->b, v, targ(c, c->i + 1));
	return 1;
}

static int p_fdset(struct dctx *c, unsigned long v)
{
	print_fdset(c->b, v, (int)targ(c, 0));
	return 1;
}

static int p_epoll_event_in(struct dctx *c, unsigned long v)
{
	print_epoll_event(c->b, v);
	return 1;
}

static int p_epoll_events_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_epoll_events(c->b, v, c->ret);
	return 1;
}

static int p_iovec_in(struct dctx *c, unsigned long v)
{
	print_iovec(c->b, v, targ(c, c->i + 1), ~0UL, 1);
	return 1;
}

static int p_iovec_out(struct dctx *c, unsigned long v)
{
	print_iovec(c->b, v, targ(c, c->i + 1), (unsigned long)c->ret,
		    !pv_is_error(c->ret));
	return 1;
}

static int p_pipefds_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_fd_pair(c->b, v);
	return 1;
}

/* The socket type in the low bits, then SOCK_CLOEXEC and SOCK_NONBLOCK;
 * a type strace has no name for leaves the whole value to the flags. */
static int p_sock_type(struct dctx *c, unsigned long v)
{
	unsigned t = (unsigned)v & 0xf, rest = (unsigned)v & ~0xfu;
	const char *name = xlookup(&xt_sock_types, t);
	if (!name) {
		print_flags(c->b, &xt_sock_flags, (unsigned)v);
		return 1;
	}
	rt_puts(c->b, name);
	if (rest) {
		rt_putc(c->b, '|');
		print_flags(c->b, &xt_sock_flags, rest);
	}
	return 1;
}

static int p_sock_proto(struct dctx *c, unsigned long v)
{
	print_sock_proto(c->b, (int)targ(c, 0), v);
	return 1;
}

static int p_sockaddr_in(struct dctx *c, unsigned long v)
{
	print_sockaddr(c->b, v, (long)(int)targ(c, c->i + 1));
	return 1;
}

/* accept and getsockname: the address is as long as the kernel says,
 * but no longer than the room the program gave. */
static int p_sockaddr_out(struct dctx *c, unsigned long v)
{
	int len;
	FAILED_ADDR(c, v);
	if (!v) {
		rt_puts(c->b, "NULL");
		return 1;
	}
	if (peek(&len, targ(c, c->i + 1), sizeof len)) {
		print_addr(c->b, v);
		return 1;
	}
	long room = c->st->have[c->i + 1] ? (long)(int)c->st->saved[c->i + 1] : len;
	print_sockaddr(c->b, v, len < room ? len : room);
	return 1;
}

static int p_socklen_inout(struct dctx *c, unsigned long v)
{
	int now;
	if (!v || !c->st->have[c->i]) {
		print_addr(c->b, v);
		return 1;
	}
	int before = (int)c->st->saved[c->i];
	rt_printf(c->b, "[%d", before);
	if (!pv_is_error(c->ret) && !peek(&now, v, sizeof now) && now != before)
		rt_printf(c->b, " => %d", now);
	rt_putc(c->b, ']');
	return 1;
}

static int p_msghdr_in(struct dctx *c, unsigned long v)
{
	print_msghdr(c, v, 0);
	return 1;
}

static int p_msghdr_out(struct dctx *c, unsigned long v)
{
	print_msghdr(c, v, 1);
	return 1;
}

static int p_sockopt_name(struct dctx *c, unsigned long v)
{
	print_sockopt_name(c->b, (int)targ(c, 1), (int)v);
	return 1;
}

static int p_sockopt_val_in(struct dctx *c, unsigned long v)
{
	print_sockopt_val(c->b, (int)targ(c, 1), (int)targ(c, 2), v,
			  (long)(int)targ(c, c->i + 1));
	return 1;
}

static int p_sockopt_val_out(struct dctx *c, unsigned long v)
{
	int len;
	FAILED_ADDR(c, v);
	if (peek(&len, targ(c, c->i + 1), sizeof len)) {
		print_addr(c->b, v);
		return 1;
	}
	print_sockopt_val(c->b, (int)targ(c, 1), (int)targ(c, 2), v, len);
	return 1;
}

static int p_clone(struct dctx *c, unsigned long v)
{
	(void)v;
	print_clone(c);
	return 1;
}

static int p_clone3(struct dctx *c, unsigned long v)
{
	(void)v;
	print_clone3(c);
	return 1;
}

/* wait4's status is written only when a child was reaped. */
static int p_wait_status_out(struct dctx *c, unsigned long v)
{
	int status;
	if (!v || pv_is_error(c->ret) || !c->ret ||
	    peek(&status, v, sizeof status)) {
		print_addr(c->b, v);
		return 1;
	}
	rt_putc(c->b, '[');
	print_wait_status(c->b, status);
	rt_putc(c->b, ']');
	return 1;
}

static int p_rusage_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_rusage(c->b, v);
	return 1;
}

static int p_utsname_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_utsname(c->b, v);
	return 1;
}

static int p_rlimit_in(struct dctx *c, unsigned long v)
{
	print_rlimit(c->b, v);
	return 1;
}

static int p_rlimit_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_rlimit(c->b, v);
	return 1;
}

static int p_sysinfo_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_sysinfo(c->b, v);
	return 1;
}

static int p_times_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_tms(c->b, v);
	return 1;
}

static int p_groups_in(struct dctx *c, unsigned long v)
{
	print_groups(c->b, v, (long)(int)targ(c, 0));
	return 1;
}

/* getgroups(0, ...) asks only for the count: nothing is written. */
static int p_groups_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	if (!(int)targ(c, 0)) {
		print_addr(c->b, v);
		return 1;
	}
	print_groups(c->b, v, c->ret);
	return 1;
}

static int p_int_ptr_out(struct dctx *c, unsigned long v)
{
	FAILED_ADDR(c, v);
	print_int_ptr(c->b, v);
	return 1;
}

static int p_prctl(struct dctx *c, unsigned long v)
{
	(void)v;
	print_prctl(c);
	return 1;
}

static int p_arch_prctl(struct dctx *c, unsigned long v)
{
	(void)v;
	print_arch_prctl(c);
	return 1;
}

static int p_futex(struct dctx *c, unsigned long v)
{
	(void)v;
	print_futex(c);
	return 1;
}

static int p_ptr_ptr_out(struct dctx *c, unsigned long v)
{
	unsigned long p;
	FAILED_ADDR(c, v);
	if (peek(&p, v, sizeof p)) {
		print_addr(c->b, v);
		return 1;
	}
	rt_putc(c->b, '[');
	print_addr(c->b, p);
	rt_putc(c->b, ']');
	return 1;
}

static int p_size_ptr_out(struct dctx *c, unsigned long v)
{
	unsigned long n;
	FAILED_ADDR(c, v);
	if (peek(&n, v, sizeof n)) {
		print_addr(c->b, v);
		return 1;
	}
	rt_printf(c->b, "[%lu]", n);
	return 1;
}

/* A kind whose printer is the value table kind_table() gives. */
static int p_table(struct dctx *c, unsigned long v);

/* ---- the kinds ---- */

enum {
	K_OUT = 1,  /* the kernel fills it in: printed by the exit step   */
	K_SAVE = 2, /* in/out: its value on entry is kept for the exit    */
};

struct kind_info {
	printer_fn *print;
	unsigned char flags;
	unsigned char save_size; /* bytes K_SAVE reads at the pointer */
};

static const struct kind_info kinds[PV_ARG_KIND_COUNT] = {
	[A_HEX] = { p_hex, 0, 0 },
	[A_INT] = { p_int, 0, 0 },
	[A_UINT] = { p_uint, 0, 0 },
	[A_LONG] = { p_long, 0, 0 },
	[A_ULONG] = { p_ulong, 0, 0 },
	[A_PTR] = { p_ptr, 0, 0 },
	[A_FD] = { p_fd, 0, 0 },
	[A_DIRFD] = { p_dirfd, 0, 0 },
	[A_MODE] = { p_mode, 0, 0 },
	[A_SKIP] = { p_skip, 0, 0 },
	[A_PATH] = { p_path, 0, 0 },
	[A_STR] = { p_str, 0, 0 },
	[A_BUF_IN] = { p_buf_in, 0, 0 },
	[A_BUF_OUT] = { p_buf_out, K_OUT, 0 },
	[A_BUF_OUT_HEX] = { p_buf_out_hex, K_OUT, 0 },
	[A_ARGV] = { p_argv, 0, 0 },
	[A_ENVP] = { p_envp, 0, 0 },
	[A_CWD_OUT] = { p_cwd_out, K_OUT, 0 },
	[A_LINK_OUT] = { p_link_out, K_OUT, 0 },
	[A_XATTR_LIST_OUT] = { p_xattr_list, K_OUT, 0 },
	[A_OPEN_FLAGS] = { p_open_flags, 0, 0 },
	[A_OPEN_MODE] = { p_open_mode, 0, 0 },
	[A_FD_FLAGS] = { p_table, 0, 0 },
	[A_ACCESS_MODE] = { p_table, 0, 0 },
	[A_AT_FLAGS] = { p_table, 0, 0 },
	[A_FACCESSAT2_FLAGS] = { p_table, 0, 0 },
	[A_STATX_FLAGS] = { p_statx_flags, 0, 0 },
	[A_STATX_MASK] = { p_table, 0, 0 },
	[A_STAT_OUT] = { p_stat_out, K_OUT, 0 },
	[A_STATX_OUT] = { p_statx_out, K_OUT, 0 },
	[A_STATFS_OUT] = { p_statfs_out, K_OUT, 0 },
	[A_WHENCE] = { p_table, 0, 0 },
	[A_FLOCK_OP] = { p_table, 0, 0 },
	[A_RENAME_FLAGS] = { p_table, 0, 0 },
	[A_MKNOD_MODE] = { p_mknod_mode, 0, 0 },
	[A_DEV] = { p_dev, 0, 0 },
	[A_DIRENTS_OUT] = { p_dirents_out, K_OUT, 0 },
	[A_UTIMENS] = { p_utimens, 0, 0 },
	[A_XATTR_FLAGS] = { p_table, 0, 0 },
	[A_MOUNT_FLAGS] = { p_mount_flags, 0, 0 },
	[A_MOUNT_TYPE] = { p_mount_type, 0, 0 },
	[A_MOUNT_DATA] = { p_mount_data, 0, 0 },
	[A_RWF_FLAGS] = { p_table, 0, 0 },
	[A_CLONE_FLAGS] = { p_table, 0, 0 },
	[A_SFD_FLAGS] = { p_table, 0, 0 },
	[A_UMOUNT_FLAGS] = { p_table, 0, 0 },
	[A_FADVICE] = { p_table, 0, 0 },
	[A_FALLOC_MODE] = { p_table, 0, 0 },
	[A_SPLICE_FLAGS] = { p_table, 0, 0 },
	[A_OFF_PTR_IN] = { p_off_ptr_in, 0, 0 },
	[A_OFF_PTR_INOUT] = { p_off_ptr_inout, K_OUT | K_SAVE, 8 },
	[A_IN_FLAGS] = { p_table, 0, 0 },
	[A_IN_MASK] = { p_table, 0, 0 },
	[A_MFD_FLAGS] = { p_mfd_flags, 0, 0 },
	[A_CLOSE_RANGE_FLAGS] = { p_table, 0, 0 },
	[A_FCNTL_CMD] = { p_table, 0, 0 },
	[A_FCNTL_ARG] = { p_fcntl_arg, K_OUT, 0 },
	[A_IOCTL_REQ] = { p_ioctl_req, 0, 0 },
	[A_IOCTL_ARG] = { p_ioctl_arg, K_OUT, 0 },
	[A_PIDFD_FLAGS] = { p_table, 0, 0 },
	[A_GRND_FLAGS] = { p_table, 0, 0 },
	[A_MMAP_PROT] = { p_table, 0, 0 },
	[A_MMAP_FLAGS] = { p_mmap_flags, 0, 0 },
	[A_MREMAP_FLAGS] = { p_table, 0, 0 },
	[A_MSYNC_FLAGS] = { p_table, 0, 0 },
	[A_MADVICE] = { p_table, 0, 0 },
	[A_MLOCK2_FLAGS] = { p_table, 0, 0 },
	[A_MCL_FLAGS] = { p_table, 0, 0 },
	[A_MREMAP_ADDR] = { p_mremap_addr, 0, 0 },
	[A_SIGNO] = { p_signo, 0, 0 },
	[A_SIGSET_IN] = { p_sigset_in, 0, 0 },
	[A_SIGSET_OUT] = { p_sigset_out, K_OUT, 0 },
	[A_SIGACTION_IN] = { p_sigaction_in, 0, 0 },
	[A_SIGACTION_OUT] = { p_sigaction_out, K_OUT, 0 },
	[A_SIGHOW] = { p_table, 0, 0 },
	[A_SIGINFO_IN] = { p_siginfo_in, 0, 0 },
	[A_SIGINFO_OUT] = { p_siginfo_out, K_OUT, 0 },
	[A_STACK_IN] = { p_stack_in, 0, 0 },
	[A_STACK_OUT] = { p_stack_out, K_OUT, 0 },
	[A_PSELECT_SIGMASK] = { p_pselect_sigmask, 0, 0 },
	[A_TIMESPEC_IN] = { p_timespec_in, 0, 0 },
	[A_TIMESPEC_OUT] = { p_timespec_out, K_OUT, 0 },
	[A_TIMESPEC_REM] = { p_timespec_rem, K_OUT, 0 },
	[A_TIMEVAL_IN] = { p_timeval_in, 0, 0 },
	[A_TIMEVAL_OUT] = { p_timeval_out, K_OUT, 0 },
	[A_TIMEZONE_OUT] = { p_timezone_out, K_OUT, 0 },
	[A_ITIMERSPEC_IN] = { p_itimerspec_in, 0, 0 },
	[A_ITIMERSPEC_OUT] = { p_itimerspec_out, K_OUT, 0 },
	[A_ITIMERVAL_IN] = { p_itimerval_in, 0, 0 },
	[A_ITIMERVAL_OUT] = { p_itimerval_out, K_OUT, 0 },
	[A_ITIMER_WHICH] = { p_table, 0, 0 },
	[A_CLOCKID] = { p_table, 0, 0 },
	[A_TIMER_FLAGS] = { p_table, 0, 0 },
	[A_TFD_FLAGS] = { p_table, 0, 0 },
	[A_TIME_OUT] = { p_time_out, K_OUT, 0 },
	[A_POLLFDS] = { p_pollfds, 0, 0 },
	[A_FDSET] = { p_fdset, 0, 0 },
	[A_EPOLL_OP] = { p_table, 0, 0 },
	[A_EPOLL_EVENT_IN] = { p_epoll_event_in, 0, 0 },
	[A_EPOLL_EVENTS_OUT] = { p_epoll_events_out, K_OUT, 0 },
	[A_EPOLL_FLAGS] = { p_table, 0, 0 },
	[A_EFD_FLAGS] = { p_table, 0, 0 },
	[A_IOVEC_IN] = { p_iovec_in, 0, 0 },
	[A_IOVEC_OUT] = { p_iovec_out, K_OUT, 0 },
	[A_PIPEFDS_OUT] = { p_pipefds_out, K_OUT, 0 },
	[A_SOCK_FAMILY] = { p_table, 0, 0 },
	[A_SOCK_TYPE] = { p_sock_type, 0, 0 },
	[A_SOCK_PROTO] = { p_sock_proto, 0, 0 },
	[A_SOCKADDR_IN] = { p_sockaddr_in, 0, 0 },
	[A_SOCKADDR_OUT] = { p_sockaddr_out, K_OUT, 0 },
	[A_SOCKLEN_INOUT] = { p_socklen_inout, K_OUT | K_SAVE, 4 },
	[A_MSG_FLAGS] = { p_table, 0, 0 },
	[A_MSGHDR_IN] = { p_msghdr_in, 0, 0 },
	[A_MSGHDR_OUT] = { p_msghdr_out, K_OUT | K_SAVE, 0 },
	[A_SHUT_HOW] = { p_table, 0, 0 },
	[A_SOCKOPT_LEVEL] = { p_table, 0, 0 },
	[A_SOCKOPT_NAME] = { p_sockopt_name, 0, 0 },
	[A_SOCKOPT_VAL_IN] = { p_sockopt_val_in, 0, 0 },
	[A_SOCKOPT_VAL_OUT] = { p_sockopt_val_out, K_OUT, 0 },
	[A_SOCK_FLAGS] = { p_table, 0, 0 },
	[A_CLONE] = { p_clone, K_OUT, 0 },
	[A_CLONE3_ARGS] = { p_clone3, K_OUT, 0 },
	[A_WAIT_STATUS_OUT] = { p_wait_status_out, K_OUT, 0 },
	[A_WAIT_OPTIONS] = { p_table, 0, 0 },
	[A_RUSAGE_OUT] = { p_rusage_out, K_OUT, 0 },
	[A_IDTYPE] = { p_table, 0, 0 },
	[A_UTSNAME_OUT] = { p_utsname_out, K_OUT, 0 },
	[A_RLIMIT_RES] = { p_table, 0, 0 },
	[A_RLIMIT_IN] = { p_rlimit_in, 0, 0 },
	[A_RLIMIT_OUT] = { p_rlimit_out, K_OUT, 0 },
	[A_RUSAGE_WHO] = { p_table, 0, 0 },
	[A_SYSINFO_OUT] = { p_sysinfo_out, K_OUT, 0 },
	[A_GROUPS_IN] = { p_groups_in, 0, 0 },
	[A_GROUPS_OUT] = { p_groups_out, K_OUT, 0 },
	[A_INT_PTR_OUT] = { p_int_ptr_out, K_OUT, 0 },
	[A_PRCTL] = { p_prctl, K_OUT, 0 },
	[A_ARCH_PRCTL] = { p_arch_prctl, K_OUT, 0 },
	[A_FUTEX] = { p_futex, 0, 0 },
	[A_PTR_PTR_OUT] = { p_ptr_ptr_out, K_OUT, 0 },
	[A_SIZE_PTR_OUT] = { p_size_ptr_out, K_OUT, 0 },
	[A_PRIO_WHICH] = { p_table, 0, 0 },
	[A_TIMES_OUT] = { p_times_out, K_OUT, 0 },
};

/* The value tables decide between a value and bits.  The kernel takes
 * most of these as an int and ignores the upper half of the register, as
 * strace does; a few are whole longs. */
static int p_table(struct dctx *c, unsigned long v)
{
	int is_flags = 0;
	enum pv_arg_kind k = pv_syscall_arg_kind(c->call->nr, c->i);
	if (k != A_MMAP_PROT && k != A_MREMAP_FLAGS && k != A_MOUNT_FLAGS)
		v = (unsigned)v;
	const struct xtable *t = kind_table(k, &is_flags);
	if (!t)
		print_hexval(c->b, v);
	else if (is_flags)
		print_flags(c->b, t, v);
	else
		print_xval(c->b, t, v);
	return 1;
}

/* ---- calls whose line shows something other than their arguments ---- */

typedef void frame_fn(struct dctx *c);
static const struct {
	long nr;
	frame_fn *print;
} frames[] = {
	/* the signal frame being returned from: "{mask=[...]}" */
	{ __NR_rt_sigreturn, print_sigreturn },
};

/* ---- the steps ---- */

static int is_known(long nr) { return pv_syscall_name(nr) != NULL; }

static int nargs_of(long nr)
{
	return is_known(nr) ? pv_syscall_nargs(nr) : 6;
}

static enum pv_arg_kind kind_of(long nr, int i)
{
	return is_known(nr) ? pv_syscall_arg_kind(nr, i) : A_HEX;
}

static void print_args(struct dctx *c, int from, int to)
{
	for (int i = from; i < to; i++) {
		const struct kind_info *k = &kinds[kind_of(c->call->nr, i)];
		size_t mark = c->b->len;
		if (c->st->shown)
			rt_puts(c->b, ", ");
		c->i = i;
		printer_fn *fn = k->print ? k->print : p_hex;
		if (fn(c, targ(c, i)))
			c->st->shown++;
		else
			c->b->len = mark; /* the argument is not shown: nor its comma */
	}
}

static void save_inout(struct dctx *c, int n)
{
	for (int i = 0; i < n; i++) {
		const struct kind_info *k = &kinds[kind_of(c->call->nr, i)];
		unsigned long v = 0;
		if (!(k->flags & K_SAVE))
			continue;
		if (k->save_size && !peek(&v, targ(c, i), k->save_size)) {
			c->st->saved[i] = v;
			c->st->have[i] = 1;
		}
	}
}

void trace_decode_enter(struct rt_buf *b, const struct pv_syscall *call,
			struct trace_args_state *st)
{
	struct dctx c = { .b = b, .call = call, .st = st };
	const char *name = pv_syscall_name(call->nr);
	if (name)
		rt_puts(b, name);
	else
	{
		rt_puts(b, "syscall_");
		print_hexval(b, (unsigned long)call->nr);
	}
	rt_putc(b, '(');
	int n = nargs_of(call->nr);
	st->next = n;
	st->shown = 0;
	for (int i = 0; i < n; i++)
		if (kinds[kind_of(call->nr, i)].flags & K_OUT) {
			st->next = i;
			break;
		}
	save_inout(&c, n);
	print_args(&c, 0, st->next);
}

void trace_decode_exit(struct rt_buf *b, const struct pv_syscall *call,
		       long ret, struct trace_args_state *st)
{
	struct dctx c = { .b = b, .call = call, .st = st, .ret = ret,
			  .exiting = 1 };
	print_args(&c, st->next, nargs_of(call->nr));
	for (size_t i = 0; i < PV_ARRAY_SIZE(frames); i++)
		if (frames[i].nr == call->nr)
			frames[i].print(&c);
	rt_putc(b, ')');
}

/* The result's trailing comment for the calls that have one. */
static void print_result_extra(struct dctx *c, enum pv_ret_kind k)
{
	struct rt_buf *b = c->b;
	long ret = c->ret;
	switch (k) {
	case R_FCNTL:
		print_fcntl_result(b, targ(c, 1), ret);
		return;
	case R_POLL:
	case R_PPOLL:
		rt_putdec(b, ret);
		if (!ret) {
			rt_puts(b, " (Timeout)");
			return;
		}
		rt_puts(b, " (");
		print_poll_result(b, targ(c, 0), targ(c, 1), ret);
		if (k == R_PPOLL && targ(c, 2)) {
			rt_puts(b, ", left ");
			print_timespec(b, targ(c, 2));
		}
		rt_putc(b, ')');
		return;
	case R_SELECT:
	case R_PSELECT: {
		rt_putdec(b, ret);
		if (!ret) {
			rt_puts(b, " (Timeout)");
			return;
		}
		static const char *const sets[] = { "in", "out", "except" };
		int any = 0;
		rt_puts(b, " (");
		for (int s = 0; s < 3; s++) {
			unsigned long addr = targ(c, 1 + s);
			if (!addr)
				continue;
			size_t mark = b->len;
			rt_printf(b, "%s%s ", any ? ", " : "", sets[s]);
			size_t body = b->len;
			print_fdset(b, addr, (int)targ(c, 0));
			/* strace lists only the sets with a ready descriptor */
			if (b->len - body == 2 && b->p[body] == '[') {
				b->len = mark;
				continue;
			}
			any = 1;
		}
		if (targ(c, 4)) {
			rt_puts(b, any ? ", left " : "left ");
			if (k == R_SELECT)
				print_timeval(b, targ(c, 4));
			else
				print_timespec(b, targ(c, 4));
		}
		rt_putc(b, ')');
		return;
	}
	case R_SIGNO:
		rt_putdec(b, ret);
		rt_puts(b, " (");
		print_signo(b, ret);
		rt_putc(b, ')');
		return;
	case R_PRCTL:
		print_prctl_result(b, c->call, ret);
		return;
	case R_HEX:
		print_hexval(b, (unsigned long)ret);
		return;
	case R_OCT:
		print_mode(b, (unsigned)ret);
		return;
	default:
		rt_putdec(b, ret);
		return;
	}
}

void trace_decode_result(struct rt_buf *b, const struct pv_syscall *call,
			 long ret, struct trace_args_state *st)
{
	struct dctx c = { .b = b, .call = call, .st = st, .ret = ret,
			  .exiting = 1 };
	if (pv_is_error(ret)) {
		print_error_result(b, -ret);
		return;
	}
	print_result_extra(&c, is_known(call->nr) ? pv_syscall_ret_kind(call->nr)
						  : R_DEC);
}
