/* fileio.c - file I/O wrappers (first cut).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE
		       ? va_arg(ap, mode_t)
		       : 0;
}

PV_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return (int)PV_SYSCALL_RET_CANCEL(SYS_openat, dirfd, path, flags, mode);
}

PV_EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return (int)PV_SYSCALL_RET_CANCEL(SYS_openat, AT_FDCWD, path, flags, mode);
}

PV_EXPORT ssize_t read(int fd, void *buf, size_t n)
{
	return PV_SYSCALL_RET_CANCEL(SYS_read, fd, buf, n);
}

PV_EXPORT ssize_t write(int fd, const void *buf, size_t n)
{
	return PV_SYSCALL_RET_CANCEL(SYS_write, fd, buf, n);
}

PV_EXPORT int close(int fd)
{
	return (int)PV_SYSCALL_RET(SYS_close, fd);
}

PV_EXPORT pid_t getppid(void) { return (pid_t)PV_SYSCALL_RET(SYS_getppid); }
