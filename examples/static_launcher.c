/* static_launcher.c - a launcher of your own: runs a program -- statically
 * linked or not -- inside this process, under a layer linked into it.
 *
 *   static_launcher PROG [ARGS...]
 *
 * LD_PRELOAD cannot put a layer into a statically linked program, and the
 * purevirt command only knows its built-in layers there.  A launcher linked
 * with libpurevirt.a can: it loads the program with pv_load_program(),
 * pushes its layers and jumps into the program with pv_start_program().
 *
 * The layer here makes uname() report the node name "virtual-host" and, when
 * the program exits, says how many system calls it made (strace counts the
 * same).  Once the program runs it owns the process -- the FS register, its
 * own libc -- so the layer uses no libc at all: it passes calls on with
 * pv_next(), does its own output with pv_kernel(), and the launcher is
 * built without the stack protector, whose canary lives at %fs:0x28.
 * Build: cc -fno-stack-protector static_launcher.c libpurevirt.a -ldl -lpthread
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <purevirt.h>

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

extern char **environ;

static unsigned long calls;
static int out = 2; /* a copy of stderr: programs close theirs at exit */

/* Output without libc. */
static void put(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	pv_kernel(SYS_write, out, (long)s, (long)n, 0, 0, 0);
}

static void report(void)
{
	char num[24], *p = num + sizeof num - 1;
	unsigned long n = __atomic_load_n(&calls, __ATOMIC_RELAXED);
	*p = 0;
	do
		*--p = (char)('0' + n % 10);
	while (n /= 10);
	put("static_launcher: ");
	put(p);
	put(" system calls\n");
}

static long layer(struct pv_syscall *call, void *data)
{
	(void)data;
	__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
	if (call->nr == SYS_exit_group)
		report();
	long r = pv_next(call);
	if (call->nr == SYS_uname && r == 0) {
		/* the kernel just filled it: the program's buffer is valid */
		struct utsname *u = (struct utsname *)call->arg[0];
		__builtin_memcpy(u->nodename, "virtual-host", sizeof "virtual-host");
	}
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		put("usage: static_launcher PROG [ARGS...]\n");
		return 2;
	}
	char err[256];
	if (pv_load_program(argv[1], argv + 1, environ, err, sizeof err) < 0) {
		put("static_launcher: ");
		put(argv[1]);
		put(": ");
		put(err);
		put("\n");
		return 126;
	}
	long fd = pv_kernel(SYS_fcntl, 2, F_DUPFD_CLOEXEC, 200, 0, 0, 0);
	if (fd >= 0)
		out = (int)fd;
	struct pv_layer l = { .name = "uname", .handler = layer };
	pv_push(&l);
	pv_start_program();
}
