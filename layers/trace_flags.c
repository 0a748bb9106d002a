/* trace_flags.c - names for values and bits, and the arguments whose
 * meaning depends on another argument (fcntl, ioctl, prctl, futex, clone).
 *
 * The names, values and their order in each table are strace 6.1's output,
 * learnt by running it on calls with every bit set and with each value:
 * strace prints flags in its table order, and a name whose bits are all set
 * takes them before the names after it (O_SYNC before O_DSYNC).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "trace_internal.h"

#include <asm/unistd_64.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/stat.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>

/* ---- the printers ---- */

const char *xlookup(const struct xtable *t, uint64_t v)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->v[i].val == v)
			return t->v[i].name;
	return NULL;
}

static void put_unknown(struct rt_buf *b, const struct xtable *t, uint64_t v)
{
	print_hexval(b, v);
	if (t->unknown)
		rt_printf(b, " /* %s */", t->unknown);
}

void print_xval(struct rt_buf *b, const struct xtable *t, uint64_t v)
{
	const char *name = xlookup(t, v);
	if (name)
		rt_puts(b, name);
	else
		put_unknown(b, t, v);
}

int print_flag_bits(struct rt_buf *b, const struct xtable *t, uint64_t v)
{
	int shown = 0;
	for (unsigned i = 0; i < t->n && v; i++) {
		uint64_t f = t->v[i].val;
		if (!f || (v & f) != f)
			continue;
		if (shown++)
			rt_putc(b, '|');
		rt_puts(b, t->v[i].name);
		v &= ~f;
	}
	if (v) {
		if (shown++)
			rt_putc(b, '|');
		rt_puthex(b, v);
	}
	return shown;
}

void print_flags(struct rt_buf *b, const struct xtable *t, uint64_t v)
{
	if (!v) {
		const char *zero = xlookup(t, 0);
		rt_puts(b, zero ? zero : "0");
		return;
	}
	uint64_t known = 0;
	for (unsigned i = 0; i < t->n; i++)
		if (t->v[i].val && (v & t->v[i].val) == t->v[i].val)
			known |= t->v[i].val;
	if (!known) {
		put_unknown(b, t, v);
		return;
	}
	print_flag_bits(b, t, v);
}

/* ---- files ---- */

static const struct xlat open_access[] = {
	{ 0, "O_RDONLY" }, { 1, "O_WRONLY" }, { 2, "O_RDWR" }, { 3, "O_ACCMODE" },
};
static const struct xtable xt_open_access = XTABLE(open_access, NULL);

static const struct xlat open_flags[] = {
	XN(O_CREAT), XN(O_EXCL), XN(O_NOCTTY), XN(O_TRUNC), XN(O_APPEND),
	XN(O_NONBLOCK), XN(O_SYNC), XN(O_DSYNC), { 0x100000, "__O_SYNC" }, XN(O_DIRECT),
	{ 0x8000, "O_LARGEFILE" } /* glibc's is 0 on 64-bit */, XN(O_NOFOLLOW), XN(O_NOATIME), XN(O_CLOEXEC),
	XN(O_PATH), XN(O_TMPFILE), XN(__O_TMPFILE), XN(O_DIRECTORY),
	XN(FASYNC),
};
static const struct xtable xt_open_flags = XTABLE(open_flags, "O_???");

void print_open_flags(struct rt_buf *b, unsigned long flags)
{
	rt_puts(b, xlookup(&xt_open_access, flags & O_ACCMODE));
	flags &= ~(unsigned long)O_ACCMODE;
	if (flags) {
		rt_putc(b, '|');
		print_flag_bits(b, &xt_open_flags, flags);
	}
}

static const struct xlat fd_flags[] = { XN(FD_CLOEXEC) };
static const struct xtable xt_fd_flags = XTABLE(fd_flags, NULL);

static const struct xlat access_modes[] = {
	{ 0, "F_OK" }, { 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" },
};
static const struct xtable xt_access = XTABLE(access_modes, "?_OK");

static const struct xlat at_flags[] = {
	XN(AT_SYMLINK_NOFOLLOW), XN(AT_REMOVEDIR), XN(AT_SYMLINK_FOLLOW),
	XN(AT_NO_AUTOMOUNT), XN(AT_EMPTY_PATH), { 0x8000, "AT_RECURSIVE" },
};
static const struct xtable xt_at_flags = XTABLE(at_flags, "AT_???");

static const struct xlat faccessat2_flags[] = {
	XN(AT_SYMLINK_NOFOLLOW), XN(AT_EACCESS), XN(AT_EMPTY_PATH),
};
static const struct xtable xt_faccessat2 = XTABLE(faccessat2_flags, "AT_???");

static const struct xlat statx_mask[] = {
	{ 0xfff, "STATX_ALL" }, XN(STATX_BASIC_STATS), XN(STATX_TYPE),
	XN(STATX_MODE), XN(STATX_NLINK), XN(STATX_UID), XN(STATX_GID),
	XN(STATX_ATIME), XN(STATX_MTIME), XN(STATX_CTIME), XN(STATX_INO),
	XN(STATX_SIZE), XN(STATX_BLOCKS), XN(STATX_BTIME),
	{ 0x1000, "STATX_MNT_ID" }, { 0x2000, "STATX_DIOALIGN" },
};
const struct xtable xt_statx_mask = XTABLE(statx_mask, "STATX_???");

static const struct xlat stat_types[] = {
	XN(S_IFREG), XN(S_IFSOCK), XN(S_IFIFO), XN(S_IFLNK), XN(S_IFDIR),
	XN(S_IFBLK), XN(S_IFCHR),
};
const struct xtable xt_stat_types = XTABLE(stat_types, NULL);

static const struct xlat whence[] = {
	XN(SEEK_SET), XN(SEEK_CUR), XN(SEEK_END), XN(SEEK_DATA), XN(SEEK_HOLE),
};
const struct xtable xt_whence = XTABLE(whence, "SEEK_???");

static const struct xlat flock_ops[] = {
	{ 1, "LOCK_SH" }, { 2, "LOCK_EX" }, { 4, "LOCK_NB" }, { 8, "LOCK_UN" },
	{ 0x20, "LOCK_MAND" }, { 0xc0, "LOCK_RW" }, { 0x40, "LOCK_READ" },
	{ 0x80, "LOCK_WRITE" },
};
static const struct xtable xt_flock = XTABLE(flock_ops, "LOCK_???");

static const struct xlat rename_flags[] = {
	{ 1, "RENAME_NOREPLACE" }, { 2, "RENAME_EXCHANGE" }, { 4, "RENAME_WHITEOUT" },
};
static const struct xtable xt_rename = XTABLE(rename_flags, "RENAME_??");

static const struct xlat xattr_flags[] = {
	{ 1, "XATTR_CREATE" }, { 2, "XATTR_REPLACE" },
};
static const struct xtable xt_xattr = XTABLE(xattr_flags, "XATTR_???");

static const struct xlat mount_flags[] = {
	XN(MS_RDONLY), XN(MS_NOSUID), XN(MS_NODEV), XN(MS_NOEXEC),
	XN(MS_SYNCHRONOUS), XN(MS_REMOUNT), XN(MS_MANDLOCK), XN(MS_DIRSYNC),
	{ 0x100, "MS_NOSYMFOLLOW" }, XN(MS_NOATIME), XN(MS_NODIRATIME),
	XN(MS_BIND), XN(MS_MOVE), XN(MS_REC), XN(MS_SILENT), XN(MS_POSIXACL),
	XN(MS_UNBINDABLE), XN(MS_PRIVATE), XN(MS_SLAVE), XN(MS_SHARED),
	XN(MS_RELATIME), XN(MS_KERNMOUNT), XN(MS_I_VERSION),
	XN(MS_STRICTATIME), XN(MS_LAZYTIME), { 1 << 26, "MS_SUBMOUNT" },
	{ 1 << 27, "MS_NOREMOTELOCK" }, { 1 << 28, "MS_NOSEC" },
	{ 1 << 29, "MS_BORN" }, { 1 << 30, "MS_ACTIVE" },
	{ 1u << 31, "MS_NOUSER" },
};
static const struct xtable xt_mount = XTABLE(mount_flags, "MS_???");

/* The old magic number in the upper half of mount's flags comes first. */
void print_mount_flags(struct rt_buf *b, unsigned long flags)
{
	if ((flags & 0xffff0000UL) == 0xc0ed0000UL) {
		rt_puts(b, "MS_MGC_VAL");
		flags &= 0xffff;
		if (flags) {
			rt_putc(b, '|');
			print_flag_bits(b, &xt_mount, flags);
		}
		return;
	}
	print_flags(b, &xt_mount, flags);
}

static const struct xlat umount_flags[] = {
	{ 1, "MNT_FORCE" }, { 2, "MNT_DETACH" }, { 4, "MNT_EXPIRE" },
	{ 8, "UMOUNT_NOFOLLOW" },
};
static const struct xtable xt_umount = XTABLE(umount_flags, "MNT_???");

static const struct xlat fadvice[] = {
	{ 0, "POSIX_FADV_NORMAL" }, { 1, "POSIX_FADV_RANDOM" },
	{ 2, "POSIX_FADV_SEQUENTIAL" }, { 3, "POSIX_FADV_WILLNEED" },
	{ 4, "POSIX_FADV_DONTNEED" }, { 5, "POSIX_FADV_NOREUSE" },
};
static const struct xtable xt_fadvice = XTABLE(fadvice, "POSIX_FADV_???");

static const struct xlat falloc_modes[] = {
	{ 0x01, "FALLOC_FL_KEEP_SIZE" }, { 0x02, "FALLOC_FL_PUNCH_HOLE" },
	{ 0x04, "FALLOC_FL_NO_HIDE_STALE" }, { 0x08, "FALLOC_FL_COLLAPSE_RANGE" },
	{ 0x10, "FALLOC_FL_ZERO_RANGE" }, { 0x20, "FALLOC_FL_INSERT_RANGE" },
	{ 0x40, "FALLOC_FL_UNSHARE_RANGE" },
};
static const struct xtable xt_falloc = XTABLE(falloc_modes, "FALLOC_FL_???");

static const struct xlat splice_flags[] = {
	{ 1, "SPLICE_F_MOVE" }, { 2, "SPLICE_F_NONBLOCK" }, { 4, "SPLICE_F_MORE" },
	{ 8, "SPLICE_F_GIFT" },
};
static const struct xtable xt_splice = XTABLE(splice_flags, "SPLICE_F_???");

static const struct xlat in_init_flags[] = {
	{ O_NONBLOCK, "IN_NONBLOCK" }, { O_CLOEXEC, "IN_CLOEXEC" },
};
static const struct xtable xt_in_init = XTABLE(in_init_flags, "IN_???");

static const struct xlat in_mask[] = {
	{ 0x1, "IN_ACCESS" }, { 0x2, "IN_MODIFY" }, { 0x4, "IN_ATTRIB" },
	{ 0x8, "IN_CLOSE_WRITE" }, { 0x10, "IN_CLOSE_NOWRITE" },
	{ 0x20, "IN_OPEN" }, { 0x40, "IN_MOVED_FROM" }, { 0x80, "IN_MOVED_TO" },
	{ 0x100, "IN_CREATE" }, { 0x200, "IN_DELETE" },
	{ 0x400, "IN_DELETE_SELF" }, { 0x800, "IN_MOVE_SELF" },
	{ 0x2000, "IN_UNMOUNT" }, { 0x4000, "IN_Q_OVERFLOW" },
	{ 0x8000, "IN_IGNORED" }, { 0x1000000, "IN_ONLYDIR" },
	{ 0x2000000, "IN_DONT_FOLLOW" }, { 0x4000000, "IN_EXCL_UNLINK" },
	{ 0x10000000, "IN_MASK_CREATE" }, { 0x20000000, "IN_MASK_ADD" },
	{ 0x40000000, "IN_ISDIR" }, { 0x80000000, "IN_ONESHOT" },
};
static const struct xtable xt_in_mask = XTABLE(in_mask, "IN_???");

static const struct xlat mfd_flags[] = {
	{ 1, "MFD_CLOEXEC" }, { 2, "MFD_ALLOW_SEALING" }, { 4, "MFD_HUGETLB" },
};
static const struct xtable xt_mfd = XTABLE(mfd_flags, "MFD_???");

static const struct xlat close_range_flags[] = {
	{ 2, "CLOSE_RANGE_UNSHARE" }, { 4, "CLOSE_RANGE_CLOEXEC" },
};
static const struct xtable xt_close_range = XTABLE(close_range_flags, "CLOSE_RANGE_???");

static const struct xlat pidfd_flags[] = { { O_NONBLOCK, "PIDFD_NONBLOCK" } };
static const struct xtable xt_pidfd = XTABLE(pidfd_flags, "PIDFD_???");

static const struct xlat grnd_flags[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" },
};
static const struct xtable xt_grnd = XTABLE(grnd_flags, "GRND_???");

static const struct xlat fcntl_cmds[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" },
	{ 4, "F_SETFL" }, { 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" },
	{ 8, "F_SETOWN" }, { 9, "F_GETOWN" }, { 10, "F_SETSIG" },
	{ 11, "F_GETSIG" }, { 12, "F_GETLK64" }, { 13, "F_SETLK64" },
	{ 14, "F_SETLKW64" }, { 15, "F_SETOWN_EX" }, { 16, "F_GETOWN_EX" },
	{ 17, "F_GETOWNER_UIDS" }, { 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" },
	{ 38, "F_OFD_SETLKW" }, { 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" },
	{ 1026, "F_NOTIFY" }, { 1029, "F_CANCELLK" }, { 1030, "F_DUPFD_CLOEXEC" },
	{ 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
	{ 1033, "F_ADD_SEALS" }, { 1034, "F_GET_SEALS" },
};
static const struct xtable xt_fcntl_cmds = XTABLE(fcntl_cmds, "F_???");

static const struct xlat lock_types[] = {
	{ F_RDLCK, "F_RDLCK" }, { F_WRLCK, "F_WRLCK" }, { F_UNLCK, "F_UNLCK" },
};
const struct xtable xt_lock_types = XTABLE(lock_types, "F_???");

static const struct xlat seals[] = {
	{ 1, "F_SEAL_SEAL" }, { 2, "F_SEAL_SHRINK" }, { 4, "F_SEAL_GROW" },
	{ 8, "F_SEAL_WRITE" }, { 16, "F_SEAL_FUTURE_WRITE" },
};
static const struct xtable xt_seals = XTABLE(seals, "F_SEAL_???");

static const struct xlat notify_flags[] = {
	{ 1, "DN_ACCESS" }, { 2, "DN_MODIFY" }, { 4, "DN_CREATE" },
	{ 8, "DN_DELETE" }, { 16, "DN_RENAME" }, { 32, "DN_ATTRIB" },
	{ 0x80000000, "DN_MULTISHOT" },
};
static const struct xtable xt_notify = XTABLE(notify_flags, "DN_???");

int print_fcntl_arg(struct dctx *c)
{
	unsigned long cmd = targ(c, 1), arg = targ(c, 2);
	struct rt_buf *b = c->b;
	switch (cmd) {
	case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG:
	case F_GETLEASE: case F_GETPIPE_SZ: case F_GET_SEALS:
		return 0;
	case F_SETFD:
		print_flags(b, &xt_fd_flags, (unsigned)arg);
		return 1;
	case F_SETFL:
		print_open_flags(b, (unsigned)arg);
		return 1;
	case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
		print_flock(b, arg, 0);
		return 1;
	case F_GETLK: case F_OFD_GETLK:
		if (tfailed(c))
			print_addr(b, arg);
		else
			print_flock(b, arg, 1);
		return 1;
	case F_SETLEASE:
		print_xval(b, &xt_lock_types, (unsigned)arg);
		return 1;
	case F_ADD_SEALS:
		print_flags(b, &xt_seals, (unsigned)arg);
		return 1;
	case F_NOTIFY:
		print_flags(b, &xt_notify, (unsigned)arg);
		return 1;
	case F_SETSIG:
		print_signo(b, (int)arg);
		return 1;
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETPIPE_SZ:
		rt_putdec(b, (int)arg);
		return 1;
	default:
		print_hexval(b, arg);
		return 1;
	}
}

void print_fcntl_result(struct rt_buf *b, unsigned long cmd, long ret)
{
	switch (cmd) {
	case F_GETFD:
		if (!ret)
			break;
		print_hexval(b, (unsigned long)ret);
		rt_puts(b, " (flags ");
		print_flags(b, &xt_fd_flags, (unsigned long)ret);
		rt_putc(b, ')');
		return;
	case F_GETFL:
		print_hexval(b, (unsigned long)ret);
		rt_puts(b, " (flags ");
		print_open_flags(b, (unsigned long)ret);
		rt_putc(b, ')');
		return;
	case F_GETLEASE:
		print_xval(b, &xt_lock_types, (unsigned long)ret);
		return;
	case F_GET_SEALS:
		print_hexval(b, (unsigned long)ret);
		if (ret) {
			rt_puts(b, " (seals ");
			print_flags(b, &xt_seals, (unsigned long)ret);
			rt_putc(b, ')');
		}
		return;
	case F_GETSIG:
		if (ret) {
			rt_putdec(b, ret);
			rt_puts(b, " (");
			print_signo(b, ret);
			rt_putc(b, ')');
			return;
		}
		break;
	default:
		break;
	}
	rt_putdec(b, ret);
}

/* ---- memory ---- */

static const struct xlat mmap_prot[] = {
	{ 0, "PROT_NONE" }, XN(PROT_READ), XN(PROT_WRITE), XN(PROT_EXEC),
	{ 0x8, "PROT_SEM" }, XN(PROT_GROWSDOWN), XN(PROT_GROWSUP),
};
static const struct xtable xt_mmap_prot = XTABLE(mmap_prot, "PROT_???");

static const struct xlat mmap_types[] = {
	{ 0, "MAP_FILE" }, { 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" },
	{ 3, "MAP_SHARED_VALIDATE" },
};
static const struct xtable xt_mmap_types = XTABLE(mmap_types, "MAP_???");

static const struct xlat mmap_flags[] = {
	XN(MAP_FIXED), XN(MAP_ANONYMOUS), XN(MAP_32BIT), XN(MAP_NORESERVE),
	XN(MAP_POPULATE), XN(MAP_NONBLOCK), XN(MAP_GROWSDOWN), XN(MAP_DENYWRITE),
	XN(MAP_EXECUTABLE), XN(MAP_LOCKED), XN(MAP_STACK), XN(MAP_HUGETLB),
	{ 0x80000, "MAP_SYNC" }, { 0x100000, "MAP_FIXED_NOREPLACE" },
};
static const struct xtable xt_mmap_flags = XTABLE(mmap_flags, NULL);

/* The mapping type (the low four bits), then flags, then the huge page
 * size in bits 26-31 as a shift. */
void print_mmap_flags(struct rt_buf *b, unsigned long flags)
{
	unsigned long huge = (flags >> 26) & 0x3f;
	print_xval(b, &xt_mmap_types, flags & 0xf);
	flags &= ~0xfUL & ~(0x3fUL << 26);
	if (flags) {
		rt_putc(b, '|');
		print_flag_bits(b, &xt_mmap_flags, flags);
	}
	if (huge)
		rt_printf(b, "|%lu<<MAP_HUGE_SHIFT", huge);
}

void print_mfd_flags(struct rt_buf *b, unsigned long flags)
{
	unsigned long huge = (flags >> 26) & 0x3f;
	flags &= ~(0x3fUL << 26);
	if (flags)
		print_flags(b, &xt_mfd, flags);
	if (huge)
		rt_printf(b, "%s%lu<<MFD_HUGE_SHIFT", flags ? "|" : "", huge);
	if (!flags && !huge)
		rt_putc(b, '0');
}

static const struct xlat mremap_flags[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" }, { 4, "MREMAP_DONTUNMAP" },
};
static const struct xtable xt_mremap = XTABLE(mremap_flags, "MREMAP_???");

static const struct xlat msync_flags[] = {
	XN(MS_SYNC), XN(MS_ASYNC), XN(MS_INVALIDATE),
};
static const struct xtable xt_msync = XTABLE(msync_flags, "MS_???");

static const struct xlat madvice[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" },
	{ 14, "MADV_HUGEPAGE" }, { 15, "MADV_NOHUGEPAGE" },
	{ 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" },
	{ 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" },
	{ 20, "MADV_COLD" }, { 21, "MADV_PAGEOUT" },
	{ 22, "MADV_POPULATE_READ" }, { 23, "MADV_POPULATE_WRITE" },
	{ 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" },
	{ 100, "MADV_HWPOISON" }, { 101, "MADV_SOFT_OFFLINE" },
};
static const struct xtable xt_madvice = XTABLE(madvice, "MADV_???");

static const struct xlat mlock2_flags[] = { { 1, "MLOCK_ONFAULT" } };
static const struct xtable xt_mlock2 = XTABLE(mlock2_flags, "MLOCK_???");

static const struct xlat mcl_flags[] = {
	{ 1, "MCL_CURRENT" }, { 2, "MCL_FUTURE" }, { 4, "MCL_ONFAULT" },
};
static const struct xtable xt_mcl = XTABLE(mcl_flags, "MCL_???");

/* ---- signals, time ---- */

static const struct xlat sighow[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" },
};
static const struct xtable xt_sighow = XTABLE(sighow, "SIG_???");

static const struct xlat itimer_which[] = {
	{ 0, "ITIMER_REAL" }, { 1, "ITIMER_VIRTUAL" }, { 2, "ITIMER_PROF" },
};
static const struct xtable xt_itimer = XTABLE(itimer_which, "ITIMER_???");

static const struct xlat clockids[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" },
	{ 2, "CLOCK_PROCESS_CPUTIME_ID" }, { 3, "CLOCK_THREAD_CPUTIME_ID" },
	{ 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" },
	{ 8, "CLOCK_REALTIME_ALARM" }, { 9, "CLOCK_BOOTTIME_ALARM" },
	{ 10, "CLOCK_SGI_CYCLE" }, { 11, "CLOCK_TAI" },
};
static const struct xtable xt_clockids = XTABLE(clockids, "CLOCK_???");

static const struct xlat timer_flags[] = { { 1, "TIMER_ABSTIME" } };
static const struct xtable xt_timer_flags = XTABLE(timer_flags, "TIMER_???");

static const struct xlat tfd_flags[] = {
	{ 1, "TFD_TIMER_ABSTIME" }, { 2, "TFD_TIMER_CANCEL_ON_SET" },
	{ O_CLOEXEC, "TFD_CLOEXEC" }, { O_NONBLOCK, "TFD_NONBLOCK" },
};
static const struct xtable xt_tfd = XTABLE(tfd_flags, "TFD_???");

/* ---- waiting on descriptors ---- */

static const struct xlat epoll_ops[] = {
	{ 1, "EPOLL_CTL_ADD" }, { 2, "EPOLL_CTL_DEL" }, { 3, "EPOLL_CTL_MOD" },
};
static const struct xtable xt_epoll_ops = XTABLE(epoll_ops, "EPOLL_CTL_???");

static const struct xlat epoll_flags[] = { { O_CLOEXEC, "EPOLL_CLOEXEC" } };
static const struct xtable xt_epoll_flags = XTABLE(epoll_flags, "EPOLL_???");

static const struct xlat efd_flags[] = {
	{ 1, "EFD_SEMAPHORE" }, { O_CLOEXEC, "EFD_CLOEXEC" },
	{ O_NONBLOCK, "EFD_NONBLOCK" },
};
static const struct xtable xt_efd = XTABLE(efd_flags, "EFD_???");

static const struct xlat epoll_events[] = {
	{ 0x1, "EPOLLIN" }, { 0x2, "EPOLLPRI" }, { 0x4, "EPOLLOUT" },
	{ 0x8, "EPOLLERR" }, { 0x10, "EPOLLHUP" }, { 0x20, "EPOLLNVAL" },
	{ 0x40, "EPOLLRDNORM" }, { 0x80, "EPOLLRDBAND" },
	{ 0x100, "EPOLLWRNORM" }, { 0x200, "EPOLLWRBAND" },
	{ 0x400, "EPOLLMSG" }, { 0x2000, "EPOLLRDHUP" },
	{ 1u << 28, "EPOLLEXCLUSIVE" }, { 1u << 29, "EPOLLWAKEUP" },
	{ 1u << 30, "EPOLLONESHOT" }, { 1u << 31, "EPOLLET" },
};
const struct xtable xt_epoll_events = XTABLE(epoll_events, "EPOLL???");

static const struct xlat poll_events[] = {
	{ 0x1, "POLLIN" }, { 0x2, "POLLPRI" }, { 0x4, "POLLOUT" },
	{ 0x8, "POLLERR" }, { 0x10, "POLLHUP" }, { 0x20, "POLLNVAL" },
	{ 0x40, "POLLRDNORM" }, { 0x80, "POLLRDBAND" }, { 0x100, "POLLWRNORM" },
	{ 0x200, "POLLWRBAND" }, { 0x400, "POLLMSG" }, { 0x1000, "POLLREMOVE" },
	{ 0x2000, "POLLRDHUP" }, { 0x8000, "POLL_BUSY_LOOP" },
};
const struct xtable xt_poll_events = XTABLE(poll_events, "POLL???");

/* ---- network ---- */

static const struct xlat families[] = {
	{ 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 3, "AF_AX25" },
	{ 4, "AF_IPX" }, { 5, "AF_APPLETALK" }, { 6, "AF_NETROM" },
	{ 7, "AF_BRIDGE" }, { 8, "AF_ATMPVC" }, { 9, "AF_X25" },
	{ 10, "AF_INET6" }, { 11, "AF_ROSE" }, { 12, "AF_DECnet" },
	{ 13, "AF_NETBEUI" }, { 14, "AF_SECURITY" }, { 15, "AF_KEY" },
	{ 16, "AF_NETLINK" }, { 17, "AF_PACKET" }, { 18, "AF_ASH" },
	{ 19, "AF_ECONET" }, { 20, "AF_ATMSVC" }, { 21, "AF_RDS" },
	{ 22, "AF_SNA" }, { 23, "AF_IRDA" }, { 24, "AF_PPPOX" },
	{ 25, "AF_WANPIPE" }, { 26, "AF_LLC" }, { 27, "AF_IB" },
	{ 28, "AF_MPLS" }, { 29, "AF_CAN" }, { 30, "AF_TIPC" },
	{ 31, "AF_BLUETOOTH" }, { 32, "AF_IUCV" }, { 33, "AF_RXRPC" },
	{ 34, "AF_ISDN" }, { 35, "AF_PHONET" }, { 36, "AF_IEEE802154" },
	{ 37, "AF_CAIF" }, { 38, "AF_ALG" }, { 39, "AF_NFC" },
	{ 40, "AF_VSOCK" }, { 41, "AF_KCM" }, { 42, "AF_QIPCRTR" },
	{ 43, "AF_SMC" }, { 44, "AF_XDP" }, { 45, "AF_MCTP" },
};
const struct xtable xt_sock_families = XTABLE(families, "AF_???");

static const struct xlat sock_types[] = {
	{ 1, "SOCK_STREAM" }, { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" },
	{ 4, "SOCK_RDM" }, { 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" },
	{ 10, "SOCK_PACKET" },
};
const struct xtable xt_sock_types = XTABLE(sock_types, "SOCK_???");

static const struct xlat sock_flags[] = {
	{ O_CLOEXEC, "SOCK_CLOEXEC" }, { O_NONBLOCK, "SOCK_NONBLOCK" },
};
const struct xtable xt_sock_flags = XTABLE(sock_flags, "SOCK_???");

static const struct xlat msg_flags[] = {
	{ 0x1, "MSG_OOB" }, { 0x2, "MSG_PEEK" }, { 0x4, "MSG_DONTROUTE" },
	{ 0x8, "MSG_CTRUNC" }, { 0x10, "MSG_PROBE" }, { 0x20, "MSG_TRUNC" },
	{ 0x40, "MSG_DONTWAIT" }, { 0x80, "MSG_EOR" }, { 0x100, "MSG_WAITALL" },
	{ 0x200, "MSG_FIN" }, { 0x400, "MSG_SYN" }, { 0x800, "MSG_CONFIRM" },
	{ 0x1000, "MSG_RST" }, { 0x2000, "MSG_ERRQUEUE" },
	{ 0x4000, "MSG_NOSIGNAL" }, { 0x8000, "MSG_MORE" },
	{ 0x10000, "MSG_WAITFORONE" }, { 0x20000, "MSG_SENDPAGE_NOTLAST" },
	{ 0x40000, "MSG_BATCH" }, { 0x80000, "MSG_NO_SHARED_FRAGS" },
	{ 0x4000000, "MSG_ZEROCOPY" }, { 0x20000000, "MSG_FASTOPEN" },
	{ 0x40000000, "MSG_CMSG_CLOEXEC" }, { 0x80000000, "MSG_CMSG_COMPAT" },
};
const struct xtable xt_msg_flags = XTABLE(msg_flags, "MSG_???");

static const struct xlat shut_how[] = {
	{ 0, "SHUT_RD" }, { 1, "SHUT_WR" }, { 2, "SHUT_RDWR" },
};
static const struct xtable xt_shut = XTABLE(shut_how, "SHUT_???");

static const struct xlat sock_levels[] = {
	{ 0, "SOL_IP" }, { 1, "SOL_SOCKET" }, { 6, "SOL_TCP" }, { 17, "SOL_UDP" },
	{ 40, "AF_VSOCK" }, { 41, "SOL_IPV6" }, { 58, "SOL_ICMPV6" },
	{ 100, "SOL_CAN_BASE" }, { 101, "SOL_CAN_RAW" }, { 132, "SOL_SCTP" },
	{ 136, "SOL_UDPLITE" }, { 255, "SOL_RAW" }, { 256, "SOL_IPX" },
	{ 257, "SOL_AX25" }, { 258, "SOL_ATALK" }, { 259, "SOL_NETROM" },
	{ 260, "SOL_ROSE" }, { 261, "SOL_DECNET" }, { 262, "SOL_X25" },
	{ 263, "SOL_PACKET" }, { 264, "SOL_ATM" }, { 265, "SOL_AAL" },
	{ 266, "SOL_IRDA" }, { 267, "SOL_NETBEUI" }, { 268, "SOL_LLC" },
	{ 269, "SOL_DCCP" }, { 270, "SOL_NETLINK" }, { 271, "SOL_TIPC" },
	{ 272, "SOL_RXRPC" }, { 273, "SOL_PPPOL2TP" }, { 274, "SOL_BLUETOOTH" },
	{ 275, "SOL_PNPIPE" }, { 276, "SOL_RDS" }, { 277, "SOL_IUCV" },
	{ 278, "SOL_CAIF" }, { 279, "SOL_ALG" }, { 280, "SOL_NFC" },
	{ 281, "SOL_KCM" }, { 282, "SOL_TLS" }, { 283, "SOL_XDP" },
};
const struct xtable xt_sock_levels = XTABLE(sock_levels, "SOL_??");

static const struct xlat so_names[] = {
	{ 1, "SO_DEBUG" }, { 2, "SO_REUSEADDR" }, { 3, "SO_TYPE" },
	{ 4, "SO_ERROR" }, { 5, "SO_DONTROUTE" }, { 6, "SO_BROADCAST" },
	{ 7, "SO_SNDBUF" }, { 8, "SO_RCVBUF" }, { 9, "SO_KEEPALIVE" },
	{ 10, "SO_OOBINLINE" }, { 11, "SO_NO_CHECK" }, { 12, "SO_PRIORITY" },
	{ 13, "SO_LINGER" }, { 14, "SO_BSDCOMPAT" }, { 15, "SO_REUSEPORT" },
	{ 16, "SO_PASSCRED" }, { 17, "SO_PEERCRED" }, { 18, "SO_RCVLOWAT" },
	{ 19, "SO_SNDLOWAT" }, { 20, "SO_RCVTIMEO_OLD" },
	{ 21, "SO_SNDTIMEO_OLD" }, { 22, "SO_SECURITY_AUTHENTICATION" },
	{ 23, "SO_SECURITY_ENCRYPTION_TRANSPORT" },
	{ 24, "SO_SECURITY_ENCRYPTION_NETWORK" }, { 25, "SO_BINDTODEVICE" },
	{ 26, "SO_ATTACH_FILTER" }, { 27, "SO_DETACH_FILTER" },
	{ 28, "SO_PEERNAME" }, { 29, "SO_TIMESTAMP_OLD" },
	{ 30, "SO_ACCEPTCONN" }, { 31, "SO_PEERSEC" }, { 32, "SO_SNDBUFFORCE" },
	{ 33, "SO_RCVBUFFORCE" }, { 34, "SO_PASSSEC" },
	{ 35, "SO_TIMESTAMPNS_OLD" }, { 36, "SO_MARK" },
	{ 37, "SO_TIMESTAMPING_OLD" }, { 38, "SO_PROTOCOL" }, { 39, "SO_DOMAIN" },
	{ 40, "SO_RXQ_OVFL" }, { 41, "SO_WIFI_STATUS" }, { 42, "SO_PEEK_OFF" },
	{ 43, "SO_NOFCS" }, { 44, "SO_LOCK_FILTER" },
	{ 45, "SO_SELECT_ERR_QUEUE" }, { 46, "SO_BUSY_POLL" },
	{ 47, "SO_MAX_PACING_RATE" }, { 48, "SO_BPF_EXTENSIONS" },
	{ 49, "SO_INCOMING_CPU" }, { 50, "SO_ATTACH_BPF" },
	{ 51, "SO_ATTACH_REUSEPORT_CBPF" }, { 52, "SO_ATTACH_REUSEPORT_EBPF" },
	{ 53, "SO_CNX_ADVICE" }, { 55, "SO_MEMINFO" },
	{ 56, "SO_INCOMING_NAPI_ID" }, { 57, "SO_COOKIE" },
	{ 59, "SO_PEERGROUPS" }, { 60, "SO_ZEROCOPY" }, { 61, "SO_TXTIME" },
	{ 62, "SO_BINDTOIFINDEX" }, { 63, "SO_TIMESTAMP_NEW" },
	{ 64, "SO_TIMESTAMPNS_NEW" }, { 65, "SO_TIMESTAMPING_NEW" },
	{ 66, "SO_RCVTIMEO_NEW" }, { 67, "SO_SNDTIMEO_NEW" },
	{ 68, "SO_DETACH_REUSEPORT_BPF" }, { 69, "SO_PREFER_BUSY_POLL" },
	{ 70, "SO_BUSY_POLL_BUDGET" }, { 71, "SO_NETNS_COOKIE" },
	{ 72, "SO_BUF_LOCK" }, { 73, "SO_RESERVE_MEM" }, { 74, "SO_TXREHASH" },
	{ 75, "SO_RCVMARK" },
};
static const struct xtable xt_so_names = XTABLE(so_names, "SO_???");

static const struct xlat tcp_opts[] = {
	{ 1, "TCP_NODELAY" }, { 2, "TCP_MAXSEG" }, { 3, "TCP_CORK" },
	{ 4, "TCP_KEEPIDLE" }, { 5, "TCP_KEEPINTVL" }, { 6, "TCP_KEEPCNT" },
	{ 7, "TCP_SYNCNT" }, { 8, "TCP_LINGER2" }, { 9, "TCP_DEFER_ACCEPT" },
	{ 10, "TCP_WINDOW_CLAMP" }, { 11, "TCP_INFO" }, { 12, "TCP_QUICKACK" },
	{ 13, "TCP_CONGESTION" }, { 18, "TCP_USER_TIMEOUT" },
	{ 23, "TCP_FASTOPEN" },
};
static const struct xtable xt_tcp_opts = XTABLE(tcp_opts, "TCP_???");

static const struct xlat ip_opts[] = {
	{ 1, "IP_TOS" }, { 2, "IP_TTL" }, { 3, "IP_HDRINCL" }, { 4, "IP_OPTIONS" },
	{ 8, "IP_RECVOPTS" }, { 10, "IP_MTU_DISCOVER" }, { 11, "IP_RECVERR" },
	{ 14, "IP_MTU" },
};
static const struct xtable xt_ip_opts = XTABLE(ip_opts, "IP_???");

void print_sockopt_name(struct rt_buf *b, int level, int name)
{
	if (level == SOL_SOCKET)
		print_xval(b, &xt_so_names, (unsigned)name);
	else if (level == 6) /* SOL_TCP */
		print_xval(b, &xt_tcp_opts, (unsigned)name);
	else if (level == 0) /* SOL_IP */
		print_xval(b, &xt_ip_opts, (unsigned)name);
	else
		rt_putudec(b, (unsigned)name);
}

static const struct xlat ipprotos[] = {
	{ 0, "IPPROTO_IP" }, { 1, "IPPROTO_ICMP" }, { 2, "IPPROTO_IGMP" },
	{ 4, "IPPROTO_IPIP" }, { 6, "IPPROTO_TCP" }, { 8, "IPPROTO_EGP" },
	{ 12, "IPPROTO_PUP" }, { 17, "IPPROTO_UDP" }, { 22, "IPPROTO_IDP" },
	{ 29, "IPPROTO_TP" }, { 33, "IPPROTO_DCCP" }, { 41, "IPPROTO_IPV6" },
	{ 43, "IPPROTO_ROUTING" }, { 44, "IPPROTO_FRAGMENT" },
	{ 46, "IPPROTO_RSVP" }, { 47, "IPPROTO_GRE" }, { 50, "IPPROTO_ESP" },
	{ 51, "IPPROTO_AH" }, { 58, "IPPROTO_ICMPV6" }, { 59, "IPPROTO_NONE" },
	{ 60, "IPPROTO_DSTOPTS" }, { 92, "IPPROTO_MTP" },
	{ 94, "IPPROTO_BEETPH" }, { 98, "IPPROTO_ENCAP" }, { 103, "IPPROTO_PIM" },
	{ 108, "IPPROTO_COMP" }, { 115, "IPPROTO_L2TP" },
	{ 132, "IPPROTO_SCTP" }, { 135, "IPPROTO_MH" },
	{ 136, "IPPROTO_UDPLITE" }, { 137, "IPPROTO_MPLS" },
	{ 143, "IPPROTO_ETHERNET" }, { 255, "IPPROTO_RAW" },
	{ 262, "IPPROTO_MPTCP" },
};
static const struct xtable xt_ipprotos = XTABLE(ipprotos, "IPPROTO_???");

static const struct xlat netlink_protos[] = {
	{ 0, "NETLINK_ROUTE" }, { 1, "NETLINK_UNUSED" }, { 2, "NETLINK_USERSOCK" },
	{ 3, "NETLINK_FIREWALL" }, { 4, "NETLINK_SOCK_DIAG" },
	{ 5, "NETLINK_NFLOG" }, { 6, "NETLINK_XFRM" }, { 7, "NETLINK_SELINUX" },
	{ 8, "NETLINK_ISCSI" }, { 9, "NETLINK_AUDIT" },
	{ 10, "NETLINK_FIB_LOOKUP" }, { 11, "NETLINK_CONNECTOR" },
	{ 12, "NETLINK_NETFILTER" }, { 13, "NETLINK_IP6_FW" },
	{ 14, "NETLINK_DNRTMSG" }, { 15, "NETLINK_KOBJECT_UEVENT" },
	{ 16, "NETLINK_GENERIC" }, { 18, "NETLINK_SCSITRANSPORT" },
	{ 19, "NETLINK_ECRYPTFS" }, { 20, "NETLINK_RDMA" },
	{ 21, "NETLINK_CRYPTO" }, { 22, "NETLINK_SMC" },
};
static const struct xtable xt_netlink = XTABLE(netlink_protos, "NETLINK_???");

/* The protocol's names depend on the family; for others strace shows the
 * whole register, unsigned. */
void print_sock_proto(struct rt_buf *b, int family, unsigned long proto)
{
	switch (family) {
	case AF_INET:
	case AF_INET6:
		print_xval(b, &xt_ipprotos, (unsigned)proto);
		return;
	case AF_NETLINK:
		print_xval(b, &xt_netlink, (unsigned)proto);
		return;
	default:
		rt_putudec(b, proto);
		return;
	}
}

static const struct xlat scm_types[] = {
	{ 1, "SCM_RIGHTS" }, { 2, "SCM_CREDENTIALS" }, { 3, "SCM_SECURITY" },
	{ 4, "SCM_PIDFD" },
};
const struct xtable xt_scm_types = XTABLE(scm_types, "SCM_???");

/* ---- processes ---- */

static const struct xlat wait_options[] = {
	{ 1, "WNOHANG" }, { 4, "WEXITED" }, { 2, "WSTOPPED" },
	{ 8, "WCONTINUED" }, { 0x1000000, "WNOWAIT" },
	{ 0x80000000, "__WCLONE" }, { 0x40000000, "__WALL" },
	{ 0x20000000, "__WNOTHREAD" },
};
static const struct xtable xt_wait = XTABLE(wait_options, "W???");

static const struct xlat idtypes[] = {
	{ 0, "P_ALL" }, { 1, "P_PID" }, { 2, "P_PGID" }, { 3, "P_PIDFD" },
};
static const struct xtable xt_idtype = XTABLE(idtypes, "P_???");

static const struct xlat rlimits[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" },
};
static const struct xtable xt_rlimit = XTABLE(rlimits, "RLIMIT_???");

static const struct xlat rusage_who[] = {
	{ (uint64_t)-1, "RUSAGE_CHILDREN" }, { 0, "RUSAGE_SELF" },
	{ 1, "RUSAGE_THREAD" },
};
static const struct xtable xt_rusage_who = XTABLE(rusage_who, "RUSAGE_???");

static const struct xlat prio_which[] = {
	{ 0, "PRIO_PROCESS" }, { 1, "PRIO_PGRP" }, { 2, "PRIO_USER" },
};
static const struct xtable xt_prio = XTABLE(prio_which, "PRIO_???");

static const struct xlat clone_flags[] = {
	XN(CLONE_VM), XN(CLONE_FS), XN(CLONE_FILES), XN(CLONE_SIGHAND),
	{ 0x1000, "CLONE_PIDFD" }, XN(CLONE_PTRACE), XN(CLONE_VFORK),
	XN(CLONE_PARENT), XN(CLONE_THREAD), XN(CLONE_NEWNS), XN(CLONE_SYSVSEM),
	XN(CLONE_SETTLS), XN(CLONE_PARENT_SETTID), XN(CLONE_CHILD_CLEARTID),
	XN(CLONE_UNTRACED), XN(CLONE_CHILD_SETTID), XN(CLONE_NEWCGROUP),
	XN(CLONE_NEWUTS), XN(CLONE_NEWIPC), XN(CLONE_NEWUSER), XN(CLONE_NEWPID),
	XN(CLONE_NEWNET), XN(CLONE_IO),
};
const struct xtable xt_clone_flags = XTABLE(clone_flags, "CLONE_???");

/* clone(2) as strace shows it: the stack first, the flags with the exit
 * signal in their low byte, then only the pointers the flags use. */
void print_clone(struct dctx *c)
{
	struct rt_buf *b = c->b;
	unsigned long flags = targ(c, 0);
	unsigned long sig = flags & 0xff;
	rt_puts(b, "child_stack=");
	print_addr(b, targ(c, 1));
	rt_puts(b, ", flags=");
	flags &= ~0xffUL;
	int shown = flags ? print_flag_bits(b, &xt_clone_flags, flags) : 0;
	if (sig) {
		if (shown)
			rt_putc(b, '|');
		print_signo(b, (int)sig);
	} else if (!shown) {
		rt_putc(b, '0');
	}
	if (targ(c, 0) & (CLONE_PARENT_SETTID | 0x1000)) {
		rt_puts(b, ", parent_tid=");
		int tid;
		if (!pv_is_error(c->ret) && !peek(&tid, targ(c, 2), sizeof tid))
			rt_printf(b, "[%d]", tid);
		else
			print_addr(b, targ(c, 2));
	}
	if (targ(c, 0) & CLONE_SETTLS) {
		rt_puts(b, ", tls=");
		print_addr(b, targ(c, 4));
	}
	if (targ(c, 0) & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		rt_puts(b, ", child_tidptr=");
		print_addr(b, targ(c, 3));
	}
}

/* ---- prctl: each option says how many arguments follow and what ---- */

enum pr_args {
	PR_NONE,     /* nothing after the option                    */
	PR_INT,      /* one number                                  */
	PR_SIG,      /* one signal                                  */
	PR_INTP_OUT, /* a pointer the kernel writes an int to       */
	PR_SIGP_OUT, /* same, the int is a signal                   */
	PR_STR_IN,   /* a task name (at most 15 bytes)              */
	PR_STR_OUT,
	PR_PTR_OUT,  /* a pointer the kernel writes a pointer to    */
	PR_INT_4,    /* one number and four more in hex             */
	PR_HEX_4,    /* four in hex                                 */
	PR_HEX_1,
	PR_DUMPABLE,
};

static const struct {
	unsigned val;
	const char *name;
	enum pr_args args;
} prctl_options[] = {
	{ 1, "PR_SET_PDEATHSIG", PR_SIG },
	{ 2, "PR_GET_PDEATHSIG", PR_SIGP_OUT },
	{ 3, "PR_GET_DUMPABLE", PR_NONE },
	{ 4, "PR_SET_DUMPABLE", PR_DUMPABLE },
	{ 5, "PR_GET_UNALIGN", PR_INTP_OUT },
	{ 6, "PR_SET_UNALIGN", PR_HEX_1 },
	{ 7, "PR_GET_KEEPCAPS", PR_NONE },
	{ 8, "PR_SET_KEEPCAPS", PR_INT },
	{ 9, "PR_GET_FPEMU", PR_INTP_OUT },
	{ 10, "PR_SET_FPEMU", PR_HEX_1 },
	{ 11, "PR_GET_FPEXC", PR_INTP_OUT },
	{ 12, "PR_SET_FPEXC", PR_HEX_1 },
	{ 13, "PR_GET_TIMING", PR_NONE },
	{ 14, "PR_SET_TIMING", PR_INT },
	{ 15, "PR_SET_NAME", PR_STR_IN },
	{ 16, "PR_GET_NAME", PR_STR_OUT },
	{ 19, "PR_GET_ENDIAN", PR_INTP_OUT },
	{ 20, "PR_SET_ENDIAN", PR_HEX_1 },
	{ 21, "PR_GET_SECCOMP", PR_NONE },
	{ 25, "PR_GET_TSC", PR_INTP_OUT },
	{ 27, "PR_GET_SECUREBITS", PR_NONE },
	{ 29, "PR_SET_TIMERSLACK", PR_INT },
	{ 30, "PR_GET_TIMERSLACK", PR_NONE },
	{ 31, "PR_TASK_PERF_EVENTS_DISABLE", PR_NONE },
	{ 32, "PR_TASK_PERF_EVENTS_ENABLE", PR_NONE },
	{ 34, "PR_MCE_KILL_GET", PR_HEX_4 },
	{ 36, "PR_SET_CHILD_SUBREAPER", PR_INT },
	{ 37, "PR_GET_CHILD_SUBREAPER", PR_INTP_OUT },
	{ 38, "PR_SET_NO_NEW_PRIVS", PR_INT_4 },
	{ 39, "PR_GET_NO_NEW_PRIVS", PR_HEX_4 },
	{ 40, "PR_GET_TID_ADDRESS", PR_PTR_OUT },
	{ 41, "PR_SET_THP_DISABLE", PR_INT_4 },
	{ 42, "PR_GET_THP_DISABLE", PR_HEX_4 },
	{ 43, "PR_MPX_ENABLE_MANAGEMENT", PR_HEX_4 },
	{ 44, "PR_MPX_DISABLE_MANAGEMENT", PR_HEX_4 },
	{ 46, "PR_GET_FP_MODE", PR_NONE },
	{ 50, "PR_SVE_SET_VL", PR_HEX_1 },
	{ 51, "PR_SVE_GET_VL", PR_NONE },
	{ 54, "PR_PAC_RESET_KEYS", PR_HEX_4 },
	{ 56, "PR_GET_TAGGED_ADDR_CTRL", PR_HEX_4 },
	{ 57, "PR_SET_IO_FLUSHER", PR_INT_4 },
	{ 58, "PR_GET_IO_FLUSHER", PR_HEX_4 },
	{ 60, "PR_PAC_SET_ENABLED_KEYS", PR_HEX_4 },
	{ 61, "PR_PAC_GET_ENABLED_KEYS", PR_HEX_4 },
	{ 63, "PR_SME_SET_VL", PR_HEX_1 },
	{ 64, "PR_SME_GET_VL", PR_NONE },
	{ 0x59616d61, "PR_SET_PTRACER", PR_INT },
};

static const struct xlat dumpable[] = {
	{ 0, "SUID_DUMP_DISABLE" }, { 1, "SUID_DUMP_USER" }, { 2, "SUID_DUMP_ROOT" },
};
static const struct xtable xt_dumpable = XTABLE(dumpable, "SUID_DUMP_???");

static int prctl_index(unsigned long option)
{
	for (unsigned i = 0; i < PV_ARRAY_SIZE(prctl_options); i++)
		if (prctl_options[i].val == option)
			return (int)i;
	return -1;
}

static void print_hex_args(struct dctx *c, int from, int to)
{
	for (int i = from; i < to; i++) {
		rt_puts(c->b, ", ");
		print_hexval(c->b, targ(c, i));
	}
}

void print_prctl(struct dctx *c)
{
	struct rt_buf *b = c->b;
	unsigned long option = targ(c, 0), a = targ(c, 1);
	int k = (unsigned)option == option ? prctl_index(option) : -1;
	if (k < 0) {
		print_hexval(b, option);
		rt_puts(b, " /* PR_??? */");
		print_hex_args(c, 1, 5);
		return;
	}
	rt_puts(b, prctl_options[k].name);
	switch (prctl_options[k].args) {
	case PR_NONE:
		return;
	case PR_INT:
		rt_printf(b, ", %lu", a);
		return;
	case PR_SIG:
		rt_puts(b, ", ");
		print_signo(b, (long)a);
		return;
	case PR_DUMPABLE:
		rt_puts(b, ", ");
		print_xval(b, &xt_dumpable, a);
		return;
	case PR_INTP_OUT:
	case PR_SIGP_OUT: {
		int v;
		rt_puts(b, ", ");
		if (tfailed(c) || peek(&v, a, sizeof v)) {
			print_addr(b, a);
			return;
		}
		rt_putc(b, '[');
		if (prctl_options[k].args == PR_SIGP_OUT)
			print_signo(b, v);
		else
			rt_putdec(b, v);
		rt_putc(b, ']');
		return;
	}
	case PR_PTR_OUT: {
		unsigned long v;
		rt_puts(b, ", ");
		if (tfailed(c) || peek(&v, a, sizeof v)) {
			print_addr(b, a);
			return;
		}
		rt_putc(b, '[');
		print_addr(b, v);
		rt_putc(b, ']');
		return;
	}
	case PR_STR_IN:
		rt_puts(b, ", ");
		print_cstr(b, a, 15);
		return;
	case PR_STR_OUT:
		rt_puts(b, ", ");
		if (tfailed(c))
			print_addr(b, a);
		else
			print_cstr(b, a, 15);
		return;
	case PR_INT_4:
		rt_printf(b, ", %lu", a);
		print_hex_args(c, 2, 5);
		return;
	case PR_HEX_4:
		print_hex_args(c, 1, 5);
		return;
	case PR_HEX_1:
		print_hex_args(c, 1, 2);
		return;
	}
}

void print_prctl_result(struct rt_buf *b, const struct pv_syscall *call,
			long ret)
{
	rt_putdec(b, ret);
	if (call->arg[0] == 3 /* PR_GET_DUMPABLE */) {
		const char *name = xlookup(&xt_dumpable, (unsigned long)ret);
		if (name)
			rt_printf(b, " (%s)", name);
	}
}


static const struct xlat arch_codes[] = {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" },
	{ 0x1003, "ARCH_GET_FS" }, { 0x1004, "ARCH_GET_GS" },
	{ 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
	{ 0x1021, "ARCH_GET_XCOMP_SUPP" }, { 0x1022, "ARCH_GET_XCOMP_PERM" },
	{ 0x1023, "ARCH_REQ_XCOMP_PERM" }, { 0x2001, "ARCH_MAP_VDSO_X32" },
	{ 0x2002, "ARCH_MAP_VDSO_32" }, { 0x2003, "ARCH_MAP_VDSO_64" },
};
static const struct xtable xt_arch = XTABLE(arch_codes, "ARCH_???");

void print_arch_prctl(struct dctx *c)
{
	struct rt_buf *b = c->b;
	unsigned code = (unsigned)targ(c, 0);
	unsigned long a = targ(c, 1);
	print_xval(b, &xt_arch, code);
	if (code == 0x1011) /* ARCH_GET_CPUID takes nothing */
		return;
	rt_puts(b, ", ");
	if (code == 0x1003 || code == 0x1004 || code == 0x1021 || code == 0x1022) {
		unsigned long v;
		if (tfailed(c) || peek(&v, a, sizeof v)) {
			print_addr(b, a);
			return;
		}
		rt_putc(b, '[');
		print_hexval(b, v);
		rt_putc(b, ']');
		return;
	}
	print_hexval(b, a);
}

/* ---- futex: the command decides which of the other arguments matter ---- */

enum fx_args {
	FX_VAL,          /* val                                          */
	FX_VAL_TIMEOUT,  /* val, timeout                                 */
	FX_VAL_V2_U2,    /* val, val2, uaddr2                            */
	FX_CMP_REQUEUE,  /* val, val2, uaddr2, val3                      */
	FX_WAKE_OP,      /* val, val2, uaddr2, op                        */
	FX_TIMEOUT,      /* timeout                                      */
	FX_NONE,
	FX_WAIT_BITSET,  /* val, timeout, bitset                         */
	FX_WAKE_BITSET,  /* val, val2 (ignored), bitset                  */
	FX_WAIT_REQUEUE, /* val, timeout, uaddr2                         */
	FX_UNKNOWN,
};

static const struct {
	const char *name;
	enum fx_args args;
} futex_cmds[] = {
	[0] = { "FUTEX_WAIT", FX_VAL_TIMEOUT },
	[1] = { "FUTEX_WAKE", FX_VAL },
	[2] = { "FUTEX_FD", FX_VAL },
	[3] = { "FUTEX_REQUEUE", FX_VAL_V2_U2 },
	[4] = { "FUTEX_CMP_REQUEUE", FX_CMP_REQUEUE },
	[5] = { "FUTEX_WAKE_OP", FX_WAKE_OP },
	[6] = { "FUTEX_LOCK_PI", FX_TIMEOUT },
	[7] = { "FUTEX_UNLOCK_PI", FX_NONE },
	[8] = { "FUTEX_TRYLOCK_PI", FX_NONE },
	[9] = { "FUTEX_WAIT_BITSET", FX_WAIT_BITSET },
	[10] = { "FUTEX_WAKE_BITSET", FX_WAKE_BITSET },
	[11] = { "FUTEX_WAIT_REQUEUE_PI", FX_WAIT_REQUEUE },
	[12] = { "FUTEX_CMP_REQUEUE_PI", FX_CMP_REQUEUE },
	[13] = { "FUTEX_LOCK_PI2", FX_TIMEOUT },
};

static const struct xlat futex_wake_ops[] = {
	{ 0, "FUTEX_OP_SET" }, { 1, "FUTEX_OP_ADD" }, { 2, "FUTEX_OP_OR" },
	{ 3, "FUTEX_OP_ANDN" }, { 4, "FUTEX_OP_XOR" },
};
static const struct xlat futex_cmp_ops[] = {
	{ 0, "FUTEX_OP_CMP_EQ" }, { 1, "FUTEX_OP_CMP_NE" },
	{ 2, "FUTEX_OP_CMP_LT" }, { 3, "FUTEX_OP_CMP_LE" },
	{ 4, "FUTEX_OP_CMP_GT" }, { 5, "FUTEX_OP_CMP_GE" },
};

static void print_futex_bitset(struct rt_buf *b, unsigned v)
{
	if (v == FUTEX_BITSET_MATCH_ANY)
		rt_puts(b, "FUTEX_BITSET_MATCH_ANY");
	else
		print_hexval(b, v);
}

void print_futex(struct dctx *c)
{
	struct rt_buf *b = c->b;
	unsigned op = (unsigned)targ(c, 1);
	unsigned cmd = op & FUTEX_CMD_MASK;
	int priv = !!(op & FUTEX_PRIVATE_FLAG), rt = !!(op & FUTEX_CLOCK_REALTIME);
	enum fx_args args = FX_UNKNOWN;
	print_addr(b, targ(c, 0));
	rt_puts(b, ", ");
	/* strace names FUTEX_CLOCK_REALTIME only where the kernel takes it */
	int rt_ok = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
		    cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_LOCK_PI2;
	if (cmd < PV_ARRAY_SIZE(futex_cmds) && futex_cmds[cmd].name &&
	    !(op & ~(FUTEX_CMD_MASK | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) &&
	    (!rt || rt_ok)) {
		args = futex_cmds[cmd].args;
		rt_puts(b, futex_cmds[cmd].name);
		if (priv)
			rt_puts(b, cmd == FUTEX_FD ? "|FUTEX_PRIVATE_FLAG" : "_PRIVATE");
		if (rt)
			rt_puts(b, "|FUTEX_CLOCK_REALTIME");
	} else {
		print_hexval(b, op);
		rt_puts(b, " /* FUTEX_??? */");
	}
	unsigned long val = targ(c, 2), t = targ(c, 3), u2 = targ(c, 4),
		      v3 = targ(c, 5);
	switch (args) {
	case FX_VAL:
		rt_printf(b, ", %u", (unsigned)val);
		return;
	case FX_VAL_TIMEOUT:
		rt_printf(b, ", %u, ", (unsigned)val);
		print_timespec(b, t);
		return;
	case FX_VAL_V2_U2:
		rt_printf(b, ", %u, %u, ", (unsigned)val, (unsigned)t);
		print_addr(b, u2);
		return;
	case FX_CMP_REQUEUE:
		rt_printf(b, ", %u, %u, ", (unsigned)val, (unsigned)t);
		print_addr(b, u2);
		rt_printf(b, ", %u", (unsigned)v3);
		return;
	case FX_WAKE_OP: {
		unsigned o = (unsigned)v3;
		unsigned wop = (o >> 28) & 7, cmp = (o >> 24) & 15;
		rt_printf(b, ", %u, %u, ", (unsigned)val, (unsigned)t);
		print_addr(b, u2);
		rt_puts(b, ", ");
		if (o >> 31)
			rt_puts(b, "FUTEX_OP_OPARG_SHIFT<<28|");
		const char *n = wop < 5 ? futex_wake_ops[wop].name : NULL;
		if (n)
			rt_puts(b, n);
		else
			print_hexval(b, wop);
		rt_puts(b, "<<28|");
		print_hexval(b, (o >> 12) & 0xfff);
		rt_puts(b, "<<12|");
		n = cmp < 6 ? futex_cmp_ops[cmp].name : NULL;
		if (n)
			rt_puts(b, n);
		else
			print_hexval(b, cmp);
		rt_puts(b, "<<24|");
		print_hexval(b, o & 0xfff);
		return;
	}
	case FX_TIMEOUT:
		rt_puts(b, ", ");
		print_timespec(b, t);
		return;
	case FX_NONE:
		return;
	case FX_WAIT_BITSET:
		rt_printf(b, ", %u, ", (unsigned)val);
		print_timespec(b, t);
		rt_puts(b, ", ");
		print_futex_bitset(b, (unsigned)v3);
		return;
	case FX_WAKE_BITSET:
		rt_printf(b, ", %u, ", (unsigned)val);
		print_futex_bitset(b, (unsigned)v3);
		return;
	case FX_WAIT_REQUEUE:
		rt_printf(b, ", %u, ", (unsigned)val);
		print_timespec(b, t);
		rt_puts(b, ", ");
		print_addr(b, u2);
		return;
	case FX_UNKNOWN:
		rt_printf(b, ", %u, ", (unsigned)val);
		print_addr(b, t);
		rt_puts(b, ", ");
		print_addr(b, u2);
		rt_puts(b, ", ");
		print_hexval(b, (unsigned)v3);
		return;
	}
}

/* ---- ioctl: request names, and the arguments strace decodes ---- */

enum io_arg {
	IO_PTR,      /* the argument as an address (strace's default)    */
	IO_NONE,     /* the request takes no argument                    */
	IO_INT_IN,   /* a pointer to an int the call reads: [N]          */
	IO_INT_OUT,  /* a pointer to an int the kernel writes            */
	IO_TERMIOS_IN,
	IO_TERMIOS_OUT,
	IO_WINSIZE_IN,
	IO_WINSIZE_OUT,
	IO_VALUE,    /* the argument itself, a number                    */
};

static const struct {
	unsigned req;
	const char *name;
	enum io_arg arg;
} ioctls[] = {
	{ 0x2, "FIGETBSZ", IO_PTR },
	{ 0x5401, "TCGETS", IO_TERMIOS_OUT },
	{ 0x5402, "SNDCTL_TMR_START or TCSETS", IO_TERMIOS_IN },
	{ 0x5403, "SNDCTL_TMR_STOP or TCSETSW", IO_TERMIOS_IN },
	{ 0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF", IO_TERMIOS_IN },
	{ 0x5405, "TCGETA", IO_PTR },
	{ 0x5406, "TCSETA", IO_PTR },
	{ 0x5407, "TCSETAW", IO_PTR },
	{ 0x5408, "TCSETAF", IO_PTR },
	{ 0x5409, "TCSBRK", IO_VALUE },
	{ 0x540a, "TCXONC", IO_VALUE },
	{ 0x540b, "TCFLSH", IO_VALUE },
	{ 0x540c, "TIOCEXCL", IO_NONE },
	{ 0x540d, "TIOCNXCL", IO_NONE },
	{ 0x540e, "TIOCSCTTY", IO_VALUE },
	{ 0x540f, "TIOCGPGRP", IO_INT_OUT },
	{ 0x5410, "TIOCSPGRP", IO_INT_IN },
	{ 0x5411, "TIOCOUTQ", IO_INT_OUT },
	{ 0x5412, "TIOCSTI", IO_PTR },
	{ 0x5413, "TIOCGWINSZ", IO_WINSIZE_OUT },
	{ 0x5414, "TIOCSWINSZ", IO_WINSIZE_IN },
	{ 0x5415, "TIOCMGET", IO_PTR },
	{ 0x5416, "TIOCMBIS", IO_PTR },
	{ 0x5417, "TIOCMBIC", IO_PTR },
	{ 0x5418, "TIOCMSET", IO_PTR },
	{ 0x5419, "TIOCGSOFTCAR", IO_INT_OUT },
	{ 0x541a, "TIOCSSOFTCAR", IO_INT_IN },
	{ 0x541b, "FIONREAD", IO_INT_OUT },
	{ 0x541c, "TIOCLINUX", IO_PTR },
	{ 0x541d, "TIOCCONS", IO_NONE },
	{ 0x541e, "TIOCGSERIAL", IO_PTR },
	{ 0x541f, "TIOCSSERIAL", IO_NONE },
	{ 0x5420, "TIOCPKT", IO_INT_IN },
	{ 0x5421, "FIONBIO", IO_INT_IN },
	{ 0x5422, "TIOCNOTTY", IO_NONE },
	{ 0x5423, "TIOCSETD", IO_INT_IN },
	{ 0x5424, "TIOCGETD", IO_INT_OUT },
	{ 0x5425, "TCSBRKP", IO_VALUE },
	{ 0x5427, "TIOCSBRK", IO_NONE },
	{ 0x5428, "TIOCCBRK", IO_NONE },
	{ 0x5429, "TIOCGSID", IO_INT_OUT },
	{ 0x542e, "TIOCGRS485", IO_PTR },
	{ 0x542f, "TIOCSRS485", IO_PTR },
	{ 0x5432, "TCGETX", IO_PTR },
	{ 0x5433, "TCSETX", IO_PTR },
	{ 0x5434, "TCSETXF", IO_PTR },
	{ 0x5435, "TCSETXW", IO_PTR },
	{ 0x5437, "TIOCVHANGUP", IO_NONE },
	{ 0x5441, "TIOCGPTPEER", IO_PTR },
	{ 0x5450, "FIONCLEX", IO_NONE },
	{ 0x5451, "FIOCLEX", IO_NONE },
	{ 0x5452, "FIOASYNC", IO_INT_IN },
	{ 0x5453, "TIOCSERCONFIG", IO_PTR },
	{ 0x5454, "TIOCSERGWILD", IO_PTR },
	{ 0x5455, "TIOCSERSWILD", IO_PTR },
	{ 0x5456, "TIOCGLCKTRMIOS", IO_PTR },
	{ 0x5457, "TIOCSLCKTRMIOS", IO_PTR },
	{ 0x5458, "TIOCSERGSTRUCT", IO_PTR },
	{ 0x5459, "TIOCSERGETLSR", IO_PTR },
	{ 0x545a, "TIOCSERGETMULTI", IO_PTR },
	{ 0x545b, "TIOCSERSETMULTI", IO_PTR },
	{ 0x545c, "TIOCMIWAIT", IO_PTR },
	{ 0x545d, "TIOCGICOUNT", IO_PTR },
	{ 0x5460, "FIOQSIZE", IO_PTR },
	{ 0x80045430, "TIOCGPTN", IO_INT_OUT },
	{ 0x40045431, "TIOCSPTLCK", IO_INT_IN },
	{ 0x80045432, "TIOCGDEV", IO_PTR },
	{ 0x80045440, "TIOCGEXCL", IO_PTR },
	{ 0x40045436, "TIOCSIG", IO_PTR },
	{ 0x80086601, "FS_IOC_GETFLAGS", IO_PTR },
	{ 0x40086602, "FS_IOC_SETFLAGS", IO_PTR },
	{ 0x80081272, "BLKGETSIZE64", IO_PTR },
	{ 0x1260, "BLKGETSIZE", IO_PTR },
	{ 0x1261, "BLKFLSBUF", IO_NONE },
	{ 0x8912, "SIOCGIFCONF", IO_PTR },
	{ 0x8913, "SIOCGIFFLAGS", IO_PTR },
	{ 0x8915, "SIOCGIFADDR", IO_PTR },
	{ 0x8927, "SIOCGIFHWADDR", IO_PTR },
	{ 0x8933, "SIOCGIFINDEX", IO_PTR },
	{ 0x40049409, "BTRFS_IOC_CLONE or FICLONE", IO_VALUE },
	{ 0x4b33, "KDGKBTYPE", IO_PTR },
	{ 0x4b44, "KDGKBMODE", IO_PTR },
};

static int ioctl_index(unsigned req)
{
	for (unsigned i = 0; i < PV_ARRAY_SIZE(ioctls); i++)
		if (ioctls[i].req == req)
			return (int)i;
	return -1;
}

/* An unnamed request shows its fields: _IOC(dir, type, nr, size). */
void print_ioctl_req(struct rt_buf *b, unsigned long req)
{
	static const char *const dirs[] = { "_IOC_NONE", "_IOC_WRITE",
					    "_IOC_READ", "_IOC_READ|_IOC_WRITE" };
	int k = ioctl_index((unsigned)req);
	if (k >= 0) {
		rt_puts(b, ioctls[k].name);
		return;
	}
	unsigned r = (unsigned)req;
	rt_printf(b, "_IOC(%s, ", dirs[r >> 30]);
	print_hexval(b, (r >> 8) & 0xff);
	rt_puts(b, ", ");
	print_hexval(b, r & 0xff);
	rt_puts(b, ", ");
	print_hexval(b, (r >> 16) & 0x3fff);
	rt_putc(b, ')');
}

int print_ioctl_arg(struct dctx *c, unsigned long req, unsigned long arg)
{
	struct rt_buf *b = c->b;
	int k = ioctl_index((unsigned)req);
	enum io_arg kind = k >= 0 ? ioctls[k].arg : IO_PTR;
	switch (kind) {
	case IO_NONE:
		return 0;
	case IO_VALUE:
		rt_putdec(b, (long)arg);
		return 1;
	case IO_INT_IN:
		print_int_ptr(b, arg);
		return 1;
	case IO_INT_OUT:
		if (tfailed(c))
			print_addr(b, arg);
		else
			print_int_ptr(b, arg);
		return 1;
	case IO_TERMIOS_IN:
		print_termios(b, arg);
		return 1;
	case IO_TERMIOS_OUT:
		if (tfailed(c))
			print_addr(b, arg);
		else
			print_termios(b, arg);
		return 1;
	case IO_WINSIZE_IN:
		print_winsize(b, arg);
		return 1;
	case IO_WINSIZE_OUT:
		if (tfailed(c))
			print_addr(b, arg);
		else
			print_winsize(b, arg);
		return 1;
	case IO_PTR:
		print_hexval(b, arg);
		return 1;
	}
	return 1;
}

static const struct xlat rwf_flags[] = {
	{ 1, "RWF_HIPRI" }, { 2, "RWF_DSYNC" }, { 4, "RWF_SYNC" },
	{ 8, "RWF_NOWAIT" }, { 16, "RWF_APPEND" },
};
static const struct xtable xt_rwf = XTABLE(rwf_flags, "RWF_???");

static const struct xlat sfd_flags[] = {
	{ O_CLOEXEC, "SFD_CLOEXEC" }, { O_NONBLOCK, "SFD_NONBLOCK" },
};
static const struct xtable xt_sfd = XTABLE(sfd_flags, "SFD_???");

/* ---- kinds that are a plain table ---- */

static const struct {
	enum pv_arg_kind kind;
	const struct xtable *t;
	int is_flags;
} kind_tables[] = {
	{ A_FD_FLAGS, &xt_open_flags, 1 },
	{ A_ACCESS_MODE, &xt_access, 1 },
	{ A_AT_FLAGS, &xt_at_flags, 1 },
	{ A_FACCESSAT2_FLAGS, &xt_faccessat2, 1 },
	{ A_STATX_MASK, &xt_statx_mask, 1 },
	{ A_WHENCE, &xt_whence, 0 },
	{ A_FLOCK_OP, &xt_flock, 1 },
	{ A_RENAME_FLAGS, &xt_rename, 1 },
	{ A_XATTR_FLAGS, &xt_xattr, 1 },
	{ A_UMOUNT_FLAGS, &xt_umount, 1 },
	{ A_FADVICE, &xt_fadvice, 0 },
	{ A_FALLOC_MODE, &xt_falloc, 1 },
	{ A_SPLICE_FLAGS, &xt_splice, 1 },
	{ A_IN_FLAGS, &xt_in_init, 1 },
	{ A_IN_MASK, &xt_in_mask, 1 },
	{ A_CLOSE_RANGE_FLAGS, &xt_close_range, 1 },
	{ A_FCNTL_CMD, &xt_fcntl_cmds, 0 },
	{ A_PIDFD_FLAGS, &xt_pidfd, 1 },
	{ A_GRND_FLAGS, &xt_grnd, 1 },
	{ A_MMAP_PROT, &xt_mmap_prot, 1 },
	{ A_MREMAP_FLAGS, &xt_mremap, 1 },
	{ A_MSYNC_FLAGS, &xt_msync, 1 },
	{ A_MADVICE, &xt_madvice, 0 },
	{ A_MLOCK2_FLAGS, &xt_mlock2, 1 },
	{ A_MCL_FLAGS, &xt_mcl, 1 },
	{ A_SIGHOW, &xt_sighow, 0 },
	{ A_ITIMER_WHICH, &xt_itimer, 0 },
	{ A_CLOCKID, &xt_clockids, 0 },
	{ A_TIMER_FLAGS, &xt_timer_flags, 1 },
	{ A_TFD_FLAGS, &xt_tfd, 1 },
	{ A_EPOLL_OP, &xt_epoll_ops, 0 },
	{ A_EPOLL_FLAGS, &xt_epoll_flags, 1 },
	{ A_EFD_FLAGS, &xt_efd, 1 },
	{ A_SOCK_FAMILY, &xt_sock_families, 0 },
	{ A_MSG_FLAGS, &xt_msg_flags, 1 },
	{ A_SHUT_HOW, &xt_shut, 0 },
	{ A_SOCKOPT_LEVEL, &xt_sock_levels, 0 },
	{ A_SOCK_FLAGS, &xt_sock_flags, 1 },
	{ A_WAIT_OPTIONS, &xt_wait, 1 },
	{ A_IDTYPE, &xt_idtype, 0 },
	{ A_RLIMIT_RES, &xt_rlimit, 0 },
	{ A_RUSAGE_WHO, &xt_rusage_who, 0 },
	{ A_PRIO_WHICH, &xt_prio, 0 },
	{ A_RWF_FLAGS, &xt_rwf, 1 },
	{ A_CLONE_FLAGS, &xt_clone_flags, 1 },
	{ A_SFD_FLAGS, &xt_sfd, 1 },
};

const struct xtable *kind_table(enum pv_arg_kind k, int *is_flags)
{
	for (unsigned i = 0; i < PV_ARRAY_SIZE(kind_tables); i++)
		if (kind_tables[i].kind == k) {
			if (is_flags)
				*is_flags = kind_tables[i].is_flags;
			return kind_tables[i].t;
		}
	return NULL;
}
