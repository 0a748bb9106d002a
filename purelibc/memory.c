/* memory.c - mappings: mmap and its relatives, advice, locking, residency.
 *
 * Each wrapper makes the system call glibc 2.36 makes on x86-64 (checked
 * with strace), and refuses in user space what glibc refuses there.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "wrap.h"

#include <stdarg.h>
#include <sys/mman.h>

#define PV_ALIAS(name, target)                                                 \
	extern __typeof__(target) name                                         \
		__attribute__((alias(#target), copy(target),                   \
			       visibility("default")))

/* glibc checks the offset against the page unit before the kernel can. */
#define MMAP_OFFSET_UNIT 4096

PV_EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd,
		     off_t off)
{
	if (off & (MMAP_OFFSET_UNIT - 1)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	return (void *)PV_SYSCALL_RET(SYS_mmap, addr, len, prot, flags, fd, off);
}
PV_ALIAS(mmap64, mmap);

PV_EXPORT int munmap(void *addr, size_t len)
{
	return (int)PV_SYSCALL_RET(SYS_munmap, addr, len);
}

PV_EXPORT int mprotect(void *addr, size_t len, int prot)
{
	return (int)PV_SYSCALL_RET(SYS_mprotect, addr, len, prot);
}

#define MREMAP_KNOWN (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)

/* glibc refuses flags it does not know before the kernel sees them, and
 * reads the new address only for the flags that use one: otherwise it
 * passes 0, whatever the caller left in the register. */
PV_EXPORT void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	if (flags & ~MREMAP_KNOWN) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	void *new_addr = NULL;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		va_list ap;
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	return (void *)PV_SYSCALL_RET(SYS_mremap, old, old_len, new_len, flags,
				      new_addr);
}

PV_EXPORT int madvise(void *addr, size_t len, int advice)
{
	return (int)PV_SYSCALL_RET(SYS_madvise, addr, len, advice);
}

/* POSIX_MADV_DONTNEED may not discard data, which Linux's MADV_DONTNEED
 * does: glibc makes it a no-op.  Errors are returned, not put in errno. */
PV_EXPORT int posix_madvise(void *addr, size_t len, int advice)
{
	if (advice == POSIX_MADV_DONTNEED)
		return 0;
	return pv_errnum(PV_LIBC(SYS_madvise, addr, len, advice));
}

PV_EXPORT int msync(void *addr, size_t len, int flags)
{
	return (int)PV_SYSCALL_RET_CANCEL(SYS_msync, addr, len, flags);
}

PV_EXPORT int mlock(const void *addr, size_t len)
{
	return (int)PV_SYSCALL_RET(SYS_mlock, addr, len);
}

/* Without flags glibc makes the older call; a kernel that lacks mlock2
 * knows no flag. */
PV_EXPORT int mlock2(const void *addr, size_t len, unsigned flags)
{
	if (flags == 0)
		return mlock(addr, len);
	long r = PV_LIBC(SYS_mlock2, addr, len, flags);
	return (int)pv_errno(r == -ENOSYS ? -EINVAL : r);
}

PV_EXPORT int munlock(const void *addr, size_t len)
{
	return (int)PV_SYSCALL_RET(SYS_munlock, addr, len);
}

PV_EXPORT int mlockall(int flags) { return (int)PV_SYSCALL_RET(SYS_mlockall, flags); }

PV_EXPORT int munlockall(void) { return (int)PV_SYSCALL_RET(SYS_munlockall); }

PV_EXPORT int mincore(void *addr, size_t len, unsigned char *vec)
{
	return (int)PV_SYSCALL_RET(SYS_mincore, addr, len, vec);
}
