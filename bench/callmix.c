/* callmix.c - a diagnostic layer: counts, per process, how the program's
 * calls reached the stack -- through a libc wrapper (the fast path) or by the
 * trap (SIGSYS, ~20x dearer) -- and which calls trapped.  It explains a
 * whole-program figure: under hybrid, every trapped call is one that no
 * wrapper covers yet.
 *
 *   purevirt -m hybrid -l ./callmix.so:FILE -l pass -- PROG...
 *
 * Appends one line per process image to FILE when it ends or execs:
 *   PID libc=N trap=N api=N trapped: NR=COUNT ...
 * Uses nothing but pv_kernel() and its own formatting, since a trapped call
 * may arrive while the program holds a libc lock.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "purevirt.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sys/syscall.h>

#define MAX_NR 512

static unsigned long count[3][MAX_NR];
static int out_fd = -1;

static void put(char *buf, unsigned long *len, const char *s)
{
	while (*s && *len < 8000)
		buf[(*len)++] = *s++;
}

static void put_num(char *buf, unsigned long *len, unsigned long v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 23);
	while (n && *len < 8000)
		buf[(*len)++] = tmp[--n];
}

static void reset(void)
{
	for (int o = 0; o < 3; o++)
		for (int i = 0; i < MAX_NR; i++)
			count[o][i] = 0;
}

/* A new process (not a thread) after fork, vfork or clone: it inherited the
 * parent's counts, which the parent will report itself. */
static int new_process(const struct pv_syscall *call)
{
	switch (call->nr) {
	case SYS_fork:
	case SYS_vfork:
		return 1;
	case SYS_clone:
		return !(call->arg[0] & CLONE_THREAD);
	case SYS_clone3:
		/* the kernel has read the struct: it is there to read */
		return !(*(const unsigned long *)call->arg[0] & CLONE_THREAD);
	}
	return 0;
}

static void report(void)
{
	char buf[8192];
	unsigned long len = 0, total[3] = { 0 };
	for (int o = 0; o < 3; o++)
		for (int i = 0; i < MAX_NR; i++)
			total[o] += count[o][i];
	put_num(buf, &len, (unsigned long)pv_kernel(SYS_getpid, 0, 0, 0, 0, 0, 0));
	put(buf, &len, " libc=");
	put_num(buf, &len, total[PV_ORIGIN_LIBC]);
	put(buf, &len, " trap=");
	put_num(buf, &len, total[PV_ORIGIN_TRAP]);
	put(buf, &len, " api=");
	put_num(buf, &len, total[PV_ORIGIN_API]);
	put(buf, &len, " trapped:");
	for (int i = 0; i < MAX_NR; i++) {
		if (!count[PV_ORIGIN_TRAP][i])
			continue;
		put(buf, &len, " ");
		put_num(buf, &len, (unsigned long)i);
		put(buf, &len, "=");
		put_num(buf, &len, count[PV_ORIGIN_TRAP][i]);
	}
	put(buf, &len, "\n");
	/* O_APPEND: the processes of a run share the file; one write a line */
	pv_kernel(SYS_write, out_fd, (long)buf, (long)len, 0, 0, 0);
	reset(); /* an execve that fails goes on counting afresh */
}

static long callmix(struct pv_syscall *call, void *data)
{
	(void)data;
	if (call->nr >= 0 && call->nr < MAX_NR && call->origin >= 0 &&
	    call->origin < 3)
		__atomic_fetch_add(&count[call->origin][call->nr], 1,
				   __ATOMIC_RELAXED);
	if (call->nr == SYS_exit_group || call->nr == SYS_execve ||
	    call->nr == SYS_execveat)
		report();
	long r = pv_next(call);
	if (r == 0 && new_process(call))
		reset();
	return r;
}

int purevirt_layer_init(const char *args, struct pv_layer *layer, char *err,
			unsigned long errlen)
{
	static const char usage[] = "callmix needs an output file: callmix.so:FILE";
	if (!args || !*args) {
		unsigned long i = 0;
		for (; usage[i] && i + 1 < errlen; i++)
			err[i] = usage[i];
		err[i] = 0;
		return -EINVAL;
	}
	if (out_fd < 0) {
		/* the file is the layer's own: close-on-exec, reopened by each
		 * process image; high enough to stay out of the program's way */
		long fd = pv_kernel(SYS_openat, AT_FDCWD, (long)args,
				    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644, 0, 0);
		if (fd >= 0) {
			long hi = pv_kernel(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 900, 0, 0, 0);
			if (hi >= 0) {
				pv_kernel(SYS_close, fd, 0, 0, 0, 0, 0);
				fd = hi;
			}
		}
		out_fd = (int)fd;
	}
	*layer = (struct pv_layer){ .name = "callmix", .handler = callmix };
	return 0;
}
