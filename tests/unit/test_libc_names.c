/* test_libc_names.c - the name-space wrappers against glibc's: same
 * results, errno, effects and system calls (see libc_compare.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <grp.h>

int __xmknod(int, const char *, mode_t, dev_t *);
int __xmknodat(int, int, const char *, mode_t, dev_t *);
char *__getcwd_chk(char *, size_t, size_t);
char *__realpath_chk(const char *, char *, size_t);
int __statfs(const char *, struct statfs *);

static int sfd; /* the scratch directory */
static char home[PATH_MAX];

/* The harness records only call numbers; realpath's calls differ in what
 * they carry too -- which name readlink is asked about, with what size of
 * buffer -- so a second layer, above the harness's, writes down their
 * arguments while `args.on`. */
static struct {
	volatile int on;
	size_t len;
	char text[1 << 18];
} args;

static void args_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void args_add(const char *fmt, ...)
{
	size_t room = sizeof args.text - args.len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(args.text + args.len, room, fmt, ap);
	va_end(ap);
	args.len += n < 0 ? 0 : (size_t)n < room ? (size_t)n : room - 1;
}

static long args_handler(struct pv_syscall *call, void *data)
{
	(void)data;
	const long *a = call->arg;
	if (!args.on)
		return pv_next(call);
	switch (call->nr) {
	case SYS_readlink:
		args_add("readlink(%s, %ld)\n", (const char *)a[0], a[2]);
		break;
	case SYS_getcwd:
		args_add("getcwd(%ld)\n", a[1]);
		break;
	case SYS_faccessat: /* three arguments: the fourth register is junk */
		args_add("faccessat(%d, %s, %ld)\n", (int)a[0],
			 (const char *)a[1], a[2]);
		break;
	case SYS_faccessat2:
		args_add("faccessat2(%d, %s, %ld, %ld)\n", (int)a[0],
			 (const char *)a[1], a[2], a[3]);
		break;
	default:
		args_add("%s\n", call_name(call->nr));
	}
	return pv_next(call);
}

static int group_setup(void **state)
{
	static const struct pv_layer args_layer = { .name = "args",
						    .handler = args_handler };
	if (scratch_setup() || compare_setup(state) || !getcwd(home, sizeof home) ||
	    pv_push(&args_layer) < 0)
		return -1;
	sfd = open(scratch, O_RDONLY | O_DIRECTORY);
	return sfd >= 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (chdir(home))
		return -1;
	close(sfd);
	return scratch_teardown();
}

static void touch(const char *path)
{
	close(open(path, O_WRONLY | O_CREAT, 0644));
}

static void test_make_remove(void **state)
{
	(void)state;
	const char *d = in_scratch("d"), *f = in_scratch("f");
	SAME_AFTER(rmdir(d), mkdir, d, 0750);
	SAME(mkdir, d, 0750);
	SAME(mkdir, BAD_PTR, 0750);
	SAME(mkdir, in_scratch("none/d"), 0750);
	SAME_AFTER(unlinkat(sfd, "d2", AT_REMOVEDIR), mkdirat, sfd, "d2", 0700);
	SAME(mkdirat, -1, "rel", 0700);
	SAME(mkdirat, 12345, "rel", 0700);
	SAME_AFTER(mkdir(d, 0700), rmdir, d);
	SAME(rmdir, d);
	SAME(rmdir, in_scratch("."));
	SAME_AFTER(touch(f), unlink, f);
	SAME(unlink, f);
	SAME(unlink, BAD_PTR);
	SAME_AFTER(touch(f), unlinkat, sfd, "f", 0);
	SAME_AFTER(mkdir(d, 0700), unlinkat, AT_FDCWD, d, AT_REMOVEDIR);
	SAME(unlinkat, sfd, "f", 0x8000);
	SAME(unlinkat, -1, "f", 0);
}

static void test_rename_link(void **state)
{
	(void)state;
	const char *a = in_scratch("a"), *b = in_scratch("b"), *c = in_scratch("c");
#define TWO_FILES() (unlink(b), unlink(c), touch(a), touch(b))
	SAME_AFTER(TWO_FILES(), rename, a, c);
	SAME(rename, a, c);
	SAME(rename, BAD_PTR, c);
	SAME_AFTER(TWO_FILES(), renameat, sfd, "a", AT_FDCWD, c);
	SAME(renameat, -1, "a", AT_FDCWD, c);
	SAME_AFTER(TWO_FILES(), renameat2, AT_FDCWD, a, AT_FDCWD, c, 0);
	SAME_AFTER(TWO_FILES(), renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE);
	SAME_AFTER(TWO_FILES(), renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
	SAME_AFTER(TWO_FILES(), renameat2, AT_FDCWD, a, AT_FDCWD, b, 0x100);
	inject(SYS_renameat2, ENOSYS);
	SAME_AFTER(TWO_FILES(), renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE);
	SAME_AFTER(TWO_FILES(), renameat2, AT_FDCWD, a, AT_FDCWD, c, 0);
	inject(-1, 0);

	SAME_AFTER((TWO_FILES(), unlink(c)), link, a, c);
	SAME(link, a, b);
	SAME(link, BAD_PTR, c);
	SAME_AFTER(unlink(c), linkat, sfd, "a", sfd, "c", 0);
	SAME(linkat, sfd, "a", sfd, "c", 0x8000);
	SAME(linkat, -1, "a", sfd, "c", 0);
	SAME_AFTER(unlink(c), symlink, a, c);
	SAME(symlink, a, c);
	SAME(symlink, BAD_PTR, c);
	SAME_AFTER(unlink(c), symlinkat, "a", sfd, "c");
	SAME(symlinkat, "a", -1, "c");
	char ours[64] = "", native[64] = "";
	unlink(c);
	symlink("target", c);
	readlink(c, ours, sizeof ours - 1);
	unlink(c);
	GLIBC(symlink)("target", c);
	readlink(c, native, sizeof native - 1);
	assert_string_equal(ours, native);
}

/* getcwd's result must be the same text; an allocated one is freed. */
#define SAME_CWD(fn, ...)                                                      \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		static char a_[PATH_MAX + 1], b_[PATH_MAX + 1];               \
		OURS(o_, fn, __VA_ARGS__);                                     \
		snprintf(a_, sizeof a_, "%s", o_.ret ? (char *)o_.ret : "-");  \
		NATIVE(n_, fn, __VA_ARGS__);                                   \
		snprintf(b_, sizeof b_, "%s", n_.ret ? (char *)n_.ret : "-");  \
		expect_same_how(#fn "(" #__VA_ARGS__ ")", o_, n_,              \
				CMP_FAILED | CMP_CALLS);                       \
		assert_string_equal(a_, b_);                                   \
	} while (0)

static void test_cwd(void **state)
{
	(void)state;
	static char buf[PATH_MAX];
	const char *d = in_scratch("cwd");
	mkdir(d, 0755);
	SAME(chdir, d);
	SAME(chdir, in_scratch("none"));
	SAME(chdir, BAD_PTR);
	SAME(fchdir, sfd);
	SAME(fchdir, -1);
	SAME(chroot, in_scratch("none"));
	SAME(chroot, BAD_PTR);
	SAME_CWD(getcwd, buf, sizeof buf);
	SAME_CWD(getcwd, buf, 3);
	SAME_CWD(getcwd, buf, 0);
	SAME_CWD(getcwd, BAD_PTR, 100);
	SAME_CWD(getcwd, NULL, 0);
	SAME_CWD(getcwd, NULL, 5);
	SAME_CWD(getcwd, NULL, 200);
	SAME_CWD(__getcwd_chk, buf, 100, sizeof buf);
	assert_int_equal(CHILD_END(__getcwd_chk(buf, 100, 10)),
			 CHILD_END(GLIBC(__getcwd_chk)(buf, 100, 10)));

	/* $PWD is believed only when it names the working directory */
	chdir(d);
	setenv("PWD", d, 1);
	SAME_CWD(get_current_dir_name);
	setenv("PWD", scratch, 1);
	SAME_CWD(get_current_dir_name);
	setenv("PWD", in_scratch("none"), 1);
	SAME_CWD(get_current_dir_name);
	unsetenv("PWD");
	SAME_CWD(get_current_dir_name);

	/* the kernel cannot say: glibc climbs the tree; the sequence of
	 * calls may differ, the answer may not */
	inject(SYS_getcwd, ENAMETOOLONG);
	static struct outcome o, n;
	char *a, *b;
	OURS(o, getcwd, NULL, 0);
	a = (char *)o.ret;
	NATIVE(n, getcwd, NULL, 0);
	b = (char *)n.ret;
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	assert_string_equal(a, d);
	OURS(o, getcwd, buf, 5);
	NATIVE(n, getcwd, buf, 5);
	expect_same_how("climbing getcwd, small buffer", o, n, CMP_FAILED);
	chdir("/");
	OURS(o, getcwd, NULL, 0);
	NATIVE(n, getcwd, NULL, 0);
	assert_string_equal((char *)o.ret, (char *)n.ret);
	inject(-1, 0);

	/* a working directory that is gone */
	chdir(d);
	rmdir(d);
	SAME_CWD(getcwd, buf, sizeof buf);
	SAME_CWD(getcwd, NULL, 0);
	chdir(home);
}

static void test_mknod(void **state)
{
	(void)state;
	const char *p = in_scratch("node");
	dev_t zero = 0, big = makedev(1, 3) | (1ULL << 40);
	SAME_AFTER(unlink(p), mknod, p, S_IFIFO | 0640, 0);
	SAME(mknod, p, S_IFIFO | 0640, 0);
	SAME(mknod, p, S_IFCHR | 0600, big);
	SAME(mknod, BAD_PTR, S_IFIFO | 0600, 0);
	SAME_AFTER(unlink(p), mknodat, sfd, "node", S_IFIFO | 0600, 0);
	SAME(mknodat, -1, "node", S_IFIFO | 0600, 0);
	SAME(mknodat, sfd, "x", S_IFIFO | 0600, (dev_t)1 << 33);
	for (int v = -1; v <= 2; v++) {
		static struct outcome o, n;
		__typeof__(&__xmknod) g = dlvsym(RTLD_NEXT, "__xmknod", "GLIBC_2.2.5");
		__typeof__(&__xmknodat) ga = dlvsym(RTLD_NEXT, "__xmknodat", "GLIBC_2.4");
		assert_true(g && ga);
		unlink(p);
		OURS(o, __xmknod, v, p, S_IFIFO | 0600, &zero);
		unlink(p);
		rec_begin();
		long r = g(v, p, S_IFIFO | 0600, &zero);
		rec_end(&n, r);
		expect_same("__xmknod", o, n);
		unlink(p);
		OURS(o, __xmknodat, v, sfd, "node", S_IFIFO | 0600, &big);
		rec_begin();
		r = ga(v, sfd, "node", S_IFIFO | 0600, &big);
		rec_end(&n, r);
		expect_same("__xmknodat", o, n);
	}
}

static void test_mount_statfs(void **state)
{
	(void)state;
	struct statfs fs;
	struct statfs64 fs64;
	SAME(mount, "none", in_scratch("none"), "tmpfs", 0, NULL);
	SAME(mount, BAD_PTR, in_scratch("none"), "tmpfs", 0, NULL);
	SAME(mount, "none", scratch, "no-such-fs", 0, NULL);
	SAME(umount, in_scratch("none"));
	SAME(umount, scratch);
	SAME(umount2, scratch, 0x100);
	SAME(umount2, BAD_PTR, 0);
	SAME(statfs, scratch, &fs);
	SAME(__statfs, "/", &fs);
	SAME(statfs64, "/proc", &fs64);
	SAME(statfs, in_scratch("none"), &fs);
	SAME(statfs, scratch, BAD_PTR);
	SAME(fstatfs, sfd, &fs);
	SAME(fstatfs64, sfd, &fs64);
	SAME(fstatfs, -1, &fs);
	SAME(fstatfs, sfd, BAD_PTR);
	struct statfs a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	statfs(scratch, &a);
	GLIBC(statfs)(scratch, &b);
	assert_memory_equal(&a, &b, sizeof a);
}

/* ---- realpath ---- */

enum rp_form { RP_BUF, RP_ALLOC, RP_CANON, RP_CHK };
static const char *const rp_form_names[] = { "realpath(name, buf)",
					     "realpath(name, NULL)",
					     "canonicalize_file_name(name)",
					     "__realpath_chk(name, buf, PATH_MAX)" };

/* What one realpath did, all of it: the result, errno and calls (o), the
 * caller's buffer afterwards (all of it: glibc leaves a partial path there
 * on some failures and nothing on others), and the calls' arguments. */
struct rp_run {
	struct outcome o;
	char text[PATH_MAX * 2];
	int into_buf; /* the result is the caller's buffer */
	char buf[PATH_MAX];
	char args[sizeof args.text];
};

static void rp_run(struct rp_run *r, int native, enum rp_form form,
		   const char *name)
{
	memset(r->buf, 0x5a, sizeof r->buf);
	args.len = 0;
	args.text[0] = 0;
	args.on = 1;
	if (native) {
		if (form == RP_BUF)
			NATIVE(r->o, realpath, name, r->buf);
		else if (form == RP_ALLOC)
			NATIVE(r->o, realpath, name, NULL);
		else if (form == RP_CANON)
			NATIVE(r->o, canonicalize_file_name, name);
		else
			NATIVE(r->o, __realpath_chk, name, r->buf, PATH_MAX);
	} else {
		if (form == RP_BUF)
			OURS(r->o, realpath, name, r->buf);
		else if (form == RP_ALLOC)
			OURS(r->o, realpath, name, NULL);
		else if (form == RP_CANON)
			OURS(r->o, canonicalize_file_name, name);
		else
			OURS(r->o, __realpath_chk, name, r->buf, PATH_MAX);
	}
	args.on = 0;
	assert_true(args.len < sizeof args.text - 1); /* not cut short */
	memcpy(r->args, args.text, args.len + 1);
	char *res = (char *)r->o.ret;
	snprintf(r->text, sizeof r->text, "%s", res ? res : "(null)");
	r->into_buf = res == r->buf;
	if (res && !r->into_buf)
		free(res);
}

enum { RP_EXACT, RP_RESULT }; /* RP_RESULT: the calls may differ */

/* Runs one form of realpath both ways; says how they differ, 0 if not.
 * Each is run once unrecorded first, so that neither is the one whose
 * malloc happens to grow the heap (a trapped brk in the record). */
static int realpath_differs(const char *name, enum rp_form form, int how)
{
	static struct rp_run ours, native;
	char warm[PATH_MAX];
	free(realpath(name, NULL));
	free(GLIBC(realpath)(name, NULL));
	realpath(name, warm);
	rp_run(&ours, 0, form, name);
	rp_run(&native, 1, form, name);
	int same_result = (ours.o.ret == 0) == (native.o.ret == 0) &&
			  ours.o.err == native.o.err &&
			  !strcmp(ours.text, native.text) &&
			  ours.into_buf == native.into_buf &&
			  !memcmp(ours.buf, native.buf, sizeof ours.buf);
	int same_args = how == RP_RESULT ||
			(same_calls(&ours.o, &native.o) &&
			 !strcmp(ours.args, native.args));
	if (same_result && same_args)
		return 0;
	fprintf(stderr, "%s differs from glibc for \"%.100s%s\"\n",
		rp_form_names[form], name ? name : "(NULL)",
		name && strlen(name) > 100 ? "..." : "");
	const struct rp_run *runs[] = { &ours, &native };
	for (int i = 0; i < 2; i++) {
		const struct rp_run *r = runs[i];
		print_calls(i ? "glibc" : "ours ", &r->o);
		fprintf(stderr, "      result %.200s%s; buffer [%.200s]\n",
			r->text, r->into_buf ? " (the buffer)" : "",
			memchr(r->buf, 0, sizeof r->buf) ? r->buf : "(not a string)");
		if (how == RP_EXACT)
			fprintf(stderr, "      arguments:\n%.3000s", r->args);
	}
	return 1;
}

/* Every form of the call the same as glibc's: realpath into a buffer and
 * allocating, canonicalize_file_name, and the fortified entry. */
static int realpath_any_differs(const char *name, int how)
{
	int differs = 0;
	for (int form = RP_BUF; form <= RP_CHK; form++)
		differs |= realpath_differs(name, (enum rp_form)form, how);
	return differs;
}

#define SAME_REALPATH_HOW(name, how)                                           \
	do {                                                                   \
		if (realpath_any_differs(name, how))                            \
			_fail(__FILE__, __LINE__);                             \
	} while (0)
#define SAME_REALPATH(name) SAME_REALPATH_HOW(name, RP_EXACT)

static void make_link(const char *target, const char *path)
{
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

/* A link target of exactly `len` bytes that leads to rp/d: "./" repeated,
 * or, absolute, slashes in front of the full name. */
static void long_target_link(const char *path, size_t len, int absolute)
{
	static char t[PATH_MAX];
	assert_true(len < sizeof t);
	if (absolute) {
		const char *d = in_scratch("rp/d");
		size_t pad = len - strlen(d);
		memset(t, '/', pad);
		strcpy(t + pad, d);
	} else {
		size_t pairs = (len - 1) / 2;
		for (size_t i = 0; i < pairs; i++)
			memcpy(t + 2 * i, "./", 2);
		strcpy(t + 2 * pairs, len % 2 ? "d" : "/d");
	}
	assert_int_equal(strlen(t), len);
	make_link(t, path);
}

/* The tree: directories d, d/e; files f, d/g; links relative, absolute,
 * chained, looping, through "..", dangling, with long targets, and a chain
 * of exactly as many links as glibc follows. */
static void realpath_tree(void)
{
	char p[32];
	mkdir(in_scratch("rp"), 0755);
	mkdir(in_scratch("rp/d"), 0755);
	mkdir(in_scratch("rp/d/e"), 0755);
	touch(in_scratch("rp/f"));
	touch(in_scratch("rp/d/g"));
	mkdir(in_scratch("rp/closed"), 0755);
	mkdir(in_scratch("rp/closed/sub"), 0755);
	chmod(in_scratch("rp/closed"), 0);
	make_link("d", in_scratch("rp/rel"));
	make_link(in_scratch("rp/d"), in_scratch("rp/abs"));
	make_link("rel", in_scratch("rp/chain"));
	make_link("loop2", in_scratch("rp/loop1"));
	make_link("loop1", in_scratch("rp/loop2"));
	make_link("../rp", in_scratch("rp/up"));
	make_link("nowhere", in_scratch("rp/dangling"));
	make_link("missing/x", in_scratch("rp/dangling2"));
	make_link("d/e/..", in_scratch("rp/dotdot"));
	make_link(in_scratch("rp/d/"), in_scratch("rp/slashd"));
	make_link("/", in_scratch("rp/root"));
	make_link("f", in_scratch("rp/flink"));
	make_link(".", in_scratch("rp/self"));
	make_link("..", in_scratch("rp/parent"));
	make_link("../../rp/d", in_scratch("rp/d/e/back"));
	make_link("e/back", in_scratch("rp/d/viaback"));
	/* c0 -> c1 -> ... -> c40 -> d: 40 links from c1, 41 from c0 */
	for (int i = 0; i <= 40; i++) {
		char target[16], name[16];
		snprintf(target, sizeof target, i == 40 ? "d" : "c%d", i + 1);
		snprintf(name, sizeof name, "rp/c%d", i);
		make_link(target, in_scratch(name));
	}
	static const size_t lens[] = { 1022, 1023, 1024, 2046, 2047, 2048, 4094, 4095 };
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		snprintf(p, sizeof p, "rp/l%zu", lens[i]);
		long_target_link(in_scratch(p), lens[i], 0);
		snprintf(p, sizeof p, "rp/a%zu", lens[i]);
		long_target_link(in_scratch(p), lens[i], 1);
	}
	/* a target that grows the link buffer, then one that does not */
	make_link("l1023/../rel", in_scratch("rp/grown"));
}

static void test_realpath(void **state)
{
	(void)state;
	realpath_tree();
	static const char *const names[] = {
		"f", "d", "d/g", "./d/./g", "d/e/../g", "rel", "rel/g", "chain/g",
		"abs", "abs/e/../g", "rel//e/", "d///e//.//", "rel/", "f/", "f/.",
		"f/..", "f/x", "f/./x", "flink/", "flink", "missing", "missing/x",
		"missing/..", "missing/.", "missing/", "d/missing/../..",
		"dangling", "dangling/", "dangling2", "loop1", "loop1/x", "loop2/",
		"up/./f", "up/up/up/rel", "dotdot/g", "slashd/g", "slashd",
		"root/tmp", "root/..", "self/self/f", "parent/rp/rel/e", "d/viaback/e",
		".", "..", "./", "../rp/./chain", "..//rp//chain//", ".d", "d/.e",
		"d/..g", "d/e/.../x", "c1", "c1/g", "c0", "c0/g", "grown/e",
		"", "/", "//", "///tmp//", "/..", "/../..", "/../tmp/../..", "/./.",
		"l1022", "l1023", "l1024", "l2046", "l2047", "l2048", "l4094",
		"l4095", "a1022", "a1023", "a1024", "a2046", "a2047/e", "a2048",
		"a4094", "a4095/g", "l4095/../f", "closed", "closed/", "closed/..",
		"closed/x", "closed/sub/..",
	};
	assert_int_equal(chdir(in_scratch("rp")), 0);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		SAME_REALPATH(names[i]);
	SAME_REALPATH(NULL);
	SAME_REALPATH(in_scratch("rp/chain/g"));
	SAME_REALPATH(in_scratch("rp/../rp/rel/../abs/"));
	SAME_REALPATH(in_scratch("rp/missing/more/x"));
	SAME_REALPATH(in_scratch("rp/dangling"));

	/* long names: a component longer than NAME_MAX, a name longer than
	 * PATH_MAX that resolves to a short one, and one that does not */
	static char longname[PATH_MAX + 200];
	memset(longname, 'x', NAME_MAX + 1);
	longname[NAME_MAX + 1] = 0;
	SAME_REALPATH(longname);
	strcpy(longname, "/");
	for (int i = 0; i < (PATH_MAX + 100) / 2; i++)
		strcat(longname, "./");
	strcat(longname, "tmp");
	SAME_REALPATH(longname);
	longname[0] = 0;
	for (int i = 0; i < 20; i++)
		strcat(longname, "ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd/../");
	strcat(longname, "f");
	SAME_REALPATH(longname);

	/* glibc's own failures: a readlink it cannot read (a directory check
	 * may still save the step), a kernel without faccessat2, a working
	 * directory it cannot learn */
	inject(SYS_readlink, EACCES);
	SAME_REALPATH("d/g");
	SAME_REALPATH("d/.");
	SAME_REALPATH("d/e/../g");
	SAME_REALPATH("missing/..");
	SAME_REALPATH(in_scratch("rp/f"));
	inject(SYS_readlink, ENOENT);
	SAME_REALPATH("d/e/");
	inject(SYS_faccessat2, ENOSYS);
	SAME_REALPATH("d/e/..");
	SAME_REALPATH("f/");
	inject(SYS_getcwd, EACCES);
	SAME_REALPATH("d");
	SAME_REALPATH(".");
	SAME_REALPATH(in_scratch("rp/d"));
	inject(SYS_getcwd, ENAMETOOLONG); /* getcwd climbs: its calls differ */
	SAME_REALPATH_HOW("rel/g", RP_RESULT);
	SAME_REALPATH_HOW(".", RP_RESULT);
	assert_int_equal(chdir("/"), 0);
	SAME_REALPATH_HOW(".", RP_RESULT);
	SAME_REALPATH_HOW("tmp", RP_RESULT);
	inject(-1, 0);

	/* a working directory that is gone: the partial result is "" */
	mkdir(in_scratch("rp/gone"), 0755);
	assert_int_equal(chdir(in_scratch("rp/gone")), 0);
	rmdir(in_scratch("rp/gone"));
	SAME_REALPATH(".");
	SAME_REALPATH("x");
	SAME_REALPATH("/tmp");
	chdir(home);
}

/* Working directories longer than glibc's first buffer (getcwd asked
 * again with twice the size, then four times) and longer than a page (the
 * kernel cannot say; getcwd climbs, and a result too long for PATH_MAX is
 * ENAMETOOLONG in a caller's buffer but fine in an allocated one). */
static void test_realpath_long_cwd(void **state)
{
	(void)state;
	char step[201];
	memset(step, 's', sizeof step - 1);
	step[sizeof step - 1] = 0;
	assert_int_equal(chdir(scratch), 0);
	mkdir("long", 0755);
	assert_int_equal(chdir("long"), 0);
	/* each step adds a slash and the name to the working directory */
	for (size_t len = strlen(scratch) + 5; len < PATH_MAX + 400;
	     len += sizeof step) {
		mkdir(step, 0755);
		assert_int_equal(chdir(step), 0);
		touch("f");
		make_link("f", "lf");
		make_link("..", "up");
		int how = len + sizeof step < PATH_MAX ? RP_EXACT : RP_RESULT;
		SAME_REALPATH_HOW(".", how);
		SAME_REALPATH_HOW("f", how);
		SAME_REALPATH_HOW("lf", how);
		SAME_REALPATH_HOW("up/lf", how);
		SAME_REALPATH_HOW("up/missing", how);
		SAME_REALPATH_HOW("..", how);
	}
	chdir(home);
}

/* A directory the caller may not search: EACCES, and the partial path in
 * the buffer.  Root may search anything, so a child drops to nobody. */
static void test_realpath_denied(void **state)
{
	(void)state;
	static const char *const names[] = {
		"closed", "closed/", "closed/x", "closed/sub", "closed/sub/..",
		"closed/..", "closed/sub/x/y", "d/g",
	};
	realpath_tree();
	chmod(scratch, 0755);
	assert_int_equal(chdir(in_scratch("rp")), 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		     setresuid(65534, 65534, 65534)))
			_exit(3);
		int differs = 0;
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			differs |= realpath_any_differs(names[i], RP_EXACT);
		differs |= realpath_any_differs(in_scratch("rp/closed/sub/x"),
					       RP_EXACT);
		errno = 0;
		char buf[PATH_MAX];
		/* the test itself: the child could not look inside */
		if (GLIBC(realpath)("closed/x", buf) || errno != EACCES)
			_exit(4);
		_exit(differs);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	chmod(scratch, 0700);
	chdir(home);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* A realpath test, failed or not, leaves no injection, working directory
 * or permissions to the next test, nor a directory that a user who is not
 * root could not remove. */
static int realpath_teardown(void **state)
{
	(void)state;
	inject(-1, 0);
	args.on = 0;
	chmod(scratch, 0700);
	chmod(in_scratch("rp/closed"), 0755);
	return chdir(home);
}

static void test_realpath_crashes(void **state)
{
	(void)state;
	static char buf[PATH_MAX];
	/* the fortified entry stops the program for a short buffer, NULL too */
	assert_int_equal(CHILD_END(__realpath_chk("/", buf, PATH_MAX - 1)), 128 + SIGABRT);
	assert_int_equal(CHILD_END(GLIBC(__realpath_chk)("/", buf, PATH_MAX - 1)),
			 128 + SIGABRT);
	assert_int_equal(CHILD_END(__realpath_chk("/", NULL, 10)), 128 + SIGABRT);
	assert_int_equal(CHILD_END(GLIBC(__realpath_chk)("/", NULL, 10)),
			 128 + SIGABRT);
	assert_int_equal(CHILD_END(__realpath_chk("/", buf, PATH_MAX * 2)), 0);
	/* a name glibc reads itself */
	assert_int_equal(CHILD_END(realpath(BAD_PTR, buf)),
			 CHILD_END(GLIBC(realpath)(BAD_PTR, buf)));
	assert_int_equal(CHILD_END(canonicalize_file_name(BAD_PTR)),
			 CHILD_END(GLIBC(canonicalize_file_name)(BAD_PTR)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_remove),
		cmocka_unit_test(test_rename_link),
		cmocka_unit_test(test_cwd),
		cmocka_unit_test_teardown(test_realpath, realpath_teardown),
		cmocka_unit_test_teardown(test_realpath_long_cwd, realpath_teardown),
		cmocka_unit_test_teardown(test_realpath_denied, realpath_teardown),
		cmocka_unit_test(test_realpath_crashes),
		cmocka_unit_test(test_mknod),
		cmocka_unit_test(test_mount_statfs),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
