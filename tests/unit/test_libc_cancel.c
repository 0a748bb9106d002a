/* test_libc_cancel.c - each wrapper is a cancellation point exactly where
 * glibc's is one: a thread with a cancellation pending calls it, and is
 * either cancelled there or returns, the same for ours and for glibc's.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"

#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/ioctl.h>

static char buf[16];
static struct iovec iov = { buf, 1 };
static struct timespec zero_ts;
static struct timeval zero_tv;
static int no_fds[2] = { -1, -1 };

/* name, function, arguments: the calls whose glibc status is checked */
#define CALLS(X)                                                               \
	X(read, read, -1, buf, 1)                                              \
	X(write, write, -1, buf, 1)                                            \
	X(open, open, "/nonexistent", O_RDONLY)                                \
	X(openat, openat, -1, "x", O_RDONLY)                                   \
	X(creat, creat, "/nonexistent/x", 0600)                                \
	X(close, close, -1)                                                    \
	X(close_range, close_range, 5, 4, 0)                                   \
	X(pread, pread, -1, buf, 1, 0)                                         \
	X(pwrite, pwrite, -1, buf, 1, 0)                                       \
	X(readv, readv, -1, &iov, 1)                                           \
	X(writev, writev, -1, &iov, 1)                                         \
	X(preadv, preadv, -1, &iov, 1, 0)                                      \
	X(pwritev, pwritev, -1, &iov, 1, 0)                                    \
	X(preadv2, preadv2, -1, &iov, 1, 0, 0)                                 \
	X(pwritev2, pwritev2, -1, &iov, 1, 0, 0)                               \
	X(lseek, lseek, -1, 0, SEEK_SET)                                       \
	X(dup, dup, -1)                                                        \
	X(dup2, dup2, -1, 5)                                                   \
	X(pipe2, pipe2, no_fds, 0x12345)                                       \
	X(fcntl_getfd, fcntl, -1, F_GETFD)                                     \
	X(fcntl_setlk, fcntl, -1, F_SETLK, NULL)                               \
	X(fcntl_setlkw, fcntl, -1, F_SETLKW, NULL)                             \
	X(fcntl_ofd_setlkw, fcntl, -1, F_OFD_SETLKW, NULL)                     \
	X(ioctl, ioctl, -1, 0)                                                 \
	X(fsync, fsync, -1)                                                    \
	X(fdatasync, fdatasync, -1)                                            \
	X(syncfs, syncfs, -1)                                                  \
	X(ftruncate, ftruncate, -1, 0)                                         \
	X(fallocate, fallocate, -1, 0, 0, 1)                                   \
	X(posix_fallocate, posix_fallocate, -1, 0, 1)                          \
	X(sendfile, sendfile, -1, -1, NULL, 1)                                 \
	X(copy_file_range, copy_file_range, -1, NULL, -1, NULL, 1, 0)          \
	X(splice, splice, -1, NULL, -1, NULL, 1, 0)                            \
	X(tee, tee, -1, -1, 1, 0)                                              \
	X(vmsplice, vmsplice, -1, &iov, 1, 0)                                  \
	X(stat, stat, "", (struct stat *)buf)                                  \
	X(statx, statx, -1, "", 0, 0, NULL)                                    \
	X(faccessat, faccessat, -1, "", 0, 0)                                  \
	X(getcwd, getcwd, buf, 1)                                              \
	X(mkdir, mkdir, "", 0)                                                 \
	X(statfs, statfs, "", (struct statfs *)NULL)                           \
	X(mmap, mmap, NULL, 0, 0, 0, -1, 0)                                    \
	X(msync, msync, NULL, 0, 0)                                            \
	X(mprotect, mprotect, NULL, 0, 0)                                      \
	X(socket, socket, -1, 0, 0)                                            \
	X(connect, connect, -1, NULL, 0)                                       \
	X(accept, accept, -1, NULL, NULL)                                      \
	X(accept4, accept4, -1, NULL, NULL, 0)                                 \
	X(send, send, -1, buf, 1, 0)                                           \
	X(sendto, sendto, -1, buf, 1, 0, NULL, 0)                              \
	X(sendmsg, sendmsg, -1, NULL, 0)                                       \
	X(sendmmsg, sendmmsg, -1, NULL, 0, 0)                                  \
	X(recv, recv, -1, buf, 1, 0)                                           \
	X(recvfrom, recvfrom, -1, buf, 1, 0, NULL, NULL)                       \
	X(recvmsg, recvmsg, -1, NULL, 0)                                       \
	X(recvmmsg, recvmmsg, -1, NULL, 0, 0, NULL)                            \
	X(getsockopt, getsockopt, -1, 0, 0, NULL, NULL)                        \
	X(shutdown, shutdown, -1, 0)                                           \
	X(poll, poll, NULL, 0, 0)                                              \
	X(ppoll, ppoll, NULL, 0, &zero_ts, NULL)                               \
	X(select, select, 0, NULL, NULL, NULL, &zero_tv)                       \
	X(pselect, pselect, 0, NULL, NULL, NULL, &zero_ts, NULL)               \
	X(epoll_create1, epoll_create1, 0x12345)                               \
	X(epoll_wait, epoll_wait, -1, NULL, 1, 0)                              \
	X(epoll_pwait, epoll_pwait, -1, NULL, 1, 0, NULL)                      \
	X(epoll_pwait2, epoll_pwait2, -1, NULL, 1, NULL, NULL)                 \
	X(eventfd, eventfd, 0, 0x12345)                                        \
	X(eventfd_read, eventfd_read, -1, NULL)                                \
	X(eventfd_write, eventfd_write, -1, 0)                                 \
	X(getrandom, getrandom, buf, 1, 0x12345)                               \
	X(getentropy, getentropy, buf, 1)

#pragma GCC diagnostic ignored "-Wnonnull"
#pragma GCC diagnostic ignored "-Wunused-result"
CALLS(CANCEL_THREADS)

static void test_cancellation_points(void **state)
{
	(void)state;
	int failures = 0, points = 0;
#define CHECK(name, fn, ...)                                                   \
	{                                                                      \
		int o = cancelled(ours_##name), n = cancelled(native_##name);  \
		points += n;                                                   \
		if (o != n) {                                                  \
			fprintf(stderr, "%s: glibc's %s a cancellation point\n", \
				#name, n ? "is" : "is not");                   \
			failures++;                                            \
		}                                                              \
	}
	CALLS(CHECK)
	assert_int_equal(failures, 0);
	assert_true(points > 20); /* the check itself works */
}

static int group_setup(void **state)
{
	(void)state;
	return pv_set_mode(PV_MODE_LIBC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cancellation_points),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
