/* names.c - errno and signal names (see names.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "names.h"
#include "rt.h"

struct errent {
	const char *name, *msg;
};

static const struct errent errnos[] = {
#include "trace_errnos.h"
};

/* Codes the kernel uses inside and that only a tracer normally sees; the
 * headers programs get do not have them (they are in the kernel's own
 * include/linux/errno.h).  strace accepts them in inject=...:error= too. */
#define KERNEL_ERRNO_BASE 512
static const struct errent kernel_errnos[] = {
	[512 - KERNEL_ERRNO_BASE] = { "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	[513 - KERNEL_ERRNO_BASE] = { "ERESTARTNOINTR", "To be restarted" },
	[514 - KERNEL_ERRNO_BASE] = { "ERESTARTNOHAND", "To be restarted if no handler" },
	[515 - KERNEL_ERRNO_BASE] = { "ENOIOCTLCMD", NULL },
	[516 - KERNEL_ERRNO_BASE] = { "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	[517 - KERNEL_ERRNO_BASE] = { "EPROBE_DEFER", NULL },
	[518 - KERNEL_ERRNO_BASE] = { "EOPENSTALE", NULL },
	[521 - KERNEL_ERRNO_BASE] = { "EBADHANDLE", NULL },
	[522 - KERNEL_ERRNO_BASE] = { "ENOTSYNC", NULL },
	[523 - KERNEL_ERRNO_BASE] = { "EBADCOOKIE", NULL },
	[524 - KERNEL_ERRNO_BASE] = { "ENOTSUPP", NULL },
	[525 - KERNEL_ERRNO_BASE] = { "ETOOSMALL", NULL },
	[526 - KERNEL_ERRNO_BASE] = { "ESERVERFAULT", NULL },
	[527 - KERNEL_ERRNO_BASE] = { "EBADTYPE", NULL },
	[528 - KERNEL_ERRNO_BASE] = { "EJUKEBOX", NULL },
	[529 - KERNEL_ERRNO_BASE] = { "EIOCBQUEUED", NULL },
	[530 - KERNEL_ERRNO_BASE] = { "ERECALLCONFLICT", NULL },
};

static const struct errent *errent(long err)
{
	if (err > 0 && err < (long)PV_ARRAY_SIZE(errnos))
		return &errnos[err];
	if (err >= KERNEL_ERRNO_BASE &&
	    err < KERNEL_ERRNO_BASE + (long)PV_ARRAY_SIZE(kernel_errnos))
		return &kernel_errnos[err - KERNEL_ERRNO_BASE];
	return NULL;
}

const char *pv_errno_name(long err)
{
	const struct errent *e = errent(err);
	return e ? e->name : NULL;
}

const char *pv_errno_message(long err)
{
	const struct errent *e = errent(err);
	return e ? e->msg : NULL;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

static int same_nocase(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b))
		a++, b++;
	return *a == *b;
}

long pv_errno_number(const char *name)
{
	for (long i = 1; i < (long)PV_ARRAY_SIZE(errnos); i++)
		if (errnos[i].name && same_nocase(errnos[i].name, name))
			return i;
	for (long i = 0; i < (long)PV_ARRAY_SIZE(kernel_errnos); i++)
		if (kernel_errnos[i].name && same_nocase(kernel_errnos[i].name, name))
			return KERNEL_ERRNO_BASE + i;
	return -1;
}

static const char *const signames[] = {
#include "trace_signames.h"
};

const char *pv_signal_name(int sig)
{
	if (sig > 0 && sig < (int)PV_ARRAY_SIZE(signames))
		return signames[sig];
	return NULL;
}

int pv_signal_number(const char *name)
{
	if (lower(name[0]) == 's' && lower(name[1]) == 'i' && lower(name[2]) == 'g')
		name += 3;
	for (int i = 1; i < (int)PV_ARRAY_SIZE(signames); i++)
		if (signames[i] && same_nocase(signames[i] + 3, name))
			return i;
	if (same_nocase("rtmin", name))
		return PV_SIGRTMIN_KERNEL;
	if (lower(name[0]) == 'r' && lower(name[1]) == 't' && name[2] == '_') {
		long n;
		if (rt_parse_long(name + 3, 10, &n) == 0 && name[3] >= '1' &&
		    name[3] <= '9' && n <= PV_NSIG_KERNEL - PV_SIGRTMIN_KERNEL)
			return PV_SIGRTMIN_KERNEL + (int)n;
	}
	return -1;
}
