/* rt.c - libc-free strings, formatting and safe memory access.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "rt.h"

#include <stdarg.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/mman.h>
#include <errno.h>

size_t rt_strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t rt_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int rt_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int rt_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

const char *rt_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return s;
		if (!*s)
			return NULL;
	}
}

int rt_startswith(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

void *rt_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *rt_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int rt_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int rt_parse_long(const char *s, int base, long *out)
{
	int neg = 0;
	unsigned long v = 0;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			base = 16, s += 2;
		else if (s[0] == '0' && s[1])
			base = 8, s++;
		else
			base = 10;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		int d = digit_value(*s);
		if (d >= base)
			return -1;
		unsigned long next = v * (unsigned long)base + (unsigned long)d;
		if (next / (unsigned long)base != v && v)
			return -1;
		v = next;
	}
	*out = neg ? -(long)v : (long)v;
	return 0;
}

void rt_putc(struct rt_buf *b, char c)
{
	if (b->len < b->cap)
		b->p[b->len++] = c;
	else
		b->overflow = 1;
}

void rt_putn(struct rt_buf *b, const char *s, size_t n)
{
	size_t room = b->cap - b->len;
	if (n > room) {
		n = room;
		b->overflow = 1;
	}
	rt_memcpy(b->p + b->len, s, n);
	b->len += n;
}

void rt_puts(struct rt_buf *b, const char *s) { rt_putn(b, s, rt_strlen(s)); }

static void put_unsigned(struct rt_buf *b, unsigned long v, unsigned base,
			 int width, char fill)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n)
		rt_putc(b, fill);
	while (n)
		rt_putc(b, tmp[--n]);
}

void rt_putudec(struct rt_buf *b, unsigned long v) { put_unsigned(b, v, 10, 0, ' '); }

void rt_putdec(struct rt_buf *b, long v)
{
	if (v < 0) {
		rt_putc(b, '-');
		put_unsigned(b, -(unsigned long)v, 10, 0, ' ');
	} else {
		put_unsigned(b, (unsigned long)v, 10, 0, ' ');
	}
}

void rt_puthex(struct rt_buf *b, unsigned long v)
{
	rt_puts(b, "0x");
	put_unsigned(b, v, 16, 0, ' ');
}

void rt_putoct(struct rt_buf *b, unsigned long v)
{
	rt_putc(b, '0');
	if (v)
		put_unsigned(b, v, 8, 0, ' ');
}

void rt_putpad(struct rt_buf *b, size_t column)
{
	while (b->len < column && b->len < b->cap)
		rt_putc(b, ' ');
}

static void vprintf_buf(struct rt_buf *b, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			rt_putc(b, *fmt);
			continue;
		}
		fmt++;
		int left = 0, width = 0, islong = 0;
		char fill = ' ';
		if (*fmt == '-')
			left = 1, fmt++;
		if (*fmt == '0')
			fill = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			islong = 1, fmt++;
		size_t start = b->len;
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = rt_strlen(s ? s : "(null)");
			if (!left)
				for (size_t i = n; (int)i < width; i++)
					rt_putc(b, ' ');
			rt_puts(b, s ? s : "(null)");
			break;
		}
		case 'c':
			rt_putc(b, (char)va_arg(ap, int));
			break;
		case 'd': {
			long v = islong ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0) {
				rt_putc(b, '-');
				put_unsigned(b, -(unsigned long)v, 10,
					     left ? 0 : width - 1, fill);
			} else {
				put_unsigned(b, (unsigned long)v, 10,
					     left ? 0 : width, fill);
			}
			break;
		}
		case 'u':
		case 'x': {
			unsigned long v = islong ? va_arg(ap, unsigned long)
						 : va_arg(ap, unsigned);
			put_unsigned(b, v, *fmt == 'x' ? 16 : 10, left ? 0 : width,
				     fill);
			break;
		}
		case 'p':
			rt_puthex(b, (unsigned long)va_arg(ap, void *));
			break;
		case '%':
			rt_putc(b, '%');
			break;
		default:
			rt_putc(b, '%');
			rt_putc(b, *fmt);
			break;
		}
		if (left)
			while ((int)(b->len - start) < width && b->len < b->cap)
				rt_putc(b, ' ');
		if (!*fmt)
			break;
	}
}

void rt_printf(struct rt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf_buf(b, fmt, ap);
	va_end(ap);
}

int rt_reason(char *err, size_t errlen, const char *a, const char *b,
	      const char *c)
{
	struct rt_buf e = { .p = err, .cap = errlen - 1 };
	rt_puts(&e, a ? a : "");
	rt_puts(&e, b ? b : "");
	rt_puts(&e, c ? c : "");
	err[e.len] = 0;
	return -EINVAL;
}

int rt_reason_token(char *err, size_t errlen, const char *what,
		    const char *token, size_t n)
{
	struct rt_buf e = { .p = err, .cap = errlen - 1 };
	rt_puts(&e, what);
	if (token) {
		rt_puts(&e, " '");
		rt_putn(&e, token, n);
		rt_putc(&e, '\'');
	}
	err[e.len] = 0;
	return -EINVAL;
}

long rt_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	while (done < len) {
		long r = pv_k3(SYS_write, fd, p + done, len - done);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
	}
	return (long)done;
}

void rt_diag(int fd, const char *fmt, ...)
{
	char line[512];
	struct rt_buf b = RT_BUF(line);
	va_list ap;
	rt_puts(&b, "purevirt: ");
	va_start(ap, fmt);
	vprintf_buf(&b, fmt, ap);
	va_end(ap);
	if (b.len == b.cap)
		b.len--;
	b.p[b.len++] = '\n';
	rt_write_all(fd, b.p, b.len);
}

/* Our own process id, for process_vm_readv/writev on ourselves.  Threads
 * share it; a new process forgets it (rt_forget_pid, called by the runtime
 * in every child it makes). */
static long self_pid;

void rt_forget_pid(void) { self_pid = 0; }

static long pid(void)
{
	if (!self_pid)
		self_pid = pv_k0(SYS_getpid);
	return self_pid;
}

static long vm_copy(long nr, void *local, const void *remote, size_t len)
{
	struct iovec l = { local, len }, r = { (void *)remote, len };
	if (!len)
		return 0;
	return pv_k6(nr, pid(), &l, 1, &r, 1, 0);
}

long rt_peek(void *dst, const void *src, size_t len)
{
	long n = vm_copy(SYS_process_vm_readv, dst, src, len);
	return n >= 0 && (size_t)n < len ? -EFAULT : n;
}

long rt_poke(void *dst, const void *src, size_t len)
{
	struct iovec l = { (void *)src, len }, r = { dst, len };
	if (!len)
		return 0;
	long n = pv_k6(SYS_process_vm_writev, pid(), &l, 1, &r, 1, 0);
	return n >= 0 && (size_t)n < len ? -EFAULT : n;
}

long rt_peek_str(char *dst, const void *src, size_t cap)
{
	size_t got = 0;
	const char *s = src;
	if (!cap)
		return 0;
	while (got < cap - 1) {
		/* never ask for bytes beyond the page holding s[got]: the next
		 * page may be unmapped although the string ends before it */
		size_t page_left = 4096 - ((uintptr_t)(s + got) & 4095);
		size_t want = cap - 1 - got;
		if (want > page_left)
			want = page_left;
		long n = vm_copy(SYS_process_vm_readv, dst + got, s + got, want);
		if (n <= 0)
			return -EFAULT; /* no terminating NUL readable */
		size_t l = rt_strnlen(dst + got, (size_t)n);
		if (l < (size_t)n) {
			dst[got + l] = 0;
			return (long)(got + l);
		}
		got += (size_t)n;
	}
	dst[cap - 1] = 0;
	return (long)cap;
}

long rt_peek_vector(void **dst, void *const *src, size_t max)
{
	size_t n = 0;
	while (n < max) {
		/* up to the end of the page holding src[n], at most what fits */
		size_t page_left = (4096 - ((uintptr_t)(src + n) & 4095)) / sizeof *src;
		size_t want = max - n < page_left ? max - n : page_left;
		if (!want)
			want = 1;
		long got = vm_copy(SYS_process_vm_readv, dst + n, src + n,
				   want * sizeof *src);
		if (got < (long)sizeof *src)
			return -EFAULT;
		size_t k = (size_t)got / sizeof *src;
		for (size_t i = 0; i < k; i++)
			if (!dst[n + i])
				return (long)(n + i);
		n += k;
	}
	return -E2BIG;
}

const char *rt_getenv(char *const *envp, const char *name)
{
	size_t n = rt_strlen(name);
	for (; envp && *envp; envp++)
		if (!rt_strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

void *rt_alloc(size_t size)
{
	static char *cur, *end;
	static int lock;
	size = (size + 15) & ~(size_t)15;
	if (size > 32768) { /* big ones get their own mapping */
		long m = pv_k6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return pv_is_error(m) ? NULL : (void *)m;
	}
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		;
	void *p = NULL;
	if (!cur || (size_t)(end - cur) < size) {
		long m = pv_k6(SYS_mmap, 0, 65536, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (!pv_is_error(m)) {
			cur = (char *)m;
			end = cur + 65536;
		}
	}
	if (cur && (size_t)(end - cur) >= size) {
		p = cur;
		cur += size;
	}
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	return p;
}

char *rt_strdup(const char *s)
{
	size_t n = rt_strlen(s) + 1;
	char *d = rt_alloc(n);
	if (d)
		rt_memcpy(d, s, n);
	return d;
}
