/* exec.c - execve and execveat keep the new program under the same layers.
 *
 * The program may have cleaned its environment (env -i) or dropped
 * LD_PRELOAD.  The runtime rebuilds the environment the kernel gets: the
 * program's variables, minus any stale PUREVIRT_* settings, plus the run's
 * settings and the descriptors it hands on, with libpurevirt first in
 * LD_PRELOAD and the program's own preloads after it.
 *
 * LD_PRELOAD cannot enter a statically linked program.  When the runtime
 * knows the launcher (the purevirt command), an exec of a static executable
 * -- or of a #! script whose interpreter is one -- becomes an exec of the
 * launcher, which loads the target into its own process under the layers.
 * The target's argv and environment travel unchanged: the launcher's own
 * arguments go in front of them, and the variables that would steer the
 * launcher's dynamic loader (LD_*, GLIBC_TUNABLES) travel renamed to
 * PUREVIRT_PROG_<name> in their place, and get their names back in the
 * loaded program.  The file the launcher loads is the one inspected here:
 * it is handed over as an open descriptor.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#define MAX_ENV (1 << 20)
#define PRELOAD_MAX 4096
#define PAGE 4096UL
#define ST_NOEXEC_FLAG 8 /* statfs f_flags: mounted noexec */
#define BINPRM_BUF 256   /* what the kernel reads of a file to recognise it */
#define RENAMED "PUREVIRT_PROG_"
#define PV_PATH_BUF 4096

static const char *preload_path; /* LD_PRELOAD entry naming libpurevirt */
static const char *launcher_path;
static int launcher_from_start;

void pv_exec_set_preload(const char *path) { preload_path = path; }

void pv_exec_set_launcher(const char *path, int from_start)
{
	launcher_path = path && *path == '/' ? path : NULL;
	launcher_from_start = from_start;
}

/* Counts a NULL-terminated array of pointers in program memory. */
static long count_vector(char *const *v)
{
	void *chunk[512];
	for (long n = 0; n < MAX_ENV; n += 512) {
		long k = rt_peek_vector(chunk, (void *const *)(v + n), 512);
		if (k >= 0)
			return n + k;
		if (k != -E2BIG)
			break;
	}
	return -EFAULT;
}

/* The i-th variable of the program's environment, with its first bytes in
 * head; NULL for one the new image does not get: unreadable (the kernel
 * would fault on it) or a stale setting of ours. */
static char *program_variable(char *const *uenv, long i, char *head,
			      size_t cap)
{
	char *p;
	if (rt_peek(&p, uenv + i, sizeof p) < 0 || rt_peek_str(head, p, cap) < 0)
		return NULL;
	return rt_startswith(head, "PUREVIRT_") ? NULL : p;
}

/* Appends to out the colon-separated entries of list other than ours.  The
 * first gets no colon before it: out ends with "ours:" already. */
static void append_other_preloads(struct rt_buf *out, const char *list)
{
	int first = 1;
	while (*list) {
		const char *end = rt_strchr(list, ':');
		size_t n = end ? (size_t)(end - list) : rt_strlen(list);
		if (n && !(preload_path && rt_strlen(preload_path) == n &&
			   !rt_strncmp(list, preload_path, n))) {
			if (!first)
				rt_putc(out, ':');
			rt_putn(out, list, n);
			first = 0;
		}
		list += n + (end ? 1 : 0);
	}
}

/* ---- what a file is, before the kernel sees it ---- */

static const char *machine_name(unsigned m)
{
	static const struct {
		unsigned short nr;
		const char *name;
	} names[] = {
		{ EM_386, "i386" },       { EM_X86_64, "x86-64" },
		{ EM_AARCH64, "AArch64" }, { EM_ARM, "ARM" },
		{ EM_RISCV, "RISC-V" },   { EM_PPC64, "PowerPC64" },
		{ EM_PPC, "PowerPC" },    { EM_S390, "S/390" },
		{ EM_MIPS, "MIPS" },      { EM_SPARCV9, "SPARC64" },
		{ EM_LOONGARCH, "LoongArch" },
	};
	for (size_t i = 0; i < PV_ARRAY_SIZE(names); i++)
		if (names[i].nr == m)
			return names[i].name;
	return "an unknown machine";
}

static long pread_all(int fd, void *buf, size_t len, unsigned long off)
{
	return pv_k4(SYS_pread64, fd, buf, len, off);
}

int pv_elf_read(int fd, struct pv_elf *e, const char **why)
{
	*why = "truncated ELF file";
	rt_memset(e, 0, sizeof *e);
	e->interp = -1;
	long n = pread_all(fd, &e->eh, sizeof e->eh, 0);
	if (n < 0) {
		*why = "cannot read it";
		return (int)n;
	}
	const unsigned char *id = e->eh.e_ident;
	if (n < SELFMAG || rt_memcmp(id, ELFMAG, SELFMAG)) {
		*why = "not an ELF executable or a #! script";
		return -ENOEXEC;
	}
	if (n < 20) /* e_machine: the same place in every class */
		return -ENOEXEC;
	/* binfmt_elf's test: the machine, read in our byte order; it looks
	 * at neither the class nor the data encoding */
	static char other[80];
	if (e->eh.e_machine != EM_X86_64) {
		/* a reason that names the machine; static: this runs in the
		 * launcher before the program or in a failing exec, once */
		struct rt_buf b = RT_BUF(other);
		unsigned m = id[EI_DATA] == ELFDATA2MSB
				     ? (unsigned)((e->eh.e_machine >> 8) |
						  ((e->eh.e_machine & 0xff) << 8))
				     : e->eh.e_machine;
		rt_puts(&b, "ELF for another architecture (");
		rt_puts(&b, machine_name(m));
		rt_puts(&b, ")");
		rt_putc(&b, 0);
		other[sizeof other - 1] = 0;
		*why = other;
		return -ENOEXEC;
	}
	if (n < (long)sizeof e->eh)
		return -ENOEXEC;
	if (e->eh.e_type != ET_EXEC && e->eh.e_type != ET_DYN) {
		*why = e->eh.e_type == ET_REL	   ? "not an executable: a relocatable object"
		       : e->eh.e_type == ET_CORE ? "not an executable: a core dump"
						 : "not an executable ELF file";
		return -ENOEXEC;
	}
	if (e->eh.e_phentsize != sizeof(Elf64_Phdr) || !e->eh.e_phnum) {
		*why = "malformed ELF file (program headers)";
		return -ENOEXEC;
	}
	if (e->eh.e_phnum > PV_ELF_MAX_PHDR) {
		*why = "too many program headers";
		return -ENOEXEC;
	}
	struct stat st;
	long r = pv_k2(SYS_fstat, fd, &st);
	if (r < 0) {
		*why = "cannot read it";
		return (int)r;
	}
	e->size = (unsigned long)st.st_size;
	size_t phsize = (size_t)e->eh.e_phnum * sizeof(Elf64_Phdr);
	if (e->eh.e_phoff > e->size || phsize > e->size - e->eh.e_phoff)
		return -ENOEXEC;
	n = pread_all(fd, e->ph, phsize, e->eh.e_phoff);
	if (n != (long)phsize)
		return n < 0 ? (int)n : -ENOEXEC;
	int loads = 0;
	for (int i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		if (p->p_type != PT_LOAD && p->p_type != PT_INTERP)
			continue;
		if (p->p_offset > e->size || p->p_filesz > e->size - p->p_offset)
			return -ENOEXEC; /* truncated */
		if (p->p_type == PT_INTERP) {
			if (e->interp < 0)
				e->interp = i;
			if (p->p_filesz < 2 || p->p_filesz > 4096) {
				*why = "malformed ELF file (dynamic loader name)";
				return -ENOEXEC;
			}
			continue;
		}
		loads++;
		if (p->p_filesz > p->p_memsz ||
		    ((p->p_vaddr - p->p_offset) & (PAGE - 1)) ||
		    p->p_vaddr + p->p_memsz < p->p_vaddr ||
		    p->p_vaddr + p->p_memsz > 0x7ffffffff000UL) {
			*why = "malformed ELF file (a segment cannot be mapped)";
			return -ENOEXEC;
		}
	}
	if (!loads) {
		*why = "malformed ELF file (nothing to load)";
		return -ENOEXEC;
	}
	*why = NULL;
	return 0;
}

/* Opens what exec would open, only if exec would accept it: a regular file
 * the caller may execute, not on a noexec mount.  Anything else is the
 * kernel's to refuse, with its own error. */
static int open_exec(int dirfd, const char *path, int at_flags)
{
	long fd;
	int empty = (at_flags & AT_EMPTY_PATH) && !*path;
	int nofollow = (at_flags & AT_SYMLINK_NOFOLLOW) != 0;
	long r = pv_k4(SYS_faccessat2, dirfd, path, X_OK,
		       AT_EACCESS | (empty ? AT_EMPTY_PATH : 0) |
			       (nofollow ? AT_SYMLINK_NOFOLLOW : 0));
	if (r == -ENOSYS && !empty)
		r = pv_k3(SYS_faccessat, dirfd, path, X_OK);
	if (r < 0)
		return -1;
	if (empty)
		fd = pv_k3(SYS_fcntl, dirfd, F_DUPFD_CLOEXEC, 0);
	else
		fd = pv_k4(SYS_openat, dirfd, path,
			   O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return -1;
	struct stat st;
	struct statfs sf;
	if (pv_k2(SYS_fstat, fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    pv_k2(SYS_fstatfs, fd, &sf) < 0 || (sf.f_flags & ST_NOEXEC_FLAG)) {
		pv_k1(SYS_close, fd);
		return -1;
	}
	return (int)fd;
}

static int is_spacetab(char c) { return c == ' ' || c == '\t'; }

/* The #! line as the kernel reads it: the interpreter, and everything after
 * it on the line (trimmed) as one optional argument.  0, or -1 when the
 * line is not one the kernel would take. */
static int parse_script(const char *buf, long n, struct pv_exec_target *t)
{
	const char *end = NULL;
	for (long i = 2; i < n; i++)
		if (buf[i] == '\n') {
			end = buf + i;
			break;
		}
	if (!end)
		return -1; /* a line longer than the kernel reads: its call */
	const char *p = buf + 2;
	while (p < end && is_spacetab(*p))
		p++;
	while (end > p && is_spacetab(end[-1]))
		end--;
	const char *name_end = p;
	while (name_end < end && !is_spacetab(*name_end) && *name_end)
		name_end++;
	if (name_end == p || (size_t)(end - p) >= sizeof t->interp)
		return -1;
	size_t len = (size_t)(end - p);
	rt_memcpy(t->interp, p, len);
	t->interp[len] = 0;
	size_t nlen = (size_t)(name_end - p);
	t->interp[nlen] = 0;
	t->interp_arg = NULL;
	if (nlen < len && *name_end) {
		char *a = t->interp + nlen + 1;
		while (*a && is_spacetab(*a))
			a++;
		if (*a)
			t->interp_arg = a;
	}
	t->script = 1;
	return 0;
}

/* Room for the work of an inspection, off the stack: the call may come
 * from a signal handler running on a small one. */
struct inspect_work {
	char path[PV_PATH_BUF];
	char head[BINPRM_BUF];
	struct pv_elf elf;
};

/* ELF file on fd: its kind, or KERNEL with the reason it would fail. */
static enum pv_exec_kind elf_kind(int fd, struct pv_elf *e, const char **why)
{
	if (pv_elf_read(fd, e, why) < 0)
		return PV_EXEC_KERNEL;
	return e->interp >= 0 ? PV_EXEC_DYNAMIC : PV_EXEC_STATIC;
}

void pv_exec_inspect(int dirfd, const char *upath, int at_flags,
		     struct pv_exec_target *t)
{
	t->kind = PV_EXEC_KERNEL;
	t->fd = -1;
	t->why = NULL;
	t->script = 0;
	t->interp[0] = 0;
	t->interp_arg = NULL;
	long m = pv_k6(SYS_mmap, 0, sizeof(struct inspect_work),
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pv_is_error(m))
		return;
	struct inspect_work *w = (struct inspect_work *)m;
	long len = rt_peek_str(w->path, upath, sizeof w->path);
	int fd = -1;
	if (len < 0 || len >= (long)sizeof w->path)
		goto out;
	fd = open_exec(dirfd, w->path, at_flags);
	if (fd < 0)
		goto out;
	long n = pread_all(fd, w->head, sizeof w->head, 0);
	if (n >= 2 && w->head[0] == '#' && w->head[1] == '!') {
		pv_k1(SYS_close, fd);
		fd = -1;
		if (parse_script(w->head, n, t) < 0)
			goto out;
		/* one level: an interpreter that is a script is the kernel's */
		fd = open_exec(AT_FDCWD, t->interp, 0);
		if (fd < 0)
			goto out;
		const char *ignored;
		t->kind = elf_kind(fd, &w->elf, &ignored);
	} else {
		t->kind = elf_kind(fd, &w->elf, &t->why);
	}
	if (t->kind != PV_EXEC_KERNEL) {
		t->fd = fd;
		fd = -1;
	}
out:
	if (fd >= 0)
		pv_k1(SYS_close, fd);
	pv_k2(SYS_munmap, m, sizeof(struct inspect_work));
}

/* ---- exec through the launcher ---- */

static int is_self_exe(const char *upath)
{
	char p[32];
	long n = rt_peek_str(p, upath, sizeof p);
	if (n <= 0 || n >= (long)sizeof p)
		return 0;
	if (!rt_strcmp(p, "/proc/self/exe") || !rt_strcmp(p, "/proc/thread-self/exe"))
		return 1;
	char mine[32];
	struct rt_buf b = RT_BUF(mine);
	rt_printf(&b, "/proc/%ld/exe", pv_k0(SYS_getpid));
	rt_putc(&b, 0);
	return !rt_strcmp(p, mine);
}

/* Allocation from one anonymous region that lives for the call. */
struct arena {
	char *p;
	size_t used, cap;
};

static char *arena_take(struct arena *a, size_t n)
{
	n = (n + 15) & ~15UL;
	if (n > a->cap - a->used)
		return NULL;
	char *r = a->p + a->used;
	a->used += n;
	return r;
}

static char *arena_str(struct arena *a, const char *s)
{
	size_t n = rt_strlen(s) + 1;
	char *d = arena_take(a, n);
	if (d)
		rt_memcpy(d, s, n);
	return d;
}

/* The variables a dynamic loader or glibc would act on in the launcher. */
static int steers_loader(const char *head)
{
	return rt_startswith(head, "LD_") || rt_startswith(head, "GLIBC_TUNABLES=");
}

#define ARENA_STRINGS (4UL << 20)

static long exec_launcher(struct pv_syscall *call, struct pv_exec_target *t,
			  const char *execfn_given)
{
	int at = call->nr == SYS_execveat;
	char *const *uargv = (char *const *)call->arg[at ? 2 : 1];
	char *const *uenv = (char *const *)call->arg[at ? 3 : 2];
	long nargv = uargv ? count_vector(uargv) : 0;
	long nenv = uenv ? count_vector(uenv) : 0;
	if (nargv < 0 || nenv < 0) {
		pv_k1(SYS_close, t->fd);
		return -EFAULT;
	}
	char *extra[32];
	char scratch[1024];
	int nextra = pv_exec_env(extra, 32, scratch, sizeof scratch);
	size_t vectors = (size_t)(nargv + nenv + nextra + 16) * sizeof(char *);
	size_t bytes = vectors + ARENA_STRINGS;
	long m = pv_k6(SYS_mmap, 0, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pv_is_error(m)) {
		pv_k1(SYS_close, t->fd);
		return m;
	}
	char **argv = (char **)m;
	char **env = argv + nargv + 8;
	struct arena a = { .p = (char *)m + vectors, .cap = ARENA_STRINGS };
	long r = -E2BIG;

	/* The launcher's descriptor on the file: not close-on-exec, and
	 * closed by the launcher before the program runs. */
	long fd = pv_k3(SYS_fcntl, t->fd, F_DUPFD, 3);
	pv_k1(SYS_close, t->fd);
	if (fd < 0) {
		r = fd;
		goto out;
	}
	char num[24];
	struct rt_buf nb = RT_BUF(num);
	rt_putdec(&nb, fd);
	rt_putc(&nb, 0);

	/* AT_EXECFN, as the kernel would name the file */
	const char *execfn = execfn_given;
	if (at) {
		char head[2];
		long dirfd = call->arg[0];
		if (rt_peek(head, (void *)call->arg[1], 1) < 0)
			goto out;
		if (dirfd != AT_FDCWD && head[0] != '/') {
			char *s = arena_take(&a, PV_PATH_BUF + 32);
			char *path = arena_take(&a, PV_PATH_BUF);
			if (!s || !path ||
			    rt_peek_str(path, (void *)call->arg[1], PV_PATH_BUF) < 0)
				goto out;
			struct rt_buf b = { .p = s, .cap = PV_PATH_BUF + 32 };
			rt_printf(&b, "/dev/fd/%ld", dirfd);
			if (path[0]) {
				rt_putc(&b, '/');
				rt_puts(&b, path);
			}
			rt_putc(&b, 0);
			if (b.overflow)
				goto out;
			execfn = s;
		}
	}

	int k = 0;
	argv[k++] = (char *)launcher_path;
	argv[k++] = "--load";
	argv[k++] = arena_str(&a, num);
	argv[k++] = (char *)execfn;
	if (t->script) {
		/* what binfmt_script makes of it: interpreter, its argument,
		 * the script's name, then the arguments after argv[0] */
		argv[k++] = arena_str(&a, t->interp);
		if (t->interp_arg)
			argv[k++] = arena_str(&a, t->interp_arg);
		argv[k++] = (char *)execfn;
		for (long i = 1; i < nargv; i++)
			rt_peek(&argv[k++], uargv + i, sizeof(char *));
	} else {
		for (long i = 0; i < nargv; i++)
			rt_peek(&argv[k++], uargv + i, sizeof(char *));
	}
	argv[k] = NULL;
	for (int i = 0; i < k; i++)
		if (!argv[i])
			goto out; /* out of arena */

	int e = 0;
	for (long i = 0; i < nenv; i++) {
		char head[24], *p = program_variable(uenv, i, head, sizeof head);
		if (!p)
			continue;
		if (steers_loader(head)) {
			size_t pre = sizeof RENAMED - 1;
			char *s = arena_take(&a, 0);
			size_t room = a.cap - a.used;
			if (room <= pre)
				goto out;
			rt_memcpy(s, RENAMED, pre);
			long n = rt_peek_str(s + pre, p, room - pre);
			if (n < 0 || (size_t)n >= room - pre)
				goto out;
			arena_take(&a, pre + (size_t)n + 1);
			p = s;
		}
		env[e++] = p;
	}
	for (int i = 0; i < nextra; i++)
		env[e++] = extra[i];
	env[e] = NULL;

	pv_runtime_fds_inherit(1);
	r = pv_k3(SYS_execve, launcher_path, argv, env);
	pv_runtime_fds_inherit(0);
out:
	if (fd >= 0)
		pv_k1(SYS_close, fd);
	pv_k2(SYS_munmap, m, bytes);
	return r;
}

/* An exec that must go through the launcher: returns 1 and fills t. */
static int wants_launcher(struct pv_syscall *call, struct pv_exec_target *t)
{
	if (!launcher_path)
		return 0;
	int at = call->nr == SYS_execveat;
	const char *path = (const char *)call->arg[at ? 1 : 0];
	const struct pv_hosted *h = pv_hosted_program();
	if (h && h->exe_fd >= 0 && is_self_exe(path))
		/* /proc/self/exe may still name the launcher: the program
		 * means itself */
		pv_exec_inspect(h->exe_fd, "", AT_EMPTY_PATH, t);
	else
		pv_exec_inspect(at ? (int)call->arg[0] : AT_FDCWD, path,
				at ? (int)call->arg[4] : 0, t);
	if (t->kind == PV_EXEC_STATIC ||
	    (t->kind == PV_EXEC_DYNAMIC && launcher_from_start))
		return 1;
	if (t->fd >= 0)
		pv_k1(SYS_close, t->fd);
	return 0;
}

long pv_sys_execve(struct pv_syscall *call)
{
	struct pv_exec_target t;
	if (wants_launcher(call, &t))
		return exec_launcher(call, &t,
				     (const char *)call->arg[call->nr == SYS_execveat ? 1 : 0]);

	int ei = call->nr == SYS_execve ? 2 : 3;
	char *const *envp = (char *const *)call->arg[ei];
	long n = envp ? count_vector(envp) : 0;
	if (n < 0 || !preload_path)
		return pv_raw(call);

	char *extra[32];
	char scratch[1024];
	int nextra = pv_exec_env(extra, 32, scratch, sizeof scratch);
	size_t bytes = (size_t)(n + nextra + 2) * sizeof(char *) + 2 * PRELOAD_MAX + 16;
	long m = pv_k6(SYS_mmap, 0, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pv_is_error(m))
		return m;
	char **env = (char **)m;
	char *preload = (char *)(env + n + nextra + 2);
	char *value = preload + PRELOAD_MAX; /* off the stack: a handler may
						run on a small one */
	struct rt_buf pl = { .p = preload, .cap = PRELOAD_MAX };
	rt_puts(&pl, "LD_PRELOAD=");
	rt_puts(&pl, preload_path);

	/* LD_PRELOAD keeps its place in the environment (appended if the
	 * program had none): the program sees its variables in its order */
	int k = 0, at = -1;
	for (long i = 0; i < n; i++) {
		char head[16], *p = program_variable(envp, i, head, sizeof head);
		if (!p)
			continue;
		if (rt_startswith(head, "LD_PRELOAD=")) {
			/* "ours:" says the program had the variable, even
			 * empty: the new program gets it back as it was */
			if (at < 0) {
				rt_putc(&pl, ':');
				env[at = k++] = preload;
			}
			if (rt_peek_str(value, p, PRELOAD_MAX) > 0)
				append_other_preloads(&pl, value + 11);
			continue;
		}
		env[k++] = p;
	}
	rt_putc(&pl, 0);
	preload[PRELOAD_MAX - 1] = 0;
	if (at < 0)
		env[k++] = preload;
	for (int i = 0; i < nextra; i++)
		env[k++] = extra[i];
	env[k] = NULL;

	struct pv_syscall c = *call;
	c.arg[ei] = (long)env;
	pv_runtime_fds_inherit(1);
	long r = pv_raw(&c);
	pv_runtime_fds_inherit(0);
	pv_k2(SYS_munmap, m, bytes);
	return r;
}
