/* sysent.h - what purevirt knows about each system call: its name (from the
 * kernel headers) and, for the calls in syscalls.def, how many arguments it
 * takes, what kind each one is, what kind of result it gives, and the
 * classes it belongs to (strace's %file, %desc, ... sets).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LIB_SYSENT_H
#define PV_LIB_SYSENT_H

/* Classes, as strace groups calls for -e trace=%CLASS.  A call may be in
 * several; the values are bits of pv_syscall_classes(). */
#define TRACE_FILE        0x00001u /* %file: takes a file name          */
#define TRACE_DESC        0x00002u /* %desc: takes or makes a descriptor */
#define TRACE_NETWORK     0x00004u /* %network                           */
#define TRACE_PROCESS     0x00008u /* %process: life cycle of tasks     */
#define TRACE_SIGNAL      0x00010u /* %signal                            */
#define TRACE_IPC         0x00020u /* %ipc: SysV IPC                     */
#define TRACE_MEMORY      0x00040u /* %memory: the address space         */
#define TRACE_CREDS       0x00080u /* %creds: user and group ids         */
#define TRACE_CLOCK       0x00100u /* %clock: reads or sets a clock      */
#define TRACE_STAT        0x00200u /* %stat                              */
#define TRACE_LSTAT       0x00400u /* %lstat                             */
#define TRACE_FSTAT       0x00800u /* %fstat                             */
#define TRACE_STAT_LIKE   0x01000u /* %%stat: any of the stat family     */
#define TRACE_STATFS      0x02000u /* %statfs                            */
#define TRACE_FSTATFS     0x04000u /* %fstatfs                           */
#define TRACE_STATFS_LIKE 0x08000u /* %%statfs                           */
#define TRACE_PURE        0x10000u /* %pure: no arguments, never fails   */

/* What an argument is, so a tracer knows how to show it.  The names say
 * what the value is; _IN is memory the call reads, _OUT memory the kernel
 * fills in (shown when the call returns), _INOUT both.  A_SKIP is an
 * argument shown by another one of the same call (clone shows its own
 * arguments in its own order). */
#define PV_ARG_KINDS(X)                                                        \
	X(A_HEX) X(A_INT) X(A_UINT) X(A_LONG) X(A_ULONG) X(A_PTR) X(A_FD)      \
	X(A_DIRFD) X(A_MODE) X(A_SKIP)                                         \
	/* strings and buffers */                                              \
	X(A_PATH) X(A_STR) X(A_BUF_IN) X(A_BUF_OUT) X(A_BUF_OUT_HEX) X(A_ARGV) \
	X(A_ENVP) X(A_CWD_OUT) X(A_LINK_OUT) X(A_XATTR_LIST_OUT)               \
	/* files */                                                            \
	X(A_OPEN_FLAGS) X(A_OPEN_MODE) X(A_FD_FLAGS) X(A_ACCESS_MODE)          \
	X(A_AT_FLAGS) X(A_FACCESSAT2_FLAGS) X(A_STATX_FLAGS) X(A_STATX_MASK)   \
	X(A_STAT_OUT) X(A_STATX_OUT) X(A_STATFS_OUT) X(A_WHENCE) X(A_FLOCK_OP) \
	X(A_RENAME_FLAGS) X(A_MKNOD_MODE) X(A_DEV) X(A_DIRENTS_OUT)            \
	X(A_UTIMENS) X(A_XATTR_FLAGS) X(A_MOUNT_FLAGS) X(A_UMOUNT_FLAGS)       \
	X(A_FADVICE) X(A_FALLOC_MODE) X(A_SPLICE_FLAGS) X(A_OFF_PTR_IN)        \
	X(A_OFF_PTR_INOUT) X(A_IN_FLAGS) X(A_IN_MASK) X(A_MFD_FLAGS)           \
	X(A_CLOSE_RANGE_FLAGS) X(A_FCNTL_CMD) X(A_FCNTL_ARG) X(A_IOCTL_REQ)    \
	X(A_IOCTL_ARG) X(A_PIDFD_FLAGS) X(A_GRND_FLAGS) X(A_MOUNT_TYPE)        \
	X(A_MOUNT_DATA) X(A_RWF_FLAGS) X(A_CLONE_FLAGS) X(A_SFD_FLAGS)         \
	/* memory */                                                           \
	X(A_MMAP_PROT) X(A_MMAP_FLAGS) X(A_MREMAP_FLAGS) X(A_MSYNC_FLAGS)      \
	X(A_MADVICE) X(A_MLOCK2_FLAGS) X(A_MCL_FLAGS) X(A_MREMAP_ADDR)         \
	/* signals */                                                          \
	X(A_SIGNO) X(A_SIGSET_IN) X(A_SIGSET_OUT) X(A_SIGACTION_IN)            \
	X(A_SIGACTION_OUT) X(A_SIGHOW) X(A_SIGINFO_IN) X(A_SIGINFO_OUT)        \
	X(A_STACK_IN) X(A_STACK_OUT) X(A_PSELECT_SIGMASK)                   \
	/* time */                                                             \
	X(A_TIMESPEC_IN) X(A_TIMESPEC_OUT) X(A_TIMESPEC_REM) X(A_TIMEVAL_IN)   \
	X(A_TIMEVAL_OUT) X(A_TIMEZONE_OUT) X(A_ITIMERSPEC_IN)                  \
	X(A_ITIMERSPEC_OUT) X(A_ITIMERVAL_IN) X(A_ITIMERVAL_OUT)               \
	X(A_ITIMER_WHICH) X(A_CLOCKID) X(A_TIMER_FLAGS) X(A_TFD_FLAGS)         \
	X(A_TIME_OUT)                                                          \
	/* descriptors that wait */                                            \
	X(A_POLLFDS) X(A_FDSET) X(A_EPOLL_OP) X(A_EPOLL_EVENT_IN)              \
	X(A_EPOLL_EVENTS_OUT) X(A_EPOLL_FLAGS) X(A_EFD_FLAGS) X(A_IOVEC_IN)    \
	X(A_IOVEC_OUT) X(A_PIPEFDS_OUT)                                        \
	/* network */                                                          \
	X(A_SOCK_FAMILY) X(A_SOCK_TYPE) X(A_SOCK_PROTO) X(A_SOCKADDR_IN)       \
	X(A_SOCKADDR_OUT) X(A_SOCKLEN_INOUT) X(A_MSG_FLAGS) X(A_MSGHDR_IN)     \
	X(A_MSGHDR_OUT) X(A_SHUT_HOW) X(A_SOCKOPT_LEVEL) X(A_SOCKOPT_NAME)     \
	X(A_SOCKOPT_VAL_IN) X(A_SOCKOPT_VAL_OUT) X(A_SOCK_FLAGS)               \
	/* processes and their limits */                                       \
	X(A_CLONE) X(A_CLONE3_ARGS) X(A_WAIT_STATUS_OUT) X(A_WAIT_OPTIONS)     \
	X(A_RUSAGE_OUT) X(A_IDTYPE) X(A_UTSNAME_OUT) X(A_RLIMIT_RES)           \
	X(A_RLIMIT_IN) X(A_RLIMIT_OUT) X(A_RUSAGE_WHO) X(A_SYSINFO_OUT)        \
	X(A_GROUPS_IN) X(A_GROUPS_OUT) X(A_INT_PTR_OUT) X(A_PRCTL)             \
	X(A_ARCH_PRCTL) X(A_FUTEX) X(A_PTR_PTR_OUT) X(A_SIZE_PTR_OUT)          \
	X(A_PRIO_WHICH) X(A_TIMES_OUT)

/* What a result is. */
#define PV_RET_KINDS(X)                                                        \
	X(R_DEC)     /* a number or a descriptor                        */    \
	X(R_HEX)     /* an address (mmap, brk)                          */    \
	X(R_OCT)     /* a mode (umask)                                  */    \
	X(R_FCNTL)   /* depends on the command: flags for F_GETFL       */    \
	X(R_POLL)    /* with the ready descriptors                      */    \
	X(R_PPOLL)   /* with the ready descriptors and the time left    */    \
	X(R_SELECT)  /* with the ready sets and the time left           */    \
	X(R_PSELECT)                                                           \
	X(R_SIGNO)   /* a signal number (rt_sigtimedwait)               */    \
	X(R_PRCTL)   /* depends on the option                           */    \
	X(R_NONE)    /* never returns (exit)                            */

#define PV_KIND_ENUM(k) k,
enum pv_arg_kind { PV_ARG_KINDS(PV_KIND_ENUM) PV_ARG_KIND_COUNT };
enum pv_ret_kind { PV_RET_KINDS(PV_KIND_ENUM) PV_RET_KIND_COUNT };
#undef PV_KIND_ENUM

/* Number of entries in the name table (highest known number + 1). */
extern const int pv_nsyscalls;

/* "openat", or NULL for a number the headers do not name. */
const char *pv_syscall_name(long nr);
/* The number of a name, or -1. */
long pv_syscall_number(const char *name);
/* Whether syscalls.def describes the call. */
int pv_syscall_described(long nr);
/* How many arguments the call takes (6 when not described). */
int pv_syscall_nargs(long nr);
/* The kind of argument i (A_HEX when not described). */
enum pv_arg_kind pv_syscall_arg_kind(long nr, int i);
/* The kind of its result (R_DEC when not described). */
enum pv_ret_kind pv_syscall_ret_kind(long nr);
/* Its TRACE_* classes (0 when not described). */
unsigned pv_syscall_classes(long nr);

#endif
