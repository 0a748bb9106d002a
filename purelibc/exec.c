/* exec.c - the exec family, posix_spawn, system and popen.
 *
 * glibc's versions of these reach the kernel from inside libc (execvp's
 * search, posix_spawn's child, system's and popen's spawns), where the libc
 * path cannot see them.  They are re-implemented here on the wrappers, with
 * glibc 2.36's semantics: the PATH search and its errors, the script
 * fallback, posix_spawn's attributes and file actions in glibc's order, the
 * signal handling of system().
 *
 * posix_spawn runs on fork and exec rather than glibc's CLONE_VM|CLONE_VFORK
 * child: a child sharing the parent's memory would also share the runtime's
 * view of the signal handlers, which the child resets.  The child reports a
 * failure on a close-on-exec pipe that belongs to the runtime (raw calls,
 * high descriptors), so the layers see the calls glibc's child makes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc_private.h"
#include "wrap.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define SHELL_PATH "/bin/sh"
#define DEFAULT_PATH "/bin:/usr/bin" /* confstr(_CS_PATH) */
#define SPAWN_FAILED 127              /* exit status of a child that could not exec */

/* ---- exec ---- */

PV_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)PV_SYSCALL_RET(SYS_execve, path, argv, envp);
}

PV_EXPORT int execveat(int dirfd, const char *path, char *const argv[],
		       char *const envp[], int flags)
{
	return (int)PV_SYSCALL_RET(SYS_execveat, dirfd, path, argv, envp, flags);
}

/* Kernels without execveat get the descriptor's name under /proc; ENOSYS
 * then says /proc is missing. */
PV_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	/* the header promises non-NULL vectors, glibc checks all the same:
	 * keep the compiler from folding the test away */
	__asm__("" : "+r"(argv), "+r"(envp));
	if (fd < 0 || !argv || !envp) {
		errno = EINVAL;
		return -1;
	}
	long r = PV_LIBC(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
	if (r != -ENOSYS)
		return (int)pv_errno(r);
	char name[32];
	struct rt_buf b = RT_BUF(name);
	rt_printf(&b, "/proc/self/fd/%d", fd);
	rt_putc(&b, 0);
	int err = (int)-PV_LIBC(SYS_execve, name, argv, envp);
	struct stat st;
	if (PV_LIBC(SYS_newfstatat, AT_FDCWD, "/proc/self/fd", &st, 0) == -ENOENT)
		err = ENOSYS;
	errno = err;
	return -1;
}

PV_EXPORT int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* A file the kernel cannot run (no #! line) is handed to the shell, with
 * the file's own arguments after it. */
static void run_by_shell(const char *file, char *const argv[], char *const envp[])
{
	ptrdiff_t argc = 0;
	while (argv[argc]) {
		if (argc == INT_MAX - 1) {
			errno = E2BIG;
			return;
		}
		argc++;
	}
	char *shell_argv[argc > 1 ? argc + 2 : 3];
	shell_argv[0] = (char *)SHELL_PATH;
	shell_argv[1] = (char *)file;
	if (argc > 1)
		memcpy(shell_argv + 2, argv + 1, (size_t)argc * sizeof *argv);
	else
		shell_argv[2] = NULL;
	execve(SHELL_PATH, shell_argv, envp);
}

/* Errors that mean "not in this directory": the search goes on. */
static int try_next_dir(int err)
{
	static const int next[] = { EACCES, ENOENT, ESTALE, ENOTDIR, ENODEV, ETIMEDOUT };
	for (size_t i = 0; i < PV_ARRAY_SIZE(next); i++)
		if (next[i] == err)
			return 1;
	return 0;
}

static int exec_direct(const char *file, char *const argv[], char *const envp[],
		       int script)
{
	execve(file, argv, envp);
	if (errno == ENOEXEC && script)
		run_by_shell(file, argv, envp);
	return -1;
}

int pv_exec_search(const char *file, char *const argv[], char *const envp[],
		   int script)
{
	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))
		return exec_direct(file, argv, envp, script);
	const char *path = getenv("PATH");
	if (!path)
		path = DEFAULT_PATH;
	/* A longer name is tried all the same: one character past NAME_MAX is
	 * enough for the kernel's ENAMETOOLONG, which ends the search. */
	size_t file_len = strnlen(file, NAME_MAX + 1);
	size_t path_len = strnlen(path, PATH_MAX - 1);
	char name[path_len + file_len + 2];
	int denied = 0;
	for (const char *dir = path;;) {
		const char *end = strchrnul(dir, ':');
		size_t n = (size_t)(end - dir);
		if (n <= path_len) { /* an empty entry is the current directory */
			memcpy(name, dir, n);
			if (n)
				name[n++] = '/';
			memcpy(name + n, file, file_len);
			name[n + file_len] = 0;
			exec_direct(name, argv, envp, script);
			if (!try_next_dir(errno))
				return -1; /* found it, and it failed to run */
			denied |= errno == EACCES;
		}
		if (!*end)
			break;
		dir = end + 1;
	}
	if (denied)
		errno = EACCES; /* something was there, but not ours to run */
	return -1;
}

PV_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return pv_exec_search(file, argv, envp, 1);
}

PV_EXPORT int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/* The execl forms: the arguments after `arg` up to a NULL.  glibc reads
 * them even when `arg` itself is NULL. */
static ptrdiff_t count_list(va_list ap)
{
	ptrdiff_t n = 1;
	while (va_arg(ap, const char *)) {
		if (n == INT_MAX)
			return -1;
		n++;
	}
	return n;
}

static void fill_list(char **argv, const char *arg, ptrdiff_t argc, va_list ap)
{
	argv[0] = (char *)arg;
	for (ptrdiff_t i = 1; i <= argc; i++)
		argv[i] = va_arg(ap, char *);
}

#define WITH_LIST(arg, argv, body)                                             \
	do {                                                                   \
		va_list ap_;                                                   \
		va_start(ap_, arg);                                            \
		ptrdiff_t argc_ = count_list(ap_);                             \
		va_end(ap_);                                                   \
		if (argc_ < 0) {                                               \
			errno = E2BIG;                                         \
			return -1;                                             \
		}                                                              \
		char *argv[argc_ + 1];                                         \
		va_start(ap_, arg);                                            \
		fill_list(argv, arg, argc_, ap_);                              \
		body;                                                          \
		va_end(ap_);                                                   \
	} while (0)

PV_EXPORT int execl(const char *path, const char *arg, ...)
{
	int r = -1;
	WITH_LIST(arg, argv, r = execve(path, argv, environ));
	return r;
}

PV_EXPORT int execlp(const char *file, const char *arg, ...)
{
	int r = -1;
	WITH_LIST(arg, argv, r = execvpe(file, argv, environ));
	return r;
}

PV_EXPORT int execle(const char *path, const char *arg, ...)
{
	int r = -1;
	WITH_LIST(arg, argv,
		  r = execve(path, argv, va_arg(ap_, char *const *)));
	return r;
}

/* ---- posix_spawn objects, in our own format inside glibc's storage ---- */

enum spawn_kind {
	DO_CLOSE,
	DO_OPEN,
	DO_DUP2,
	DO_CHDIR,
	DO_FCHDIR,
	DO_CLOSEFROM,
	DO_TCSETPGRP,
};

struct spawn_action {
	enum spawn_kind kind;
	int fd;     /* the descriptor acted on; the source of a dup2 */
	int newfd;  /* dup2's target */
	int oflag;
	mode_t mode;
	char *path; /* open, chdir: our own copy */
};

struct __attribute__((may_alias)) file_actions {
	struct spawn_action *v;
	int used, cap;
};
_Static_assert(sizeof(struct file_actions) <= sizeof(posix_spawn_file_actions_t),
	       "file actions fit glibc's object");

struct __attribute__((may_alias)) spawn_attr {
	short flags;
	pid_t pgroup;
	int policy;
	struct sched_param param;
	sigset_t sigdefault;
	sigset_t sigmask;
};
_Static_assert(sizeof(struct spawn_attr) <= sizeof(posix_spawnattr_t),
	       "attributes fit glibc's object");

#define FA(p) ((struct file_actions *)(p))
#define CFA(p) ((const struct file_actions *)(p))
#define AT(p) ((struct spawn_attr *)(p))
#define CAT(p) ((const struct spawn_attr *)(p))

/* glibc's test for a descriptor an action may name: below RLIMIT_NOFILE,
 * asked of the kernel each time. */
static int valid_fd(int fd)
{
	struct rlimit rl;
	long max = getrlimit(RLIMIT_NOFILE, &rl) < 0 ? 256 : (long)rl.rlim_cur;
	return fd >= 0 && fd < max;
}

PV_EXPORT int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	memset(fa, 0, sizeof *fa);
	return 0;
}

PV_EXPORT int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	struct file_actions *a = FA(fa);
	for (int i = 0; i < a->used; i++)
		free(a->v[i].path);
	free(a->v);
	return 0;
}

/* Takes ownership of act->path. */
static int add_action(posix_spawn_file_actions_t *fa, struct spawn_action act)
{
	struct file_actions *a = FA(fa);
	if (a->used == a->cap) {
		int cap = a->cap ? a->cap * 2 : 8;
		struct spawn_action *v = realloc(a->v, (size_t)cap * sizeof *v);
		if (!v) {
			free(act.path);
			return ENOMEM;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->used++] = act;
	return 0;
}

PV_EXPORT int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	if (!valid_fd(fd))
		return EBADF;
	return add_action(fa, (struct spawn_action){ .kind = DO_CLOSE, .fd = fd });
}

PV_EXPORT int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict fa,
					       int fd, const char *restrict path,
					       int oflag, mode_t mode)
{
	if (!valid_fd(fd))
		return EBADF;
	char *copy = strdup(path);
	if (!copy)
		return ENOMEM;
	return add_action(fa, (struct spawn_action){ .kind = DO_OPEN, .fd = fd,
						     .oflag = oflag, .mode = mode,
						     .path = copy });
}

PV_EXPORT int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa,
					       int fd, int newfd)
{
	if (!valid_fd(fd) || !valid_fd(newfd))
		return EBADF;
	return add_action(fa, (struct spawn_action){ .kind = DO_DUP2, .fd = fd,
						     .newfd = newfd });
}

PV_EXPORT int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *restrict fa,
						   const char *restrict path)
{
	char *copy = strdup(path);
	if (!copy)
		return ENOMEM;
	return add_action(fa, (struct spawn_action){ .kind = DO_CHDIR, .path = copy });
}

PV_EXPORT int posix_spawn_file_actions_addfchdir_np(posix_spawn_file_actions_t *fa,
						    int fd)
{
	return add_action(fa, (struct spawn_action){ .kind = DO_FCHDIR, .fd = fd });
}

PV_EXPORT int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fa,
						       int from)
{
	if (!valid_fd(from))
		return EBADF;
	return add_action(fa, (struct spawn_action){ .kind = DO_CLOSEFROM, .fd = from });
}

PV_EXPORT int posix_spawn_file_actions_addtcsetpgrp_np(posix_spawn_file_actions_t *fa,
						       int fd)
{
	if (!valid_fd(fd))
		return EBADF;
	return add_action(fa, (struct spawn_action){ .kind = DO_TCSETPGRP, .fd = fd });
}

#define SPAWN_ALL_FLAGS                                                        \
	(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | \
	 POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSCHEDPARAM |                  \
	 POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_USEVFORK | POSIX_SPAWN_SETSID)

PV_EXPORT int posix_spawnattr_init(posix_spawnattr_t *attr)
{
	memset(attr, 0, sizeof *attr);
	return 0;
}

PV_EXPORT int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
	(void)attr;
	return 0;
}

PV_EXPORT int posix_spawnattr_getflags(const posix_spawnattr_t *restrict attr,
				       short *restrict flags)
{
	*flags = CAT(attr)->flags;
	return 0;
}

PV_EXPORT int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
	if (flags & ~SPAWN_ALL_FLAGS)
		return EINVAL;
	AT(attr)->flags = flags;
	return 0;
}

PV_EXPORT int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict attr,
					pid_t *restrict pgroup)
{
	*pgroup = CAT(attr)->pgroup;
	return 0;
}

PV_EXPORT int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup)
{
	AT(attr)->pgroup = pgroup;
	return 0;
}

PV_EXPORT int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict attr,
					    sigset_t *restrict set)
{
	*set = CAT(attr)->sigdefault;
	return 0;
}

PV_EXPORT int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict attr,
					    const sigset_t *restrict set)
{
	AT(attr)->sigdefault = *set;
	return 0;
}

PV_EXPORT int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict attr,
					 sigset_t *restrict set)
{
	*set = CAT(attr)->sigmask;
	return 0;
}

PV_EXPORT int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict attr,
					 const sigset_t *restrict set)
{
	AT(attr)->sigmask = *set;
	return 0;
}

PV_EXPORT int posix_spawnattr_getschedparam(const posix_spawnattr_t *restrict attr,
					    struct sched_param *restrict param)
{
	*param = CAT(attr)->param;
	return 0;
}

PV_EXPORT int posix_spawnattr_setschedparam(posix_spawnattr_t *restrict attr,
					    const struct sched_param *restrict param)
{
	AT(attr)->param = *param;
	return 0;
}

PV_EXPORT int posix_spawnattr_getschedpolicy(const posix_spawnattr_t *restrict attr,
					     int *restrict policy)
{
	*policy = CAT(attr)->policy;
	return 0;
}

PV_EXPORT int posix_spawnattr_setschedpolicy(posix_spawnattr_t *attr, int policy)
{
	if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR)
		return EINVAL;
	AT(attr)->policy = policy;
	return 0;
}

/* ---- the spawned child ---- */

/* The runtime's report channel: the child writes its errno here when it
 * cannot exec; exec closes it.  Kept at a high descriptor and moved out of
 * the way of any action that names it. */
struct report {
	int rd, wr;
};

#define REPORT_FD_BASE 900

static int raw_move_high(int fd, int at_least)
{
	long nfd = pv_k3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, at_least);
	if (nfd < 0)
		return fd; /* stays where it is: still works, just lower */
	pv_k1(SYS_close, fd);
	return (int)nfd;
}

static int report_open(struct report *r)
{
	int fds[2];
	long e = pv_k2(SYS_pipe2, fds, O_CLOEXEC);
	if (e < 0)
		return (int)-e;
	r->rd = raw_move_high(fds[0], REPORT_FD_BASE);
	r->wr = raw_move_high(fds[1], REPORT_FD_BASE);
	return 0;
}

static void report_spare(struct report *r, int fd)
{
	if (fd == r->wr)
		r->wr = raw_move_high(r->wr, r->wr + 1);
}

static void child_ksigaction(int sig, void *handler)
{
	pv_proc_ksigaction(sig, handler, 0, 0, NULL);
}

/* Bit tests on the part of a sigset the kernel uses, without the public
 * sigismember's refusal of glibc's internal signals. */
static int kbit(unsigned long set, int sig) { return (set >> (sig - 1)) & 1; }

static unsigned long kset_of(const sigset_t *set)
{
	unsigned long k;
	memcpy(&k, set, sizeof k);
	return k;
}

/* No handler of the parent may run in the child: every handled signal goes
 * back to its default (glibc's child shares the parent's memory; ours keeps
 * its behaviour), the internal signals are ignored, and the attribute's
 * sigdefault set is reset. */
static void child_reset_signals(const struct spawn_attr *at)
{
	unsigned long blocked = 0;
	PV_LIBC(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &blocked, 8);
	unsigned long sigdef = at->flags & POSIX_SPAWN_SETSIGDEF
				       ? kset_of(&at->sigdefault) : 0;
	for (int sig = 1; sig < NSIG; sig++) {
		if (kbit(sigdef, sig)) {
			child_ksigaction(sig, SIG_DFL);
		} else if (kbit(blocked, sig)) {
			if (sig == 32 || sig == 33) {
				child_ksigaction(sig, SIG_IGN);
				continue;
			}
			struct pv_kernel_sigaction cur;
			PV_LIBC(SYS_rt_sigaction, sig, NULL, &cur, 8);
			if (cur.handler != SIG_IGN)
				child_ksigaction(sig, SIG_DFL);
		}
	}
}

static int child_attributes(const struct spawn_attr *at)
{
	int f = at->flags;
	long r = 0;
	if (f & POSIX_SPAWN_SETSCHEDULER)
		r = PV_LIBC(SYS_sched_setscheduler, 0, at->policy, &at->param);
	else if (f & POSIX_SPAWN_SETSCHEDPARAM)
		r = PV_LIBC(SYS_sched_setparam, 0, &at->param);
	if (!pv_is_error(r) && (f & POSIX_SPAWN_SETSID))
		r = PV_LIBC(SYS_setsid);
	if (!pv_is_error(r) && (f & POSIX_SPAWN_SETPGROUP))
		r = PV_LIBC(SYS_setpgid, 0, at->pgroup);
	if (!pv_is_error(r) && (f & POSIX_SPAWN_RESETIDS)) {
		r = PV_LIBC(SYS_setresuid, -1, PV_LIBC(SYS_getuid), -1);
		if (!pv_is_error(r))
			r = PV_LIBC(SYS_setresgid, -1, PV_LIBC(SYS_getgid), -1);
	}
	return pv_is_error(r) ? (int)-r : 0;
}

/* A failed close is an error only for a descriptor out of range. */
static long child_close(int fd, long *limit)
{
	long r = PV_LIBC(SYS_close, fd);
	if (!pv_is_error(r))
		return 0;
	if (*limit < 0) {
		struct rlimit rl;
		*limit = PV_LIBC(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl) < 0
				 ? 0 : (long)rl.rlim_cur;
	}
	return fd < 0 || fd >= *limit ? r : 0;
}

static long child_open(const struct spawn_action *a)
{
	PV_LIBC(SYS_close, a->fd);
	long fd = PV_LIBC(SYS_openat, AT_FDCWD, a->path, a->oflag | O_LARGEFILE, a->mode);
	if (pv_is_error(fd) || fd == a->fd)
		return fd;
	long r = PV_LIBC(SYS_dup2, fd, a->fd);
	if (r != a->fd)
		return pv_is_error(r) ? r : -EBADF;
	return PV_LIBC(SYS_close, fd);
}

/* dup2 onto itself clears close-on-exec (Austin Group issue 411). */
static long child_dup2(const struct spawn_action *a)
{
	if (a->fd != a->newfd) {
		long r = PV_LIBC(SYS_dup2, a->fd, a->newfd);
		return r == a->newfd || pv_is_error(r) ? r : -EBADF;
	}
	long flags = PV_LIBC(SYS_fcntl, a->fd, F_GETFD);
	if (pv_is_error(flags))
		return flags;
	return PV_LIBC(SYS_fcntl, a->fd, F_SETFD, flags & ~FD_CLOEXEC);
}

/* The report pipe survives a closefrom that covers it: two ranges. */
static long child_closefrom(int from, const struct report *rep)
{
	if (from > rep->wr)
		return PV_LIBC(SYS_close_range, from, ~0U, 0);
	long r = 0;
	if (from < rep->wr)
		r = PV_LIBC(SYS_close_range, from, rep->wr - 1, 0);
	if (!pv_is_error(r))
		r = PV_LIBC(SYS_close_range, rep->wr + 1, ~0U, 0);
	return r;
}

static long child_tcsetpgrp(int fd, const struct spawn_attr *at)
{
	pid_t pgrp = (at->flags & POSIX_SPAWN_SETPGROUP) && at->pgroup
			     ? at->pgroup
			     : (pid_t)PV_LIBC(SYS_getpgid, 0);
	return PV_LIBC(SYS_ioctl, fd, TIOCSPGRP, &pgrp);
}

static long child_action(const struct spawn_action *a, const struct spawn_attr *at,
			 struct report *rep, long *limit)
{
	switch (a->kind) {
	case DO_CLOSE:
		report_spare(rep, a->fd);
		return child_close(a->fd, limit);
	case DO_OPEN:
		report_spare(rep, a->fd);
		return child_open(a);
	case DO_DUP2:
		report_spare(rep, a->newfd);
		return child_dup2(a);
	case DO_CHDIR:
		return PV_LIBC(SYS_chdir, a->path);
	case DO_FCHDIR:
		return PV_LIBC(SYS_fchdir, a->fd);
	case DO_CLOSEFROM:
		return child_closefrom(a->fd, rep);
	case DO_TCSETPGRP:
		return child_tcsetpgrp(a->fd, at);
	}
	return -EINVAL;
}

static int child_file_actions(const struct file_actions *fa,
			      const struct spawn_attr *at, struct report *rep)
{
	long limit = -1;
	for (int i = 0; fa && i < fa->used; i++) {
		long r = child_action(&fa->v[i], at, rep, &limit);
		if (pv_is_error(r))
			return (int)-r;
	}
	return 0;
}

struct spawn_req {
	const char *file;
	const struct file_actions *fa;
	const struct spawn_attr *at;
	char *const *argv;
	char *const *envp;
	int use_path;
	sigset_t parent_mask;
};

static _Noreturn void spawn_child(const struct spawn_req *q, struct report *rep)
{
	pv_k1(SYS_close, rep->rd);
	child_reset_signals(q->at);
	int err = child_attributes(q->at);
	if (!err)
		err = child_file_actions(q->fa, q->at, rep);
	if (!err) {
		sigprocmask(SIG_SETMASK,
			    q->at->flags & POSIX_SPAWN_SETSIGMASK ? &q->at->sigmask
								  : &q->parent_mask,
			    NULL);
		if (q->use_path)
			pv_exec_search(q->file, q->argv, q->envp, 0);
		else
			execve(q->file, q->argv, q->envp);
		err = errno ? errno : ECHILD;
	}
	pv_k3(SYS_write, rep->wr, &err, sizeof err);
	for (;;)
		PV_LIBC(SYS_exit_group, SPAWN_FAILED);
}

/* The child's errno, or 0 once exec closed the pipe. */
static int report_read(const struct report *rep)
{
	int err = 0;
	long n;
	do
		n = pv_k3(SYS_read, rep->rd, &err, sizeof err);
	while (n == -EINTR);
	return n == (long)sizeof err ? err : 0;
}

static int spawn(pid_t *pid, struct spawn_req *q)
{
	ptrdiff_t argc = 0;
	while (q->argv[argc++])
		if (argc == INT_MAX - 1)
			return E2BIG;
	struct report rep = { -1, -1 };
	int err = report_open(&rep);
	if (err)
		return err;
	int cancel;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	unsigned long all = ~0UL;
	sigemptyset(&q->parent_mask);
	PV_LIBC(SYS_rt_sigprocmask, SIG_BLOCK, &all, &q->parent_mask, 8);
	long child = pv_proc_fork();
	if (child == 0)
		spawn_child(q, &rep);
	pv_k1(SYS_close, rep.wr);
	if (pv_is_error(child)) {
		err = (int)-child;
	} else {
		err = report_read(&rep);
		if (err)
			PV_LIBC(SYS_wait4, child, NULL, 0, NULL);
	}
	pv_k1(SYS_close, rep.rd);
	if (!err && pid)
		*pid = (pid_t)child;
	PV_LIBC(SYS_rt_sigprocmask, SIG_SETMASK, &q->parent_mask, NULL, 8);
	pthread_setcancelstate(cancel, NULL);
	return err;
}

static const struct spawn_attr no_attr;

PV_EXPORT int posix_spawn(pid_t *restrict pid, const char *restrict path,
			  const posix_spawn_file_actions_t *fa,
			  const posix_spawnattr_t *restrict attr,
			  char *const argv[restrict], char *const envp[restrict])
{
	struct spawn_req q = { .file = path, .fa = CFA(fa),
			       .at = attr ? CAT(attr) : &no_attr,
			       .argv = argv, .envp = envp, .use_path = 0 };
	return spawn(pid, &q);
}

PV_EXPORT int posix_spawnp(pid_t *pid, const char *file,
			   const posix_spawn_file_actions_t *fa,
			   const posix_spawnattr_t *attr, char *const argv[],
			   char *const envp[])
{
	struct spawn_req q = { .file = file, .fa = CFA(fa),
			       .at = attr ? CAT(attr) : &no_attr,
			       .argv = argv, .envp = envp, .use_path = 1 };
	return spawn(pid, &q);
}

/* ---- system ---- */

/* Threads calling system() at once share one ignoring of SIGINT and
 * SIGQUIT: the first sets it up, the last restores. */
static struct {
	pthread_mutex_t lock;
	int users;
	struct sigaction intr, quit;
} sys_sig = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void system_ignore(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigemptyset(&ign.sa_mask);
	pthread_mutex_lock(&sys_sig.lock);
	if (sys_sig.users++ == 0) {
		sigaction(SIGINT, &ign, &sys_sig.intr);
		sigaction(SIGQUIT, &ign, &sys_sig.quit);
	}
	pthread_mutex_unlock(&sys_sig.lock);
}

static void system_restore(const sigset_t *mask)
{
	pthread_mutex_lock(&sys_sig.lock);
	if (--sys_sig.users == 0) {
		sigaction(SIGINT, &sys_sig.intr, NULL);
		sigaction(SIGQUIT, &sys_sig.quit, NULL);
		if (mask)
			sigprocmask(SIG_SETMASK, mask, NULL);
	}
	pthread_mutex_unlock(&sys_sig.lock);
}

struct system_wait {
	pid_t pid;
};

/* A thread cancelled while its command runs kills the command first. */
static void system_cancelled(void *arg)
{
	const struct system_wait *w = arg;
	int state;
	PV_LIBC(SYS_kill, w->pid, SIGKILL);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &state);
	while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
		;
	pthread_setcancelstate(state, NULL);
	system_restore(NULL);
}

static int system_wait(pid_t pid)
{
	struct system_wait w = { .pid = pid };
	int status = -1;
	pid_t r;
	pthread_cleanup_push(system_cancelled, &w);
	do
		r = waitpid(pid, &status, 0);
	while (r < 0 && errno == EINTR);
	if (r != pid)
		status = -1;
	pthread_cleanup_pop(0);
	return status;
}

static int run_shell(const char *line)
{
	system_ignore();
	sigset_t chld, omask, reset;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &omask);
	sigemptyset(&reset);
	if (sys_sig.intr.sa_handler != SIG_IGN)
		sigaddset(&reset, SIGINT);
	if (sys_sig.quit.sa_handler != SIG_IGN)
		sigaddset(&reset, SIGQUIT);
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &omask);
	posix_spawnattr_setsigdefault(&attr, &reset);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	pid_t pid;
	char *const argv[] = { "sh", "-c", (char *)line, NULL };
	int err = posix_spawn(&pid, SHELL_PATH, NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	/* a shell that cannot start counts as one that exited with 127 */
	int status = err ? W_EXITCODE(SPAWN_FAILED, 0) : system_wait(pid);
	system_restore(&omask);
	if (err)
		errno = err;
	return status;
}

/* system(NULL) asks whether a shell is there: by running one. */
PV_EXPORT int system(const char *line)
{
	if (!line)
		return run_shell("exit 0") == 0;
	return run_shell(line);
}

/* ---- popen, pclose ---- */

struct piped {
	FILE *stream;
	pid_t pid;
	int reading;
	struct piped *next;
};

static struct piped *pipes;
static pthread_mutex_t pipes_lock = PTHREAD_MUTEX_INITIALIZER;

struct popen_mode {
	int read, cloexec;
};

static int parse_popen_mode(const char *mode, struct popen_mode *m)
{
	int r = 0, w = 0;
	m->cloexec = 0;
	for (; *mode; mode++) {
		if (*mode == 'r')
			r = 1;
		else if (*mode == 'w')
			w = 1;
		else if (*mode == 'e')
			m->cloexec = 1;
		else
			return -1;
	}
	m->read = r;
	return r ^ w ? 0 : -1;
}

/* POSIX: the child must not keep the other popen() streams open. */
static int close_other_pipes(posix_spawn_file_actions_t *fa, int child_fd)
{
	for (struct piped *p = pipes; p; p = p->next) {
		int fd = fileno(p->stream);
		if (fd != child_fd && posix_spawn_file_actions_addclose(fa, fd))
			return -1;
	}
	return 0;
}

/* Starts the shell with the child end of the pipe as its stdin or stdout.
 * Called with pipes_lock held. */
static int popen_spawn(const char *command, int child_end, int child_fd,
		       pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	int ok = !posix_spawn_file_actions_adddup2(&fa, child_end, child_fd) &&
		 !close_other_pipes(&fa, child_fd);
	if (ok) {
		char *const argv[] = { "sh", "-c", (char *)command, NULL };
		ok = !posix_spawn(pid, SHELL_PATH, &fa, NULL, argv, environ);
	}
	posix_spawn_file_actions_destroy(&fa);
	return ok ? 0 : -1;
}

/* A child end that already has the number the child needs could not lose
 * its close-on-exec flag without leaking into concurrent forks: move it. */
static int move_off(int fd, int child_fd)
{
	if (fd != child_fd)
		return fd;
	long nfd = PV_LIBC(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
	if (pv_is_error(nfd))
		return -1;
	PV_LIBC(SYS_close, fd);
	return (int)nfd;
}

static FILE *popen_stream(int fd, int reading, pid_t pid)
{
	FILE *f = fdopen(fd, reading ? "r" : "w");
	if (!f) {
		int err = errno;
		PV_LIBC(SYS_close, fd);
		while (PV_LIBC(SYS_wait4, pid, NULL, 0, NULL) == -EINTR)
			;
		errno = err;
	}
	return f;
}

PV_EXPORT FILE *popen(const char *command, const char *mode)
{
	struct popen_mode m;
	struct piped *entry = malloc(sizeof *entry);
	if (!entry || parse_popen_mode(mode, &m) < 0) {
		free(entry);
		errno = entry ? EINVAL : ENOMEM;
		return NULL;
	}
	int fds[2];
	if (pv_errno(PV_LIBC(SYS_pipe2, fds, O_CLOEXEC)) < 0) {
		free(entry);
		return NULL;
	}
	int parent = m.read ? fds[0] : fds[1];
	int child_fd = m.read ? STDOUT_FILENO : STDIN_FILENO;
	int child = move_off(m.read ? fds[1] : fds[0], child_fd);
	pthread_mutex_lock(&pipes_lock);
	if (child < 0 || popen_spawn(command, child, child_fd, &entry->pid) < 0) {
		pthread_mutex_unlock(&pipes_lock);
		PV_LIBC(SYS_close, child < 0 ? (m.read ? fds[1] : fds[0]) : child);
		PV_LIBC(SYS_close, parent);
		free(entry);
		errno = ENOMEM; /* glibc's answer for any failure to spawn */
		return NULL;
	}
	PV_LIBC(SYS_close, child);
	if (!m.cloexec)
		PV_LIBC(SYS_fcntl, parent, F_SETFD, 0);
	entry->reading = m.read;
	entry->stream = popen_stream(parent, m.read, entry->pid);
	if (entry->stream) {
		entry->next = pipes;
		pipes = entry;
	}
	pthread_mutex_unlock(&pipes_lock);
	FILE *f = entry->stream;
	if (!f)
		free(entry);
	return f;
}

static struct piped *take_pipe(FILE *f)
{
	pthread_mutex_lock(&pipes_lock);
	struct piped **p = &pipes;
	while (*p && (*p)->stream != f)
		p = &(*p)->next;
	struct piped *found = *p;
	if (found)
		*p = found->next;
	pthread_mutex_unlock(&pipes_lock);
	return found;
}

/* Not a cancellation point in glibc: the wait is the uncancellable kind. */
PV_EXPORT int pclose(FILE *f)
{
	struct piped *p = take_pipe(f);
	if (!p)
		return fclose(f); /* glibc's pclose is fclose for other streams */
	pid_t pid = p->pid;
	/* a failed flush still waits for the command; a failed close does not */
	int flush_failed = !p->reading && fflush(f) != 0;
	free(p);
	if (fclose(f) != 0)
		return -1;
	int status;
	long r;
	do
		r = PV_LIBC(SYS_wait4, pid, &status, 0, NULL);
	while (r == -EINTR);
	if (pv_is_error(r))
		return (int)pv_errno(r);
	return status || !flush_failed ? status : -1;
}
