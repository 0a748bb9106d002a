/* system_cancel.c - cancels a thread while system() runs a long command
 * and reports what followed, as the bits of its exit status: 1 the thread
 * ended cancelled, 2 promptly, 4 SIGINT's action was the caller's again,
 * 8 no child was left behind.  test_libc_exec runs it as a plain program
 * for glibc's behaviour, and the same steps in-process for ours.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_signal(int sig) { (void)sig; }

static void *run_system(void *arg)
{
	(void)arg;
	system("sleep 10");
	return NULL;
}

int main(void)
{
	pthread_t t;
	void *res = NULL;
	struct timespec a, b;
	signal(SIGINT, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (pthread_create(&t, NULL, run_system, NULL))
		return 99;
	usleep(200000);
	pthread_cancel(t);
	pthread_join(t, &res);
	clock_gettime(CLOCK_MONOTONIC, &b);
	struct sigaction now;
	sigaction(SIGINT, NULL, &now);
	int left = waitpid(-1, NULL, WNOHANG);
	return (res == PTHREAD_CANCELED) | (b.tv_sec - a.tv_sec < 5) << 1 |
	       (now.sa_handler == on_signal) << 2 | (left < 0 && errno == ECHILD) << 3;
}
