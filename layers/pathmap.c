/* pathmap.c - the path layers' machinery: a mount table applied to every
 * call that takes or returns a path (see pathmap.h for the terms).
 *
 * Which arguments are paths comes from the syscall table (lib/syscalls.def):
 * A_PATH, with the A_DIRFD just before it as its directory; A_CWD_OUT and
 * A_LINK_OUT are paths the kernel returns; A_ARGV marks an exec;
 * A_SOCKADDR_* and A_MSGHDR_* carry AF_UNIX socket names.  What the table
 * cannot say -- whether a call follows a final symbolic link, and which flag
 * changes that -- is the small rules table below.
 *
 * Everything here runs on the call path of a program that may own FS and
 * hold libc locks: no libc; the layer's own calls go to the layers below
 * through pv_next; program memory is read with rt_peek.  Path buffers come
 * from a pool (a call may arrive on a small signal stack), or from their
 * own mapping when every buffer of the pool is in use.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pathmap.h"
#include "dispatch.h"
#include "rt.h"
#include "sysent.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fanotify.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#define MAX_LINKS 40     /* the kernel's limit on symbolic links in a walk */
#define SUN_OFF offsetof(struct sockaddr_un, sun_path)

/* ---- calls to the layers below ---- */

static long lower(long nr, long a0, long a1, long a2, long a3)
{
	struct pv_syscall c = PV_SYSCALL(nr, a0, a1, a2, a3, 0, 0);
	return pv_next(&c);
}

/* ---- buffers ---- */

struct pm_work {
	char given[PM_PATH]; /* the program's path, copied */
	char guest[PM_PATH]; /* the walk's result in the program's view */
	char host[2][PM_PATH];
	char a[PM_PATH], b[PM_PATH], c[PM_PATH], d[PM_PATH];
};

#define POOL_SIZE 8
struct pool {
	_Atomic int busy[POOL_SIZE];
	struct pm_work w[POOL_SIZE];
};
static struct pool *_Atomic pool;

static struct pm_work *work_get(void)
{
	struct pool *p = atomic_load(&pool);
	if (!p) {
		struct pool *fresh = rt_alloc(sizeof *fresh);
		struct pool *none = NULL;
		if (fresh && !atomic_compare_exchange_strong(&pool, &none, fresh))
			fresh = none; /* another thread's won: ours is lost */
		p = fresh;
	}
	for (int i = 0; p && i < POOL_SIZE; i++)
		if (!atomic_exchange(&p->busy[i], 1))
			return &p->w[i];
	long m = pv_kernel(SYS_mmap, 0, sizeof(struct pm_work),
			   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return pv_is_error(m) ? NULL : (struct pm_work *)m;
}

static void work_put(struct pm_work *w)
{
	struct pool *p = atomic_load(&pool);
	if (p && w >= p->w && w < p->w + POOL_SIZE) {
		atomic_store(&p->busy[w - p->w], 0);
		return;
	}
	pv_kernel(SYS_munmap, (long)w, sizeof *w, 0, 0, 0, 0);
}

/* ---- the mount table ---- */

static int under(const char *p, size_t plen, const char *pre, size_t prelen)
{
	if (prelen == 1) /* "/" */
		return 1;
	return plen >= prelen && !rt_memcmp(p, pre, prelen) &&
	       (plen == prelen || p[prelen] == '/');
}

static int identity(const struct pm_mount *m)
{
	return m->glen == m->hlen && !rt_memcmp(m->guest, m->host, m->glen);
}

/* prefix + the part of p after plen_pre ("" or "/..."), into out. */
static long join_rest(char *out, const char *prefix, size_t prelen,
		      const char *p, size_t plen, size_t cut)
{
	const char *rest = cut == 1 ? p : p + cut; /* cut "/" keeps p whole */
	size_t rlen = cut == 1 ? plen : plen - cut;
	if (cut == 1 && plen == 1)
		rlen = 0; /* p is "/" */
	if (prelen == 1 && rlen) /* "/" + "/x" */
		prelen = 0;
	if (prelen + rlen + 1 > PM_PATH)
		return -ENAMETOOLONG;
	rt_memcpy(out, prefix, prelen);
	rt_memcpy(out + prelen, rest, rlen);
	out[prelen + rlen] = 0;
	return (long)(prelen + rlen);
}

/* The host path of a canonical guest path; *crossed is set when the mount
 * that holds it is not the identity. */
static long to_host(const struct pathmap *pm, const char *g, size_t glen,
		    char *out, int *crossed)
{
	const struct pm_mount *best = NULL;
	for (int i = 0; i < pm->n; i++)
		if (under(g, glen, pm->m[i].guest, pm->m[i].glen) &&
		    (!best || pm->m[i].glen > best->glen))
			best = &pm->m[i];
	if (!best) {
		if (glen + 1 > PM_PATH)
			return -ENAMETOOLONG;
		rt_memcpy(out, g, glen + 1);
		return (long)glen;
	}
	if (!identity(best))
		*crossed = 1;
	return join_rest(out, best->host, best->hlen, g, glen, best->glen);
}

/* The program's name for a host path, or -1 when no mount holds it (a path
 * outside a chroot's root).  Of mounts holding it, the one with the longest
 * host path; on a tie the one seen at the shorter guest path. */
static long to_guest(const struct pathmap *pm, const char *h, char *out)
{
	size_t hlen = rt_strlen(h);
	const struct pm_mount *best = NULL;
	for (int i = 0; i < pm->n; i++) {
		const struct pm_mount *m = &pm->m[i];
		if (!under(h, hlen, m->host, m->hlen))
			continue;
		if (!best || m->hlen > best->hlen ||
		    (m->hlen == best->hlen && m->glen < best->glen))
			best = m;
	}
	if (!best)
		return -1;
	return join_rest(out, best->guest, best->glen, h, hlen, best->hlen);
}

/* Whether a mount lies below the guest directory g (which may not exist
 * below: the walk goes on through it, as through proot's glue). */
static int holds_mount(const struct pathmap *pm, const char *g, size_t glen)
{
	for (int i = 0; i < pm->n; i++)
		if (pm->m[i].glen > glen && under(pm->m[i].guest, pm->m[i].glen, g, glen))
			return 1;
	return 0;
}

/* Whether st (from an lstat) is one of procfs's magic links -- fd/N, cwd,
 * exe, root: they name host objects, not paths to walk.  Told by the
 * device, not the name: a view may show procfs anywhere (a stacked bind of
 * /proc into a chroot's DIR/proc). */
static int proc_link(const struct stat *st)
{
	static _Atomic long proc_dev = -1;
	long dev = atomic_load_explicit(&proc_dev, memory_order_relaxed);
	if (dev == -1) {
		struct stat p;
		dev = pv_kernel(SYS_newfstatat, AT_FDCWD, (long)"/proc/self", (long)&p,
				AT_SYMLINK_NOFOLLOW, 0, 0) == 0 ? (long)p.st_dev : -2;
		atomic_store(&proc_dev, dev);
	}
	return S_ISLNK(st->st_mode) && (long)st->st_dev == dev;
}

static const char *digits(const char *p, long *v)
{
	const char *s = p;
	*v = 0;
	while (*p >= '0' && *p <= '9')
		*v = *v * 10 + (*p++ - '0');
	return p > s ? p : NULL;
}

/* ---- programs started through their dynamic loader ----
 * (see exec below).  Such a process's /proc/PID/exe names the loader; the
 * layer that started it answers with the program instead, for itself and
 * -- through this table in memory shared by the run -- for the other
 * processes of the run.  An entry counts only while the process still runs
 * the loader it names (a pid reused, or an exec since, is not matched). */
#define EXE_SLOTS 256
#define LOCK_TRIES 1000
struct exe_table {
	struct exe_entry {
		_Atomic int lock;
		long pid;
		unsigned long dev, ino; /* the loader it runs */
		char path[PM_PATH];
	} e[EXE_SLOTS];
};

/* An entry's lock, or 0 after a while: a process killed while it held one
 * costs that entry, not the run. */
static int exe_lock(struct exe_entry *e)
{
	for (int i = 0; i < LOCK_TRIES; i++) {
		if (!atomic_exchange(&e->lock, 1))
			return 1;
		pv_kernel(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	}
	return 0;
}

/* PID when the program's path g is /proc/PID/exe or /proc/PID/task/TID/exe,
 * else 0. */
static long exe_link_pid(const char *g)
{
	long pid, tid;
	const char *p;
	if (!rt_startswith(g, "/proc/") || !(p = digits(g + 6, &pid)))
		return 0;
	if (!rt_strcmp(p, "/exe") ||
	    (rt_startswith(p, "/task/") && (p = digits(p + 6, &tid)) &&
	     !rt_strcmp(p, "/exe")))
		return pid;
	return 0;
}

/* The program behind a magic link (g, the program's /proc/PID/exe; host,
 * its host path), when this layer started it through its loader: its
 * guest path (in out, or the layer's own), else NULL. */
static const char *loaded_exe(const struct pathmap *pm, const char *g,
			      const char *host, char *out)
{
	long pid = exe_link_pid(g);
	if (!pid)
		return NULL;
	if (pm->exe && pid == lower(SYS_getpid, 0, 0, 0, 0))
		return pm->exe;
	struct exe_table *t = pm->exes;
	struct stat st;
	if (!t || lower(SYS_newfstatat, AT_FDCWD, (long)host, (long)&st, 0) < 0)
		return NULL;
	const char *found = NULL;
	struct exe_entry *e = &t->e[pid % EXE_SLOTS];
	if (!exe_lock(e))
		return NULL;
	if (e->pid == pid && e->dev == st.st_dev && e->ino == st.st_ino) {
		rt_memcpy(out, e->path, rt_strlen(e->path) + 1);
		found = out;
	}
	atomic_store(&e->lock, 0);
	return found;
}

/* ---- the walk ---- */

struct pm_res {
	int crossed; /* met a mount that is not the identity */
	int pass;    /* cannot be translated: leave the call as it is */
};

/* What a walk does with a final symbolic link, as the kernel does. */
enum walk {
	W_ENTRY,  /* the entry itself (unlink, rename, mkdir): never followed */
	W_LOOKUP, /* a lookup that does not follow (lstat, readlink): a
		     trailing '/' makes it follow */
	W_FOLLOW,
};

static long put(char *dst, size_t *len, const char *s, size_t n)
{
	if (*len + n + 1 > PM_PATH)
		return -ENAMETOOLONG;
	rt_memcpy(dst + *len, s, n);
	*len += n;
	dst[*len] = 0;
	return 0;
}

/* The directory a relative path starts from, in the program's view: the
 * working directory, or what dirfd names.  Negative when it has no name
 * there (deleted, outside the root, not a file system object). */
static long start_dir(const struct pathmap *pm, int dirfd, char *cur, char *tmp)
{
	long n;
	if (dirfd == AT_FDCWD) {
		n = lower(SYS_getcwd, (long)tmp, PM_PATH, 0, 0);
		if (n < 0)
			return n;
	} else {
		char name[48];
		struct rt_buf b = RT_BUF(name);
		rt_printf(&b, "/proc/self/fd/%d", dirfd);
		rt_putc(&b, 0);
		n = lower(SYS_readlinkat, AT_FDCWD, (long)name, (long)tmp, PM_PATH - 1);
		if (n < 0)
			return n;
		tmp[n] = 0;
		static const char deleted[] = " (deleted)";
		size_t dl = sizeof deleted - 1;
		if ((size_t)n >= dl && !rt_strcmp(tmp + n - dl, deleted))
			return -ENOENT;
	}
	if (tmp[0] != '/') /* "(unreachable)/...", "pipe:[...]" */
		return -ENOENT;
	return to_guest(pm, tmp, cur);
}

/* Walks path (our copy) from dirfd in the program's view, one component at
 * a time, and writes its host path into host and its canonical guest path
 * into w->guest.  `walk` says whether a final symbolic link is resolved.  A
 * walk that meets a missing component or a non-directory stops there and
 * keeps the rest as written: the kernel gives the error the program would
 * get.  Magic links of /proc (fd/N, cwd, exe) name host objects: in the
 * middle of a path their target is taken back to the program's view; at its
 * end they are left to the kernel, which opens what they stand for (a pipe,
 * a deleted file) -- except this process's exe when it was started through
 * its dynamic loader.  Returns 0 or -errno. */
static long resolve(const struct pathmap *pm, int dirfd, const char *path,
		    enum walk walk, struct pm_work *w, char *host,
		    struct pm_res *res)
{
	char *cur = w->guest, *rest = w->a, *spare = w->b, *link = w->c, *hb = w->d;
	size_t clen, ri = 0, stop = 0, plen = rt_strlen(path);
	int stopped = 0, isdir = 1, links = 0;
	int trailing = plen > 1 && path[plen - 1] == '/';
	int follow = walk == W_FOLLOW || (walk == W_LOOKUP && trailing);
	long r;
	res->crossed = res->pass = 0;
	if (path[0] == '/') {
		cur[0] = '/';
		cur[1] = 0;
		clen = 1;
	} else {
		long b = start_dir(pm, dirfd, cur, hb);
		if (b < 0) {
			res->pass = 1;
			return 0;
		}
		clen = (size_t)b;
		if ((r = to_host(pm, cur, clen, hb, &res->crossed)) < 0)
			return r;
	}
	rt_memcpy(rest, path, plen + 1);
	for (;;) {
		while (rest[ri] == '/')
			ri++;
		if (!rest[ri])
			break;
		size_t s0 = ri, after;
		while (rest[ri] && rest[ri] != '/')
			ri++;
		size_t n = ri - s0;
		for (after = ri; rest[after] == '/'; after++)
			;
		int last = !rest[after];
		if (!isdir) { /* "file/x": the kernel says ENOTDIR */
			stopped = 1;
			stop = s0;
			break;
		}
		if (n == 1 && rest[s0] == '.')
			continue;
		if (n == 2 && rest[s0] == '.' && rest[s0 + 1] == '.') {
			while (clen > 1 && cur[clen - 1] != '/')
				clen--;
			if (clen > 1)
				clen--;
			cur[clen] = 0;
			continue;
		}
		size_t parent = clen;
		if ((clen > 1 && put(cur, &clen, "/", 1) < 0) ||
		    put(cur, &clen, rest + s0, n) < 0)
			return -ENAMETOOLONG;
		if ((r = to_host(pm, cur, clen, hb, &res->crossed)) < 0)
			return r;
		if (last && !follow)
			break;
		struct stat st;
		if (lower(SYS_newfstatat, AT_FDCWD, (long)hb, (long)&st,
			  AT_SYMLINK_NOFOLLOW) < 0) {
			if (holds_mount(pm, cur, clen))
				continue; /* a directory only on the way to one */
			stopped = 1;
			stop = after;
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			isdir = S_ISDIR(st.st_mode);
			continue;
		}
		const char *target;
		int proc = proc_link(&st);
		if (proc && last) {
			if (!(target = loaded_exe(pm, cur, hb, link)))
				break; /* the kernel follows its own link */
			res->crossed = 1;
		} else {
			long ln = lower(SYS_readlinkat, AT_FDCWD, (long)hb,
					(long)link, PM_PATH - 1);
			if (ln < 0) {
				stopped = 1;
				stop = after;
				break;
			}
			link[ln] = 0;
			target = link;
			if (proc && link[0] == '/') {
				/* a host object: named in the program's view,
				 * or -- outside it -- reached as it is */
				if (to_guest(pm, link, hb) >= 0) {
					target = hb;
				} else if (link[1]) {
					size_t hl = 0;
					res->crossed = 1;
					if (put(host, &hl, link, (size_t)ln) < 0 ||
					    put(host, &hl, rest + ri, rt_strlen(rest + ri)) < 0)
						return -ENAMETOOLONG;
					rt_memcpy(w->guest, host, hl + 1);
					return 0;
				} /* "/" outside the view: /proc/self/root */
			}
		}
		if (++links > MAX_LINKS)
			return -ELOOP;
		size_t nl = 0;
		if (put(spare, &nl, target, rt_strlen(target)) < 0 ||
		    put(spare, &nl, rest + ri, rt_strlen(rest + ri)) < 0)
			return -ENAMETOOLONG;
		char *t = rest;
		rest = spare;
		spare = t;
		ri = 0;
		if (target[0] == '/') {
			clen = 1;
		} else {
			clen = parent;
		}
		cur[clen] = 0;
		isdir = 1;
	}
	long hl = to_host(pm, cur, clen, host, &res->crossed);
	if (hl < 0)
		return hl;
	size_t hlen = (size_t)hl;
	if (stopped && rest[stop]) {
		size_t rl = rt_strlen(rest + stop);
		if ((hlen > 1 && put(host, &hlen, "/", 1) < 0) ||
		    put(host, &hlen, rest + stop, rl) < 0 ||
		    (clen > 1 && put(cur, &clen, "/", 1) < 0) ||
		    put(cur, &clen, rest + stop, rl) < 0)
			return -ENAMETOOLONG;
	}
	if (trailing && host[hlen - 1] != '/' &&
	    (put(host, &hlen, "/", 1) < 0 || put(cur, &clen, "/", 1) < 0))
		return -ENAMETOOLONG;
	return 0;
}

/* ---- what each call takes ---- */

/* Whether a call follows a final symbolic link, and what changes that. */
enum follow {
	ENTRY = 0,   /* acts on the entry: the rule for a path call not listed */
	NOFOLLOW,    /* a lookup that does not follow */
	FOLLOW,
	UNLESS_FLAG, /* follows unless `bit` is set in argument `arg` */
	IF_FLAG,     /* follows only if it is set */
	OPEN_FLAGS,  /* O_NOFOLLOW (or O_CREAT|O_EXCL: the entry) in `arg` */
	OPEN_HOW,    /* the same in the struct open_how at `arg` */
	VERBATIM,    /* not a name to look up (a symlink's target) */
};
struct path_rule {
	unsigned char how;
	signed char arg;
	unsigned bit;
};
struct call_rule {
	long nr;
	struct path_rule p[2]; /* the call's path arguments, in order */
};
#define F { FOLLOW, 0, 0 }
#define N { NOFOLLOW, 0, 0 }
#define E { ENTRY, 0, 0 }
#define V { VERBATIM, 0, 0 }
#define UNLESS(a, b) { UNLESS_FLAG, a, b }
#define IF(a, b) { IF_FLAG, a, b }
static const struct call_rule rules[] = {
	{ SYS_open, { { OPEN_FLAGS, 1, 0 } } },
	{ SYS_openat, { { OPEN_FLAGS, 2, 0 } } },
	{ SYS_openat2, { { OPEN_HOW, 2, 0 } } },
	{ SYS_creat, { F } },
	{ SYS_stat, { F } },
	{ SYS_lstat, { N } },
	{ SYS_newfstatat, { UNLESS(3, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_statx, { UNLESS(2, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_statfs, { F } },
	{ SYS_access, { F } },
	{ SYS_faccessat, { F } },
	{ SYS_faccessat2, { UNLESS(3, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_readlink, { N } },
	{ SYS_readlinkat, { N } },
	{ SYS_execve, { F } },
	{ SYS_execveat, { UNLESS(4, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_truncate, { F } },
	{ SYS_chdir, { F } },
	{ SYS_chroot, { F } },
	{ SYS_rename, { E, E } },
	{ SYS_renameat, { E, E } },
	{ SYS_renameat2, { E, E } },
	{ SYS_mkdir, { E } },
	{ SYS_mkdirat, { E } },
	{ SYS_rmdir, { E } },
	{ SYS_unlink, { E } },
	{ SYS_unlinkat, { E } },
	{ SYS_link, { N, E } },
	{ SYS_linkat, { IF(4, AT_SYMLINK_FOLLOW), E } },
	{ SYS_symlink, { V, E } },
	{ SYS_symlinkat, { V, E } },
	{ SYS_chmod, { F } },
	{ SYS_fchmodat, { F } },
	{ SYS_chown, { F } },
	{ SYS_lchown, { N } },
	{ SYS_fchownat, { UNLESS(4, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_utime, { F } },
	{ SYS_utimes, { F } },
	{ SYS_futimesat, { F } },
	{ SYS_utimensat, { UNLESS(3, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_mknod, { E } },
	{ SYS_mknodat, { E } },
	{ SYS_setxattr, { F } },
	{ SYS_lsetxattr, { N } },
	{ SYS_getxattr, { F } },
	{ SYS_lgetxattr, { N } },
	{ SYS_listxattr, { F } },
	{ SYS_llistxattr, { N } },
	{ SYS_removexattr, { F } },
	{ SYS_lremovexattr, { N } },
	{ SYS_inotify_add_watch, { UNLESS(2, IN_DONT_FOLLOW) } },
	{ SYS_uselib, { F } },
	{ SYS_acct, { F } },
	{ SYS_swapon, { F } },
	{ SYS_swapoff, { F } },
	{ SYS_quotactl, { F } },
	{ SYS_pivot_root, { F, F } },
	/* the source is a device or a file system's name as often as a path */
	{ SYS_mount, { V, F } },
	{ SYS_umount2, { UNLESS(1, UMOUNT_NOFOLLOW) } },
	{ SYS_name_to_handle_at, { IF(4, AT_SYMLINK_FOLLOW) } },
	{ SYS_fanotify_mark, { UNLESS(1, FAN_MARK_DONT_FOLLOW) } },
	{ SYS_open_tree, { UNLESS(2, AT_SYMLINK_NOFOLLOW) } },
	{ SYS_move_mount, { IF(4, MOVE_MOUNT_F_SYMLINKS), IF(4, MOVE_MOUNT_T_SYMLINKS) } },
	{ SYS_fspick, { UNLESS(2, FSPICK_SYMLINK_NOFOLLOW) } },
	{ SYS_mount_setattr, { UNLESS(2, AT_SYMLINK_NOFOLLOW) } },
	/* a socket name: bind creates it, the others look it up */
	{ SYS_bind, { E } },
	{ SYS_connect, { F } },
	{ SYS_sendto, { F } },
	{ SYS_sendmsg, { F } },
};
#undef F
#undef N
#undef E
#undef V
#undef UNLESS
#undef IF

/* Path arguments of calls the syscall table does not describe yet (their
 * rows show every argument as A_HEX); used only while it lists no A_PATH
 * for them.  -1: none. */
static const struct {
	long nr;
	signed char dirfd[2], path[2];
} undescribed[] = {
	{ SYS_openat2, { 0, -1 }, { 1, -1 } },
	{ SYS_name_to_handle_at, { 0, -1 }, { 1, -1 } },
	{ SYS_fanotify_mark, { 3, -1 }, { 4, -1 } },
	{ SYS_open_tree, { 0, -1 }, { 1, -1 } },
	{ SYS_move_mount, { 0, 2 }, { 1, 3 } },
	{ SYS_fspick, { 0, -1 }, { 1, -1 } },
	{ SYS_mount_setattr, { 0, -1 }, { 1, -1 } },
};

enum call_class {
	C_NONE = 0, C_PATHS, C_GETCWD, C_READLINK, C_EXEC, C_SOCK_IN,
	C_SOCK_OUT, C_MSG_IN, C_MSG_OUT, C_COUNT
};

struct call_info {
	unsigned char cls;
	signed char path[2], dirfd[2];
	signed char arg;  /* the sockaddr, msghdr, buffer or argv argument */
	struct path_rule rule[2];
};

#define MAX_NR 512
static struct call_info calls[MAX_NR];
static _Atomic int calls_ready;

static void classify(long nr, struct call_info *ci)
{
	static const struct {
		unsigned char kind, cls;
	} by_kind[] = { /* a call has at most one of these */
		{ A_ARGV, C_EXEC },          { A_LINK_OUT, C_READLINK },
		{ A_CWD_OUT, C_GETCWD },     { A_SOCKADDR_IN, C_SOCK_IN },
		{ A_SOCKADDR_OUT, C_SOCK_OUT }, { A_MSGHDR_IN, C_MSG_IN },
		{ A_MSGHDR_OUT, C_MSG_OUT },
	};
	int nargs = pv_syscall_nargs(nr), np = 0;
	ci->path[0] = ci->path[1] = ci->dirfd[0] = ci->dirfd[1] = ci->arg = -1;
	for (int i = 0; i < nargs && i < 6; i++) {
		enum pv_arg_kind k = pv_syscall_arg_kind(nr, i);
		if (k == A_PATH && np < 2) {
			ci->dirfd[np] = i > 0 && pv_syscall_arg_kind(nr, i - 1) == A_DIRFD
						? (signed char)(i - 1) : -1;
			ci->path[np++] = (signed char)i;
		}
		for (size_t j = 0; j < PV_ARRAY_SIZE(by_kind); j++)
			if (by_kind[j].kind == k && ci->cls == C_NONE) {
				ci->cls = by_kind[j].cls;
				ci->arg = (signed char)i;
			}
	}
	if (!np)
		for (size_t j = 0; j < PV_ARRAY_SIZE(undescribed); j++)
			if (undescribed[j].nr == nr)
				for (int p = 0; p < 2; p++) {
					ci->path[p] = undescribed[j].path[p];
					ci->dirfd[p] = undescribed[j].dirfd[p];
				}
	if (ci->cls == C_NONE && ci->path[0] >= 0)
		ci->cls = C_PATHS;
	for (size_t j = 0; j < PV_ARRAY_SIZE(rules); j++)
		if (rules[j].nr == nr) {
			ci->rule[0] = rules[j].p[0];
			ci->rule[1] = rules[j].p[1];
		}
}

static void build_calls(void)
{
	if (atomic_load(&calls_ready))
		return;
	for (long nr = 0; nr < MAX_NR && nr < pv_nsyscalls; nr++)
		classify(nr, &calls[nr]);
	atomic_store(&calls_ready, 1);
}

/* How the walk of path argument k of this call treats a final symbolic
 * link; -1 when it is not a name to look up. */
static int follows(const struct path_rule *r, const struct pv_syscall *c)
{
	unsigned long flags = r->arg >= 0 ? (unsigned long)c->arg[r->arg] : 0;
	switch (r->how) {
	case FOLLOW:
		return W_FOLLOW;
	case NOFOLLOW:
		return W_LOOKUP;
	case UNLESS_FLAG:
		return flags & r->bit ? W_LOOKUP : W_FOLLOW;
	case IF_FLAG:
		return flags & r->bit ? W_FOLLOW : W_LOOKUP;
	case OPEN_HOW: {
		struct open_how how;
		if (rt_peek(&how, (void *)c->arg[r->arg], sizeof how.flags) < 0)
			return W_FOLLOW; /* the kernel reports the bad pointer */
		flags = how.flags;
	}
		/* fall through */
	case OPEN_FLAGS:
		if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			return W_ENTRY;
		return flags & O_NOFOLLOW ? W_LOOKUP : W_FOLLOW;
	case VERBATIM:
		return -1;
	default:
		return W_ENTRY;
	}
}

/* Copies the program's string at u into buf.  Returns its length, or
 * -errno. */
static long copy_path(char *buf, const void *u)
{
	long n = rt_peek_str(buf, u, PM_PATH);
	if (n < 0)
		return -EFAULT;
	return n >= PM_PATH ? -ENAMETOOLONG : n;
}

/* Translates path argument k of c in place (into out): 0 when done or when
 * the path stays as the program gave it, or -errno. */
static long translate_arg(const struct pathmap *pm, struct pv_syscall *c,
			  const struct call_info *ci, int k, struct pm_work *w,
			  char *out, struct pm_res *res)
{
	int follow = follows(&ci->rule[k], c);
	const void *u = (const void *)c->arg[ci->path[k]];
	res->crossed = 0;
	res->pass = 1;
	if (follow < 0 || !u)
		return 0;
	long n = copy_path(w->given, u);
	if (n <= 0) /* empty: AT_EMPTY_PATH, or the kernel's ENOENT */
		return n;
	int dirfd = ci->dirfd[k] >= 0 ? (int)c->arg[ci->dirfd[k]] : AT_FDCWD;
	long r = resolve(pm, dirfd, w->given, (enum walk)follow, w, out, res);
	if (r < 0 || res->pass || !res->crossed)
		return r;
	c->arg[ci->path[k]] = (long)out;
	if (ci->dirfd[k] >= 0)
		c->arg[ci->dirfd[k]] = AT_FDCWD;
	return 0;
}

/* ---- the calls ---- */

typedef long class_handler(struct pathmap *pm, struct pv_syscall *call,
			   const struct call_info *ci, struct pm_work *w);

static long do_paths(struct pathmap *pm, struct pv_syscall *call,
		     const struct call_info *ci, struct pm_work *w)
{
	struct pv_syscall c = *call;
	struct pm_res res;
	for (int k = 0; k < 2 && ci->path[k] >= 0; k++) {
		long r = translate_arg(pm, &c, ci, k, w, w->host[k], &res);
		if (r < 0)
			return r;
	}
	return pv_next(&c);
}

static long do_getcwd(struct pathmap *pm, struct pv_syscall *call,
		      const struct call_info *ci, struct pm_work *w)
{
	(void)ci;
	struct pv_syscall c = *call;
	c.arg[0] = (long)w->a;
	c.arg[1] = PM_PATH;
	long n = pv_next(&c);
	if (n < 0)
		return n;
	const char *name = w->a;
	if (w->a[0] == '/' && to_guest(pm, w->a, w->b) >= 0)
		name = w->b;
	/* outside the view (a directory left open across a chroot's edge):
	 * the host name, as fakechroot gives it */
	size_t len = rt_strlen(name) + 1;
	if (len > (unsigned long)call->arg[1])
		return -ERANGE;
	if (rt_poke((void *)call->arg[0], name, len) < 0)
		return -EFAULT;
	return (long)len;
}

static long do_readlink(struct pathmap *pm, struct pv_syscall *call,
			const struct call_info *ci, struct pm_work *w)
{
	struct pv_syscall c = *call;
	struct pm_res res;
	long r = translate_arg(pm, &c, ci, 0, w, w->host[0], &res);
	if (r < 0)
		return r;
	int bufsiz = (int)call->arg[ci->arg + 1];
	struct stat st;
	if (res.pass || bufsiz <= 0 ||
	    lower(SYS_newfstatat, AT_FDCWD, (long)w->host[0], (long)&st,
		  AT_SYMLINK_NOFOLLOW) < 0 || !proc_link(&st))
		return pv_next(&c); /* a link's text is the program's own */
	const char *text = loaded_exe(pm, w->guest, w->host[0], w->b);
	if (!text) {
		/* a magic link: the kernel names a host object */
		c.arg[ci->arg] = (long)w->a;
		c.arg[ci->arg + 1] = PM_PATH - 1;
		long n = pv_next(&c);
		if (n < 0)
			return n;
		w->a[n] = 0;
		text = w->a;
		if (w->a[0] == '/' && to_guest(pm, w->a, w->b) >= 0)
			text = w->b;
	}
	size_t len = rt_strlen(text);
	if (len > (size_t)bufsiz)
		len = (size_t)bufsiz;
	if (rt_poke((void *)call->arg[ci->arg], text, len) < 0)
		return -EFAULT;
	return (long)len;
}

/* An AF_UNIX name with a path (not abstract, not unnamed), copied from the
 * program into *sa: its path's length, or -1 when there is none. */
static long unix_name(const void *u, long len, struct sockaddr_un *sa)
{
	if (!u || len <= (long)SUN_OFF || len > (long)sizeof *sa)
		return -1;
	rt_memset(sa, 0, sizeof *sa);
	if (rt_peek(sa, u, (size_t)len) < 0)
		return -EFAULT;
	if (sa->sun_family != AF_UNIX || !sa->sun_path[0])
		return -1;
	return (long)rt_strnlen(sa->sun_path, (size_t)len - SUN_OFF);
}

/* The host name for the program's AF_UNIX name in *sa (in place): its new
 * length, 0 to leave it, or -errno. */
static long unix_to_host(struct pathmap *pm, struct sockaddr_un *sa, long plen,
			 enum walk walk, struct pm_work *w)
{
	struct pm_res res;
	rt_memcpy(w->given, sa->sun_path, (size_t)plen);
	w->given[plen] = 0;
	long r = resolve(pm, AT_FDCWD, w->given, walk, w, w->host[0], &res);
	if (r < 0 || res.pass || !res.crossed)
		return r;
	size_t hl = rt_strlen(w->host[0]);
	if (hl >= sizeof sa->sun_path)
		return -ENAMETOOLONG; /* the host name does not fit */
	rt_memcpy(sa->sun_path, w->host[0], hl + 1);
	return (long)(SUN_OFF + hl + 1);
}

/* A host AF_UNIX name the kernel returned, in place: its new length. */
static long unix_to_guest(struct pathmap *pm, struct sockaddr_un *sa, long len,
			  struct pm_work *w)
{
	if (len <= (long)SUN_OFF || sa->sun_family != AF_UNIX || !sa->sun_path[0])
		return len;
	size_t pl = rt_strnlen(sa->sun_path, (size_t)len - SUN_OFF);
	if (pl >= sizeof sa->sun_path)
		return len;
	rt_memcpy(w->a, sa->sun_path, pl);
	w->a[pl] = 0;
	long gl = to_guest(pm, w->a, w->b);
	if (gl < 0 || (size_t)gl >= sizeof sa->sun_path)
		return len; /* no shorter name that fits: the host's */
	rt_memcpy(sa->sun_path, w->b, (size_t)gl + 1);
	return (long)(SUN_OFF + (size_t)gl + 1);
}

static long do_sock_in(struct pathmap *pm, struct pv_syscall *call,
		       const struct call_info *ci, struct pm_work *w)
{
	struct sockaddr_un sa;
	long plen = unix_name((void *)call->arg[ci->arg], call->arg[ci->arg + 1], &sa);
	if (plen == -EFAULT)
		return plen;
	if (plen < 0)
		return pv_next(call);
	long len = unix_to_host(pm, &sa, plen, (enum walk)follows(&ci->rule[0], call), w);
	if (len <= 0)
		return len < 0 ? len : pv_next(call);
	struct pv_syscall c = *call;
	c.arg[ci->arg] = (long)&sa;
	c.arg[ci->arg + 1] = len;
	return pv_next(&c);
}

/* Copies a returned address to the program as the kernel would: as much
 * as its buffer holds, and the full length. */
static long give_addr(void *u, int ulen, int *ulenp, const void *sa, int len)
{
	if (rt_poke(u, sa, (size_t)(len < ulen ? len : ulen)) < 0 ||
	    (ulenp && rt_poke(ulenp, &len, sizeof len) < 0))
		return -EFAULT;
	return 0;
}

static long do_sock_out(struct pathmap *pm, struct pv_syscall *call,
			const struct call_info *ci, struct pm_work *w)
{
	void *u = (void *)call->arg[ci->arg];
	int *ulenp = (int *)call->arg[ci->arg + 1];
	int ulen;
	if (!u || !ulenp || rt_peek(&ulen, ulenp, sizeof ulen) < 0 || ulen < 0)
		return pv_next(call); /* the kernel's errors */
	union {
		struct sockaddr_storage ss;
		struct sockaddr_un un;
	} a;
	int len = sizeof a;
	struct pv_syscall c = *call;
	c.arg[ci->arg] = (long)&a;
	c.arg[ci->arg + 1] = (long)&len;
	long r = pv_next(&c);
	if (r < 0)
		return r;
	len = (int)unix_to_guest(pm, &a.un, len, w);
	long e = give_addr(u, ulen, ulenp, &a, len);
	return e < 0 ? e : r;
}

static long do_msg_in(struct pathmap *pm, struct pv_syscall *call,
		      const struct call_info *ci, struct pm_work *w)
{
	struct msghdr mh;
	struct sockaddr_un sa;
	if (rt_peek(&mh, (void *)call->arg[ci->arg], sizeof mh) < 0)
		return pv_next(call);
	long plen = unix_name(mh.msg_name, mh.msg_namelen, &sa);
	if (plen < 0)
		return plen == -EFAULT ? plen : pv_next(call);
	long len = unix_to_host(pm, &sa, plen, (enum walk)follows(&ci->rule[0], call), w);
	if (len <= 0)
		return len < 0 ? len : pv_next(call);
	mh.msg_name = &sa;
	mh.msg_namelen = (socklen_t)len;
	struct pv_syscall c = *call;
	c.arg[ci->arg] = (long)&mh;
	return pv_next(&c);
}

static long do_msg_out(struct pathmap *pm, struct pv_syscall *call,
		       const struct call_info *ci, struct pm_work *w)
{
	struct msghdr mh, mine;
	if (rt_peek(&mh, (void *)call->arg[ci->arg], sizeof mh) < 0 || !mh.msg_name)
		return pv_next(call);
	union {
		struct sockaddr_storage ss;
		struct sockaddr_un un;
	} a;
	mine = mh;
	mine.msg_name = &a;
	mine.msg_namelen = sizeof a;
	struct pv_syscall c = *call;
	c.arg[ci->arg] = (long)&mine;
	long r = pv_next(&c);
	if (r < 0)
		return r;
	int len = (int)unix_to_guest(pm, &a.un, (long)mine.msg_namelen, w);
	int ulen = (int)mh.msg_namelen;
	if (rt_poke(mh.msg_name, &a, (size_t)(len < ulen ? len : ulen)) < 0)
		return -EFAULT;
	mh.msg_namelen = (socklen_t)len;
	mh.msg_controllen = mine.msg_controllen;
	mh.msg_flags = mine.msg_flags;
	if (rt_poke((void *)call->arg[ci->arg], &mh, sizeof mh) < 0)
		return -EFAULT;
	return r;
}

/* ---- exec ----
 *
 * The kernel opens two things by name that no layer sees: a script's
 * interpreter (#!) and an ELF program's dynamic loader (PT_INTERP), both by
 * absolute path in the real file system.  When either name -- or the
 * program's own -- is remapped, the layer does what the kernel would:
 * - a script becomes an exec of its interpreter with the script's name as
 *   an argument, as binfmt_script builds it;
 * - a dynamic program becomes an exec of its loader, as a program, with the
 *   program as its argument:  LOADER --argv0 ARGV0 PROGRAM ARGS...  The
 *   loader is a static executable, so the runtime runs it through the
 *   launcher, under the layers from its first instruction: the libraries
 *   it opens are the view's.  The layer of the new process recognises this
 *   start (pm_start) and answers /proc/self/exe with PROGRAM.
 * Nothing is rewritten when no name involved is remapped. */

#define EXEC_LEVELS 5 /* a program and four levels of #!, as the kernel */
#define BINPRM_BUF 256

struct exec_level {
	const char *name;     /* what this level was exec'd by */
	char host[PM_PATH];
	char guest[PM_PATH];
	char interp[PM_PATH]; /* #! line, or PT_INTERP */
	char *interp_arg;     /* the #! line's argument */
	int crossed, script, dynamic;
};

struct exec_work {
	struct exec_level lv[EXEC_LEVELS];
	char loader_host[PM_PATH];
	unsigned char head[BINPRM_BUF];
	Elf64_Phdr ph[64];
	struct pm_work w;
	char *argv[]; /* the new argv */
};

static int spacetab(char c) { return c == ' ' || c == '\t'; }

/* The #! line as binfmt_script reads it; 0 or -1. */
static int parse_script(const unsigned char *buf, long n, struct exec_level *l)
{
	long i = 2, end = -1;
	for (long k = 2; k < n; k++)
		if (buf[k] == '\n') {
			end = k;
			break;
		}
	if (end < 0)
		end = n; /* the kernel takes a truncated line too */
	while (i < end && spacetab((char)buf[i]))
		i++;
	while (end > i && spacetab((char)buf[end - 1]))
		end--;
	long name_end = i;
	while (name_end < end && !spacetab((char)buf[name_end]) && buf[name_end])
		name_end++;
	if (name_end == i)
		return -1;
	rt_memcpy(l->interp, buf + i, (size_t)(end - i));
	l->interp[end - i] = 0;
	l->interp[name_end - i] = 0;
	l->interp_arg = NULL;
	long a = name_end - i + 1;
	if (name_end < end) {
		while (a < end - i && spacetab(l->interp[a]))
			a++;
		if (a < end - i && l->interp[a])
			l->interp_arg = l->interp + a;
	}
	return 0;
}

/* Reads what l->host is: a script, a dynamic ELF program (its loader into
 * l->interp), or anything else (left to the kernel).  Returns 0, or -errno
 * when the kernel would refuse to run it for a reason it checks on the
 * file exec opens (not executable, not a regular file). */
static long inspect(struct exec_level *l, struct exec_work *x)
{
	long fd = lower(SYS_openat, AT_FDCWD, (long)l->host, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return 0; /* unreadable (0111) or missing: the kernel's to say */
	struct stat st;
	long r = lower(SYS_fstat, fd, (long)&st, 0, 0);
	if (r == 0 && !S_ISREG(st.st_mode))
		r = -EACCES;
	if (r == 0)
		r = lower(SYS_faccessat, AT_FDCWD, (long)l->host, X_OK, 0);
	long n = r < 0 ? 0 : lower(SYS_pread64, fd, (long)x->head, sizeof x->head, 0);
	if (n >= 2 && x->head[0] == '#' && x->head[1] == '!') {
		l->script = parse_script(x->head, n, l) == 0;
	} else if (n >= (long)sizeof(Elf64_Ehdr) && !rt_memcmp(x->head, ELFMAG, SELFMAG)) {
		const Elf64_Ehdr *eh = (const Elf64_Ehdr *)x->head;
		size_t phs = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
		if (eh->e_machine == EM_X86_64 && eh->e_phentsize == sizeof(Elf64_Phdr) &&
		    eh->e_phnum <= PV_ARRAY_SIZE(x->ph) &&
		    lower(SYS_pread64, fd, (long)x->ph, (long)phs, (long)eh->e_phoff) == (long)phs)
			for (int i = 0; i < eh->e_phnum; i++) {
				const Elf64_Phdr *p = &x->ph[i];
				if (p->p_type != PT_INTERP || p->p_filesz < 2 ||
				    p->p_filesz >= PM_PATH)
					continue;
				if (lower(SYS_pread64, fd, (long)l->interp, (long)p->p_filesz,
					  (long)p->p_offset) == (long)p->p_filesz) {
					l->interp[p->p_filesz] = 0;
					l->dynamic = l->interp[0] != 0;
				}
				break;
			}
	}
	lower(SYS_close, fd, 0, 0, 0);
	return r;
}

static long count_argv(char *const *u)
{
	long n = 0;
	for (char *p;; n++) {
		if (!u)
			return 0;
		if (n > (1 << 20) || rt_peek(&p, u + n, sizeof p) < 0)
			return -EFAULT;
		if (!p)
			return n;
	}
}

static long do_exec(struct pathmap *pm, struct pv_syscall *call,
		    const struct call_info *ci, struct pm_work *w0)
{
	int at = call->nr == SYS_execveat;
	int pi = ci->path[0], ai = ci->arg;
	long flags = at ? call->arg[4] : 0;
	long r = copy_path(w0->given, (void *)call->arg[pi]);
	if (r <= 0)
		return r < 0 ? r : pv_next(call); /* fexecve: the file itself */
	char *const *uargv = (char *const *)call->arg[ai];
	long nargv = count_argv(uargv);
	if (nargv < 0)
		return nargv;
	size_t size = sizeof(struct exec_work) +
		      (size_t)(nargv + 4 * EXEC_LEVELS + 8) * sizeof(char *);
	long m = pv_kernel(SYS_mmap, 0, (long)size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pv_is_error(m))
		return m;
	struct exec_work *x = (struct exec_work *)m;
	struct pm_res res;
	int nlv = 0, any = 0;

	/* the chain of files the kernel would open */
	const char *name = w0->given;
	for (;;) {
		struct exec_level *l = &x->lv[nlv];
		l->name = name;
		int first = nlv == 0;
		r = resolve(pm, first && at ? (int)call->arg[0] : AT_FDCWD, name,
			    first && (flags & AT_SYMLINK_NOFOLLOW) ? W_LOOKUP : W_FOLLOW,
			    &x->w, l->host, &res);
		if (r < 0)
			goto out;
		nlv++;
		if (res.pass) { /* no name in the view: as given */
			if (first)
				goto pass;
			rt_memcpy(l->host, name, rt_strlen(name) + 1);
			break;
		}
		l->crossed = res.crossed;
		any |= res.crossed;
		rt_memcpy(l->guest, x->w.guest, rt_strlen(x->w.guest) + 1);
		if ((r = inspect(l, x)) < 0)
			goto out;
		if (!l->script)
			break;
		if (nlv == EXEC_LEVELS) {
			r = -ELOOP;
			goto out;
		}
		name = l->interp;
	}
	struct exec_level *last = &x->lv[nlv - 1];
	int via_loader = 0;
	if (last->dynamic) {
		r = resolve(pm, AT_FDCWD, last->interp, W_FOLLOW, &x->w, x->loader_host, &res);
		if (r < 0)
			goto out;
		via_loader = !res.pass && res.crossed;
	}
	if (!any && !via_loader)
		goto pass;

	/* the argv the kernel would build, then the loader's in front */
	char **front = x->argv, **argv = x->argv + 4 * EXEC_LEVELS + 4;
	int nf = 0;
	long skip = 0;
	if (nargv > 0) {
		rt_peek(&front[nf++], uargv, sizeof(char *));
		skip = 1;
	}
	for (int i = 0; i < nlv - 1; i++) {
		struct exec_level *l = &x->lv[i];
		/* execveat from a directory: the kernel's /dev/fd/N/NAME
		 * would not be found in the view; the guest name is */
		const char *fname = i == 0 && at && w0->given[0] != '/'
					    ? l->guest : l->name;
		char *t[3];
		int nt = 0;
		t[nt++] = l->interp;
		if (l->interp_arg)
			t[nt++] = l->interp_arg;
		t[nt++] = (char *)fname;
		int keep = nf > 0 ? nf - 1 : 0; /* argv[0] gives way */
		for (int k = keep - 1; k >= 0; k--)
			front[nt + k] = front[1 + k];
		for (int k = 0; k < nt; k++)
			front[k] = t[k];
		nf = nt + keep;
	}
	const char *path = last->host;
	if (via_loader) {
		char *t[4];
		int nt = 0;
		t[nt++] = last->interp; /* its name, as PT_INTERP gives it */
		if (nf > 0) {
			t[nt++] = "--argv0";
			t[nt++] = front[0];
		}
		t[nt++] = last->guest;
		int keep = nf > 0 ? nf - 1 : 0;
		for (int k = keep - 1; k >= 0; k--)
			front[nt + k] = front[1 + k];
		for (int k = 0; k < nt; k++)
			front[k] = t[k];
		nf = nt + keep;
		path = x->loader_host;
	}
	long k = 0;
	for (int i = 0; i < nf; i++)
		argv[k++] = front[i];
	for (long i = skip; i < nargv; i++)
		if (rt_peek(&argv[k++], uargv + i, sizeof(char *)) < 0) {
			r = -EFAULT;
			goto out;
		}
	argv[k] = NULL;

	struct pv_syscall c = *call;
	if (at)
		c.arg[0] = AT_FDCWD;
	c.arg[pi] = (long)path;
	c.arg[ai] = (long)argv;
	r = pv_next(&c);
out:
	pv_kernel(SYS_munmap, m, (long)size, 0, 0, 0, 0);
	return r;
pass:
	pv_kernel(SYS_munmap, m, (long)size, 0, 0, 0, 0);
	return pv_next(call);
}

static class_handler *const class_handlers[C_COUNT] = {
	[C_PATHS] = do_paths,     [C_GETCWD] = do_getcwd,
	[C_READLINK] = do_readlink, [C_EXEC] = do_exec,
	[C_SOCK_IN] = do_sock_in, [C_SOCK_OUT] = do_sock_out,
	[C_MSG_IN] = do_msg_in,   [C_MSG_OUT] = do_msg_out,
};

static long pm_handler(struct pv_syscall *call, void *data)
{
	long nr = call->nr;
	struct pathmap *pm = data;
	if (PV_UNLIKELY(atomic_load_explicit(&pm->comm, memory_order_relaxed))) {
		const char *name = atomic_exchange(&pm->comm, NULL);
		if (name)
			pv_kernel(SYS_prctl, PR_SET_NAME, (long)name, 0, 0, 0, 0);
	}
	/* A call newer than the headers the table comes from may take a
	 * path nobody here knows of: passing it down could reach outside the
	 * view.  An older kernel's answer is safe, and programs expect it. */
	if (nr < 0 || nr >= pv_nsyscalls || nr >= MAX_NR)
		return -ENOSYS;
	const struct call_info *ci = &calls[nr];
	if (ci->cls == C_NONE)
		return pv_next(call);
	struct pm_work *w = work_get();
	if (!w)
		return -ENOMEM;
	long r = class_handlers[ci->cls](pm, call, ci, w);
	work_put(w);
	return r;
}

/* ---- the start of each process ---- */

/* The run-wide record of the canonical mount paths, written by the run's
 * first process: later ones -- in other directories -- read the same
 * (a relative HOST means the directory purevirt was started in). */
struct pm_record {
	_Atomic int state; /* 0: nobody yet, 1: being written, 2: ready */
	int n;
	char guest[PM_MAX_MOUNTS][PM_PATH];
	char host[PM_MAX_MOUNTS][PM_PATH];
};

static const struct pm_mount identity_root = { "/", 1, "/", 1, 0 };

/* Canonical path of p in the view below (symbolic links and .. resolved
 * there), into out; *st describes it.  Returns 0 or -errno. */
static long canon_below(const char *p, char *out, struct stat *st,
			struct pm_work *w)
{
	struct pathmap id = { .n = 1 };
	id.m[0] = identity_root;
	struct pm_res res;
	rt_memcpy(w->given, p, rt_strlen(p) + 1);
	long r = resolve(&id, AT_FDCWD, w->given, W_FOLLOW, w, out, &res);
	if (r < 0)
		return r;
	if (res.pass)
		return -ENOENT;
	return lower(SYS_newfstatat, AT_FDCWD, (long)out, (long)st, 0);
}

static const char *errtext(long e)
{
	static const struct {
		int e;
		const char *text;
	} texts[] = {
		{ ENOENT, "No such file or directory" }, { ENOTDIR, "Not a directory" },
		{ EACCES, "Permission denied" },         { ELOOP, "Too many levels of symbolic links" },
		{ ENAMETOOLONG, "File name too long" },
	};
	for (size_t i = 0; i < PV_ARRAY_SIZE(texts); i++)
		if (texts[i].e == -e)
			return texts[i].text;
	return "cannot be used";
}

__attribute__((noreturn)) static void die(const struct pathmap *pm,
					  const char *what, long e)
{
	rt_diag(2, "%s: '%s': %s", pm->layer, what, errtext(e));
	pv_kernel(SYS_exit_group, 2, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

static char *keep(const char *s, size_t *len)
{
	char *d = rt_strdup(s);
	if (d)
		*len = rt_strlen(d);
	return d;
}

/* Every mount's host path made canonical in the view below (and a bind's
 * guest parent), each checked there: what the layer compares the kernel's
 * names with. */
static void canonicalize(struct pathmap *pm, struct pm_work *w)
{
	struct stat st;
	for (int i = 0; i < pm->n; i++) {
		struct pm_mount *m = &pm->m[i];
		long r = canon_below(m->host, w->host[1], &st, w);
		if (r == 0 && (m->flags & PM_DIR) && !S_ISDIR(st.st_mode))
			r = -ENOTDIR;
		if (r < 0)
			die(pm, m->host, r);
		char *h = keep(w->host[1], &m->hlen);
		if (h)
			m->host = h;
		if (!(m->flags & PM_CANON_GUEST) || m->glen <= 1)
			continue;
		size_t cut = m->glen;
		while (cut > 0 && m->guest[cut - 1] != '/')
			cut--;
		rt_memcpy(w->c, m->guest, cut);
		w->c[cut > 1 ? cut - 1 : 1] = 0;
		if (canon_below(w->c, w->host[1], &st, w) < 0)
			continue; /* a parent that does not exist yet */
		size_t l = rt_strlen(w->host[1]);
		if (put(w->host[1], &l, l > 1 ? "/" : "", l > 1) < 0 ||
		    put(w->host[1], &l, m->guest + cut, m->glen - cut) < 0)
			continue;
		char *g = keep(w->host[1], &m->glen);
		if (g)
			m->guest = g;
	}
}

/* A program started outside the view (a chroot's root) starts where its
 * working directory's name leads in the view, or at its root -- as proot
 * starts it. */
static void initial_cwd(struct pathmap *pm, struct pm_work *w)
{
	struct pm_res res;
	struct stat st;
	long n = lower(SYS_getcwd, (long)w->host[1], PM_PATH, 0, 0);
	if (n < 0 || w->host[1][0] != '/' || to_guest(pm, w->host[1], w->c) >= 0)
		return;
	rt_memcpy(w->given, w->host[1], rt_strlen(w->host[1]) + 1);
	if (resolve(pm, AT_FDCWD, w->given, W_FOLLOW, w, w->host[0], &res) == 0 &&
	    lower(SYS_newfstatat, AT_FDCWD, (long)w->host[0], (long)&st, 0) == 0 &&
	    S_ISDIR(st.st_mode) && lower(SYS_chdir, (long)w->host[0], 0, 0, 0) == 0)
		return;
	if (to_host(pm, "/", 1, w->host[0], &res.crossed) >= 0)
		lower(SYS_chdir, (long)w->host[0], 0, 0, 0);
}

/* This process is a dynamic program do_exec started through its loader:
 * argv is  LOADER --argv0 ARGV0 PROGRAM ...  where LOADER names, through
 * a mount of this layer that is not the identity, the executable now
 * running.  (The layer that made the exec is the one whose view remaps
 * the loader's name: the layers above it pass it as it is.)  Then
 * /proc/self/exe is PROGRAM. */
static void find_exe(struct pathmap *pm, struct pm_work *w)
{
	const struct pv_start_info *si = pv_start_info();
	long pid = lower(SYS_getpid, 0, 0, 0, 0);
	struct exe_table *t = pm->exes;
	struct exe_entry *e = t ? &t->e[pid % EXE_SLOTS] : NULL;
	if (e && e->pid == pid && exe_lock(e)) { /* this pid before the exec */
		if (e->pid == pid)
			e->pid = 0;
		atomic_store(&e->lock, 0);
	}
	if (!si->argv || si->argc < 4 || !si->argv[0] || !si->argv[1] ||
	    rt_strcmp(si->argv[1], "--argv0"))
		return;
	const char *prog = si->argv[3];
	if (!prog || prog[0] != '/')
		return;
	struct stat running, loader;
	struct pm_res res;
	const struct pv_hosted *h = pv_hosted_program();
	long r = h && h->exe_fd >= 0
			 ? pv_kernel(SYS_fstat, h->exe_fd, (long)&running, 0, 0, 0, 0)
			 : pv_kernel(SYS_stat, (long)"/proc/self/exe", (long)&running, 0, 0, 0, 0);
	if (r < 0 || copy_path(w->given, si->argv[0]) <= 0 ||
	    resolve(pm, AT_FDCWD, w->given, W_FOLLOW, w, w->host[0], &res) < 0 ||
	    res.pass || !res.crossed ||
	    lower(SYS_newfstatat, AT_FDCWD, (long)w->host[0], (long)&loader, 0) < 0 ||
	    running.st_dev != loader.st_dev || running.st_ino != loader.st_ino)
		return;
	pm->exe = rt_strdup(prog);
	if (!pm->exe)
		return;
	size_t len = rt_strlen(prog);
	if (e && len < PM_PATH && exe_lock(e)) {
		e->pid = pid;
		e->dev = running.st_dev;
		e->ino = running.st_ino;
		rt_memcpy(e->path, prog, len + 1);
		atomic_store(&e->lock, 0);
	}
	/* the name exec gives a process is its file's, not the loader's; the
	 * launcher names the process after start, so it is set at the first
	 * call the program makes */
	const char *base = pm->exe;
	for (const char *p = pm->exe; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	atomic_store(&pm->comm, base);
}

static const char *base_name(const char *p)
{
	const char *b = p;
	for (; *p; p++)
		if (*p == '/' && p[1])
			b = p + 1;
	return b;
}

/* Whether name is in the view an executable regular file; its host path
 * into host. */
static int runnable(const struct pathmap *pm, const char *name, char *host,
		    struct pm_work *w, struct stat *st, int *denied)
{
	struct pm_res res;
	rt_memcpy(w->given, name, rt_strlen(name) + 1);
	if (resolve(pm, AT_FDCWD, w->given, W_FOLLOW, w, host, &res) < 0 || res.pass ||
	    lower(SYS_newfstatat, AT_FDCWD, (long)host, (long)st, 0) < 0 ||
	    !S_ISREG(st->st_mode))
		return 0;
	if (lower(SYS_faccessat, AT_FDCWD, (long)host, X_OK, 0) < 0) {
		*denied = 1;
		return 0;
	}
	return 1;
}

/* The run's first program was looked up by the purevirt command, before
 * any layer existed: in the real file system.  The layer looks it up again
 * in its view -- through PATH when it was named without a '/', as the
 * shell does -- and, if that is another file, execs it before the program
 * has run an instruction.  The layers above this one have not started yet
 * and see nothing of it; the next process starts them all.  A script's
 * interpreter ran in the program's place: its name is then the script's. */
static void first_program(struct pathmap *pm, struct pm_work *w)
{
	const struct pv_start_info *si = pv_start_info();
	if (!si->argv || si->argc < 1 || !si->argv[0] || !si->execfn)
		return;
	char **argv = si->argv;
	const char *name = argv[0];
	int shift = 0;
	for (int i = 1; i <= 2 && i < si->argc; i++)
		if (argv[i] && !rt_strcmp(argv[i], si->execfn) &&
		    rt_strcmp(base_name(argv[0]), base_name(si->execfn))) {
			name = si->execfn; /* #!: interpreter [arg] script ... */
			shift = i;
		}
	struct stat running, st;
	const struct pv_hosted *h = pv_hosted_program();
	long r = shift ? pv_kernel(SYS_stat, (long)si->execfn, (long)&running, 0, 0, 0, 0)
		 : h && h->exe_fd >= 0
			 ? pv_kernel(SYS_fstat, h->exe_fd, (long)&running, 0, 0, 0, 0)
			 : pv_kernel(SYS_stat, (long)"/proc/self/exe", (long)&running, 0, 0, 0, 0);
	if (r < 0)
		return;
	char *path = w->host[1];
	int denied = 0, found = 0;
	if (rt_strchr(name, '/')) {
		rt_memcpy(path, name, rt_strlen(name) + 1);
		found = runnable(pm, path, w->host[0], w, &st, &denied);
	} else {
		const char *dirs = rt_getenv(si->envp, "PATH");
		if (!dirs)
			dirs = "/usr/local/bin:/usr/bin:/bin";
		while (!found && dirs) {
			const char *end = rt_strchr(dirs, ':');
			size_t n = end ? (size_t)(end - dirs) : rt_strlen(dirs);
			struct rt_buf b = { .p = path, .cap = PM_PATH };
			rt_putn(&b, n ? dirs : ".", n ? n : 1);
			rt_putc(&b, '/');
			rt_puts(&b, name);
			rt_putc(&b, 0);
			found = !b.overflow && runnable(pm, path, w->host[0], w, &st, &denied);
			dirs = end ? end + 1 : NULL;
		}
	}
	if (found && st.st_dev == running.st_dev && st.st_ino == running.st_ino)
		return; /* the view names the program that runs */
	if (!found) {
		rt_diag(2, "%s: %s", name, denied ? "Permission denied"
					     : rt_strchr(name, '/') ? "No such file or directory"
								    : "command not found");
		pv_kernel(SYS_exit_group, denied ? 126 : 127, 0, 0, 0, 0, 0);
	}
	char **args = argv;
	if (shift) { /* the script's own argv back: its name, its arguments */
		args = rt_alloc((size_t)(si->argc - shift + 1) * sizeof *args);
		if (!args)
			return;
		args[0] = (char *)name;
		for (int i = shift + 1; i <= si->argc; i++)
			args[i - shift] = argv[i];
	}
	struct pv_syscall call = PV_SYSCALL(SYS_execve, path, args, si->envp, 0, 0, 0);
	r = do_exec(pm, &call, &calls[SYS_execve], w);
	rt_diag(2, "%s: %s", name, errtext(r));
	pv_kernel(SYS_exit_group, r == -ENOENT ? 127 : 126, 0, 0, 0, 0, 0);
}

static void pm_start(void *data)
{
	struct pathmap *pm = data;
	struct pm_work *w = work_get();
	if (!w)
		return;
	char key[48];
	struct rt_buf kb = RT_BUF(key);
	rt_printf(&kb, "pathmap.%lx", pm->key);
	rt_putc(&kb, 0);
	struct pm_record *rec = pv_shared(key, sizeof *rec);
	int zero = 0, first = 0, tries = 0;
	if (rec && !atomic_compare_exchange_strong(&rec->state, &zero, 1)) {
		/* the first process writes it before it runs anything */
		while (atomic_load(&rec->state) != 2 && tries++ < LOCK_TRIES)
			pv_kernel(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
		if (atomic_load(&rec->state) != 2)
			canonicalize(pm, w); /* it died doing it: on our own */
		else for (int i = 0; i < pm->n && i < rec->n; i++) {
			struct pm_mount *m = &pm->m[i];
			char *g = keep(rec->guest[i], &m->glen);
			char *h = keep(rec->host[i], &m->hlen);
			if (g && h) {
				m->guest = g;
				m->host = h;
			}
		}
	} else {
		canonicalize(pm, w);
		if (rec) {
			rec->n = pm->n;
			for (int i = 0; i < pm->n; i++) {
				rt_memcpy(rec->guest[i], pm->m[i].guest, pm->m[i].glen + 1);
				rt_memcpy(rec->host[i], pm->m[i].host, pm->m[i].hlen + 1);
			}
			atomic_store(&rec->state, 2);
			first = 1;
		}
	}
	initial_cwd(pm, w);
	if (first)
		first_program(pm, w);
	struct rt_buf eb = RT_BUF(key);
	rt_printf(&eb, "pathmap.exe.%lx", pm->key);
	rt_putc(&eb, 0);
	pm->exes = pv_shared(key, sizeof(struct exe_table));
	find_exe(pm, w);
	work_put(w);
}

/* ---- building a map ---- */

struct pathmap *pm_new(const char *layer, const char *spec, char *err,
		       size_t errlen)
{
	build_calls();
	struct pathmap *pm = rt_alloc(sizeof *pm);
	if (!pm) {
		rt_reason(err, errlen, "out of memory", "", "");
		return NULL;
	}
	pm->layer = layer;
	unsigned long h = 0xcbf29ce484222325UL; /* FNV-1a */
	for (const char *p = layer; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3UL;
	for (const char *p = spec ? spec : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3UL;
	pm->key = h;
	return pm;
}

/* An absolute path without "//", "." and "..", in place (lexically: what
 * the program's own walk would do at its root). */
static void normalize(char *p)
{
	char *out = p, *in = p;
	while (*in) {
		while (*in == '/')
			in++;
		char *s = in;
		while (*in && *in != '/')
			in++;
		size_t n = (size_t)(in - s);
		if (!n || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		rt_memcpy(out, s, n);
		out += n;
	}
	if (out == p)
		*out++ = '/';
	*out = 0;
}

int pm_add(struct pathmap *pm, const char *guest, const char *host,
	   unsigned flags, const char *what, char *err, size_t errlen)
{
	char label[64];
	struct rt_buf lb = RT_BUF(label);
	rt_puts(&lb, what);
	rt_puts(&lb, " '");
	label[lb.len < sizeof label ? lb.len : sizeof label - 1] = 0;
	if (pm->n == PM_MAX_MOUNTS) {
		rt_reason(err, errlen, "too many paths", "", "");
		return -EINVAL;
	}
	if (!*host) {
		rt_reason(err, errlen, what, " is empty", "");
		return -EINVAL;
	}
	if (guest[0] != '/') {
		rt_reason(err, errlen, guest[0] ? "'" : "an empty path", guest,
		       guest[0] ? "' is not an absolute path (the program's "
				  "side must be)" : "");
		return -EINVAL;
	}
	size_t gl = rt_strlen(guest), hl = rt_strlen(host);
	char cwd[PM_PATH];
	size_t cl = 0;
	if (host[0] != '/') {
		long n = pv_kernel(SYS_getcwd, (long)cwd, sizeof cwd, 0, 0, 0, 0);
		if (n < 0 || cwd[0] != '/') {
			rt_reason(err, errlen, label, host, "': no current directory to find it in");
			return -EINVAL;
		}
		cl = rt_strlen(cwd);
	}
	if (gl + 1 > PM_PATH || cl + hl + 2 > PM_PATH) {
		rt_reason(err, errlen, "path too long", "", "");
		return -EINVAL;
	}
	/* checked where purevirt reads its arguments, before anything runs;
	 * a program's processes check in pm_start, in the layer's view */
	if (!pv_start_info()->envp) {
		struct stat st;
		long r = pv_kernel(SYS_stat, (long)host, (long)&st, 0, 0, 0, 0);
		if (r == 0 && (flags & PM_DIR) && !S_ISDIR(st.st_mode))
			r = -ENOTDIR;
		if (r < 0) {
			rt_reason(err, errlen, label, host, "': ");
			size_t l = rt_strlen(err);
			rt_reason(err + l, errlen - l, errtext(r), "", "");
			return -EINVAL;
		}
	}
	struct pm_mount *m = &pm->m[pm->n];
	char *g = rt_alloc(gl + 1), *h = rt_alloc(cl + hl + 2);
	if (!g || !h) {
		rt_reason(err, errlen, "out of memory", "", "");
		return -EINVAL;
	}
	rt_memcpy(g, guest, gl + 1);
	normalize(g);
	struct rt_buf hb = { .p = h, .cap = cl + hl + 2 };
	if (cl) {
		rt_puts(&hb, cwd);
		rt_putc(&hb, '/');
	}
	rt_puts(&hb, host);
	h[hb.len] = 0;
	*m = (struct pm_mount){ .guest = g, .glen = rt_strlen(g), .host = h,
				.hlen = hb.len, .flags = flags };
	pm->n++;
	return 0;
}

void pm_layer(struct pathmap *pm, const char *name, struct pv_layer *layer)
{
	*layer = (struct pv_layer){ .name = name, .handler = pm_handler,
				    .data = pm, .start = pm_start };
}
