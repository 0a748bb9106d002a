/* test_libc_memory.c - the mapping wrappers against glibc's: same results,
 * errno and system calls (see libc_compare.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE 4096

static int group_setup(void **state) { return compare_setup(state); }

/* mmap and mremap give addresses: only success must agree; what was made
 * is unmapped after each. */
#define SAME_MAP(fn, addr, len, ...)                                           \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		OURS(o_, fn, addr, len, __VA_ARGS__);                          \
		if ((void *)o_.ret != MAP_FAILED)                              \
			munmap((void *)o_.ret, len);                           \
		NATIVE(n_, fn, addr, len, __VA_ARGS__);                        \
		if ((void *)n_.ret != MAP_FAILED)                              \
			munmap((void *)n_.ret, len);                           \
		expect_same_how(#fn "(" #len ", " #__VA_ARGS__ ")", o_, n_,    \
				CMP_FAILED | CMP_CALLS);                       \
	} while (0)

static void test_mmap(void **state)
{
	(void)state;
	int fd = open("/proc/self/exe", O_RDONLY);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAME_MAP(mmap64, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 1);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE + 512);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, -PAGE);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, 12345, 0);
	SAME_MAP(mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAME_MAP(mmap, NULL, PAGE, PROT_READ, 0, -1, 0);
	SAME_MAP(mmap, BAD_PTR, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	close(fd);
}

static void test_mremap_protect(void **state)
{
	(void)state;
	char *m = NULL;
	char *spot = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(spot, 4 * PAGE);
#define FRESH() (m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
#define SAME_REMAP(addr, old, new, ...)                                        \
	do {                                                                   \
		static struct outcome o_, n_;                                  \
		FRESH();                                                       \
		OURS(o_, mremap, addr, old, new, __VA_ARGS__);                 \
		munmap(m, 2 * PAGE);                                           \
		if ((void *)o_.ret != MAP_FAILED)                              \
			munmap((void *)o_.ret, new);                           \
		FRESH();                                                       \
		NATIVE(n_, mremap, addr, old, new, __VA_ARGS__);               \
		munmap(m, 2 * PAGE);                                           \
		if ((void *)n_.ret != MAP_FAILED)                              \
			munmap((void *)n_.ret, new);                           \
		expect_same_how("mremap(" #old ", " #new ", " #__VA_ARGS__ ")", o_, n_,            \
				CMP_FAILED | CMP_CALLS);                       \
	} while (0)
	SAME_REMAP(m, 2 * PAGE, PAGE, 0);
	SAME_REMAP(m, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
	SAME_REMAP(m, 2 * PAGE, 4 * PAGE, 0, spot);
	SAME_REMAP(m, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, spot);
	SAME_REMAP(m, 2 * PAGE, 2 * PAGE, MREMAP_FIXED, spot);
	SAME_REMAP(m, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, spot);
	SAME_REMAP(m + 1, PAGE, PAGE, 0);
	SAME_REMAP(m, PAGE, PAGE, 0x100);

	FRESH();
	SAME(mprotect, m, PAGE, PROT_READ);
	SAME(mprotect, m + 1, PAGE, PROT_READ);
	SAME(mprotect, m, PAGE, 0x1000);
	SAME(madvise, m, PAGE, MADV_NORMAL);
	SAME(madvise, m, PAGE, 12345);
	SAME(madvise, m + 3, PAGE, MADV_WILLNEED);
	SAME(posix_madvise, m, PAGE, POSIX_MADV_DONTNEED);
	SAME(posix_madvise, m, PAGE, POSIX_MADV_WILLNEED);
	SAME(posix_madvise, m, PAGE, POSIX_MADV_SEQUENTIAL);
	SAME(posix_madvise, m, PAGE, 12345);
	SAME(posix_madvise, m + 1, PAGE, POSIX_MADV_RANDOM);
	SAME(msync, m, PAGE, MS_SYNC);
	SAME(msync, m, PAGE, MS_SYNC | MS_ASYNC);
	SAME(msync, m + 1, PAGE, MS_ASYNC);
	SAME(mlock, m, PAGE);
	SAME(munlock, m, PAGE);
	SAME(mlock2, m, PAGE, 0);
	SAME(mlock2, m, PAGE, MLOCK_ONFAULT);
	SAME(mlock2, m, PAGE, 0x100);
	inject(SYS_mlock2, ENOSYS);
	SAME(mlock2, m, PAGE, MLOCK_ONFAULT);
	SAME(mlock2, m, PAGE, 0);
	inject(-1, 0);
	SAME(munlock, m, PAGE);
	SAME(mlockall, 0x100);
	SAME(munlockall);
	unsigned char vec[2];
	SAME(mincore, m, 2 * PAGE, vec);
	SAME(mincore, m, 2 * PAGE, BAD_PTR);
	SAME(mincore, m + 1, PAGE, vec);
	SAME(munmap, m + 1, PAGE);
	SAME(munmap, m, 0);
	SAME_AFTER(FRESH(), munmap, m, 2 * PAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmap),
		cmocka_unit_test(test_mremap_protect),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
