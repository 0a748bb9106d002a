/* transcript.h - what a sequence of operations gave, as text, for tests
 * that run the same steps on our implementation and on glibc's and compare
 * the two transcripts.  Include after <cmocka.h>.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_TESTS_TRANSCRIPT_H
#define PV_TESTS_TRANSCRIPT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
	char *s;
	size_t len, cap;
};

static inline void rec(struct rec *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void rec(struct rec *r, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(r->s ? r->s + r->len : NULL,
				  r->s ? r->cap - r->len : 0, fmt, ap);
		va_end(ap);
		if (r->s && (size_t)n < r->cap - r->len) {
			r->len += (size_t)n;
			return;
		}
		r->cap = (r->cap + (size_t)n + 1) * 2;
		r->s = realloc(r->s, r->cap);
		assert_non_null(r->s);
	}
}

static inline void rec_free(struct rec *r) { free(r->s); }

/* Fails with the first line where the two transcripts part; frees both. */
static inline void same_transcript(struct rec *ours_r, struct rec *glibc_r)
{
	const char *a0 = ours_r->s ? ours_r->s : "";
	const char *a = a0, *b = glibc_r->s ? glibc_r->s : "";
	int line = 1;
	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++, b++;
	}
	int differ = *a || *b;
	if (differ) {
		while (a > a0 && a[-1] != '\n')
			a--, b--;
		const char *from = a;
		for (int k = 0; k < 6 && from > a0; k++)
			do
				from--;
			while (from > a0 && from[-1] != '\n');
		print_error("transcripts differ at line %d, after\n%.*s\n"
			    "purevirt: %.*s\nglibc:    %.*s\n",
			    line, (int)(a - from), from, (int)strcspn(a, "\n"), a,
			    (int)strcspn(b, "\n"), b);
	}
	rec_free(ours_r);
	rec_free(glibc_r);
	if (differ)
		fail();
}

#endif
