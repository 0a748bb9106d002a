/* observe_probe.c - a deterministic program for the count and inject tests:
 * each command makes a known sequence of system calls and prints what each
 * one gave, so that a run under a layer can be compared with a run under
 * strace.
 *
 *   open N FILE     N openat calls of FILE, one line each
 *   write N         N lines, each with its own write()
 *   net             socket, socketpair, then a line for each result
 *   getpid N        N getpid calls; a SIGUSR1 handler says when it runs
 *   bits N          N getppid calls: a line of 0 and 1, 1 where one failed
 *   threads N M     N threads, one after another, each making M getppid
 *                   calls and printing how many failed
 *   forks N M       N child processes, one after another, each as one
 *                   thread of `threads`
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Output through write(2) only, so that what a failing write does is
 * plain: each line is one write. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof line || write(1, line, (size_t)n) != n)
		exit(3);
}

static const char *result(long r)
{
	static char buf[64];
	if (r >= 0)
		snprintf(buf, sizeof buf, "ok");
	else
		snprintf(buf, sizeof buf, "%s", strerror(errno));
	return buf;
}

static void on_usr1(int sig)
{
	(void)sig;
	static const char msg[] = "SIGUSR1 handler\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		_exit(4);
}

static int failed_getppid(int m)
{
	int failed = 0;
	for (int i = 0; i < m; i++)
		failed += syscall(SYS_getppid) < 0;
	return failed;
}

static void *thread_main(void *arg)
{
	return (void *)(long)failed_getppid((int)(long)arg);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: observe_probe open|write|net|getpid|bits|threads|forks ...\n");
		return 2;
	}
	const char *cmd = argv[1];
	int n = atoi(argv[2]);
	if (!strcmp(cmd, "open") && argc == 4) {
		for (int i = 0; i < n; i++) {
			int fd = open(argv[3], O_RDONLY);
			say("open %d: %s\n", i + 1, result(fd));
			if (fd >= 0)
				close(fd);
		}
	} else if (!strcmp(cmd, "write")) {
		for (int i = 0; i < n; i++) {
			char line[32];
			int len = snprintf(line, sizeof line, "line %d\n", i + 1);
			if (write(1, line, (size_t)len) < 0) {
				char err[64];
				len = snprintf(err, sizeof err, "write %d: %s\n", i + 1,
					       strerror(errno));
				if (write(2, err, (size_t)len) < 0)
					return 5;
			}
		}
	} else if (!strcmp(cmd, "net")) {
		int fds[2];
		long s = socket(AF_INET, SOCK_STREAM, 0);
		say("socket: %s\n", result(s));
		long p = socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
		say("socketpair: %s\n", result(p));
		return s < 0 || p < 0;
	} else if (!strcmp(cmd, "getpid")) {
		signal(SIGUSR1, argc > 3 ? on_usr1 : SIG_DFL);
		for (int i = 0; i < n; i++) {
			long pid = syscall(SYS_getpid);
			say("getpid %d: %s\n", i + 1, pid == getpid() ? "same" : "other");
		}
	} else if (!strcmp(cmd, "bits")) {
		char bits[4097]; /* say() takes 8191 bytes */
		if (n > 4096)
			n = 4096;
		for (int i = 0; i < n; i++)
			bits[i] = syscall(SYS_getppid) < 0 ? '1' : '0';
		bits[n] = 0;
		say("%s\n", bits);
	} else if (!strcmp(cmd, "threads") && argc == 4) {
		for (int i = 0; i < n; i++) {
			pthread_t t;
			void *failed;
			if (pthread_create(&t, NULL, thread_main,
					   (void *)(long)atoi(argv[3])) ||
			    pthread_join(t, &failed))
				return 6;
			say("thread %d: %ld failed\n", i + 1, (long)failed);
		}
	} else if (!strcmp(cmd, "forks") && argc == 4) {
		for (int i = 0; i < n; i++) {
			pid_t pid = fork();
			if (pid < 0)
				return 7;
			if (pid == 0) {
				say("child %d: %d failed\n", i + 1,
				    failed_getppid(atoi(argv[3])));
				_exit(0);
			}
			int st;
			if (waitpid(pid, &st, 0) != pid || st)
				return 8;
		}
	} else {
		fprintf(stderr, "observe_probe: bad command\n");
		return 2;
	}
	return 0;
}
