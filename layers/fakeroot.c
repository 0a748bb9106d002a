/* fakeroot.c - the `fakeroot[:STATEFILE]` layer: the program runs as root
 * without privileges, as under fakeroot(1).
 *
 * Ids.  Every get*id call answers from the layer's own ids, which start at
 * 0; the set*id calls always succeed and change them by fakeroot's rules
 * (which are not quite the kernel's: see the set_* handlers).  They belong
 * to the process: fork copies them with the layer's memory, and exec, which
 * ends that memory, hands them on through the run's shared memory.
 *
 * Files.  chown, chmod, mknod of a device and mkdir are remembered per file
 * (device and inode, fakeroot_db.c) and every stat shows what was
 * remembered; a file nobody changed reads as owned by root, as fakeroot
 * shows it.  The calls still reach the kernel where they can do something
 * useful: a chown is tried (a real root's takes effect) and EPERM is
 * forgiven; a chmod keeps the owner's read and write bits (and a
 * directory's search bit) on the real file, since root reads a file of
 * mode 000 and the program believes it is root; a device becomes an empty
 * plain file.
 *
 * The arguments are found from syscalls.def's argument kinds (lib/sysent.h):
 * which argument is the path, the descriptor, the mode, the buffer.
 *
 * The layer's own file work (a stat before an unlink, the plain file of a
 * device) goes to the layers below it, so that under a chroot layer it sees
 * the program's files; the state file is the layer's private business and
 * goes to the kernel.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "fakeroot_db.h"
#include "layers.h"
#include "rt.h"
#include "sysent.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h> /* W_OK */

#define PATH_BYTES 4096

/* ids[]: uid real, effective, saved, file-system; then the same for gid */
enum { R = 0, E = 1, S = 2, FS = 3 };
enum { UID = 0, GID = 4 };

struct fakeroot {
	struct fr_db *db;
	uint32_t ids[FR_NIDS];
	uint32_t umask;
	char statefile[PATH_BYTES]; /* absolute; empty without one */
};

struct how;
typedef long fr_fn(struct fakeroot *fr, struct pv_syscall *call,
		   const struct how *how);

/* What the layer does with a call. */
struct how {
	fr_fn *fn;
	uint8_t ids;      /* UID or GID: the ids a credentials call is about */
	uint8_t which;    /* R or E: the id a getter returns */
	uint8_t nofollow; /* the call does not follow a final symbolic link */
	uint8_t nth;      /* the file a call with two names creates (symlink) */
};

/* ---- arguments, found by kind ---- */

/* The index of the n-th argument of this kind, or -1. */
static int arg_of(long nr, enum pv_arg_kind kind, int n)
{
	int nargs = pv_syscall_nargs(nr);
	for (int i = 0; i < nargs; i++)
		if (pv_syscall_arg_kind(nr, i) == kind && n-- == 0)
			return i;
	return -1;
}

/* A file a call names: a descriptor, a path, or a directory and a path. */
struct target {
	long dirfd;
	long path;
	int flags; /* AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH */
};

static const char empty_path[] = "";

static int target_of(const struct pv_syscall *c, const struct how *how, int nth,
		     struct target *t)
{
	long nr = c->nr;
	int nargs = pv_syscall_nargs(nr);
	*t = (struct target){ .dirfd = AT_FDCWD, .flags = 0 };
	int found = 0;
	for (int i = 0; i < nargs && !found; i++) {
		enum pv_arg_kind k = pv_syscall_arg_kind(nr, i);
		if (k == A_FD && nth-- == 0) {
			t->dirfd = c->arg[i];
			t->path = (long)empty_path;
			t->flags = AT_EMPTY_PATH;
			found = 1;
		} else if (k == A_DIRFD && i + 1 < nargs &&
			   pv_syscall_arg_kind(nr, i + 1) == A_PATH) {
			if (nth-- == 0) {
				t->dirfd = c->arg[i];
				t->path = c->arg[i + 1];
				found = 1;
			}
			i++;
		} else if (k == A_PATH && nth-- == 0) {
			t->path = c->arg[i];
			found = 1;
		}
	}
	if (!found)
		return -1;
	int fl = arg_of(nr, A_AT_FLAGS, 0);
	if (fl < 0)
		fl = arg_of(nr, A_STATX_FLAGS, 0);
	if (fl >= 0)
		t->flags |= (int)c->arg[fl] & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	if (how->nofollow)
		t->flags |= AT_SYMLINK_NOFOLLOW;
	return 0;
}

/* ---- files as the kernel shows them ---- */

/* glibc's dev_t from a device's numbers (the kernel's struct stat encodes
 * it the same way for every number it can hold) */
static uint64_t mkdev(uint64_t major, uint64_t minor)
{
	return ((major & 0xfff) << 8) | ((major & ~0xfffULL) << 32) |
	       (minor & 0xff) | ((minor & ~0xffULL) << 12);
}
static uint32_t dev_major(uint64_t d)
{
	return (uint32_t)(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL));
}
static uint32_t dev_minor(uint64_t d)
{
	return (uint32_t)((d & 0xff) | ((d >> 12) & ~0xffULL));
}

static void live_of_statx(const struct statx *sx, struct fr_live *l)
{
	*l = (struct fr_live){
		.dev = mkdev(sx->stx_dev_major, sx->stx_dev_minor),
		.ino = sx->stx_ino,
		.rdev = mkdev(sx->stx_rdev_major, sx->stx_rdev_minor),
		.mode = sx->stx_mode,
		.nlink = sx->stx_nlink,
	};
	if (sx->stx_mask & STATX_BTIME) {
		l->has_btime = 1;
		l->btime_sec = sx->stx_btime.tv_sec;
		l->btime_nsec = sx->stx_btime.tv_nsec;
	}
}

#define LIVE_MASK                                                              \
	(STATX_TYPE | STATX_MODE | STATX_INO | STATX_NLINK | STATX_UID |      \
	 STATX_GID | STATX_BTIME)

static long live_stat(const struct target *t, int extra_flags, struct fr_live *l)
{
	struct statx sx;
	long r = pv_syscall(SYS_statx, t->dirfd, t->path, t->flags | extra_flags,
			    LIVE_MASK, (long)&sx, 0);
	if (r >= 0)
		live_of_statx(&sx, l);
	return r;
}

/* ---- ids ---- */

static long get_id(struct fakeroot *fr, struct pv_syscall *call,
		   const struct how *how)
{
	(void)call;
	return fr->ids[how->ids + how->which];
}

static long get_resid(struct fakeroot *fr, struct pv_syscall *call,
		      const struct how *how)
{
	for (int i = 0; i < 3; i++)
		if (rt_poke((void *)call->arg[i], &fr->ids[how->ids + i],
			    sizeof(uint32_t)) < 0)
			return -EFAULT;
	return 0;
}

/* fakeroot keeps no supplementary groups: the list is the real gid alone. */
static long get_groups(struct fakeroot *fr, struct pv_syscall *call,
		       const struct how *how)
{
	(void)how;
	int size = (int)call->arg[0];
	if (size < 0)
		return -EINVAL;
	if (size && rt_poke((void *)call->arg[1], &fr->ids[GID + R],
			    sizeof(uint32_t)) < 0)
		return -EFAULT;
	return 1;
}

static long set_groups(struct fakeroot *fr, struct pv_syscall *call,
		       const struct how *how)
{
	(void)fr, (void)call, (void)how;
	return 0;
}

#define NO_ID 0xffffffffu

/* setuid: like the kernel's for root (all three) when the effective id is
 * 0, else the effective one alone -- but it never fails. */
static long set_id(struct fakeroot *fr, struct pv_syscall *call,
		   const struct how *how)
{
	uint32_t *id = &fr->ids[how->ids], v = (uint32_t)call->arg[0];
	if (v == NO_ID)
		return -EINVAL;
	if (id[E] == 0)
		id[R] = id[S] = v;
	id[E] = id[FS] = v;
	return 0;
}

/* setreuid: fakeroot saves the old effective id (the kernel would save the
 * new one) when the real id changes or the effective one leaves it. */
static long set_reid(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	uint32_t *id = &fr->ids[how->ids];
	uint32_t r = (uint32_t)call->arg[0], e = (uint32_t)call->arg[1];
	if (r != NO_ID || (e != NO_ID && e != id[R]))
		id[S] = id[E];
	if (r != NO_ID)
		id[R] = r;
	if (e != NO_ID)
		id[E] = e;
	id[FS] = id[E];
	return 0;
}

static long set_resid(struct fakeroot *fr, struct pv_syscall *call,
		      const struct how *how)
{
	uint32_t *id = &fr->ids[how->ids];
	for (int i = 0; i < 3; i++)
		if ((uint32_t)call->arg[i] != NO_ID)
			id[i] = (uint32_t)call->arg[i];
	id[FS] = id[E];
	return 0;
}

/* setfsuid answers the previous id; -1 only asks. */
static long set_fsid(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	uint32_t *id = &fr->ids[how->ids], v = (uint32_t)call->arg[0];
	uint32_t old = id[FS];
	if (v != NO_ID)
		id[FS] = v;
	return old;
}

/* ---- the stat family ---- */

/* Whether a remembered file with a birth time is still the file the
 * program named, asked again with a statx (the stat the program made
 * carries no birth time). */
static int still_same(struct fakeroot *fr, const struct pv_syscall *call,
		      const struct how *how, struct fr_live *l, struct fr_file *f)
{
	struct target t;
	struct fr_live now;
	if (target_of(call, how, 0, &t) < 0 || live_stat(&t, 0, &now) < 0 ||
	    now.dev != l->dev || now.ino != l->ino)
		return 1; /* renamed meanwhile: no better answer than the record */
	int r = fr_db_get(fr->db, &now, f);
	if (r < 0)
		fr_db_forget(fr->db, &now, FR_FORGET_STALE);
	return r > 0;
}

static long do_stat(struct fakeroot *fr, struct pv_syscall *call,
		    const struct how *how)
{
	int out = arg_of(call->nr, A_STAT_OUT, 0);
	if (out < 0)
		return pv_next(call);
	struct stat st;
	struct pv_syscall c = *call;
	c.arg[out] = (long)&st;
	long r = pv_next(&c);
	if (r < 0)
		return r;
	struct fr_live l = { .dev = st.st_dev, .ino = st.st_ino,
			     .mode = st.st_mode, .nlink = (uint32_t)st.st_nlink };
	struct fr_file f;
	int got = fr_db_empty(fr->db) ? 0 : fr_db_get(fr->db, &l, &f);
	if (got < 0) /* its inode is another file's now */
		fr_db_forget(fr->db, &l, FR_FORGET_STALE);
	int known = got > 0;
	if (known && f.has_btime)
		known = still_same(fr, call, how, &l, &f);
	if (known) {
		st.st_mode = f.mode;
		st.st_uid = f.uid;
		st.st_gid = f.gid;
		st.st_rdev = f.rdev;
	} else {
		st.st_uid = st.st_gid = 0; /* unknown files are root's */
	}
	return rt_poke((void *)call->arg[out], &st, sizeof st) < 0 ? -EFAULT : r;
}

/* statx carries the birth time, so the check is free: ask for it (and for
 * the fields the layer changes) whatever the program asked for -- statx
 * may always answer more than was asked. */
static long do_statx(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	(void)how;
	int out = arg_of(call->nr, A_STATX_OUT, 0);
	int mask = arg_of(call->nr, A_STATX_MASK, 0);
	if (out < 0 || mask < 0)
		return pv_next(call);
	struct statx sx;
	struct pv_syscall c = *call;
	c.arg[out] = (long)&sx;
	c.arg[mask] = (long)((unsigned)call->arg[mask] | LIVE_MASK);
	long r = pv_next(&c);
	if (r < 0)
		return r;
	struct fr_live l;
	struct fr_file f;
	live_of_statx(&sx, &l);
	int known = fr_db_empty(fr->db) ? 0 : fr_db_get(fr->db, &l, &f);
	if (known > 0) {
		sx.stx_mode = (uint16_t)f.mode;
		sx.stx_uid = f.uid;
		sx.stx_gid = f.gid;
		sx.stx_rdev_major = dev_major(f.rdev);
		sx.stx_rdev_minor = dev_minor(f.rdev);
	} else {
		if (known < 0) /* its inode is another file's now */
			fr_db_forget(fr->db, &l, FR_FORGET_STALE);
		sx.stx_uid = sx.stx_gid = 0;
	}
	return rt_poke((void *)call->arg[out], &sx, sizeof sx) < 0 ? -EFAULT : r;
}

/* ---- changes that are remembered ---- */

struct owner {
	uint32_t uid, gid;
};

static void apply_owner(struct fr_file *f, int existing, const void *arg)
{
	(void)existing;
	const struct owner *o = arg;
	if (o->uid != NO_ID)
		f->uid = o->uid;
	if (o->gid != NO_ID)
		f->gid = o->gid;
}

/* chown: fakeroot keeps the setuid bits a real chown clears. */
static long do_chown(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	struct target t;
	int ui = arg_of(call->nr, A_INT, 0), gi = arg_of(call->nr, A_INT, 1);
	if (ui < 0 || gi < 0 || target_of(call, how, 0, &t) < 0)
		return pv_next(call);
	struct fr_live l;
	long r = live_stat(&t, 0, &l);
	if (r < 0)
		return r;
	r = pv_next(call);
	if (r < 0 && r != -EPERM)
		return r;
	struct owner o = { (uint32_t)call->arg[ui], (uint32_t)call->arg[gi] };
	return fr_db_change(fr->db, &l, apply_owner, &o);
}

static void apply_mode(struct fr_file *f, int existing, const void *arg)
{
	(void)existing;
	f->mode = (f->mode & S_IFMT) | (*(const uint32_t *)arg & 07777);
}

static long do_chmod(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	struct target t;
	int mi = arg_of(call->nr, A_MODE, 0);
	if (mi < 0 || target_of(call, how, 0, &t) < 0)
		return pv_next(call);
	struct fr_live l;
	long r = live_stat(&t, 0, &l);
	if (r < 0)
		return r;
	uint32_t mode = (uint32_t)call->arg[mi] & 07777;
	struct pv_syscall c = *call;
	c.arg[mi] = mode | (S_ISDIR(l.mode) ? 0700 : 0600);
	r = pv_next(&c);
	if (r < 0 && r != -EPERM)
		return r;
	return fr_db_change(fr->db, &l, apply_mode, &mode);
}

/* A file made by the layer on the program's behalf (a device, a directory
 * whose real mode differs from what root would get): the whole record. */
struct node {
	uint32_t mode;
	uint64_t rdev;
};

static void apply_node(struct fr_file *f, int existing, const void *arg)
{
	(void)existing;
	const struct node *n = arg;
	f->mode = n->mode;
	f->rdev = n->rdev;
	f->uid = f->gid = 0;
}

/* The record of an inode that was just created belongs to a file that is
 * gone. */
static void forget_new(struct fakeroot *fr, const struct target *t)
{
	struct fr_live l;
	if (!fr_db_empty(fr->db) && live_stat(t, AT_SYMLINK_NOFOLLOW, &l) >= 0)
		fr_db_forget(fr->db, &l, FR_FORGET_NEW);
}

/* mknod of a device makes an empty plain file and remembers the device, as
 * fakeroot does; other kinds of node (fifo, socket, plain file) need no
 * privilege and are made for real.  The mode loses the umask, as the
 * kernel's would. */
static long do_mknod(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	struct target t;
	int mi = arg_of(call->nr, A_MKNOD_MODE, 0), di = arg_of(call->nr, A_DEV, 0);
	if (mi < 0 || di < 0 || target_of(call, how, 0, &t) < 0)
		return pv_next(call);
	uint32_t mode = (uint32_t)call->arg[mi], type = mode & S_IFMT;
	if (type != S_IFCHR && type != S_IFBLK) {
		long r = pv_next(call);
		if (r == 0)
			forget_new(fr, &t);
		return r;
	}
	long fd = pv_syscall(SYS_openat, t.dirfd, t.path,
			     O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_NONBLOCK |
				     O_CLOEXEC,
			     0644, 0, 0);
	if (fd < 0)
		return fd;
	struct target ft = { .dirfd = fd, .path = (long)empty_path,
			     .flags = AT_EMPTY_PATH };
	struct fr_live l;
	long r = live_stat(&ft, 0, &l);
	pv_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	if (r < 0)
		return r;
	/* the kernel's 32-bit device number, as mknod takes it */
	uint32_t kdev = (uint32_t)call->arg[di];
	struct node n = { .mode = type | (mode & 07777 & ~fr->umask),
			  .rdev = mkdev((kdev & 0xfff00) >> 8,
					(kdev & 0xff) | ((kdev >> 12) & 0xfff00)) };
	return fr_db_change(fr->db, &l, apply_node, &n);
}

/* mkdir keeps the owner's bits on the real directory (root enters a
 * directory of mode 000); when that makes its mode other than root's
 * would be, the mode root would see is remembered. */
static long do_mkdir(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	struct target t;
	int mi = arg_of(call->nr, A_MODE, 0);
	if (mi < 0 || target_of(call, how, 0, &t) < 0)
		return pv_next(call);
	uint32_t want = (uint32_t)call->arg[mi] & 01777 & ~fr->umask;
	struct pv_syscall c = *call;
	c.arg[mi] = (long)(((uint32_t)call->arg[mi] & 07777) | 0700);
	long r = pv_next(&c);
	struct fr_live l;
	if (r < 0 || live_stat(&t, AT_SYMLINK_NOFOLLOW, &l) < 0)
		return r;
	want |= l.mode & S_ISGID; /* inherited from a setgid parent */
	if ((l.mode & 07777) == want) {
		if (!fr_db_empty(fr->db))
			fr_db_forget(fr->db, &l, FR_FORGET_NEW);
		return r;
	}
	struct node n = { .mode = S_IFDIR | want, .rdev = 0 };
	long e = fr_db_change(fr->db, &l, apply_node, &n);
	return e < 0 ? e : r;
}

/* ---- names that go away ---- */

/* A record goes with the file's last link, so that a new file given the
 * inode number later does not inherit it. */
static long do_unlink(struct fakeroot *fr, struct pv_syscall *call,
		      const struct how *how)
{
	struct target t;
	struct fr_live l;
	if (fr_db_empty(fr->db) || target_of(call, how, 0, &t) < 0 ||
	    live_stat(&t, AT_SYMLINK_NOFOLLOW, &l) < 0)
		return pv_next(call);
	long r = pv_next(call);
	if (r == 0 && (S_ISDIR(l.mode) || l.nlink <= 1))
		fr_db_forget(fr->db, &l, FR_FORGET_GONE);
	return r;
}

/* A rename that replaces a file removes that file's name; renaming one
 * link of a file onto another of the same file removes nothing. */
static long do_rename(struct fakeroot *fr, struct pv_syscall *call,
		      const struct how *how)
{
	struct target from, to;
	struct fr_live lf, lt;
	if (fr_db_empty(fr->db) || target_of(call, how, 0, &from) < 0 ||
	    target_of(call, how, 1, &to) < 0 ||
	    live_stat(&to, AT_SYMLINK_NOFOLLOW, &lt) < 0)
		return pv_next(call);
	int have_from = live_stat(&from, AT_SYMLINK_NOFOLLOW, &lf) >= 0;
	int fi = arg_of(call->nr, A_RENAME_FLAGS, 0);
	unsigned flags = fi >= 0 ? (unsigned)call->arg[fi] : 0;
	long r = pv_next(call);
	if (r == 0 && !(flags & RENAME_EXCHANGE) &&
	    !(have_from && lf.dev == lt.dev && lf.ino == lt.ino) &&
	    (S_ISDIR(lt.mode) || lt.nlink <= 1))
		fr_db_forget(fr->db, &lt, FR_FORGET_GONE);
	return r;
}

/* ---- names that appear ---- */

static long do_created(struct fakeroot *fr, struct pv_syscall *call,
		       const struct how *how)
{
	long r = pv_next(call);
	struct target t;
	if (r == 0 && target_of(call, how, how->nth, &t) == 0)
		forget_new(fr, &t);
	return r;
}

/* Only O_EXCL tells that open made the file. */
static long do_open(struct fakeroot *fr, struct pv_syscall *call,
		    const struct how *how)
{
	(void)how;
	int fi = arg_of(call->nr, A_OPEN_FLAGS, 0);
	long fl = fi >= 0 ? call->arg[fi] : 0;
	long r = pv_next(call);
	if (r >= 0 && (fl & O_CREAT) && (fl & O_EXCL)) {
		struct target t = { .dirfd = r, .path = (long)empty_path,
				    .flags = AT_EMPTY_PATH };
		forget_new(fr, &t);
	}
	return r;
}

/* ---- the process ---- */

static long do_umask(struct fakeroot *fr, struct pv_syscall *call,
		     const struct how *how)
{
	(void)how;
	long r = pv_next(call);
	if (r >= 0)
		fr->umask = (uint32_t)call->arg[0] & 0777;
	return r;
}

static long do_exec(struct fakeroot *fr, struct pv_syscall *call,
		    const struct how *how)
{
	(void)how;
	fr_db_put_exec_ids(fr->db, (int)pv_k0(SYS_getpid), fr->ids);
	return pv_next(call);
}

/* The state is written when the run's first process ends, as fakeroot
 * writes it when the command it ran ends. */
static void save_if_last(struct fakeroot *fr)
{
	if (!fr->db || fr_db_saver(fr->db) != (int)pv_k0(SYS_getpid) ||
	    !fr_db_statefile(fr->db)[0])
		return;
	long r = fr_db_save(fr->db);
	if (r < 0)
		rt_diag(pv_output_fd(), "fakeroot: cannot save the state to '%s': %s",
			fr_db_statefile(fr->db), fr_errtext(r));
}

static long do_exit(struct fakeroot *fr, struct pv_syscall *call,
		    const struct how *how)
{
	(void)how;
	save_if_last(fr);
	return pv_next(call);
}

static const struct how calls[] = {
	[SYS_getuid] = { get_id, UID, R, 0, 0 },
	[SYS_geteuid] = { get_id, UID, E, 0, 0 },
	[SYS_getgid] = { get_id, GID, R, 0, 0 },
	[SYS_getegid] = { get_id, GID, E, 0, 0 },
	[SYS_getresuid] = { get_resid, UID, 0, 0, 0 },
	[SYS_getresgid] = { get_resid, GID, 0, 0, 0 },
	[SYS_getgroups] = { get_groups, 0, 0, 0, 0 },
	[SYS_setgroups] = { set_groups, 0, 0, 0, 0 },
	[SYS_setuid] = { set_id, UID, 0, 0, 0 },
	[SYS_setgid] = { set_id, GID, 0, 0, 0 },
	[SYS_setreuid] = { set_reid, UID, 0, 0, 0 },
	[SYS_setregid] = { set_reid, GID, 0, 0, 0 },
	[SYS_setresuid] = { set_resid, UID, 0, 0, 0 },
	[SYS_setresgid] = { set_resid, GID, 0, 0, 0 },
	[SYS_setfsuid] = { set_fsid, UID, 0, 0, 0 },
	[SYS_setfsgid] = { set_fsid, GID, 0, 0, 0 },
	[SYS_stat] = { do_stat, 0, 0, 0, 0 },
	[SYS_lstat] = { do_stat, 0, 0, 1, 0 },
	[SYS_fstat] = { do_stat, 0, 0, 0, 0 },
	[SYS_newfstatat] = { do_stat, 0, 0, 0, 0 },
	[SYS_statx] = { do_statx, 0, 0, 0, 0 },
	[SYS_chown] = { do_chown, 0, 0, 0, 0 },
	[SYS_lchown] = { do_chown, 0, 0, 1, 0 },
	[SYS_fchown] = { do_chown, 0, 0, 0, 0 },
	[SYS_fchownat] = { do_chown, 0, 0, 0, 0 },
	[SYS_chmod] = { do_chmod, 0, 0, 0, 0 },
	[SYS_fchmod] = { do_chmod, 0, 0, 0, 0 },
	[SYS_fchmodat] = { do_chmod, 0, 0, 0, 0 },
	[SYS_mknod] = { do_mknod, 0, 0, 1, 0 },
	[SYS_mknodat] = { do_mknod, 0, 0, 1, 0 },
	[SYS_mkdir] = { do_mkdir, 0, 0, 1, 0 },
	[SYS_mkdirat] = { do_mkdir, 0, 0, 1, 0 },
	[SYS_unlink] = { do_unlink, 0, 0, 1, 0 },
	[SYS_unlinkat] = { do_unlink, 0, 0, 1, 0 },
	[SYS_rmdir] = { do_unlink, 0, 0, 1, 0 },
	[SYS_rename] = { do_rename, 0, 0, 1, 0 },
	[SYS_renameat] = { do_rename, 0, 0, 1, 0 },
	[SYS_renameat2] = { do_rename, 0, 0, 1, 0 },
	[SYS_symlink] = { do_created, 0, 0, 1, 1 },
	[SYS_symlinkat] = { do_created, 0, 0, 1, 1 },
	[SYS_open] = { do_open, 0, 0, 0, 0 },
	[SYS_openat] = { do_open, 0, 0, 0, 0 },
	[SYS_umask] = { do_umask, 0, 0, 0, 0 },
	[SYS_execve] = { do_exec, 0, 0, 0, 0 },
	[SYS_execveat] = { do_exec, 0, 0, 0, 0 },
	[SYS_exit_group] = { do_exit, 0, 0, 0, 0 },
};

static long fakeroot_handler(struct pv_syscall *call, void *data)
{
	struct fakeroot *fr = data;
	unsigned long nr = (unsigned long)call->nr;
	if (nr < PV_ARRAY_SIZE(calls) && calls[nr].fn && fr->db)
		return calls[nr].fn(fr, call, &calls[nr]);
	return pv_next(call);
}

static void fakeroot_signal(int sig, const siginfo_t *si, int fatal, void *data)
{
	(void)sig, (void)si;
	if (fatal)
		save_if_last(data);
}

static void fakeroot_start(void *data)
{
	struct fakeroot *fr = data;
	char err[512];
	int first;
	err[0] = 0;
	fr->db = fr_db_attach(fr->statefile[0] ? fr->statefile : NULL, &first,
			      err, sizeof err);
	if (!fr->db) {
		rt_diag(pv_output_fd(), "fakeroot: %s",
			err[0] ? err : "no memory for the state");
		pv_k1(SYS_exit_group, 2);
	}
	if (!first)
		fr_db_take_exec_ids(fr->db, (int)pv_k0(SYS_getpid), fr->ids);
	/* the umask can only be read by setting it; one thread runs yet */
	long old = pv_k1(SYS_umask, 0);
	pv_k1(SYS_umask, old);
	fr->umask = (uint32_t)old & 0777;
}

/* Whether this process starts a run (the purevirt command checking the
 * layers, or the first program): later processes find the run's shared
 * memory handed on to them, and the state loaded already. */
static int starts_the_run(void)
{
	const struct pv_start_info *si = pv_start_info();
	return !si->envp || !rt_getenv(si->envp, "PUREVIRT_SHM_FD");
}

/* Before the run: the state file reads as fakeroot's format, and can be
 * written at the end (it, or the directory that will hold it). */
static int check_statefile(char *path, char *err, unsigned long errlen)
{
	long r = fr_db_load(NULL, path, err, errlen);
	if (r < 0 && r != -ENOENT)
		return -EINVAL;
	char *slash = (char *)rt_strchr(path, 0);
	while (slash > path && *slash != '/')
		slash--;
	if (r == -ENOENT)
		*slash = 0; /* its directory; "/" for a file in the root */
	long a = pv_k4(SYS_faccessat, AT_FDCWD, *path ? path : "/", W_OK, 0);
	if (r == -ENOENT)
		*slash = '/';
	if (a < 0) {
		struct rt_buf e = { .p = err, .cap = errlen - 1 };
		rt_printf(&e, "state file '%s' cannot be written%s: %s", path,
			  r == -ENOENT ? " (its directory)" : "", fr_errtext(a));
		err[e.len] = 0;
		return -EINVAL;
	}
	return 0;
}

int pv_fakeroot_init(const char *args, struct pv_layer *layer, char *err,
		     unsigned long errlen)
{
	struct fakeroot *fr = rt_alloc(sizeof *fr);
	if (!fr)
		return -ENOMEM;
	if (args && !*args)
		return rt_reason(err, errlen, "empty state file name (fakeroot:STATEFILE)", "", NULL);
	if (args) {
		/* absolute now: the program may change directory before the
		 * run's first process saves the state at its end */
		struct rt_buf b = RT_BUF(fr->statefile);
		if (args[0] != '/') {
			if (pv_k2(SYS_getcwd, fr->statefile, sizeof fr->statefile) < 0)
				return rt_reason(err, errlen, "cannot tell the current directory for ", args, NULL);
			b.len = rt_strlen(fr->statefile);
			if (b.len > 1)
				rt_putc(&b, '/');
		}
		rt_puts(&b, args);
		if (b.overflow || b.len >= b.cap)
			return rt_reason(err, errlen, "state file name too long: ", args, NULL);
		fr->statefile[b.len] = 0;
		if (starts_the_run() && check_statefile(fr->statefile, err, errlen) < 0)
			return -EINVAL;
	}
	*layer = (struct pv_layer){ .name = "fakeroot",
				    .handler = fakeroot_handler,
				    .data = fr,
				    .on_signal = fakeroot_signal,
				    .start = fakeroot_start };
	return 0;
}
