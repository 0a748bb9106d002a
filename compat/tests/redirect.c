/* redirect.c - a hook written against purelibc's documented interface only.
 *
 * It makes /etc/passwd read as the file named in PURE_REDIRECT_TO, refuses
 * to open the file named in PURE_REFUSE (EXDEV, which no open of an
 * existing file gives natively), and counts what the program's standard
 * streams do, so that a program linking it can tell whether its stdio went
 * through the handler.
 *
 * Built twice: as a shared object to preload after libpurelibc.so
 * (HOOK_PRELOAD: it starts itself from a constructor), and linked into
 * selfhook.c, which calls _pure_start itself.
 */
#include <purelibc.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

sfun redirect_real;
const char *redirect_to, *redirect_refuse;
long redirect_stdin_reads, redirect_stdout_writes, redirect_stderr_writes;
long redirect_getppid;

static int is(long path, const char *name)
{
	return name && path && strcmp((const char *)path, name) == 0;
}

long redirect_syscall(long nr, ...)
{
	long a[6];
	va_list ap;
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);

	switch (nr) {
	case __NR_openat:
		if (is(a[1], "/etc/passwd") && redirect_to) {
			_pure_debug_printf("redirect: /etc/passwd -> %s\n", redirect_to);
			a[1] = (long)redirect_to;
		} else if (is(a[1], redirect_refuse)) {
			errno = EXDEV;
			return -1;
		}
		break;
	case __NR_read:
		if (a[0] == 0)
			__atomic_add_fetch(&redirect_stdin_reads, 1, __ATOMIC_RELAXED);
		break;
	case __NR_write:
		if (a[0] == 1)
			__atomic_add_fetch(&redirect_stdout_writes, 1, __ATOMIC_RELAXED);
		if (a[0] == 2)
			__atomic_add_fetch(&redirect_stderr_writes, 1, __ATOMIC_RELAXED);
		break;
	case __NR_getppid:
		__atomic_add_fetch(&redirect_getppid, 1, __ATOMIC_RELAXED);
		/* a failing call of the handler's own: it sets errno, which
		 * the program must not see after its successful getppid */
		redirect_real(__NR_close, -1);
		break;
	}
	return redirect_real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

#ifdef HOOK_PRELOAD
__attribute__((constructor)) static void redirect_start(void)
{
	redirect_to = getenv("PURE_REDIRECT_TO");
	redirect_refuse = getenv("PURE_REFUSE");
	redirect_real = _pure_start(redirect_syscall, PUREFLAG_STDALL);
}
#endif
