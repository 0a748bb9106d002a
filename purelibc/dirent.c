/* dirent.c - directory streams whose system calls reach the layers.
 *
 * glibc's opendir and readdir call the kernel through internal entry points
 * an LD_PRELOAD library cannot interpose, so the family is rebuilt here on
 * getdents64 with a DIR of our own, making the calls glibc makes: openat
 * with O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY, an fstat for the buffer
 * size, getdents64 into a buffer of max(st_blksize, 32 KiB) up to 1 MiB,
 * lseek for seekdir and rewinddir.  Like glibc's, these calls are no
 * cancellation points, and each DIR has its own lock.
 *
 * On x86-64 struct dirent and struct dirent64 are the same record, the one
 * getdents64 writes, so readdir hands out entries in place.  A telldir
 * cookie is the d_off of the last entry returned, as in glibc: seekdir
 * passes it to lseek.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

_Static_assert(sizeof(struct dirent) == sizeof(struct dirent64) &&
		       offsetof(struct dirent, d_name) ==
			       offsetof(struct dirent64, d_name),
	       "struct dirent and dirent64 share a layout on this target");

#define DIR_OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_DIRECTORY)
#define DIR_BUFFER_MIN 32768
#define DIR_BUFFER_MAX 1048576

struct __dirstream {
	int fd;
	int errcode;          /* readdir_r's answer once getdents64 failed */
	pthread_mutex_t lock;
	size_t allocation;    /* bytes of data[]                          */
	size_t size;          /* bytes getdents64 put there               */
	size_t offset;        /* the next entry                           */
	long filepos;         /* the telldir cookie                       */
	_Alignas(struct dirent64) char data[];
};

/* ---- system calls, as glibc's _nocancel versions make them ---- */

static long sys_fstat(int fd, struct stat *st)
{
	return pv_errno(PV_LIBC(SYS_newfstatat, fd, "", st, AT_EMPTY_PATH));
}

/* Its result is not wanted, and a kernel-style call leaves errno alone. */
static void sys_close_quietly(int fd) { PV_LIBC(SYS_close, fd); }

/* ---- opening ---- */

static DIR *alloc_dir(int fd, int own_fd, const struct stat *st)
{
	/* a descriptor the caller gave us becomes close-on-exec, as glibc
	 * does it */
	if (!own_fd && pv_errno(PV_LIBC(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC)) < 0)
		return NULL;
	size_t allocation = DIR_BUFFER_MIN;
	if (st->st_blksize > DIR_BUFFER_MIN)
		allocation = (size_t)st->st_blksize;
	if (allocation > DIR_BUFFER_MAX)
		allocation = DIR_BUFFER_MAX;
	DIR *d = malloc(sizeof *d + allocation);
	if (!d) {
		if (own_fd)
			sys_close_quietly(fd);
		return NULL;
	}
	d->fd = fd;
	d->errcode = 0;
	pthread_mutex_init(&d->lock, NULL);
	d->allocation = allocation;
	d->size = d->offset = 0;
	d->filepos = 0;
	return d;
}

static DIR *open_tail(int fd)
{
	if (fd < 0)
		return NULL;
	struct stat st;
	if (sys_fstat(fd, &st) < 0) {
		sys_close_quietly(fd);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		sys_close_quietly(fd);
		errno = ENOTDIR;
		return NULL;
	}
	return alloc_dir(fd, 1, &st);
}

static DIR *open_dir_at(int dirfd, const char *name)
{
	if (name[0] == '\0') { /* POSIX: an empty name is ENOENT */
		errno = ENOENT;
		return NULL;
	}
	return open_tail((int)pv_errno(PV_LIBC(SYS_openat, dirfd, name, DIR_OPEN_FLAGS)));
}

PV_EXPORT DIR *opendir(const char *name) { return open_dir_at(AT_FDCWD, name); }

PV_EXPORT DIR *fdopendir(int fd)
{
	struct stat st;
	if (sys_fstat(fd, &st) < 0)
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	/* glibc refuses only a write-only descriptor; an O_PATH one is
	 * accepted and fails later, in getdents64 */
	long flags = pv_errno(PV_LIBC(SYS_fcntl, fd, F_GETFL));
	if (flags < 0)
		return NULL;
	if ((flags & O_ACCMODE) == O_WRONLY) {
		errno = EINVAL;
		return NULL;
	}
	return alloc_dir(fd, 0, &st);
}

/* ---- reading ---- */

/* The next record in the buffer, refilling it when used up; NULL at the
 * end or on an error, with getdents64's result (0 or -errno) in *err. */
static struct dirent64 *next_record(DIR *d, long *err)
{
	if (d->offset >= d->size) {
		long n = PV_LIBC(SYS_getdents64, d->fd, d->data, d->allocation);
		if (n <= 0) {
			*err = n;
			return NULL;
		}
		d->size = (size_t)n;
		d->offset = 0;
	}
	struct dirent64 *e = (struct dirent64 *)(void *)&d->data[d->offset];
	d->offset += e->d_reclen;
	d->filepos = e->d_off;
	return e;
}

/* glibc's readdir: deleted entries (d_ino 0) are skipped, a directory
 * removed while open (ENOENT) reads as its end, errno is left alone at the
 * end and set on an error. */
static struct dirent64 *read_entry(DIR *d)
{
	int saved = errno;
	struct dirent64 *e;
	long err = 0;
	pthread_mutex_lock(&d->lock);
	do
		e = next_record(d, &err);
	while (e && e->d_ino == 0);
	pthread_mutex_unlock(&d->lock);
	if (!e)
		errno = err < 0 && err != -ENOENT ? (int)-err : saved;
	return e;
}

PV_EXPORT struct dirent *readdir(DIR *d)
{
	return (struct dirent *)(void *)read_entry(d);
}

PV_EXPORT struct dirent64 *readdir64(DIR *d) { return read_entry(d); }

/* glibc's readdir_r: the entry is copied with its padding trimmed to fit
 * the caller's struct; a name too long for it is skipped and reported once
 * the stream ends.  Returns 0 or an error number. */
static int read_entry_r(DIR *d, struct dirent64 *entry, struct dirent64 **result)
{
	const size_t fit = offsetof(struct dirent64, d_name) + NAME_MAX + 1;
	int saved = errno;
	struct dirent64 *e;
	size_t reclen = 0;
	long err = 0;
	pthread_mutex_lock(&d->lock);
	while ((e = next_record(d, &err))) {
		if (e->d_ino == 0)
			continue;
		reclen = e->d_reclen;
		if (reclen <= fit)
			break;
		const char *name = (const char *)e + offsetof(struct dirent64, d_name);
		const char *end = memchr(name, '\0', reclen - offsetof(struct dirent64, d_name));
		size_t namelen = end ? (size_t)(end - name) : reclen;
		if (namelen <= NAME_MAX) {
			reclen = offsetof(struct dirent64, d_name) + namelen + 1;
			break;
		}
		d->errcode = ENAMETOOLONG;
	}
	if (!e && err < 0) {
		if (err == -ENOENT) {
			errno = saved;
		} else {
			errno = (int)-err;
			d->errcode = (int)-err;
		}
	}
	int ret = 0;
	if (e) {
		*result = memcpy(entry, e, reclen);
		entry->d_reclen = (unsigned short)reclen;
	} else {
		*result = NULL;
		ret = d->errcode;
	}
	pthread_mutex_unlock(&d->lock);
	return ret;
}

PV_EXPORT int readdir_r(DIR *d, struct dirent *entry, struct dirent **result)
{
	struct dirent64 *r;
	int ret = read_entry_r(d, (struct dirent64 *)(void *)entry, &r);
	*result = (struct dirent *)(void *)r;
	return ret;
}

PV_EXPORT int readdir64_r(DIR *d, struct dirent64 *entry, struct dirent64 **result)
{
	return read_entry_r(d, entry, result);
}

/* ---- position ---- */

PV_EXPORT void rewinddir(DIR *d)
{
	pthread_mutex_lock(&d->lock);
	PV_LIBC(SYS_lseek, d->fd, 0, SEEK_SET);
	d->filepos = 0;
	d->offset = d->size = 0;
	d->errcode = 0;
	pthread_mutex_unlock(&d->lock);
}

PV_EXPORT void seekdir(DIR *d, long pos)
{
	pthread_mutex_lock(&d->lock);
	PV_LIBC(SYS_lseek, d->fd, pos, SEEK_SET);
	d->offset = d->size = 0;
	d->filepos = pos;
	pthread_mutex_unlock(&d->lock);
}

PV_EXPORT long telldir(DIR *d)
{
	pthread_mutex_lock(&d->lock);
	long pos = d->filepos;
	pthread_mutex_unlock(&d->lock);
	return pos;
}

/* closedir is declared nonnull, yet glibc answers NULL with EINVAL; the
 * empty asm keeps the compiler from trusting the declaration */
static int is_null(const void *p)
{
	__asm__("" : "+r"(p));
	return p == NULL;
}

PV_EXPORT int closedir(DIR *d)
{
	if (is_null(d)) {
		errno = EINVAL;
		return -1;
	}
	int fd = d->fd;
	pthread_mutex_destroy(&d->lock);
	free(d);
	return (int)pv_errno(PV_LIBC(SYS_close, fd));
}

PV_EXPORT int dirfd(DIR *d) { return d->fd; }

/* ---- scandir ---- */

/* The caller's filter and comparison take struct dirent or struct dirent64
 * (the same record here); each is called through its own type. */
struct scan_ops {
	int (*select)(const struct dirent *);
	int (*select64)(const struct dirent64 *);
	int (*cmp)(const struct dirent **, const struct dirent **);
	int (*cmp64)(const struct dirent64 **, const struct dirent64 **);
};

struct scan_state {
	DIR *d;
	struct dirent64 **v;
	size_t count, cap;
};

static int scan_selects(const struct scan_ops *ops, const struct dirent64 *e)
{
	if (ops->select64)
		return ops->select64(e);
	if (ops->select)
		return ops->select((const struct dirent *)(const void *)e);
	return 1;
}

static int scan_compare(const void *a, const void *b, void *arg)
{
	const struct scan_ops *ops = arg;
	if (ops->cmp64)
		return ops->cmp64((const struct dirent64 **)a,
				  (const struct dirent64 **)b);
	return ops->cmp((const struct dirent **)a, (const struct dirent **)b);
}

/* Cancelled in the caller's filter or comparison: give everything back. */
static void scan_cleanup(void *arg)
{
	struct scan_state *s = arg;
	while (s->count > 0)
		free(s->v[--s->count]);
	free(s->v);
	closedir(s->d);
}

/* Keeps a copy of the record (d_reclen bytes, as glibc does); 0 or -1. */
static int scan_keep(struct scan_state *s, const struct dirent64 *e)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 10;
		struct dirent64 **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	struct dirent64 *copy = malloc(e->d_reclen);
	if (!copy)
		return -1;
	s->v[s->count++] = memcpy(copy, e, e->d_reclen);
	return 0;
}

/* glibc's scandir: errno is cleared first and after every filter call, so
 * whatever it holds at the end is readdir's or malloc's error; on success
 * the caller's errno is put back. */
static int scan_dir(DIR *d, void **list, const struct scan_ops *ops)
{
	if (!d)
		return -1;
	const int saved = errno;
	struct scan_state s = { .d = d };
	int result, err;
	errno = 0;
	pthread_cleanup_push(scan_cleanup, &s);
	struct dirent64 *e;
	while ((e = read_entry(d))) {
		int use = scan_selects(ops, e);
		errno = 0;
		if (use && scan_keep(&s, e) < 0)
			break;
	}
	err = errno;
	if (err) {
		while (s.count > 0)
			free(s.v[--s.count]);
		free(s.v);
		result = -1;
	} else {
		if (ops->cmp || ops->cmp64)
			qsort_r(s.v, s.count, sizeof *s.v, scan_compare, (void *)ops);
		*list = s.v;
		result = (int)s.count;
	}
	pthread_cleanup_pop(0);
	closedir(d);
	errno = err ? err : saved;
	return result;
}

PV_EXPORT int scandirat(int dirfd, const char *name, struct dirent ***list,
			int (*select)(const struct dirent *),
			int (*cmp)(const struct dirent **, const struct dirent **))
{
	struct scan_ops ops = { .select = select, .cmp = cmp };
	return scan_dir(open_dir_at(dirfd, name), (void **)list, &ops);
}

PV_EXPORT int scandirat64(int dirfd, const char *name, struct dirent64 ***list,
			  int (*select)(const struct dirent64 *),
			  int (*cmp)(const struct dirent64 **,
				     const struct dirent64 **))
{
	struct scan_ops ops = { .select64 = select, .cmp64 = cmp };
	return scan_dir(open_dir_at(dirfd, name), (void **)list, &ops);
}

PV_EXPORT int scandir(const char *name, struct dirent ***list,
		      int (*select)(const struct dirent *),
		      int (*cmp)(const struct dirent **, const struct dirent **))
{
	return scandirat(AT_FDCWD, name, list, select, cmp);
}

PV_EXPORT int scandir64(const char *name, struct dirent64 ***list,
			int (*select)(const struct dirent64 *),
			int (*cmp)(const struct dirent64 **,
				   const struct dirent64 **))
{
	return scandirat64(AT_FDCWD, name, list, select, cmp);
}
