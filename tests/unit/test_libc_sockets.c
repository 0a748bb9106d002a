/* test_libc_sockets.c - the socket and polling wrappers against glibc's:
 * same results, errno, effects and system calls (see libc_compare.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>

ssize_t __recv_chk(int, void *, size_t, size_t, int);
ssize_t __recvfrom_chk(int, void *, size_t, size_t, int, struct sockaddr *,
		       socklen_t *);
int __poll_chk(struct pollfd *, nfds_t, int, size_t);
int __ppoll_chk(struct pollfd *, nfds_t, const struct timespec *,
		const sigset_t *, size_t);
int __connect(int, const struct sockaddr *, socklen_t);
ssize_t __send(int, const void *, size_t, int);
int __poll(struct pollfd *, nfds_t, int);
int __select(int, fd_set *, fd_set *, fd_set *, struct timeval *);

static int sv[2]; /* a connected pair */
static char buf[64];
static volatile nfds_t huge = 1u << 30;

static int group_setup(void **state)
{
	if (compare_setup(state))
		return -1;
	return socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
}

static void drain(void)
{
	while (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) > 0)
		;
}

static void test_sockets(void **state)
{
	(void)state;
	int u = -1, fds[2];
	struct sockaddr_in lo = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_un none = { .sun_family = AF_UNIX, .sun_path = "/nonexistent/pv" };
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int one = 1, type = 0;
	socklen_t tlen = sizeof type;
	SAME_FD(socket, AF_INET, SOCK_DGRAM, 0);
	SAME_FD(socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	SAME_FD(socket, -1, SOCK_STREAM, 0);
	SAME_FD(socket, AF_UNIX, 0x12345, 0);
	SAME(socketpair, AF_UNIX, SOCK_STREAM, 0, BAD_PTR);
	SAME(socketpair, AF_INET, SOCK_STREAM, 0, fds);
#define FRESH_UDP() (close(u), u = socket(AF_INET, SOCK_DGRAM, 0))
	SAME_AFTER(FRESH_UDP(), bind, u, (struct sockaddr *)&lo, sizeof lo);
	SAME(bind, u, (struct sockaddr *)&lo, sizeof lo);
	SAME(bind, -1, (struct sockaddr *)&lo, sizeof lo);
	SAME_AFTER(FRESH_UDP(), bind, u, BAD_PTR, sizeof lo);
	SAME_AFTER(FRESH_UDP(), bind, u, (struct sockaddr *)&lo, 0);
	SAME(listen, u, 5);
	SAME(listen, -1, 5);
	SAME(connect, -1, (struct sockaddr *)&none, sizeof none);
	SAME(__connect, sv[0], (struct sockaddr *)&none, sizeof none);
	int us = socket(AF_UNIX, SOCK_STREAM, 0);
	SAME(connect, us, (struct sockaddr *)&none, sizeof none);
	SAME(connect, us, BAD_PTR, sizeof none);
	SAME(accept, us, NULL, NULL);
	SAME(accept, -1, NULL, NULL);
	SAME(accept4, us, NULL, NULL, SOCK_CLOEXEC);
	SAME(accept4, us, NULL, NULL, 0x12345);
	SAME(getsockopt, sv[0], SOL_SOCKET, SO_TYPE, &type, &tlen);
	SAME(getsockopt, sv[0], SOL_SOCKET, SO_TYPE, BAD_PTR, &tlen);
	SAME(getsockopt, sv[0], 12345, SO_TYPE, &type, &tlen);
	SAME(getsockopt, -1, SOL_SOCKET, SO_TYPE, &type, &tlen);
	SAME(setsockopt, u, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	SAME(setsockopt, u, SOL_SOCKET, SO_REUSEADDR, BAD_PTR, sizeof one);
	SAME(setsockopt, u, SOL_SOCKET, 12345, &one, sizeof one);
	SAME(getsockname, sv[0], (struct sockaddr *)&ss, &len);
	SAME(getsockname, u, (struct sockaddr *)&ss, BAD_PTR);
	SAME(getpeername, sv[0], (struct sockaddr *)&ss, &len);
	SAME(getpeername, u, (struct sockaddr *)&ss, &len);
	SAME(getpeername, -1, (struct sockaddr *)&ss, &len);
	SAME(shutdown, us, SHUT_RDWR);
	SAME(shutdown, sv[0], 12345);
	SAME(shutdown, -1, SHUT_RD);
	close(us);
	close(u);
}

static void test_send_recv(void **state)
{
	(void)state;
	struct iovec iov = { "hello", 5 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct mmsghdr mm[2] = { { .msg_hdr = msg }, { .msg_hdr = msg } };
	struct iovec riov = { buf, sizeof buf };
	struct msghdr rmsg = { .msg_iov = &riov, .msg_iovlen = 1 };
	struct mmsghdr rmm[1] = { { .msg_hdr = rmsg } };
	struct timespec ts = { 0, 0 };
	struct sockaddr_storage from;
	socklen_t flen = sizeof from;
	SAME_AFTER(drain(), send, sv[0], "abc", 3, 0);
	SAME_AFTER(drain(), __send, sv[0], "abc", 3, MSG_DONTWAIT);
	SAME(send, sv[0], BAD_PTR, 3, 0);
	SAME(send, -1, "abc", 3, 0);
	SAME_AFTER(drain(), sendto, sv[0], "abc", 3, 0, NULL, 0);
	SAME(sendto, sv[0], "abc", 3, 0x40000000, NULL, 0);
	SAME_AFTER(drain(), sendmsg, sv[0], &msg, 0);
	SAME(sendmsg, sv[0], BAD_PTR, 0);
	SAME_AFTER(drain(), sendmmsg, sv[0], mm, 2, 0);
	SAME(sendmmsg, -1, mm, 2, 0);
	drain();
#define REFILL() (drain(), send(sv[0], "xyz", 3, 0))
	SAME_AFTER(REFILL(), recv, sv[1], buf, sizeof buf, 0);
	SAME_AFTER(drain(), recv, sv[1], buf, sizeof buf, MSG_DONTWAIT);
	SAME_AFTER(REFILL(), recv, sv[1], BAD_PTR, sizeof buf, 0);
	SAME(recv, -1, buf, 1, 0);
	SAME_AFTER((REFILL(), flen = sizeof from), recvfrom, sv[1], buf, 2, 0,
		   (struct sockaddr *)&from, &flen);
	SAME_AFTER(drain(), recvfrom, sv[1], buf, 2, MSG_DONTWAIT, NULL, NULL);
	SAME_AFTER(REFILL(), recvmsg, sv[1], &rmsg, 0);
	SAME_AFTER(drain(), recvmsg, sv[1], &rmsg, MSG_DONTWAIT);
	SAME(recvmsg, sv[1], BAD_PTR, 0);
	SAME_AFTER(REFILL(), recvmmsg, sv[1], rmm, 1, 0, NULL);
	SAME_AFTER(REFILL(), recvmmsg, sv[1], rmm, 1, 0, &ts);
	SAME_AFTER(REFILL(), recvmmsg, sv[1], rmm, 1, 0, BAD_PTR);
	SAME_AFTER(drain(), recvmmsg, sv[1], rmm, 1, MSG_DONTWAIT, NULL);
	SAME(recvmmsg, -1, rmm, 1, 0, NULL);
	SAME_AFTER(REFILL(), __recv_chk, sv[1], buf, 4, sizeof buf, 0);
	SAME_AFTER(REFILL(), __recvfrom_chk, sv[1], buf, 4, sizeof buf, 0, NULL,
		   NULL);
	assert_int_equal(CHILD_END(__recv_chk(sv[1], buf, 8, 4, 0)),
			 CHILD_END(GLIBC(__recv_chk)(sv[1], buf, 8, 4, 0)));
	assert_int_equal(CHILD_END(__recvfrom_chk(sv[1], buf, 8, 4, 0, NULL, NULL)),
			 CHILD_END(GLIBC(__recvfrom_chk)(sv[1], buf, 8, 4, 0, NULL, NULL)));
	drain();
}

static void fd_sets(fd_set *rd, fd_set *wr, int r, int w)
{
	FD_ZERO(rd);
	FD_ZERO(wr);
	FD_SET(r, rd);
	FD_SET(w, wr);
}

/* select and glibc both write the time left back: the values must agree
 * to the granularity the two calls can share. */
static void test_select(void **state)
{
	(void)state;
	fd_set rd, wr;
	struct timeval tv, tv2;
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
#define WR1() fd_sets(&rd, &wr, sv[1], sv[0])
	static const struct timeval cases[] = {
		{ 0, 0 },       { 0, 1000 },     { 5, 7 },       { -1, 0 },
		{ 0, -1 },      { 0, 1000000 },  { 3, 2500000 }, { INT64_MAX, 1000000 },
		{ 1, (1L << 32) + 5 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		static struct outcome o, n;
		WR1();
		tv = cases[i];
		OURS(o, select, sv[1] + 1, &rd, &wr, NULL, &tv);
		WR1();
		tv2 = cases[i];
		NATIVE(n, select, sv[1] + 1, &rd, &wr, NULL, &tv2);
		expect_same("select", o, n);
		assert_int_equal(tv.tv_sec, tv2.tv_sec);
		assert_true(labs(tv.tv_usec - tv2.tv_usec) < 100000);
	}
	SAME_AFTER(WR1(), select, sv[1] + 1, &rd, &wr, NULL, NULL);
	SAME_AFTER(WR1(), __select, sv[1] + 1, NULL, &wr, NULL, NULL);
	SAME_AFTER((WR1(), tv = (struct timeval){ 1, 0 }), select, sv[1] + 1, BAD_PTR,
		   &wr, NULL, &tv);
	SAME_AFTER((fd_sets(&rd, &wr, 60, 60), tv = (struct timeval){ 1, 0 }),
		   select, 61, &rd, NULL, NULL, &tv);
	SAME_AFTER((WR1(), tv = (struct timeval){ 0, 0 }), select, -1, &rd, NULL,
		   NULL, &tv);
	struct timespec ts = { 0, 0 }, bad = { 0, 2000000000 };
	SAME_AFTER(WR1(), pselect, sv[1] + 1, &rd, &wr, NULL, &ts, NULL);
	SAME_AFTER(WR1(), pselect, sv[1] + 1, &rd, &wr, NULL, NULL, &mask);
	SAME_AFTER(WR1(), pselect, sv[1] + 1, &rd, &wr, NULL, &bad, &mask);
	SAME_AFTER(WR1(), pselect, sv[1] + 1, &rd, &wr, NULL, &ts, BAD_PTR);
	SAME_AFTER(WR1(), pselect, -1, &rd, &wr, NULL, &ts, NULL);
	/* the timeout is read by glibc itself */
	assert_int_equal(CHILD_END(select(0, NULL, NULL, NULL, BAD_PTR)),
			 CHILD_END(GLIBC(select)(0, NULL, NULL, NULL, BAD_PTR)));
	assert_int_equal(CHILD_END(pselect(0, NULL, NULL, NULL, BAD_PTR, NULL)),
			 CHILD_END(GLIBC(pselect)(0, NULL, NULL, NULL, BAD_PTR, NULL)));
}

static void test_poll(void **state)
{
	(void)state;
	struct pollfd p[2] = { { .fd = sv[0], .events = POLLOUT },
			       { .fd = sv[1], .events = POLLIN } };
	struct pollfd closed = { .fd = 12345, .events = POLLIN };
	struct timespec ts = { 0, 0 }, bad = { 0, -1 };
	sigset_t mask;
	sigemptyset(&mask);
	SAME(poll, p, 2, 0);
	SAME(__poll, p, 2, 0);
	SAME(poll, &closed, 1, 0);
	SAME(poll, BAD_PTR, 1, 0);
	SAME(poll, p, huge, 0);
	SAME(poll, NULL, 0, 0);
	SAME(ppoll, p, 2, &ts, NULL);
	SAME(ppoll, p, 2, NULL, &mask);
	SAME(ppoll, p, 2, &bad, &mask);
	SAME(ppoll, p, 2, &ts, BAD_PTR);
	SAME(ppoll, BAD_PTR, 2, &ts, NULL);
	SAME(__poll_chk, p, 2, 0, sizeof p);
	SAME(__ppoll_chk, p, 2, &ts, NULL, sizeof p);
	assert_int_equal(CHILD_END(__poll_chk(p, 3, 0, sizeof p)),
			 CHILD_END(GLIBC(__poll_chk)(p, 3, 0, sizeof p)));
	assert_int_equal(CHILD_END(__ppoll_chk(p, 3, &ts, NULL, sizeof p)),
			 CHILD_END(GLIBC(__ppoll_chk)(p, 3, &ts, NULL, sizeof p)));
	assert_int_equal(CHILD_END(ppoll(p, 2, BAD_PTR, NULL)),
			 CHILD_END(GLIBC(ppoll)(p, 2, BAD_PTR, NULL)));
	/* ppoll's timeout stays what the caller gave */
	struct timespec t1 = { 0, 50000 }, t2 = t1;
	struct pollfd none = { .fd = -1 };
	ppoll(&none, 1, &t1, NULL);
	GLIBC(ppoll)(&none, 1, &t2, NULL);
	assert_memory_equal(&t1, &t2, sizeof t1);
}

static void test_epoll(void **state)
{
	(void)state;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u64 = 7 },
			   out[4];
	struct timespec ts = { 0, 0 };
	sigset_t mask;
	sigemptyset(&mask);
	SAME_FD(epoll_create, 1);
	SAME_FD(epoll_create, 0);
	SAME_FD(epoll_create, -1);
	SAME_FD(epoll_create1, EPOLL_CLOEXEC);
	SAME_FD(epoll_create1, 0x12345);
	int ep = epoll_create1(0);
	SAME_AFTER(epoll_ctl(ep, EPOLL_CTL_DEL, sv[0], NULL), epoll_ctl, ep,
		   EPOLL_CTL_ADD, sv[0], &ev);
	SAME(epoll_ctl, ep, EPOLL_CTL_ADD, sv[0], &ev);
	SAME(epoll_ctl, ep, EPOLL_CTL_MOD, sv[0], BAD_PTR);
	SAME(epoll_ctl, ep, 12345, sv[0], &ev);
	SAME(epoll_ctl, -1, EPOLL_CTL_ADD, sv[0], &ev);
	SAME(epoll_ctl, ep, EPOLL_CTL_ADD, ep, &ev);
	SAME(epoll_wait, ep, out, 4, 0);
	SAME(epoll_wait, ep, out, 0, 0);
	SAME(epoll_wait, ep, BAD_PTR, 4, 0);
	SAME(epoll_wait, -1, out, 4, 0);
	SAME(epoll_wait, sv[0], out, 4, 0);
	SAME(epoll_pwait, ep, out, 4, 0, NULL);
	SAME(epoll_pwait, ep, out, 4, 0, &mask);
	SAME(epoll_pwait, ep, out, 4, 0, BAD_PTR);
	SAME(epoll_pwait2, ep, out, 4, &ts, NULL);
	SAME(epoll_pwait2, ep, out, 4, &ts, &mask);
	SAME(epoll_pwait2, ep, out, 4, BAD_PTR, &mask);
	SAME(epoll_pwait2, -1, out, 4, &ts, NULL);
	close(ep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_send_recv),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_epoll),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
