/* rt.h - libc-free helpers shared by the dispatch core and the built-in layers.
 *
 * Everything here may run inside the SIGSYS handler, in a statically linked
 * program that owns the FS register, or while the program holds a libc lock:
 * no malloc, no stdio, no errno, no TLS.  System calls go to the kernel
 * through pv_kernel().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PV_LIB_RT_H
#define PV_LIB_RT_H

#include <stddef.h>
#include <stdint.h>

#define PV_HIDDEN __attribute__((visibility("hidden")))
#define PV_EXPORT __attribute__((visibility("default")))
#define PV_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define PV_LIKELY(x) __builtin_expect(!!(x), 1)
#define PV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A raw system call, bypassing every layer (same as the public pv_kernel). */
long pv_kernel(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
#define pv_k0(n) pv_kernel((n), 0, 0, 0, 0, 0, 0)
#define pv_k1(n, a) pv_kernel((n), (long)(a), 0, 0, 0, 0, 0)
#define pv_k2(n, a, b) pv_kernel((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define pv_k3(n, a, b, c) pv_kernel((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define pv_k4(n, a, b, c, d)                                                   \
	pv_kernel((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define pv_k5(n, a, b, c, d, e)                                                \
	pv_kernel((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define pv_k6(n, a, b, c, d, e, f)                                             \
	pv_kernel((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e),  \
		  (long)(f))

static inline int pv_is_error(long r) { return (unsigned long)r > -4096UL; }

/* strings and memory */
size_t rt_strlen(const char *s);
size_t rt_strnlen(const char *s, size_t max);
int rt_strcmp(const char *a, const char *b);
int rt_strncmp(const char *a, const char *b, size_t n);
const char *rt_strchr(const char *s, int c);
int rt_startswith(const char *s, const char *prefix);
void *rt_memcpy(void *dst, const void *src, size_t n);
void *rt_memset(void *dst, int c, size_t n);
int rt_memcmp(const void *a, const void *b, size_t n);
/* Parses a decimal (or 0x hex, or leading-0 octal when base is 0) integer;
 * returns 0 on success and stores it, -1 if s is not entirely a number. */
int rt_parse_long(const char *s, int base, long *out);

/* A bounded output buffer: writes past the end are dropped and remembered. */
struct rt_buf {
	char *p;
	size_t len, cap;
	int overflow;
};
#define RT_BUF(arr) ((struct rt_buf){ .p = (arr), .len = 0, .cap = sizeof(arr) })
void rt_putc(struct rt_buf *b, char c);
void rt_puts(struct rt_buf *b, const char *s);
void rt_putn(struct rt_buf *b, const char *s, size_t n);
void rt_putdec(struct rt_buf *b, long v);
void rt_putudec(struct rt_buf *b, unsigned long v);
void rt_puthex(struct rt_buf *b, unsigned long v);  /* 0x1f */
void rt_putoct(struct rt_buf *b, unsigned long v);  /* 0644 (leading 0) */
void rt_putpad(struct rt_buf *b, size_t column);    /* spaces up to column */
/* Minimal printf: %s %d %u %ld %lu %x %lx %p %c %%, with an optional width
 * and '-' or '0' flag for numbers and strings. */
void rt_printf(struct rt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A layer's one-line reason for refusing its arguments, into err (errlen
 * bytes, NUL-terminated): the strings a, b and c one after the other (NULL
 * counts as empty).  Returns -EINVAL, what a layer's init returns then. */
int rt_reason(char *err, size_t errlen, const char *a, const char *b,
	      const char *c);
/* The same as "WHAT 'TOKEN'" for a token of n bytes (just WHAT when token is
 * NULL). */
int rt_reason_token(char *err, size_t errlen, const char *what,
		    const char *token, size_t n);
/* Writes all of buf to fd through the kernel, retrying short writes. */
long rt_write_all(int fd, const void *buf, size_t len);
/* Formats and writes one diagnostic line "purevirt: ...\n" to fd. */
void rt_diag(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reading and writing the program's memory without ever faulting: a bad
 * pointer gives -EFAULT (through process_vm_readv/writev on ourselves). */
long rt_peek(void *dst, const void *src, size_t len);   /* bytes or -errno */
long rt_poke(void *dst, const void *src, size_t len);   /* bytes or -errno */
/* Copies a NUL-terminated string of at most cap-1 bytes.  Returns its length,
 * cap if it was longer (dst then holds cap-1 bytes, NUL-terminated), or
 * -EFAULT. */
long rt_peek_str(char *dst, const void *src, size_t cap);

/* Copies a NULL-terminated array of pointers (argv, envp) of at most max
 * entries into dst, a page at a time; returns the count before the NULL,
 * -EFAULT, or -E2BIG when no NULL came within max. */
long rt_peek_vector(void **dst, void *const *src, size_t max);
/* The runtime calls this in every new process it creates. */
void rt_forget_pid(void);

/* Environment lookup in a NULL-terminated envp: value or NULL. */
const char *rt_getenv(char *const *envp, const char *name);



/* Zeroed memory that lives as long as the process (mmap-backed, never
 * freed): for a layer's state, created once. NULL when out of memory. */
void *rt_alloc(size_t size);
/* A copy of s in rt_alloc'd memory, or NULL. */
char *rt_strdup(const char *s);
#endif
