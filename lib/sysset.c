/* sysset.c - parsing strace's system call sets.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sysset.h"
#include "rt.h"
#include "sysent.h"

#include <errno.h>

#define WORD_BITS (8 * sizeof(unsigned long))

/* strace's class names.  Which calls a class holds is the classes column of
 * syscalls.def; this table only names the bits.  The names without '%' are
 * the ones strace still accepts from before classes had one. */
static const struct {
	const char *name;
	unsigned bit;
} classes[] = {
	{ "%file", TRACE_FILE },
	{ "%desc", TRACE_DESC },
	{ "%network", TRACE_NETWORK },
	{ "%net", TRACE_NETWORK },
	{ "%process", TRACE_PROCESS },
	{ "%signal", TRACE_SIGNAL },
	{ "%ipc", TRACE_IPC },
	{ "%memory", TRACE_MEMORY },
	{ "%creds", TRACE_CREDS },
	{ "%clock", TRACE_CLOCK },
	{ "%stat", TRACE_STAT },
	{ "%lstat", TRACE_LSTAT },
	{ "%fstat", TRACE_FSTAT },
	{ "%%stat", TRACE_STAT_LIKE },
	{ "%statfs", TRACE_STATFS },
	{ "%fstatfs", TRACE_FSTATFS },
	{ "%%statfs", TRACE_STATFS_LIKE },
	{ "%pure", TRACE_PURE },
	{ "file", TRACE_FILE },
	{ "desc", TRACE_DESC },
	{ "network", TRACE_NETWORK },
	{ "process", TRACE_PROCESS },
	{ "signal", TRACE_SIGNAL },
	{ "ipc", TRACE_IPC },
	{ "memory", TRACE_MEMORY },
};

void pv_sysset_add(struct pv_sysset *s, long nr)
{
	if (nr >= 0 && nr < PV_SYSSET_NBITS)
		s->bits[nr / WORD_BITS] |= 1UL << (nr % WORD_BITS);
}

void pv_sysset_fill(struct pv_sysset *s)
{
	rt_memset(s->bits, 0xff, sizeof s->bits);
	s->others = 1;
}

void pv_sysset_clear(struct pv_sysset *s) { rt_memset(s, 0, sizeof *s); }

int pv_sysset_count(const struct pv_sysset *s)
{
	int n = 0;
	for (size_t i = 0; i < PV_ARRAY_SIZE(s->bits); i++)
		n += __builtin_popcountl(s->bits[i]);
	return n;
}

static int token_is(const char *tok, size_t n, const char *word)
{
	return rt_strlen(word) == n && !rt_strncmp(tok, word, n);
}

/* Adds one comma-separated token to s. */
static int add_token(struct pv_sysset *s, const char *tok, size_t n, char *err,
		     size_t errlen)
{
	int optional = n && tok[0] == '?';
	const char *name = tok + optional;
	size_t len = n - (size_t)optional;
	char buf[64];

	if (token_is(name, len, "all")) {
		pv_sysset_fill(s);
		return 0;
	}
	if (token_is(name, len, "none"))
		return 0;
	for (size_t i = 0; i < PV_ARRAY_SIZE(classes); i++) {
		if (!token_is(name, len, classes[i].name))
			continue;
		for (long nr = 0; nr < pv_nsyscalls; nr++)
			if (pv_syscall_classes(nr) & classes[i].bit)
				pv_sysset_add(s, nr);
		return 0;
	}
	if (len && name[0] == '/')
		return optional ? 0 : rt_reason_token(err, errlen,
			"regular expressions are not supported:", tok, n);
	if (len >= sizeof buf)
		return optional ? 0 : rt_reason_token(err, errlen, "unknown system call", tok, n);
	rt_memcpy(buf, name, len);
	buf[len] = 0;
	long nr = pv_syscall_number(buf);
	if (nr < 0 && len && buf[0] >= '0' && buf[0] <= '9' &&
	    rt_parse_long(buf, 10, &nr) == 0 &&
	    (nr >= pv_nsyscalls || nr >= PV_SYSSET_NBITS))
		nr = -1;
	if (nr < 0) {
		if (optional)
			return 0;
		return rt_reason_token(err, errlen,
			    len && name[0] == '%' ? "unknown class"
						  : "unknown system call",
			    tok, n);
	}
	pv_sysset_add(s, nr);
	return 0;
}

int pv_sysset_parse(struct pv_sysset *set, const char *spec, size_t len,
		    char *err, size_t errlen)
{
	const char *whole = spec;
	size_t whole_len = len;
	int negate = 0, tokens = 0;
	pv_sysset_clear(set);
	while (len && *spec == '!') { /* "!!read" is "read", as in strace */
		negate ^= 1;
		spec++;
		len--;
	}
	/* Empty tokens between commas are skipped, as strace skips them; a
	 * set with no token at all is refused, as strace refuses it. */
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && spec[i] != ',')
			continue;
		if (i > start) {
			int r = add_token(set, spec + start, i - start, err, errlen);
			if (r < 0)
				return r;
			tokens++;
		}
		start = i + 1;
	}
	if (!tokens)
		return rt_reason_token(err, errlen, "empty system call set", whole, whole_len);
	if (negate) {
		for (size_t i = 0; i < PV_ARRAY_SIZE(set->bits); i++)
			set->bits[i] = ~set->bits[i];
		set->others = !set->others;
	}
	return 0;
}
