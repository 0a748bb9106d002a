/* fakeroot_db.c - the fakeroot layer's records, shared by the whole run.
 *
 * The records live in one pv_shared region that every process of the run
 * maps (it is inherited across fork and exec), so a file chowned by one
 * process of `make -j2` reads as chowned in the other: no daemon, no
 * messages.  The table is open addressing with linear probing, keyed by
 * (device, inode).
 *
 * Locking.  Readers (every stat of the program) take no lock: they read
 * under a sequence count and retry when a writer was at work, so parallel
 * stats never contend.  Writers (chown, chmod, mknod, the last unlink of a
 * remembered file) take a futex lock that lives in the shared memory and
 * holds the owner's thread id, with every signal blocked: a program's
 * signal handler runs at the top of the stack and may come back into this
 * layer, which must not find the lock held by its own thread.  A holder
 * killed in its few hundred nanoseconds (SIGKILL cannot be blocked) is
 * found dead by the next writer, which takes the lock over rather than let
 * the whole run hang.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fakeroot_db.h"
#include "dispatch.h"
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

/* 2^17 records of 64 bytes: 8 MiB of the run's shared memory, touched only
 * as far as it is used.  A package build chowns every file it ships;
 * 118 000 files fit before the table counts as full (90%). */
#define SLOT_BITS 17
#define NSLOTS (1u << SLOT_BITS)
#define MAX_USED (NSLOTS / 10 * 9)
#define EXEC_SLOTS 1024
#define PATH_BYTES 4096

#define SLOT_WORDS 8
union slot {
	struct {
		struct fr_file f;
		uint32_t used;
		uint32_t pad;
	} s;
	uint64_t w[SLOT_WORDS]; /* what readers copy, word by word */
};
_Static_assert(sizeof(union slot) == SLOT_WORDS * 8, "a slot is eight words");

struct exec_slot {
	int32_t pid;
	uint32_t ids[FR_NIDS];
};

struct fr_db {
	_Atomic uint32_t seq;     /* odd while a writer changes the table */
	_Atomic int32_t owner;    /* the writer's thread id, 0 when free */
	_Atomic uint32_t waiters;
	_Atomic uint32_t count;   /* records in use */
	_Atomic int32_t ready;    /* 0 new, 1 being set up, 2 ready */
	int32_t saver;
	char statefile[PATH_BYTES];
	struct exec_slot exec[EXEC_SLOTS];
	union slot slot[NSLOTS];
};

/* ---- the lock ---- */

static int thread_alive(int32_t tid)
{
	return pv_k2(SYS_kill, tid, 0) != -ESRCH;
}

static void block_signals(unsigned long *saved)
{
	unsigned long all = ~0UL;
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, &all, saved, sizeof all);
}

static void restore_signals(const unsigned long *saved)
{
	pv_k4(SYS_rt_sigprocmask, SIG_SETMASK, saved, NULL, sizeof *saved);
}

static void writer_lock(struct fr_db *db, unsigned long *saved)
{
	block_signals(saved);
	int32_t me = (int32_t)pv_k0(SYS_gettid);
	for (unsigned spin = 0;; spin++) {
		int32_t cur = 0;
		if (atomic_compare_exchange_strong(&db->owner, &cur, me))
			break;
		if (spin < 64) {
			__builtin_ia32_pause();
			continue;
		}
		atomic_fetch_add(&db->waiters, 1);
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		long r = pv_k6(SYS_futex, &db->owner, FUTEX_WAIT, cur, &ts, 0, 0);
		atomic_fetch_sub(&db->waiters, 1);
		if (r == -ETIMEDOUT && !thread_alive(cur) &&
		    atomic_compare_exchange_strong(&db->owner, &cur, me))
			break; /* its holder was killed: take it over */
	}
	/* a dead holder may have left the count odd: it stays odd, we are
	 * the writer now */
	if (!(atomic_load(&db->seq) & 1))
		atomic_fetch_add(&db->seq, 1);
}

static void writer_unlock(struct fr_db *db, const unsigned long *saved)
{
	atomic_fetch_add(&db->seq, 1);
	atomic_store(&db->owner, 0);
	if (atomic_load(&db->waiters))
		pv_k6(SYS_futex, &db->owner, FUTEX_WAKE, 1, 0, 0, 0);
	restore_signals(saved);
}

static uint32_t read_begin(struct fr_db *db)
{
	for (unsigned spin = 0;; spin++) {
		uint32_t s = atomic_load_explicit(&db->seq, memory_order_acquire);
		if (!(s & 1))
			return s;
		if (spin < 128) {
			__builtin_ia32_pause();
			continue;
		}
		pv_k0(SYS_sched_yield);
		int32_t o = atomic_load(&db->owner);
		if ((spin & 255) == 0 && o && !thread_alive(o)) {
			unsigned long m;
			writer_lock(db, &m); /* repairs the count */
			writer_unlock(db, &m);
		}
	}
}

static int read_again(struct fr_db *db, uint32_t s)
{
	atomic_thread_fence(memory_order_acquire);
	return atomic_load_explicit(&db->seq, memory_order_relaxed) != s;
}

/* ---- the table ---- */

static uint32_t home(uint64_t dev, uint64_t ino)
{
	uint64_t h = ino * 0x9e3779b97f4a7c15ULL ^ dev * 0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 29;
	return (uint32_t)(h >> (64 - SLOT_BITS));
}

static void slot_load(const union slot *src, union slot *dst)
{
	for (int i = 0; i < SLOT_WORDS; i++)
		dst->w[i] = __atomic_load_n(&src->w[i], __ATOMIC_RELAXED);
}

static void slot_store(union slot *dst, const union slot *src)
{
	for (int i = 0; i < SLOT_WORDS; i++)
		__atomic_store_n(&dst->w[i], src->w[i], __ATOMIC_RELAXED);
}

/* The slot holding the key, or the empty slot where it would go. */
static uint32_t probe(struct fr_db *db, uint64_t dev, uint64_t ino, int *found)
{
	uint32_t i = home(dev, ino);
	for (uint32_t n = 0; n < NSLOTS; n++, i = (i + 1) & (NSLOTS - 1)) {
		const union slot *s = &db->slot[i];
		if (!s->s.used)
			break;
		if (s->s.f.dev == dev && s->s.f.ino == ino) {
			*found = 1;
			return i;
		}
	}
	*found = 0;
	return i;
}

/* Backward-shift deletion: linear probing keeps no tombstones, so a table
 * that sees many files come and go does not fill up with them. */
static void remove_at(struct fr_db *db, uint32_t i)
{
	const uint32_t mask = NSLOTS - 1;
	union slot empty = { 0 };
	for (uint32_t j = i;;) {
		j = (j + 1) & mask;
		const union slot *s = &db->slot[j];
		if (!s->s.used)
			break;
		uint32_t k = home(s->s.f.dev, s->s.f.ino);
		/* the entry at j may move to i when its home is not in (i, j] */
		int stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
		if (!stays) {
			slot_store(&db->slot[i], s);
			i = j;
		}
	}
	slot_store(&db->slot[i], &empty);
	atomic_fetch_sub(&db->count, 1);
}

/* A record is another file's when the inode now holds a file of another
 * type (a remembered device is a plain file underneath) or was born at
 * another time: the inode number was freed and given to a new file where
 * this layer could not see it (another program, or an earlier run whose
 * records were loaded). */
static int stale(const struct fr_file *f, const struct fr_live *l)
{
	uint32_t rt = f->mode & S_IFMT, lt = l->mode & S_IFMT;
	if (l->mode && rt != lt && !((rt == S_IFCHR || rt == S_IFBLK) && lt == S_IFREG))
		return 1;
	return f->has_btime && l->has_btime &&
	       (f->btime_sec != l->btime_sec || f->btime_nsec != l->btime_nsec);
}

int fr_db_empty(const struct fr_db *db)
{
	return atomic_load_explicit(&((struct fr_db *)db)->count,
				    memory_order_relaxed) == 0;
}

/* A lock-free copy of the record for a key: 1, or 0 when there is none. */
static int lookup(struct fr_db *db, uint64_t dev, uint64_t ino, union slot *copy)
{
	int found;
	for (;;) {
		uint32_t s = read_begin(db);
		found = 0;
		uint32_t i = home(dev, ino);
		for (uint32_t n = 0; n < NSLOTS; n++, i = (i + 1) & (NSLOTS - 1)) {
			slot_load(&db->slot[i], copy);
			if (!copy->s.used)
				break;
			if (copy->s.f.dev == dev && copy->s.f.ino == ino) {
				found = 1;
				break;
			}
		}
		if (!read_again(db, s))
			return found;
	}
}

int fr_db_get(struct fr_db *db, const struct fr_live *live, struct fr_file *out)
{
	union slot copy;
	if (!lookup(db, live->dev, live->ino, &copy))
		return 0;
	if (stale(&copy.s.f, live))
		return -1;
	*out = copy.s.f;
	return 1;
}

static void fill_new(struct fr_file *f, const struct fr_live *l)
{
	*f = (struct fr_file){ .dev = l->dev, .ino = l->ino, .rdev = l->rdev,
			       .btime_sec = l->btime_sec,
			       .btime_nsec = l->btime_nsec,
			       .has_btime = l->has_btime, .mode = l->mode,
			       .nlink = l->nlink };
}

int fr_db_change(struct fr_db *db, const struct fr_live *live, fr_apply_fn *apply,
		 const void *arg)
{
	unsigned long m;
	int r = 0, found;
	writer_lock(db, &m);
	uint32_t i = probe(db, live->dev, live->ino, &found);
	union slot s;
	if (found) {
		s = db->slot[i];
		if (stale(&s.s.f, live)) {
			found = 0;
			fill_new(&s.s.f, live);
		} else {
			s.s.f.nlink = live->nlink;
			if (!s.s.f.has_btime && live->has_btime) {
				s.s.f.has_btime = 1; /* first sight since a load */
				s.s.f.btime_sec = live->btime_sec;
				s.s.f.btime_nsec = live->btime_nsec;
			}
		}
		apply(&s.s.f, found, arg);
		slot_store(&db->slot[i], &s);
	} else if (atomic_load(&db->count) >= MAX_USED) {
		r = -ENOSPC;
	} else {
		s = (union slot){ 0 };
		fill_new(&s.s.f, live);
		s.s.used = 1;
		apply(&s.s.f, 0, arg);
		slot_store(&db->slot[i], &s);
		atomic_fetch_add(&db->count, 1);
	}
	writer_unlock(db, &m);
	return r;
}

void fr_db_forget(struct fr_db *db, const struct fr_live *live, int how)
{
	unsigned long m;
	int found;
	union slot copy;
	if (!lookup(db, live->dev, live->ino, &copy))
		return; /* the common case, and no lock for it */
	writer_lock(db, &m);
	uint32_t i = probe(db, live->dev, live->ino, &found);
	if (found) {
		const struct fr_file *f = &db->slot[i].s.f;
		int same_birth = f->has_btime && live->has_btime &&
				 f->btime_sec == live->btime_sec &&
				 f->btime_nsec == live->btime_nsec;
		if (how == FR_FORGET_GONE || (how == FR_FORGET_STALE && stale(f, live)) ||
		    (how == FR_FORGET_NEW && !same_birth))
			remove_at(db, i);
	}
	writer_unlock(db, &m);
}

/* ---- ids across exec ---- */

void fr_db_put_exec_ids(struct fr_db *db, int pid, const uint32_t ids[FR_NIDS])
{
	unsigned long m;
	writer_lock(db, &m);
	int at = -1;
	for (int i = 0; i < EXEC_SLOTS && at < 0; i++)
		if (db->exec[i].pid == pid)
			at = i;
	for (int i = 0; i < EXEC_SLOTS && at < 0; i++)
		if (!db->exec[i].pid)
			at = i;
	/* slots of processes whose exec failed and that died since */
	for (int i = 0; i < EXEC_SLOTS && at < 0; i++)
		if (pv_k2(SYS_kill, db->exec[i].pid, 0) == -ESRCH)
			at = i;
	if (at >= 0) {
		db->exec[at].pid = pid;
		rt_memcpy(db->exec[at].ids, ids, sizeof db->exec[at].ids);
	}
	writer_unlock(db, &m);
}

int fr_db_take_exec_ids(struct fr_db *db, int pid, uint32_t ids[FR_NIDS])
{
	unsigned long m;
	int found = 0;
	writer_lock(db, &m);
	for (int i = 0; i < EXEC_SLOTS; i++)
		if (db->exec[i].pid == pid) {
			rt_memcpy(ids, db->exec[i].ids, sizeof db->exec[i].ids);
			db->exec[i].pid = 0;
			found = 1;
			break;
		}
	writer_unlock(db, &m);
	return found;
}

/* ---- the state file ---- */

int fr_db_saver(const struct fr_db *db) { return db->saver; }
const char *fr_db_statefile(const struct fr_db *db) { return db->statefile; }

/* Numbers in the bases fakeroot's format uses, without the prefixes the
 * rt_buf helpers add. */
static void put_base(struct rt_buf *b, uint64_t v, unsigned base)
{
	char d[24];
	int n = 0;
	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		rt_putc(b, d[--n]);
}

static void put_record(struct rt_buf *b, const struct fr_file *f)
{
	static const struct {
		const char *name;
		size_t off;
		unsigned base, wide;
	} fields[] = {
		{ "dev=", offsetof(struct fr_file, dev), 16, 1 },
		{ ",ino=", offsetof(struct fr_file, ino), 10, 1 },
		{ ",mode=", offsetof(struct fr_file, mode), 8, 0 },
		{ ",uid=", offsetof(struct fr_file, uid), 10, 0 },
		{ ",gid=", offsetof(struct fr_file, gid), 10, 0 },
		{ ",nlink=", offsetof(struct fr_file, nlink), 10, 0 },
		{ ",rdev=", offsetof(struct fr_file, rdev), 10, 1 },
	};
	for (size_t i = 0; i < PV_ARRAY_SIZE(fields); i++) {
		const char *p = (const char *)f + fields[i].off;
		uint64_t v = fields[i].wide ? *(const uint64_t *)p : *(const uint32_t *)p;
		rt_puts(b, fields[i].name);
		put_base(b, v, fields[i].base);
	}
	rt_putc(b, '\n');
}

long fr_db_save(struct fr_db *db)
{
	static char buf[65536];
	static _Atomic int saving; /* two threads ending the process at once */
	int idle = 0;
	if (!db->statefile[0] || !atomic_compare_exchange_strong(&saving, &idle, 1))
		return 0;
	long fd = pv_k4(SYS_openat, AT_FDCWD, db->statefile,
			O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		atomic_store(&saving, 0);
		return fd;
	}
	struct rt_buf b = RT_BUF(buf);
	long r = 0;
	for (uint32_t i = 0; i < NSLOTS && r >= 0; i++) {
		union slot copy;
		uint32_t s;
		do {
			s = read_begin(db);
			slot_load(&db->slot[i], &copy);
		} while (read_again(db, s));
		if (!copy.s.used)
			continue;
		if (b.len + 256 > b.cap) {
			r = rt_write_all((int)fd, b.p, b.len);
			b.len = 0;
		}
		put_record(&b, &copy.s.f);
	}
	if (r >= 0 && b.len)
		r = rt_write_all((int)fd, b.p, b.len);
	long c = pv_k1(SYS_close, fd);
	atomic_store(&saving, 0);
	return r < 0 ? r : c;
}

static int parse_num(const char **p, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;
	int any = 0;
	for (;; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			break;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
		any = 1;
	}
	*p = s;
	*out = v;
	return any ? 0 : -1;
}

/* One line of fakeroot's format into f; -1 if it is not one. */
static int parse_record(const char *s, struct fr_file *f)
{
	static const struct {
		const char *name;
		unsigned base;
	} fields[] = {
		{ "dev=", 16 }, { ",ino=", 10 }, { ",mode=", 8 }, { ",uid=", 10 },
		{ ",gid=", 10 }, { ",nlink=", 10 }, { ",rdev=", 10 },
	};
	uint64_t v[PV_ARRAY_SIZE(fields)];
	for (size_t i = 0; i < PV_ARRAY_SIZE(fields); i++) {
		if (!rt_startswith(s, fields[i].name))
			return -1;
		s += rt_strlen(fields[i].name);
		if (parse_num(&s, fields[i].base, &v[i]) < 0)
			return -1;
	}
	if (*s || v[2] > 0xffffffffu || v[3] > 0xffffffffu ||
	    v[4] > 0xffffffffu || v[5] > 0xffffffffu)
		return -1;
	*f = (struct fr_file){ .dev = v[0], .ino = v[1], .mode = (uint32_t)v[2],
			       .uid = (uint32_t)v[3], .gid = (uint32_t)v[4],
			       .nlink = (uint32_t)v[5], .rdev = v[6] };
	return 0;
}

static void insert_loaded(struct fr_db *db, const struct fr_file *f)
{
	int found;
	uint32_t i = probe(db, f->dev, f->ino, &found);
	if (!found && atomic_load(&db->count) >= MAX_USED)
		return;
	union slot s = { 0 };
	s.s.f = *f;
	s.s.used = 1;
	slot_store(&db->slot[i], &s);
	if (!found)
		atomic_fetch_add(&db->count, 1);
}

static long load_error(char *err, size_t errlen, const char *path, long line,
		       const char *why)
{
	struct rt_buf e = { .p = err, .cap = errlen - 1 };
	rt_printf(&e, "state file '%s'", path);
	if (line)
		rt_printf(&e, ", line %ld", line);
	rt_printf(&e, ": %s", why);
	err[e.len] = 0;
	return -EINVAL;
}

static long load_lines(struct fr_db *db, long fd, const char *path, char *err,
		       size_t errlen)
{
	static char buf[65536];
	size_t have = 0;
	long lineno = 0;
	for (;;) {
		long n = pv_k3(SYS_read, fd, buf + have, sizeof buf - 1 - have);
		if (n < 0)
			return n;
		have += (size_t)n;
		if (n == 0 && have && buf[have - 1] != '\n')
			buf[have++] = '\n'; /* a last line without its newline */
		size_t start = 0;
		for (size_t i = 0; i < have; i++) {
			if (buf[i] != '\n')
				continue;
			buf[i] = 0;
			lineno++;
			struct fr_file f;
			if (i > start && parse_record(buf + start, &f) < 0)
				return load_error(err, errlen, path, lineno,
						  "not a fakeroot state line "
						  "(dev=HEX,ino=N,mode=OCT,uid=N,"
						  "gid=N,nlink=N,rdev=N)");
			if (i > start && db)
				insert_loaded(db, &f);
			start = i + 1;
		}
		if (n == 0)
			return 0;
		if (start == 0 && have == sizeof buf - 1)
			return load_error(err, errlen, path, lineno + 1,
					  "line too long");
		for (size_t i = start; i < have; i++) /* the partial line */
			buf[i - start] = buf[i];
		have -= start;
	}
}

const char *fr_errtext(long e)
{
	static const struct {
		long err;
		const char *why;
	} reasons[] = {
		{ -EACCES, "permission denied" },
		{ -EPERM, "operation not permitted" },
		{ -ENOENT, "no such file or directory" },
		{ -EISDIR, "is a directory" },
		{ -ENOTDIR, "a component of the path is not a directory" },
		{ -ELOOP, "too many symbolic links" },
		{ -ENAMETOOLONG, "name too long" },
		{ -EROFS, "read-only file system" },
		{ -ENOSPC, "no space left on device" },
		{ -EDQUOT, "disk quota exceeded" },
		{ -EIO, "input/output error" },
	};
	for (size_t i = 0; i < PV_ARRAY_SIZE(reasons); i++)
		if (reasons[i].err == e)
			return reasons[i].why;
	return "cannot be used";
}

long fr_db_load(struct fr_db *db, const char *path, char *err, size_t errlen)
{
	long fd = pv_k4(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	if (fd == -ENOENT)
		return -ENOENT; /* a first run: fakeroot -s makes the file too */
	long r = fd;
	if (fd >= 0) {
		unsigned long m;
		if (db) /* nobody else runs yet; the lock keeps readers honest */
			writer_lock(db, &m);
		r = load_lines(db, fd, path, err, errlen);
		if (db)
			writer_unlock(db, &m);
		pv_k1(SYS_close, fd);
	}
	if (r < 0 && r != -EINVAL)
		return load_error(err, errlen, path, 0, fr_errtext(r));
	return r;
}

struct fr_db *fr_db_attach(const char *statefile, int *first, char *err,
			   size_t errlen)
{
	struct fr_db *db = pv_shared("fakeroot", sizeof *db);
	if (!db) /* one state per process is still a fakeroot */
		db = rt_alloc(sizeof *db);
	if (!db)
		return NULL;
	int32_t fresh = 0;
	*first = atomic_compare_exchange_strong(&db->ready, &fresh, 1);
	if (!*first) {
		while (atomic_load(&db->ready) != 2)
			pv_k0(SYS_sched_yield);
		return db;
	}
	db->saver = (int32_t)pv_k0(SYS_getpid);
	long r = 0;
	if (statefile && rt_strlen(statefile) < sizeof db->statefile) {
		rt_memcpy(db->statefile, statefile, rt_strlen(statefile) + 1);
		r = fr_db_load(db, statefile, err, errlen);
	}
	atomic_store(&db->ready, 2);
	return r < 0 && r != -ENOENT ? NULL : db;
}
