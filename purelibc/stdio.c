/* stdio.c - FILE streams whose system calls reach the layers.
 *
 * glibc's own FILE functions call the kernel through internal entry points
 * that an LD_PRELOAD library cannot interpose.  The streams made here are
 * fopencookie() streams whose read, write, seek and close functions call the
 * exported wrappers (read, write, lseek, close), so every byte a program moves
 * through stdio is seen by the layers.  Everything else -- buffering, fseek,
 * ftell, ungetc, printf -- stays glibc's own code working on these streams.
 *
 * The opening functions make the same system calls as glibc, in the same
 * order: the same openat flags, the lseek to the end for "a", fcntl for
 * fdopen, dup3 for freopen, O_TMPFILE for tmpfile.
 *
 * What cannot be exact, and why:
 *  - Buffer size and line buffering.  glibc decides them when it allocates
 *    the buffer at the first I/O (an fstat: st_blksize below BUFSIZ, a
 *    terminal gets line buffering).  No cookie function is called at that
 *    moment.  A read-only stream (stdin too) decides in its first read,
 *    which comes right after: exactly glibc's calls in glibc's order.  A
 *    stream that may write must decide before data is buffered, so it makes
 *    the fstat when it is opened: the same calls, a little earlier, even
 *    for a stream that never writes.  For stdout that is when the runtime
 *    starts (fstat and, on a character device, the TCGETS ioctl, before
 *    main), so a program that dup2()s another file onto fd 1 before its
 *    first printf keeps the buffering fd 1 had at start.  __fbufsize() of
 *    a writing stream is non-zero before its first write.
 *  - Cookie streams make glibc forget the file position after every seek:
 *    ftell and fseek ask the kernel (lseek ..., SEEK_CUR) where glibc would
 *    use its cached offset, and fseek skips glibc's block-aligned re-read.
 *    Positions and data are the same; the lseek/read calls differ.
 *  - Wide orientation.  fopencookie streams are narrow-only; these streams
 *    get wide-character data of glibc's own shape so fwide, wprintf and
 *    ",ccs=" work.  Once a stream turns wide, glibc switches it to its own
 *    file functions, which use the real descriptor (fileno) directly: the
 *    data is right but the layers no longer see that stream's calls in libc
 *    mode (the trap still does in hybrid mode), and fclose does not reach
 *    our close function, so its small cookie is only reclaimed once glibc
 *    reuses the FILE's memory.  ",ccs=" works for the charsets a locale can
 *    supply without loading a conversion module (UTF-8, ASCII, the current
 *    locale's); glibc also loads gconv modules for others, which it keeps
 *    private, so those fail with EINVAL here.
 *  - 'm' (mmap the file) is accepted and ignored: glibc's mmap reading has
 *    no cookie equivalent, so reads are read() calls.
 *  - libstdc++: std::cout and friends keep the FILE pointer that `stdout`
 *    held when they were built.  With Debian 12's GCC 12 they are built by
 *    the program's own constructors, after ours, and use these streams.
 *    With a libstdc++ that builds them in its own constructor (GCC 13 and
 *    later), or a C++ library with <iostream> initialised before us, they
 *    keep glibc's original stdout: that output bypasses the layers in libc
 *    mode and is buffered apart from printf's, so mixed output can reorder.
 *  - Bytes glibc's own stdin had read ahead before the runtime started
 *    (only possible if an earlier constructor read stdin) are given back by
 *    fflush where the input is seekable, and lost on a pipe.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "libc_path.h"
#include "rt.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* glibc's FILE flag bits (part of its ABI since libio was public). */
#define LIBIO_MAGIC 0xFBAD0000
#define LIBIO_USER_BUF 0x0001
#define LIBIO_NO_READS 0x0004
#define LIBIO_NO_WRITES 0x0008
#define LIBIO_LINKED 0x0080
#define LIBIO_TIED_PUT_GET 0x0400
#define LIBIO_IS_APPENDING 0x1000
#define LIBIO_IS_FILEBUF 0x2000

/* Unix98 pty slaves: glibc takes them for terminals without asking. */
#define PTY_MAJOR_FIRST 136
#define PTY_MAJOR_LAST 143

/* ---- what a mode string asks for ---- */

struct open_mode {
	int oflags;         /* for openat                                 */
	char kind;          /* 'r', 'w' or 'a'                            */
	int plus;           /* '+': read and write                        */
	int nocancel;       /* 'c': no cancellation point                 */
	int cloexec;        /* 'e'                                        */
	const char *ccs;    /* the charset after ",ccs=", or NULL          */
};

static int mode_kind(char c, struct open_mode *m)
{
	switch (c) {
	case 'r':
		m->oflags = O_RDONLY;
		break;
	case 'w':
		m->oflags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	case 'a':
		m->oflags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	m->kind = c;
	return 0;
}

/* fopen's rules: after the first letter glibc looks at six more characters
 * at most and ignores those it does not know (a ',' too: the "cc" of a
 * ",ccs=" that early counts as 'c'); ",ccs=" is searched for after the last
 * of '+', 'x' and 'b'. */
static int parse_fopen_mode(const char *mode, struct open_mode *m)
{
	*m = (struct open_mode){ 0 };
	if (mode_kind(*mode, m) < 0)
		return -1;
	const char *last = mode, *p = mode;
	for (int i = 1; i < 7 && *++p; i++) {
		switch (*p) {
		case '+':
			m->plus = 1;
			m->oflags = (m->oflags & ~O_ACCMODE) | O_RDWR;
			last = p;
			break;
		case 'x':
			m->oflags |= O_EXCL;
			last = p;
			break;
		case 'b':
			last = p;
			break;
		case 'c':
			m->nocancel = 1;
			break;
		case 'e':
			m->oflags |= O_CLOEXEC;
			m->cloexec = 1;
			break;
		default: /* 'm' and anything unknown */
			break;
		}
	}
	const char *cs = strstr(last + 1, ",ccs=");
	m->ccs = cs ? cs + 5 : NULL;
	return 0;
}

/* fdopen's rules: four characters after the first, a '+' ends the scan,
 * everything else ('e' included) is ignored. */
static int parse_fdopen_mode(const char *mode, struct open_mode *m)
{
	*m = (struct open_mode){ 0 };
	if (mode_kind(*mode, m) < 0)
		return -1;
	for (int i = 1; i < 5 && *++mode; i++) {
		if (*mode == '+') {
			m->plus = 1;
			break;
		}
	}
	return 0;
}

/* The mode fopencookie understands, for the stream's read/write flags. */
static const char *cookie_mode(const struct open_mode *m)
{
	switch (m->kind) {
	case 'r':
		return m->plus ? "r+" : "r";
	case 'w':
		return m->plus ? "w+" : "w";
	default:
		return m->plus ? "a+" : "a";
	}
}

static int rw_flags(const struct open_mode *m)
{
	if (m->plus)
		return m->kind == 'a' ? LIBIO_IS_APPENDING : 0;
	if (m->kind == 'r')
		return LIBIO_NO_WRITES;
	return LIBIO_NO_READS | (m->kind == 'a' ? LIBIO_IS_APPENDING : 0);
}

/* ---- where glibc keeps what fopencookie does not set up ---- */

/* Learnt once from glibc's own streams rather than assumed: the vtable
 * pointer follows the public FILE, and the wide data ends with its vtable. */
static struct {
	int wide_ok;
	size_t wide_size;           /* bytes of glibc's struct _IO_wide_data */
	const void *wfile_jumps;
	const void *cookie_jumps;   /* from the first stream made here */
} libio;

static const void **vtable_slot(FILE *fp)
{
	return (const void **)(void *)((char *)fp + sizeof(FILE));
}

static void libio_probe(void)
{
	void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	if (!libc)
		return;
	const void *wjumps = dlsym(libc, "_IO_wfile_jumps");
	const void *fjumps = dlsym(libc, "_IO_file_jumps");
	FILE *in = dlsym(libc, "_IO_2_1_stdin_");
	dlclose(libc);
	if (!wjumps || !fjumps || !in || *vtable_slot(in) != fjumps)
		return;
	const void *const *wide = (const void *const *)(void *)in->_wide_data;
	for (size_t i = 0; i < 64; i++) {
		if (wide[i] == wjumps) {
			libio.wfile_jumps = wjumps;
			libio.wide_size = (i + 1) * sizeof(void *);
			libio.wide_ok = 1;
			return;
		}
	}
}

/* ---- buffering as glibc's first I/O would choose it ---- */

static int is_terminal(int fd, const struct stat *st)
{
	unsigned maj = major(st->st_rdev);
	if (maj >= PTY_MAJOR_FIRST && maj <= PTY_MAJOR_LAST)
		return 1;
	struct termios t;
	return ioctl(fd, TCGETS, &t) == 0;
}

struct buffer_choice {
	size_t size;
	int line;
};

/* glibc's rule: st_blksize when below BUFSIZ, line buffering for a
 * terminal; BUFSIZ and full buffering when fstat fails. */
static struct buffer_choice choose_buffer(int fd)
{
	int saved = errno;
	struct buffer_choice c = { BUFSIZ, 0 };
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0) {
		c.line = S_ISCHR(st.st_mode) && is_terminal(fd, &st);
		if (st.st_blksize > 0 && st.st_blksize < BUFSIZ)
			c.size = (size_t)st.st_blksize;
	}
	errno = saved;
	return c;
}

static void drop_buffer(FILE *fp)
{
	/* an unbuffered setvbuf frees a buffer glibc owns and keeps a user's */
	setvbuf(fp, NULL, _IONBF, 0);
	fp->_IO_read_base = fp->_IO_read_ptr = fp->_IO_read_end = NULL;
	fp->_IO_write_base = fp->_IO_write_ptr = fp->_IO_write_end = NULL;
	fp->_IO_buf_base = fp->_IO_buf_end = NULL;
}

/* For a stream that may write: decided at once.  The buffer becomes
 * glibc's own, as if its doallocate had made it: glibc frees it at fclose
 * or when setvbuf replaces it. */
static void setup_buffer(FILE *fp, int fd)
{
	struct buffer_choice c = choose_buffer(fd);
	char *p = malloc(c.size);
	if (p) {
		fp->_IO_buf_base = p;
		fp->_IO_buf_end = p + c.size;
	}
	if (c.line)
		setvbuf(fp, NULL, _IOLBF, 0);
}

/* For a read-only stream: decided at its first read, as glibc does.  glibc
 * has just made a BUFSIZ buffer without asking (no cookie function sees
 * that) and is reading into it: it is cut down to the size glibc would have
 * chosen, and *n with it.  A terminal is line buffered, and glibc flushes a
 * line-buffered stdout before reading from a line-buffered stream. */
static void first_read(FILE *fp, int fd, size_t *n)
{
	if (fp->_flags & LIBIO_USER_BUF)
		return; /* setvbuf gave it a buffer: glibc asks nothing */
	struct buffer_choice c = choose_buffer(fd);
	if (fp->_IO_buf_base &&
	    c.size < (size_t)(fp->_IO_buf_end - fp->_IO_buf_base)) {
		fp->_IO_buf_end = fp->_IO_buf_base + c.size;
		if (*n > c.size)
			*n = c.size;
	}
	if (c.line) {
		setvbuf(fp, NULL, _IOLBF, 0);
		if (stdout != fp && __flbf(stdout) && __fwritable(stdout))
			fflush(stdout);
	}
}

/* ---- the cookie ---- */

struct pv_stream {
	int fd;                  /* -1 once closed by a failed freopen     */
	int nocancel;
	int lazy;                /* read-only, buffer not yet decided      */
	FILE *fp;
	struct pv_stream *next;  /* every stream made here, for freopen    */
	_Alignas(16) unsigned char wide[]; /* glibc's wide data, zeroed   */
};

static pthread_mutex_t streams_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pv_stream *streams;

static void streams_lock_take(void) { pthread_mutex_lock(&streams_lock); }
static void streams_lock_drop(void) { pthread_mutex_unlock(&streams_lock); }

/* A cookie whose stream turned wide never hears of its fclose; once glibc
 * hands the same FILE memory to a new stream the old cookie is surely dead. */
static void streams_add(struct pv_stream *s)
{
	struct pv_stream *dead = NULL;
	streams_lock_take();
	for (struct pv_stream **pp = &streams; *pp;) {
		if ((*pp)->fp == s->fp) {
			struct pv_stream *d = *pp;
			*pp = d->next;
			d->next = dead;
			dead = d;
		} else {
			pp = &(*pp)->next;
		}
	}
	s->next = streams;
	streams = s;
	streams_lock_drop();
	while (dead) {
		struct pv_stream *d = dead;
		dead = d->next;
		free(d);
	}
}

static void streams_remove(struct pv_stream *s)
{
	streams_lock_take();
	for (struct pv_stream **pp = &streams; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	streams_lock_drop();
}

static struct pv_stream *streams_find(FILE *fp)
{
	struct pv_stream *s;
	streams_lock_take();
	for (s = streams; s && s->fp != fp; s = s->next)
		;
	streams_lock_drop();
	return s;
}

/* 'c' streams are no cancellation points, like glibc's _nocancel calls. */
static int cancel_off(int nocancel)
{
	int old = PTHREAD_CANCEL_ENABLE;
	if (nocancel)
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	return old;
}

static void cancel_restore(int nocancel, int old)
{
	if (nocancel) {
		int e = errno;
		pthread_setcancelstate(old, NULL);
		errno = e;
	}
}

static ssize_t cookie_read(void *cookie, char *buf, size_t n)
{
	struct pv_stream *s = cookie;
	if (s->lazy) {
		s->lazy = 0;
		first_read(s->fp, s->fd, &n);
	}
	int old = cancel_off(s->nocancel);
	ssize_t r = read(s->fd, buf, n);
	cancel_restore(s->nocancel, old);
	return r;
}

/* All of it or an error, like glibc's file write: a short count makes
 * glibc mark the stream in error.  glibc's file write also advances the
 * stream's cached offset, and its flush relies on that: flushing after a
 * read seeks back and caches the position it reached, and a later
 * SEEK_CUR trusts it.  Cookie writes leave that to us. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
	struct pv_stream *s = cookie;
	int old = cancel_off(s->nocancel);
	size_t done = 0;
	while (done < n) {
		ssize_t r = write(s->fd, buf + done, n - done);
		if (r < 0)
			break;
		done += (size_t)r;
	}
	cancel_restore(s->nocancel, old);
	if (s->fp->_offset >= 0)
		s->fp->_offset += (off64_t)done;
	return (ssize_t)done;
}

static int cookie_seek(void *cookie, off64_t *pos, int whence)
{
	struct pv_stream *s = cookie;
	off_t r = lseek(s->fd, *pos, whence);
	if (r < 0)
		return -1;
	*pos = r;
	return 0;
}

/* Only narrow streams get here (a wide one runs glibc's file functions), and
 * fclose touches no wide data of a narrow stream after this. */
static int cookie_close(void *cookie)
{
	struct pv_stream *s = cookie;
	int r = s->fd >= 0 ? close(s->fd) : 0;
	int e = errno;
	streams_remove(s);
	free(s);
	errno = e;
	return r;
}

static const cookie_io_functions_t cookie_functions = {
	.read = cookie_read,
	.write = cookie_write,
	.seek = cookie_seek,
	.close = cookie_close,
};

/* ---- wide orientation ---- */

static void wide_setup(struct pv_stream *s)
{
	if (!libio.wide_ok)
		return;
	memset(s->wide, 0, libio.wide_size);
	memcpy(s->wide + libio.wide_size - sizeof(void *), &libio.wfile_jumps,
	       sizeof(void *));
	s->fp->_wide_data = (void *)s->wide;
	s->fp->_mode = 0;
}

/* Undoes what fwide(fp, 1) did, for freopen: the stream is narrow again,
 * unoriented, on our functions. */
static void wide_reset(struct pv_stream *s)
{
	FILE *fp = s->fp;
	if (!libio.wide_ok)
		return;
	if (fp->_mode > 0) {
		/* the first eight pointers: read ptr/end/base, write
		 * base/ptr/end, buf base/end -- the buffer is glibc's */
		wchar_t **w = (wchar_t **)(void *)s->wide;
		free(w[6]);
		memset(s->wide, 0, libio.wide_size - sizeof(void *));
		fp->_codecvt = NULL;
		*vtable_slot(fp) = __atomic_load_n(&libio.cookie_jumps, __ATOMIC_ACQUIRE);
	}
	fp->_mode = 0;
}

static void normalize_charset(const char *in, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = in[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			out[k++] = c;
	}
	out[k] = '\0';
}

static int is_ascii_name(const char *cs)
{
	static const char *const names[] = { "ANSIX341968", "ASCII", "USASCII",
					     "ISO646US", "US", "CP367",
					     "IBM367", "ISOIR6" };
	for (size_t i = 0; i < PV_ARRAY_SIZE(names); i++)
		if (!strcmp(cs, names[i]))
			return 1;
	return 0;
}

/* A locale of the charset's, made once and kept: the stream's conversion
 * steps belong to the locale's data and must outlive the stream, as the
 * global locale's do for glibc's own streams. */
static locale_t kept_locale(int which)
{
	static const char *const names[2] = { "C.UTF-8", "C" };
	static locale_t kept[2];
	locale_t l = __atomic_load_n(&kept[which], __ATOMIC_ACQUIRE);
	if (l)
		return l;
	l = newlocale(LC_CTYPE_MASK, names[which], (locale_t)0);
	if (!l)
		return (locale_t)0;
	locale_t expected = (locale_t)0;
	if (!__atomic_compare_exchange_n(&kept[which], &expected, l, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		freelocale(l);
		l = expected;
	}
	return l;
}

/* fwide takes the conversion from the calling thread's locale: the current
 * one if its charset is the one asked for, else one of ours that has it.
 * (locale_t)0 with *current set means the current one; NULL otherwise
 * means none can supply it. */
static locale_t locale_for_charset(const char *ccs, int *current)
{
	char want[64], have[64];
	size_t n = strcspn(ccs, ",");
	normalize_charset(ccs, n, want, sizeof want);
	const char *cur = nl_langinfo(CODESET);
	normalize_charset(cur, strlen(cur), have, sizeof have);
	*current = !strcmp(want, have);
	if (*current)
		return (locale_t)0;
	if (!strcmp(want, "UTF8"))
		return kept_locale(0);
	if (is_ascii_name(want))
		return kept_locale(1);
	return (locale_t)0;
}

static int apply_ccs(FILE *fp, const char *ccs)
{
	int current = 0;
	locale_t loc = libio.wide_ok ? locale_for_charset(ccs, &current) : (locale_t)0;
	if (!loc && !current) {
		errno = EINVAL;
		return -1;
	}
	locale_t old = loc ? uselocale(loc) : (locale_t)0;
	int r = fwide(fp, 1);
	if (loc)
		uselocale(old);
	if (r <= 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* ---- making streams ---- */

/* Read-only streams decide their buffer at the first read, the others
 * now: either way with the same system calls, in the same order, as glibc
 * makes at the first I/O, save that a writing stream makes them early. */
static void plan_buffer(struct pv_stream *s, const struct open_mode *m)
{
	s->lazy = m->kind == 'r' && !m->plus;
	if (!s->lazy)
		setup_buffer(s->fp, s->fd);
}

/* A stream on fd; the caller still owns fd if this fails. */
static void stdio_setup(void)
{
	libio_probe();
	pthread_atfork(streams_lock_take, streams_lock_drop, streams_lock_drop);
}

/* glibc's vtable validation accepts only its own tables, so the one
 * fopencookie installs is the one freopen restores after fwide. */
static void learn_cookie_jumps(FILE *fp)
{
	if (!__atomic_load_n(&libio.cookie_jumps, __ATOMIC_ACQUIRE))
		__atomic_store_n(&libio.cookie_jumps, *vtable_slot(fp), __ATOMIC_RELEASE);
}

static FILE *stream_new(int fd, const struct open_mode *m, int buffer)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, stdio_setup);
	struct pv_stream *s = malloc(sizeof *s + (libio.wide_ok ? libio.wide_size : 0));
	if (!s)
		return NULL;
	*s = (struct pv_stream){ .fd = fd, .nocancel = m->nocancel };
	FILE *fp = fopencookie(s, cookie_mode(m), cookie_functions);
	if (!fp) {
		int e = errno;
		free(s);
		errno = e;
		return NULL;
	}
	s->fp = fp;
	learn_cookie_jumps(fp);
	fp->_fileno = fd;
	wide_setup(s);
	streams_add(s);
	if (buffer)
		plan_buffer(s, m);
	return fp;
}

/* A stream that failed after the descriptor was opened: fclose without
 * closing anything, then the descriptor, keeping the error. */
static void stream_discard(FILE *fp, int fd)
{
	int e = errno;
	struct pv_stream *s = streams_find(fp);
	if (s)
		s->fd = -1;
	fclose(fp);
	close(fd);
	errno = e;
}

static void close_keep_errno(int fd)
{
	int e = errno;
	close(fd);
	errno = e;
}

/* glibc's fopen leaves a write-only append stream at the end of the file
 * (the O_APPEND writes would put it there anyway). */
static int append_seek(int fd, const struct open_mode *m)
{
	if (m->kind != 'a' || m->plus)
		return 0;
	if (lseek(fd, 0, SEEK_END) < 0 && errno != ESPIPE)
		return -1;
	return 0;
}

static int open_for(const char *path, const struct open_mode *m)
{
	int old = cancel_off(m->nocancel);
	int fd = open(path, m->oflags, 0666);
	cancel_restore(m->nocancel, old);
	if (fd >= 0 && append_seek(fd, m) < 0) {
		close_keep_errno(fd);
		return -1;
	}
	return fd;
}

static FILE *open_stream(const char *path, const char *mode)
{
	struct open_mode m;
	if (parse_fopen_mode(mode, &m) < 0)
		return NULL;
	int fd = open_for(path, &m);
	if (fd < 0)
		return NULL;
	FILE *fp = stream_new(fd, &m, 1);
	if (!fp) {
		close_keep_errno(fd);
		return NULL;
	}
	if (m.ccs && apply_ccs(fp, m.ccs) < 0) {
		stream_discard(fp, fd);
		return NULL;
	}
	return fp;
}

PV_EXPORT FILE *fopen(const char *path, const char *mode)
{
	return open_stream(path, mode);
}

PV_EXPORT FILE *fopen64(const char *path, const char *mode)
{
	return open_stream(path, mode);
}

static FILE *fd_stream(int fd, const char *mode)
{
	struct open_mode m;
	if (parse_fdopen_mode(mode, &m) < 0)
		return NULL;
	int fl = fcntl(fd, F_GETFL);
	if (fl == -1)
		return NULL;
	int acc = fl & O_ACCMODE;
	if ((acc == O_RDONLY && (m.kind != 'r' || m.plus)) ||
	    (acc == O_WRONLY && (m.kind == 'r' || m.plus))) {
		errno = EINVAL;
		return NULL;
	}
	/* glibc gives an "a" stream O_APPEND, and then (only then) moves a
	 * write-only one to the end */
	if (m.kind == 'a' && !(fl & O_APPEND)) {
		if (fcntl(fd, F_SETFL, fl | O_APPEND) == -1)
			return NULL;
		if (append_seek(fd, &m) < 0)
			return NULL;
	}
	return stream_new(fd, &m, 1);
}

PV_EXPORT FILE *fdopen(int fd, const char *mode) { return fd_stream(fd, mode); }

/* ---- freopen ---- */

static FILE *foreign_freopen(const char *path, const char *mode, FILE *fp)
{
	static FILE *(*real)(const char *, const char *, FILE *);
	if (!real)
		real = (FILE * (*)(const char *, const char *, FILE *))
			dlsym(RTLD_NEXT, "freopen");
	if (!real) {
		errno = ENOSYS;
		return NULL;
	}
	return real(path, mode, fp);
}

/* What is left of a stream whose freopen failed: glibc's closed FILE, on
 * which every read and write fails with EBADF. */
static void stream_kill(struct pv_stream *s)
{
	s->fd = -1;
	s->fp->_fileno = -1;
	s->fp->_flags |= LIBIO_NO_READS | LIBIO_NO_WRITES;
}

/* glibc keeps the descriptor number: the new file is dup3'd onto the old
 * one, close-on-exec as the mode says. */
static int keep_fd_number(int newfd, int oldfd, const struct open_mode *m)
{
	if (oldfd < 0 || newfd == oldfd)
		return newfd;
	if (dup3(newfd, oldfd, m->cloexec ? O_CLOEXEC : 0) < 0) {
		close_keep_errno(newfd);
		return -1;
	}
	close(newfd);
	return oldfd;
}

/* What glibc's freopen leaves of the old stream before opening the new
 * file: no buffer, no pushback, no orientation, the descriptor kept open. */
static void stream_reset(struct pv_stream *s)
{
	wide_reset(s);
	__fpurge(s->fp);
	drop_buffer(s->fp);
}

/* The stream on its new file, with the flags glibc's fopen gives. */
static void stream_adopt(struct pv_stream *s, int fd, const struct open_mode *m)
{
	s->fd = fd;
	s->nocancel = m->nocancel;
	s->fp->_fileno = fd;
	s->fp->_flags = (int)(LIBIO_MAGIC | LIBIO_IS_FILEBUF | LIBIO_TIED_PUT_GET |
			      LIBIO_LINKED | (unsigned)rw_flags(m));
	plan_buffer(s, m);
}

static FILE *reopen_ours(struct pv_stream *s, const char *path,
			 const char *mode)
{
	int oldfd = s->fd;
	char procpath[32];
	if (!path) {
		snprintf(procpath, sizeof procpath, "/proc/self/fd/%d", oldfd);
		path = procpath;
	}
	stream_reset(s);
	struct open_mode m;
	int newfd = parse_fopen_mode(mode, &m) < 0 ? -1 : open_for(path, &m);
	if (newfd < 0 && oldfd >= 0)
		close_keep_errno(oldfd);
	int fd = newfd < 0 ? -1 : keep_fd_number(newfd, oldfd, &m);
	if (fd < 0) {
		stream_kill(s);
		return NULL;
	}
	stream_adopt(s, fd, &m);
	if (m.ccs && apply_ccs(s->fp, m.ccs) < 0) {
		close_keep_errno(fd);
		stream_kill(s);
		return NULL;
	}
	return s->fp;
}

static FILE *reopen_stream(const char *path, const char *mode, FILE *fp)
{
	struct pv_stream *s = streams_find(fp);
	if (!s)
		return foreign_freopen(path, mode, fp);
	flockfile(fp);
	fflush(fp); /* glibc ignores its failure too */
	FILE *r = reopen_ours(s, path, mode);
	funlockfile(fp);
	return r;
}

PV_EXPORT FILE *freopen(const char *path, const char *mode, FILE *fp)
{
	return reopen_stream(path, mode, fp);
}

PV_EXPORT FILE *freopen64(const char *path, const char *mode, FILE *fp)
{
	return reopen_stream(path, mode, fp);
}

/* ---- tmpfile ---- */

/* glibc's fallback where O_TMPFILE is not supported: a fresh name in /tmp,
 * opened exclusively and unlinked at once. */
static int named_tempfile(void)
{
	static const char letters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	struct stat st;
	if (stat(P_tmpdir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		errno = ENOENT;
		return -1;
	}
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
		     (uint64_t)(uintptr_t)&st ^ (uint64_t)getpid() << 16;
	char name[] = P_tmpdir "/tmpfXXXXXX";
	char *x = name + sizeof name - 7;
	for (int attempt = 0; attempt < TMP_MAX; attempt++) {
		for (int i = 0; i < 6; i++) {
			v ^= v << 13, v ^= v >> 7, v ^= v << 17;
			x[i] = letters[v % (sizeof letters - 1)];
		}
		int fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd >= 0) {
			unlink(name);
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

static FILE *temp_stream(void)
{
	int fd = open(P_tmpdir, O_RDWR | O_TMPFILE | O_EXCL, 0600);
	if (fd < 0)
		fd = named_tempfile();
	if (fd < 0)
		return NULL;
	FILE *fp = fd_stream(fd, "w+b");
	if (!fp)
		close_keep_errno(fd);
	return fp;
}

PV_EXPORT FILE *tmpfile(void) { return temp_stream(); }
PV_EXPORT FILE *tmpfile64(void) { return temp_stream(); }

/* ---- the standard streams ---- */

static FILE *std_stream(FILE *old, int fd, const char *mode)
{
	if (!old || fileno(old) != fd)
		return old; /* someone already gave it another file */
	struct open_mode m = { .kind = mode[0] };
	FILE *fp = stream_new(fd, &m, fd != 2);
	if (!fp)
		return old;
	if (fd == 2)
		setvbuf(fp, NULL, _IONBF, 0);
	return fp;
}

void pv_stdio_start(void)
{
	static int started;
	if (started)
		return;
	started = 1;
	int saved = errno;
	fflush(stdin);
	fflush(stdout);
	fflush(stderr);
	stdin = std_stream(stdin, 0, "r");
	stdout = std_stream(stdout, 1, "w");
	stderr = std_stream(stderr, 2, "w");
	errno = saved;
}
