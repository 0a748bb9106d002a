/* vdso.c - the time calls glibc answers from the vDSO.
 *
 * clock_gettime, gettimeofday, time, getcpu and clock_getres never reach the
 * kernel in a native program: glibc calls the vDSO.  When such a call comes
 * through a libc wrapper, the kernel end answers it the same way, so that a
 * layer can see it without making it slower than native.  A trapped or
 * layer-made call takes the real system call instead: it must give EFAULT
 * for a bad pointer where the vDSO would fault.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <elf.h>
#include <sys/syscall.h>

static const Elf64_Ehdr *vdso_base;
static int clock_calls_wanted;

void pv_want_clock_calls(void) { clock_calls_wanted = 1; }
int pv_clock_calls_wanted(void) { return clock_calls_wanted; }

void pv_vdso_init(unsigned long at_sysinfo_ehdr)
{
	vdso_base = (const Elf64_Ehdr *)at_sysinfo_ehdr;
}

/* Looks a symbol up in the vDSO's dynamic symbol table (the vDSO is a small
 * prelinked shared object: its dynamic section gives the tables directly). */
void *pv_vdso_sym(const char *name)
{
	const Elf64_Ehdr *eh = vdso_base;
	if (!eh)
		return NULL;
	const char *base = (const char *)eh;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	long bias = 0;
	int have_load = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			bias = (long)base + (long)ph[i].p_offset - (long)ph[i].p_vaddr;
			have_load = 1;
		} else if (ph[i].p_type == PT_DYNAMIC) {
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
		}
	}
	if (!dyn || !have_load)
		return NULL;
	const Elf64_Sym *sym = NULL;
	const char *str = NULL;
	const Elf32_Word *hash = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			sym = (const Elf64_Sym *)(dyn->d_un.d_ptr + bias);
		else if (dyn->d_tag == DT_STRTAB)
			str = (const char *)(dyn->d_un.d_ptr + bias);
		else if (dyn->d_tag == DT_HASH)
			hash = (const Elf32_Word *)(dyn->d_un.d_ptr + bias);
	}
	if (!sym || !str || !hash)
		return NULL;
	for (Elf32_Word i = 0; i < hash[1]; i++) /* nchain = number of symbols */
		if (sym[i].st_name && !rt_strcmp(str + sym[i].st_name, name) &&
		    sym[i].st_shndx != SHN_UNDEF)
			return (void *)(sym[i].st_value + bias);
	return NULL;
}

typedef long vdso_fn(long, long, long);

static vdso_fn *lookup(long nr)
{
	static vdso_fn *cache[5];
	static int done;
	static const char *const names[5] = {
		"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time",
		"__vdso_getcpu", "__vdso_clock_getres",
	};
	static const long nrs[5] = { SYS_clock_gettime, SYS_gettimeofday,
				     SYS_time, SYS_getcpu, SYS_clock_getres };
	if (!done) {
		for (int i = 0; i < 5; i++)
			cache[i] = (vdso_fn *)pv_vdso_sym(names[i]);
		done = 1;
	}
	for (int i = 0; i < 5; i++)
		if (nrs[i] == nr)
			return cache[i];
	return NULL;
}

long pv_sys_vdso(struct pv_syscall *call)
{
	vdso_fn *fn = call->origin == PV_ORIGIN_LIBC ? lookup(call->nr) : NULL;
	if (!fn)
		return pv_raw(call);
	struct pv_thread *t = pv_self();
	t->in_vdso = 1;
	long r = fn(call->arg[0], call->arg[1], call->arg[2]);
	t->in_vdso = 0;
	return r;
}
