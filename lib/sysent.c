/* sysent.c - system call names and numbers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sysent.h"
#include "rt.h"

static const char *const names[] = {
#include "syscall_names.h"
};

const int pv_nsyscalls = (int)PV_ARRAY_SIZE(names);

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

int pv_syscall_nargs(long nr)
{
	(void)nr;
	return 6;
}
