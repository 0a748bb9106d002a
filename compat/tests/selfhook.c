/* selfhook.c - a program written for purelibc: it links the redirect hook
 * (redirect.c) and calls _pure_start itself with PUREFLAG_STDALL, then
 * prints one "key: value" line per fact the test checks against the real
 * files and the errno values a native run gives.
 *
 *   usage: selfhook OTHER-FILE REFUSED-FILE  (a line on stdin)
 *   SELFHOOK_FLAGS=N in the environment: _pure_start's flags instead of
 *   PUREFLAG_STDALL.
 */
#include <purelibc.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern sfun redirect_real;
extern const char *redirect_to, *redirect_refuse;
extern long redirect_stdin_reads, redirect_stdout_writes, redirect_stderr_writes;
extern long redirect_getppid;
long redirect_syscall(long nr, ...);

static sfun upper_real;
static long upper_openat_passwd, upper_getppid;

/* A second hook in the same program, above the first. */
static long upper_syscall(long nr, ...)
{
	long a[6];
	va_list ap;
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_openat && a[1] && !strcmp((const char *)a[1], "/etc/passwd"))
		upper_openat_passwd++;
	if (nr == __NR_getppid)
		upper_getppid++;
	return upper_real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void first_line(const char *key, int fd)
{
	char buf[512] = "";
	if (fd < 0) {
		printf("%s: %s\n", key, strerror(errno));
		return;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("%s: %s\n", key, buf);
	close(fd);
}

/* A `syscall` instruction of the program's own: only the trap sees it. */
static long inline_openat(const char *path)
{
	long r;
	register long a3 __asm__("r10") = 0;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"((long)__NR_openat), "D"((long)AT_FDCWD), "S"(path),
			   "d"((long)O_RDONLY), "r"(a3)
			 : "rcx", "r11", "memory");
	return r;
}

static const char *yes(int b) { return b ? "yes" : "no"; }

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s OTHER-FILE REFUSED-FILE\n", argv[0]);
		return 2;
	}
	redirect_to = argv[1];
	redirect_refuse = argv[2];
	const char *flags = getenv("SELFHOOK_FLAGS");
	sfun real = _pure_start(redirect_syscall,
				flags ? atoi(flags) : PUREFLAG_STDALL);
	redirect_real = real;
	if (!real) {
		perror("_pure_start");
		return 1;
	}

	/* the standard streams, as the program's stdio uses them */
	char line[512] = "";
	long before = redirect_stdin_reads;
	if (!fgets(line, sizeof line, stdin))
		strcpy(line, "(nothing)\n");
	line[strcspn(line, "\n")] = 0;
	long stdin_seen = redirect_stdin_reads - before;
	before = redirect_stdout_writes;
	printf("stdin: %s\n", line);
	fflush(stdout);
	long stdout_seen = redirect_stdout_writes - before;
	before = redirect_stderr_writes;
	fprintf(stderr, "a line on stderr\n");
	long stderr_seen = redirect_stderr_writes - before;
	printf("stdin through handler: %s\n", yes(stdin_seen > 0));
	printf("stdout through handler: %s\n", yes(stdout_seen > 0));
	printf("stderr through handler: %s\n", yes(stderr_seen > 0));

	/* the redirection, every way the program can open a file */
	FILE *f = fopen("/etc/passwd", "r");
	if (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		printf("fopen: %s\n", line);
	} else {
		printf("fopen: %s\n", strerror(errno));
	}
	if (f)
		fclose(f);
	first_line("open", open("/etc/passwd", O_RDONLY));
	first_line("inline", (int)inline_openat("/etc/passwd"));

	/* the return convention, both ways */
	first_line("refused", open(redirect_refuse, O_RDONLY));
	first_line("missing", open("/nonexistent/purevirt", O_RDONLY));
	errno = 4242;
	pid_t ppid = getppid();
	printf("errno after getppid: %d\n", errno);
	printf("getppid: %s\n", yes(ppid == (pid_t)real(__NR_getppid) &&
				    redirect_getppid > 0));

	/* the returned function, called from the program: below the hook */
	first_line("real from main",
		   (int)real(__NR_openat, AT_FDCWD, "/etc/passwd", O_RDONLY, 0, 0, 0));
	first_line("real missing",
		   (int)real(__NR_openat, AT_FDCWD, "/nonexistent/purevirt", O_RDONLY));

	/* a second _pure_start: a layer above the first, reaching it */
	upper_real = _pure_start(upper_syscall, 0);
	printf("distinct functions: %s\n", yes(upper_real && upper_real != real));
	first_line("nested open", open("/etc/passwd", O_RDONLY));
	printf("upper saw the open: %s\n", yes(upper_openat_passwd == 1));
	long low = redirect_getppid, up = upper_getppid;
	upper_real(__NR_getppid);
	printf("upper's function reaches the lower hook only: %s\n",
	       yes(redirect_getppid == low + 1 && upper_getppid == up));

	/* longer than any buffer a formatter might keep on its stack */
	static char x[3001];
	memset(x, 'x', sizeof x - 1);
	long n = _pure_debug_printf("long: %s\n", x);
	printf("debug printf returned: %ld\n", n);
	return 0;
}
