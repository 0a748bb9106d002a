/* probe_files.c - calls every wrapper of the file, metadata, name, memory,
 * socket, polling and event families once or more, with deterministic
 * arguments, between two marker calls: write(-1, "BEGIN", 5) and
 * write(-1, "END", 3).  tests/integration/wrappers_like_glibc.sh compares
 * the system calls strace sees natively with those the trace layer sees
 * under the libc path.  Nothing between the markers may reach the kernel
 * other than through the wrappers (no stdio, no first malloc).
 * usage: probe_files DIR   (an empty scratch directory)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

int __open_2(const char *, int);
int __openat_2(int, const char *, int);
ssize_t __read_chk(int, void *, size_t, size_t);
ssize_t __pread64_chk(int, void *, size_t, off_t, size_t);
ssize_t __readlink_chk(const char *, char *, size_t, size_t);
char *__getcwd_chk(char *, size_t, size_t);
int __poll_chk(struct pollfd *, nfds_t, int, size_t);
ssize_t __recv_chk(int, void *, size_t, size_t, int);

static char path[8][PATH_MAX];
static char buf[4096];

static const char *at(const char *dir, const char *name, int slot)
{
	snprintf(path[slot], sizeof path[slot], "%s/%s", dir, name);
	return path[slot];
}

/* The compatibility entry points, bound by version the way binaries built
 * before glibc 2.33 bind them. */
int old_xstat(int, const char *, struct stat *);
int old_lxstat(int, const char *, struct stat *);
int old_fxstat(int, int, struct stat *);
int old_fxstatat(int, int, const char *, struct stat *, int);
int old_xmknod(int, const char *, mode_t, dev_t *);
int old_xmknodat(int, int, const char *, mode_t, dev_t *);
__asm__(".symver old_xstat, __xstat@GLIBC_2.2.5");
__asm__(".symver old_lxstat, __lxstat@GLIBC_2.2.5");
__asm__(".symver old_fxstat, __fxstat@GLIBC_2.2.5");
__asm__(".symver old_fxstatat, __fxstatat@GLIBC_2.4");
__asm__(".symver old_xmknod, __xmknod@GLIBC_2.2.5");
__asm__(".symver old_xmknodat, __xmknodat@GLIBC_2.4");

static void files(const char *dir)
{
	const char *f = at(dir, "f", 0), *g = at(dir, "g", 1);
	struct iovec iov[2] = { { buf, 3 }, { buf + 3, 4 } };
	int fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "hello world\n", 12);
	int fd2 = openat(AT_FDCWD, g, O_RDWR | O_CREAT, 0600);
	close(open64(f, O_RDONLY));
	close(openat64(AT_FDCWD, f, O_RDONLY));
	close(creat(g, 0600));
	close(creat64(g, 0600));
	close(__open_2(f, O_RDONLY));
	close(__openat_2(AT_FDCWD, f, O_RDONLY));
	open("/nonexistent", O_RDONLY);
	lseek(fd, 0, SEEK_SET);
	read(fd, buf, 5);
	__read_chk(fd, buf, 2, sizeof buf);
	pread(fd, buf, 4, 1);
	pread64(fd, buf, 4, 2);
	__pread64_chk(fd, buf, 4, 2, sizeof buf);
	pwrite(fd2, "ab", 2, 0);
	pwrite64(fd2, "cd", 2, 2);
	readv(fd, iov, 2);
	writev(fd2, iov, 2);
	preadv(fd, iov, 2, 0);
	preadv64(fd, iov, 2, 1);
	pwritev(fd2, iov, 2, 0);
	pwritev64(fd2, iov, 2, 1);
	preadv2(fd, iov, 2, 0, 0);
	pwritev2(fd2, iov, 2, -1, 0);
	lseek64(fd, 0, SEEK_END);
	int d = dup(fd);
	dup2(fd, 100);
	dup3(fd, 101, O_CLOEXEC);
	close(d);
	close_range(100, 101, 0);
	close(-1);
	int p[2], q[2];
	pipe(p);
	pipe2(q, O_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl64(fd, F_GETFL);
	fcntl(fd, F_GETOWN);
	struct flock lk = { .l_type = F_RDLCK };
	fcntl(fd, F_GETLK, &lk);
	int avail;
	ioctl(p[0], FIONREAD, &avail);
	fsync(fd);
	fdatasync(fd);
	sync();
	syncfs(fd);
	truncate(g, 3);
	truncate64(g, 4);
	ftruncate(fd2, 2);
	ftruncate64(fd2, 1);
	fallocate(fd2, 0, 0, 100);
	fallocate64(fd2, 0, 0, 200);
	posix_fallocate(fd2, 0, 300);
	posix_fallocate64(fd2, 0, 400);
	off_t off = 0, off2 = 0;
	sendfile(fd2, fd, &off, 3);
	sendfile64(fd2, fd, &off, 3);
	copy_file_range(fd, &off, fd2, &off2, 3, 0);
	off = 0;
	splice(fd, &off, p[1], NULL, 4, 0);
	tee(p[0], q[1], 2, SPLICE_F_NONBLOCK);
	struct iovec v = { "xy", 2 };
	vmsplice(p[1], &v, 1, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(fd2);
	close(fd);
}

static void metadata(const char *dir)
{
	const char *f = at(dir, "f", 0), *l = at(dir, "l", 1);
	struct stat st;
	struct stat64 st64;
	struct statx sx;
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	struct timeval tv[2] = { { 3, 0 }, { 4, 0 } };
	struct utimbuf ub = { 5, 6 };
	symlink(f, l);
	int fd = open(f, O_RDWR);
	stat(f, &st);
	stat64(f, &st64);
	lstat(l, &st);
	lstat64(l, &st64);
	fstat(fd, &st);
	fstat64(fd, &st64);
	fstat(-1, &st);
	fstatat(AT_FDCWD, f, &st, 0);
	fstatat64(fd, "", &st64, AT_EMPTY_PATH);
	old_xstat(1, f, &st);
	old_lxstat(1, l, &st);
	old_fxstat(1, fd, &st);
	old_fxstatat(1, AT_FDCWD, f, &st, 0);
	old_xstat(3, f, &st);
	statx(AT_FDCWD, f, 0, STATX_BASIC_STATS, &sx);
	access(f, R_OK);
	faccessat(AT_FDCWD, f, W_OK, AT_EACCESS);
	euidaccess(f, R_OK);
	eaccess(f, F_OK);
	readlink(l, buf, sizeof buf);
	readlinkat(AT_FDCWD, l, buf, sizeof buf);
	__readlink_chk(l, buf, 10, sizeof buf);
	chmod(f, 0640);
	fchmod(fd, 0644);
	fchmodat(AT_FDCWD, f, 0600, 0);
	fchmodat(AT_FDCWD, f, 0644, AT_SYMLINK_NOFOLLOW);
	fchmodat(AT_FDCWD, l, 0644, AT_SYMLINK_NOFOLLOW);
	chown(f, -1, -1);
	fchown(fd, -1, -1);
	lchown(l, -1, -1);
	fchownat(AT_FDCWD, l, -1, -1, AT_SYMLINK_NOFOLLOW);
	utimensat(AT_FDCWD, f, ts, 0);
	futimens(fd, ts);
	utimes(f, tv);
	lutimes(l, tv);
	futimes(fd, tv);
	futimesat(AT_FDCWD, f, tv);
	utime(f, &ub);
	setxattr(f, "user.pv", "1", 1, 0);
	lsetxattr(f, "user.pv", "2", 1, 0);
	fsetxattr(fd, "user.pv", "3", 1, 0);
	getxattr(f, "user.pv", buf, sizeof buf);
	lgetxattr(f, "user.pv", buf, sizeof buf);
	fgetxattr(fd, "user.pv", buf, sizeof buf);
	listxattr(f, buf, sizeof buf);
	llistxattr(f, buf, sizeof buf);
	flistxattr(fd, buf, sizeof buf);
	removexattr(f, "user.pv");
	lremovexattr(f, "user.none");
	fremovexattr(fd, "user.none");
	close(fd);
}

static void names(const char *dir)
{
	const char *d = at(dir, "d", 2), *a = at(dir, "a", 3), *b = at(dir, "b", 4);
	const char *n = at(dir, "node", 5);
	struct statfs sf;
	struct statfs64 sf64;
	dev_t zero = 0;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	mkdir(d, 0755);
	mkdirat(dfd, "d2", 0755);
	rmdir(d);
	unlinkat(dfd, "d2", AT_REMOVEDIR);
	close(creat(a, 0600));
	rename(a, b);
	renameat(dfd, "b", dfd, "a");
	renameat2(dfd, "a", dfd, "b", 0);
	renameat2(dfd, "b", dfd, "a", RENAME_NOREPLACE);
	link(a, b);
	unlink(b);
	linkat(dfd, "a", dfd, "b", 0);
	unlinkat(dfd, "b", 0);
	symlink(a, b);
	unlink(b);
	symlinkat("a", dfd, "b");
	unlink(b);
	mknod(n, S_IFIFO | 0600, 0);
	unlink(n);
	mknodat(dfd, "node", S_IFIFO | 0600, 0);
	unlink(n);
	old_xmknod(0, n, S_IFIFO | 0600, &zero);
	unlink(n);
	old_xmknodat(0, dfd, "node", S_IFIFO | 0600, &zero);
	unlink(n);
	int home = open(".", O_RDONLY | O_DIRECTORY);
	chdir(dir);
	getcwd(buf, sizeof buf);
	free(getcwd(NULL, 0));
	free(getcwd(NULL, 200));
	__getcwd_chk(buf, 100, sizeof buf);
	setenv("PWD", dir, 1);
	free(get_current_dir_name());
	fchdir(home);
	close(home);
	chroot("/nonexistent");
	mount("none", "/nonexistent", "tmpfs", 0, NULL);
	umount("/nonexistent");
	umount2("/nonexistent", 0);
	statfs(dir, &sf);
	statfs64(dir, &sf64);
	fstatfs(dfd, &sf);
	fstatfs64(dfd, &sf64);
	close(dfd);
}

static void memory(void)
{
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mmap64(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
	mprotect(m, 4096, PROT_READ);
	m = mremap(m, 8192, 16384, MREMAP_MAYMOVE);
	madvise(m, 4096, MADV_WILLNEED);
	posix_madvise(m, 4096, POSIX_MADV_DONTNEED);
	posix_madvise(m, 4096, POSIX_MADV_RANDOM);
	msync(m, 4096, MS_ASYNC);
	mlock(m, 4096);
	munlock(m, 4096);
	mlock2(m, 4096, 0);
	mlock2(m, 4096, MLOCK_ONFAULT);
	munlock(m, 4096);
	mlockall(0x100);
	munlockall();
	unsigned char vec[4];
	mincore(m, 16384, vec);
	munmap(m, 16384);
}

static void sockets(void)
{
	int sv[2], one = 1, type;
	socklen_t len = sizeof type;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct iovec iov = { "msg", 3 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct mmsghdr mm[1] = { { .msg_hdr = msg } };
	struct iovec riov = { buf, 64 };
	struct msghdr rmsg = { .msg_iov = &riov, .msg_iovlen = 1 };
	struct mmsghdr rmm[1] = { { .msg_hdr = rmsg } };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	bind(s, (struct sockaddr *)&lo, sizeof lo);
	listen(s, 1);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	connect(sv[0], (struct sockaddr *)&lo, sizeof lo);
	accept(s, NULL, NULL);
	accept4(s, NULL, NULL, SOCK_CLOEXEC);
	send(sv[0], "a", 1, 0);
	sendto(sv[0], "b", 1, 0, NULL, 0);
	sendmsg(sv[0], &msg, 0);
	sendmmsg(sv[0], mm, 1, 0);
	recv(sv[1], buf, 1, 0);
	__recv_chk(sv[1], buf, 1, sizeof buf, 0);
	recvfrom(sv[1], buf, 1, 0, NULL, NULL);
	recvmsg(sv[1], &rmsg, 0);
	recvmmsg(sv[1], rmm, 1, MSG_DONTWAIT, NULL);
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	getsockname(s, (struct sockaddr *)&ss, &sl);
	getpeername(sv[0], (struct sockaddr *)&ss, &sl);
	shutdown(sv[0], SHUT_WR);
	close(sv[0]);
	close(sv[1]);
	close(s);
}

static void polling(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf[1] = { { .fd = p[1], .events = POLLOUT } };
	struct timespec ts = { 0, 0 };
	struct timeval tv = { 0, 0 };
	sigset_t mask;
	sigemptyset(&mask);
	fd_set wr;
	FD_ZERO(&wr);
	FD_SET(p[1], &wr);
	poll(pf, 1, 0);
	__poll_chk(pf, 1, 0, sizeof pf);
	ppoll(pf, 1, &ts, &mask);
	select(p[1] + 1, NULL, &wr, NULL, &tv);
	pselect(p[1] + 1, NULL, &wr, NULL, &ts, &mask);
	struct epoll_event ev = { .events = EPOLLOUT }, out[2];
	int e1 = epoll_create(1), e2 = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(e2, EPOLL_CTL_ADD, p[1], &ev);
	epoll_wait(e2, out, 2, 0);
	epoll_pwait(e2, out, 2, 0, &mask);
	epoll_pwait2(e2, out, 2, &ts, NULL);
	close(e1);
	close(e2);
	close(p[0]);
	close(p[1]);
}

static void events(const char *dir)
{
	eventfd_t v;
	struct itimerspec its = { .it_value = { 100, 0 } }, cur;
	int e = eventfd(0, EFD_NONBLOCK);
	eventfd_write(e, 2);
	eventfd_read(e, &v);
	int t = timerfd_create(CLOCK_MONOTONIC, 0);
	timerfd_settime(t, 0, &its, NULL);
	timerfd_gettime(t, &cur);
	int i = inotify_init(), i1 = inotify_init1(IN_CLOEXEC);
	int wd = inotify_add_watch(i1, dir, IN_CREATE);
	inotify_rm_watch(i1, wd);
	int m = memfd_create("probe", MFD_CLOEXEC);
	getrandom(buf, 16, 0);
	getentropy(buf, 32);
	close(m);
	close(i);
	close(i1);
	close(t);
	close(e);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	free(malloc(64 * 1024)); /* malloc's first calls, outside the markers */
	setenv("PWD", argv[1], 1);
	write(-1, "BEGIN", 5);
	files(argv[1]);
	metadata(argv[1]);
	names(argv[1]);
	memory();
	sockets();
	polling();
	events(argv[1]);
	write(-1, "END", 3);
	return 0;
}
