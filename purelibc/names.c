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
#include <stdint.h>
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
	/* glibc clears errno before reading each directory (to tell the end
	 * from an error), so a climb that lists one leaves it 0. */
	errno = 0;
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
		if (r < 0) /* glibc's failed call set it; a climb from / keeps it */
			errno = ENAMETOOLONG;
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

/* ---- canonical names ---- */

/* glibc's realpath resolves one component at a time with readlink through
 * its own internal wrappers, which only the trap would see; this one makes
 * the same calls, in the same order and with the same sizes, through the
 * exported getcwd, readlink and faccessat.
 *
 * Its buffers start at 1024 bytes and double when too small, and the sizes
 * show in the calls: getcwd is asked with 1024, then 2048, ...; readlink
 * with one byte less than the link buffer, which stays grown for the rest
 * of the name.  Ours grow the same way so that a layer sees what it would
 * see under glibc. */
#define RP_FIRST_SIZE 1024
/* Links followed before ELOOP: glibc's threshold on Linux (there is no
 * SYMLOOP_MAX, and 40 is its floor).  The 41st link's readlink is made. */
#define RP_MAX_LINKS 40

struct rp_buf {
	char *data;
	size_t size;
	char first[RP_FIRST_SIZE];
};

static void rp_init(struct rp_buf *b)
{
	b->data = b->first;
	b->size = sizeof b->first;
}

static void rp_free(struct rp_buf *b)
{
	if (b->data != b->first)
		free(b->data);
}

/* Doubles the buffer, keeping its first `keep` bytes.  -1 and ENOMEM. */
static int rp_grow(struct rp_buf *b, size_t keep)
{
	if (b->size > SIZE_MAX / 2) {
		errno = ENOMEM;
		return -1;
	}
	char *n = malloc(b->size * 2);
	if (!n)
		return -1;
	memcpy(n, b->data, keep);
	rp_free(b);
	b->data = n;
	b->size *= 2;
	return 0;
}

/* The length of `path` without its last component, keeping the slash
 * before it; the root stays the root.  A path that ends in a slash (after
 * an earlier "..") loses the component before that slash. */
static size_t rp_parent(const char *path, size_t len)
{
	if (len > 1)
		for (len--; len > 0 && path[len - 1] != '/'; len--)
			;
	return len;
}

/* Whether the rest of the name, after a component, requires that
 * component to be a directory: a trailing slash, a trailing "/.", or a
 * "/.." reached before any ordinary component.  readlink cannot tell
 * (it says EINVAL for any file that is not a link), so glibc asks
 * faccessat then, and only then. */
static int rp_needs_dir(const char *rest)
{
	while (*rest == '/') {
		while (*rest == '/')
			rest++;
		if (*rest != '.')
			return *rest == 0;
		if (!rest[1] || (rest[1] == '.' && (!rest[2] || rest[2] == '/')))
			return 1;
		rest++; /* "./" goes on looking; ".x" is an ordinary name */
	}
	return 0;
}

/* Whether path[0 .. len) is a directory, asked as glibc asks: the path
 * with a slash appended, F_OK with the effective ids.  The caller left
 * room for the slash and a NUL. */
static int rp_is_dir(char *path, size_t len)
{
	path[len] = '/';
	path[len + 1] = 0;
	int r = faccessat(AT_FDCWD, path, F_OK, AT_EACCESS);
	path[len] = 0;
	return r == 0;
}

/* Makes `target` followed by `rest` the part of the name still to
 * resolve, in `pending`.  rest may lie inside pending itself (a link met
 * while resolving an earlier link's target). */
static int rp_splice(struct rp_buf *pending, int rest_inside,
		     const char *target, size_t tlen, const char **rest)
{
	size_t rlen = strlen(*rest);
	size_t off = rest_inside ? (size_t)(*rest - pending->data) : 0;
	if (tlen > SIZE_MAX - 1 - rlen) {
		errno = ENOMEM;
		return -1;
	}
	while (pending->size <= tlen + rlen)
		if (rp_grow(pending, rest_inside ? off + rlen + 1 : 0))
			return -1;
	const char *from = rest_inside ? pending->data + off : *rest;
	memmove(pending->data + tlen, from, rlen + 1);
	memcpy(pending->data, target, tlen);
	*rest = pending->data;
	return 0;
}

/* glibc's contract for the result: on success the name is copied into the
 * caller's buffer (ENAMETOOLONG if it would not fit in PATH_MAX) or
 * returned in a new allocation.  On failure with ENOENT or EACCES the
 * caller's buffer gets the path as far as it was resolved -- the component
 * that failed included, or "" when the working directory could not be
 * found -- so a caller can say which part is missing; on any other failure
 * the buffer is left alone. */
static char *rp_result(const struct rp_buf *out, size_t len, int ok,
		       char *resolved)
{
	if (!resolved)
		return ok ? strdup(out->data) : NULL;
	if ((ok || errno == ENOENT || errno == EACCES) && len < PATH_MAX) {
		memcpy(resolved, out->data, len + 1);
		return ok ? resolved : NULL;
	}
	if (ok)
		errno = ENAMETOOLONG;
	return NULL;
}

PV_EXPORT char *realpath(const char *name, char *resolved)
{
	if (!name) {
		errno = EINVAL;
		return NULL;
	}
	if (!name[0]) {
		errno = ENOENT;
		return NULL;
	}
	struct rp_buf out, link, pending;
	rp_init(&out);
	rp_init(&link);
	rp_init(&pending);
	size_t len = 0; /* of the path resolved so far, in out */
	int ok = 0, links = 0, in_pending = 0;
	const char *next = name; /* what is left to resolve */
	char *res = NULL;

	if (name[0] == '/') {
		out.data[len++] = '/';
	} else {
		while (!getcwd(out.data, out.size)) {
			if (errno != ERANGE)
				goto done; /* with "" as the partial result */
			if (rp_grow(&out, 0))
				goto no_memory;
		}
		len = strlen(out.data);
	}

	while (*next) {
		while (*next == '/')
			next++;
		const char *end = strchrnul(next, '/');
		size_t n = (size_t)(end - next);
		if (n == 0)
			break;
		if (n == 1 && next[0] == '.') {
			next = end;
			continue;
		}
		/* What came before is resolved, so ".." is only text. */
		if (n == 2 && next[0] == '.' && next[1] == '.') {
			len = rp_parent(out.data, len);
			next = end;
			continue;
		}
		/* room for a slash, the component, and rp_is_dir's slash and NUL */
		while (out.size - len < n + 3)
			if (rp_grow(&out, len))
				goto no_memory;
		if (out.data[len - 1] != '/')
			out.data[len++] = '/';
		memcpy(out.data + len, next, n);
		len += n;
		out.data[len] = 0;

		ssize_t t;
		while ((t = readlink(out.data, link.data, link.size - 1)) >=
		       (ssize_t)link.size - 1) /* maybe cut short: ask again */
			if (rp_grow(&link, 0))
				goto no_memory;
		if (t >= 0) {
			if (++links > RP_MAX_LINKS) {
				errno = ELOOP;
				goto done;
			}
			if (rp_splice(&pending, in_pending, link.data, (size_t)t,
				      &end))
				goto no_memory;
			in_pending = 1;
			if (t > 0 && link.data[0] == '/')
				len = 1; /* an absolute target: start again at / */
			else
				len = rp_parent(out.data, len);
		} else if (rp_needs_dir(end) ? !rp_is_dir(out.data, len)
					     : errno != EINVAL) {
			goto done;
		}
		next = end;
	}
	if (len > 1 && out.data[len - 1] == '/')
		len--;
	ok = 1;
done:
	out.data[len] = 0;
	res = rp_result(&out, len, ok, resolved);
no_memory:
	rp_free(&out);
	rp_free(&link);
	rp_free(&pending);
	return res;
}

/* Declared nonnull, yet glibc answers NULL with EINVAL as realpath does:
 * the empty asm keeps the compiler from dropping realpath's check should
 * it ever inline it here. */
PV_EXPORT char *canonicalize_file_name(const char *name)
{
	__asm__("" : "+r"(name));
	return realpath(name, NULL);
}

/* The fortified realpath: glibc stops the program when the buffer the
 * compiler saw is shorter than PATH_MAX, whatever the name, and even when
 * the buffer is NULL. */
PV_EXPORT char *__realpath_chk(const char *name, char *resolved,
			       size_t resolvedlen)
{
	if (resolvedlen < PATH_MAX)
		__chk_fail();
	return realpath(name, resolved);
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
