/* test_libc_events.c - the eventfd, timerfd, inotify, memfd and randomness
 * wrappers against glibc's: same results, errno and system calls (see
 * libc_compare.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"

#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>

static int group_setup(void **state) { return compare_setup(state); }

static void test_eventfd(void **state)
{
	(void)state;
	eventfd_t v = 0;
	SAME_FD(eventfd, 0, 0);
	SAME_FD(eventfd, 5, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
	SAME_FD(eventfd, 0, 0x12345);
	int fd = eventfd(0, EFD_NONBLOCK);
	SAME_AFTER(eventfd_write(fd, 3), eventfd_read, fd, &v);
	SAME(eventfd_read, fd, &v);
	SAME_AFTER(eventfd_write(fd, 3), eventfd_read, fd, BAD_PTR);
	SAME(eventfd_read, -1, &v);
	SAME_AFTER(eventfd_read(fd, &v), eventfd_write, fd, 7);
	SAME(eventfd_write, fd, UINT64_MAX);
	SAME(eventfd_write, -1, 1);
	int p[2];
	assert_int_equal(pipe(p), 0);
	SAME_AFTER(write(p[1], "abc", 3), eventfd_read, p[0], &v);
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void test_timerfd(void **state)
{
	(void)state;
	struct itimerspec its = { .it_value = { 100, 0 } }, old, bad = { .it_value = { 0, -1 } };
	SAME_FD(timerfd_create, CLOCK_MONOTONIC, 0);
	SAME_FD(timerfd_create, CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
	SAME_FD(timerfd_create, 12345, 0);
	SAME_FD(timerfd_create, CLOCK_MONOTONIC, 0x12345);
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	SAME(timerfd_settime, fd, 0, &its, &old);
	SAME(timerfd_settime, fd, 0, &its, NULL);
	SAME(timerfd_settime, fd, 0, &bad, NULL);
	SAME(timerfd_settime, fd, 0x12345, &its, NULL);
	SAME(timerfd_settime, fd, 0, BAD_PTR, NULL);
	SAME(timerfd_settime, -1, 0, &its, NULL);
	SAME(timerfd_gettime, fd, BAD_PTR);
	SAME(timerfd_gettime, -1, &old);
	static struct outcome o, n;
	struct itimerspec a, b;
	OURS(o, timerfd_gettime, fd, &a);
	NATIVE(n, timerfd_gettime, fd, &b);
	expect_same("timerfd_gettime", o, n);
	assert_int_equal(a.it_value.tv_sec / 10, b.it_value.tv_sec / 10);
	close(fd);
}

static void test_inotify_memfd(void **state)
{
	(void)state;
	SAME_FD(inotify_init);
	SAME_FD(inotify_init1, IN_CLOEXEC | IN_NONBLOCK);
	SAME_FD(inotify_init1, 0x12345);
	int fd = inotify_init1(0);
	SAME(inotify_add_watch, fd, "/tmp", IN_CREATE);
	SAME(inotify_add_watch, fd, "/nonexistent", IN_CREATE);
	SAME(inotify_add_watch, fd, BAD_PTR, IN_CREATE);
	SAME(inotify_add_watch, fd, "/tmp", 0);
	SAME(inotify_add_watch, -1, "/tmp", IN_CREATE);
	int wd = inotify_add_watch(fd, "/tmp", IN_CREATE);
	SAME_AFTER(wd = inotify_add_watch(fd, "/tmp", IN_CREATE), inotify_rm_watch, fd, wd);
	SAME(inotify_rm_watch, fd, 12345);
	SAME(inotify_rm_watch, -1, wd);
	close(fd);
	SAME_FD(memfd_create, "pv", 0);
	SAME_FD(memfd_create, "pv", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	SAME_FD(memfd_create, BAD_PTR, 0);
	SAME_FD(memfd_create, "pv", 0x12345);
}

static void test_random(void **state)
{
	(void)state;
	char buf[512];
	SAME(getrandom, buf, 16, 0);
	SAME(getrandom, buf, 16, GRND_NONBLOCK | GRND_INSECURE);
	SAME(getrandom, buf, 0, 0);
	SAME(getrandom, BAD_PTR, 16, 0);
	SAME(getrandom, buf, 16, 0x12345);
	SAME(getentropy, buf, 16);
	SAME(getentropy, buf, 256);
	SAME(getentropy, buf, 257);
	SAME(getentropy, buf, 0);
	SAME(getentropy, BAD_PTR, 16);
	/* a failure of the kernel's ends it */
	inject(SYS_getrandom, EAGAIN);
	SAME(getentropy, buf, 16);
	inject(-1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eventfd),
		cmocka_unit_test(test_timerfd),
		cmocka_unit_test(test_inotify_memfd),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
