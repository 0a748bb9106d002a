/* brk.c - the break of a program the launcher loaded into its process.
 *
 * The kernel's brk belongs to the process's first image: the launcher, whose
 * heap lies far from the loaded program.  A static program's libc counts on
 * brk to start just after its own bss (its TLS and early malloc come from
 * there), so while the runtime hosts a loaded program the kernel end keeps a
 * break of its own for it: brk(0) reports it, growing maps anonymous memory
 * at the old end, shrinking unmaps -- page by page, with the kernel's answers
 * (the new break, or the old one when the request cannot be met).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define PAGE 4096UL
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

static struct pv_hosted hosted;
static int hosting;
static unsigned long start_brk, cur_brk;
static _Atomic int lock;

void pv_host_program(const struct pv_hosted *h)
{
	hosted = *h;
	start_brk = cur_brk = h->brk;
	hosting = 1;
	/* The runtime read AT_EXECFN from /proc/self/auxv, which the kernel
	 * wrote for the launcher, and counted the settings among the
	 * variables: the start info must be the program's (the trace's
	 * execve line). */
	pv_start_info_set(h->execfn, h->nenv);
}

const struct pv_hosted *pv_hosted_program(void)
{
	return hosting ? &hosted : NULL;
}

/* RLIMIT_DATA as the kernel applies it to brk: the heap plus the data
 * segment. */
static int over_data_limit(unsigned long brk)
{
	struct rlimit rl;
	if (pv_k2(SYS_getrlimit, RLIMIT_DATA, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	return (brk - start_brk) + (hosted.end_data - hosted.start_data) > rl.rlim_cur;
}

long pv_sys_brk(struct pv_syscall *call)
{
	if (!hosting)
		return pv_raw(call);
	unsigned long want = (unsigned long)call->arg[0];
	int idle = 0;
	while (!atomic_compare_exchange_weak(&lock, &idle, 1))
		idle = 0;
	unsigned long result = cur_brk;
	if (want < start_brk)
		goto out; /* brk(0) and anything below the start: a query */
	unsigned long newpage = PAGE_UP(want), oldpage = PAGE_UP(cur_brk);
	if (newpage > oldpage) {
		if (over_data_limit(want))
			goto out;
		/* never over another mapping: the kernel refuses too */
		long m = pv_k6(SYS_mmap, oldpage, newpage - oldpage,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			       -1, 0);
		if (pv_is_error(m))
			goto out;
		if ((unsigned long)m != oldpage) { /* a kernel that took it as a hint */
			pv_k2(SYS_munmap, m, newpage - oldpage);
			goto out;
		}
	} else if (newpage < oldpage) {
		pv_k2(SYS_munmap, newpage, oldpage - newpage);
	}
	cur_brk = result = want;
out:
	atomic_store(&lock, 0);
	return (long)result;
}
