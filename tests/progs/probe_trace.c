/* probe_trace.c - makes many system calls with deterministic arguments, for
 * tests/integration/trace_like_strace.sh: the calls between the markers
 * write(-1, "BEGIN", 5) and write(-1, "END", 3) must print the same lines
 * under `purevirt -l trace` as under strace.
 *
 * Every call goes through syscall() (or inline asm), so that the calls made
 * do not depend on which libc wrapper exists.  Run it in an empty scratch
 * directory: it creates files there with relative names.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/xattr.h>
#include <asm/prctl.h>
#include <linux/fs.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

/* S(nr, args...): syscall() with every argument widened to a long, so that
 * no register or stack slot carries garbage in its upper half (a variadic
 * int leaves it undefined, and the tracers would print it). */
#define S_PICK(_1, _2, _3, _4, _5, _6, _7, name, ...) name
#define S(...) S_PICK(__VA_ARGS__, S6, S5, S4, S3, S2, S1, S0)(__VA_ARGS__)
#define L(x) ((long)(x))
#define S0(n) syscall(n)
#define S1(n, a) syscall(n, L(a))
#define S2(n, a, b) syscall(n, L(a), L(b))
#define S3(n, a, b, c) syscall(n, L(a), L(b), L(c))
#define S4(n, a, b, c, d) syscall(n, L(a), L(b), L(c), L(d))
#define S5(n, a, b, c, d, e) syscall(n, L(a), L(b), L(c), L(d), L(e))
#define S6(n, a, b, c, d, e, f) syscall(n, L(a), L(b), L(c), L(d), L(e), L(f))
#define BAD ((void *)0x10) /* never mapped: mmap_min_addr is 4096 */

static char buf[8192];
static volatile int got_usr1;
static uint32_t futex_word;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* vfork's child shares the parent's stack: it must not return from any
 * function, so the whole child lives in one asm block. */
static long raw_vfork_exit(int code)
{
	long r;
	__asm__ volatile("mov %[nr], %%eax\n\t"
			 "syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov %[code], %%edi\n\t"
			 "mov %[ex], %%eax\n\t"
			 "syscall\n\t"
			 "1:"
			 : "=&a"(r)
			 : [nr] "i"(SYS_vfork), [ex] "i"(SYS_exit_group),
			   [code] "r"(code)
			 : "rcx", "r11", "rdi", "memory");
	return r;
}

static void files(void)
{
	static const char bin[40] = "\0\1\2\3\177\200\377abc\"\\\t\n\r\v\f\a\b0"
				    "\0" "1x\x1b" "7\1" "8";
	struct stat st;
	struct statx stx;
	char small[4];
	struct iovec iov[2] = { { buf, 3 }, { buf + 100, 5 } };
	struct iovec wiov[2] = { { "one", 3 }, { "second", 6 } };

	int fd = S(SYS_open, "probe_f1", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	S(SYS_write, fd, "hello world\n", 12);
	S(SYS_write, fd, bin, sizeof bin);
	S(SYS_write, fd, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
	S(SYS_write, fd, "0123456789abcdefghijklmnopqrstuv", 32);
	S(SYS_write, fd, "0123456789abcdefghijklmnopqrstu\n", 33);
	S(SYS_pwrite64, fd, "abc", 3, 100);
	S(SYS_writev, fd, wiov, 2);
	S(SYS_writev, fd, BAD, 2);
	S(SYS_lseek, fd, 0L, SEEK_SET);
	S(SYS_lseek, fd, -5L, SEEK_END);
	S(SYS_lseek, fd, 1L, 99);
	S(SYS_fsync, fd);
	S(SYS_fdatasync, fd);
	S(SYS_ftruncate, fd, 200L);
	S(SYS_fchmod, fd, 0600);
	S(SYS_fchown, fd, 0, 0);
	S(SYS_flock, fd, LOCK_EX | LOCK_NB);
	S(SYS_flock, fd, LOCK_UN);
	S(SYS_fstat, fd, &st);
	S(SYS_fstat, fd, BAD);
	S(SYS_close, fd);
	S(SYS_close, fd);

	fd = S(SYS_open, "probe_f1", O_RDONLY);
	S(SYS_read, fd, buf, 5);
	S(SYS_read, fd, buf, 4096);
	S(SYS_read, fd, buf, 4096);
	S(SYS_pread64, fd, buf, 4, 2L);
	S(SYS_lseek, fd, 0L, SEEK_SET);
	S(SYS_readv, fd, iov, 2);
	S(SYS_read, -1, buf, 5);
	S(SYS_read, fd, BAD, 5);
	S(SYS_write, -1, BAD, 5);
	S(SYS_open, "/nonexistent/x", O_RDONLY);
	S(SYS_open, BAD, O_RDONLY);
	int fd2 = S(SYS_openat, AT_FDCWD, "probe_f1", O_RDONLY | O_CLOEXEC);
	S(SYS_openat, fd, "x", O_RDWR | O_APPEND | O_NONBLOCK);
	S(SYS_openat, -1, "x", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	int fd3 = S(SYS_openat, AT_FDCWD, ".", O_RDWR | O_TMPFILE, 0600);
	S(SYS_close, fd3);
	S(SYS_close, fd2);

	S(SYS_stat, "/etc", &st);
	S(SYS_stat, "/dev/null", &st);
	S(SYS_stat, "/nonexistent", &st);
	S(SYS_stat, "probe_f1", BAD);
	S(SYS_symlink, "probe_f1", "probe_link");
	S(SYS_lstat, "probe_link", &st);
	S(SYS_newfstatat, AT_FDCWD, "probe_link", &st, 0);
	S(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
	S(SYS_newfstatat, AT_FDCWD, "probe_link", &st, AT_SYMLINK_NOFOLLOW);
	S(SYS_statx, AT_FDCWD, "probe_f1", AT_STATX_SYNC_AS_STAT, STATX_ALL, &stx);
	S(SYS_statx, AT_FDCWD, "/nonexistent", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx);
	S(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, &stx);

	S(SYS_access, "probe_f1", R_OK | W_OK);
	S(SYS_access, "/nonexistent", F_OK);
	S(SYS_faccessat, AT_FDCWD, "probe_f1", X_OK);
	S(SYS_faccessat2, AT_FDCWD, "probe_f1", R_OK, AT_EACCESS);
	S(SYS_faccessat2, AT_FDCWD, "probe_f1", 0x10, 0x8000);

	int d1 = S(SYS_dup, fd);
	S(SYS_dup2, fd, 10);
	S(SYS_dup3, fd, 11, O_CLOEXEC);
	S(SYS_dup2, -1, 12);
	S(SYS_fcntl, fd, F_GETFL);
	S(SYS_fcntl, fd, F_GETFD);
	S(SYS_fcntl, 11, F_GETFD);
	S(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	S(SYS_fcntl, fd, F_SETFL, O_NONBLOCK | O_APPEND);
	S(SYS_fcntl, fd, F_GETFL);
	S(SYS_fcntl, fd, F_DUPFD, 20);
	int d2 = S(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET,
			    .l_start = 0, .l_len = 10 };
	S(SYS_fcntl, fd, F_GETLK, &fl);
	S(SYS_fcntl, fd, F_SETLK, &fl);
	S(SYS_fcntl, fd, F_SETLKW, BAD);
	S(SYS_fcntl, -1, F_GETFD);
	S(SYS_fcntl, fd, 9999, 1L);
	S(SYS_fcntl, fd, F_GETPIPE_SZ);
	S(SYS_close, 20);
	S(SYS_close, 12);
	S(SYS_close, 10);
	S(SYS_close, 11);
	S(SYS_close, d1);
	S(SYS_close, d2);

	S(SYS_getcwd, buf, sizeof buf);
	S(SYS_getcwd, small, 1);
	S(SYS_mkdir, "probe_d", 0755);
	S(SYS_mkdir, "probe_d", 0755);
	S(SYS_mkdirat, AT_FDCWD, "probe_d2", 0700);
	S(SYS_mkdirat, AT_FDCWD, "probe_d/sub", 0700);
	S(SYS_rmdir, "probe_d2");
	S(SYS_chdir, "probe_d");
	S(SYS_chdir, "..");
	S(SYS_chdir, "/nonexistent");
	int dfd = S(SYS_open, ".", O_RDONLY | O_DIRECTORY);
	int sub = S(SYS_open, "probe_d", O_RDONLY | O_DIRECTORY);
	S(SYS_fchdir, sub);
	S(SYS_fchdir, dfd);
	S(SYS_fchdir, fd);
	S(SYS_getdents64, sub, buf, sizeof buf);
	S(SYS_getdents64, sub, buf, sizeof buf);
	S(SYS_getdents64, fd, buf, sizeof buf);
	S(SYS_getdents64, sub, BAD, 100);
	S(SYS_close, sub);
	S(SYS_close, dfd);
	S(SYS_rmdir, "probe_d/sub");
	S(SYS_rename, "probe_f1", "probe_f2");
	S(SYS_renameat, AT_FDCWD, "probe_f2", AT_FDCWD, "probe_f1");
	S(SYS_renameat2, AT_FDCWD, "probe_f1", AT_FDCWD, "probe_link", RENAME_NOREPLACE);
	S(SYS_renameat2, AT_FDCWD, "probe_nope", AT_FDCWD, "probe_x", 0);
	S(SYS_link, "probe_f1", "probe_hard");
	S(SYS_linkat, AT_FDCWD, "probe_f1", AT_FDCWD, "probe_hard2", AT_SYMLINK_FOLLOW);
	S(SYS_unlink, "probe_hard");
	S(SYS_unlinkat, AT_FDCWD, "probe_hard2", 0);
	S(SYS_unlinkat, AT_FDCWD, "probe_d", AT_REMOVEDIR);
	S(SYS_symlinkat, "/etc/passwd", AT_FDCWD, "probe_link2");
	S(SYS_readlink, "probe_link", buf, sizeof buf);
	S(SYS_readlink, "probe_link2", buf, 4);
	S(SYS_readlink, "probe_f1", buf, sizeof buf);
	S(SYS_readlinkat, AT_FDCWD, "probe_link2", buf, sizeof buf);
	S(SYS_chmod, "probe_f1", 0640);
	S(SYS_chmod, "probe_f1", 04755);
	S(SYS_fchmodat, AT_FDCWD, "probe_f1", 0644);
	S(SYS_chown, "probe_f1", -1, -1);
	S(SYS_lchown, "probe_link", 0, 0);
	S(SYS_fchownat, AT_FDCWD, "probe_link", 0, -1, AT_SYMLINK_NOFOLLOW);
	S(SYS_umask, 022);
	S(SYS_umask, 077);
	S(SYS_umask, 022);
	S(SYS_truncate, "probe_f1", 10L);
	S(SYS_truncate, "/nonexistent", 10L);
	S(SYS_utimensat, AT_FDCWD, "probe_f1", NULL, 0);
	struct timespec ts2[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	S(SYS_utimensat, AT_FDCWD, "probe_f1", ts2, AT_SYMLINK_NOFOLLOW);
	struct timespec ts3[2] = { { 1000000000, 5 }, { 0, 0 } };
	S(SYS_utimensat, fd, NULL, ts3, 0);
	S(SYS_utimensat, fd, NULL, BAD, 0);
	S(SYS_setxattr, "probe_f1", "user.probe", "value", 5, 0);
	S(SYS_setxattr, "probe_f1", "user.probe", "value", 5, XATTR_CREATE);
	S(SYS_getxattr, "probe_f1", "user.probe", buf, 64);
	S(SYS_getxattr, "probe_f1", "user.none", buf, 64);
	S(SYS_lgetxattr, "probe_f1", "user.probe", buf, 0);
	S(SYS_fgetxattr, fd, "user.probe", buf, 64);
	S(SYS_setxattr, "probe_f1", "user.bin", "\1\2", 2, XATTR_REPLACE);
	S(SYS_setxattr, "probe_f1", "user.bin", "\1\2", 2, 0);
	S(SYS_listxattr, "probe_f1", buf, 64);
	S(SYS_listxattr, "probe_f1", NULL, 0);
	S(SYS_close, fd);
}

static void statfs_calls(void)
{
	struct statfs { long x[15]; } sf;
	S(SYS_statfs, "/proc", &sf);
	S(SYS_statfs, "/nonexistent", &sf);
	int fd = S(SYS_open, "/proc", O_RDONLY | O_DIRECTORY);
	S(SYS_fstatfs, fd, &sf);
	S(SYS_close, fd);
}

static void memory(void)
{
	long a = S(SYS_mmap, NULL, 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	S(SYS_mprotect, a, 4096, PROT_READ);
	S(SYS_mprotect, a, 4096, PROT_READ | PROT_WRITE);
	S(SYS_madvise, a, 8192, MADV_DONTNEED);
	S(SYS_madvise, a, 8192, 12345);
	S(SYS_msync, a, 8192, MS_SYNC);
	S(SYS_msync, a, 8192, MS_ASYNC | MS_INVALIDATE);
	long b = S(SYS_mremap, a, 8192, 16384, MREMAP_MAYMOVE);
	S(SYS_munmap, b, 16384);
	S(SYS_mmap, NULL, 4096, PROT_READ, MAP_SHARED, -1, 0);
	int fd = S(SYS_open, "probe_f1", O_RDONLY);
	a = S(SYS_mmap, NULL, 10, PROT_READ, MAP_PRIVATE, fd, 0);
	S(SYS_munmap, a, 10);
	a = S(SYS_mmap, NULL, 4096, PROT_READ | PROT_EXEC,
	      MAP_SHARED | MAP_POPULATE | MAP_NORESERVE, fd, 0);
	S(SYS_munmap, a, 4096);
	S(SYS_mmap, NULL, 4096, PROT_READ | 0x100, MAP_PRIVATE | 0x800000, fd, 4096);
	S(SYS_close, fd);
	S(SYS_brk, 0);
}

static void signals(void)
{
	struct sigaction sa = { 0 }, old;
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR1, NULL, &old);
	sa.sa_handler = SIG_IGN;
	/* the kernel never keeps KILL and STOP in a mask: leave them out, so
	 * that the old action the next call returns is what was given */
	sigfillset(&sa.sa_mask);
	sigdelset(&sa.sa_mask, SIGKILL);
	sigdelset(&sa.sa_mask, SIGSTOP);
	sa.sa_flags = SA_NOCLDSTOP | SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGPIPE, &sa, &old);
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGRTMIN);
	sigaddset(&sa.sa_mask, 40);
	sigaction(SIGPIPE, &sa, &old);
	S(SYS_rt_sigaction, SIGKILL, NULL, &old, 8);
	S(SYS_rt_sigaction, 0, NULL, &old, 8);
	S(SYS_rt_sigaction, SIGUSR2, BAD, NULL, 8);
	S(SYS_rt_sigaction, 99, NULL, NULL, 8);

	uint64_t set = (1ull << (SIGUSR2 - 1)) | (1ull << (SIGCHLD - 1)), oldset;
	S(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
	S(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &oldset, 8);
	set = ~0ull;
	S(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
	set = (1ull << (SIGUSR2 - 1)) | (1ull << (SIGCHLD - 1));
	S(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
	S(SYS_rt_sigprocmask, 7, &set, NULL, 8);
	S(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8);

	/* A signal is shown where it is delivered.  Sent while blocked, it is
	 * delivered when rt_sigprocmask unblocks it, after that call returns,
	 * the same under strace and in process. */
	uint64_t usr1 = 1ull << (SIGUSR1 - 1);
	S(SYS_write, -1, "SIGNALS", 7);
	S(SYS_rt_sigprocmask, SIG_BLOCK, &usr1, NULL, 8);
	S(SYS_kill, S(SYS_getpid), SIGUSR1);
	S(SYS_rt_sigprocmask, SIG_UNBLOCK, &usr1, NULL, 8);
	S(SYS_rt_sigprocmask, SIG_BLOCK, &usr1, NULL, 8);
	S(SYS_tgkill, S(SYS_getpid), S(SYS_gettid), SIGUSR1);
	S(SYS_rt_sigprocmask, SIG_UNBLOCK, &usr1, NULL, 8);
	S(SYS_write, -1, "SIGNALS_END", 11);
	S(SYS_kill, S(SYS_getpid), SIGUSR2);
	siginfo_t si = { 0 };
	struct timespec zero = { 0, 0 };
	S(SYS_rt_sigtimedwait, &set, &si, &zero, 8);
	S(SYS_rt_sigtimedwait, &set, &si, &zero, 8);
	S(SYS_kill, 999999, SIGTERM);
	S(SYS_kill, S(SYS_getpid), 0);
	S(SYS_tgkill, S(SYS_getpid), 999999, 0);

	stack_t ss = { .ss_sp = buf, .ss_size = 4096, .ss_flags = 0 }, oss;
	S(SYS_sigaltstack, &ss, &oss);
	S(SYS_sigaltstack, NULL, &oss);
	ss.ss_flags = SS_DISABLE;
	S(SYS_sigaltstack, &ss, NULL);
	S(SYS_sigaltstack, BAD, NULL);
}

static void process(void)
{
	S(SYS_getpid);
	S(SYS_getppid);
	S(SYS_gettid);
	S(SYS_getuid);
	S(SYS_geteuid);
	S(SYS_getgid);
	S(SYS_getegid);
	S(SYS_setuid, 0);
	S(SYS_setgid, 0);
	S(SYS_setresuid, -1, -1, -1);
	S(SYS_setresgid, -1, 0, -1);
	uid_t r, e, s;
	S(SYS_getresuid, &r, &e, &s);
	S(SYS_getresgid, &r, &e, &s);
	gid_t groups[4] = { 0 };
	S(SYS_getgroups, 0, NULL);
	S(SYS_setgroups, 1, groups);
	S(SYS_getgroups, 4, groups);
	S(SYS_getpgrp);
	S(SYS_getpgid, 0);
	S(SYS_getsid, 0);
	S(SYS_setpgid, 0, 0);
	S(SYS_setsid);
	S(SYS_getpgid, 999999);
	S(SYS_sched_yield);
	struct utsname u;
	S(SYS_uname, &u);
	S(SYS_uname, BAD);
	int status;
	/* waitid does not write si_utime and si_stime: zero them */
	siginfo_t si = { 0 };
	long pid = S(SYS_fork);
	if (pid == 0)
		S(SYS_exit_group, 3);
	S(SYS_wait4, pid, &status, 0, NULL);
	pid = raw_vfork_exit(7);
	S(SYS_wait4, pid, &status, __WALL, NULL);
	S(SYS_wait4, -1, &status, WNOHANG, NULL);
	pid = S(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		S(SYS_exit, 0);
	S(SYS_waitid, P_PID, pid, &si, WEXITED, NULL);
	struct clone_args ca = { .exit_signal = SIGCHLD };
	pid = S(SYS_clone3, &ca, sizeof ca);
	if (pid == 0)
		S(SYS_exit_group, 0);
	S(SYS_wait4, pid, &status, 0, NULL);
	S(SYS_wait4, -1, &status, 0, NULL);
	S(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL);
	static char *argv[] = { "probe", "arg with space", "x\ty", NULL };
	static char *envp[] = { "A=1", "B=2", NULL };
	S(SYS_execve, "/nonexistent", argv, envp);
	S(SYS_execve, "/nonexistent", BAD, NULL);
	S(SYS_execveat, AT_FDCWD, "/nonexistent", argv, envp, AT_SYMLINK_NOFOLLOW);
	int pfd = S(SYS_pidfd_open, S(SYS_getpid), 0);
	S(SYS_close, pfd);
	S(SYS_close_range, 100, 200, 0);
	S(SYS_close_range, 100, ~0U, CLOSE_RANGE_CLOEXEC);
}

static void prctls(void)
{
	S(SYS_prctl, PR_SET_NAME, "probe-name");
	S(SYS_prctl, PR_GET_NAME, buf);
	S(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	S(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM);
	int sig;
	S(SYS_prctl, PR_GET_PDEATHSIG, &sig);
	S(SYS_prctl, 0x12345, 1, 2, 3, 4);
	unsigned long fs;
	S(SYS_arch_prctl, ARCH_GET_FS, &fs);
	S(SYS_arch_prctl, 0x3001, buf);
	S(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1);
	S(SYS_futex, &futex_word, FUTEX_WAIT, 1, NULL);
	struct timespec zero = { 0, 0 };
	S(SYS_futex, &futex_word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0,
	  &zero, NULL, FUTEX_BITSET_MATCH_ANY);
	S(SYS_futex, &futex_word, FUTEX_WAKE, INT32_MAX);
	S(SYS_futex, &futex_word, 99, 1, 0, 0, 0);
	struct { void *next; long off; void *pend; } head = { &head, 0, NULL };
	S(SYS_set_robust_list, &head, sizeof head);
	void *hp;
	size_t len;
	S(SYS_get_robust_list, 0, &hp, &len);
	S(SYS_rseq, NULL, 0, 0, 0);
	static int tid_word;
	S(SYS_set_tid_address, &tid_word);
	struct rlimit rl;
	S(SYS_getrlimit, RLIMIT_NOFILE, &rl);
	S(SYS_getrlimit, RLIMIT_STACK, &rl);
	rl.rlim_cur = 0;
	rl.rlim_max = RLIM_INFINITY;
	S(SYS_setrlimit, RLIMIT_CORE, &rl);
	S(SYS_prlimit64, 0, RLIMIT_CORE, NULL, &rl);
	S(SYS_prlimit64, 0, RLIMIT_CORE, &rl, NULL);
	S(SYS_getrlimit, 999, &rl);
	struct rusage ru;
	S(SYS_getrusage, RUSAGE_SELF, BAD);
	S(SYS_getrusage, 99, &ru);
}

static void times(void)
{
	struct timeval tv;
	struct timespec ts = { 0, 1000 }, rem;
	S(SYS_gettimeofday, &tv, NULL);
	S(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	S(SYS_clock_gettime, 999, &ts);
	S(SYS_clock_getres, CLOCK_REALTIME, &ts);
	S(SYS_clock_getres, CLOCK_BOOTTIME, NULL);
	ts.tv_sec = 0;
	ts.tv_nsec = 1000;
	S(SYS_nanosleep, &ts, NULL);
	S(SYS_nanosleep, &ts, &rem);
	S(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
	ts.tv_nsec = 0;
	S(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
	ts.tv_nsec = 2000000000;
	S(SYS_nanosleep, &ts, NULL);
}

static void pipes_and_polls(void)
{
	int p[2], q[2];
	S(SYS_pipe, p);
	S(SYS_pipe2, q, O_CLOEXEC | O_NONBLOCK);
	S(SYS_pipe, BAD);
	S(SYS_write, p[1], "ping\n", 5);
	int n;
	S(SYS_ioctl, p[0], FIONREAD, &n);
	struct pollfd pf[3] = { { p[0], POLLIN, 0 }, { q[0], POLLIN | POLLPRI, 0 },
				{ p[1], POLLOUT, 0 } };
	S(SYS_poll, pf, 3, 0);
	S(SYS_poll, pf + 1, 1, 0);
	S(SYS_poll, NULL, 0, 1);
	struct timespec ts = { 0, 0 };
	S(SYS_ppoll, pf, 2, &ts, NULL, 8);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(q[0], &r);
	FD_SET(p[1], &w);
	struct timeval tv = { 0, 0 };
	S(SYS_select, q[1] + 1, &r, &w, NULL, &tv);
	FD_ZERO(&r);
	FD_SET(q[0], &r);
	tv.tv_usec = 0;
	S(SYS_select, q[1] + 1, &r, NULL, NULL, &tv);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	S(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, NULL);
	/* CHLD stays blocked: the children reaped earlier left it pending */
	uint64_t mask = 1ull << (SIGUSR2 - 1) | 1ull << (SIGCHLD - 1);
	struct { void *set; size_t size; } sm = { &mask, 8 };
	FD_ZERO(&r);
	FD_SET(q[0], &r);
	S(SYS_pselect6, q[0] + 1, &r, NULL, NULL, &ts, &sm);
	S(SYS_ppoll, pf + 1, 1, &ts, &mask, 8);
	S(SYS_ppoll, pf, 1, NULL, NULL, 8);
	S(SYS_read, p[0], buf, 100);
	S(SYS_read, q[0], buf, 100);

	int ep = S(SYS_epoll_create1, EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x1234 };
	S(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
	S(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[0], NULL);
	ev.events = EPOLLIN;
	ev.data.fd = q[0];
	S(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, q[0], &ev);
	S(SYS_write, q[1], "x", 1);
	struct epoll_event evs[4];
	S(SYS_epoll_wait, ep, evs, 4, 0);
	S(SYS_epoll_pwait, ep, evs, 4, 0, NULL, 8);
	S(SYS_epoll_pwait, ep, evs, 4, 0, &mask, 8);
	S(SYS_read, q[0], buf, 10);
	S(SYS_epoll_wait, ep, evs, 4, 0);
	S(SYS_close, ep);

	int efd = S(SYS_eventfd2, 5, EFD_CLOEXEC | EFD_NONBLOCK);
	S(SYS_read, efd, buf, 8);
	S(SYS_close, efd);
	int tfd = S(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec its = { { 0, 0 }, { 100, 0 } }, oits;
	S(SYS_timerfd_settime, tfd, 0, &its, NULL);
	its.it_value.tv_sec = 0;
	S(SYS_timerfd_settime, tfd, TFD_TIMER_ABSTIME, &its, &oits);
	S(SYS_close, tfd);
	int ifd = S(SYS_inotify_init1, IN_CLOEXEC | IN_NONBLOCK);
	S(SYS_inotify_add_watch, ifd, ".", IN_CREATE | IN_DELETE | IN_ONLYDIR);
	S(SYS_inotify_add_watch, ifd, "/nonexistent", IN_ALL_EVENTS);
	S(SYS_close, ifd);

	int m = S(SYS_memfd_create, "probe-memfd", MFD_CLOEXEC);
	int f = S(SYS_open, "probe_f1", O_RDONLY);
	S(SYS_sendfile, m, f, NULL, 4);
	off_t off = 2;
	S(SYS_sendfile, m, f, &off, 3);
	S(SYS_copy_file_range, f, NULL, m, NULL, 100, 0);
	loff_t o1 = 0, o2 = 0;
	S(SYS_copy_file_range, f, &o1, m, &o2, 3, 0);
	S(SYS_fadvise64, f, 0, 0, POSIX_FADV_SEQUENTIAL);
	S(SYS_fallocate, m, 0, 0, 4096);
	S(SYS_fallocate, m, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, 4096);
	S(SYS_splice, f, NULL, p[1], NULL, 4, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	S(SYS_splice, p[0], NULL, m, &o2, 4, 0);
	S(SYS_getrandom, buf, 0, 0);
	S(SYS_getrandom, BAD, 8, GRND_NONBLOCK | GRND_RANDOM);
	S(SYS_close, f);
	S(SYS_close, m);

	S(SYS_ioctl, 0, TCGETS, buf);
	S(SYS_ioctl, 0, TIOCGWINSZ, buf);
	int pt = S(SYS_open, "/dev/ptmx", O_RDWR | O_NOCTTY);
	struct termios t;
	S(SYS_ioctl, pt, TCGETS, &t);
	struct winsize ws = { 24, 80, 0, 0 };
	S(SYS_ioctl, pt, TIOCSWINSZ, &ws);
	S(SYS_ioctl, pt, TIOCGWINSZ, &ws);
	S(SYS_ioctl, pt, FIONREAD, &n);
	S(SYS_ioctl, pt, 0x12345678, 0);
	S(SYS_ioctl, pt, FIONBIO, &n);
	S(SYS_close, pt);
	S(SYS_close, p[0]);
	S(SYS_close, p[1]);
	S(SYS_close, q[0]);
	S(SYS_close, q[1]);
}

static void net(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	strcpy(un.sun_path, "probe_sock");
	socklen_t unlen = offsetof(struct sockaddr_un, sun_path) + 11;
	int l = S(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	S(SYS_bind, l, &un, unlen);
	S(SYS_listen, l, 5);
	struct sockaddr_un got;
	socklen_t glen = sizeof got;
	S(SYS_getsockname, l, &got, &glen);
	int c = S(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	S(SYS_connect, c, &un, unlen);
	glen = sizeof got;
	int a = S(SYS_accept4, l, &got, &glen, SOCK_CLOEXEC);
	glen = sizeof got;
	S(SYS_getpeername, c, &got, &glen);
	S(SYS_sendto, c, "hello", 5, MSG_NOSIGNAL, NULL, 0);
	S(SYS_recvfrom, a, buf, 100, 0, NULL, NULL);
	struct iovec iov = { "msg", 3 };
	int fds[1] = { 0 };
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr h; } cb;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cb.b, .msg_controllen = sizeof cb.b };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), fds, sizeof fds);
	S(SYS_sendmsg, c, &mh, 0);
	struct iovec riov = { buf, 100 };
	struct msghdr rh = { .msg_iov = &riov, .msg_iovlen = 1,
			     .msg_control = cb.b, .msg_controllen = sizeof cb.b };
	S(SYS_recvmsg, a, &rh, MSG_CMSG_CLOEXEC);
	S(SYS_close, 7);
	S(SYS_recvmsg, a, &rh, MSG_DONTWAIT);
	int one = 1, val;
	socklen_t vlen = sizeof val;
	S(SYS_setsockopt, c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	S(SYS_getsockopt, c, SOL_SOCKET, SO_ERROR, &val, &vlen);
	vlen = sizeof val;
	S(SYS_getsockopt, c, SOL_SOCKET, SO_TYPE, &val, &vlen);
	S(SYS_shutdown, c, SHUT_WR);
	S(SYS_accept, c, NULL, NULL);
	S(SYS_close, a);
	S(SYS_close, c);
	S(SYS_close, l);
	int sv[2];
	S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv);
	S(SYS_close, sv[0]);
	S(SYS_close, sv[1]);
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(1) };
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int s = S(SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_TCP);
	S(SYS_connect, s, &in, sizeof in);
	S(SYS_connect, s, BAD, sizeof in);
	S(SYS_close, s);
	s = S(SYS_socket, AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	S(SYS_close, s);
	S(SYS_socket, 999, SOCK_STREAM, 0);
	S(SYS_socket, AF_NETLINK, SOCK_RAW, 0);
	S(SYS_close, 3);
}

static void admin(void)
{
	S(SYS_mount, "none", "/nonexistent", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m");
	S(SYS_umount2, "/nonexistent", MNT_DETACH);
	S(SYS_chroot, "/nonexistent");
	struct { long x[16]; } si;
	S(SYS_sysinfo, BAD);
	(void)si;
}

int main(void)
{
	S(SYS_write, -1, "BEGIN", 5);
	files();
	statfs_calls();
	memory();
	signals();
	process();
	prctls();
	times();
	pipes_and_polls();
	net();
	admin();
	S(SYS_write, -1, "END", 3);
	return got_usr1 == 2 ? 0 : 1;
}
