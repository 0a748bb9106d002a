/* names.c - the name space: making, removing, renaming and linking names,
 * the working directory and the root, device nodes, mounts, and file
 * system statistics.
 *
 * Each wrapper makes the system calls glibc 2.36 makes on x86-64 (checked
 * with strace).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define PV_ALIAS(name, target)                                                 \
	extern __typeof__(target) name                                         \
		__attribute__((alias(#target), copy(target),                   \
			       visibility("default")))

void __chk_fail(void) __attribute__((noreturn));

/* ---- making and removing names ---- */

PV_EXPORT int mkdir(const char *path, mode_t mode)
{
	return (int)PV_SYSCALL_RET(SYS_mkdir, path, mode);
}

PV_EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)PV_SYSCALL_RET(SYS_mkdirat, dirfd, path, mode);
}

PV_EXPORT int rmdir(const char *path) { return (int)PV_SYSCALL_RET(SYS_rmdir, path); }

PV_EXPORT int unlink(const char *path)
{
	return (int)PV_SYSCALL_RET(SYS_unlink, path);
}

PV_EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_unlinkat, dirfd, path, flags);
}

PV_EXPORT int rename(const char *old, const char *new)
{
	return (int)PV_SYSCALL_RET(SYS_rename, old, new);
}

PV_EXPORT int renameat(int olddir, const char *old, int newdir, const char *new)
{
	return (int)PV_SYSCALL_RET(SYS_renameat, olddir, old, newdir, new);
}

/* Without flags glibc makes the older call; a kernel that lacks the new
 * one has no flag it could honour. */
PV_EXPORT int renameat2(int olddir, const char *old, int newdir,
			const char *new, unsigned flags)
{
	if (flags == 0)
		return renameat(olddir, old, newdir, new);
	long r = PV_LIBC(SYS_renameat2, olddir, old, newdir, new, flags);
	return (int)pv_errno(r == -ENOSYS ? -EINVAL : r);
}

PV_EXPORT int link(const char *old, const char *new)
{
	return (int)PV_SYSCALL_RET(SYS_link, old, new);
}

PV_EXPORT int linkat(int olddir, const char *old, int newdir, const char *new,
		     int flags)
{
	return (int)PV_SYSCALL_RET(SYS_linkat, olddir, old, newdir, new, flags);
}

PV_EXPORT int symlink(const char *target, const char *path)
{
	return (int)PV_SYSCALL_RET(SYS_symlink, target, path);
}

PV_EXPORT int symlinkat(const char *target, int dirfd, const char *path)
{
	return (int)PV_SYSCALL_RET(SYS_symlinkat, target, dirfd, path);
}

/* ---- device nodes ---- */

/* dev_t is 64 bits for the program, 32 for the kernel's mknodat: glibc
 * refuses a number that would not survive the trip. */
PV_EXPORT int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	if ((unsigned)dev != dev) {
		errno = EINVAL;
		return -1;
	}
	return (int)PV_SYSCALL_RET(SYS_mknodat, dirfd, path, mode, (unsigned)dev);
}

PV_EXPORT int mknod(const char *path, mode_t mode, dev_t dev)
{
	return mknodat(AT_FDCWD, path, mode, dev);
}

/* Entry points of binaries built before glibc 2.33, with a layout version
 * first (0 is the only one) and the device by address. */
#define MKNOD_VER 0

PV_EXPORT int __xmknodat(int ver, int dirfd, const char *path, mode_t mode,
			 dev_t *dev)
{
	if (ver != MKNOD_VER) {
		errno = EINVAL;
		return -1;
	}
	return mknodat(dirfd, path, mode, *dev);
}

PV_EXPORT int __xmknod(int ver, const char *path, mode_t mode, dev_t *dev)
{
	return __xmknodat(ver, AT_FDCWD, path, mode, dev);
}

/* ---- working directory and root ---- */

PV_EXPORT int chdir(const char *path) { return (int)PV_SYSCALL_RET(SYS_chdir, path); }

PV_EXPORT int fchdir(int fd) { return (int)PV_SYSCALL_RET(SYS_fchdir, fd); }

PV_EXPORT int chroot(const char *path)
{
	return (int)PV_SYSCALL_RET(SYS_chroot, path);
}

/* A path under construction, filled from its end towards its start. */
struct rpath {
	char *buf;
	size_t cap, start; /* the path is buf[start .. cap-1], no NUL */
};

static int rpath_prepend(struct rpath *p, const char *name, size_t n)
{
	while (p->start < n + 1) {
		size_t cap = p->cap * 2, used = p->cap - p->start;
		char *nb = malloc(cap);
		if (!nb)
			return -ENOMEM;
		memcpy(nb + cap - used, p->buf + p->start, used);
		free(p->buf);
		p->buf = nb;
		p->start = cap - used;
		p->cap = cap;
	}
	p->start -= n;
	memcpy(p->buf + p->start, name, n);
	p->buf[--p->start] = '/';
	return 0;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static int is_dot_or_dotdot(const char *n)
{
	return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/* Finds the name under which the directory `child` appears in the open
 * directory dirfd and puts it in front of the path.  A mount point is
 * listed with the number of the directory below it, so where the devices
 * differ each candidate is looked at. */
static int name_in_parent(int dirfd, const struct stat *child,
			  const struct stat *parent, struct rpath *p)
{
	char buf[4096] __attribute__((aligned(8)));
	int mounted = child->st_dev != parent->st_dev;
	for (;;) {
		long n = PV_LIBC(SYS_getdents64, dirfd, buf, sizeof buf);
		if (n <= 0)
			return n < 0 ? (int)n : -ENOENT;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			off += d->d_reclen;
			if (is_dot_or_dotdot(d->d_name) ||
			    (!mounted && d->d_ino != child->st_ino))
				continue;
			struct stat st;
			if (pv_is_error(PV_LIBC(SYS_newfstatat, dirfd, d->d_name,
						&st, AT_SYMLINK_NOFOLLOW)) ||
			    !same_file(&st, child))
				continue;
			return rpath_prepend(p, d->d_name, strlen(d->d_name));
		}
	}
}

/* Climbs from the working directory to the root, one ".." at a time.  A
 * directory whose ".." is itself, short of the root, lies outside it. */
static int climb(struct rpath *p)
{
	struct stat root, cur, up;
	long r = PV_LIBC(SYS_newfstatat, AT_FDCWD, "/", &root, 0);
	if (!pv_is_error(r))
		r = PV_LIBC(SYS_newfstatat, AT_FDCWD, ".", &cur, 0);
	long fd = AT_FDCWD;
	while (!pv_is_error(r) && !same_file(&cur, &root)) {
		long up_fd = PV_LIBC(SYS_openat, fd, "..",
				     O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (fd != AT_FDCWD)
			PV_LIBC(SYS_close, fd);
		fd = up_fd;
		if (pv_is_error(fd))
			return (int)fd;
		r = PV_LIBC(SYS_newfstatat, fd, "", &up, AT_EMPTY_PATH);
		if (!pv_is_error(r))
			r = same_file(&up, &cur) ? -ENOENT
						 : name_in_parent((int)fd, &cur, &up, p);
		cur = up;
	}
	if (fd != AT_FDCWD)
		PV_LIBC(SYS_close, fd);
	return (int)r;
}

/* What glibc does when the kernel cannot give the path (longer than a page,
 * or not under the root): find it by climbing.  Same contract as getcwd
 * with the buffer already chosen: out is the caller's or our allocation of
 * `size` bytes, or NULL when size is 0 and the result is allocated. */
static char *getcwd_by_climbing(char *out, size_t size)
{
	struct rpath p = { .buf = malloc(PATH_MAX), .cap = PATH_MAX };
	if (!p.buf)
		return NULL;
	p.start = p.cap;
	int r = climb(&p);
	if (!r && p.start == p.cap)
		r = rpath_prepend(&p, "", 0); /* the root itself */
	size_t len = p.cap - p.start;
	if (!r && size && len + 1 > size)
		r = -ERANGE;
	if (r) {
		free(p.buf);
		errno = -r;
		return NULL;
	}
	char *res = out ? out : malloc(len + 1);
	if (res) {
		memcpy(res, p.buf + p.start, len);
		res[len] = 0;
	}
	free(p.buf);
	return res;
}

static size_t default_cwd_size(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > PATH_MAX ? (size_t)page : PATH_MAX;
}

/* glibc allocates when buf is NULL: `size` bytes, or as much as a path may
 * take and then only what the result needs. */
PV_EXPORT char *getcwd(char *buf, size_t size)
{
	if (size == 0 && buf) {
		errno = EINVAL;
		return NULL;
	}
	size_t len = size ? size : default_cwd_size();
	char *path = buf ? buf : malloc(len);
	if (!path)
		return NULL;
	long r = PV_LIBC(SYS_getcwd, path, len);
	if (r > 0 && path[0] == '/') {
		if (buf || size)
			return path;
		char *fit = realloc(path, (size_t)r);
		return fit ? fit : path;
	}
	if (r >= 0 || r == -ENAMETOOLONG) {
		if (!buf && !size) {
			free(path);
			path = NULL;
		}
		char *res = getcwd_by_climbing(path, size);
		if (!res && !buf && size)
			free(path);
		return res;
	}
	if (!buf)
		free(path);
	errno = (int)-r;
	return NULL;
}

PV_EXPORT char *__getcwd_chk(char *buf, size_t size, size_t buflen)
{
	if (size > buflen)
		__chk_fail();
	return getcwd(buf, size);
}

/* $PWD when it names the working directory (it may hold the symbolic
 * links the user went through), the real path otherwise. */
PV_EXPORT char *get_current_dir_name(void)
{
	const char *pwd = getenv("PWD");
	struct stat dot, named;
	if (pwd && stat(".", &dot) == 0 && stat(pwd, &named) == 0 &&
	    same_file(&dot, &named))
		return strdup(pwd);
	return getcwd(NULL, 0);
}

/* ---- mounts ---- */

PV_EXPORT int mount(const char *source, const char *target, const char *type,
		    unsigned long flags, const void *data)
{
	return (int)PV_SYSCALL_RET(SYS_mount, source, target, type, flags, data);
}

PV_EXPORT int umount2(const char *target, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_umount2, target, flags);
}

PV_EXPORT int umount(const char *target)
{
	return (int)PV_SYSCALL_RET(SYS_umount2, target, 0);
}

/* ---- file system statistics ---- */

PV_EXPORT int statfs(const char *path, struct statfs *buf)
{
	return (int)PV_SYSCALL_RET(SYS_statfs, path, buf);
}
PV_ALIAS(__statfs, statfs);

PV_EXPORT int statfs64(const char *path, struct statfs64 *buf)
{
	return (int)PV_SYSCALL_RET(SYS_statfs, path, buf);
}

PV_EXPORT int fstatfs(int fd, struct statfs *buf)
{
	return (int)PV_SYSCALL_RET(SYS_fstatfs, fd, buf);
}

PV_EXPORT int fstatfs64(int fd, struct statfs64 *buf)
{
	return (int)PV_SYSCALL_RET(SYS_fstatfs, fd, buf);
}
