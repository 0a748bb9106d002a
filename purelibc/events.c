/* events.c - descriptors that deliver events rather than data (eventfd,
 * timerfd, inotify), anonymous memory files, and randomness.
 *
 * Each wrapper makes the system call glibc 2.36 makes on x86-64 (checked
 * with strace).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/timerfd.h>
#include <unistd.h>

PV_EXPORT int eventfd(unsigned count, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_eventfd2, count, flags);
}

/* An eventfd is read and written 8 bytes at a time; anything short of
 * that is a failure, whether or not the call set errno. */
PV_EXPORT int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof *value) == sizeof *value ? 0 : -1;
}

PV_EXPORT int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof value) == sizeof value ? 0 : -1;
}

PV_EXPORT int timerfd_create(int clock, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_timerfd_create, clock, flags);
}

PV_EXPORT int timerfd_settime(int fd, int flags, const struct itimerspec *value,
			      struct itimerspec *old)
{
	return (int)PV_SYSCALL_RET(SYS_timerfd_settime, fd, flags, value, old);
}

PV_EXPORT int timerfd_gettime(int fd, struct itimerspec *value)
{
	return (int)PV_SYSCALL_RET(SYS_timerfd_gettime, fd, value);
}

PV_EXPORT int inotify_init(void) { return (int)PV_SYSCALL_RET(SYS_inotify_init); }

PV_EXPORT int inotify_init1(int flags)
{
	return (int)PV_SYSCALL_RET(SYS_inotify_init1, flags);
}

PV_EXPORT int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	return (int)PV_SYSCALL_RET(SYS_inotify_add_watch, fd, path, mask);
}

PV_EXPORT int inotify_rm_watch(int fd, int wd)
{
	return (int)PV_SYSCALL_RET(SYS_inotify_rm_watch, fd, wd);
}

PV_EXPORT int memfd_create(const char *name, unsigned flags)
{
	return (int)PV_SYSCALL_RET(SYS_memfd_create, name, flags);
}

PV_EXPORT ssize_t getrandom(void *buf, size_t n, unsigned flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_getrandom, buf, n, flags);
}

/* OpenBSD's interface: at most 256 bytes, all of them or an error, and no
 * cancellation.  A signal only makes glibc ask again. */
#define ENTROPY_MAX 256

PV_EXPORT int getentropy(void *buf, size_t n)
{
	if (n > ENTROPY_MAX) {
		errno = EIO;
		return -1;
	}
	unsigned char *p = buf, *end = p + n;
	while (p < end) {
		long got = PV_LIBC(SYS_getrandom, p, end - p, 0);
		if (got == -EINTR)
			continue;
		if (pv_is_error(got))
			return (int)pv_errno(got);
		if (got == 0) {
			errno = EIO;
			return -1;
		}
		p += got;
	}
	return 0;
}
