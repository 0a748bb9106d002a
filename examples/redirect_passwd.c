/* redirect_passwd.c - an application that virtualizes itself: it pushes a
 * layer that makes /etc/passwd read as another file, then reads /etc/passwd
 * three ways.  All three see the other file:
 *   - stdio (fopen/fgets), re-implemented by libpurevirt on its wrappers;
 *   - open/read, the exported wrappers;
 *   - syscall(SYS_openat, ...), and the same call as a bare `syscall`
 *     instruction, which only the trap (hybrid mode) can see.
 *
 *   usage: redirect_passwd OTHER-FILE
 */
#include <purevirt.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *other;

static long redirect(struct pv_syscall *call, void *data)
{
	(void)data;
	/* the layer sees the kernel's call: open() arrives as openat */
	if (call->nr == SYS_openat && call->arg[1] &&
	    strcmp((const char *)call->arg[1], "/etc/passwd") == 0) {
		struct pv_syscall changed = *call; /* callers above keep theirs */
		changed.arg[1] = (long)other;
		return pv_next(&changed);
	}
	return pv_next(call);
}

static void first_line(const char *how, int fd)
{
	char buf[256] = "";
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("%-16s %s\n", how, buf);
	close(fd);
}

static long inline_openat(const char *path)
{
	long r;
	register long a3 __asm__("r10") = 0;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"((long)SYS_openat), "D"((long)AT_FDCWD), "S"(path),
			   "d"((long)O_RDONLY), "r"(a3)
			 : "rcx", "r11", "memory");
	return r;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OTHER-FILE\n", argv[0]);
		return 2;
	}
	other = argv[1];
	struct pv_layer layer = { .name = "redirect", .handler = redirect };
	if (pv_push(&layer) < 0 || pv_set_mode(PV_MODE_HYBRID) < 0) {
		fprintf(stderr, "cannot start purevirt\n");
		return 1;
	}

	char line[256] = "";
	FILE *f = fopen("/etc/passwd", "r");
	if (!f || !fgets(line, sizeof line, f))
		return 1;
	fclose(f);
	line[strcspn(line, "\n")] = 0;
	printf("%-16s %s\n", "fopen/fgets", line);

	first_line("open/read", open("/etc/passwd", O_RDONLY));
	first_line("syscall()", (int)syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY));
	first_line("inline syscall", (int)inline_openat("/etc/passwd"));
	return 0;
}
