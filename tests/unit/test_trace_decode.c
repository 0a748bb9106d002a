/* test_trace_decode.c - the trace layer's decoder on calls and data built in
 * memory: each expected line is what strace 6.1 printed for the same call
 * with the same bytes.  The lines were taken from two sources: runs of
 * tests/progs/probe_trace under strace, and a helper that installs a seccomp
 * filter failing every call with ENOSYS and then makes calls with crafted
 * arguments, so that strace decodes arguments no real call would accept
 * (every flag bit set, made-up siginfo).  The decoder prints without the
 * padding to column 40, which the layer adds.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sysent.h"
#include "trace_decode.h"
#include "trace_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/sysmacros.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define BAD 0x10L /* never mapped */

static char text[16384];

/* The decoder's line for a call that returned `ret`, memory as it is when
 * the call returns; `between` runs after the entry step (the kernel's
 * part: it may change memory). */
static const char *decode_call(long nr, long a0, long a1, long a2, long a3,
			       long a4, long a5, long ret,
			       void (*between)(void))
{
	static char body[8192], res[1024];
	struct pv_syscall c = PV_SYSCALL(nr, a0, a1, a2, a3, a4, a5);
	struct trace_args_state st = { 0 };
	struct rt_buf b = RT_BUF(body), r = RT_BUF(res);
	trace_decode_enter(&b, &c, &st);
	if (between)
		between();
	trace_decode_exit(&b, &c, ret, &st);
	trace_decode_result(&r, &c, ret, &st);
	snprintf(text, sizeof text, "%.*s = %.*s", (int)b.len, b.p, (int)r.len,
		 r.p);
	return text;
}

#define LINE(nr, a0, a1, a2, a3, a4, a5, ret)                                  \
	decode_call(nr, (long)(a0), (long)(a1), (long)(a2), (long)(a3),        \
		    (long)(a4), (long)(a5), ret, NULL)

/* ---- strings ---- */

static void test_quoting(void **state)
{
	(void)state;
	/* probe_trace's write of 40 bytes: octal escapes, short unless an
	 * octal digit follows, \t \n \v \f \r named, cut at 32 with "..." */
	static const char bin[40] = "\0\1\2\3\177\200\377abc\"\\\t\n\r\v\f\a\b0"
				    "\0" "1x\x1b" "7\1" "8";
	assert_string_equal(LINE(SYS_write, -1, bin, 40, 0, 0, 0, -EBADF),
			    "write(-1, \"\\0\\1\\2\\3\\177\\200\\377abc\\\"\\\\\\t\\n\\r"
			    "\\v\\f\\7\\0100\\0001x\\0337\\18\\0\\0\\0\\0\\0\"..., 40)"
			    " = -1 EBADF (Bad file descriptor)");
	/* exactly 32 bytes: no "..." */
	assert_string_equal(LINE(SYS_write, 3, "0123456789abcdefghijklmnopqrstuv",
				 32, 0, 0, 0, 32),
			    "write(3, \"0123456789abcdefghijklmnopqrstuv\", 32) = 32");
	assert_string_equal(LINE(SYS_write, -1, "a\0b\0" "0", 5, 0, 0, 0, -EBADF),
			    "write(-1, \"a\\0b\\0000\", 5) = -1 EBADF (Bad file descriptor)");
	assert_string_equal(LINE(SYS_write, -1, "tab\there\x7f\x1f\x20~", 13, 0, 0,
				 0, -EBADF),
			    "write(-1, \"tab\\there\\177\\37 ~\\0\", 13) = -1 EBADF "
			    "(Bad file descriptor)");
	/* UTF-8 is bytes above 0x7e: octal */
	assert_string_equal(LINE(SYS_write, -1, "\xc3\xa9", 2, 0, 0, 0, -EBADF),
			    "write(-1, \"\\303\\251\", 2) = -1 EBADF (Bad file descriptor)");
	assert_string_equal(LINE(SYS_write, -1, NULL, 0, 0, 0, 0, -EBADF),
			    "write(-1, NULL, 0) = -1 EBADF (Bad file descriptor)");
	assert_string_equal(LINE(SYS_write, -1, "", 0, 0, 0, 0, -EBADF),
			    "write(-1, \"\", 0) = -1 EBADF (Bad file descriptor)");
	/* getrandom's buffer is always \x */
	static const unsigned char rnd[4] = { 0x88, 0x61, 0x68, 0x0d };
	assert_string_equal(LINE(SYS_getrandom, rnd, 4, 0, 0, 0, 0, 4),
			    "getrandom(\"\\x88\\x61\\x68\\x0d\", 4, 0) = 4");
}

static void test_bad_pointers(void **state)
{
	(void)state;
	char expect[256];
	static char buf[16];
	assert_string_equal(LINE(SYS_write, -1, BAD, 5, 0, 0, 0, -EBADF),
			    "write(-1, 0x10, 5) = -1 EBADF (Bad file descriptor)");
	assert_string_equal(LINE(SYS_open, BAD, O_RDONLY, 0, 0, 0, 0, -EFAULT),
			    "open(0x10, O_RDONLY) = -1 EFAULT (Bad address)");
	/* an output buffer of a failed call is its address */
	snprintf(expect, sizeof expect,
		 "read(-1, %#lx, 5) = -1 EBADF (Bad file descriptor)",
		 (unsigned long)buf);
	assert_string_equal(LINE(SYS_read, -1, buf, 5, 0, 0, 0, -EBADF), expect);
	assert_string_equal(LINE(SYS_read, 3, BAD, 5, 0, 0, 0, -EFAULT),
			    "read(3, 0x10, 5) = -1 EFAULT (Bad address)");
	assert_string_equal(LINE(SYS_stat, "probe_f1", BAD, 0, 0, 0, 0, -EFAULT),
			    "stat(\"probe_f1\", 0x10) = -1 EFAULT (Bad address)");
	assert_string_equal(LINE(SYS_execve, "/nonexistent", BAD, NULL, 0, 0, 0,
				 -ENOENT),
			    "execve(\"/nonexistent\", 0x10, NULL) = -1 ENOENT "
			    "(No such file or directory)");

	/* a string running into an unmapped page has no end: its address */
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	munmap(m + 4096, 4096);
	memcpy(m + 4096 - 3, "ab", 3);
	assert_string_equal(LINE(SYS_open, m + 4096 - 3, 0, 0, 0, 0, 0, -ENOENT),
			    "open(\"ab\", O_RDONLY) = -1 ENOENT (No such file or directory)");
	memcpy(m + 4096 - 3, "abc", 3);
	snprintf(expect, sizeof expect,
		 "open(%#lx, O_RDONLY) = -1 EFAULT (Bad address)",
		 (unsigned long)(m + 4096 - 3));
	assert_string_equal(LINE(SYS_open, m + 4096 - 3, 0, 0, 0, 0, 0, -EFAULT),
			    expect);
	munmap(m, 4096);
}

static void test_paths(void **state)
{
	(void)state;
	static char p[5000];
	memset(p, 'a', sizeof p - 1);
	/* strace shows PATH_MAX bytes of a path, then "..." */
	const char *l = LINE(SYS_open, p, 0, 0, 0, 0, 0, -ENAMETOOLONG);
	assert_int_equal(strspn(l + 6, "a"), 4096);
	assert_string_equal(l + 6 + 4096,
			    "\"..., O_RDONLY) = -1 ENAMETOOLONG (File name too long)");
	assert_string_equal(LINE(SYS_open, "a\nb\x01\xff\"c", 0, 0, 0, 0, 0, -ENOENT),
			    "open(\"a\\nb\\1\\377\\\"c\", O_RDONLY) = -1 ENOENT "
			    "(No such file or directory)");
	static char *argv[] = { "probe", "arg with space", "x\ty", NULL };
	static char *envp[] = { "A=1", "B=2", NULL };
	char expect[256];
	snprintf(expect, sizeof expect,
		 "execve(\"/nonexistent\", [\"probe\", \"arg with space\", "
		 "\"x\\ty\"], %#lx /* 2 vars */) = -1 ENOENT (No such file or "
		 "directory)",
		 (unsigned long)envp);
	assert_string_equal(LINE(SYS_execve, "/nonexistent", argv, envp, 0, 0, 0,
				 -ENOENT),
			    expect);
}

/* ---- flags and values ---- */

static void test_flags(void **state)
{
	(void)state;
	const long E = -ENOSYS;
	/* every bit set */
	assert_string_equal(LINE(SYS_open, "/x", 0xffffffff, 0777, 0, 0, 0, E),
			    "open(\"/x\", O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|"
			    "O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|"
			    "O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|"
			    "FASYNC|0xff80003c, 0777) = -1 ENOSYS (Function not "
			    "implemented)");
	/* the mode only with O_CREAT or O_TMPFILE */
	assert_string_equal(LINE(SYS_openat, AT_FDCWD, ".", O_RDWR | O_TMPFILE,
				 0600, 0, 0, 5),
			    "openat(AT_FDCWD, \".\", O_RDWR|O_TMPFILE, 0600) = 5");
	assert_string_equal(LINE(SYS_openat, -1, "x",
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, 0, 0,
				 -EBADF),
			    "openat(-1, \"x\", O_RDONLY|O_NOFOLLOW|O_DIRECTORY) = -1 "
			    "EBADF (Bad file descriptor)");
	assert_string_equal(LINE(SYS_mmap, 0, 4096, 0xffffffff, 0, -1, 0, E),
			    "mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC|"
			    "PROT_SEM|PROT_GROWSDOWN|PROT_GROWSUP|0xfcfffff0, "
			    "MAP_FILE, -1, 0) = -1 ENOSYS (Function not implemented)");
	assert_string_equal(LINE(SYS_mmap, 0, 4096, PROT_READ | 0x100,
				 MAP_PRIVATE | 0x800000, -1, 0x1000, -EBADF),
			    "mmap(NULL, 4096, PROT_READ|0x100, MAP_PRIVATE|0x800000, "
			    "-1, 0x1000) = -1 EBADF (Bad file descriptor)");
	assert_string_equal(LINE(SYS_mmap, 0, 4096, 0, 0x4040002, -1, 0, E),
			    "mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_HUGETLB|"
			    "1<<MAP_HUGE_SHIFT, -1, 0) = -1 ENOSYS (Function not "
			    "implemented)");
	/* names nothing: the value and the table's comment */
	assert_string_equal(LINE(SYS_faccessat2, AT_FDCWD, "probe_f1", 0x10,
				 0x8000, 0, 0, -EINVAL),
			    "faccessat2(AT_FDCWD, \"probe_f1\", 0x10 /* ?_OK */, "
			    "0x8000 /* AT_??? */) = -1 EINVAL (Invalid argument)");
	assert_string_equal(LINE(SYS_madvise, 0, 0, 0x80000000, 0, 0, 0, E),
			    "madvise(NULL, 0, 0x80000000 /* MADV_??? */) = -1 ENOSYS "
			    "(Function not implemented)");
	assert_string_equal(LINE(SYS_lseek, 3, 1, 99, 0, 0, 0, -EINVAL),
			    "lseek(3, 1, 0x63 /* SEEK_??? */) = -1 EINVAL (Invalid "
			    "argument)");
	assert_string_equal(LINE(SYS_clone, 0x3d0f00, 0x1000, 0x2000, 0x3000,
				 0x4000, 0, E),
			    "clone(child_stack=0x1000, flags=CLONE_VM|CLONE_FS|"
			    "CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
			    "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, "
			    "parent_tid=0x2000, tls=0x4000, child_tidptr=0x3000) = -1 "
			    "ENOSYS (Function not implemented)");
	assert_string_equal(LINE(SYS_clone, 0x11, 0, 0, 0, 0, 0, 1234),
			    "clone(child_stack=NULL, flags=SIGCHLD) = 1234");
	assert_string_equal(LINE(SYS_socket, AF_UNIX, 0xffffffff, 0, 0, 0, 0, E),
			    "socket(AF_UNIX, SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff, 0) "
			    "= -1 ENOSYS (Function not implemented)");
	assert_string_equal(LINE(SYS_socket, AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK,
				 0, 0, 0, 0, 3),
			    "socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_IP) = 3");
	assert_string_equal(LINE(SYS_futex, 0x1000, 0x189, 0, 0, 0, 0xffffffff, E),
			    "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE|"
			    "FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY) = "
			    "-1 ENOSYS (Function not implemented)");
	assert_string_equal(LINE(SYS_prctl, PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz",
				 0, 0, 0, 0, E),
			    "prctl(PR_SET_NAME, \"abcdefghijklmno\"...) = -1 ENOSYS "
			    "(Function not implemented)");
	assert_string_equal(LINE(SYS_prctl, 0x12345, 1, 2, 3, 4, 0, -EINVAL),
			    "prctl(0x12345 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 "
			    "EINVAL (Invalid argument)");
	assert_string_equal(LINE(SYS_ioctl, 7, 0x12345678, 0, 0, 0, 0, -ENOTTY),
			    "ioctl(7, _IOC(_IOC_NONE, 0x56, 0x78, 0x1234), 0) = -1 "
			    "ENOTTY (Inappropriate ioctl for device)");
}

/* ---- results ---- */

static void test_results(void **state)
{
	(void)state;
	assert_string_equal(LINE(SYS_getpid, 0, 0, 0, 0, 0, 0, -134),
			    "getpid() = -1 (errno 134)");
	assert_string_equal(LINE(SYS_getpid, 0, 0, 0, 0, 0, 0, -512),
			    "getpid() = ? ERESTARTSYS (To be restarted if SA_RESTART "
			    "is set)");
	assert_string_equal(LINE(SYS_getpid, 0, 0, 0, 0, 0, 0, -530),
			    "getpid() = -1 ERECALLCONFLICT (Unknown error 530)");
	assert_string_equal(LINE(SYS_getpid, 0, 0, 0, 0, 0, 0, -EAGAIN),
			    "getpid() = -1 EAGAIN (Resource temporarily unavailable)");
	assert_string_equal(LINE(SYS_umask, 022, 0, 0, 0, 0, 0, 077),
			    "umask(022) = 077");
	assert_string_equal(LINE(SYS_brk, 0, 0, 0, 0, 0, 0, 0x55b3a5ebd000),
			    "brk(NULL) = 0x55b3a5ebd000");
	assert_string_equal(LINE(SYS_fcntl, 3, F_GETFL, 0, 0, 0, 0, 0x8c00),
			    "fcntl(3, F_GETFL) = 0x8c00 (flags O_RDONLY|O_APPEND|"
			    "O_NONBLOCK|O_LARGEFILE)");
	assert_string_equal(LINE(SYS_fcntl, 11, F_GETFD, 0, 0, 0, 0, 1),
			    "fcntl(11, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	assert_string_equal(LINE(SYS_prctl, 3, 0, 0, 0, 0, 0, 1),
			    "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
	/* calls strace does not decode, and numbers the headers do not name */
	assert_string_equal(LINE(SYS_rseq, 0, 0, 0, 0, 0, 0, -EINVAL),
			    "rseq(0, 0, 0, 0) = -1 EINVAL (Invalid argument)");
	assert_string_equal(LINE(0x1c3, 0x1001, 0x1002, 0x1003, 0x1004, 0x1005,
				 0x1006, -ENOSYS),
			    "syscall_0x1c3(0x1001, 0x1002, 0x1003, 0x1004, 0x1005, "
			    "0x1006) = -1 ENOSYS (Function not implemented)");
}

/* ---- structs ---- */

static struct pollfd pfd[3];

static void poll_kernel(void)
{
	pfd[0].revents = POLLIN;
	pfd[2].revents = POLLOUT;
}

static unsigned long rset[16], wset[16];
static struct {
	long sec, usec;
} tv;

static void select_kernel(void)
{
	rset[0] = 1 << 3;
}

static void test_structs(void **state)
{
	(void)state;
	pfd[0] = (struct pollfd){ 3, POLLIN, 0 };
	pfd[1] = (struct pollfd){ 5, POLLIN | 2, 0 };
	pfd[2] = (struct pollfd){ 4, POLLOUT, 0 };
	assert_string_equal(decode_call(SYS_poll, (long)pfd, 3, 0, 0, 0, 0, 2,
					poll_kernel),
			    "poll([{fd=3, events=POLLIN}, {fd=5, events=POLLIN|"
			    "POLLPRI}, {fd=4, events=POLLOUT}], 3, 0) = 2 ([{fd=3, "
			    "revents=POLLIN}, {fd=4, revents=POLLOUT}])");

	rset[0] = 1 << 3 | 1 << 5;
	wset[0] = 1 << 4;
	assert_string_equal(decode_call(SYS_select, 7, (long)rset, (long)wset, 0,
					(long)&tv, 0, 2, select_kernel),
			    "select(7, [3 5], [4], NULL, {tv_sec=0, tv_usec=0}) = 2 "
			    "(in [3], out [4], left {tv_sec=0, tv_usec=0})");

	struct stat st = { 0 };
	st.st_mode = S_IFCHR | 0666;
	st.st_rdev = makedev(1, 3);
	assert_string_equal(LINE(SYS_stat, "/dev/null", &st, 0, 0, 0, 0, 0),
			    "stat(\"/dev/null\", {st_mode=S_IFCHR|0666, "
			    "st_rdev=makedev(0x1, 0x3), ...}) = 0");
	st.st_mode = S_IFREG | 0644;
	st.st_size = 1351;
	assert_string_equal(LINE(SYS_fstat, 3, &st, 0, 0, 0, 0, 0),
			    "fstat(3, {st_mode=S_IFREG|0644, st_size=1351, ...}) = 0");

	/* the kernel's struct sigaction: handler, flags, restorer, mask */
	unsigned long sa[4] = { 0x1000, ~0UL, 0x2000, 0x5 };
	assert_string_equal(LINE(SYS_rt_sigaction, SIGUSR1, sa, 0, 8, 0, 0, -ENOSYS),
			    "rt_sigaction(SIGUSR1, {sa_handler=0x1000, sa_mask=[HUP "
			    "QUIT], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|"
			    "SA_INTERRUPT|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|"
			    "SA_NOCLDSTOP|SA_NOCLDWAIT|0xffffffff03fffff8, "
			    "sa_restorer=0x2000}, NULL, 8) = -1 ENOSYS (Function not "
			    "implemented)");
	/* glibc's sigfillset leaves out 32 and 33 */
	unsigned long sa2[4] = { 1, 0x04000000, 0, ~0UL & ~(3UL << 31) };
	unsigned long old[4] = { 0, 0, 0, 0 };
	assert_string_equal(LINE(SYS_rt_sigaction, SIGPIPE, sa2, old, 8, 0, 0, 0),
			    "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, "
			    "sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, "
			    "sa_restorer=NULL}, {sa_handler=SIG_DFL, sa_mask=[], "
			    "sa_flags=0}, 8) = 0");
	unsigned long set = 1UL << (SIGUSR2 - 1) | 1UL << (SIGCHLD - 1);
	assert_string_equal(LINE(SYS_rt_sigprocmask, 7, &set, 0, 8, 0, 0, -EINVAL),
			    "rt_sigprocmask(0x7 /* SIG_??? */, [USR2 CHLD], NULL, 8) "
			    "= -1 EINVAL (Invalid argument)");
	set = ~0UL;
	assert_string_equal(LINE(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, 8, 0, 0, 0),
			    "rt_sigprocmask(SIG_BLOCK, ~[], NULL, 8) = 0");

	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6,
				    .sin6_port = htons(80), .sin6_scope_id = 3 };
	static const unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	memcpy(&in6.sin6_addr, a6, 16);
	assert_string_equal(LINE(SYS_connect, 3, &in6, sizeof in6, 0, 0, 0, -ENOSYS),
			    "connect(3, {sa_family=AF_INET6, sin6_port=htons(80), "
			    "sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "
			    "\"2001:db8::1\", &sin6_addr), sin6_scope_id=3}, 28) = -1 "
			    "ENOSYS (Function not implemented)");
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(1),
				  .sin_addr.s_addr = htonl(0x7f000001) };
	assert_string_equal(LINE(SYS_connect, 3, &in, sizeof in, 0, 0, 0,
				 -ECONNREFUSED),
			    "connect(3, {sa_family=AF_INET, sin_port=htons(1), "
			    "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED "
			    "(Connection refused)");
	static const char abstract[6] = { 1, 0, 0, 'a', 'b', 'c' };
	assert_string_equal(LINE(SYS_connect, 3, abstract, 6, 0, 0, 0, -ENOSYS),
			    "connect(3, {sa_family=AF_UNIX, sun_path=@\"abc\"}, 6) = "
			    "-1 ENOSYS (Function not implemented)");

	/* termios: the delay fields always, the flags as strace orders them */
	unsigned t[9] = { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff };
	assert_string_equal(LINE(SYS_ioctl, 1, 0x5402, t, 0, 0, 0, -ENOSYS),
			    "ioctl(1, SNDCTL_TMR_START or TCSETS, {c_iflag=IGNBRK|"
			    "BRKINT|IGNPAR|PARMRK|INPCK|ISTRIP|INLCR|IGNCR|ICRNL|"
			    "IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8|0xffff8000, "
			    "c_oflag=NL1|CR3|XTABS|BS1|VT1|FF1|OPOST|OLCUC|ONLCR|"
			    "OCRNL|ONOCR|ONLRET|OFILL|OFDEL|0xffff0000, "
			    "c_cflag=B4000000|B4000000<<IBSHIFT|CS8|CSTOPB|CREAD|"
			    "PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|CRTSCTS|0x2ff0e000, "
			    "c_lflag=ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|"
			    "NOFLSH|IEXTEN|ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|PENDIN|"
			    "TOSTOP|EXTPROC|0xfffe2000, ...}) = -1 ENOSYS (Function "
			    "not implemented)");
	unsigned short ws[4] = { 24, 80, 0, 0 };
	assert_string_equal(LINE(SYS_ioctl, 7, 0x5413, ws, 0, 0, 0, 0),
			    "ioctl(7, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, "
			    "ws_ypixel=0}) = 0");
	int n = 5;
	assert_string_equal(LINE(SYS_ioctl, 3, 0x541b, &n, 0, 0, 0, 0),
			    "ioctl(3, FIONREAD, [5]) = 0");

	int status = 9; /* killed by SIGKILL */
	assert_string_equal(LINE(SYS_wait4, 1234, &status, 0, 0, 0, 0, 1234),
			    "wait4(1234, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], "
			    "0, NULL) = 1234");
	status = 3 << 8;
	assert_string_equal(LINE(SYS_wait4, 1234, &status, 0, 0, 0, 0, 1234),
			    "wait4(1234, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, "
			    "NULL) = 1234");

	unsigned long rl[2] = { 8192 * 1024, ~0UL };
	assert_string_equal(LINE(SYS_prlimit64, 0, 3, 0, rl, 0, 0, 0),
			    "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, "
			    "rlim_max=RLIM64_INFINITY}) = 0");
	long ts2[4] = { 1000000000, 5, 0, 0 };
	assert_string_equal(LINE(SYS_utimensat, 3, 0, ts2, 0, 0, 0, 0),
			    "utimensat(3, NULL, [{tv_sec=1000000000, tv_nsec=5} /* "
			    "2001-09-09T01:46:40.000000005+0000 */, {tv_sec=0, "
			    "tv_nsec=0}], 0) = 0");
}

/* ---- siginfo ---- */

static const char *siginfo_line(int sig, int code, int pid, int status)
{
	static char out[512];
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = sig;
	si.si_code = code;
	si.si_pid = pid;
	si.si_status = status;
	struct rt_buf b = RT_BUF(out);
	trace_decode_siginfo(&b, sig, &si);
	out[b.len] = 0;
	return out;
}

static void test_siginfo(void **state)
{
	(void)state;
	/* as strace decodes rt_sigqueueinfo's siginfo, after the name the
	 * "--- SIG... ---" line starts with */
	assert_string_equal(siginfo_line(SIGCHLD, 1 /* CLD_EXITED */, 100, 3),
			    "SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=100, "
			    "si_uid=0, si_status=3, si_utime=0, si_stime=0}");
	assert_string_equal(siginfo_line(SIGCHLD, 2 /* CLD_KILLED */, 100, 9),
			    "SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=100, "
			    "si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0}");
	assert_string_equal(siginfo_line(SIGUSR1, 0 /* SI_USER */, 100, 0),
			    "SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=100, "
			    "si_uid=0}");
	assert_string_equal(siginfo_line(SIGUSR1, -6 /* SI_TKILL */, 100, 0),
			    "SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=100, "
			    "si_uid=0}");

	static char out[512];
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGSEGV;
	si.si_code = 1; /* SEGV_MAPERR */
	si.si_addr = (void *)0x1000;
	struct rt_buf b = RT_BUF(out);
	trace_decode_siginfo(&b, SIGSEGV, &si);
	out[b.len] = 0;
	assert_string_equal(out, "SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, "
				 "si_addr=0x1000}");
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = -1; /* SI_QUEUE */
	si.si_pid = 100;
	si.si_value.sival_int = 7;
	b = (struct rt_buf)RT_BUF(out);
	trace_decode_siginfo(&b, SIGUSR1, &si);
	out[b.len] = 0;
	assert_string_equal(out, "SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, "
				 "si_pid=100, si_uid=0, si_int=7, si_ptr=0x7}");

	b = (struct rt_buf)RT_BUF(out);
	trace_signal_name(&b, 40);
	out[b.len] = 0;
	assert_string_equal(out, "SIGRT_8");
}

/* ---- the table ---- */

static void test_sysent(void **state)
{
	(void)state;
	for (long nr = 0; nr < pv_nsyscalls; nr++)
		if (pv_syscall_name(nr))
			assert_true(pv_syscall_described(nr));
	/* strace's argument counts */
	assert_int_equal(pv_syscall_nargs(SYS_open), 3);
	assert_int_equal(pv_syscall_nargs(SYS_rt_sigreturn), 0);
	assert_int_equal(pv_syscall_nargs(SYS_preadv), 4);
	assert_int_equal(pv_syscall_nargs(SYS_mmap), 6);
	assert_int_equal(pv_syscall_arg_kind(SYS_openat, 1), A_PATH);
	assert_int_equal(pv_syscall_ret_kind(SYS_mmap), R_HEX);
	/* strace -e trace=%CLASS */
	assert_int_equal(pv_syscall_classes(SYS_openat), TRACE_FILE | TRACE_DESC);
	assert_int_equal(pv_syscall_classes(SYS_getpid), TRACE_PURE);
	assert_int_equal(pv_syscall_classes(SYS_newfstatat),
			 TRACE_FILE | TRACE_DESC | TRACE_FSTAT | TRACE_STAT_LIKE);
	assert_int_equal(pv_syscall_classes(SYS_kill), TRACE_PROCESS | TRACE_SIGNAL);
	assert_int_equal(pv_syscall_classes(SYS_sched_yield), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_bad_pointers),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_structs),
		cmocka_unit_test(test_siginfo),
		cmocka_unit_test(test_sysent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
