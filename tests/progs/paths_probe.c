/* paths_probe.c - makes the calls a path layer must translate that shell
 * commands do not reach, and prints what the program sees, so that
 * tests/integration/paths_*.sh can compare it under purevirt's bind and
 * chroot layers with proot.
 *   paths_probe self            argv[0], /proc/self/exe, getcwd, comm
 *   paths_probe sock PATH       AF_UNIX stream names: bind, connect,
 *                               getsockname, getpeername, accept
 *   paths_probe dgram PATH      datagram names: sendto, sendmsg, recvfrom,
 *                               recvmsg; a truncated getsockname
 *   paths_probe at DIR NAME     openat/fstatat/readlinkat from a directory
 *                               descriptor, fchdir + getcwd, /proc/self/fd
 *   paths_probe meta PATH       truncate, utimensat, chmod, access, stat,
 *                               inotify_add_watch, xattrs
 *   paths_probe libs            whether the dynamic loader and libc that
 *                               run are the files their names give in the
 *                               program's view (in a chroot: the root's)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

static void show_link(const char *what, const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n < 0) {
		printf("%s: %s\n", what, strerror(errno));
		return;
	}
	buf[n] = 0;
	printf("%s: %s\n", what, buf);
}

static void show_name(const char *what, const struct sockaddr_un *sa,
		      socklen_t len)
{
	if (len <= offsetof(struct sockaddr_un, sun_path))
		printf("%s: unnamed\n", what);
	else
		printf("%s: %s (%u)\n", what, sa->sun_path, (unsigned)len);
}

static int self(char **argv)
{
	char cwd[PATH_MAX];
	printf("argv0: %s\n", argv[0]);
	show_link("exe", "/proc/self/exe");
	printf("cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : strerror(errno));
	FILE *f = fopen("/proc/self/comm", "r");
	if (f && fgets(cwd, sizeof cwd, f))
		printf("comm: %s", cwd);
	if (f)
		fclose(f);
	return 0;
}

static int sock(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX }, got;
	socklen_t len;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	unlink(path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s, 1) < 0) {
		printf("bind: %s\n", strerror(errno));
		return 1;
	}
	len = sizeof got;
	getsockname(s, (struct sockaddr *)&got, &len);
	show_name("bound", &got, len);
	if (connect(c, (struct sockaddr *)&sa, sizeof sa) < 0) {
		printf("connect: %s\n", strerror(errno));
		return 1;
	}
	len = sizeof got;
	getpeername(c, (struct sockaddr *)&got, &len);
	show_name("peer", &got, len);
	len = sizeof got;
	int a = accept(s, (struct sockaddr *)&got, &len);
	show_name("accepted from", &got, len);
	len = sizeof got;
	getsockname(a, (struct sockaddr *)&got, &len);
	show_name("accepted at", &got, len);
	unlink(path);
	return 0;
}

/* proot 5.3 translates neither sendto's nor sendmsg's name: compared with
 * the same calls made natively on the host's path */
static int dgram(const char *path)
{
	struct sockaddr_un got;
	socklen_t len;
	struct sockaddr_un da = { .sun_family = AF_UNIX }, ca = da;
	if (strlen(path) + 3 > sizeof da.sun_path)
		return 1;
	strcpy(da.sun_path, path);
	strcat(da.sun_path, ".d");
	strcpy(ca.sun_path, path);
	strcat(ca.sun_path, ".c");
	unlink(da.sun_path);
	unlink(ca.sun_path);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0), e = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (bind(d, (struct sockaddr *)&da, sizeof da) < 0 ||
	    bind(e, (struct sockaddr *)&ca, sizeof ca) < 0) {
		printf("bind dgram: %s\n", strerror(errno));
		return 1;
	}
	if (sendto(e, "one", 3, 0, (struct sockaddr *)&da, sizeof da) != 3)
		printf("sendto: %s\n", strerror(errno));
	char buf[16];
	len = sizeof got;
	ssize_t n = recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&got, &len);
	printf("recvfrom %zd: ", n);
	show_name("from", &got, len);
	struct iovec iov = { .iov_base = "two", .iov_len = 3 };
	struct msghdr mh = { .msg_name = &da, .msg_namelen = sizeof da,
			     .msg_iov = &iov, .msg_iovlen = 1 };
	if (sendmsg(e, &mh, 0) != 3)
		printf("sendmsg: %s\n", strerror(errno));
	iov = (struct iovec){ .iov_base = buf, .iov_len = sizeof buf };
	mh = (struct msghdr){ .msg_name = &got, .msg_namelen = sizeof got,
			      .msg_iov = &iov, .msg_iovlen = 1 };
	n = recvmsg(d, &mh, 0);
	printf("recvmsg %zd: ", n);
	show_name("from", &got, mh.msg_namelen);
	/* a small buffer: the name is cut, the length says how long it is */
	char small[8];
	len = sizeof small;
	getsockname(d, (struct sockaddr *)small, &len);
	printf("short buffer: %u\n", (unsigned)len);
	unlink(da.sun_path);
	unlink(ca.sun_path);
	return 0;
}

static int at(const char *dir, const char *name)
{
	char buf[PATH_MAX], link[64];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0) {
		printf("open %s: %s\n", dir, strerror(errno));
		return 1;
	}
	int fd = openat(dfd, name, O_RDONLY);
	if (fd < 0) {
		printf("openat: %s\n", strerror(errno));
	} else {
		ssize_t n = read(fd, buf, sizeof buf - 1);
		buf[n > 0 ? n : 0] = 0;
		printf("read: %s", buf);
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		show_link("fd", link);
		close(fd);
	}
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		printf("fstatat: %lld %s\n", (long long)st.st_size,
		       S_ISLNK(st.st_mode) ? "link" : "not a link");
	else
		printf("fstatat: %s\n", strerror(errno));
	ssize_t n = readlinkat(dfd, name, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("readlinkat: %s\n", n < 0 ? strerror(errno) : buf);
	printf("faccessat ..: %s\n", faccessat(dfd, "..", X_OK, 0) ? strerror(errno) : "ok");
	if (fchdir(dfd) == 0 && getcwd(buf, sizeof buf))
		printf("fchdir: %s\n", buf);
	snprintf(link, sizeof link, "/proc/self/fd/%d", dfd);
	show_link("dirfd", link);
	show_link("cwd", "/proc/self/cwd");
	return 0;
}

static int meta(const char *path)
{
	struct stat st;
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	printf("truncate: %s\n", truncate(path, 3) ? strerror(errno) : "ok");
	printf("utimensat: %s\n", utimensat(AT_FDCWD, path, ts, 0) ? strerror(errno) : "ok");
	printf("chmod: %s\n", chmod(path, 0640) ? strerror(errno) : "ok");
	printf("access: %s\n", access(path, R_OK) ? strerror(errno) : "ok");
	if (stat(path, &st) == 0)
		printf("stat: %lld %o %lld\n", (long long)st.st_size,
		       (unsigned)st.st_mode & 07777, (long long)st.st_mtime);
	int in = inotify_init1(IN_CLOEXEC);
	printf("inotify_add_watch: %s\n",
	       inotify_add_watch(in, path, IN_MODIFY) < 0 ? strerror(errno) : "ok");
	int x = setxattr(path, "user.pv", "v", 1, 0);
	printf("setxattr: %s\n", x ? strerror(errno) : "ok");
	char v[8] = "";
	ssize_t n = getxattr(path, "user.pv", v, sizeof v - 1);
	printf("getxattr: %s\n", n < 0 ? strerror(errno) : v);
	return 0;
}

/* The inode of the file mapped at addr, from /proc/self/maps. */
static unsigned long mapped_inode(const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[PATH_MAX + 128];
	unsigned long lo, hi, ino = 0, found = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx %*s %*s %*s %lu", &lo, &hi, &ino) == 3 &&
		    (unsigned long)addr >= lo && (unsigned long)addr < hi) {
			found = ino;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

static int libs(void)
{
	/* printf is libc's; __tls_get_addr the dynamic loader's own */
	const void *syms[] = { (const void *)printf,
			       dlsym(RTLD_DEFAULT, "__tls_get_addr") };
	for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
		Dl_info info;
		struct stat st;
		if (!dladdr(syms[i], &info) || !info.dli_fname) {
			printf("symbol %zu: no dladdr\n", i);
			continue;
		}
		unsigned long ino = mapped_inode(syms[i]);
		int same = stat(info.dli_fname, &st) == 0 && st.st_ino == ino;
		printf("%s: %s\n", info.dli_fname, same ? "the file mapped" : "NOT the file mapped");
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "self"))
		return self(argv);
	if (argc >= 3 && !strcmp(argv[1], "sock"))
		return sock(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "dgram"))
		return dgram(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "at"))
		return at(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "meta"))
		return meta(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "libs"))
		return libs();
	fprintf(stderr, "usage: paths_probe self|libs|sock PATH|dgram PATH|at DIR NAME|meta PATH\n");
	return 2;
}
