/* seccomp_notify.c - seccomp user notification: every system call of the
 * program stops in the kernel until a supervisor thread answers it with
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE ("make the call as it is").
 *
 *   seccomp_notify [-s] getppid|openclose insn MILLISECONDS
 *
 * -s sets SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP on the listener (Linux 6.6):
 * the kernel then wakes the supervisor and the program on the same CPU,
 * which saves the cross-CPU wake-up.
 *
 * The filter is installed by the main thread after the supervisor exists,
 * so it applies to the program's thread only (filters are per thread and
 * inherited by threads created later).  The listener's number reaches the
 * supervisor through memory, since any system call the main thread makes
 * once the filter is in place waits for the supervisor.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "common.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

/* Not in Debian 12's headers; the values are the kernel's (uapi seccomp.h). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static _Atomic int listener = -1;
static int sync_wakeup;
static _Atomic int setup_error; /* errno of a failed SET_FLAGS */

static void *supervise(void *arg)
{
	(void)arg;
	int fd;
	while ((fd = atomic_load(&listener)) < 0)
		sched_yield();
	if (sync_wakeup &&
	    ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		  SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) != 0)
		atomic_store(&setup_error, errno);
	for (;;) {
		struct seccomp_notif req;
		memset(&req, 0, sizeof req); /* RECV insists on zeroes */
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			return NULL;
		}
		struct seccomp_notif_resp resp = {
			.id = req.id,
			.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE,
		};
		/* ENOENT: the call was interrupted meanwhile; nothing to do */
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

int main(int argc, char **argv)
{
	int i = 1;
	if (argc > 1 && !strcmp(argv[1], "-s")) {
		sync_wakeup = 1;
		i++;
	}
	struct bench_args a = bench_parse(argc - i, argv + i, "seccomp_notify", "[-s] ");
	struct sock_filter code[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = { .len = 1, .filter = code };
	pthread_t t;
	if (pthread_create(&t, NULL, supervise, NULL) != 0)
		bench_fail("pthread_create");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		bench_fail("no_new_privs");
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0) {
		fprintf(stderr, "seccomp_notify: seccomp: %s\n", strerror(errno));
		return BENCH_UNSUPPORTED;
	}
	atomic_store(&listener, (int)fd);
	double ns = bench_loop(&a);
	int err = atomic_load(&setup_error);
	if (err) {
		fprintf(stderr, "seccomp_notify: SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP: %s\n",
			strerror(err));
		return BENCH_UNSUPPORTED;
	}
	bench_report(ns);
	return 0;
}
