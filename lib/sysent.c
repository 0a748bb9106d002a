/* sysent.c - system call names and numbers, and the per-call facts of
 * syscalls.def.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sysent.h"
#include "rt.h"

#include <asm/unistd_64.h>

static const char *const names[] = {
#include "syscall_names.h"
};

const int pv_nsyscalls = (int)PV_ARRAY_SIZE(names);

struct sysent {
	unsigned char described, nargs, ret;
	unsigned char arg[6];
	unsigned classes;
};

/* A row names the call by its header name, so a call the headers do not
 * know is a compile error rather than a silently wrong number.  The
 * argument count is the number of kinds given. */
#define SYSCALL(name, cls, r, ...)                                             \
	[__NR_##name] = { 1,                                                   \
			  sizeof((const unsigned char[]){ 0, ##__VA_ARGS__ }) - 1, \
			  r, { __VA_ARGS__ }, cls },

static const struct sysent table[] = {
#include "syscalls.def"
};
#undef SYSCALL

static const struct sysent *entry(long nr)
{
	if (nr < 0 || nr >= (long)PV_ARRAY_SIZE(table) || !table[nr].described)
		return NULL;
	return &table[nr];
}

const char *pv_syscall_name(long nr)
{
	if (nr < 0 || nr >= pv_nsyscalls)
		return NULL;
	return names[nr];
}

long pv_syscall_number(const char *name)
{
	for (int i = 0; i < pv_nsyscalls; i++)
		if (names[i] && !rt_strcmp(names[i], name))
			return i;
	return -1;
}

int pv_syscall_described(long nr) { return entry(nr) != NULL; }

int pv_syscall_nargs(long nr)
{
	const struct sysent *e = entry(nr);
	return e ? e->nargs : 6;
}

enum pv_arg_kind pv_syscall_arg_kind(long nr, int i)
{
	const struct sysent *e = entry(nr);
	if (!e || i < 0 || i >= e->nargs)
		return A_HEX;
	return (enum pv_arg_kind)e->arg[i];
}

enum pv_ret_kind pv_syscall_ret_kind(long nr)
{
	const struct sysent *e = entry(nr);
	return e ? (enum pv_ret_kind)e->ret : R_DEC;
}

unsigned pv_syscall_classes(long nr)
{
	const struct sysent *e = entry(nr);
	return e ? e->classes : 0;
}
