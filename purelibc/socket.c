/* socket.c - the BSD socket calls.  x86-64 has a system call for each (no
 * socketcall multiplexer); glibc makes send and recv into sendto and
 * recvfrom without an address.  The calls that may wait are cancellation
 * points, as in glibc.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <sys/socket.h>

#define PV_ALIAS(name, target)                                                 \
	extern __typeof__(target) name                                         \
		__attribute__((alias(#target), copy(target),                   \
			       visibility("default")))

void __chk_fail(void) __attribute__((noreturn));

PV_EXPORT int socket(int domain, int type, int protocol)
{
	return (int)PV_SYSCALL_RET(SYS_socket, domain, type, protocol);
}

PV_EXPORT int socketpair(int domain, int type, int protocol, int fds[2])
{
	return (int)PV_SYSCALL_RET(SYS_socketpair, domain, type, protocol, fds);
}

PV_EXPORT int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return (int)PV_SYSCALL_RET(SYS_bind, fd, addr, len);
}

PV_EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_connect, fd, addr, len);
}
PV_ALIAS(__connect, connect);

PV_EXPORT int listen(int fd, int backlog)
{
	return (int)PV_SYSCALL_RET(SYS_listen, fd, backlog);
}

PV_EXPORT int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_accept, fd, addr, len);
}

PV_EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_accept4, fd, addr, len, flags);
}

PV_EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int flags,
			 const struct sockaddr *addr, socklen_t len)
{
	return PV_SYSCALL_RET_CANCEL(SYS_sendto, fd, buf, n, flags, addr, len);
}

PV_EXPORT ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_sendto, fd, buf, n, flags, NULL, 0);
}
PV_ALIAS(__send, send);

PV_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_sendmsg, fd, msg, flags);
}

PV_EXPORT int sendmmsg(int fd, struct mmsghdr *vec, unsigned n, int flags)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_sendmmsg, fd, vec, n, flags);
}

PV_EXPORT ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
			   struct sockaddr *addr, socklen_t *len)
{
	return PV_SYSCALL_RET_CANCEL(SYS_recvfrom, fd, buf, n, flags, addr, len);
}

PV_EXPORT ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_recvfrom, fd, buf, n, flags, NULL, NULL);
}

/* Fortified receives: the count must fit the buffer the compiler saw. */
PV_EXPORT ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen,
			     int flags)
{
	if (n > buflen)
		__chk_fail();
	return recv(fd, buf, n, flags);
}

PV_EXPORT ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen,
				 int flags, struct sockaddr *addr,
				 socklen_t *len)
{
	if (n > buflen)
		__chk_fail();
	return recvfrom(fd, buf, n, flags, addr, len);
}

PV_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return PV_SYSCALL_RET_CANCEL(SYS_recvmsg, fd, msg, flags);
}

PV_EXPORT int recvmmsg(int fd, struct mmsghdr *vec, unsigned n, int flags,
		       struct timespec *timeout)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_recvmmsg, fd, vec, n, flags, timeout);
}

PV_EXPORT int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return (int)PV_SYSCALL_RET(SYS_getsockopt, fd, level, name, val, len);
}

PV_EXPORT int setsockopt(int fd, int level, int name, const void *val,
			 socklen_t len)
{
	return (int)PV_SYSCALL_RET(SYS_setsockopt, fd, level, name, val, len);
}

PV_EXPORT int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)PV_SYSCALL_RET(SYS_getsockname, fd, addr, len);
}

PV_EXPORT int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)PV_SYSCALL_RET(SYS_getpeername, fd, addr, len);
}

PV_EXPORT int shutdown(int fd, int how)
{
	return (int)PV_SYSCALL_RET(SYS_shutdown, fd, how);
}
