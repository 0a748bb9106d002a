/* trace_strings.c - strings, buffers and arrays of them, quoted the way
 * strace quotes them.
 *
 * strace's rules (default options): a byte that is printable ASCII is
 * itself, except '"' and '\\' which get a backslash; \t \n \v \f \r are
 * written so; any other byte is a backslash and its value in octal, with
 * as few digits as it needs unless the next byte is an octal digit, when
 * it takes all three ("\0" but "\0001").  Buffers show at most 32 bytes and
 * get "..." after the closing quote when cut; paths show up to PATH_MAX.
 * Some buffers (getrandom's) are always shown in \xNN form.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "trace_internal.h"

static void put_octal_escape(struct rt_buf *b, unsigned char ch, int full)
{
	rt_putc(b, '\\');
	if (full || ch >= 0100)
		rt_putc(b, (char)('0' + (ch >> 6)));
	if (full || ch >= 010)
		rt_putc(b, (char)('0' + ((ch >> 3) & 7)));
	rt_putc(b, (char)('0' + (ch & 7)));
}

void quote_bytes(struct rt_buf *b, const unsigned char *buf, size_t len,
		 int force_hex)
{
	static const char hex[] = "0123456789abcdef";
	rt_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = buf[i];
		if (force_hex) {
			rt_putc(b, '\\');
			rt_putc(b, 'x');
			rt_putc(b, hex[ch >> 4]);
			rt_putc(b, hex[ch & 15]);
			continue;
		}
		switch (ch) {
		case '"':
		case '\\':
			rt_putc(b, '\\');
			rt_putc(b, (char)ch);
			continue;
		case '\t': rt_puts(b, "\\t"); continue;
		case '\n': rt_puts(b, "\\n"); continue;
		case '\v': rt_puts(b, "\\v"); continue;
		case '\f': rt_puts(b, "\\f"); continue;
		case '\r': rt_puts(b, "\\r"); continue;
		default:
			break;
		}
		if (ch >= ' ' && ch <= '~') {
			rt_putc(b, (char)ch);
			continue;
		}
		int next_is_digit = i + 1 < len && buf[i + 1] >= '0' &&
				    buf[i + 1] <= '7';
		put_octal_escape(b, ch, next_is_digit);
	}
	rt_putc(b, '"');
}

void print_buf(struct rt_buf *b, unsigned long addr, unsigned long len,
	       int force_hex)
{
	unsigned char tmp[TR_STRLEN] = { 0 };
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	size_t n = len < TR_STRLEN ? len : TR_STRLEN;
	if (n && peek(tmp, addr, n)) {
		print_addr(b, addr);
		return;
	}
	quote_bytes(b, tmp, n, force_hex);
	if (len > n)
		rt_puts(b, "...");
}

void print_cstr(struct rt_buf *b, unsigned long addr, size_t max)
{
	char tmp[TR_PATHLEN + 2];
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (max > TR_PATHLEN)
		max = TR_PATHLEN;
	/* rt_peek_str cannot tell a string of cap-1 bytes from a longer one:
	 * ask for one byte more than is shown */
	long n = rt_peek_str(tmp, (const void *)addr, max + 2);
	if (n < 0) {
		print_addr(b, addr);
		return;
	}
	int cut = (size_t)n > max;
	quote_bytes(b, (const unsigned char *)tmp, cut ? max : (size_t)n, 0);
	if (cut)
		rt_puts(b, "...");
}

void print_path(struct rt_buf *b, unsigned long addr)
{
	print_cstr(b, addr, TR_PATHLEN);
}

/* argv: the strings, at most 32 of them, then "..." */
void print_argv(struct rt_buf *b, unsigned long addr)
{
	unsigned long p;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (peek(&p, addr, sizeof p)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	for (int i = 0;; i++) {
		if (peek(&p, addr + (unsigned long)i * sizeof p, sizeof p)) {
			if (i)
				rt_puts(b, ", ");
			rt_puts(b, "...");
			break;
		}
		if (!p)
			break;
		if (i)
			rt_puts(b, ", ");
		if (i == TR_MAXELEM) {
			rt_puts(b, "...");
			break;
		}
		print_cstr(b, p, TR_STRLEN);
	}
	rt_putc(b, ']');
}

/* envp, as strace shows it by default: where it is and how many. */
void print_envp(struct rt_buf *b, unsigned long addr)
{
	unsigned long p;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (peek(&p, addr, sizeof p)) {
		print_addr(b, addr);
		return;
	}
	unsigned long n = 0;
	/* the program's own start: the runtime knows how many variables the
	 * program was given, without the settings of the run */
	const struct pv_start_info *start = pv_start_info();
	if (start && addr == (unsigned long)start->envp)
		n = (unsigned long)start->nenv;
	else
		while (!peek(&p, addr + n * sizeof p, sizeof p) && p)
			n++;
	print_addr(b, addr);
	rt_printf(b, " /* %lu var%s */", n, n == 1 ? "" : "s");
}

void print_iovec(struct rt_buf *b, unsigned long addr, unsigned long count,
		 unsigned long datalen, int show_data)
{
	struct {
		unsigned long base, len;
	} iov;
	if (!addr || peek(&iov, addr, sizeof iov)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	for (unsigned long i = 0; i < count; i++) {
		if (i)
			rt_puts(b, ", ");
		if (i == TR_MAXELEM) {
			rt_puts(b, "...");
			break;
		}
		if (peek(&iov, addr + i * sizeof iov, sizeof iov)) {
			rt_puts(b, "...");
			break;
		}
		unsigned long n = iov.len < datalen ? iov.len : datalen;
		datalen -= n;
		rt_puts(b, "{iov_base=");
		if (show_data)
			print_buf(b, iov.base, n, 0);
		else
			print_addr(b, iov.base);
		rt_printf(b, ", iov_len=%lu}", iov.len);
	}
	rt_putc(b, ']');
}
