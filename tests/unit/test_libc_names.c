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

int __xmknod(int, const char *, mode_t, dev_t *);
int __xmknodat(int, int, const char *, mode_t, dev_t *);
char *__getcwd_chk(char *, size_t, size_t);
int __statfs(const char *, struct statfs *);

static int sfd; /* the scratch directory */
static char home[PATH_MAX];

static int group_setup(void **state)
{
	if (scratch_setup() || compare_setup(state) || !getcwd(home, sizeof home))
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_remove),
		cmocka_unit_test(test_rename_link),
		cmocka_unit_test(test_cwd),
		cmocka_unit_test(test_mknod),
		cmocka_unit_test(test_mount_statfs),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
