/* calls.c - facts about calls that several built-in layers need.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "layers.h"
#include "rt.h"

#include <sys/syscall.h>

int pv_call_makes_task(long nr)
{
	return nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork ||
	       nr == SYS_vfork;
}

unsigned long pv_call_clone_flags(const struct pv_syscall *call)
{
	if (call->nr == SYS_clone)
		return (unsigned long)call->arg[0];
	if (call->nr == SYS_clone3) {
		unsigned long f;
		if (rt_peek(&f, (void *)call->arg[0], sizeof f) == sizeof f)
			return f;
	}
	return 0; /* fork and vfork: a new process of its own */
}
