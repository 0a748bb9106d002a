/* trace_structs.c - structures in program memory, abbreviated the way
 * strace abbreviates them by default ({st_mode=S_IFREG|0644, st_size=1351,
 * ...}).  Each printer reads the whole structure with one peek and prints
 * its address instead when that fails.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "trace_internal.h"

#include <fcntl.h>
#include <linux/stat.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/epoll.h>
#include <poll.h>
#include <linux/sched.h>
#include <asm/termbits.h>

/* Reads a struct or prints the address: for the printers below. */
#define READ_OR_ADDR(b, addr, var)                                             \
	do {                                                                   \
		if (!(addr)) {                                                 \
			rt_puts((b), "NULL");                                  \
			return;                                                \
		}                                                              \
		if (peek(&(var), (addr), sizeof(var))) {                       \
			print_addr((b), (addr));                               \
			return;                                                \
		}                                                              \
	} while (0)

static void print_file_mode(struct rt_buf *b, unsigned mode)
{
	const char *type = xlookup(&xt_stat_types, mode & S_IFMT);
	if (type) {
		rt_puts(b, type);
		rt_putc(b, '|');
		print_mode(b, mode & ~S_IFMT);
	} else {
		print_mode(b, mode);
	}
}

static void print_dev(struct rt_buf *b, unsigned major, unsigned minor)
{
	rt_puts(b, "makedev(");
	print_hexval(b, major);
	rt_puts(b, ", ");
	print_hexval(b, minor);
	rt_putc(b, ')');
}

void print_stat(struct rt_buf *b, unsigned long addr)
{
	struct stat st;
	READ_OR_ADDR(b, addr, st);
	rt_puts(b, "{st_mode=");
	print_file_mode(b, st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		rt_puts(b, ", st_rdev=");
		unsigned long d = st.st_rdev;
		print_dev(b, (unsigned)(((d >> 32) & 0xfffff000) | ((d >> 8) & 0xfff)),
			  (unsigned)(((d >> 12) & 0xffffff00) | (d & 0xff)));
	} else {
		rt_printf(b, ", st_size=%ld", (long)st.st_size);
	}
	rt_puts(b, ", ...}");
}

static const struct xlat statx_attrs[] = {
	{ 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
	{ 0x20, "STATX_ATTR_APPEND" }, { 0x40, "STATX_ATTR_NODUMP" },
	{ 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
	{ 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
	{ 0x200000, "STATX_ATTR_DAX" },
};
static const struct xtable xt_statx_attrs = XTABLE(statx_attrs, "STATX_ATTR_???");

void print_statx(struct rt_buf *b, unsigned long addr)
{
	struct statx stx;
	READ_OR_ADDR(b, addr, stx);
	rt_puts(b, "{stx_mask=");
	print_flags(b, &xt_statx_mask, stx.stx_mask);
	rt_puts(b, ", stx_attributes=");
	print_flags(b, &xt_statx_attrs, stx.stx_attributes);
	rt_puts(b, ", stx_mode=");
	print_file_mode(b, stx.stx_mode);
	rt_printf(b, ", stx_size=%lu, ...}", (unsigned long)stx.stx_size);
}

static const struct xlat fs_magics[] = {
	{ 0xef53, "EXT2_SUPER_MAGIC" }, { 0x9fa0, "PROC_SUPER_MAGIC" },
	{ 0x62656572, "SYSFS_MAGIC" }, { 0x01021994, "TMPFS_MAGIC" },
	{ 0x1cd1, "DEVPTS_SUPER_MAGIC" }, { 0x27e0eb, "CGROUP_SUPER_MAGIC" },
	{ 0x63677270, "CGROUP2_SUPER_MAGIC" },
	{ 0x794c7630, "OVERLAYFS_SUPER_MAGIC" },
	{ 0x9123683e, "BTRFS_SUPER_MAGIC" }, { 0x58465342, "XFS_SUPER_MAGIC" },
	{ 0x6969, "NFS_SUPER_MAGIC" }, { 0x19800202, "MQUEUE_MAGIC" },
	{ 0x64626720, "DEBUGFS_MAGIC" }, { 0x73636673, "SECURITYFS_MAGIC" },
	{ 0xcafe4a11, "BPF_FS_MAGIC" }, { 0x74726163, "TRACEFS_MAGIC" },
	{ 0x65735546, "FUSE_SUPER_MAGIC" }, { 0x958458f6, "HUGETLBFS_MAGIC" },
	{ 0x858458f6, "RAMFS_MAGIC" }, { 0x73717368, "SQUASHFS_MAGIC" },
	{ 0x9660, "ISOFS_SUPER_MAGIC" }, { 0x4d44, "MSDOS_SUPER_MAGIC" },
	{ 0x6e736673, "NSFS_MAGIC" }, { 0x50495045, "PIPEFS_MAGIC" },
	{ 0x534f434b, "SOCKFS_MAGIC" }, { 0x09041934, "ANON_INODE_FS_MAGIC" },
	{ 0x42494e4d, "BINFMTFS_MAGIC" }, { 0x62656570, "CONFIGFS_MAGIC" },
	{ 0xf2f52010, "F2FS_SUPER_MAGIC" }, { 0x2fc12fc1, "ZFS_SUPER_MAGIC" },
};
static const struct xtable xt_fs_magics = XTABLE(fs_magics, NULL);

static const struct xlat statfs_flags[] = {
	{ 0x1, "ST_RDONLY" }, { 0x2, "ST_NOSUID" }, { 0x4, "ST_NODEV" },
	{ 0x8, "ST_NOEXEC" }, { 0x10, "ST_SYNCHRONOUS" }, { 0x20, "ST_VALID" },
	{ 0x40, "ST_MANDLOCK" }, { 0x80, "ST_WRITE" }, { 0x100, "ST_APPEND" },
	{ 0x200, "ST_IMMUTABLE" }, { 0x400, "ST_NOATIME" },
	{ 0x800, "ST_NODIRATIME" }, { 0x1000, "ST_RELATIME" },
	{ 0x2000, "ST_NOSYMFOLLOW" },
};
static const struct xtable xt_statfs_flags = XTABLE(statfs_flags, "ST_???");

void print_statfs(struct rt_buf *b, unsigned long addr)
{
	struct {
		long type, bsize;
		unsigned long blocks, bfree, bavail, files, ffree;
		int fsid[2];
		long namelen, frsize, flags, spare[4];
	} s;
	READ_OR_ADDR(b, addr, s);
	rt_puts(b, "{f_type=");
	print_xval(b, &xt_fs_magics, (unsigned long)s.type);
	rt_printf(b, ", f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, f_bavail=%lu, "
		  "f_files=%lu, f_ffree=%lu, f_fsid={val=[",
		  s.bsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree);
	print_hexval(b, (unsigned)s.fsid[0]);
	rt_puts(b, ", ");
	print_hexval(b, (unsigned)s.fsid[1]);
	rt_printf(b, "]}, f_namelen=%ld, f_frsize=%ld, f_flags=", s.namelen,
		  s.frsize);
	print_flags(b, &xt_statfs_flags, (unsigned long)s.flags);
	rt_putc(b, '}');
}

/* ---- time ---- */

void print_timespec_val(struct rt_buf *b, long sec, long nsec)
{
	rt_printf(b, "{tv_sec=%ld, tv_nsec=%ld}", sec, nsec);
}

void print_timespec(struct rt_buf *b, unsigned long addr)
{
	struct {
		long sec, nsec;
	} ts;
	READ_OR_ADDR(b, addr, ts);
	print_timespec_val(b, ts.sec, ts.nsec);
}

void print_timeval(struct rt_buf *b, unsigned long addr)
{
	struct {
		long sec, usec;
	} tv;
	READ_OR_ADDR(b, addr, tv);
	rt_printf(b, "{tv_sec=%ld, tv_usec=%ld}", tv.sec, tv.usec);
}

void print_itimerspec(struct rt_buf *b, unsigned long addr)
{
	struct {
		long isec, insec, vsec, vnsec;
	} t;
	READ_OR_ADDR(b, addr, t);
	rt_puts(b, "{it_interval=");
	print_timespec_val(b, t.isec, t.insec);
	rt_puts(b, ", it_value=");
	print_timespec_val(b, t.vsec, t.vnsec);
	rt_putc(b, '}');
}

void print_itimerval(struct rt_buf *b, unsigned long addr)
{
	struct {
		long isec, iusec, vsec, vusec;
	} t;
	READ_OR_ADDR(b, addr, t);
	rt_printf(b, "{it_interval={tv_sec=%ld, tv_usec=%ld}, it_value={tv_sec=%ld, tv_usec=%ld}}",
		  t.isec, t.iusec, t.vsec, t.vusec);
}

void print_timezone(struct rt_buf *b, unsigned long addr)
{
	int tz[2];
	READ_OR_ADDR(b, addr, tz);
	rt_printf(b, "{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned long doe = (unsigned long)(z - era * 146097);
	unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned long mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

/* The date of a timestamp, in a C comment after it, as strace adds it:
 * 2001-09-09T01:46:40.000000005+0000.  Always in UTC: the tracer reads no
 * time zone files. */
static void print_time_comment(struct rt_buf *b, long sec, long nsec)
{
	long days = sec / 86400, rem = sec % 86400;
	if (rem < 0)
		rem += 86400, days--;
	long y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	rt_printf(b, " /* %ld-%02u-%02uT%02ld:%02ld:%02ld", y, m, d, rem / 3600,
		  rem / 60 % 60, rem % 60);
	if (nsec)
		rt_printf(b, ".%09ld", nsec);
	rt_puts(b, "+0000 */");
}

void print_utimens(struct rt_buf *b, unsigned long addr)
{
	struct {
		long sec, nsec;
	} ts[2];
	READ_OR_ADDR(b, addr, ts);
	rt_putc(b, '[');
	for (int i = 0; i < 2; i++) {
		if (i)
			rt_puts(b, ", ");
		if (ts[i].nsec == ((1l << 30) - 1))
			rt_puts(b, "UTIME_NOW");
		else if (ts[i].nsec == ((1l << 30) - 2))
			rt_puts(b, "UTIME_OMIT");
		else {
			/* strace shows these nanoseconds unsigned, and the date
			 * only for a valid time other than 0 */
			rt_printf(b, "{tv_sec=%ld, tv_nsec=%lu}", ts[i].sec,
				  (unsigned long)ts[i].nsec);
			if ((ts[i].sec || ts[i].nsec) && ts[i].nsec >= 0 &&
			    ts[i].nsec < 1000000000)
				print_time_comment(b, ts[i].sec, ts[i].nsec);
		}
	}
	rt_putc(b, ']');
}

/* ---- limits, usage, the system ---- */

static void print_rlim_value(struct rt_buf *b, unsigned long v)
{
	if (v == ~0UL)
		rt_puts(b, "RLIM64_INFINITY");
	else if (v && !(v % 1024))
		rt_printf(b, "%lu*1024", v / 1024);
	else
		rt_putudec(b, v);
}

void print_rlimit(struct rt_buf *b, unsigned long addr)
{
	unsigned long r[2];
	READ_OR_ADDR(b, addr, r);
	rt_puts(b, "{rlim_cur=");
	print_rlim_value(b, r[0]);
	rt_puts(b, ", rlim_max=");
	print_rlim_value(b, r[1]);
	rt_putc(b, '}');
}

void print_rusage(struct rt_buf *b, unsigned long addr)
{
	struct rusage ru;
	READ_OR_ADDR(b, addr, ru);
	rt_printf(b, "{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ...}",
		  (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
		  (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
}

void print_utsname(struct rt_buf *b, unsigned long addr)
{
	struct utsname u;
	READ_OR_ADDR(b, addr, u);
	rt_puts(b, "{sysname=");
	quote_bytes(b, (const unsigned char *)u.sysname,
		    rt_strnlen(u.sysname, sizeof u.sysname), 0);
	rt_puts(b, ", nodename=");
	quote_bytes(b, (const unsigned char *)u.nodename,
		    rt_strnlen(u.nodename, sizeof u.nodename), 0);
	rt_puts(b, ", ...}");
}

void print_sysinfo(struct rt_buf *b, unsigned long addr)
{
	struct sysinfo si;
	READ_OR_ADDR(b, addr, si);
	rt_printf(b, "{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, "
		  "sharedram=%lu, bufferram=%lu, totalswap=%lu, freeswap=%lu, "
		  "procs=%u, totalhigh=%lu, freehigh=%lu, mem_unit=%u}",
		  si.uptime, si.loads[0], si.loads[1], si.loads[2], si.totalram,
		  si.freeram, si.sharedram, si.bufferram, si.totalswap,
		  si.freeswap, (unsigned)si.procs, si.totalhigh, si.freehigh,
		  si.mem_unit);
}

void print_tms(struct rt_buf *b, unsigned long addr)
{
	struct tms t;
	READ_OR_ADDR(b, addr, t);
	rt_printf(b, "{tms_utime=%ld, tms_stime=%ld, tms_cutime=%ld, tms_cstime=%ld}",
		  (long)t.tms_utime, (long)t.tms_stime, (long)t.tms_cutime,
		  (long)t.tms_cstime);
}

/* ---- sockets ---- */

static void print_inet6(struct rt_buf *b, const unsigned char *a)
{
	/* RFC 5952: the longest run of two or more zero groups becomes ::,
	 * the first when runs tie; hex digits in lower case */
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	int best = -1, bestlen = 0;
	for (int i = 0; i < 8;) {
		if (g[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !g[j])
			j++;
		if (j - i > bestlen && j - i >= 2)
			best = i, bestlen = j - i;
		i = j;
	}
	/* an IPv4-mapped address ends in dotted decimal */
	int mapped = best == 0 && bestlen == 5 && g[5] == 0xffff;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			rt_puts(b, "::");
			i += bestlen - 1;
			continue;
		}
		if (mapped && i == 6) {
			rt_printf(b, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
			break;
		}
		if (i && i != best + bestlen)
			rt_putc(b, ':');
		rt_printf(b, "%x", g[i]);
	}
}

void print_sockaddr(struct rt_buf *b, unsigned long addr, long len)
{
	unsigned char sa[128];
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (len > (long)sizeof sa)
		len = sizeof sa;
	rt_memset(sa, 0, sizeof sa);
	if (len < 2 || peek(sa, addr, (size_t)len)) {
		print_addr(b, addr);
		return;
	}
	unsigned family = sa[0] | sa[1] << 8;
	rt_puts(b, "{sa_family=");
	print_xval(b, &xt_sock_families, family);
	const unsigned char *data = sa + 2;
	long dlen = len - 2;
	switch (family) {
	case AF_UNIX:
		if (!dlen)
			break;
		rt_puts(b, ", sun_path=");
		if (!data[0]) {
			rt_putc(b, '@');
			quote_bytes(b, data + 1, (size_t)dlen - 1, 0);
		} else {
			quote_bytes(b, data, rt_strnlen((const char *)data, (size_t)dlen), 0);
		}
		break;
	case AF_INET:
		if (len < (long)sizeof(struct sockaddr_in))
			goto raw;
		rt_printf(b, ", sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")",
			  (unsigned)data[0] << 8 | data[1], data[2], data[3],
			  data[4], data[5]);
		break;
	case AF_INET6:
		if (len < (long)sizeof(struct sockaddr_in6))
			goto raw;
		rt_printf(b, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			  "inet_pton(AF_INET6, \"",
			  (unsigned)data[0] << 8 | data[1],
			  (unsigned)data[2] << 24 | (unsigned)data[3] << 16 |
				  (unsigned)data[4] << 8 | data[5]);
		print_inet6(b, data + 6);
		rt_printf(b, "\", &sin6_addr), sin6_scope_id=%u",
			  data[22] | data[23] << 8 | data[24] << 16 |
				  (unsigned)data[25] << 24);
		break;
	case AF_NETLINK: {
		if (len < (long)sizeof(struct sockaddr_nl))
			goto raw;
		struct sockaddr_nl nl;
		rt_memcpy(&nl, sa, sizeof nl);
		/* "%#08x": eight characters with the 0x */
		rt_printf(b, ", nl_pid=%u, nl_groups=0x%06x", nl.nl_pid, nl.nl_groups);
		break;
	}
	case AF_UNSPEC:
		if (!dlen)
			break;
		goto raw;
	default:
	raw:
		rt_puts(b, ", sa_data=");
		quote_bytes(b, data, (size_t)dlen, 0);
		break;
	}
	rt_putc(b, '}');
}

static void print_cmsgs(struct rt_buf *b, unsigned long addr, unsigned long len)
{
	unsigned char buf[512];
	unsigned long n = len < sizeof buf ? len : sizeof buf;
	if (peek(buf, addr, n)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	unsigned long off = 0;
	int first = 1;
	while (off + sizeof(struct cmsghdr) <= n) {
		struct cmsghdr h;
		rt_memcpy(&h, buf + off, sizeof h);
		if (!first)
			rt_puts(b, ", ");
		first = 0;
		rt_printf(b, "{cmsg_len=%lu, cmsg_level=", (unsigned long)h.cmsg_len);
		print_xval(b, &xt_sock_levels, (unsigned)h.cmsg_level);
		rt_puts(b, ", cmsg_type=");
		if (h.cmsg_level == SOL_SOCKET)
			print_xval(b, &xt_scm_types, (unsigned)h.cmsg_type);
		else
			print_hexval(b, (unsigned)h.cmsg_type);
		unsigned long dlen = h.cmsg_len > sizeof h ? h.cmsg_len - sizeof h : 0;
		if (off + sizeof h + dlen > n)
			dlen = n - off - sizeof h;
		const unsigned char *d = buf + off + sizeof h;
		rt_puts(b, ", cmsg_data=");
		if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_RIGHTS) {
			rt_putc(b, '[');
			for (unsigned long i = 0; i + 4 <= dlen; i += 4) {
				int fd;
				rt_memcpy(&fd, d + i, 4);
				if (i)
					rt_puts(b, ", ");
				rt_putdec(b, fd);
			}
			rt_putc(b, ']');
		} else if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == 2 &&
			   dlen >= 12) {
			int cr[3];
			rt_memcpy(cr, d, sizeof cr);
			rt_printf(b, "{pid=%d, uid=%u, gid=%u}", cr[0],
				  (unsigned)cr[1], (unsigned)cr[2]);
		} else {
			quote_bytes(b, d, dlen > TR_STRLEN ? TR_STRLEN : dlen, 0);
		}
		rt_putc(b, '}');
		unsigned long step = (h.cmsg_len + 7) & ~7UL;
		if (h.cmsg_len < sizeof h)
			break;
		off += step;
	}
	rt_putc(b, ']');
}

/* sendmsg and recvmsg.  recvmsg's header is written by the kernel: on
 * failure strace shows only the name length the program offered. */
void print_msghdr(struct dctx *c, unsigned long addr, int out)
{
	struct rt_buf *b = c->b;
	struct msghdr m;
	if (!addr || peek(&m, addr, sizeof m)) {
		print_addr(b, addr);
		return;
	}
	if (out && pv_is_error(c->ret)) {
		rt_printf(b, "{msg_namelen=%u}", (unsigned)m.msg_namelen);
		return;
	}
	rt_puts(b, "{msg_name=");
	if (m.msg_name && m.msg_namelen)
		print_sockaddr(b, (unsigned long)m.msg_name, m.msg_namelen);
	else
		print_addr(b, (unsigned long)m.msg_name);
	rt_printf(b, ", msg_namelen=%u, msg_iov=", (unsigned)m.msg_namelen);
	unsigned long data = out ? (unsigned long)c->ret : ~0UL;
	print_iovec(b, (unsigned long)m.msg_iov, m.msg_iovlen, data, 1);
	rt_printf(b, ", msg_iovlen=%lu", (unsigned long)m.msg_iovlen);
	if (m.msg_controllen) {
		rt_puts(b, ", msg_control=");
		print_cmsgs(b, (unsigned long)m.msg_control, m.msg_controllen);
	}
	rt_printf(b, ", msg_controllen=%lu, msg_flags=", (unsigned long)m.msg_controllen);
	print_flags(b, &xt_msg_flags, (unsigned)m.msg_flags);
	rt_putc(b, '}');
}

void print_sockopt_val(struct rt_buf *b, int level, int name,
		       unsigned long addr, long len)
{
	if (level == SOL_SOCKET && name == SO_LINGER && len >= 8) {
		int l[2];
		if (!peek(l, addr, sizeof l)) {
			rt_printf(b, "{l_onoff=%d, l_linger=%d}", l[0], l[1]);
			return;
		}
	}
	if (len >= 4) {
		print_int_ptr(b, addr);
		return;
	}
	print_addr(b, addr);
}

/* ---- descriptors that wait ---- */

void print_pollfds(struct rt_buf *b, unsigned long addr, unsigned long n)
{
	struct pollfd p;
	if (!addr || (n && peek(&p, addr, sizeof p))) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	for (unsigned long i = 0; i < n; i++) {
		if (i)
			rt_puts(b, ", ");
		if (i == TR_MAXELEM) {
			rt_puts(b, "...");
			break;
		}
		if (peek(&p, addr + i * sizeof p, sizeof p)) {
			rt_puts(b, "...");
			break;
		}
		rt_printf(b, "{fd=%d, events=", p.fd);
		print_flags(b, &xt_poll_events, (unsigned short)p.events);
		rt_putc(b, '}');
	}
	rt_putc(b, ']');
}

void print_poll_result(struct rt_buf *b, unsigned long addr, unsigned long n,
		       long ret)
{
	struct pollfd p;
	int shown = 0;
	rt_putc(b, '[');
	for (unsigned long i = 0; i < n && shown < ret; i++) {
		if (peek(&p, addr + i * sizeof p, sizeof p))
			break;
		if (!p.revents)
			continue;
		if (shown++)
			rt_puts(b, ", ");
		rt_printf(b, "{fd=%d, revents=", p.fd);
		print_flags(b, &xt_poll_events, (unsigned short)p.revents);
		rt_putc(b, '}');
	}
	rt_putc(b, ']');
}

void print_fdset(struct rt_buf *b, unsigned long addr, int nfds)
{
	unsigned char set[1024 / 8];
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (nfds < 0)
		nfds = 0;
	if (nfds > 1024)
		nfds = 1024;
	size_t bytes = ((size_t)nfds + 63) / 64 * 8;
	if (bytes && peek(set, addr, bytes)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	int shown = 0;
	for (int fd = 0; fd < nfds; fd++)
		if (set[fd / 8] & (1u << (fd % 8))) {
			if (shown++)
				rt_putc(b, ' ');
			rt_putdec(b, fd);
		}
	rt_putc(b, ']');
}

static void print_epoll_event_val(struct rt_buf *b, const unsigned char *e)
{
	unsigned ev;
	unsigned long data;
	rt_memcpy(&ev, e, 4);
	rt_memcpy(&data, e + 4, 8);
	rt_puts(b, "{events=");
	print_flags(b, &xt_epoll_events, ev);
	rt_printf(b, ", data={u32=%u, u64=%lu}}", (unsigned)data, data);
}

void print_epoll_event(struct rt_buf *b, unsigned long addr)
{
	unsigned char e[12];
	READ_OR_ADDR(b, addr, e);
	print_epoll_event_val(b, e);
}

void print_epoll_events(struct rt_buf *b, unsigned long addr, long n)
{
	unsigned char e[12];
	if (n && peek(e, addr, sizeof e)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	for (long i = 0; i < n; i++) {
		if (i)
			rt_puts(b, ", ");
		if (i == TR_MAXELEM) {
			rt_puts(b, "...");
			break;
		}
		if (peek(e, addr + (unsigned long)i * sizeof e, sizeof e)) {
			rt_puts(b, "...");
			break;
		}
		print_epoll_event_val(b, e);
	}
	rt_putc(b, ']');
}

/* getdents64: strace counts the entries the kernel wrote. */
void print_dirents(struct rt_buf *b, unsigned long addr, long len)
{
	unsigned long count = 0;
	long off = 0;
	while (off + 19 <= len) {
		unsigned short reclen;
		if (peek(&reclen, addr + (unsigned long)off + 16, sizeof reclen) ||
		    !reclen)
			break;
		count++;
		off += reclen;
	}
	print_addr(b, addr);
	rt_printf(b, " /* %lu entries */", count);
}

void print_flock(struct rt_buf *b, unsigned long addr, int with_pid)
{
	struct flock fl;
	READ_OR_ADDR(b, addr, fl);
	rt_puts(b, "{l_type=");
	print_xval(b, &xt_lock_types, (unsigned short)fl.l_type);
	rt_puts(b, ", l_whence=");
	print_xval(b, &xt_whence, (unsigned short)fl.l_whence);
	rt_printf(b, ", l_start=%ld, l_len=%ld", (long)fl.l_start, (long)fl.l_len);
	if (with_pid)
		rt_printf(b, ", l_pid=%d", fl.l_pid);
	rt_putc(b, '}');
}

/* ---- terminals ---- */

static const struct xlat iflags[] = {
	{ 0x1, "IGNBRK" }, { 0x2, "BRKINT" }, { 0x4, "IGNPAR" }, { 0x8, "PARMRK" },
	{ 0x10, "INPCK" }, { 0x20, "ISTRIP" }, { 0x40, "INLCR" }, { 0x80, "IGNCR" },
	{ 0x100, "ICRNL" }, { 0x200, "IUCLC" }, { 0x400, "IXON" },
	{ 0x800, "IXANY" }, { 0x1000, "IXOFF" }, { 0x2000, "IMAXBEL" },
	{ 0x4000, "IUTF8" },
};
static const struct xtable xt_iflags = XTABLE(iflags, NULL);

static const struct xlat oflags[] = {
	{ 0x1, "OPOST" }, { 0x2, "OLCUC" }, { 0x4, "ONLCR" }, { 0x8, "OCRNL" },
	{ 0x10, "ONOCR" }, { 0x20, "ONLRET" }, { 0x40, "OFILL" }, { 0x80, "OFDEL" },
};
static const struct xtable xt_oflags = XTABLE(oflags, NULL);

static const struct xlat cflags[] = {
	{ 0x40, "CSTOPB" }, { 0x80, "CREAD" }, { 0x100, "PARENB" },
	{ 0x200, "PARODD" }, { 0x400, "HUPCL" }, { 0x800, "CLOCAL" },
	{ 0x40000000, "CMSPAR" }, { 0x80000000, "CRTSCTS" },
};
static const struct xtable xt_cflags = XTABLE(cflags, NULL);

static const struct xlat lflags[] = {
	{ 0x1, "ISIG" }, { 0x2, "ICANON" }, { 0x4, "XCASE" }, { 0x8, "ECHO" },
	{ 0x10, "ECHOE" }, { 0x20, "ECHOK" }, { 0x40, "ECHONL" },
	{ 0x80, "NOFLSH" }, { 0x8000, "IEXTEN" }, { 0x200, "ECHOCTL" },
	{ 0x400, "ECHOPRT" }, { 0x800, "ECHOKE" }, { 0x1000, "FLUSHO" },
	{ 0x4000, "PENDIN" }, { 0x100, "TOSTOP" }, { 0x10000, "EXTPROC" },
};
static const struct xtable xt_lflags = XTABLE(lflags, NULL);

static const struct xlat bauds[] = {
	{ 0, "B0" }, { 1, "B50" }, { 2, "B75" }, { 3, "B110" }, { 4, "B134" },
	{ 5, "B150" }, { 6, "B200" }, { 7, "B300" }, { 8, "B600" },
	{ 9, "B1200" }, { 10, "B1800" }, { 11, "B2400" }, { 12, "B4800" },
	{ 13, "B9600" }, { 14, "B19200" }, { 15, "B38400" },
	{ 0x1001, "B57600" }, { 0x1002, "B115200" }, { 0x1003, "B230400" },
	{ 0x1004, "B460800" }, { 0x1005, "B500000" }, { 0x1006, "B576000" },
	{ 0x1007, "B921600" }, { 0x1008, "B1000000" }, { 0x1009, "B1152000" },
	{ 0x100a, "B1500000" }, { 0x100b, "B2000000" }, { 0x100c, "B2500000" },
	{ 0x100d, "B3000000" }, { 0x100e, "B3500000" }, { 0x100f, "B4000000" },
};
static const struct xtable xt_bauds = XTABLE(bauds, "B???");

/* A field that is one of a few values, each with a name ("CR2"). */
static void put_field(struct rt_buf *b, const char *prefix, unsigned v,
		      const char *alt)
{
	if (alt)
		rt_puts(b, alt);
	else
		rt_printf(b, "%s%u", prefix, v);
	rt_putc(b, '|');
}

void print_termios(struct rt_buf *b, unsigned long addr)
{
	struct termios t;
	READ_OR_ADDR(b, addr, t);
	unsigned o = t.c_oflag, cf = t.c_cflag;
	rt_puts(b, "{c_iflag=");
	print_flag_bits(b, &xt_iflags, t.c_iflag);
	rt_puts(b, ", c_oflag=");
	put_field(b, "NL", (o >> 8) & 1, NULL);
	put_field(b, "CR", (o >> 9) & 3, NULL);
	put_field(b, "TAB", (o >> 11) & 3, ((o >> 11) & 3) == 3 ? "XTABS" : NULL);
	put_field(b, "BS", (o >> 13) & 1, NULL);
	put_field(b, "VT", (o >> 14) & 1, NULL);
	put_field(b, "FF", (o >> 15) & 1, NULL);
	print_flag_bits(b, &xt_oflags, o & ~0xff00u);
	rt_puts(b, ", c_cflag=");
	print_xval(b, &xt_bauds, cf & 0x100f);
	rt_putc(b, '|');
	if ((cf >> 16) & 0x100f) {
		print_xval(b, &xt_bauds, (cf >> 16) & 0x100f);
		rt_puts(b, "<<IBSHIFT|");
	}
	rt_printf(b, "CS%u|", 5 + ((cf >> 4) & 3));
	print_flag_bits(b, &xt_cflags, cf & ~(0x100fu | (0x100fu << 16) | 0x30u));
	rt_puts(b, ", c_lflag=");
	print_flag_bits(b, &xt_lflags, t.c_lflag);
	rt_puts(b, ", ...}");
}

void print_winsize(struct rt_buf *b, unsigned long addr)
{
	unsigned short w[4];
	READ_OR_ADDR(b, addr, w);
	rt_printf(b, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w[0],
		  w[1], w[2], w[3]);
}

/* ---- processes ---- */

void print_clone3(struct dctx *c)
{
	struct rt_buf *b = c->b;
	unsigned long addr = targ(c, 0), size = targ(c, 1);
	struct clone_args a;
	rt_memset(&a, 0, sizeof a);
	size_t n = size < sizeof a ? size : sizeof a;
	if (!addr || size < 64 || peek(&a, addr, n)) {
		print_addr(b, addr);
		return;
	}
	rt_puts(b, "{flags=");
	print_flags(b, &xt_clone_flags, a.flags);
	if (a.flags & 0x1000) {
		rt_puts(b, ", pidfd=");
		print_addr(b, a.pidfd);
	}
	if (a.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		rt_puts(b, ", child_tid=");
		print_addr(b, a.child_tid);
	}
	if (a.flags & CLONE_PARENT_SETTID) {
		rt_puts(b, ", parent_tid=");
		print_addr(b, a.parent_tid);
	}
	rt_puts(b, ", exit_signal=");
	print_signo(b, (long)a.exit_signal);
	rt_puts(b, ", stack=");
	print_addr(b, a.stack);
	rt_puts(b, ", stack_size=");
	print_hexval(b, a.stack_size);
	if (a.flags & CLONE_SETTLS) {
		rt_puts(b, ", tls=");
		print_addr(b, a.tls);
	}
	if (n >= 80 && (a.set_tid || a.set_tid_size)) {
		rt_puts(b, ", set_tid=");
		print_addr(b, a.set_tid);
		rt_printf(b, ", set_tid_size=%lu", (unsigned long)a.set_tid_size);
	}
	if (n >= 88 && (a.flags & 0x200000000ULL)) { /* CLONE_INTO_CGROUP */
		rt_printf(b, ", cgroup=%lu", (unsigned long)a.cgroup);
	}
	rt_putc(b, '}');
	/* what the kernel wrote back for the parent */
	if (pv_is_error(c->ret) || !(a.flags & (CLONE_PARENT_SETTID | 0x1000)))
		return;
	int v;
	rt_puts(b, " => {");
	if (a.flags & 0x1000) {
		rt_puts(b, "pidfd=");
		if (!peek(&v, a.pidfd, sizeof v))
			rt_printf(b, "[%d]", v);
		else
			print_addr(b, a.pidfd);
		if (a.flags & CLONE_PARENT_SETTID)
			rt_puts(b, ", ");
	}
	if (a.flags & CLONE_PARENT_SETTID) {
		rt_puts(b, "parent_tid=");
		if (!peek(&v, a.parent_tid, sizeof v))
			rt_printf(b, "[%d]", v);
		else
			print_addr(b, a.parent_tid);
	}
	rt_putc(b, '}');
}

void print_fd_pair(struct rt_buf *b, unsigned long addr)
{
	int fds[2];
	READ_OR_ADDR(b, addr, fds);
	rt_printf(b, "[%d, %d]", fds[0], fds[1]);
}

void print_groups(struct rt_buf *b, unsigned long addr, long n)
{
	unsigned g;
	if (!addr) {
		rt_puts(b, "NULL");
		return;
	}
	if (n > 0 && peek(&g, addr, sizeof g)) {
		print_addr(b, addr);
		return;
	}
	rt_putc(b, '[');
	for (long i = 0; i < n; i++) {
		if (i)
			rt_puts(b, ", ");
		if (i == TR_MAXELEM) {
			rt_puts(b, "...");
			break;
		}
		if (peek(&g, addr + (unsigned long)i * sizeof g, sizeof g)) {
			rt_puts(b, "...");
			break;
		}
		rt_putudec(b, g);
	}
	rt_putc(b, ']');
}
