/* threads.c - the thread-heavy whole-program workload: THREADS threads, each
 * making ITERS rounds of getppid, open, read and close through glibc, at the
 * same time.  What it measures under a mechanism is the per-call cost plus
 * whatever the mechanism serialises between threads.
 *
 *   threads THREADS ITERS
 *
 * Prints the number of rounds made in all, so that a run that lost some
 * can be told from a good one.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long iters;

static void *work(void *arg)
{
	(void)arg;
	char buf[256];
	for (long i = 0; i < iters; i++) {
		if (getppid() <= 0)
			return "getppid";
		int fd = open("/etc/passwd", O_RDONLY);
		if (fd < 0)
			return "open";
		if (read(fd, buf, sizeof buf) <= 0)
			return "read";
		if (close(fd) != 0)
			return "close";
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: threads THREADS ITERS\n");
		return 2;
	}
	int n = atoi(argv[1]);
	iters = atol(argv[2]);
	if (n < 1 || n > 64 || iters < 1) {
		fprintf(stderr, "threads: bad arguments\n");
		return 2;
	}
	pthread_t t[64];
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, work, NULL) != 0) {
			fprintf(stderr, "threads: pthread_create failed\n");
			return 1;
		}
	int failed = 0;
	for (int i = 0; i < n; i++) {
		void *r;
		pthread_join(t[i], &r);
		if (r) {
			fprintf(stderr, "threads: %s failed\n", (char *)r);
			failed = 1;
		}
	}
	if (!failed)
		printf("%ld\n", (long)n * iters);
	return failed;
}
