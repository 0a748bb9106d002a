/* metadata.c - what a file is and who may use it: the stat family (with
 * glibc's old versioned __xstat entry points), statx, access checks,
 * readlink, modes, owners, times and extended attributes.
 *
 * Each wrapper makes the system calls glibc 2.36 makes on x86-64 (checked
 * with strace); where glibc emulates in user space (access checks on
 * effective ids, chmod of a path that must not be followed) the emulation
 * makes the same calls, through the layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#define PV_ALIAS(name, target)                                                 \
	extern __typeof__(target) name                                         \
		__attribute__((alias(#target), copy(target),                   \
			       visibility("default")))

void __chk_fail(void) __attribute__((noreturn));

/* ---- stat ---- */

PV_EXPORT int stat(const char *path, struct stat *buf)
{
	return (int)PV_SYSCALL_RET(SYS_newfstatat, AT_FDCWD, path, buf, 0);
}

PV_EXPORT int stat64(const char *path, struct stat64 *buf)
{
	return (int)PV_SYSCALL_RET(SYS_newfstatat, AT_FDCWD, path, buf, 0);
}

PV_EXPORT int lstat(const char *path, struct stat *buf)
{
	return (int)PV_SYSCALL_RET(SYS_newfstatat, AT_FDCWD, path, buf,
				   AT_SYMLINK_NOFOLLOW);
}

PV_EXPORT int lstat64(const char *path, struct stat64 *buf)
{
	return (int)PV_SYSCALL_RET(SYS_newfstatat, AT_FDCWD, path, buf,
				   AT_SYMLINK_NOFOLLOW);
}

/* glibc refuses a negative descriptor itself: given to newfstatat with an
 * empty path, AT_FDCWD (-100) would stat the working directory. */
static int fstat_fd(int fd, void *buf)
{
	if (fd < 0) {
		errno = EBADF;
		return -1;
	}
	return (int)PV_SYSCALL_RET(SYS_newfstatat, fd, "", buf, AT_EMPTY_PATH);
}

PV_EXPORT int fstat(int fd, struct stat *buf) { return fstat_fd(fd, buf); }

PV_EXPORT int fstat64(int fd, struct stat64 *buf) { return fstat_fd(fd, buf); }

PV_EXPORT int fstatat(int dirfd, const char *path, struct stat *buf, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_newfstatat, dirfd, path, buf, flags);
}

PV_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *buf,
			int flags)
{
	return (int)PV_SYSCALL_RET(SYS_newfstatat, dirfd, path, buf, flags);
}

/* Binaries built before glibc 2.33 call the stat family through these,
 * with the layout version first.  On x86-64 the kernel's layout is the
 * user's, and glibc accepts both of its version numbers for it. */
#define STAT_VER_KERNEL 0
#define STAT_VER_LINUX 1
#define MKNOD_VER 0

static int bad_version(int ver)
{
	if (ver == STAT_VER_KERNEL || ver == STAT_VER_LINUX)
		return 0;
	errno = EINVAL;
	return 1;
}

PV_EXPORT int __xstat(int ver, const char *path, struct stat *buf)
{
	return bad_version(ver) ? -1 : (int)PV_SYSCALL_RET(SYS_stat, path, buf);
}
PV_ALIAS(__xstat64, __xstat);

PV_EXPORT int __lxstat(int ver, const char *path, struct stat *buf)
{
	return bad_version(ver) ? -1 : (int)PV_SYSCALL_RET(SYS_lstat, path, buf);
}
PV_ALIAS(__lxstat64, __lxstat);

PV_EXPORT int __fxstat(int ver, int fd, struct stat *buf)
{
	return bad_version(ver) ? -1 : (int)PV_SYSCALL_RET(SYS_fstat, fd, buf);
}
PV_ALIAS(__fxstat64, __fxstat);

PV_EXPORT int __fxstatat(int ver, int dirfd, const char *path, struct stat *buf,
			 int flags)
{
	if (bad_version(ver))
		return -1;
	return (int)PV_SYSCALL_RET(SYS_newfstatat, dirfd, path, buf, flags);
}
PV_ALIAS(__fxstatat64, __fxstatat);

PV_EXPORT int statx(int dirfd, const char *path, int flags, unsigned mask,
		    struct statx *buf)
{
	return (int)PV_SYSCALL_RET(SYS_statx, dirfd, path, flags, mask, buf);
}

/* ---- access checks ---- */

PV_EXPORT int access(const char *path, int mode)
{
	return (int)PV_SYSCALL_RET(SYS_access, path, mode);
}

static unsigned long libc_id(long nr) { return (unsigned long)PV_LIBC(nr); }

/* Whether gid is one of the supplementary groups: asked the way glibc
 * asks, with a buffer that doubles until the list fits. */
static int in_groups(gid_t gid)
{
	long size = NGROUPS_MAX, n;
	for (;;) {
		gid_t groups[size];
		n = PV_LIBC(SYS_getgroups, size, groups);
		if (n == size) {
			size *= 2;
			continue;
		}
		while (n-- > 0)
			if (groups[n] == gid)
				return 1;
		return 0;
	}
}

/* The permission bits the file grants to a user of these ids. */
static int mode_grants(const struct stat *st, int mode, uid_t uid,
		       int group_match)
{
	unsigned granted;
	if (uid == st->st_uid)
		granted = (st->st_mode & ((unsigned)mode << 6)) >> 6;
	else if (group_match)
		granted = (st->st_mode & ((unsigned)mode << 3)) >> 3;
	else
		granted = st->st_mode & (unsigned)mode;
	return granted == (unsigned)mode;
}

/* The super-user may read and write anything, and execute what anyone
 * may execute. */
static int root_may(const struct stat *st, int mode)
{
	return (mode & X_OK) == 0 || (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH));
}

static int denied(void)
{
	errno = EACCES;
	return -1;
}

PV_EXPORT int euidaccess(const char *path, int mode)
{
	struct stat st;
	if (pv_errno(PV_LIBC(SYS_newfstatat, AT_FDCWD, path, &st, 0)) < 0)
		return -1;
	mode &= X_OK | W_OK | R_OK;
	if (mode == F_OK)
		return 0;
	uid_t euid = (uid_t)libc_id(SYS_geteuid);
	gid_t egid = (gid_t)libc_id(SYS_getegid);
	if ((uid_t)libc_id(SYS_getuid) == euid &&
	    (gid_t)libc_id(SYS_getgid) == egid)
		return access(path, mode); /* not set-id: the kernel knows */
	if (euid == 0 && root_may(&st, mode))
		return 0;
	int group = euid != st.st_uid && (egid == st.st_gid || in_groups(st.st_gid));
	return mode_grants(&st, mode, euid, group) ? 0 : denied();
}
PV_ALIAS(eaccess, euidaccess);

/* A kernel without faccessat2 (before 5.8): glibc checks what the old call
 * cannot (flags, effective ids) from the file's mode. */
static int faccessat_fallback(int fd, const char *path, int mode, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS)) {
		errno = EINVAL;
		return -1;
	}
	if (flags == 0 || ((flags & ~AT_EACCESS) == 0 && !getauxval(AT_SECURE)))
		return (int)PV_SYSCALL_RET(SYS_faccessat, fd, path, mode);
	struct stat st;
	if (pv_errno(PV_LIBC(SYS_newfstatat, fd, path, &st,
			     flags & AT_SYMLINK_NOFOLLOW)) < 0)
		return -1;
	mode &= X_OK | W_OK | R_OK;
	if (mode == F_OK)
		return 0;
	int eff = flags & AT_EACCESS;
	uid_t uid = (uid_t)libc_id(eff ? SYS_geteuid : SYS_getuid);
	if (uid == 0 && root_may(&st, mode))
		return 0;
	int group = uid != st.st_uid &&
		    (st.st_gid == (gid_t)libc_id(eff ? SYS_getegid : SYS_getgid) ||
		     in_groups(st.st_gid));
	return mode_grants(&st, mode, uid, group) ? 0 : denied();
}

PV_EXPORT int faccessat(int fd, const char *path, int mode, int flags)
{
	long r = PV_LIBC(SYS_faccessat2, fd, path, mode, flags);
	if (r == -ENOSYS) {
		errno = ENOSYS; /* glibc's first attempt leaves it set */
		return faccessat_fallback(fd, path, mode, flags);
	}
	return (int)pv_errno(r);
}

/* ---- readlink ---- */

PV_EXPORT ssize_t readlink(const char *path, char *buf, size_t len)
{
	return PV_SYSCALL_RET(SYS_readlink, path, buf, len);
}

PV_EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	return PV_SYSCALL_RET(SYS_readlinkat, dirfd, path, buf, len);
}

PV_EXPORT ssize_t __readlink_chk(const char *path, char *buf, size_t len,
				 size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return readlink(path, buf, len);
}

PV_EXPORT ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf,
				   size_t len, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return readlinkat(dirfd, path, buf, len);
}

/* ---- modes and owners ---- */

PV_EXPORT int chmod(const char *path, mode_t mode)
{
	return (int)PV_SYSCALL_RET(SYS_chmod, path, mode);
}

PV_EXPORT int fchmod(int fd, mode_t mode)
{
	return (int)PV_SYSCALL_RET(SYS_fchmod, fd, mode);
}

/* The kernel's fchmodat has no flags.  For AT_SYMLINK_NOFOLLOW glibc opens
 * the path itself without following it, refuses a symbolic link (whose
 * mode Linux does not keep), and changes the mode through /proc. */
static int chmod_nofollow(int dirfd, const char *path, mode_t mode)
{
	long fd = PV_LIBC(SYS_openat, dirfd, path,
			  O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
	if (pv_is_error(fd))
		return (int)pv_errno(fd);
	struct stat st;
	long r = PV_LIBC(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
	if (!pv_is_error(r) && S_ISLNK(st.st_mode))
		r = -EOPNOTSUPP;
	if (!pv_is_error(r)) {
		char proc[32];
		struct rt_buf b = RT_BUF(proc);
		rt_printf(&b, "/proc/self/fd/%ld", fd);
		rt_putc(&b, 0);
		r = PV_LIBC(SYS_chmod, proc, mode);
		if (r == -ENOENT) /* no /proc: no way to reach the file */
			r = -EOPNOTSUPP;
	}
	PV_LIBC(SYS_close, fd);
	return (int)pv_errno(r);
}

PV_EXPORT int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	if (flags == 0)
		return (int)PV_SYSCALL_RET(SYS_fchmodat, dirfd, path, mode);
	if (flags != AT_SYMLINK_NOFOLLOW) {
		errno = EINVAL;
		return -1;
	}
	return chmod_nofollow(dirfd, path, mode);
}

PV_EXPORT int chown(const char *path, uid_t uid, gid_t gid)
{
	return (int)PV_SYSCALL_RET(SYS_chown, path, uid, gid);
}

PV_EXPORT int lchown(const char *path, uid_t uid, gid_t gid)
{
	return (int)PV_SYSCALL_RET(SYS_lchown, path, uid, gid);
}

PV_EXPORT int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)PV_SYSCALL_RET(SYS_fchown, fd, uid, gid);
}

PV_EXPORT int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid,
		       int flags)
{
	return (int)PV_SYSCALL_RET(SYS_fchownat, dirfd, path, uid, gid, flags);
}

/* ---- times ---- */

/* glibc's headers promise a path, so the compiler would drop a test for
 * NULL that the program's promise does not make true. */
static inline int is_null(const void *p)
{
	__asm__("" : "+r"(p));
	return p == NULL;
}

/* Without a path the kernel would change the descriptor's file: glibc
 * keeps that for futimens and refuses it here. */
PV_EXPORT int utimensat(int dirfd, const char *path,
			const struct timespec times[2], int flags)
{
	if (is_null(path)) {
		errno = EINVAL;
		return -1;
	}
	return (int)PV_SYSCALL_RET(SYS_utimensat, dirfd, path, times, flags);
}

/* A negative descriptor with no path would make the kernel take AT_FDCWD
 * as the file: glibc refuses it first. */
PV_EXPORT int futimens(int fd, const struct timespec times[2])
{
	if (fd < 0) {
		errno = EBADF;
		return -1;
	}
	return (int)PV_SYSCALL_RET(SYS_utimensat, fd, NULL, times, 0);
}

/* Every microsecond call becomes utimensat; the values are not checked
 * here, so the kernel judges them as it would glibc's conversion. */
static int utimes_at(int dirfd, const char *path, const struct timeval tv[2],
		     int flags)
{
	struct timespec ts[2];
	if (tv)
		for (int i = 0; i < 2; i++)
			ts[i] = (struct timespec){ .tv_sec = tv[i].tv_sec,
						   .tv_nsec = tv[i].tv_usec * 1000 };
	return (int)PV_SYSCALL_RET(SYS_utimensat, dirfd, path, tv ? ts : NULL,
				   flags);
}

PV_EXPORT int utimes(const char *path, const struct timeval tv[2])
{
	return utimes_at(AT_FDCWD, path, tv, 0);
}

PV_EXPORT int lutimes(const char *path, const struct timeval tv[2])
{
	return utimes_at(AT_FDCWD, path, tv, AT_SYMLINK_NOFOLLOW);
}

PV_EXPORT int futimes(int fd, const struct timeval tv[2])
{
	return utimes_at(fd, NULL, tv, 0);
}

PV_EXPORT int futimesat(int dirfd, const char *path, const struct timeval tv[2])
{
	return utimes_at(dirfd, path, tv, 0);
}

PV_EXPORT int utime(const char *path, const struct utimbuf *times)
{
	struct timespec ts[2];
	if (times) {
		ts[0] = (struct timespec){ .tv_sec = times->actime };
		ts[1] = (struct timespec){ .tv_sec = times->modtime };
	}
	return (int)PV_SYSCALL_RET(SYS_utimensat, AT_FDCWD, path,
				   times ? ts : NULL, 0);
}

/* ---- extended attributes ---- */

PV_EXPORT int setxattr(const char *path, const char *name, const void *value,
		       size_t size, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_setxattr, path, name, value, size, flags);
}

PV_EXPORT int lsetxattr(const char *path, const char *name, const void *value,
			size_t size, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_lsetxattr, path, name, value, size, flags);
}

PV_EXPORT int fsetxattr(int fd, const char *name, const void *value,
			size_t size, int flags)
{
	return (int)PV_SYSCALL_RET(SYS_fsetxattr, fd, name, value, size, flags);
}

PV_EXPORT ssize_t getxattr(const char *path, const char *name, void *value,
			   size_t size)
{
	return PV_SYSCALL_RET(SYS_getxattr, path, name, value, size);
}

PV_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value,
			    size_t size)
{
	return PV_SYSCALL_RET(SYS_lgetxattr, path, name, value, size);
}

PV_EXPORT ssize_t fgetxattr(int fd, const char *name, void *value, size_t size)
{
	return PV_SYSCALL_RET(SYS_fgetxattr, fd, name, value, size);
}

PV_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
	return PV_SYSCALL_RET(SYS_listxattr, path, list, size);
}

PV_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
	return PV_SYSCALL_RET(SYS_llistxattr, path, list, size);
}

PV_EXPORT ssize_t flistxattr(int fd, char *list, size_t size)
{
	return PV_SYSCALL_RET(SYS_flistxattr, fd, list, size);
}

PV_EXPORT int removexattr(const char *path, const char *name)
{
	return (int)PV_SYSCALL_RET(SYS_removexattr, path, name);
}

PV_EXPORT int lremovexattr(const char *path, const char *name)
{
	return (int)PV_SYSCALL_RET(SYS_lremovexattr, path, name);
}

PV_EXPORT int fremovexattr(int fd, const char *name)
{
	return (int)PV_SYSCALL_RET(SYS_fremovexattr, fd, name);
}
