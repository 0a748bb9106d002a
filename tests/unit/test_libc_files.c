/* test_libc_files.c - the file I/O and metadata wrappers against glibc's:
 * same results, errno, effects and system calls (see libc_compare.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <termios.h>
#include <utime.h>

int __open_2(const char *, int);
int __open64_2(const char *, int);
int __openat_2(int, const char *, int);
int __openat64_2(int, const char *, int);
ssize_t __read_chk(int, void *, size_t, size_t);
ssize_t __pread_chk(int, void *, size_t, off_t, size_t);
ssize_t __pread64_chk(int, void *, size_t, off_t, size_t);
ssize_t __readlink_chk(const char *, char *, size_t, size_t);
ssize_t __readlinkat_chk(int, const char *, char *, size_t, size_t);
int __open(const char *, int, ...);
int __open64(const char *, int, ...);
ssize_t __read(int, void *, size_t);
ssize_t __write(int, const void *, size_t);
ssize_t __pwrite64(int, const void *, size_t, off_t);
off_t __lseek(int, off_t, int);
int __close(int);
int __dup2(int, int);
int __pipe(int[2]);
int __fcntl(int, int, ...);
int __xstat(int, const char *, struct stat *);
int __xstat64(int, const char *, struct stat64 *);
int __lxstat(int, const char *, struct stat *);
int __lxstat64(int, const char *, struct stat64 *);
int __fxstat(int, int, struct stat *);
int __fxstat64(int, int, struct stat64 *);
int __fxstatat(int, int, const char *, struct stat *, int);
int __fxstatat64(int, int, const char *, struct stat64 *, int);

static const char CONTENT[] = "hello, world\n0123456789\n";
static const char *data, *link_path;
static int dfd; /* data, read-write */
static char buf[256];
static volatile int minus_one = -1;
static const char *volatile no_path; /* NULL, where headers say nonnull */

static void put_file(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (long)strlen(content));
	close(fd);
}

/* The whole of a file, for comparing effects. */
static const char *file_text(const char *path)
{
	static char text[2][512];
	static int next;
	char *t = text[next++ % 2];
	memset(t, 0, 512);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return "(absent)";
	long n = read(fd, t, 511);
	close(fd);
	return n < 0 ? "(unreadable)" : t;
}

static int group_setup(void **state)
{
	if (scratch_setup() || compare_setup(state))
		return -1;
	data = strdup(in_scratch("data"));
	link_path = strdup(in_scratch("link"));
	put_file(data, CONTENT);
	symlink(data, link_path);
	dfd = open(data, O_RDWR);
	return dfd >= 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	close(dfd);
	return scratch_teardown();
}

/* ---- opening ---- */

static void test_open(void **state)
{
	(void)state;
	const char *fresh = in_scratch("fresh");
	SAME_FD(open, data, O_RDONLY);
	SAME_FD(open, data, O_RDWR | O_CLOEXEC);
	SAME_FD(open, in_scratch("none"), O_RDONLY);
	SAME_FD(open, BAD_PTR, O_RDONLY);
	SAME_FD(open, data, O_RDONLY | O_DIRECTORY);
	SAME_FD(open64, data, O_RDONLY);
	SAME_FD(__open, data, O_RDONLY);
	SAME_FD(__open64, data, O_WRONLY);
	SAME_FD(openat, AT_FDCWD, data, O_RDONLY);
	SAME_FD(openat, -1, "relative", O_RDONLY);
	SAME_FD(openat, 12345, "relative", O_RDONLY);
	SAME_FD(openat, dfd, "relative", O_RDONLY);
	SAME_FD(openat64, AT_FDCWD, data, O_RDONLY);
	SAME_FD(__open_2, data, O_RDONLY);
	SAME_FD(__open64_2, data, O_RDONLY);
	SAME_FD(__openat_2, AT_FDCWD, data, O_RDONLY);
	SAME_FD(__openat64_2, -1, "x", O_RDONLY);
	SAME_FD(open, scratch, O_RDWR | O_TMPFILE, 0600);
	SAME_FD(open, scratch, O_RDWR | __O_TMPFILE, 0600);

	/* creating: the file must come out the same, mode included */
	struct stat a, b;
	unlink(fresh);
	SAME_FD_AFTER(unlink(fresh), open, fresh, O_WRONLY | O_CREAT | O_EXCL, 0640);
	unlink(fresh);
	SAME_FD_AFTER(unlink(fresh), creat, fresh, 0604);
	unlink(fresh);
	int fd = creat(fresh, 0604);
	assert_true(fd >= 0 && fstat(fd, &a) == 0);
	close(fd);
	unlink(fresh);
	fd = GLIBC(creat)(fresh, 0604);
	assert_true(fd >= 0 && fstat(fd, &b) == 0);
	close(fd);
	assert_int_equal(a.st_mode, b.st_mode);
	SAME_FD(creat64, fresh, 0600);
	SAME_FD(creat, BAD_PTR, 0600);
	SAME_FD(creat, scratch, 0600);
}

/* Reads the stderr of a child that runs fn(arg) and how it ended. */
static int child_with_stderr(void (*fn)(int), int arg, char *err, size_t len)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	int end = CHILD_END({
		dup2(p[1], 2);
		fn(arg);
	});
	close(p[1]);
	memset(err, 0, len);
	long n = read(p[0], err, len - 1);
	(void)n;
	close(p[0]);
	return end;
}

static void open2_ours(int native)
{
	if (native)
		GLIBC(__open_2)(data, O_RDONLY | O_CREAT);
	else
		__open_2(data, O_RDONLY | O_CREAT);
}

static void openat64_2_both(int native)
{
	if (native)
		GLIBC(__openat64_2)(AT_FDCWD, data, O_RDWR | __O_TMPFILE);
	else
		__openat64_2(AT_FDCWD, data, O_RDWR | __O_TMPFILE);
}

static void read_chk_both(int native)
{
	char small[4];
	if (native)
		GLIBC(__read_chk)(dfd, small, 8, sizeof small);
	else
		__read_chk(dfd, small, 8, sizeof small);
}

static void pread_chk_both(int native)
{
	char small[4];
	if (native)
		GLIBC(__pread64_chk)(dfd, small, 5, 0, sizeof small);
	else
		__pread64_chk(dfd, small, 5, 0, sizeof small);
}

static void readlink_chk_both(int native)
{
	char small[4];
	if (native)
		GLIBC(__readlink_chk)(link_path, small, 5, sizeof small);
	else
		__readlink_chk(link_path, small, 5, sizeof small);
}

static void expect_same_death(void (*fn)(int))
{
	char ours[512], native[512];
	int a = child_with_stderr(fn, 0, ours, sizeof ours);
	int b = child_with_stderr(fn, 1, native, sizeof native);
	assert_int_equal(a, b);
	assert_int_equal(a, 128 + SIGABRT);
	assert_string_equal(ours, native);
}

static void test_fortified_failures(void **state)
{
	(void)state;
	expect_same_death(open2_ours);
	expect_same_death(openat64_2_both);
	expect_same_death(read_chk_both);
	expect_same_death(pread_chk_both);
	expect_same_death(readlink_chk_both);
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), __read_chk, dfd, buf, 4, 4);
	SAME(__pread_chk, dfd, buf, 4, 1, sizeof buf);
	SAME(__readlink_chk, link_path, buf, 4, sizeof buf);
	SAME(__readlinkat_chk, AT_FDCWD, link_path, buf, 4, sizeof buf);
}

/* ---- reading and writing ---- */

static void test_read_write(void **state)
{
	(void)state;
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), read, dfd, buf, 5);
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), __read, dfd, buf, sizeof buf);
	SAME(read, -1, buf, 1);
	SAME(read, 12345, buf, 1);
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), read, dfd, BAD_PTR, 5);
	SAME(read, dfd, buf, 0);
	SAME(write, -1, "x", 1);
	SAME(write, dfd, BAD_PTR, 3);
	SAME(pread, dfd, buf, 7, 3);
	SAME(pread64, dfd, buf, 7, 3);
	SAME(pread, dfd, buf, 7, -1);
	SAME(pread, -1, buf, 7, 0);
	SAME(pwrite, -1, "x", 1, 0);
	SAME(pwrite64, dfd, "x", 1, -5);

	/* the bytes written must land in the same places */
	const char *f = in_scratch("w");
	int fd;
	const char *ours, *native;
#define ON_FRESH(fn, ...)                                                      \
	put_file(f, "abcdefghij");                                             \
	fd = open(f, O_RDWR);                                                  \
	fn(fd, __VA_ARGS__);                                                   \
	close(fd);                                                             \
	ours = strdup(file_text(f));                                           \
	put_file(f, "abcdefghij");                                             \
	fd = open(f, O_RDWR);                                                  \
	GLIBC(fn)(fd, __VA_ARGS__);                                            \
	close(fd);                                                             \
	native = file_text(f);                                                 \
	assert_string_equal(ours, native)
	ON_FRESH(write, "XYZ", 3);
	ON_FRESH(__write, "XY", 2);
	ON_FRESH(pwrite, "XYZ", 3, 4);
	ON_FRESH(pwrite64, "XYZ", 3, 12);
	ON_FRESH(__pwrite64, "Q", 1, 2);
	struct iovec two[2] = { { "12", 2 }, { "345", 3 } };
	ON_FRESH(writev, two, 2);
	ON_FRESH(pwritev, two, 2, 3);
	ON_FRESH(pwritev64, two, 2, 1);
	ON_FRESH(pwritev2, two, 2, 5, 0);
	ON_FRESH(pwritev2, two, 2, -1, 0);
	ON_FRESH(pwritev64v2, two, 2, 2, RWF_DSYNC);
}

static void test_vectored(void **state)
{
	(void)state;
	char a[3], b[5];
	struct iovec iov[2] = { { a, sizeof a }, { b, sizeof b } };
	struct iovec bad[1] = { { BAD_PTR, 4 } };
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), readv, dfd, iov, 2);
	SAME(readv, dfd, BAD_PTR, 2);
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), readv, dfd, bad, 1);
	SAME(readv, dfd, iov, minus_one);
	SAME(readv, -1, iov, 2);
	SAME(writev, 12345, iov, 2);
	SAME(writev, dfd, BAD_PTR, 1);
	SAME(preadv, dfd, iov, 2, 4);
	SAME(preadv64, dfd, iov, 2, 0x123456789LL);
	SAME(preadv, dfd, iov, 2, -3);
	SAME(pwritev, -1, iov, 2, 0);
	SAME(preadv2, dfd, iov, 2, 1, 0);
	SAME_AFTER(lseek(dfd, 2, SEEK_SET), preadv2, dfd, iov, 2, -1, 0);
	SAME(preadv2, dfd, iov, 2, 1, RWF_NOWAIT);
	SAME(preadv2, dfd, iov, 2, 1, 0x40000000);
	SAME(preadv64v2, dfd, iov, 2, 1, RWF_HIPRI);
	SAME(pwritev2, -1, iov, 2, 1, 0);
	SAME(pwritev2, dfd, iov, 2, 1, 0x40000000);
	SAME(pwritev64v2, 12345, iov, 2, 0, 0);
}

/* A kernel without preadv2/pwritev2: both take the same older call. */
static void test_vectored_fallback(void **state)
{
	(void)state;
	char a[3], b[5];
	struct iovec iov[2] = { { a, sizeof a }, { b, sizeof b } };
	inject(SYS_preadv2, ENOSYS);
	SAME(preadv2, dfd, iov, 2, 1, 0);
	SAME_AFTER(lseek(dfd, 0, SEEK_SET), preadv2, dfd, iov, 2, -1, 0);
	SAME(preadv2, dfd, iov, 2, 1, RWF_HIPRI);
	inject(SYS_pwritev2, ENOSYS);
	SAME(pwritev2, -1, iov, 2, 1, 0);
	SAME(pwritev2, -1, iov, 2, -1, 0);
	SAME(pwritev2, dfd, iov, 2, 1, RWF_DSYNC);
	inject(-1, 0);
}

static void test_lseek(void **state)
{
	(void)state;
	SAME(lseek, dfd, 3, SEEK_SET);
	SAME(lseek64, dfd, 0, SEEK_END);
	SAME(__lseek, dfd, -2, SEEK_END);
	SAME(lseek, dfd, 0, 12345);
	SAME(lseek, dfd, -100, SEEK_SET);
	SAME(lseek, -1, 0, SEEK_SET);
	int p[2];
	assert_int_equal(pipe(p), 0);
	SAME(lseek, p[0], 0, SEEK_CUR);
	close(p[0]);
	close(p[1]);
}

/* ---- descriptors ---- */

static void test_close_dup(void **state)
{
	(void)state;
	int spare = -1, fds[2] = { -1, -1 };
	SAME(close, -1);
	SAME(close, 12345);
	SAME(__close, -1);
	SAME_AFTER(spare = dup(dfd), close, spare);
	SAME_AFTER(dup2(dfd, 200), close_range, 200, 200, 0);
	SAME(close_range, 1000, 999, 0);
	SAME(close_range, 300, 400, 0x40000000);
	SAME_AFTER(dup2(dfd, 201), close_range, 201, 201, CLOSE_RANGE_CLOEXEC);
	close(201);
	SAME_FD(dup, dfd);
	SAME_FD(dup, -1);
	SAME_FD(dup, 12345);
	SAME_FD(dup2, dfd, 210);
	SAME_FD(__dup2, dfd, 211);
	SAME(dup2, dfd, dfd);
	SAME(dup2, -1, 210);
	SAME(dup2, dfd, -1);
	SAME(dup2, 12345, 12345);
	SAME_FD(dup3, dfd, 212, O_CLOEXEC);
	SAME(dup3, dfd, dfd, 0);
	SAME(dup3, dfd, 213, 0x1);
	SAME(dup3, -1, 213, 0);
	SAME(pipe, BAD_PTR);
	SAME(pipe2, BAD_PTR, 0);
	SAME(pipe2, fds, 0x1);
	SAME(__pipe, BAD_PTR);

	/* a pipe made by each: same numbers once the first is closed */
	static struct outcome o, n;
	int mine[2], theirs[2];
	OURS(o, pipe, mine);
	close(mine[0]);
	close(mine[1]);
	NATIVE(n, pipe, theirs);
	close(theirs[0]);
	close(theirs[1]);
	expect_same("pipe", o, n);
	assert_memory_equal(mine, theirs, sizeof mine);
	OURS(o, pipe2, mine, O_CLOEXEC | O_NONBLOCK);
	int flags_ours = fcntl(mine[0], F_GETFL) | (fcntl(mine[1], F_GETFD) << 16);
	close(mine[0]);
	close(mine[1]);
	NATIVE(n, pipe2, theirs, O_CLOEXEC | O_NONBLOCK);
	int flags_native = fcntl(theirs[0], F_GETFL) | (fcntl(theirs[1], F_GETFD) << 16);
	close(theirs[0]);
	close(theirs[1]);
	expect_same("pipe2", o, n);
	assert_int_equal(flags_ours, flags_native);
}

static void test_fcntl(void **state)
{
	(void)state;
	struct flock lk = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	struct f_owner_ex owner;
	SAME(fcntl, dfd, F_GETFD);
	SAME(fcntl, dfd, F_SETFD, FD_CLOEXEC);
	SAME(fcntl, dfd, F_GETFD);
	SAME(fcntl, dfd, F_SETFD, 0);
	SAME(fcntl, dfd, F_GETFL);
	SAME(fcntl64, dfd, F_SETFL, O_NONBLOCK);
	SAME(__fcntl, dfd, F_SETFL, 0);
	SAME_FD(fcntl, dfd, F_DUPFD, 100);
	SAME_FD(fcntl, dfd, F_DUPFD_CLOEXEC, 100);
	SAME(fcntl, dfd, F_DUPFD, -1);
	SAME_AFTER(lk.l_type = F_RDLCK, fcntl, dfd, F_GETLK, &lk);
	SAME(fcntl, dfd, F_GETLK, BAD_PTR);
	SAME_AFTER(lk.l_type = F_RDLCK, fcntl, dfd, F_SETLK, &lk);
	SAME_AFTER(lk.l_type = F_RDLCK, fcntl, dfd, F_SETLKW, &lk);
	SAME_AFTER(lk.l_type = F_RDLCK, fcntl, dfd, F_OFD_GETLK, &lk);
	SAME(fcntl, dfd, F_OFD_SETLKW, BAD_PTR);
	SAME(fcntl, dfd, F_GETOWN);
	SAME(fcntl, -1, F_GETOWN);
	pid_t pid = getpid(), pgrp = getpgrp();
	SAME(fcntl, dfd, F_SETOWN, pid);
	SAME(fcntl, dfd, F_GETOWN);
	SAME(fcntl, dfd, F_SETOWN, -pgrp);
	SAME(fcntl, dfd, F_GETOWN);
	SAME(fcntl, dfd, F_GETOWN_EX, &owner);
	SAME(fcntl, dfd, F_SETOWN, 0);
	SAME(fcntl, dfd, F_GETSIG);
	SAME(fcntl, dfd, F_GETLEASE);
	SAME(fcntl, dfd, F_GET_SEALS);
	SAME(fcntl, dfd, 9999, 0);
	SAME(fcntl, -1, F_GETFD);
	SAME(fcntl, 12345, F_SETFL, 0);
	int p[2];
	assert_int_equal(pipe(p), 0);
	SAME(fcntl, p[0], F_GETPIPE_SZ);
	SAME(fcntl, p[0], F_SETPIPE_SZ, 8192);
	SAME(fcntl, p[0], F_SETPIPE_SZ, -1);
	close(p[0]);
	close(p[1]);
}

static void test_ioctl(void **state)
{
	(void)state;
	int p[2], avail = -1;
	struct termios t;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "abc", 3), 3);
	SAME(ioctl, p[0], FIONREAD, &avail);
	SAME(ioctl, p[0], FIONREAD, BAD_PTR);
	SAME(ioctl, dfd, TCGETS, &t);
	SAME(ioctl, -1, FIONREAD, &avail);
	SAME(ioctl, dfd, 0xdeadbeef, 0);
	SAME(ioctl, dfd, FIOCLEX);
	SAME(ioctl, dfd, FIONCLEX);
	close(p[0]);
	close(p[1]);
}

/* ---- syncing, sizes ---- */

static int sync_ours(void) { sync(); return 0; }
static int sync_native(void) { GLIBC(sync)(); return 0; }

static void test_sync_sizes(void **state)
{
	(void)state;
	SAME(fsync, dfd);
	SAME(fsync, -1);
	SAME(fdatasync, dfd);
	SAME(fdatasync, 12345);
	SAME(syncfs, dfd);
	SAME(syncfs, -1);
	static struct outcome o, n;
	OURS(o, sync_ours);
	rec_begin();
	sync_native();
	rec_end(&n, 0);
	for (int i = 0; i < n.n; i++)
		n.calls[i].origin = PV_ORIGIN_TRAP;
	expect_same("sync", o, n);
	assert_int_equal(o.n, 1);

	const char *f = in_scratch("t");
	struct stat a, b;
	SAME_AFTER(put_file(f, "abcdef"), truncate, f, 2);
	SAME(truncate, f, -1);
	SAME(truncate64, in_scratch("none"), 0);
	SAME(truncate, BAD_PTR, 0);
	SAME(truncate, scratch, 0);
	SAME_AFTER(put_file(f, "abcdef"), truncate64, f, 9000);
	stat(f, &a);
	put_file(f, "abcdef");
	GLIBC(truncate64)(f, 9000);
	stat(f, &b);
	assert_int_equal(a.st_size, b.st_size);
	SAME(ftruncate, dfd, strlen(CONTENT));
	SAME(ftruncate64, dfd, strlen(CONTENT));
	SAME(ftruncate, dfd, -1);
	SAME(ftruncate, -1, 0);
	int ro = open(data, O_RDONLY);
	SAME(ftruncate, ro, 0);
	close(ro);
}

static void test_fallocate(void **state)
{
	(void)state;
	const char *f = in_scratch("fa");
	int fd = -1;
#define FRESH_FD(flags) (close(fd), put_file(f, "xyz"), fd = open(f, flags))
	SAME_AFTER(FRESH_FD(O_RDWR), fallocate, fd, 0, 0, 4096);
	SAME_AFTER(FRESH_FD(O_RDWR), fallocate64, fd, FALLOC_FL_KEEP_SIZE, 10, 100);
	SAME(fallocate, fd, 0, -1, 10);
	SAME(fallocate, fd, 0x12345, 0, 10);
	SAME(fallocate, -1, 0, 0, 10);
	SAME_AFTER(FRESH_FD(O_RDWR), posix_fallocate, fd, 0, 8192);
	SAME(posix_fallocate, fd, -1, 10);
	SAME(posix_fallocate, fd, 0, -10);
	SAME(posix_fallocate64, -1, 0, 10);
	SAME(posix_fallocate, 12345, 0, 10);
	SAME_AFTER(FRESH_FD(O_RDONLY), posix_fallocate, fd, 0, 10);

	/* no fallocate in the file system: the emulation, step by step */
	inject(SYS_fallocate, EOPNOTSUPP);
	struct stat a, b;
	const char *ours;
	static const struct {
		int flags;
		off_t off, len;
	} cases[] = {
		{ O_RDWR, 0, 10000 },     { O_RDWR, 1, 1 },
		{ O_RDWR, 100, 0 },       { O_RDWR, 1, 0 },
		{ O_RDWR, -1, 5 },        { O_RDWR, 0x7fffffffffffff00LL, 0x1000 },
		{ O_RDWR | O_APPEND, 0, 10 }, { O_RDONLY, 0, 10 },
		{ O_WRONLY, 0, 5000 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		SAME_AFTER(FRESH_FD(cases[i].flags), posix_fallocate, fd,
			   cases[i].off, cases[i].len);
		fstat(fd, &b);
		FRESH_FD(cases[i].flags);
		posix_fallocate(fd, cases[i].off, cases[i].len);
		fstat(fd, &a);
		ours = strdup(file_text(f));
		FRESH_FD(cases[i].flags);
		GLIBC(posix_fallocate)(fd, cases[i].off, cases[i].len);
		fstat(fd, &b);
		assert_int_equal(a.st_size, b.st_size);
		assert_memory_equal(ours, file_text(f), 4);
	}
	int p[2];
	assert_int_equal(pipe(p), 0);
	SAME(posix_fallocate, p[1], 0, 10);
	SAME(posix_fallocate, -1, 0, 10);
	inject(-1, 0);
	close(p[0]);
	close(p[1]);
	close(fd);
}

/* ---- advice ---- */

/* The result is the error number and errno is left alone.  The cases tell
 * the arguments apart: a valid call fails if the length and the advice are
 * swapped, a negative length fails where a negative offset does not. */
static void test_fadvise(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	SAME(posix_fadvise, dfd, 0, 10, POSIX_FADV_SEQUENTIAL);
	SAME(posix_fadvise, dfd, 0, 0, POSIX_FADV_DONTNEED);
	SAME(posix_fadvise64, dfd, 4096, 1 << 20, POSIX_FADV_WILLNEED);
	SAME(posix_fadvise, dfd, 0, 10, POSIX_FADV_NOREUSE);
	SAME(posix_fadvise, dfd, -10, 10, POSIX_FADV_NORMAL);
	SAME(posix_fadvise, dfd, 10, -10, POSIX_FADV_NORMAL);
	SAME(posix_fadvise64, dfd, 0, -1, POSIX_FADV_RANDOM);
	SAME(posix_fadvise, -1, 0, 10, POSIX_FADV_NORMAL);
	SAME(posix_fadvise64, 12345, 0, 10, POSIX_FADV_NORMAL);
	SAME(posix_fadvise, dfd, 0, 10, 99);
	SAME(posix_fadvise, dfd, 0, 10, -1);
	SAME(posix_fadvise, dfd, 0, 10, minus_one);
	SAME(posix_fadvise, p[0], 0, 10, POSIX_FADV_NORMAL);
	/* errno is not the channel even when it was set before */
	const int fds[] = { -1, dfd };
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++) {
		int fd = fds[i], ours, native, ours_errno, native_errno;
		errno = EINTR;
		ours = posix_fadvise(fd, 0, 10, POSIX_FADV_NORMAL);
		ours_errno = errno;
		errno = EINTR;
		native = GLIBC(posix_fadvise)(fd, 0, 10, POSIX_FADV_NORMAL);
		native_errno = errno;
		assert_int_equal(ours, native);
		assert_int_equal(ours_errno, native_errno);
	}
	inject(SYS_fadvise64, ENOSYS);
	SAME(posix_fadvise, dfd, 0, 10, POSIX_FADV_NORMAL);
	inject(-1, 0);
	close(p[0]);
	close(p[1]);
}

/* ---- copies inside the kernel ---- */

static void test_copies(void **state)
{
	(void)state;
	const char *f = in_scratch("copy");
	int out = -1, p[2], q[2];
	off_t off = 3, off2 = 0;
#define FRESH_OUT() (close(out), put_file(f, ""), out = open(f, O_RDWR))
	SAME_AFTER((FRESH_OUT(), off = 3), sendfile, out, dfd, &off, 5);
	SAME_AFTER((FRESH_OUT(), lseek(dfd, 0, SEEK_SET)), sendfile64, out, dfd, NULL, 4);
	SAME(sendfile, out, dfd, BAD_PTR, 5);
	SAME(sendfile, -1, dfd, NULL, 5);
	SAME_AFTER((FRESH_OUT(), off = 2, off2 = 1), copy_file_range, dfd, &off, out,
		   &off2, 6, 0);
	SAME(copy_file_range, dfd, NULL, out, NULL, 6, 1);
	SAME(copy_file_range, dfd, BAD_PTR, out, NULL, 6, 0);
	SAME(copy_file_range, -1, NULL, out, NULL, 6, 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(q), 0);
	SAME_AFTER(off = 0, splice, dfd, &off, p[1], NULL, 5, 0);
	SAME(splice, p[0], NULL, q[1], NULL, 3, SPLICE_F_NONBLOCK);
	SAME(splice, dfd, NULL, out, NULL, 3, 0);
	SAME(splice, dfd, BAD_PTR, p[1], NULL, 3, 0);
	SAME(tee, p[0], q[1], 4, SPLICE_F_NONBLOCK);
	SAME(tee, dfd, q[1], 4, 0);
	SAME(tee, -1, q[1], 4, 0);
	struct iovec iov = { "abc", 3 };
	SAME(vmsplice, p[1], &iov, 1, 0);
	SAME(vmsplice, p[1], BAD_PTR, 1, 0);
	SAME(vmsplice, dfd, &iov, 1, 0);
	SAME(vmsplice, -1, &iov, 1, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(out);
}

/* ---- metadata ---- */

static void test_stat(void **state)
{
	(void)state;
	struct stat st;
	struct stat64 st64;
	SAME(stat, data, &st);
	SAME(stat64, data, &st64);
	SAME(stat, in_scratch("none"), &st);
	SAME(stat, BAD_PTR, &st);
	SAME(stat, data, BAD_PTR);
	SAME(lstat, link_path, &st);
	SAME(lstat64, link_path, &st64);
	SAME(lstat, "", &st);
	SAME(fstat, dfd, &st);
	SAME(fstat64, dfd, &st64);
	SAME(fstat, -1, &st);
	SAME(fstat, AT_FDCWD, &st);
	SAME(fstat, 12345, &st);
	SAME(fstat, dfd, BAD_PTR);
	SAME(fstatat, AT_FDCWD, data, &st, 0);
	SAME(fstatat64, AT_FDCWD, link_path, &st64, AT_SYMLINK_NOFOLLOW);
	SAME(fstatat, dfd, "", &st, AT_EMPTY_PATH);
	SAME(fstatat, -1, "rel", &st, 0);
	SAME(fstatat, AT_FDCWD, data, &st, 0x12345);

	/* and the same bytes in the buffer */
	struct stat a, b;
	memset(&a, 0x55, sizeof a);
	memset(&b, 0x55, sizeof b);
	fstat(dfd, &a);
	GLIBC(fstat)(dfd, &b);
	assert_memory_equal(&a, &b, sizeof a);
	lstat(link_path, &a);
	GLIBC(lstat)(link_path, &b);
	assert_memory_equal(&a, &b, sizeof a);

	struct statx sx;
	SAME(statx, AT_FDCWD, data, 0, STATX_BASIC_STATS, &sx);
	SAME(statx, AT_FDCWD, data, 0, STATX_BASIC_STATS, BAD_PTR);
	SAME(statx, -1, "rel", 0, STATX_ALL, &sx);
	SAME(statx, dfd, "", AT_EMPTY_PATH, STATX_ALL, &sx);
	SAME(statx, AT_FDCWD, data, 0x40000000, STATX_ALL, &sx);
}

/* The pre-2.33 versioned entry points are not linkable any more: glibc's
 * are found by version. */
#define OLD(name, ver) ((__typeof__(&name))dlvsym(RTLD_NEXT, #name, ver))
#define SAME_OLD(name, ver, ...)                                               \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		__typeof__(&name) g_ = OLD(name, ver);                         \
		assert_non_null(g_);                                           \
		OURS(o_, name, __VA_ARGS__);                                   \
		rec_begin();                                                   \
		long r_ = g_(__VA_ARGS__);                                     \
		rec_end(&n_, r_);                                              \
		expect_same(#name "(" #__VA_ARGS__ ")", o_, n_);               \
	} while (0)

static void test_old_stat(void **state)
{
	(void)state;
	struct stat st;
	struct stat64 st64;
	for (int v = -1; v <= 3; v++) {
		SAME_OLD(__xstat, "GLIBC_2.2.5", v, data, &st);
		SAME_OLD(__xstat64, "GLIBC_2.2.5", v, data, &st64);
		SAME_OLD(__lxstat, "GLIBC_2.2.5", v, link_path, &st);
		SAME_OLD(__lxstat64, "GLIBC_2.2.5", v, link_path, &st64);
		SAME_OLD(__fxstat, "GLIBC_2.2.5", v, dfd, &st);
		SAME_OLD(__fxstat64, "GLIBC_2.2.5", v, dfd, &st64);
		SAME_OLD(__fxstatat, "GLIBC_2.4", v, AT_FDCWD, data, &st, 0);
		SAME_OLD(__fxstatat64, "GLIBC_2.4", v, AT_FDCWD, link_path, &st64,
			 AT_SYMLINK_NOFOLLOW);
	}
	SAME_OLD(__xstat, "GLIBC_2.2.5", 1, BAD_PTR, &st);
	SAME_OLD(__fxstat, "GLIBC_2.2.5", 1, -1, &st);
	SAME_OLD(__fxstat64, "GLIBC_2.2.5", 0, 12345, &st64);
	SAME_OLD(__fxstatat, "GLIBC_2.4", 1, -1, "rel", &st, 0);
}

static void test_access(void **state)
{
	(void)state;
	static const int modes[] = { F_OK, R_OK, W_OK, X_OK, R_OK | X_OK, 0x40 };
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		SAME(access, data, modes[i]);
		SAME(access, scratch, modes[i]);
		SAME(faccessat, AT_FDCWD, data, modes[i], 0);
		SAME(faccessat, AT_FDCWD, link_path, modes[i], AT_SYMLINK_NOFOLLOW);
		SAME(faccessat, AT_FDCWD, data, modes[i], AT_EACCESS);
		SAME(euidaccess, data, modes[i]);
		SAME(eaccess, scratch, modes[i]);
	}
	SAME(access, in_scratch("none"), F_OK);
	SAME(access, BAD_PTR, F_OK);
	SAME(faccessat, -1, "rel", R_OK, 0);
	SAME(faccessat, AT_FDCWD, data, R_OK, 0x8000);
	SAME(euidaccess, in_scratch("none"), R_OK);
	SAME(euidaccess, BAD_PTR, R_OK);

	/* a kernel without faccessat2: what glibc does instead */
	inject(SYS_faccessat2, ENOSYS);
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		SAME(faccessat, AT_FDCWD, data, modes[i], 0);
		SAME(faccessat, AT_FDCWD, data, modes[i], AT_EACCESS);
		SAME(faccessat, AT_FDCWD, link_path, modes[i], AT_SYMLINK_NOFOLLOW);
		SAME(faccessat, AT_FDCWD, scratch, modes[i],
		     AT_SYMLINK_NOFOLLOW | AT_EACCESS);
	}
	SAME(faccessat, AT_FDCWD, data, R_OK, 0x8000);
	SAME(faccessat, AT_FDCWD, in_scratch("none"), R_OK, AT_SYMLINK_NOFOLLOW);
	inject(-1, 0);
}

static void test_readlink(void **state)
{
	(void)state;
	SAME(readlink, link_path, buf, sizeof buf);
	SAME(readlink, link_path, buf, 3);
	SAME(readlink, data, buf, sizeof buf);
	SAME(readlink, link_path, BAD_PTR, 10);
	SAME(readlink, BAD_PTR, buf, 10);
	SAME(readlinkat, AT_FDCWD, link_path, buf, sizeof buf);
	SAME(readlinkat, -1, "rel", buf, sizeof buf);
	SAME(readlinkat, dfd, "", buf, sizeof buf);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 ? st.st_mode : 0;
}

static void test_modes_owners(void **state)
{
	(void)state;
	const char *f = in_scratch("m");
	mode_t a;
	put_file(f, "m");
#define SAME_MODE(fn, ...)                                                     \
	SAME_AFTER(chmod(f, 0600), fn, __VA_ARGS__);                           \
	chmod(f, 0600);                                                        \
	fn(__VA_ARGS__);                                                       \
	a = mode_of(f);                                                        \
	chmod(f, 0600);                                                        \
	GLIBC(fn)(__VA_ARGS__);                                                \
	assert_int_equal(a, mode_of(f))
	SAME_MODE(chmod, f, 0644);
	SAME_MODE(chmod, f, 07777);
	int fd = open(f, O_RDONLY);
	SAME_MODE(fchmod, fd, 0640);
	close(fd);
	SAME_MODE(fchmodat, AT_FDCWD, f, 0604, 0);
	SAME_MODE(fchmodat, AT_FDCWD, f, 0604, AT_SYMLINK_NOFOLLOW);
	SAME_MODE(fchmodat, AT_FDCWD, f, 0604, 0x8000);
	SAME_MODE(fchmodat, AT_FDCWD, f, 0604, AT_SYMLINK_NOFOLLOW | 0x8000);
	SAME(fchmodat, AT_FDCWD, link_path, 0604, AT_SYMLINK_NOFOLLOW);
	SAME(fchmodat, AT_FDCWD, in_scratch("none"), 0604, AT_SYMLINK_NOFOLLOW);
	SAME(fchmodat, -1, "rel", 0604, AT_SYMLINK_NOFOLLOW);
	SAME(fchmodat, AT_FDCWD, BAD_PTR, 0604, 0);
	SAME(chmod, in_scratch("none"), 0600);
	SAME(fchmod, -1, 0600);

	SAME(chown, f, -1, -1);
	uid_t uid = getuid();
	gid_t gid = getgid();
	SAME(chown, f, uid, gid);
	SAME(chown, in_scratch("none"), 0, 0);
	SAME(lchown, link_path, -1, -1);
	SAME(lchown, BAD_PTR, -1, -1);
	SAME(fchown, dfd, -1, -1);
	SAME(fchown, -1, 0, 0);
	SAME(fchownat, AT_FDCWD, link_path, -1, -1, AT_SYMLINK_NOFOLLOW);
	SAME(fchownat, AT_FDCWD, f, -1, -1, 0x8000);
	SAME(fchownat, dfd, "", -1, -1, AT_EMPTY_PATH);
}

static void times_of(const char *path, struct timespec t[2])
{
	struct stat st;
	lstat(path, &st);
	t[0] = st.st_atim;
	t[1] = st.st_mtim;
}

static void test_times(void **state)
{
	(void)state;
	const char *f = in_scratch("times");
	put_file(f, "t");
	struct timespec ts[2] = { { 100, 5 }, { 200, UTIME_OMIT } };
	struct timespec bad[2] = { { 1, 2000000000 }, { 1, 0 } };
	struct timeval tv[2] = { { 300, 7 }, { 400, 9 } };
	struct timeval tvbad[2] = { { 1, 2000000 }, { 1, -4 } };
	struct utimbuf ub = { 500, 600 };
	struct timespec a[2], b[2];
	int fd = open(f, O_RDWR);
#define SAME_TIMES(fn, ...)                                                    \
	SAME(fn, __VA_ARGS__);                                                 \
	utimensat(AT_FDCWD, f, (struct timespec[2]){ { 1, 1 }, { 1, 1 } }, 0); \
	fn(__VA_ARGS__);                                                       \
	times_of(f, a);                                                        \
	utimensat(AT_FDCWD, f, (struct timespec[2]){ { 1, 1 }, { 1, 1 } }, 0); \
	GLIBC(fn)(__VA_ARGS__);                                                \
	times_of(f, b);                                                        \
	if (a[0].tv_sec > 1000 || b[0].tv_sec > 1000) { /* "now" */           \
		a[0] = b[0];                                                   \
		a[1] = b[1];                                                   \
	}                                                                      \
	assert_memory_equal(a, b, sizeof a)
	SAME_TIMES(utimensat, AT_FDCWD, f, ts, 0);
	SAME_TIMES(utimensat, AT_FDCWD, link_path, ts, AT_SYMLINK_NOFOLLOW);
	SAME_TIMES(futimens, fd, ts);
	SAME_TIMES(utimes, f, tv);
	SAME_TIMES(lutimes, f, tv);
	SAME_TIMES(futimes, fd, tv);
	SAME_TIMES(futimesat, AT_FDCWD, f, tv);
	SAME_TIMES(futimesat, fd, NULL, tv);
	SAME_TIMES(utime, f, &ub);
	SAME(utime, f, NULL);
	SAME(utimes, f, NULL);
	SAME(utimensat, AT_FDCWD, f, bad, 0);
	SAME(utimensat, AT_FDCWD, f, BAD_PTR, 0);
	SAME(utimensat, -1, no_path, ts, 0);
	SAME(utimensat, fd, no_path, ts, 0);
	SAME(utimensat, AT_FDCWD, f, ts, 0x8000);
	SAME(futimens, -1, ts);
	SAME(futimens, AT_FDCWD, ts);
	SAME(futimens, 12345, ts);
	SAME(futimens, fd, BAD_PTR);
	SAME(utimes, f, tvbad);
	SAME(futimes, -1, tv);
	SAME(futimes, AT_FDCWD, tv);
	SAME(lutimes, in_scratch("none"), tv);
	SAME(futimesat, -1, "rel", tv);
	SAME(utime, BAD_PTR, &ub);
	close(fd);

	/* glibc converts the caller's timeval itself: a bad one kills */
	assert_int_equal(CHILD_END(utimes(f, BAD_PTR)),
			 CHILD_END(GLIBC(utimes)(f, BAD_PTR)));
	assert_int_equal(CHILD_END(utime(f, BAD_PTR)),
			 CHILD_END(GLIBC(utime)(f, BAD_PTR)));
}

static void test_xattr(void **state)
{
	(void)state;
	const char *f = in_scratch("x");
	put_file(f, "x");
	int fd = open(f, O_RDWR);
	SAME_AFTER(removexattr(f, "user.pv"), setxattr, f, "user.pv", "v1", 2, 0);
	SAME(setxattr, f, "user.pv", "v1", 2, XATTR_CREATE);
	SAME(setxattr, f, "bogus.pv", "v1", 2, 0);
	SAME(setxattr, f, "user.pv", BAD_PTR, 2, 0);
	SAME(lsetxattr, link_path, "user.pv", "v", 1, 0);
	SAME(fsetxattr, fd, "user.pv", "v2", 2, XATTR_REPLACE);
	SAME(fsetxattr, -1, "user.pv", "v2", 2, 0);
	SAME(getxattr, f, "user.pv", buf, sizeof buf);
	SAME(getxattr, f, "user.pv", buf, 0);
	SAME(getxattr, f, "user.pv", buf, 1);
	SAME(getxattr, f, "user.none", buf, sizeof buf);
	SAME(lgetxattr, link_path, "user.pv", buf, sizeof buf);
	SAME(fgetxattr, fd, "user.pv", buf, sizeof buf);
	SAME(fgetxattr, fd, "user.pv", BAD_PTR, sizeof buf);
	SAME(listxattr, f, buf, sizeof buf);
	SAME(listxattr, f, buf, 1);
	SAME(llistxattr, link_path, buf, sizeof buf);
	SAME(flistxattr, fd, buf, sizeof buf);
	SAME(flistxattr, 12345, buf, sizeof buf);
	SAME(fremovexattr, fd, "user.none");
	SAME(lremovexattr, link_path, "user.pv");
	SAME_AFTER(setxattr(f, "user.pv", "v", 1, 0), removexattr, f, "user.pv");
	SAME_AFTER(setxattr(f, "user.pv", "v", 1, 0), fremovexattr, fd, "user.pv");
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_fortified_failures),
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_vectored),
		cmocka_unit_test(test_vectored_fallback),
		cmocka_unit_test(test_lseek),
		cmocka_unit_test(test_close_dup),
		cmocka_unit_test(test_fcntl),
		cmocka_unit_test(test_ioctl),
		cmocka_unit_test(test_sync_sizes),
		cmocka_unit_test(test_fallocate),
		cmocka_unit_test(test_fadvise),
		cmocka_unit_test(test_copies),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_old_stat),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_readlink),
		cmocka_unit_test(test_modes_owners),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_xattr),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
