/* runner.c - runs one whole-program measurement: wall time and peak memory.
 *
 *   runner PROG [ARGS...]
 *
 * Prints "SECONDS MAXRSS_KB STATUS" on file descriptor 3 if it is open,
 * else on stderr, so that PROG's own output stays where the caller sent it.
 * MAXRSS_KB is getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest resident
 * set of any one process of the run (the kernel carries the maximum up
 * through every wait), which for a traced run includes the tracer.
 * Exits with PROG's status.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: runner PROG [ARGS...]\n");
		return 2;
	}
	int out = fcntl(3, F_GETFD) >= 0 ? 3 : 2;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		if (out == 3)
			close(3); /* not PROG's business */
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid) {
		perror("waitpid");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	dprintf(out, "%.6f %ld %d\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
		ru.ru_maxrss, status);
	return status;
}
