/* counter.c - a hook written against purelibc's documented interface only:
 * it reports each openat it sees and each write to descriptors 1 and 2, and
 * passes everything on.  Its reports go out with _pure_debug_printf, so no
 * hook sees them as writes.  (Reported as they happen: a program like cat
 * closes stderr before the destructors run.)
 */
#include <purelibc.h>

#include <stdarg.h>
#include <sys/syscall.h>

static sfun real;

static long counter_syscall(long nr, ...)
{
	long a[6];
	va_list ap;
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);

	if (nr == __NR_openat)
		_pure_debug_printf("counter: openat %s\n", (const char *)a[1]);
	if (nr == __NR_write && (a[0] == 1 || a[0] == 2))
		_pure_debug_printf("counter: write to %ld\n", a[0]);
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

__attribute__((constructor)) static void counter_start(void)
{
	real = _pure_start(counter_syscall, 0);
}
