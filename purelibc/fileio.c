/* fileio.c - file I/O: opening, reading and writing (plain, vectored,
 * positioned), descriptors, fcntl and ioctl, syncing, sizes, advice and
 * the in-kernel copies.
 *
 * Each wrapper makes the system call glibc 2.36 makes on x86-64 (checked
 * with strace), as a cancellation point exactly where glibc's is one.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

/* Another exported name for the same function (open64 for open, ...). */
#define PV_ALIAS(name, target)                                                 \
	extern __typeof__(target) name                                         \
		__attribute__((alias(#target), copy(target),                   \
			       visibility("default")))

void __chk_fail(void) __attribute__((noreturn));

/* ---- opening ---- */

static int needs_mode(int flags)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE;
}

/* glibc reads the mode only when the flags say there is one, and passes 0
 * otherwise: what was left in the register must not reach the kernel. */
static mode_t open_mode(int flags, va_list ap)
{
	return needs_mode(flags) ? va_arg(ap, mode_t) : 0;
}

PV_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return (int)PV_SYSCALL_RET_CANCEL(SYS_openat, dirfd, path, flags, mode);
}
PV_ALIAS(openat64, openat);

PV_EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return (int)PV_SYSCALL_RET_CANCEL(SYS_openat, AT_FDCWD, path, flags, mode);
}
PV_ALIAS(open64, open);
PV_ALIAS(__open, open);
PV_ALIAS(__open64, open);

PV_EXPORT int creat(const char *path, mode_t mode)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_creat, path, mode);
}
PV_ALIAS(creat64, creat);

/* The fortified opens are what a program built with _FORTIFY_SOURCE calls
 * when it gives no mode.  A mode that the flags require and the caller did
 * not give is a bug glibc stops the program for, with its own message. */
static void open_without_mode(const char *which)
{
	void (*fortify_fail)(const char *) =
		(void (*)(const char *))dlsym(RTLD_NEXT, "__fortify_fail");
	static char msg[96];
	struct rt_buf b = RT_BUF(msg);
	rt_printf(&b, "invalid %s call: O_CREAT or O_TMPFILE without mode", which);
	msg[b.len < sizeof msg ? b.len : sizeof msg - 1] = 0;
	if (fortify_fail)
		fortify_fail(msg);
	abort();
}

PV_EXPORT int __open_2(const char *path, int flags)
{
	if (needs_mode(flags))
		open_without_mode("open");
	return open(path, flags);
}

PV_EXPORT int __open64_2(const char *path, int flags)
{
	if (needs_mode(flags))
		open_without_mode("open64");
	return open(path, flags);
}

PV_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	if (needs_mode(flags))
		open_without_mode("openat");
	return openat(dirfd, path, flags);
}

PV_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
	if (needs_mode(flags))
		open_without_mode("openat64");
	return openat(dirfd, path, flags);
}

/* ---- reading and writing ---- */

PV_EXPORT ssize_t read(int fd, void *buf, size_t n)
{
	return PV_SYSCALL_RET_CANCEL(SYS_read, fd, buf, n);
}
PV_ALIAS(__read, read);

PV_EXPORT ssize_t write(int fd, const void *buf, size_t n)
{
	return PV_SYSCALL_RET_CANCEL(SYS_write, fd, buf, n);
}
PV_ALIAS(__write, write);

PV_EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	return PV_SYSCALL_RET_CANCEL(SYS_pread64, fd, buf, n, off);
}
PV_ALIAS(pread64, pread);
PV_ALIAS(__pread64, pread);

PV_EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return PV_SYSCALL_RET_CANCEL(SYS_pwrite64, fd, buf, n, off);
}
PV_ALIAS(pwrite64, pwrite);
PV_ALIAS(__pwrite64, pwrite);

/* A fortified read whose count exceeds the buffer the compiler saw. */
PV_EXPORT ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		__chk_fail();
	return read(fd, buf, n);
}

PV_EXPORT ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off,
			      size_t buflen)
{
	if (n > buflen)
		__chk_fail();
	return pread(fd, buf, n, off);
}
PV_ALIAS(__pread64_chk, __pread_chk);

PV_EXPORT ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	return PV_SYSCALL_RET_CANCEL(SYS_readv, fd, iov, cnt);
}

PV_EXPORT ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	return PV_SYSCALL_RET_CANCEL(SYS_writev, fd, iov, cnt);
}

/* The kernel takes the offset as two halves; on x86-64 the low one holds
 * all of it and glibc passes 0 for the high one. */
PV_EXPORT ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return PV_SYSCALL_RET_CANCEL(SYS_preadv, fd, iov, cnt, off, 0);
}
PV_ALIAS(preadv64, preadv);

PV_EXPORT ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return PV_SYSCALL_RET_CANCEL(SYS_pwritev, fd, iov, cnt, off, 0);
}
PV_ALIAS(pwritev64, pwritev);

/* A kernel without preadv2/pwritev2: glibc falls back on the older calls
 * when no flag asks for what only the new ones can do. */
static ssize_t rw2_fallback(int write_, int fd, const struct iovec *iov,
			    int cnt, off_t off, int flags)
{
	if (flags) {
		errno = ENOTSUP;
		return -1;
	}
	if (off == -1)
		return write_ ? writev(fd, iov, cnt) : readv(fd, iov, cnt);
	return write_ ? pwritev(fd, iov, cnt, off) : preadv(fd, iov, cnt, off);
}

PV_EXPORT ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off,
			  int flags)
{
	long r = PV_LIBC_CANCEL(SYS_preadv2, fd, iov, cnt, off, 0, flags);
	if (r == -ENOSYS) {
		errno = ENOSYS; /* glibc's first attempt leaves it set */
		return rw2_fallback(0, fd, iov, cnt, off, flags);
	}
	return pv_errno(r);
}
PV_ALIAS(preadv64v2, preadv2);

PV_EXPORT ssize_t pwritev2(int fd, const struct iovec *iov, int cnt, off_t off,
			   int flags)
{
	long r = PV_LIBC_CANCEL(SYS_pwritev2, fd, iov, cnt, off, 0, flags);
	if (r == -ENOSYS) {
		errno = ENOSYS;
		return rw2_fallback(1, fd, iov, cnt, off, flags);
	}
	return pv_errno(r);
}
PV_ALIAS(pwritev64v2, pwritev2);

PV_EXPORT off_t lseek(int fd, off_t off, int whence)
{
	return PV_SYSCALL_RET(SYS_lseek, fd, off, whence);
}
PV_ALIAS(lseek64, lseek);
PV_ALIAS(__lseek, lseek);

/* ---- descriptors ---- */

/* The kernel end handles close itself (the runtime's own descriptors), and
 * so does not run it as a cancellation point: a cancellation already
 * pending is acted on here, as glibc's close would on entry. */
PV_EXPORT int close(int fd)
{
	pthread_testcancel();
	return (int)PV_SYSCALL_RET_CANCEL(SYS_close, fd);
}
PV_ALIAS(__close, close);

PV_EXPORT int close_range(unsigned first, unsigned last, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_close_range, first, last, flags);
}

PV_EXPORT int dup(int fd) { return (int)PV_SYSCALL_RET(SYS_dup, fd); }

PV_EXPORT int dup2(int fd, int fd2)
{
	return (int)PV_SYSCALL_RET(SYS_dup2, fd, fd2);
}
PV_ALIAS(__dup2, dup2);

PV_EXPORT int dup3(int fd, int fd2, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_dup3, fd, fd2, flags);
}

PV_EXPORT int pipe2(int fds[2], int flags)
{
	return (int)PV_SYSCALL_RET(SYS_pipe2, fds, flags);
}

PV_EXPORT int pipe(int fds[2]) { return (int)PV_SYSCALL_RET(SYS_pipe2, fds, 0); }
PV_ALIAS(__pipe, pipe);

/* ---- fcntl and ioctl ---- */

enum fcntl_arg { ARG_LONG = 0, ARG_NONE, ARG_INT, ARG_PTR, ARG_PTR_CANCEL };

struct fcntl_kind {
	int cmd;
	enum fcntl_arg arg;
};

/* What the third argument of each command is.  A command not listed gets
 * what the caller passed, pointer-sized, as glibc does for every command. */
static const struct fcntl_kind fcntl_kinds[] = {
	{ F_DUPFD, ARG_INT },         { F_GETFD, ARG_NONE },
	{ F_SETFD, ARG_INT },         { F_GETFL, ARG_NONE },
	{ F_SETFL, ARG_INT },         { F_GETLK, ARG_PTR },
	{ F_SETLK, ARG_PTR },         { F_SETLKW, ARG_PTR_CANCEL },
	{ F_SETOWN, ARG_INT },        { F_GETOWN, ARG_NONE },
	{ F_SETSIG, ARG_INT },        { F_GETSIG, ARG_NONE },
	{ F_SETOWN_EX, ARG_PTR },     { F_GETOWN_EX, ARG_PTR },
	{ F_OFD_GETLK, ARG_PTR },     { F_OFD_SETLK, ARG_PTR },
	{ F_OFD_SETLKW, ARG_PTR_CANCEL },
	{ F_SETLEASE, ARG_INT },      { F_GETLEASE, ARG_NONE },
	{ F_NOTIFY, ARG_INT },        { F_DUPFD_CLOEXEC, ARG_INT },
	{ F_SETPIPE_SZ, ARG_INT },    { F_GETPIPE_SZ, ARG_NONE },
	{ F_ADD_SEALS, ARG_INT },     { F_GET_SEALS, ARG_NONE },
	{ F_GET_RW_HINT, ARG_PTR },   { F_SET_RW_HINT, ARG_PTR },
	{ F_GET_FILE_RW_HINT, ARG_PTR }, { F_SET_FILE_RW_HINT, ARG_PTR },
};

static enum fcntl_arg fcntl_arg_of(int cmd)
{
	for (size_t i = 0; i < PV_ARRAY_SIZE(fcntl_kinds); i++)
		if (fcntl_kinds[i].cmd == cmd)
			return fcntl_kinds[i].arg;
	return ARG_LONG;
}

/* glibc answers F_GETOWN with F_GETOWN_EX, which cannot confuse a negative
 * owner (a process group) with an error. */
static int fcntl_getown(int fd)
{
	struct f_owner_ex owner;
	long r = PV_LIBC(SYS_fcntl, fd, F_GETOWN_EX, &owner);
	if (pv_is_error(r))
		return (int)pv_errno(r);
	return owner.type == F_OWNER_PGRP ? -owner.pid : owner.pid;
}

PV_EXPORT int fcntl(int fd, int cmd, ...)
{
	enum fcntl_arg kind = fcntl_arg_of(cmd);
	long arg = 0;
	va_list ap;
	va_start(ap, cmd);
	if (kind == ARG_INT)
		arg = (long)va_arg(ap, unsigned int); /* as a 32-bit move leaves it */
	else if (kind != ARG_NONE)
		arg = (long)va_arg(ap, void *);
	va_end(ap);
	if (cmd == F_GETOWN)
		return fcntl_getown(fd);
	if (kind == ARG_PTR_CANCEL)
		return (int)PV_SYSCALL_RET_CANCEL(SYS_fcntl, fd, cmd, arg);
	return (int)PV_SYSCALL_RET(SYS_fcntl, fd, cmd, arg);
}
PV_ALIAS(fcntl64, fcntl);
PV_ALIAS(__fcntl, fcntl);

PV_EXPORT int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return (int)PV_SYSCALL_RET(SYS_ioctl, fd, request, arg);
}

/* ---- syncing ---- */

PV_EXPORT int fsync(int fd) { return (int)PV_SYSCALL_RET_CANCEL(SYS_fsync, fd); }

PV_EXPORT int fdatasync(int fd)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_fdatasync, fd);
}

PV_EXPORT void sync(void) { PV_LIBC(SYS_sync); }

PV_EXPORT int syncfs(int fd) { return (int)PV_SYSCALL_RET(SYS_syncfs, fd); }

/* ---- sizes ---- */

PV_EXPORT int truncate(const char *path, off_t len)
{
	return (int)PV_SYSCALL_RET(SYS_truncate, path, len);
}
PV_ALIAS(truncate64, truncate);

PV_EXPORT int ftruncate(int fd, off_t len)
{
	return (int)PV_SYSCALL_RET(SYS_ftruncate, fd, len);
}
PV_ALIAS(ftruncate64, ftruncate);

PV_EXPORT int fallocate(int fd, int mode, off_t off, off_t len)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_fallocate, fd, mode, off, len);
}
PV_ALIAS(fallocate64, fallocate);

/* The smallest step that still touches every block of the file system,
 * capped because network file systems report huge block sizes. */
static long fill_step(const struct statfs *fs)
{
	if (fs->f_bsize == 0)
		return 512;
	return fs->f_bsize < 4096 ? fs->f_bsize : 4096;
}

/* Writes a zero byte into each block of [off, off+len) that does not
 * visibly hold data yet.  Returns 0 or an error number. */
static int fill_blocks(int fd, off_t off, off_t len, off_t size, long step)
{
	for (off += (len - 1) % step; len > 0; off += step) {
		len -= step;
		if (off < size) {
			unsigned char c;
			long n = PV_SYSCALL_RET_CANCEL(SYS_pread64, fd, &c, 1, off);
			if (n < 0)
				return errno;
			if (n == 1 && c != 0)
				continue;
		}
		if (PV_SYSCALL_RET_CANCEL(SYS_pwrite64, fd, "", 1, off) != 1)
			return errno;
	}
	return 0;
}

/* A file system without fallocate: glibc reserves the space by writing
 * into every block itself.  Its steps set errno as they fail, and the
 * program may see that. */
static int emulate_fallocate(int fd, off_t off, off_t len)
{
	if (off < 0 || len < 0)
		return EINVAL;
	if ((off_t)((unsigned long)off + (unsigned long)len) < 0)
		return EFBIG;
	long flags = PV_SYSCALL_RET(SYS_fcntl, fd, F_GETFL, 0);
	if (flags < 0 || (flags & O_APPEND))
		return EBADF; /* pwrite would append */
	struct stat st;
	if (PV_SYSCALL_RET(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH) != 0)
		return EBADF;
	if (S_ISFIFO(st.st_mode))
		return ESPIPE;
	if (!S_ISREG(st.st_mode))
		return ENODEV;
	if (len == 0) {
		if (st.st_size >= off)
			return 0;
		return PV_SYSCALL_RET(SYS_ftruncate, fd, off) ? errno : 0;
	}
	struct statfs fs;
	if (PV_SYSCALL_RET(SYS_fstatfs, fd, &fs) != 0)
		return errno;
	return fill_blocks(fd, off, len, st.st_size, fill_step(&fs));
}

PV_EXPORT int posix_fallocate(int fd, off_t off, off_t len)
{
	long r = PV_LIBC(SYS_fallocate, fd, 0, off, len);
	if (r == -EOPNOTSUPP)
		return emulate_fallocate(fd, off, len);
	return pv_errnum(r);
}
PV_ALIAS(posix_fallocate64, posix_fallocate);

/* ---- advice ---- */

/* The kernel takes the arguments in the function's order on x86-64; glibc
 * moves the advice as 32 bits (the kernel reads an int) and, like the
 * other posix_ functions, returns the error number and leaves errno as it
 * was.  Not a cancellation point. */
PV_EXPORT int posix_fadvise(int fd, off_t off, off_t len, int advice)
{
	return pv_errnum(PV_LIBC(SYS_fadvise64, fd, off, len, (unsigned)advice));
}
PV_ALIAS(posix_fadvise64, posix_fadvise);

/* ---- copies inside the kernel ---- */

PV_EXPORT ssize_t sendfile(int out, int in, off_t *off, size_t n)
{
	return PV_SYSCALL_RET(SYS_sendfile, out, in, off, n);
}
PV_ALIAS(sendfile64, sendfile);

PV_EXPORT ssize_t copy_file_range(int in, off_t *in_off, int out,
				  off_t *out_off, size_t n, unsigned flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_copy_file_range, in, in_off, out,
				     out_off, n, flags);
}

PV_EXPORT ssize_t splice(int in, off_t *in_off, int out, off_t *out_off,
			 size_t n, unsigned flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_splice, in, in_off, out, out_off, n,
				     flags);
}

PV_EXPORT ssize_t tee(int in, int out, size_t n, unsigned flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_tee, in, out, n, flags);
}

PV_EXPORT ssize_t vmsplice(int fd, const struct iovec *iov, size_t cnt,
			   unsigned flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_vmsplice, fd, iov, cnt, flags);
}
