/* loader.c - runs an ELF executable inside this process, as execve would
 * have run it in a new one.
 *
 * LD_PRELOAD cannot enter a statically linked program, and cannot show the
 * first calls of a dynamic one's loader.  The launcher (the purevirt
 * command, or a user's program linked with libpurevirt.a) therefore does
 * the kernel's part of exec itself: it maps the program where the kernel
 * would, builds the stack the kernel would build, starts the runtime and the
 * layers with the program's own argv and environment, arms syscall user
 * dispatch and jumps to the entry point.  From the first instruction on,
 * every system call the program makes traps to the layers.
 *
 * The launcher's own memory stays where it is -- its image, its libc, its
 * heap, its stack -- and out of the program's way: a position-independent
 * program gets a random base in a range the launcher does not use, the
 * program gets a break of its own (dispatch/brk.c) and a stack of its own.
 * What the kernel keeps about the process image (the command line in
 * /proc/self/cmdline, the auxv, /proc/self/exe) is pointed at the program
 * with PR_SET_MM_MAP where the kernel allows it.
 *
 * Nothing here uses libc: the code after the jump must not (the program
 * owns FS), and the code before it may run in a user's launcher that links
 * libpurevirt.a, where libc calls can reach the layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "loader.h"
#include "dispatch.h"
#include "purevirt.h"
#include "rt.h"
#include "start.h"

#include <asm/prctl.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <linux/personality.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PAGE 4096UL
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
/* Where a position-independent program goes: above 4 GiB and below the
 * launcher (a PIE at ~0x55..., its libraries at ~0x7f...), 2^28 pages of
 * randomness.  Its break grows up from there into free space. */
#define DYN_BASE_LOW 0x100000000UL
#define DYN_BASE_PAGES_LOG2 28
/* Like the kernel's stack_guard_gap: nothing lives right below the stack. */
#define STACK_GUARD (256 * PAGE)
#define STACK_MAX (1UL << 30) /* for RLIMIT_STACK unlimited */
#define RSEQ_SIG_X86 0x53053053

struct image {
	unsigned long lo, hi;   /* the span it occupies */
	unsigned long bias;     /* address = bias + p_vaddr */
	unsigned long entry, phdr, phnum;
	unsigned long end;      /* end of its bss */
	unsigned long start_code, end_code, start_data, end_data;
};

static struct {
	int fd;
	struct pv_elf elf, interp_elf;
	struct image prog, interp;
	int has_interp, exec_stack, mapped;
	unsigned long brk;
	unsigned long aux[2 * 64]; /* the auxv the kernel gave this process */
	int naux;
} L = { .fd = -1 };

/* ---- small helpers ---- */

/* strerror for what can go wrong here, without libc. */
static const char *errtext(long e)
{
	switch (-e) {
	case ENOENT: return "No such file or directory";
	case EACCES: return "Permission denied";
	case ENOEXEC: return "Exec format error";
	case ENOMEM: return "Cannot allocate memory";
	case EEXIST: return "address range in use";
	case EIO: return "Input/output error";
	case ELOOP: return "Too many levels of symbolic links";
	case ENOTDIR: return "Not a directory";
	case EISDIR: return "Is a directory";
	case EPERM: return "Operation not permitted";
	case EINVAL: return "Invalid argument";
	default: return "system error";
	}
}

static unsigned long random_long(void)
{
	unsigned long r = 0;
	if (pv_k3(SYS_getrandom, &r, sizeof r, 0) != sizeof r)
		r = (unsigned long)pv_k0(SYS_getpid) * 0x9e3779b97f4a7c15UL;
	return r;
}

/* Address space randomization as the kernel would apply it to an exec:
 * off with randomize_va_space 0 or the ADDR_NO_RANDOMIZE personality. */
static int randomizing(void)
{
	long pers = pv_k1(SYS_personality, 0xffffffffUL);
	if (pers >= 0 && (pers & ADDR_NO_RANDOMIZE))
		return 0;
	char c = '2';
	long fd = pv_k4(SYS_openat, AT_FDCWD, "/proc/sys/kernel/randomize_va_space",
			O_RDONLY | O_CLOEXEC, 0);
	if (fd >= 0) {
		pv_k3(SYS_read, fd, &c, 1);
		pv_k1(SYS_close, fd);
	}
	return c - '0';
}

static void read_real_auxv(void)
{
	long fd = pv_k4(SYS_openat, AT_FDCWD, "/proc/self/auxv", O_RDONLY | O_CLOEXEC, 0);
	L.naux = 0;
	if (fd >= 0) {
		long n = pv_k3(SYS_read, fd, L.aux, sizeof L.aux - 2 * sizeof(long));
		pv_k1(SYS_close, fd);
		if (n > 0)
			L.naux = (int)(n / (2 * sizeof(long)));
	}
	if (L.naux)
		return;
	/* no /proc: what a libc needs, in the kernel's order (the entries
	 * that describe the image are filled in later) */
	static const unsigned long minimal[] = {
		AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE, AT_FLAGS,
		AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_RANDOM,
		AT_EXECFN,
	};
	for (size_t i = 0; i < PV_ARRAY_SIZE(minimal); i++) {
		unsigned long v = 0;
		switch (minimal[i]) {
		case AT_PAGESZ: v = PAGE; break;
		case AT_CLKTCK: v = 100; break;
		case AT_UID: v = (unsigned long)pv_k0(SYS_getuid); break;
		case AT_EUID: v = (unsigned long)pv_k0(SYS_geteuid); break;
		case AT_GID: v = (unsigned long)pv_k0(SYS_getgid); break;
		case AT_EGID: v = (unsigned long)pv_k0(SYS_getegid); break;
		}
		L.aux[2 * L.naux] = minimal[i];
		L.aux[2 * L.naux + 1] = v;
		L.naux++;
	}
}

static unsigned long real_aux(unsigned long type)
{
	for (int i = 0; i < L.naux; i++)
		if (L.aux[2 * i] == type)
			return L.aux[2 * i + 1];
	return 0;
}

/* ---- mapping ---- */

static int prot_of(unsigned flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/* Room for the whole span [lo, hi) of an image, at bias + lo.  A fixed
 * executable gets its own addresses or fails; a position-independent main
 * program gets a random base low in the address space; a dynamic loader
 * goes where mmap puts it, as the kernel puts it.  Returns the bias. */
static long reserve(const struct pv_elf *e, unsigned long lo, unsigned long hi,
		    unsigned long align, int is_main)
{
	unsigned long span = hi - lo;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	if (e->eh.e_type == ET_EXEC) {
		long m = pv_k6(SYS_mmap, lo, span, PROT_NONE,
			       flags | MAP_FIXED_NOREPLACE, -1, 0);
		if (!pv_is_error(m) && (unsigned long)m != lo) {
			pv_k2(SYS_munmap, m, span);
			return -EEXIST;
		}
		return pv_is_error(m) ? m : 0;
	}
	if (is_main) {
		int rnd = randomizing();
		for (int tries = 0; tries < 32; tries++) {
			unsigned long pages = rnd ? random_long() &
							    ((1UL << DYN_BASE_PAGES_LOG2) - 1)
						  : (unsigned long)tries << 16;
			unsigned long base = (DYN_BASE_LOW + pages * PAGE) & ~(align - 1);
			long m = pv_k6(SYS_mmap, base, span, PROT_NONE,
				       flags | MAP_FIXED_NOREPLACE, -1, 0);
			if (!pv_is_error(m) && (unsigned long)m == base)
				return (long)(base - lo);
			if (!pv_is_error(m))
				pv_k2(SYS_munmap, m, span);
		}
	}
	/* anywhere mmap likes, aligned: take more and trim */
	long m = pv_k6(SYS_mmap, 0, span + align, PROT_NONE, flags, -1, 0);
	if (pv_is_error(m))
		return m;
	unsigned long base = ((unsigned long)m + align - 1) & ~(align - 1);
	if (base > (unsigned long)m)
		pv_k2(SYS_munmap, m, base - (unsigned long)m);
	unsigned long end = (unsigned long)m + span + align;
	if (end > base + span)
		pv_k2(SYS_munmap, base + span, end - (base + span));
	return (long)(base - lo);
}

static long map_segment(int fd, const Elf64_Phdr *p, unsigned long bias)
{
	int prot = prot_of(p->p_flags);
	unsigned long start = bias + p->p_vaddr;
	unsigned long fend = start + p->p_filesz, mend = start + p->p_memsz;
	unsigned long anon = PAGE_DOWN(start);
	long r;
	if (p->p_filesz) {
		/* the tail of the last file page is bss: writable until zeroed */
		int zero_tail = p->p_memsz > p->p_filesz && (fend & (PAGE - 1));
		r = pv_k6(SYS_mmap, PAGE_DOWN(start), PAGE_UP(fend) - PAGE_DOWN(start),
			  prot | (zero_tail ? PROT_WRITE : 0),
			  MAP_PRIVATE | MAP_FIXED, fd, PAGE_DOWN(p->p_offset));
		if (pv_is_error(r))
			return r;
		if (zero_tail) {
			rt_memset((void *)fend, 0, PAGE_UP(fend) - fend);
			if (!(prot & PROT_WRITE))
				pv_k3(SYS_mprotect, PAGE_DOWN(fend), PAGE, prot);
		}
		anon = PAGE_UP(fend);
	}
	if (PAGE_UP(mend) > anon) {
		r = pv_k6(SYS_mmap, anon, PAGE_UP(mend) - anon, prot,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (pv_is_error(r))
			return r;
	}
	return 0;
}

static void unmap_image(const struct image *img)
{
	if (img->hi > img->lo)
		pv_k2(SYS_munmap, img->lo, img->hi - img->lo);
}

/* Maps an image as binfmt_elf does and fills img, with the kernel's
 * bookkeeping (code and data bounds, the end of bss). */
static long map_image(int fd, const struct pv_elf *e, struct image *img,
		      int is_main)
{
	unsigned long lo = ~0UL, hi = 0, align = PAGE;
	for (int i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if (PAGE_DOWN(p->p_vaddr) < lo)
			lo = PAGE_DOWN(p->p_vaddr);
		if (p->p_vaddr + p->p_memsz > hi)
			hi = p->p_vaddr + p->p_memsz;
		if (p->p_align > align && !(p->p_align & (p->p_align - 1)))
			align = p->p_align;
	}
	hi = PAGE_UP(hi);
	long bias = reserve(e, lo, hi, align, is_main);
	if (pv_is_error(bias))
		return bias;
	img->lo = lo + (unsigned long)bias;
	img->hi = hi + (unsigned long)bias;
	img->bias = (unsigned long)bias;
	img->start_code = ~0UL;
	img->end_code = img->start_data = img->end_data = img->end = 0;
	img->phdr = 0;
	unsigned long covered = img->lo;
	for (int i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		long r = map_segment(fd, p, img->bias);
		if (r < 0) {
			unmap_image(img);
			return r;
		}
		/* the reservation between segments goes, as the kernel
		 * leaves nothing there */
		unsigned long s = PAGE_DOWN(img->bias + p->p_vaddr);
		if (s > covered)
			pv_k2(SYS_munmap, covered, s - covered);
		unsigned long mend = PAGE_UP(img->bias + p->p_vaddr + p->p_memsz);
		if (mend > covered)
			covered = mend;
		unsigned long k = p->p_vaddr;
		if ((p->p_flags & PF_X) && k < img->start_code)
			img->start_code = k;
		if (k > img->start_data)
			img->start_data = k;
		k = p->p_vaddr + p->p_filesz;
		if ((p->p_flags & PF_X) && k > img->end_code)
			img->end_code = k;
		if (k > img->end_data)
			img->end_data = k;
		if (p->p_vaddr + p->p_memsz > img->end)
			img->end = p->p_vaddr + p->p_memsz;
		if (!img->phdr && e->eh.e_phoff >= p->p_offset &&
		    e->eh.e_phoff < p->p_offset + p->p_filesz)
			img->phdr = img->bias + p->p_vaddr + (e->eh.e_phoff - p->p_offset);
	}
	if (img->hi > covered)
		pv_k2(SYS_munmap, covered, img->hi - covered);
	for (int i = 0; !img->phdr && i < e->eh.e_phnum; i++)
		if (e->ph[i].p_type == PT_PHDR)
			img->phdr = img->bias + e->ph[i].p_vaddr;
	img->start_code += img->bias;
	img->end_code += img->bias;
	img->start_data += img->bias;
	img->end_data += img->bias;
	img->end += img->bias;
	img->entry = img->bias + e->eh.e_entry;
	img->phnum = e->eh.e_phnum;
	return 0;
}

static int map_interpreter(char *err, size_t errlen)
{
	const Elf64_Phdr *p = &L.elf.ph[L.elf.interp];
	static char name[4096 + 1];
	long n = pv_k4(SYS_pread64, L.fd, name, p->p_filesz, p->p_offset);
	if (n != (long)p->p_filesz || name[n - 1] || rt_strlen(name) != (size_t)n - 1) {
		rt_reason(err, errlen, "malformed ELF file (dynamic loader name)", 0, 0);
		return -ENOEXEC;
	}
	long fd = pv_k4(SYS_openat, AT_FDCWD, name, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		rt_reason(err, errlen, "cannot open its dynamic loader ", name, ": ");
		size_t len = rt_strlen(err);
		rt_reason(err + len, errlen - len, errtext(fd), 0, 0);
		return (int)fd;
	}
	const char *why;
	int r = pv_elf_read((int)fd, &L.interp_elf, &why);
	if (r == 0 && L.interp_elf.interp >= 0) {
		why = "it has a dynamic loader itself";
		r = -ENOEXEC;
	}
	if (r == 0) {
		r = (int)map_image((int)fd, &L.interp_elf, &L.interp, 0);
		why = errtext(r);
	}
	pv_k1(SYS_close, fd);
	if (r < 0) {
		rt_reason(err, errlen, "its dynamic loader ", name, ": ");
		size_t len = rt_strlen(err);
		rt_reason(err + len, errlen - len, why, 0, 0);
		return r;
	}
	L.has_interp = 1;
	return 0;
}

int pv_loader_map(int fd, char *err, size_t errlen)
{
	const char *why;
	int r = pv_elf_read(fd, &L.elf, &why);
	if (r < 0) {
		rt_reason(err, errlen, why, 0, 0);
		return r;
	}
	read_real_auxv();
	L.fd = fd;
	L.exec_stack = 0;
	for (int i = 0; i < L.elf.eh.e_phnum; i++)
		if (L.elf.ph[i].p_type == PT_GNU_STACK)
			L.exec_stack = (L.elf.ph[i].p_flags & PF_X) != 0;
	long m = map_image(fd, &L.elf, &L.prog, 1);
	if (m < 0) {
		if (m == -EEXIST)
			rt_reason(err, errlen,
				"cannot load it: its fixed addresses are in use "
				"in the launcher's process", 0, 0);
		else
			rt_reason(err, errlen, "cannot map it: ", errtext(m), 0);
		return (int)m;
	}
	if (L.elf.interp >= 0 && (r = map_interpreter(err, errlen)) < 0) {
		unmap_image(&L.prog);
		return r;
	}
	/* its own break, just after its bss; randomized as the kernel
	 * randomizes one on x86-64 (a gap page, then up to 1 GiB) */
	L.brk = PAGE_UP(L.prog.end);
	if (randomizing() > 1)
		L.brk += PAGE + (random_long() & ((1UL << 30) / PAGE - 1)) * PAGE;
	L.mapped = 1;
	return 0;
}

void pv_loader_host(const char *execfn, char *const envp[])
{
	int nenv = 0;
	for (int i = 0; envp && envp[i]; i++)
		nenv += !rt_startswith(envp[i], "PUREVIRT_") ||
			rt_startswith(envp[i], PV_ENV_RENAMED);
	/* kept, hidden from the program, for an exec of /proc/self/exe */
	int fd = pv_runtime_fd(L.fd, NULL);
	if (fd >= 0)
		L.fd = fd;
	struct pv_hosted h = {
		.brk = L.brk,
		.start_data = L.prog.start_data,
		.end_data = L.prog.end_data,
		.execfn = execfn,
		.nenv = nenv,
		.exe_fd = L.fd,
	};
	pv_host_program(&h);
}

/* ---- the stack ---- */

struct stack {
	unsigned long sp;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long *auxv;
	int auxv_words;
};

static size_t strings_size(char *const *v, int n)
{
	size_t s = 0;
	for (int i = 0; i < n; i++)
		s += rt_strlen(v[i]) + 1;
	return s;
}

static char *put_strings(char *p, char *const *v, int n, unsigned long *addr)
{
	for (int i = 0; i < n; i++) {
		size_t len = rt_strlen(v[i]) + 1;
		rt_memcpy(p, v[i], len);
		addr[i] = (unsigned long)p;
		p += len;
	}
	return p;
}

/* The initial stack as binfmt_elf lays it out.  From the top: 8 zero
 * bytes, the name exec was given (AT_EXECFN), the environment strings, the
 * argument strings; then, below a random offset, the platform string and
 * AT_RANDOM's 16 bytes; at the bottom, 16-byte aligned, argc, argv[], NULL,
 * envp[], NULL and the auxv.  The auxv is the one the kernel gave this
 * process, in its order, with what describes the image replaced. */
static long build_stack(struct stack *st, const char *execfn, int argc,
			char *const argv[], int envc, char *const envp[])
{
	size_t need = strings_size(argv, argc) + strings_size(envp, envc) +
		      rt_strlen(execfn) + 1 + 8 + 8192 + 64 + 16 +
		      (size_t)(argc + envc + 3) * 8 * 2 + sizeof L.aux;
	struct rlimit rl;
	size_t size = 8UL << 20;
	if (pv_k2(SYS_getrlimit, RLIMIT_STACK, &rl) == 0)
		size = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > STACK_MAX
			       ? STACK_MAX
			       : rl.rlim_cur;
	size = PAGE_UP(size);
	if (size < PAGE_UP(need) + (128UL << 10))
		size = PAGE_UP(need) + (128UL << 10);
	int prot = PROT_READ | PROT_WRITE | (L.exec_stack ? PROT_EXEC : 0);
	long m = pv_k6(SYS_mmap, 0, STACK_GUARD + size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pv_is_error(m) && size > (8UL << 20)) { /* strict overcommit */
		size = 8UL << 20;
		m = pv_k6(SYS_mmap, 0, STACK_GUARD + size, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	}
	if (pv_is_error(m))
		return m;
	long r = pv_k3(SYS_mprotect, m + STACK_GUARD, size, prot);
	if (r < 0)
		return r;
	unsigned long top = (unsigned long)m + STACK_GUARD + size;

	/* the pointers are written last, at the bottom: gather them here,
	 * in a scratch area of the new stack's low end */
	unsigned long *argp = (unsigned long *)((unsigned long)m + STACK_GUARD);
	unsigned long *envpp = argp + argc;

	char *p = (char *)top - 8;
	size_t len = rt_strlen(execfn) + 1;
	p -= len;
	rt_memcpy(p, execfn, len);
	unsigned long u_execfn = (unsigned long)p;
	size_t envs = strings_size(envp, envc), args = strings_size(argv, argc);
	p -= envs + args;
	st->arg_start = (unsigned long)p;
	p = put_strings(p, argv, argc, argp);
	st->arg_end = st->env_start = (unsigned long)p;
	p = put_strings(p, envp, envc, envpp);
	st->env_end = (unsigned long)p;

	unsigned long q = st->arg_start;
	if (randomizing())
		q -= random_long() % 8192;
	q &= ~15UL;
	unsigned long u_platform = 0;
	const char *platform = (const char *)real_aux(AT_PLATFORM);
	if (platform) {
		len = rt_strlen(platform) + 1;
		q -= len;
		rt_memcpy((void *)q, platform, len);
		u_platform = q;
	}
	q -= 16;
	unsigned long u_random = q;
	unsigned char bytes[16];
	if (pv_k3(SYS_getrandom, bytes, 16, 0) != 16)
		for (int i = 0; i < 16; i++)
			bytes[i] = (unsigned char)(random_long() >> 24);
	rt_memcpy((void *)u_random, bytes, 16);

	/* the auxv */
	unsigned long aux[2 * 64];
	int n = 0;
	const struct image *img = &L.prog;
	for (int i = 0; i < L.naux && n < 2 * 62; i++) {
		unsigned long type = L.aux[2 * i], val = L.aux[2 * i + 1];
		switch (type) {
		case AT_NULL:
			continue;
		case AT_EXECFD: /* the launcher's, not the program's */
			continue;
		case AT_SYSINFO_EHDR: /* its clock reads must trap */
			if (pv_clock_calls_wanted())
				continue;
			break;
		case AT_PHDR: val = img->phdr; break;
		case AT_PHENT: val = sizeof(Elf64_Phdr); break;
		case AT_PHNUM: val = img->phnum; break;
		case AT_BASE: val = L.has_interp ? L.interp.bias : 0; break;
		case AT_FLAGS: val = 0; break;
		case AT_ENTRY: val = img->entry; break;
		case AT_EXECFN: val = u_execfn; break;
		case AT_RANDOM: val = u_random; break;
		case AT_PLATFORM: val = u_platform; break;
		}
		aux[n++] = type;
		aux[n++] = val;
	}
	aux[n++] = AT_NULL;
	aux[n++] = 0;

	unsigned long sp = q - (unsigned long)n * 8;
	int items = (argc + 1) + (envc + 1) + 1;
	sp = (sp - (unsigned long)items * 8) & ~15UL;
	unsigned long *w = (unsigned long *)sp;
	/* argp/envpp live far below sp (the stack's low end): no overlap */
	*w++ = (unsigned long)argc;
	for (int i = 0; i < argc; i++)
		*w++ = argp[i];
	*w++ = 0;
	for (int i = 0; i < envc; i++)
		*w++ = envpp[i];
	*w++ = 0;
	st->auxv = w;
	st->auxv_words = n;
	for (int i = 0; i < n; i++)
		*w++ = aux[i];
	rt_memset(argp, 0, (size_t)(argc + envc) * 8);
	st->sp = sp;
	return 0;
}

/* ---- the process's identity ---- */

static int parse_hex(const char **s, unsigned long *v)
{
	const char *p = *s;
	unsigned long x = 0;
	int any = 0;
	for (;; p++, any = 1) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			break;
		x = x * 16 + (unsigned long)d;
	}
	*s = p;
	*v = x;
	return any ? 0 : -1;
}

/* The kernel lets /proc/self/exe change only when no mapping of the old
 * file is left: the launcher's image (still running, and the runtime's code
 * lives in it) is replaced by an anonymous copy of itself at the same
 * addresses -- the same bytes, so the code executing the replacement runs
 * on.  Returns 0 when done. */
static int anonymize_self(void)
{
	struct stat self;
	if (pv_k4(SYS_newfstatat, AT_FDCWD, "/proc/self/exe", &self, 0) < 0)
		return -1;
	unsigned long want_major = ((self.st_dev >> 8) & 0xfff) | ((self.st_dev >> 32) & ~0xfffUL);
	unsigned long want_minor = (self.st_dev & 0xff) | ((self.st_dev >> 12) & ~0xffUL);
	size_t cap = 1UL << 20;
	long m = pv_k6(SYS_mmap, 0, cap, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pv_is_error(m))
		return -1;
	char *buf = (char *)m;
	size_t len = 0;
	long fd = pv_k4(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC, 0);
	if (fd >= 0) {
		long n;
		while (len < cap - 1 && (n = pv_k3(SYS_read, fd, buf + len, cap - 1 - len)) > 0)
			len += (size_t)n;
		pv_k1(SYS_close, fd);
	}
	buf[len] = 0;
	struct {
		unsigned long lo, hi;
		int prot;
	} regions[32];
	int nr = 0;
	for (const char *line = buf; *line && nr < (int)PV_ARRAY_SIZE(regions);) {
		const char *s = line;
		unsigned long lo, hi, off, major, minor, ino = 0;
		int ok = parse_hex(&s, &lo) == 0 && *s++ == '-' &&
			 parse_hex(&s, &hi) == 0 && *s++ == ' ';
		char perms[4] = { 0 };
		for (int i = 0; ok && i < 4; i++)
			perms[i] = *s++;
		ok = ok && *s++ == ' ' && parse_hex(&s, &off) == 0 && *s++ == ' ' &&
		     parse_hex(&s, &major) == 0 && *s++ == ':' &&
		     parse_hex(&s, &minor) == 0 && *s++ == ' ';
		while (ok && *s >= '0' && *s <= '9')
			ino = ino * 10 + (unsigned long)(*s++ - '0');
		if (ok && ino == self.st_ino && major == want_major && minor == want_minor) {
			regions[nr].lo = lo;
			regions[nr].hi = hi;
			regions[nr].prot = (perms[0] == 'r' ? PROT_READ : 0) |
					   (perms[1] == 'w' ? PROT_WRITE : 0) |
					   (perms[2] == 'x' ? PROT_EXEC : 0);
			nr++;
		}
		const char *nl = rt_strchr(line, '\n');
		line = nl ? nl + 1 : line + rt_strlen(line);
	}
	pv_k2(SYS_munmap, m, cap);
	if (!nr || nr == (int)PV_ARRAY_SIZE(regions))
		return -1;
	for (int i = 0; i < nr; i++) {
		unsigned long lo = regions[i].lo, size = regions[i].hi - lo;
		if (!(regions[i].prot & PROT_READ)) {
			long r = pv_k6(SYS_mmap, lo, size, PROT_NONE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			if (pv_is_error(r))
				return -1;
			continue;
		}
		long c = pv_k6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (pv_is_error(c))
			return -1;
		if (rt_peek((void *)c, (void *)lo, size) != (long)size ||
		    pv_k3(SYS_mprotect, c, size, regions[i].prot) < 0 ||
		    pv_is_error(pv_k5(SYS_mremap, c, size, size,
				      MREMAP_MAYMOVE | MREMAP_FIXED, lo))) {
			pv_k2(SYS_munmap, c, size);
			return -1;
		}
	}
	return 0;
}

/* What the kernel shows of the process image -- /proc/self/cmdline,
 * environ, auxv, stat, the [stack] and [heap] labels, /proc/self/exe --
 * is set for the program.  Needs CONFIG_CHECKPOINT_RESTORE; a new exe
 * needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN as well.  Whatever the
 * kernel refuses stays the launcher's. */
static void set_mm(const struct stack *st)
{
	const struct image *img = &L.prog;
	struct prctl_mm_map map = {
		.start_code = img->start_code,
		.end_code = img->end_code,
		.start_data = img->start_data,
		.end_data = img->end_data,
		.start_brk = L.brk,
		.brk = L.brk,
		.start_stack = st->sp,
		.arg_start = st->arg_start,
		.arg_end = st->arg_end,
		.env_start = st->env_start,
		.env_end = st->env_end,
		.auxv = (__u64 *)st->auxv,
		.auxv_size = (__u32)(st->auxv_words * 8),
		.exe_fd = (__u32)L.fd,
	};
	if (map.start_data > map.end_data) /* a last segment all bss */
		map.end_data = map.start_data;
	if (map.start_code >= map.end_code) { /* no code segment: make it valid */
		map.start_code = img->lo;
		map.end_code = img->lo + PAGE;
	}
	long r = pv_k5(SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, &map, sizeof map, 0);
	if (r == -EBUSY && anonymize_self() == 0)
		r = pv_k5(SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, &map, sizeof map, 0);
	if (r < 0) {
		map.exe_fd = (__u32)-1;
		pv_k5(SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, &map, sizeof map, 0);
	}
}

/* The launcher's libc registered rseq for this thread, and a thread has
 * only one registration: the program's libc must find none, as after
 * exec.  The area lives at glibc's __rseq_offset from the thread pointer. */
extern const long __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

static void unregister_rseq(void)
{
	if (!&__rseq_offset || !&__rseq_size || !__rseq_size)
		return;
	unsigned long tp;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(tp));
	void *area = (void *)(tp + (unsigned long)__rseq_offset);
	/* the registered length: 32 before glibc 2.40, __rseq_size since */
	if (pv_k4(SYS_rseq, area, 32, 1 /* RSEQ_FLAG_UNREGISTER */, RSEQ_SIG_X86) < 0)
		pv_k4(SYS_rseq, area, __rseq_size, 1, RSEQ_SIG_X86);
}

static void set_name(const char *execfn)
{
	const char *base = execfn;
	for (const char *p = execfn; *p; p++)
		if (*p == '/')
			base = p + 1;
	char comm[16];
	size_t n = rt_strnlen(base, sizeof comm - 1);
	rt_memcpy(comm, base, n);
	comm[n] = 0;
	pv_k2(SYS_prctl, PR_SET_NAME, comm);
}

static int cpu_has_avx(void)
{
	unsigned a = 1, b, c, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d) : "c"(0));
	if (!(c & (1u << 27)) || !(c & (1u << 28))) /* OSXSAVE, AVX */
		return 0;
	unsigned lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

/* Exec leaves every register zero but rsp (at argc) and rip, the FPU and
 * vector state at its initial values and rflags with only IF set. */
__attribute__((noreturn)) static void jump(unsigned long sp, unsigned long entry,
					   int avx)
{
	__asm__ volatile(
		"mov %0, %%rsp\n\t"
		"push %1\n\t"
		"test %2, %2\n\t"
		"jz 1f\n\t"
		"vzeroall\n\t"
		"1:\n\t"
		"fninit\n\t"
		"pushq $0x1f80\n\t"
		"ldmxcsr (%%rsp)\n\t"
		"popq %%rax\n\t"
		"pxor %%xmm0, %%xmm0\n\t"
		"pxor %%xmm1, %%xmm1\n\t"
		"pxor %%xmm2, %%xmm2\n\t"
		"pxor %%xmm3, %%xmm3\n\t"
		"pxor %%xmm4, %%xmm4\n\t"
		"pxor %%xmm5, %%xmm5\n\t"
		"pxor %%xmm6, %%xmm6\n\t"
		"pxor %%xmm7, %%xmm7\n\t"
		"pxor %%xmm8, %%xmm8\n\t"
		"pxor %%xmm9, %%xmm9\n\t"
		"pxor %%xmm10, %%xmm10\n\t"
		"pxor %%xmm11, %%xmm11\n\t"
		"pxor %%xmm12, %%xmm12\n\t"
		"pxor %%xmm13, %%xmm13\n\t"
		"pxor %%xmm14, %%xmm14\n\t"
		"pxor %%xmm15, %%xmm15\n\t"
		"xor %%eax, %%eax\n\t"
		"xor %%ebx, %%ebx\n\t"
		"xor %%ecx, %%ecx\n\t"
		"xor %%edx, %%edx\n\t"
		"xor %%esi, %%esi\n\t"
		"xor %%edi, %%edi\n\t"
		"xor %%ebp, %%ebp\n\t"
		"xor %%r8d, %%r8d\n\t"
		"xor %%r9d, %%r9d\n\t"
		"xor %%r10d, %%r10d\n\t"
		"xor %%r11d, %%r11d\n\t"
		"xor %%r12d, %%r12d\n\t"
		"xor %%r13d, %%r13d\n\t"
		"xor %%r14d, %%r14d\n\t"
		"xor %%r15d, %%r15d\n\t"
		"pushq $0x202\n\t"
		"popfq\n\t"
		"ret\n\t"
		:
		: "r"(sp), "r"(entry), "r"(avx)
		: "memory");
	__builtin_unreachable();
}

void pv_loader_enter(const char *execfn, int argc, char *const argv[],
		     char *const envp[])
{
	static char *const empty_argv[] = { "", NULL };
	if (argc == 0) { /* the kernel gives such a program argv = { "" } */
		argv = empty_argv;
		argc = 1;
	}
	int envc = 0;
	while (envp && envp[envc])
		envc++;
	struct stack st = { 0 };
	long r = build_stack(&st, execfn, argc, argv, envc, envp);
	if (r < 0) {
		rt_diag(2, "%s: cannot make its stack: %s", execfn, errtext(r));
		pv_k1(SYS_exit_group, 126);
	}
	set_mm(&st);
	unregister_rseq();
	set_name(execfn);
	int avx = cpu_has_avx();
	/* From here on every `syscall` outside the runtime traps: nothing
	 * of libc may run. */
	r = pv_set_mode(PV_MODE_SUD);
	if (r < 0) {
		rt_diag(2, "%s: cannot start syscall user dispatch: %s", execfn,
			errtext(r));
		pv_k1(SYS_exit_group, 126);
	}
	/* The program sets its own thread pointer; until then it has none,
	 * as after exec. */
	pv_k2(SYS_arch_prctl, ARCH_SET_FS, 0);
	jump(st.sp, L.has_interp ? L.interp.entry : L.prog.entry, avx);
}

/* ---- the public interface: a launcher of one's own ---- */

static struct {
	const char *execfn;
	int argc;
	char *const *argv;
	char *const *envp;
	int loaded;
} P;

PV_EXPORT int pv_load_program(const char *path, char *const argv[],
			      char *const envp[], char *err, unsigned long errlen)
{
	char dummy[8];
	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof dummy;
	}
	if (P.loaded) {
		rt_reason(err, errlen, "a program is loaded already", 0, 0);
		return -EBUSY;
	}
	long r = pv_k3(SYS_faccessat, AT_FDCWD, path, X_OK);
	if (r < 0) {
		rt_reason(err, errlen, errtext(r), 0, 0);
		return (int)r;
	}
	struct pv_exec_target t;
	pv_exec_inspect(AT_FDCWD, path, 0, &t);
	if (t.kind == PV_EXEC_KERNEL) {
		rt_reason(err, errlen, t.why ? t.why : "cannot execute it", 0, 0);
		return -ENOEXEC;
	}
	int argc = 0;
	while (argv && argv[argc])
		argc++;
	char **args = (char **)argv;
	if (t.script) { /* interpreter, its argument, the script, argv[1..] */
		args = rt_alloc((size_t)(argc + 4) * sizeof(char *));
		char *interp = rt_strdup(t.interp);
		char *arg = t.interp_arg ? rt_strdup(t.interp_arg) : NULL;
		if (!args || !interp || (t.interp_arg && !arg)) {
			pv_k1(SYS_close, t.fd);
			rt_reason(err, errlen, errtext(-ENOMEM), 0, 0);
			return -ENOMEM;
		}
		int k = 0;
		args[k++] = interp;
		if (arg)
			args[k++] = arg;
		args[k++] = (char *)path;
		for (int i = 1; i < argc; i++)
			args[k++] = argv[i];
		args[k] = NULL;
		argc = k;
	}
	r = pv_loader_map(t.fd, err, errlen);
	if (r < 0) {
		pv_k1(SYS_close, t.fd);
		return (int)r;
	}
	pv_runtime_start(argc, args, (char **)envp);
	pv_loader_host(path, envp);
	P.execfn = path;
	P.argc = argc;
	P.argv = args;
	P.envp = envp;
	P.loaded = 1;
	return 0;
}

PV_EXPORT void pv_start_program(void)
{
	if (!P.loaded) {
		rt_diag(2, "pv_start_program: no program loaded");
		pv_k1(SYS_exit_group, 127);
	}
	pv_loader_enter(P.execfn, P.argc, P.argv, P.envp);
}
