/* test_libc_dirent.c - the libc path's directory streams against glibc's.
 *
 * In this binary opendir, readdir and the rest are purevirt's; glibc's are
 * reached with dlsym(RTLD_NEXT).  Both list the same directories and the
 * results are compared: names, types, inode numbers, telldir cookies,
 * errno values, descriptor flags.  A counting layer shows that the calls
 * reach the layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "transcript.h"

#include "dispatch.h"
#include "purevirt.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

/* readdir_r is deprecated in the headers; these names bind to the same
 * symbols without the deprecation. */
extern int our_readdir_r(DIR *, struct dirent *, struct dirent **) __asm__("readdir_r");
extern int our_readdir64_r(DIR *, struct dirent64 *, struct dirent64 **)
	__asm__("readdir64_r");

/* ---- the counting layer ---- */

#define MAX_NR 512
static volatile int counting;
static long counts[MAX_NR];
static long getdents_size;

/* When set, the layer plays a file system that reports this entry as
 * deleted (d_ino 0), which a real one rarely does on demand. */
static const char *deleted_name;

static void mark_deleted(char *buf, long len)
{
	for (long off = 0; off < len;) {
		struct dirent64 *e = (struct dirent64 *)(void *)(buf + off);
		if (!strcmp(e->d_name, deleted_name))
			e->d_ino = 0;
		off += e->d_reclen;
	}
}

static long count_handler(struct pv_syscall *call, void *data)
{
	(void)data;
	if (counting && call->nr >= 0 && call->nr < MAX_NR) {
		__atomic_fetch_add(&counts[call->nr], 1, __ATOMIC_RELAXED);
		if (call->nr == SYS_getdents64)
			getdents_size = call->arg[2];
	}
	long r = pv_next(call);
	if (deleted_name && call->nr == SYS_getdents64 && r > 0)
		mark_deleted((char *)call->arg[1], r);
	return r;
}

/* ---- the two implementations ---- */

struct impl {
	const char *name;
	DIR *(*open)(const char *);
	DIR *(*fdopen)(int);
	struct dirent *(*read)(DIR *);
	struct dirent64 *(*read64)(DIR *);
	int (*read_r)(DIR *, struct dirent *, struct dirent **);
	int (*read64_r)(DIR *, struct dirent64 *, struct dirent64 **);
	long (*tell)(DIR *);
	void (*seek)(DIR *, long);
	void (*rewind)(DIR *);
	int (*close)(DIR *);
	int (*fd)(DIR *);
	int (*scan)(const char *, struct dirent ***, int (*)(const struct dirent *),
		    int (*)(const struct dirent **, const struct dirent **));
	int (*scan64)(const char *, struct dirent64 ***,
		      int (*)(const struct dirent64 *),
		      int (*)(const struct dirent64 **, const struct dirent64 **));
	int (*scanat)(int, const char *, struct dirent ***,
		      int (*)(const struct dirent *),
		      int (*)(const struct dirent **, const struct dirent **));
};

static struct impl ours = {
	"purevirt", opendir, fdopendir, readdir, readdir64, our_readdir_r,
	our_readdir64_r, telldir, seekdir, rewinddir, closedir, dirfd,
	scandir, scandir64, scandirat,
};
static struct impl theirs = { .name = "glibc" };
static char dir[64];
static char bigdir[128];

#define NEXT(field, name) theirs.field = (__typeof__(theirs.field))dlsym(RTLD_NEXT, name)

static int resolve_glibc(void)
{
	NEXT(open, "opendir");
	NEXT(fdopen, "fdopendir");
	NEXT(read, "readdir");
	NEXT(read64, "readdir64");
	NEXT(read_r, "readdir_r");
	NEXT(read64_r, "readdir64_r");
	NEXT(tell, "telldir");
	NEXT(seek, "seekdir");
	NEXT(rewind, "rewinddir");
	NEXT(close, "closedir");
	NEXT(fd, "dirfd");
	NEXT(scan, "scandir");
	NEXT(scan64, "scandir64");
	NEXT(scanat, "scandirat");
	void **p = (void **)&theirs.open;
	for (size_t i = 0; i < 14; i++)
		if (!p[i])
			return -1;
	return 0;
}

/* ---- listings ---- */

static int by_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry as "name type inode", sorted: getdents64 order is the
 * file system's, the same for both, but sorting keeps the comparison about
 * content. */
static void listing(const struct impl *im, const char *path, int use64, struct rec *r)
{
	errno = 0;
	DIR *d = im->open(path);
	if (!d) {
		rec(r, "open %s: errno=%d\n", path, errno);
		return;
	}
	char **lines = NULL;
	size_t n = 0;
	for (;;) {
		const char *name;
		unsigned type;
		unsigned long ino;
		if (use64) {
			struct dirent64 *e = im->read64(d);
			if (!e)
				break;
			name = e->d_name, type = e->d_type, ino = (unsigned long)e->d_ino;
		} else {
			struct dirent *e = im->read(d);
			if (!e)
				break;
			name = e->d_name, type = e->d_type, ino = (unsigned long)e->d_ino;
		}
		lines = realloc(lines, (n + 1) * sizeof *lines);
		assert_non_null(lines);
		assert_true(asprintf(&lines[n++], "%s %u %lu", name, type, ino) > 0);
	}
	qsort(lines, n, sizeof *lines, by_line);
	rec(r, "%s: %zu entries\n", path, n);
	for (size_t i = 0; i < n; i++) {
		rec(r, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	rec(r, "closedir=%d\n", im->close(d));
}

static void make_typed_dir(void)
{
	char p[512];
	snprintf(p, sizeof p, "%s/types", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/types/file", dir);
	close(open(p, O_WRONLY | O_CREAT, 0644));
	snprintf(p, sizeof p, "%s/types/subdir", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/types/link", dir);
	symlink("file", p);
	snprintf(p, sizeof p, "%s/types/fifo", dir);
	mkfifo(p, 0644);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/types/sock", dir);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(s, (struct sockaddr *)&sa, sizeof sa);
	close(s);
	snprintf(p, sizeof p, "%s/types/%0200d", dir, 7); /* a long name */
	close(open(p, O_WRONLY | O_CREAT, 0644));
	/* the longest: its record is longer than struct dirent's name */
	snprintf(p, sizeof p, "%s/types/%0255d", dir, 8);
	close(open(p, O_WRONLY | O_CREAT, 0644));
}

static void test_listings(void **state)
{
	(void)state;
	char types[128];
	snprintf(types, sizeof types, "%s/types", dir);
	const char *paths[] = { "/etc", "/usr/include", "/dev", "/", types, bigdir,
				"/nonexistent", "/etc/passwd", "" };
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		for (int use64 = 0; use64 < 2; use64++) {
			struct rec a = { 0 }, b = { 0 };
			listing(&ours, paths[i], use64, &a);
			listing(&theirs, paths[i], use64, &b);
			same_transcript(&a, &b);
		}
	}
}

/* ---- positions ---- */

struct pos {
	long cookie;
	char name[256];
};

/* Each entry with the telldir value after it, in reading order. */
static size_t walk(const struct impl *im, DIR *d, struct pos *out, size_t max)
{
	size_t n = 0;
	struct dirent *e;
	while (n < max && (e = im->read(d))) {
		snprintf(out[n].name, sizeof out[n].name, "%s", e->d_name);
		out[n].cookie = im->tell(d);
		n++;
	}
	return n;
}

static void positions_transcript(const struct impl *im, const char *path, struct rec *r)
{
	static struct pos p[4000];
	DIR *d = im->open(path);
	assert_non_null(d);
	rec(r, "tell0=%ld\n", im->tell(d));
	size_t n = walk(im, d, p, 4000);
	rec(r, "n=%zu\n", n);
	for (size_t i = 0; i < n; i++)
		rec(r, "%s %ld\n", p[i].name, p[i].cookie);
	/* back to every recorded place, in a scattered order */
	for (size_t k = 0; k + 1 < n; k++) {
		size_t i = (k * 7919) % (n - 1);
		im->seek(d, p[i].cookie);
		rec(r, "seek-tell=%d", im->tell(d) == p[i].cookie);
		struct dirent *e = im->read(d);
		rec(r, " next=%s ok=%d\n", e ? e->d_name : "(null)",
		    e && !strcmp(e->d_name, p[i + 1].name));
	}
	im->rewind(d);
	rec(r, "rewind-tell=%ld\n", im->tell(d));
	struct dirent *e = im->read(d);
	rec(r, "first-again=%s\n", e ? e->d_name : "(null)");
	im->seek(d, 0);
	e = im->read(d);
	rec(r, "seek0=%s\n", e ? e->d_name : "(null)");
	errno = 4242;
	while (im->read(d))
		;
	rec(r, "errno-at-end=%d tell-at-end=%ld\n", errno, im->tell(d));
	im->close(d);
}

static void test_telldir_seekdir(void **state)
{
	(void)state;
	const char *paths[] = { bigdir, "/etc", "/usr/include" };
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct rec a = { 0 }, b = { 0 };
		positions_transcript(&ours, paths[i], &a);
		positions_transcript(&theirs, paths[i], &b);
		same_transcript(&a, &b);
	}
}

/* ---- readdir_r ---- */

static void reentrant_transcript(const struct impl *im, const char *path, struct rec *r)
{
	DIR *d = im->open(path);
	assert_non_null(d);
	struct dirent entry, *res = NULL;
	int ret, n = 0;
	while ((ret = im->read_r(d, &entry, &res)) == 0 && res) {
		assert_ptr_equal(res, &entry);
		rec(r, "%s %u %u\n", entry.d_name, entry.d_type, entry.d_reclen);
		n++;
	}
	rec(r, "ret=%d res=%p n=%d\n", ret, (void *)res, n);
	im->rewind(d);
	struct dirent64 e64, *r64 = NULL;
	n = 0;
	while ((ret = im->read64_r(d, &e64, &r64)) == 0 && r64)
		n++;
	rec(r, "64: ret=%d n=%d\n", ret, n);
	im->close(d);
}

static void test_readdir_r(void **state)
{
	(void)state;
	char types[128];
	snprintf(types, sizeof types, "%s/types", dir);
	const char *paths[] = { types, bigdir, "/etc" };
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct rec a = { 0 }, b = { 0 };
		reentrant_transcript(&ours, paths[i], &a);
		reentrant_transcript(&theirs, paths[i], &b);
		same_transcript(&a, &b);
	}
}

/* ---- errors and descriptors ---- */

static void fd_state(struct rec *r, const char *what, int fd)
{
	rec(r, "%s: fl=%#x fd=%d\n", what, fcntl(fd, F_GETFL) & ~O_LARGEFILE,
	    fcntl(fd, F_GETFD));
}

static void fdopen_case(const struct impl *im, struct rec *r, const char *path,
			int flags)
{
	int fd = path ? open(path, flags) : flags;
	errno = 0;
	DIR *d = im->fdopen(fd);
	rec(r, "fdopendir(%s, %#x): %s errno=%d\n", path ? path : "-", flags,
	    d ? "ok" : "NULL", d ? 0 : errno);
	if (!d) {
		if (path)
			close(fd);
		return;
	}
	rec(r, "dirfd-same=%d\n", im->fd(d) == fd);
	fd_state(r, "after fdopendir", fd);
	errno = 0;
	struct dirent *e = im->read(d);
	rec(r, "readdir=%s errno=%d\n", e ? "entry" : "NULL", errno);
	rec(r, "closedir=%d closed=%d\n", im->close(d), fcntl(fd, F_GETFD) == -1);
}

static void errors_transcript(const struct impl *im, struct rec *r)
{
	const char *bad[] = { "/nonexistent", "/etc/passwd", "", "/etc/passwd/x" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		errno = 0;
		DIR *d = im->open(bad[i]);
		rec(r, "opendir(%s)=%s errno=%d\n", bad[i], d ? "ok" : "NULL", errno);
	}
	DIR *d = im->open("/etc");
	fd_state(r, "opendir", im->fd(d));
	im->close(d);
	fdopen_case(im, r, "/etc", O_RDONLY);
	fdopen_case(im, r, "/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fdopen_case(im, r, "/etc", O_PATH);
	fdopen_case(im, r, "/etc/passwd", O_RDONLY);
	fdopen_case(im, r, "/etc/passwd", O_PATH);
	fdopen_case(im, r, NULL, 987);
	fdopen_case(im, r, NULL, -1);

	/* a directory removed while open reads as empty; errno untouched */
	char gone[128];
	snprintf(gone, sizeof gone, "%s/gone-%s", dir, im->name);
	mkdir(gone, 0755);
	d = im->open(gone);
	rmdir(gone);
	errno = 77;
	struct dirent *e = im->read(d);
	rec(r, "removed: %s errno=%d\n", e ? e->d_name : "NULL", errno);
	im->close(d);
	errno = 0;
	rec(r, "closedir(NULL)=%d errno=%d\n", im->close(NULL), errno);
}

static void test_errors(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	errors_transcript(&ours, &a);
	errors_transcript(&theirs, &b);
	same_transcript(&a, &b);
}

/* ---- scandir ---- */

static int no_dots(const struct dirent *e) { return e->d_name[0] != '.'; }
static int no_dots64(const struct dirent64 *e) { return e->d_name[0] != '.'; }
static int noisy(const struct dirent *e)
{
	errno = EIO; /* glibc ignores what a filter leaves in errno */
	return e->d_name[0] != 'f';
}

static void scan_list(struct rec *r, const char *what, int n, struct dirent **list)
{
	rec(r, "%s: n=%d errno=%d\n", what, n, n < 0 ? errno : 0);
	for (int i = 0; i < n; i++) {
		rec(r, "  %s %u\n", list[i]->d_name, list[i]->d_type);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static void scan_transcript(const struct impl *im, struct rec *r)
{
	char types[128];
	snprintf(types, sizeof types, "%s/types", dir);
	struct dirent **list;
	struct dirent64 **list64;
	errno = 33;
	int n = im->scan(types, &list, no_dots, alphasort);
	rec(r, "errno-kept=%d\n", errno);
	scan_list(r, "filter+alphasort", n, list);
	n = im->scan(types, &list, NULL, versionsort);
	scan_list(r, "versionsort", n, list);
	errno = 0;
	n = im->scan(types, &list, noisy, alphasort);
	rec(r, "noisy errno=%d\n", errno);
	scan_list(r, "noisy", n, list);
	n = im->scan(bigdir, &list, NULL, NULL);
	rec(r, "unsorted n=%d\n", n);
	for (int i = 0; i < n; i++)
		free(list[i]);
	if (n >= 0)
		free(list);
	n = im->scan64(types, &list64, no_dots64, alphasort64);
	scan_list(r, "scandir64", n, (struct dirent **)(void *)list64);
	n = im->scan("/nonexistent", &list, NULL, alphasort);
	scan_list(r, "missing", n, list);
	n = im->scan("/etc/passwd", &list, NULL, alphasort);
	scan_list(r, "notdir", n, list);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	n = im->scanat(dfd, "types", &list, no_dots, alphasort);
	scan_list(r, "scandirat", n, list);
	close(dfd);
	n = im->scanat(987, "types", &list, NULL, alphasort);
	scan_list(r, "scandirat-badfd", n, list);
}

static void test_scandir(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	scan_transcript(&ours, &a);
	scan_transcript(&theirs, &b);
	same_transcript(&a, &b);
	/* the 64-bit at-variant, against ours without it */
	struct dirent64 **l64;
	struct dirent **l;
	char types[128];
	snprintf(types, sizeof types, "%s/types", dir);
	int n = scandirat64(AT_FDCWD, types, &l64, no_dots64, alphasort64);
	int m = scandir(types, &l, no_dots, alphasort);
	assert_int_equal(n, m);
	for (int i = 0; i < n; i++) {
		assert_string_equal(l64[i]->d_name, l[i]->d_name);
		free(l64[i]);
		free(l[i]);
	}
	free(l64);
	free(l);
}

/* ---- entries the file system reports deleted ---- */

static int count_entries(const char *path, const char *skip)
{
	DIR *d = opendir(path);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		assert_string_not_equal(e->d_name, skip);
		n++;
	}
	rewinddir(d);
	struct dirent entry, *res;
	int m = 0;
	while (our_readdir_r(d, &entry, &res) == 0 && res) {
		assert_string_not_equal(entry.d_name, skip);
		m++;
	}
	assert_int_equal(n, m);
	closedir(d);
	return n;
}

static void test_deleted_entries(void **state)
{
	(void)state;
	char types[128];
	snprintf(types, sizeof types, "%s/types", dir);
	int all = count_entries(types, "");
	deleted_name = "file";
	int seen = count_entries(types, "file");
	deleted_name = NULL;
	assert_int_equal(seen, all - 1); /* skipped, as glibc skips d_ino 0 */
}

/* ---- one DIR, two threads ---- */

struct shared_walk {
	DIR *d;
	char (*names)[64];
	size_t n;
	pthread_mutex_t lock;
};

static void *reader(void *arg)
{
	/* its own runtime block, in case pthread_create is not wrapped */
	pv_thread_begin();
	struct shared_walk *w = arg;
	/* readdir's record may be overwritten by another thread's refill;
	 * readdir_r copies it under the DIR's lock */
	struct dirent e, *res;
	while (our_readdir_r(w->d, &e, &res) == 0 && res) {
		pthread_mutex_lock(&w->lock);
		snprintf(w->names[w->n++], sizeof w->names[0], "%.63s", e.d_name);
		pthread_mutex_unlock(&w->lock);
	}
	return NULL;
}

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

/* Races are a matter of chance: a few rounds give them room. */
static void test_threads(void **state)
{
	(void)state;
	static char names[8000][64];
	struct dirent **list;
	int n = theirs.scan(bigdir, &list, NULL, NULL);
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	for (int round = 0; round < 10; round++) {
		struct shared_walk w = { .d = opendir(bigdir), .names = names };
		pthread_mutex_init(&w.lock, NULL);
		assert_non_null(w.d);
		pthread_t t[4];
		for (int i = 0; i < 4; i++)
			pthread_create(&t[i], NULL, reader, &w);
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
		closedir(w.d);
		/* every entry exactly once, as glibc lists them */
		assert_int_equal((size_t)n, w.n);
		qsort(names, w.n, sizeof names[0], by_name);
		for (size_t i = 1; i < w.n; i++)
			assert_true(strcmp(names[i - 1], names[i]) < 0);
	}
}

/* ---- the layers see it all ---- */

static void test_reaches_layers(void **state)
{
	(void)state;
	memset(counts, 0, sizeof counts);
	counting = 1;
	DIR *d = opendir(bigdir);
	assert_non_null(d);
	size_t n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	counting = 0;
	assert_true(n > 3000);
	assert_int_equal(counts[SYS_openat], 1);
	assert_int_equal(counts[SYS_newfstatat], 1);
	assert_true(counts[SYS_getdents64] >= 3); /* several buffers and the end */
	assert_int_equal(counts[SYS_close], 1);
	/* glibc's buffer: st_blksize, at least 32 KiB, at most 1 MiB */
	struct stat st;
	assert_int_equal(stat(bigdir, &st), 0);
	long want = st.st_blksize > 32768 ? st.st_blksize : 32768;
	assert_int_equal(getdents_size, want > 1048576 ? 1048576 : want);

	/* the control: glibc's own opendir is invisible to the layers */
	memset(counts, 0, sizeof counts);
	counting = 1;
	d = theirs.open(bigdir);
	while (theirs.read(d))
		;
	theirs.close(d);
	counting = 0;
	assert_int_equal(counts[SYS_openat] + counts[SYS_getdents64] + counts[SYS_close], 0);
}

/* ---- setup ---- */

static void make_big_dir(void)
{
	snprintf(bigdir, sizeof bigdir, "%s/big", dir);
	mkdir(bigdir, 0755);
	for (int i = 0; i < 3500; i++) {
		char p[256];
		snprintf(p, sizeof p, "%s/entry-with-a-longish-name-%05d", bigdir, i);
		close(open(p, O_WRONLY | O_CREAT, 0644));
	}
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		unlink(path);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	closedir(d);
	rmdir(path);
}

int main(void)
{
	if (pv_set_mode(PV_MODE_LIBC) != 0)
		return 1;
	struct pv_layer layer = { .name = "count", .handler = count_handler };
	if (pv_push(&layer) < 1 || resolve_glibc() < 0)
		return 1;
	snprintf(dir, sizeof dir, "/tmp/pv-dirent-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	make_typed_dir();
	make_big_dir();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listings),
		cmocka_unit_test(test_telldir_seekdir),
		cmocka_unit_test(test_readdir_r),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_scandir),
		cmocka_unit_test(test_deleted_entries),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_reaches_layers),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	remove_tree(dir);
	return failed;
}
