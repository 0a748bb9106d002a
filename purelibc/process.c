/* process.c - the process family: fork, wait, kill, credentials, process
 * groups, limits, priorities and the other per-process calls.
 *
 * Most wrappers are one system call, the one glibc 2.36 makes.  Where glibc's
 * original keeps private state consistent around the call -- fork runs the
 * atfork handlers and fixes the child's thread descriptor, the set*id calls
 * change every thread of the process -- the layers see the system call and
 * the kernel end runs glibc's original in its place (pv_call_private).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc_private.h"
#include "wrap.h"

#include <dlfcn.h>
#include <grp.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

void *pv_libc_next(const char *name, void *_Atomic *cache)
{
	void *fn = atomic_load_explicit(cache, memory_order_acquire);
	if (!fn) {
		fn = dlsym(RTLD_NEXT, name);
		atomic_store_explicit(cache, fn, memory_order_release);
	}
	return fn;
}

/* ---- fork, _Fork, vfork ---- */

typedef pid_t fork_fn(void);

/* What glibc's fork gives the kernel: the child's copy of the thread
 * descriptor gets the child's tid and clears it at exit. */
#define FORK_FLAGS (CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD)

static long run_libc_fork(struct pv_syscall *call, void *ctx)
{
	(void)call;
	fork_fn *real = ctx;
	return real ? pv_errno_neg(real()) : -ENOSYS;
}

/* The address glibc passes as child_tidptr is the thread descriptor's tid
 * field, which is also what the kernel keeps as this thread's
 * clear_child_tid. */
static long own_tid_address(void)
{
	long addr = 0;
	if (pv_kernel(SYS_prctl, PR_GET_TID_ADDRESS, (long)&addr, 0, 0, 0, 0) < 0)
		return 0;
	return addr;
}

/* glibc's child registers its robust list inside fork, where the libc path
 * cannot see it (and in hybrid mode it runs below every layer): tell the
 * layers, as strace would show it in the child. */
static void announce_child_robust_list(void)
{
	long head = 0;
	size_t len = 0;
	if (pv_get_mode() == PV_MODE_SUD ||
	    pv_kernel(SYS_get_robust_list, 0, (long)&head, (long)&len, 0, 0, 0) < 0)
		return;
	struct pv_syscall call = PV_SYSCALL(SYS_set_robust_list, head, len, 0, 0, 0, 0);
	call.origin = PV_ORIGIN_LIBC;
	call.flags = PV_CALL_ANNOUNCE;
	pv_enter(&call);
}

static long fork_through_stack(long nr, fork_fn *real, void *ip, int announce)
{
	struct pv_call_private priv = { .execute = run_libc_fork,
					.ctx = (void *)real };
	struct pv_syscall call =
		nr == SYS_vfork
			? PV_SYSCALL(SYS_vfork, 0, 0, 0, 0, 0, 0)
			: PV_SYSCALL(SYS_clone, FORK_FLAGS, 0, 0,
				     own_tid_address(), 0, 0);
	call.origin = PV_ORIGIN_LIBC;
	call.ip = ip;
	/* In sud mode the call traps like glibc's own vfork, which the kernel
	 * end runs as a fork: the layers still see vfork. */
	call.priv = nr == SYS_vfork && pv_get_mode() == PV_MODE_SUD ? NULL : &priv;
	long r = pv_enter(&call);
	if (r == 0 && announce)
		announce_child_robust_list();
	return r;
}

/* posix_spawn's child: glibc's makes no call of its own before the spawn's
 * actions, so nothing is announced. */
long pv_proc_fork(void)
{
	return fork_through_stack(SYS_clone, PV_NEXT(fork_fn, "_Fork"),
				  __builtin_return_address(0), 0);
}

PV_EXPORT pid_t fork(void)
{
	return (pid_t)pv_errno(fork_through_stack(SYS_clone, PV_NEXT(fork_fn, "fork"),
						  __builtin_return_address(0), 1));
}

PV_EXPORT pid_t _Fork(void)
{
	return (pid_t)pv_errno(fork_through_stack(SYS_clone, PV_NEXT(fork_fn, "_Fork"),
						  __builtin_return_address(0), 1));
}

/* A vfork child cannot return through this function's frame while the
 * parent still needs it, so it runs as a fork (glibc's _Fork, which gives
 * the child its own thread descriptor); the layers still see vfork, and
 * the child, like a vfork child, announces nothing. */
PV_EXPORT pid_t vfork(void)
{
	return (pid_t)pv_errno(fork_through_stack(SYS_vfork, PV_NEXT(fork_fn, "_Fork"),
						  __builtin_return_address(0), 0));
}

/* ---- exit ---- */

/* Should a layer refuse exit_group, glibc's _exit tries exit, and then
 * executes hlt, which kills the process with SIGSEGV; so does this one. */
static _Noreturn void exit_group_now(int status)
{
	for (;;) {
		pv_errno(PV_LIBC(SYS_exit_group, status));
		pv_errno(PV_LIBC(SYS_exit, status));
		__asm__ volatile("hlt");
	}
}

PV_EXPORT void _exit(int status) { exit_group_now(status); }
PV_EXPORT void _Exit(int status) { exit_group_now(status); }

/* ---- waiting ---- */

PV_EXPORT pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	return (pid_t)PV_SYSCALL_RET_CANCEL(SYS_wait4, pid, status, options, ru);
}

PV_EXPORT pid_t wait(int *status)
{
	return (pid_t)PV_SYSCALL_RET_CANCEL(SYS_wait4, -1, status, 0, NULL);
}

PV_EXPORT pid_t waitpid(pid_t pid, int *status, int options)
{
	return (pid_t)PV_SYSCALL_RET_CANCEL(SYS_wait4, pid, status, options, NULL);
}

PV_EXPORT pid_t wait3(int *status, int options, struct rusage *ru)
{
	return (pid_t)PV_SYSCALL_RET_CANCEL(SYS_wait4, -1, status, options, ru);
}

PV_EXPORT int waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_waitid, type, id, info, options, NULL);
}

/* ---- signals to processes ---- */

PV_EXPORT int kill(pid_t pid, int sig) { return (int)PV_SYSCALL_RET(SYS_kill, pid, sig); }

PV_EXPORT int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) {
		errno = EINVAL;
		return -1;
	}
	return (int)PV_SYSCALL_RET(SYS_kill, -pgrp, sig);
}

PV_EXPORT int tgkill(pid_t tgid, pid_t tid, int sig)
{
	return (int)PV_SYSCALL_RET(SYS_tgkill, tgid, tid, sig);
}

/* glibc asks the kernel for the calling thread's tid rather than trusting
 * its descriptor, which is stale in a vfork child. */
PV_EXPORT int raise(int sig)
{
	long tid = PV_LIBC(SYS_gettid);
	long pid = PV_LIBC(SYS_getpid);
	return (int)PV_SYSCALL_RET(SYS_tgkill, pid, tid, sig);
}

/* ---- identities ---- */

PV_EXPORT pid_t getpid(void) { return (pid_t)PV_LIBC(SYS_getpid); }
PV_EXPORT pid_t gettid(void) { return (pid_t)PV_LIBC(SYS_gettid); }
/* Weak while fileio.c still carries its first-cut copy. */
PV_EXPORT pid_t getppid(void) { return (pid_t)PV_LIBC(SYS_getppid); }
PV_EXPORT uid_t getuid(void) { return (uid_t)PV_LIBC(SYS_getuid); }
PV_EXPORT uid_t geteuid(void) { return (uid_t)PV_LIBC(SYS_geteuid); }
PV_EXPORT gid_t getgid(void) { return (gid_t)PV_LIBC(SYS_getgid); }
PV_EXPORT gid_t getegid(void) { return (gid_t)PV_LIBC(SYS_getegid); }

PV_EXPORT int getresuid(uid_t *r, uid_t *e, uid_t *s)
{
	return (int)PV_SYSCALL_RET(SYS_getresuid, r, e, s);
}

PV_EXPORT int getresgid(gid_t *r, gid_t *e, gid_t *s)
{
	return (int)PV_SYSCALL_RET(SYS_getresgid, r, e, s);
}

/* fsuid is per thread: glibc makes the plain call. */
PV_EXPORT int setfsuid(uid_t uid) { return (int)PV_SYSCALL_RET(SYS_setfsuid, uid); }
PV_EXPORT int setfsgid(gid_t gid) { return (int)PV_SYSCALL_RET(SYS_setfsgid, gid); }

PV_EXPORT int getgroups(int size, gid_t list[])
{
	return (int)PV_SYSCALL_RET(SYS_getgroups, size, list);
}

/* Credentials are per thread in the kernel and per process in POSIX: glibc's
 * set*id functions make the call in every thread.  The layers see the call
 * once; the kernel end runs glibc's function, with the arguments the layers
 * passed down. */
typedef int id1_fn(unsigned);
typedef int id2_fn(unsigned, unsigned);
typedef int id3_fn(unsigned, unsigned, unsigned);
typedef int groups_fn(size_t, const gid_t *);

static long run_id1(struct pv_syscall *c, void *fn)
{
	return fn ? pv_errno_neg(((id1_fn *)fn)((unsigned)c->arg[0])) : -ENOSYS;
}

static long run_id2(struct pv_syscall *c, void *fn)
{
	return fn ? pv_errno_neg(((id2_fn *)fn)((unsigned)c->arg[0], (unsigned)c->arg[1]))
		  : -ENOSYS;
}

static long run_id3(struct pv_syscall *c, void *fn)
{
	return fn ? pv_errno_neg(((id3_fn *)fn)((unsigned)c->arg[0], (unsigned)c->arg[1],
						(unsigned)c->arg[2]))
		  : -ENOSYS;
}

static long run_groups(struct pv_syscall *c, void *fn)
{
	return fn ? pv_errno_neg(((groups_fn *)fn)((size_t)c->arg[0],
						   (const gid_t *)c->arg[1]))
		  : -ENOSYS;
}

static int setid_call(long nr, long (*run)(struct pv_syscall *, void *),
		      void *fn, long a0, long a1, long a2, void *ip)
{
	struct pv_call_private priv = { .execute = run, .ctx = fn };
	struct pv_syscall call = PV_SYSCALL(nr, a0, a1, a2, 0, 0, 0);
	call.origin = PV_ORIGIN_LIBC;
	call.ip = ip;
	call.priv = &priv;
	return (int)pv_errno(pv_enter(&call));
}

#define RA __builtin_return_address(0)

PV_EXPORT int setuid(uid_t uid)
{
	return setid_call(SYS_setuid, run_id1, PV_NEXT(id1_fn, "setuid"), uid, 0, 0, RA);
}

PV_EXPORT int setgid(gid_t gid)
{
	return setid_call(SYS_setgid, run_id1, PV_NEXT(id1_fn, "setgid"), gid, 0, 0, RA);
}

PV_EXPORT int setreuid(uid_t r, uid_t e)
{
	return setid_call(SYS_setreuid, run_id2, PV_NEXT(id2_fn, "setreuid"), r, e, 0, RA);
}

PV_EXPORT int setregid(gid_t r, gid_t e)
{
	return setid_call(SYS_setregid, run_id2, PV_NEXT(id2_fn, "setregid"), r, e, 0, RA);
}

PV_EXPORT int setresuid(uid_t r, uid_t e, uid_t s)
{
	return setid_call(SYS_setresuid, run_id3, PV_NEXT(id3_fn, "setresuid"), r, e, s, RA);
}

PV_EXPORT int setresgid(gid_t r, gid_t e, gid_t s)
{
	return setid_call(SYS_setresgid, run_id3, PV_NEXT(id3_fn, "setresgid"), r, e, s, RA);
}

/* seteuid(e) is setresuid(-1, e, -1) in glibc, after refusing -1 itself. */
PV_EXPORT int seteuid(uid_t e)
{
	if (e == (uid_t)-1) {
		errno = EINVAL;
		return -1;
	}
	return setid_call(SYS_setresuid, run_id3, PV_NEXT(id3_fn, "setresuid"),
			  -1, e, -1, RA);
}

PV_EXPORT int setegid(gid_t e)
{
	if (e == (gid_t)-1) {
		errno = EINVAL;
		return -1;
	}
	return setid_call(SYS_setresgid, run_id3, PV_NEXT(id3_fn, "setresgid"),
			  -1, e, -1, RA);
}

PV_EXPORT int setgroups(size_t n, const gid_t *groups)
{
	return setid_call(SYS_setgroups, run_groups, PV_NEXT(groups_fn, "setgroups"),
			  (long)n, (long)groups, 0, RA);
}

/* ---- sessions and process groups ---- */

PV_EXPORT pid_t setsid(void) { return (pid_t)PV_SYSCALL_RET(SYS_setsid); }
PV_EXPORT int setpgid(pid_t pid, pid_t pgid) { return (int)PV_SYSCALL_RET(SYS_setpgid, pid, pgid); }
PV_EXPORT pid_t getpgid(pid_t pid) { return (pid_t)PV_SYSCALL_RET(SYS_getpgid, pid); }
PV_EXPORT pid_t getpgrp(void) { return (pid_t)PV_SYSCALL_RET(SYS_getpgrp); }
PV_EXPORT int setpgrp(void) { return (int)PV_SYSCALL_RET(SYS_setpgid, 0, 0); }
PV_EXPORT pid_t getsid(pid_t pid) { return (pid_t)PV_SYSCALL_RET(SYS_getsid, pid); }

/* ---- the rest of the per-process state ---- */

PV_EXPORT int prctl(int option, ...)
{
	va_list ap;
	unsigned long a[4];
	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)PV_SYSCALL_RET(SYS_prctl, option, a[0], a[1], a[2], a[3]);
}

PV_EXPORT mode_t umask(mode_t mask) { return (mode_t)PV_LIBC(SYS_umask, mask); }

PV_EXPORT int uname(struct utsname *u) { return (int)PV_SYSCALL_RET(SYS_uname, u); }

/* glibc copies as much of the node name as fits, terminator included when
 * it fits, and reports ENAMETOOLONG when it did not. */
PV_EXPORT int gethostname(char *name, size_t len)
{
	struct utsname u;
	if (pv_errno(PV_LIBC(SYS_uname, &u)) < 0)
		return -1;
	size_t need = strlen(u.nodename) + 1;
	memcpy(name, u.nodename, len < need ? len : need);
	if (need > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* No ENAMETOOLONG here: glibc copies what fits, terminator or not. */
PV_EXPORT int getdomainname(char *name, size_t len)
{
	struct utsname u;
	if (pv_errno(PV_LIBC(SYS_uname, &u)) < 0)
		return -1;
	size_t have = strlen(u.domainname) + 1;
	memcpy(name, u.domainname, len < have ? len : have);
	return 0;
}

/* The fortified entry points a program built with _FORTIFY_SOURCE calls:
 * the buffer's known size is checked first, as glibc does. */
void __chk_fail(void) __attribute__((noreturn));

PV_EXPORT int __gethostname_chk(char *name, size_t len, size_t buflen)
{
	if (buflen < len)
		__chk_fail();
	return gethostname(name, len);
}

PV_EXPORT int __getdomainname_chk(char *name, size_t len, size_t buflen)
{
	if (buflen < len)
		__chk_fail();
	return getdomainname(name, len);
}

PV_EXPORT int __getgroups_chk(int size, gid_t list[], size_t listlen)
{
	if (size < 0) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)size * sizeof(gid_t) > listlen)
		__chk_fail();
	return getgroups(size, list);
}

PV_EXPORT int sethostname(const char *name, size_t len)
{
	return (int)PV_SYSCALL_RET(SYS_sethostname, name, len);
}

PV_EXPORT int setdomainname(const char *name, size_t len)
{
	return (int)PV_SYSCALL_RET(SYS_setdomainname, name, len);
}

/* Every rlimit call is prlimit64 in glibc; struct rlimit and struct
 * rlimit64 are the same on x86-64. */
PV_EXPORT int prlimit64(pid_t pid, __rlimit_resource_t res,
			const struct rlimit64 *new, struct rlimit64 *old)
{
	return (int)PV_SYSCALL_RET(SYS_prlimit64, pid, res, new, old);
}

PV_EXPORT int prlimit(pid_t pid, __rlimit_resource_t res,
		      const struct rlimit *new, struct rlimit *old)
{
	return (int)PV_SYSCALL_RET(SYS_prlimit64, pid, res, new, old);
}

PV_EXPORT int getrlimit(__rlimit_resource_t res, struct rlimit *rl)
{
	return (int)PV_SYSCALL_RET(SYS_prlimit64, 0, res, NULL, rl);
}

PV_EXPORT int getrlimit64(__rlimit_resource_t res, struct rlimit64 *rl)
{
	return (int)PV_SYSCALL_RET(SYS_prlimit64, 0, res, NULL, rl);
}

PV_EXPORT int setrlimit(__rlimit_resource_t res, const struct rlimit *rl)
{
	return (int)PV_SYSCALL_RET(SYS_prlimit64, 0, res, rl, NULL);
}

PV_EXPORT int setrlimit64(__rlimit_resource_t res, const struct rlimit64 *rl)
{
	return (int)PV_SYSCALL_RET(SYS_prlimit64, 0, res, rl, NULL);
}

/* The kernel answers 40..1 for nice values -20..19, so that no success
 * looks like an error; glibc turns it back into the nice value. */
#define PRIO_ZERO 20

PV_EXPORT int getpriority(__priority_which_t which, id_t who)
{
	long r = PV_LIBC(SYS_getpriority, which, who);
	return pv_is_error(r) ? (int)pv_errno(r) : PRIO_ZERO - (int)r;
}

PV_EXPORT int setpriority(__priority_which_t which, id_t who, int prio)
{
	return (int)PV_SYSCALL_RET(SYS_setpriority, which, who, prio);
}

/* -1 is a valid nice value: only errno tells a failure, as in glibc. */
PV_EXPORT int nice(int incr)
{
	int saved = errno;
	errno = 0;
	int prio = getpriority(PRIO_PROCESS, 0);
	if (prio == -1 && errno)
		return -1;
	if (setpriority(PRIO_PROCESS, 0, prio + incr) < 0) {
		if (errno == EACCES)
			errno = EPERM;
		return -1;
	}
	errno = saved;
	return getpriority(PRIO_PROCESS, 0);
}

PV_EXPORT int getrusage(__rusage_who_t who, struct rusage *usage)
{
	return (int)PV_SYSCALL_RET(SYS_getrusage, who, usage);
}

PV_EXPORT int sched_yield(void) { return (int)PV_SYSCALL_RET(SYS_sched_yield); }
