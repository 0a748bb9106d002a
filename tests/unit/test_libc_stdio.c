/* test_libc_stdio.c - the libc path's FILE streams against glibc's own.
 *
 * In this binary fopen, fdopen, freopen and tmpfile are purevirt's; glibc's
 * are reached with dlsym(RTLD_NEXT).  Each test runs the same operations on
 * a stream of each kind, on two files that start out the same, and compares
 * everything observable: results, errno, positions, descriptor flags and
 * the bytes that end up in the files.  A counting layer shows which calls
 * reach the layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "transcript.h"

#include "libc_path.h"
#include "dispatch.h"
#include "purevirt.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* ---- the counting layer ---- */

#define MAX_NR 512
static volatile int counting;
static long counts[MAX_NR];

/* When set, the layer plays a file system without O_TMPFILE. */
static volatile int no_tmpfile;

static long count_handler(struct pv_syscall *call, void *data)
{
	(void)data;
	if (counting && call->nr >= 0 && call->nr < MAX_NR)
		__atomic_fetch_add(&counts[call->nr], 1, __ATOMIC_RELAXED);
	if (no_tmpfile && call->nr == SYS_openat &&
	    (call->arg[2] & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	return pv_next(call);
}

static void count_start(void)
{
	memset(counts, 0, sizeof counts);
	counting = 1;
}

static void count_stop(void) { counting = 0; }

/* ---- the two implementations ---- */

struct impl {
	const char *name;
	FILE *(*open)(const char *, const char *);
	FILE *(*fdopen)(int, const char *);
	FILE *(*reopen)(const char *, const char *, FILE *);
	FILE *(*tmp)(void);
};

static struct impl ours = { "purevirt", fopen, fdopen, freopen, tmpfile };
static struct impl theirs = { "glibc", NULL, NULL, NULL, NULL };
static char dir[64];

static void resolve_glibc(void)
{
	theirs.open = (FILE * (*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");
	theirs.fdopen = (FILE * (*)(int, const char *))dlsym(RTLD_NEXT, "fdopen");
	theirs.reopen = (FILE * (*)(const char *, const char *, FILE *))
		dlsym(RTLD_NEXT, "freopen");
	theirs.tmp = (FILE * (*)(void))dlsym(RTLD_NEXT, "tmpfile");
}

/* ---- files ---- */

static void path_of(char *out, size_t cap, const struct impl *im, const char *tag)
{
	snprintf(out, cap, "%s/%s-%s", dir, tag, im->name);
}

static void write_file(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	size_t n = strlen(content);
	assert_int_equal(write(fd, content, n), (ssize_t)n);
	close(fd);
}

/* The file's bytes, or "<absent>". */
static void read_file(const char *path, char *out, size_t cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(out, cap, "<absent>");
		return;
	}
	ssize_t n = read(fd, out, cap - 1);
	out[n < 0 ? 0 : n] = '\0';
	close(fd);
}

static void rec_state(struct rec *r, FILE *f, const char *op, long v)
{
	rec(r, "%s=%ld err=%d eof=%d", op, v, ferror(f) != 0, feof(f) != 0);
	if (ferror(f))
		rec(r, " errno=%d", errno);
	rec(r, "\n");
	clearerr(f);
}

static void descriptor_state(struct rec *r, FILE *f)
{
	int fd = fileno(f);
	rec(r, "fileno>=0:%d ", fd >= 0);
	if (fd < 0)
		return;
	rec(r, "fl=%#x fd=%#x\n", fcntl(fd, F_GETFL) & ~O_LARGEFILE,
	    fcntl(fd, F_GETFD));
}

/* Reads, writes and moves in every direction; valid for any mode. */
static void exercise(struct rec *r, FILE *f)
{
	char buf[128];
	descriptor_state(r, f);
	errno = 0;
	rec_state(r, f, "fgetc", fgetc(f));
	rec_state(r, f, "fputs", fputs("AB\n", f) >= 0);
	rec_state(r, f, "fflush", fflush(f));
	rec_state(r, f, "ftell", ftell(f));
	rec_state(r, f, "fseek0", fseek(f, 0, SEEK_SET));
	char *s = fgets(buf, sizeof buf, f);
	rec(r, "fgets=%s\n", s ? s : "(null)");
	rec_state(r, f, "ftell", ftell(f));
	rec_state(r, f, "fseekend", fseek(f, -2, SEEK_END));
	rec_state(r, f, "ftell", ftell(f));
	rec_state(r, f, "fputc", fputc('Z', f));
	rec_state(r, f, "ftell", ftell(f));
	rewind(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	rec(r, "fread=%zu [%s]\n", n, buf);
	rec_state(r, f, "ungetc", ungetc('Q', f));
	rec_state(r, f, "fgetc", fgetc(f));
	rec_state(r, f, "fwide", fwide(f, 0));
}

/* Opens `tag` (created first with `initial` unless NULL) with mode, runs the
 * exercise and records everything, including the file afterwards. */
static void mode_transcript(const struct impl *im, const char *tag,
			    const char *initial, const char *mode, struct rec *r)
{
	char path[128], content[4096];
	path_of(path, sizeof path, im, tag);
	unlink(path);
	if (initial)
		write_file(path, initial);
	errno = 0;
	FILE *f = im->open(path, mode);
	rec(r, "open=%s", f ? "ok" : "NULL");
	if (!f) {
		rec(r, " errno=%d\n", errno);
	} else {
		rec(r, "\n");
		exercise(r, f);
		rec(r, "fclose=%d\n", fclose(f));
	}
	read_file(path, content, sizeof content);
	rec(r, "file=[%s]\n", content);
}

static void compare_mode(const char *tag, const char *initial, const char *mode)
{
	struct rec a = { 0 }, b = { 0 };
	mode_transcript(&ours, tag, initial, mode, &a);
	mode_transcript(&theirs, tag, initial, mode, &b);
	if (strcmp(a.s, b.s))
		print_error("mode \"%s\" on %s file\n", mode,
			    initial ? "an existing" : "no");
	same_transcript(&a, &b);
}

static const char *const modes[] = {
	"r", "r+", "w", "w+", "a", "a+", "rb", "rb+", "r+b", "wb", "ab+",
	"re", "we", "ae", "a+e", "wx", "w+x", "ax", "r+x", "rm", "rc", "rbe",
	"rt", "rw", "ra", "r+++", "w+bxe", "wbbbbbbbe", "r,e", "",
	"q", "+", "x", "b", "R", "e",
};

static void test_modes_existing_file(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		compare_mode("modes", "hello\nworld\n", modes[i]);
}

static void test_modes_no_file(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		compare_mode("nofile", NULL, modes[i]);
}

/* ---- errors ---- */

static void compare_open_error(const char *path, const char *mode)
{
	errno = 0;
	FILE *a = fopen(path, mode);
	int ea = errno;
	errno = 0;
	FILE *b = theirs.open(path, mode);
	int eb = errno;
	assert_true((a == NULL) == (b == NULL));
	if (!a)
		assert_int_equal(ea, eb);
	if (a)
		fclose(a);
	if (b)
		fclose(b);
}

static void test_open_errors(void **state)
{
	(void)state;
	char p[128];
	snprintf(p, sizeof p, "%s/errdir", dir);
	mkdir(p, 0755);
	compare_open_error("/nonexistent/x", "r");
	compare_open_error("/nonexistent/x", "w");
	compare_open_error("", "r");
	compare_open_error(p, "w");
	compare_open_error(p, "r+");
	compare_open_error(p, "r");
	compare_open_error("/etc/passwd/x", "r");
	compare_open_error("/etc/passwd", "rx");
	compare_open_error("/etc/passwd", "z");
	compare_open_error("/proc/self/nonexistent", "a");
}

/* ---- positions on a large file ---- */

static void big_transcript(FILE *f, struct rec *r)
{
	char buf[300];
	for (int i = 0; i < 40; i++) {
		long where = (i * 7919L) % 100000;
		int whence = i % 3 == 0 ? SEEK_SET : i % 3 == 1 ? SEEK_CUR : SEEK_END;
		long off = whence == SEEK_SET ? where : whence == SEEK_CUR ? -(i * 31L) : -(i * 1000L);
		rec_state(r, f, "fseek", fseek(f, off, whence));
		rec_state(r, f, "ftell", ftell(f));
		size_t n = fread(buf, 1, (size_t)(i * 7 % 290 + 1), f);
		rec(r, "fread=%zu first=%d\n", n, n ? buf[0] : -1);
		rec_state(r, f, "ftell", ftell(f));
		if (i % 5 == 0) {
			rec_state(r, f, "ungetc", ungetc('u', f));
			rec_state(r, f, "ftell", ftell(f));
		}
		if (i % 4 == 0) {
			rec_state(r, f, "fputs", fputs("<w>", f) >= 0);
			rec_state(r, f, "ftell", ftell(f));
		}
		if (i % 9 == 0) {
			rewind(f);
			rec_state(r, f, "rewind-ftell", ftell(f));
		}
	}
	fpos_t pos;
	rec_state(r, f, "fgetpos", fgetpos(f, &pos));
	fgetc(f);
	rec_state(r, f, "fsetpos", fsetpos(f, &pos));
	rec_state(r, f, "ftell", ftell(f));
	rec_state(r, f, "fseeko", fseeko(f, 123456, SEEK_SET));
	rec_state(r, f, "fgetc-past-end", fgetc(f));
	rec_state(r, f, "fseek-neg", fseek(f, -5, SEEK_SET));
	rec_state(r, f, "ftello", (long)ftello(f));
}

static void big_file(const char *path)
{
	static char data[100000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)('a' + (i * 13 + i / 97) % 26);
	data[sizeof data - 1] = '\0';
	write_file(path, data);
}

static void test_seek_tell(void **state)
{
	(void)state;
	const struct impl *im[2] = { &ours, &theirs };
	struct rec r[2] = { 0 };
	char content[2][4096];
	for (int k = 0; k < 2; k++) {
		char path[128];
		path_of(path, sizeof path, im[k], "big");
		big_file(path);
		FILE *f = im[k]->open(path, "r+");
		assert_non_null(f);
		big_transcript(f, &r[k]);
		assert_int_equal(fclose(f), 0);
		read_file(path, content[k], sizeof content[k]);
	}
	same_transcript(&r[0], &r[1]);
	assert_string_equal(content[0], content[1]);
}

/* ---- append ---- */

static void append_transcript(const struct impl *im, struct rec *r)
{
	char path[128], content[512];
	path_of(path, sizeof path, im, "append");
	write_file(path, "0123456789\n");
	FILE *w = im->open(path, "a");
	FILE *rw = im->open(path, "a+");
	assert_non_null(w);
	assert_non_null(rw);
	rec_state(r, w, "ftell-a", ftell(w));
	rec_state(r, rw, "ftell-a+", ftell(rw));
	fputs("one\n", w);
	rec_state(r, w, "ftell-after-write", ftell(w));
	fflush(w);
	rec_state(r, rw, "fgetc-a+", fgetc(rw));
	fputs("two\n", rw);
	rec_state(r, rw, "ftell-a+-write", ftell(rw));
	fseek(w, 0, SEEK_SET);
	fputs("three\n", w);
	fflush(w);
	fseek(rw, 3, SEEK_SET);
	fputs("four\n", rw);
	fflush(rw);
	rec_state(r, rw, "ftell", ftell(rw));
	fseek(rw, 0, SEEK_SET);
	char buf[64];
	rec(r, "fgets=%s", fgets(buf, sizeof buf, rw));
	fclose(w);
	fclose(rw);
	read_file(path, content, sizeof content);
	rec(r, "file=[%s]\n", content);
}

static void test_append(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	append_transcript(&ours, &a);
	append_transcript(&theirs, &b);
	same_transcript(&a, &b);
}

/* ---- fflush and the descriptor's position ---- */

static void flush_transcript(const struct impl *im, struct rec *r)
{
	char path[128], content[256];
	path_of(path, sizeof path, im, "flush");
	write_file(path, "line one\nline two\nline three\n");
	FILE *f = im->open(path, "r+");
	assert_non_null(f);
	char buf[64];
	fgets(buf, sizeof buf, f);
	rec(r, "fd-pos-before=%ld\n", (long)lseek(fileno(f), 0, SEEK_CUR));
	rec_state(r, f, "fflush", fflush(f));
	/* glibc gives back what it read ahead */
	rec(r, "fd-pos-after=%ld\n", (long)lseek(fileno(f), 0, SEEK_CUR));
	fseek(f, 0, SEEK_CUR);
	fputs("LINE", f);
	read_file(path, content, sizeof content);
	rec(r, "unflushed=[%s]\n", content);
	fflush(f);
	read_file(path, content, sizeof content);
	rec(r, "flushed=[%s]\n", content);
	rec_state(r, f, "fflush-null", fflush(NULL));
	fclose(f);
}

static void test_fflush(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	flush_transcript(&ours, &a);
	flush_transcript(&theirs, &b);
	same_transcript(&a, &b);
}

/* ---- fileno and buffering ---- */

static void test_fileno(void **state)
{
	(void)state;
	FILE *a = fopen("/etc/passwd", "r");
	assert_non_null(a);
	int fa = fileno(a);
	struct stat sa, sp;
	assert_int_equal(fstat(fa, &sa), 0);
	assert_int_equal(stat("/etc/passwd", &sp), 0);
	assert_true(sa.st_ino == sp.st_ino && sa.st_dev == sp.st_dev);
	fclose(a);
	FILE *b = theirs.open("/etc/passwd", "r");
	assert_int_equal(fileno(b), fa); /* the same lowest free number */
	fclose(b);
	/* closed: the number is free again */
	assert_int_equal(fcntl(fa, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

/* Buffer size and line buffering after the first I/O. */
static void buffer_facts(FILE *f, int write_it, struct rec *r)
{
	if (write_it)
		fputc('x', f);
	else
		fgetc(f);
	rec(r, "bufsize=%zu lbf=%d\n", __fbufsize(f), __flbf(f));
}

static void compare_buffering(const char *path, const char *mode, int write_it)
{
	struct rec a = { 0 }, b = { 0 };
	FILE *f = fopen(path, mode);
	FILE *g = theirs.open(path, mode);
	assert_non_null(f);
	assert_non_null(g);
	buffer_facts(f, write_it, &a);
	buffer_facts(g, write_it, &b);
	fclose(f);
	fclose(g);
	if (strcmp(a.s, b.s))
		print_error("%s \"%s\"\n", path, mode);
	same_transcript(&a, &b);
}

static void test_buffering(void **state)
{
	(void)state;
	compare_buffering("/etc/passwd", "r", 0);
	compare_buffering("/proc/self/status", "r", 0); /* st_blksize 1024 */
	compare_buffering("/dev/null", "w", 1);
	compare_buffering("/dev/zero", "r", 0);
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0) {
		/* a terminal is line buffered */
		compare_buffering(ptsname(master), "w", 1);
		compare_buffering(ptsname(master), "r+", 1);
	}
	if (master >= 0)
		close(master);
}

static void test_setvbuf(void **state)
{
	(void)state;
	static char ubuf[2][100];
	const struct impl *im[2] = { &ours, &theirs };
	struct rec r[2] = { 0 };
	for (int k = 0; k < 2; k++) {
		char path[128], content[512];
		path_of(path, sizeof path, im[k], "setvbuf");
		FILE *f = im[k]->open(path, "w");
		assert_non_null(f);
		rec(&r[k], "setvbuf=%d\n", setvbuf(f, ubuf[k], _IOFBF, sizeof ubuf[k]));
		for (int i = 0; i < 30; i++)
			fprintf(f, "%d,", i);
		read_file(path, content, sizeof content);
		rec(&r[k], "partial=%zu bufsize=%zu\n", strlen(content), __fbufsize(f));
		setvbuf(f, NULL, _IOLBF, 0);
		fputs("end\nx", f);
		read_file(path, content, sizeof content);
		rec(&r[k], "linebuf=%zu\n", strlen(content));
		fclose(f);
		read_file(path, content, sizeof content);
		rec(&r[k], "file=[%s]\n", content);
	}
	same_transcript(&r[0], &r[1]);
}

/* ---- fdopen ---- */

static void fdopen_transcript(const struct impl *im, struct rec *r)
{
	static const struct {
		int flags;
		const char *mode;
	} cases[] = {
		{ O_RDONLY, "r" },  { O_RDONLY, "w" },   { O_RDONLY, "r+" },
		{ O_WRONLY, "r" },  { O_WRONLY, "w" },   { O_WRONLY, "a" },
		{ O_WRONLY, "a+" }, { O_RDWR, "r" },     { O_RDWR, "a+" },
		{ O_RDWR, "w+e" },  { O_RDWR, "x" },     { O_RDWR | O_APPEND, "a" },
		{ O_RDONLY, "rb+" }, { O_WRONLY, "wbbb+" }, { O_RDWR, "rbbbb+" },
		{ O_RDWR, "wbbbbbbbb+" },
	};
	char path[128], content[512];
	path_of(path, sizeof path, im, "fdopen");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		write_file(path, "abcdef\n");
		int fd = open(path, cases[i].flags);
		assert_true(fd >= 0);
		lseek(fd, 2, SEEK_SET);
		errno = 0;
		FILE *f = im->fdopen(fd, cases[i].mode);
		rec(r, "%zu: %s errno=%d pos=%ld fl=%#x fdfl=%#x\n", i, f ? "ok" : "NULL",
		    f ? 0 : errno, (long)lseek(fd, 0, SEEK_CUR),
		    fcntl(fd, F_GETFL) & ~O_LARGEFILE, fcntl(fd, F_GETFD));
		if (!f) {
			close(fd);
			continue;
		}
		rec(r, "fileno-same=%d\n", fileno(f) == fd);
		exercise(r, f);
		rec(r, "fclose=%d fd-closed=%d\n", fclose(f), fcntl(fd, F_GETFD) == -1);
		read_file(path, content, sizeof content);
		rec(r, "file=[%s]\n", content);
	}
	errno = 0;
	rec(r, "badfd=%s errno=%d\n", im->fdopen(987, "r") ? "ok" : "NULL", errno);
}

static void test_fdopen(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	fdopen_transcript(&ours, &a);
	fdopen_transcript(&theirs, &b);
	same_transcript(&a, &b);
}

/* ---- freopen ---- */

static void reopen_case(const struct impl *im, struct rec *r, const char *from_mode,
			const char *to_mode, int same_path, int read_first)
{
	char p1[128], p2[128], content[512];
	path_of(p1, sizeof p1, im, "reopen1");
	path_of(p2, sizeof p2, im, "reopen2");
	write_file(p1, "first file\nsecond line\n");
	write_file(p2, "other file\n");
	FILE *f = im->open(p1, from_mode);
	assert_non_null(f);
	int fd = fileno(f);
	char buf[64];
	if (read_first) {
		fgets(buf, 4, f);
		ungetc('P', f); /* pushback does not survive freopen */
	} else {
		fputs("W1", f);
	}
	errno = 0;
	FILE *g = im->reopen(same_path ? NULL : p2, to_mode, f);
	rec(r, "%s->%s %s: %s errno=%d", from_mode, to_mode, same_path ? "NULL" : "path",
	    g ? (g == f ? "same" : "other") : "NULL", g ? 0 : errno);
	if (!g) {
		rec(r, " old-fd-closed=%d\n", fcntl(fd, F_GETFD) == -1);
		return;
	}
	rec(r, " same-fd=%d cloexec=%d fl=%#x\n", fileno(g) == fd,
	    fcntl(fileno(g), F_GETFD), fcntl(fileno(g), F_GETFL) & ~O_LARGEFILE);
	exercise(r, g);
	rec(r, "fclose=%d\n", fclose(g));
	read_file(p1, content, sizeof content);
	rec(r, "p1=[%s]\n", content);
	read_file(p2, content, sizeof content);
	rec(r, "p2=[%s]\n", content);
}

static void reopen_transcript(const struct impl *im, struct rec *r)
{
	static const char *const pairs[][2] = {
		{ "r", "r" },  { "r", "w" },   { "w", "r" },  { "r+", "a" },
		{ "a", "r+" }, { "r", "we" },  { "w", "a+e" }, { "r", "rx" },
		{ "r", "wx" }, { "r", "q" },   { "w", "r+" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		reopen_case(im, r, pairs[i][0], pairs[i][1], 0, 1);
		reopen_case(im, r, pairs[i][0], pairs[i][1], 0, 0);
		reopen_case(im, r, pairs[i][0], pairs[i][1], 1, 1);
	}
	/* a wide stream comes back narrow and unoriented */
	char p1[128], content[256];
	path_of(p1, sizeof p1, im, "reopen-wide");
	FILE *w = im->open(p1, "w");
	rec(r, "fwide=%d\n", fwide(w, 1));
	fputws(L"wide\n", w);
	w = im->reopen(p1, "r+", w);
	rec(r, "reopened=%d fwide=%d\n", w != NULL, fwide(w, 0));
	exercise(r, w);
	fclose(w);
	read_file(p1, content, sizeof content);
	rec(r, "file=[%s]\n", content);

	/* a pipe: unread input is dropped with the old stream */
	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(write(pfd[1], "pipe data\n", 10), 10);
	close(pfd[1]);
	FILE *pf = im->fdopen(pfd[0], "r");
	rec(r, "pipe fgetc=%c\n", fgetc(pf));
	pf = im->reopen("/etc/hostname", "r", pf);
	rec(r, "after reopen fgetc=%d same-fd=%d\n", fgetc(pf), fileno(pf) == pfd[0]);
	fclose(pf);

	/* a file that is not there: NULL, and the old descriptor is closed */
	FILE *f = im->open("/etc/passwd", "r");
	int fd = fileno(f);
	errno = 0;
	FILE *g = im->reopen("/nonexistent/file", "r", f);
	rec(r, "missing: %s errno=%d closed=%d\n", g ? "ok" : "NULL", errno,
	    fcntl(fd, F_GETFD) == -1);
}

static void test_freopen(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	reopen_transcript(&ours, &a);
	reopen_transcript(&theirs, &b);
	same_transcript(&a, &b);
}

/* freopen on a stream glibc made still works as glibc's does. */
static void test_freopen_foreign(void **state)
{
	(void)state;
	FILE *f = theirs.open("/etc/hostname", "r");
	assert_non_null(f);
	FILE *g = freopen("/etc/passwd", "r", f);
	assert_ptr_equal(g, f);
	char a[64], b[64];
	assert_non_null(fgets(a, sizeof a, g));
	fclose(g);
	FILE *h = theirs.open("/etc/passwd", "r");
	assert_non_null(fgets(b, sizeof b, h));
	fclose(h);
	assert_string_equal(a, b);
}

/* ---- tmpfile ---- */

static void tmpfile_transcript(const struct impl *im, struct rec *r)
{
	FILE *f = im->tmp();
	assert_non_null(f);
	struct stat st;
	assert_int_equal(fstat(fileno(f), &st), 0);
	rec(r, "nlink=%ld mode=%o reg=%d\n", (long)st.st_nlink, st.st_mode & 0777,
	    S_ISREG(st.st_mode));
	exercise(r, f);
	rec(r, "fclose=%d\n", fclose(f));
}

static void test_tmpfile(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	tmpfile_transcript(&ours, &a);
	tmpfile_transcript(&theirs, &b);
	same_transcript(&a, &b);
	FILE *f = tmpfile64();
	assert_non_null(f);
	fclose(f);
}

/* Without O_TMPFILE glibc falls back to a named file it unlinks at once. */
static void test_tmpfile_fallback(void **state)
{
	(void)state;
	no_tmpfile = 1;
	count_start();
	FILE *f = tmpfile();
	count_stop();
	no_tmpfile = 0;
	assert_non_null(f);
	assert_int_equal(counts[SYS_openat], 2); /* O_TMPFILE refused, then a name */
	struct stat st;
	assert_int_equal(fstat(fileno(f), &st), 0);
	assert_int_equal(st.st_nlink, 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(fputs("kept\n", f) >= 0);
	rewind(f);
	char buf[16];
	assert_string_equal(fgets(buf, sizeof buf, f), "kept\n");
	assert_int_equal(fclose(f), 0);
}

/* ---- wide characters ---- */

static void wide_transcript(const struct impl *im, struct rec *r)
{
	char path[128], content[256];
	path_of(path, sizeof path, im, "wide");
	FILE *f = im->open(path, "w+");
	assert_non_null(f);
	rec(r, "fwide0=%d\n", fwide(f, 0));
	rec(r, "fwprintf=%d\n", fwprintf(f, L"h\u00e9llo %d \u20ac\n", 42));
	rec(r, "fwide=%d\n", fwide(f, 0));
	rewind(f);
	wchar_t wbuf[32];
	rec(r, "fgetws=%ls", fgetws(wbuf, 32, f) ? wbuf : L"(null)\n");
	rec(r, "fclose=%d\n", fclose(f));
	read_file(path, content, sizeof content);
	rec(r, "file=[%s]\n", content);

	f = im->open(path, "w,ccs=UTF-8");
	rec(r, "ccs=%s fwide=%d\n", f ? "ok" : "NULL", f ? fwide(f, 0) : 0);
	if (f) {
		fputws(L"\u00fcber\n", f);
		rec(r, "fclose=%d\n", fclose(f));
	}
	read_file(path, content, sizeof content);
	rec(r, "file=[%s]\n", content);
	f = im->open(path, "r,ccs=utf8");
	if (f) {
		rec(r, "fgetwc=%x\n", (unsigned)fgetwc(f));
		fclose(f);
	}
	unlink(path);
	errno = 0;
	f = im->open(path, "w,ccs=NO-SUCH-CHARSET");
	rec(r, "bogus=%s errno=%d exists=%d\n", f ? "ok" : "NULL", errno,
	    access(path, F_OK) == 0);
	if (f)
		fclose(f);
}

/* ",ccs=" in the C locale: the charset is not the locale's. */
static void ccs_transcript(const struct impl *im, struct rec *r)
{
	static const char *const modes[] = {
		"w,ccs=UTF-8", "w,ccs=utf8", "w,ccs=ASCII", "w,ccs=ANSI_X3.4-1968",
		"w+,ccs=us-ascii",
	};
	char path[128], content[256];
	path_of(path, sizeof path, im, "ccs");
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		errno = 0;
		FILE *f = im->open(path, modes[i]);
		rec(r, "%s: %s errno=%d", modes[i], f ? "ok" : "NULL", f ? 0 : errno);
		if (f) {
			rec(r, " fwide=%d fputws=%d", fwide(f, 0), fputws(L"A\u00e9B\n", f));
			rec(r, " fclose=%d", fclose(f));
		}
		read_file(path, content, sizeof content);
		rec(r, " file=[%s]\n", content);
	}
}

static void test_ccs_c_locale(void **state)
{
	(void)state;
	struct rec a = { 0 }, b = { 0 };
	ccs_transcript(&ours, &a);
	ccs_transcript(&theirs, &b);
	same_transcript(&a, &b);
}

static void test_wide(void **state)
{
	(void)state;
	locale_t utf8 = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	assert_true(utf8 != (locale_t)0);
	locale_t old = uselocale(utf8);
	struct rec a = { 0 }, b = { 0 };
	wide_transcript(&ours, &a);
	wide_transcript(&theirs, &b);
	uselocale(old);
	freelocale(utf8);
	same_transcript(&a, &b);
}

/* ---- 'c': no cancellation point ---- */

struct blocked_reader {
	const struct impl *im;
	const char *path, *mode;
	volatile int returned;
};

static void *read_blocked(void *arg)
{
	/* its own runtime block, in case pthread_create is not wrapped */
	pv_thread_begin();
	struct blocked_reader *b = arg;
	FILE *f = b->im->open(b->path, b->mode);
	char buf[32];
	if (f) {
		fgets(buf, sizeof buf, f);
		b->returned = 1;
		fclose(f);
	}
	pthread_testcancel();
	return NULL;
}

/* 1 if a thread blocked reading a "mode" stream outlives pthread_cancel
 * until its read returns. */
static int survives_cancel(const struct impl *im, const char *mode)
{
	char fifo[128];
	path_of(fifo, sizeof fifo, im, "fifo");
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	int keep = open(fifo, O_RDWR); /* lets the reader's open return */
	struct blocked_reader b = { im, fifo, mode, 0 };
	pthread_t t;
	pthread_create(&t, NULL, read_blocked, &b);
	usleep(100 * 1000);
	pthread_cancel(t);
	/* a cancellable read ends the thread at once; give it ample time */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 500 * 1000 * 1000;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;
	int alive = pthread_timedjoin_np(t, NULL, &until) == ETIMEDOUT;
	assert_int_equal(write(keep, "line\n", 5), 5);
	if (alive)
		pthread_join(t, NULL);
	close(keep);
	return alive * 2 + b.returned;
}

static void test_nocancel(void **state)
{
	(void)state;
	assert_int_equal(survives_cancel(&ours, "r"), survives_cancel(&theirs, "r"));
	assert_int_equal(survives_cancel(&ours, "rc"), survives_cancel(&theirs, "rc"));
	assert_int_equal(survives_cancel(&ours, "rc"), 3);
}

/* ---- the standard streams, in fresh processes ---- */

/* A forked child would inherit the state this process's glibc stdout
 * already has (cmocka printed through it), so each side runs in a new
 * process: this binary again, with "--child".  The "ours" side starts the
 * runtime and the libc path's streams; the "glibc" side keeps glibc's. */

static const char *self_path;

static int child_status(pid_t pid)
{
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void run_child(const char *what, int ours_side, const char *out, const char *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(self_path, self_path, "--child", what, ours_side ? "ours" : "glibc",
		      out, arg, (char *)NULL);
		_exit(126);
	}
	assert_int_equal(child_status(pid), 0);
}

/* Runs a child on each side and compares what they wrote. */
static void compare_children(const char *what, const char *arg)
{
	char a[128], b[128], ca[1024], cb[1024];
	snprintf(a, sizeof a, "%s/%s-ours", dir, what);
	snprintf(b, sizeof b, "%s/%s-glibc", dir, what);
	run_child(what, 1, a, arg);
	run_child(what, 0, b, arg);
	read_file(a, ca, sizeof ca);
	read_file(b, cb, sizeof cb);
	assert_string_equal(ca, cb);
}

static void redirect(int fd, const char *path, int flags)
{
	int f = open(path, flags, 0644);
	dup2(f, fd);
	close(f);
}

/* What a program sees of its standard streams: stdout to a file, stderr
 * to /dev/null, stdin from a file. */
static void std_facts(const char *out, int start, const char *fd1_path)
{
	redirect(1, fd1_path, O_WRONLY | O_CREAT | O_TRUNC);
	redirect(2, "/dev/null", O_WRONLY);
	redirect(0, "/etc/passwd", O_RDONLY);
	if (start) {
		count_start();
		pv_stdio_start();
	}
	struct rec r = { 0 };
	rec(&r, "filenos=%d,%d,%d\n", fileno(stdin), fileno(stdout), fileno(stderr));
	printf("hello\n");
	struct stat st;
	fstat(1, &st);
	rec(&r, "size-before-flush=%ld bufsize=%zu lbf=%d\n", (long)st.st_size,
	    __fbufsize(stdout), __flbf(stdout));
	fflush(stdout);
	fstat(1, &st);
	rec(&r, "size-after=%ld\n", (long)st.st_size);
	fputc('e', stderr);
	rec(&r, "stderr bufsize=%zu pending=%zu fwide=%d\n", __fbufsize(stderr),
	    __fpending(stderr), fwide(stdout, 0));
	/* stdin's buffer is decided at its first read */
	rec(&r, "stdin bufsize=%zu", __fbufsize(stdin));
	char line[64];
	fgets(line, sizeof line, stdin);
	rec(&r, " after a read=%zu lbf=%d line=%s", __fbufsize(stdin), __flbf(stdin), line);
	/* the layers saw stdout's write, and no fstat of stdin before it read */
	if (start)
		rec(&r, "seen=%d\n", counts[SYS_write] >= 1 && counts[SYS_read] >= 1);
	else
		rec(&r, "seen=1\n");
	write_file(out, r.s);
	free(r.s);
}

static void test_std_streams(void **state)
{
	(void)state;
	char fd1[128];
	snprintf(fd1, sizeof fd1, "%s/std-fd1", dir);
	compare_children("std", fd1);
}

/* On a terminal both are line buffered, and a prompt without a newline is
 * out before stdin reads. */
static void prompt_facts(const char *out, int start, const char *tty)
{
	redirect(0, tty, O_RDWR);
	redirect(1, tty, O_RDWR);
	if (start)
		pv_stdio_start();
	struct rec r = { 0 };
	printf("name? ");
	rec(&r, "pending before=%zu lbf=%d,%d\n", __fpending(stdout), __flbf(stdout),
	    __flbf(stdin));
	char line[64];
	rec(&r, "read=%s", fgets(line, sizeof line, stdin));
	rec(&r, "pending after=%zu lbf=%d,%d\n", __fpending(stdout), __flbf(stdout),
	    __flbf(stdin));
	write_file(out, r.s);
	free(r.s);
}

static void test_terminal_prompt(void **state)
{
	(void)state;
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		skip();
		return;
	}
	char tty[64];
	snprintf(tty, sizeof tty, "%s", ptsname(master));
	int keep = open(tty, O_RDWR | O_NOCTTY);
	/* a line for each side to read */
	assert_int_equal(write(master, "answer\n", 7), 7);
	assert_int_equal(write(master, "answer\n", 7), 7);
	compare_children("prompt", tty);
	close(keep);
	close(master);
}

/* freopen of stdout keeps descriptor 1 and the FILE pointer. */
static void reopen_stdout_facts(const char *out, int start)
{
	if (start)
		pv_stdio_start();
	FILE *before = stdout;
	FILE *g = (start ? freopen : theirs.reopen)(out, "w", stdout);
	printf("via printf %d fileno %d\n", g == before, fileno(stdout));
	fflush(stdout);
}

static void test_freopen_stdout(void **state)
{
	(void)state;
	compare_children("reopen", "");
	char path[128], content[256];
	snprintf(path, sizeof path, "%s/reopen-ours", dir);
	read_file(path, content, sizeof content);
	assert_string_equal(content, "via printf 1 fileno 1\n");
}

static int child_main(int argc, char **argv)
{
	if (argc != 6)
		return 2;
	int start = !strcmp(argv[3], "ours");
	if (start) {
		struct pv_layer layer = { .name = "count", .handler = count_handler };
		if (pv_set_mode(PV_MODE_LIBC) != 0 || pv_push(&layer) < 1)
			return 3;
	}
	if (!strcmp(argv[2], "std"))
		std_facts(argv[4], start, argv[5]);
	else if (!strcmp(argv[2], "prompt"))
		prompt_facts(argv[4], start, argv[5]);
	else if (!strcmp(argv[2], "reopen"))
		reopen_stdout_facts(argv[4], start);
	else
		return 4;
	return 0;
}

/* ---- the layers see it all ---- */

/* Whether fn is defined in this program, i.e. is a purevirt wrapper rather
 * than glibc's function: only then can its call reach the layers. */
int main(int argc, char **argv);
static int wrapped(void *fn)
{
	Dl_info a, b;
	return dladdr(fn, &a) && dladdr((void *)main, &b) &&
	       a.dli_fbase == b.dli_fbase;
}

static void test_reaches_layers(void **state)
{
	(void)state;
	char path[128], buf[64];
	path_of(path, sizeof path, &ours, "layers");
	count_start();
	FILE *f = fopen(path, "w");
	fputs("seen\n", f);
	fclose(f);
	f = fopen(path, "r");
	fgets(buf, sizeof buf, f);
	fseek(f, 0, SEEK_SET);
	fclose(f);
	count_stop();
	assert_int_equal(counts[SYS_openat], 2);
	assert_int_equal(counts[SYS_write], 1);
	assert_true(counts[SYS_read] >= 1);
	if (wrapped((void *)lseek)) /* else glibc's lseek: not ours to see */
		assert_true(counts[SYS_lseek] >= 1);
	assert_int_equal(counts[SYS_close], 2);
	assert_string_equal(buf, "seen\n");

	/* the control: glibc's own stream is invisible to the layers */
	count_start();
	f = theirs.open(path, "r");
	fgets(buf, sizeof buf, f);
	fclose(f);
	count_stop();
	assert_int_equal(counts[SYS_openat] + counts[SYS_read] + counts[SYS_close], 0);
}

/* ---- setup ---- */

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
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
	} else {
		unlink(path);
	}
}

int main(int argc, char **argv)
{
	resolve_glibc();
	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_main(argc, argv);
	static char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	self_path = self;
	if (pv_set_mode(PV_MODE_LIBC) != 0)
		return 1;
	struct pv_layer layer = { .name = "count", .handler = count_handler };
	if (pv_push(&layer) < 1)
		return 1;
	if (!theirs.open || !theirs.fdopen || !theirs.reopen || !theirs.tmp)
		return 1;
	snprintf(dir, sizeof dir, "/tmp/pv-stdio-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes_existing_file),
		cmocka_unit_test(test_modes_no_file),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_seek_tell),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_fflush),
		cmocka_unit_test(test_fileno),
		cmocka_unit_test(test_buffering),
		cmocka_unit_test(test_setvbuf),
		cmocka_unit_test(test_fdopen),
		cmocka_unit_test(test_freopen),
		cmocka_unit_test(test_freopen_foreign),
		cmocka_unit_test(test_tmpfile),
		cmocka_unit_test(test_tmpfile_fallback),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_ccs_c_locale),
		cmocka_unit_test(test_nocancel),
		cmocka_unit_test(test_std_streams),
		cmocka_unit_test(test_freopen_stdout),
		cmocka_unit_test(test_terminal_prompt),
		cmocka_unit_test(test_reaches_layers),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	remove_tree(dir);
	return failed;
}
