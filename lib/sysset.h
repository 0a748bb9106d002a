/* sysset.h - sets of system calls, written as strace writes them for
 * -e trace=SET, shared by every layer that takes one (trace, count, inject).
 *
 *   openat,read        names (or numbers), separated by commas
 *   %file %desc ...    strace's classes; membership is the classes column of
 *                      syscalls.def (pv_syscall_classes), never a list here
 *   file desc ...      the classes strace also accepts without '%'
 *   all, none          every call, no call
 *   ?name              a name that may be unknown: ignored if it is
 *   !SET               every call not in SET (a leading '!', as in strace,
 *                      negates the whole set)
 *
 * libc-free: parsed by layers' init functions, tested on the call path.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LIB_SYSSET_H
#define PV_LIB_SYSSET_H

#include <stddef.h>

/* Numbers below this are kept in the bitmap; x86-64 numbers stop well short
 * of it (the x32 ones, with bit 30 set, and -1 are "others"). */
#define PV_SYSSET_NBITS 1024

struct pv_sysset {
	unsigned long bits[PV_SYSSET_NBITS / (8 * sizeof(unsigned long))];
	int others; /* membership of numbers outside the bitmap */
};

/* Parses the len bytes at spec into *set.  Returns 0, or -EINVAL with a
 * one-line reason naming the bad token in err ("unknown system call
 * 'opnat'"). */
int pv_sysset_parse(struct pv_sysset *set, const char *spec, size_t len,
		    char *err, size_t errlen);

static inline int pv_sysset_has(const struct pv_sysset *s, long nr)
{
	if ((unsigned long)nr >= PV_SYSSET_NBITS)
		return s->others;
	return (int)((s->bits[nr / (8 * sizeof(unsigned long))] >>
		      (nr % (8 * sizeof(unsigned long)))) & 1);
}

void pv_sysset_add(struct pv_sysset *s, long nr);
void pv_sysset_fill(struct pv_sysset *s);   /* all */
void pv_sysset_clear(struct pv_sysset *s);  /* none */
/* Members below PV_SYSSET_NBITS. */
int pv_sysset_count(const struct pv_sysset *s);

#endif
