/* runtime.c - starting the runtime, the mode, and what the runtime owns in
 * the process: its descriptors, its output, its shared memory and the
 * settings it carries across exec.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

enum pv_mode pv_mode_current = PV_MODE_LIBC;
int pv_entry_fast;

static void update_entry_fast(void)
{
	pv_entry_fast = pv_started && pv_have_fsgsbase &&
			pv_mode_current != PV_MODE_SUD;
}
static long inherited_shm_fd = -1;
static struct pv_start_info start_info;
int pv_started;
void pv_vdso_init(unsigned long at_sysinfo_ehdr);

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

static void read_auxv(void)
{
	unsigned long aux[128];
	long fd = pv_k4(SYS_openat, AT_FDCWD, "/proc/self/auxv", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return;
	long n = pv_k3(SYS_read, fd, aux, sizeof aux);
	pv_k1(SYS_close, fd);
	for (long i = 0; i + 1 < n / 8; i += 2) {
		if (aux[i] == AT_HWCAP2 && (aux[i + 1] & HWCAP2_FSGSBASE))
			pv_have_fsgsbase = 1;
		else if (aux[i] == AT_SYSINFO_EHDR)
			pv_vdso_init(aux[i + 1]);
		else if (aux[i] == AT_EXECFN)
			start_info.execfn = (const char *)aux[i + 1];
	}
}


const struct pv_start_info *pv_start_info(void) { return &start_info; }

void pv_start_info_set(const char *execfn, int nenv)
{
	if (execfn)
		start_info.execfn = execfn;
	if (nenv >= 0)
		start_info.nenv = nenv;
}

/* The runtime may start on its first use -- a wrapper called from another
 * library's constructor before ours ran -- and learn the process's arguments
 * only later: each part happens once, when it can. */
void pv_runtime_start(int argc, char **argv, char **envp)
{
	if (envp && !start_info.envp) {
		start_info.argc = argc;
		start_info.argv = argv;
		start_info.envp = envp;
		while (envp[start_info.nenv])
			start_info.nenv++;
		const char *v = rt_getenv(envp, "PUREVIRT_SHM_FD");
		if (!v || rt_parse_long(v, 10, &inherited_shm_fd) < 0)
			inherited_shm_fd = -1;
	}
	if (pv_started)
		return;
	pv_started = 1;
	read_auxv();
	struct pv_thread *t = pv_thread_alloc();
	if (!t) {
		rt_diag(2, "cannot allocate the main thread's block");
		pv_k1(SYS_exit_group, 127);
	}
	t->tid = (int)pv_k0(SYS_gettid);
	pv_thread_set(t);
	if (!start_info.envp || !rt_getenv(start_info.envp, "PUREVIRT_LAYERS"))
		pv_signals_wrap_existing(); /* an application starting us itself */
	update_entry_fast();
}

PV_EXPORT int pv_set_mode(enum pv_mode mode)
{
	if (mode != PV_MODE_LIBC && mode != PV_MODE_SUD && mode != PV_MODE_HYBRID)
		return -EINVAL;
	pv_runtime_start(0, NULL, NULL);
	if (mode != PV_MODE_LIBC) {
		int r = pv_trap_install();
		if (!r)
			r = pv_trap_arm(pv_self());
		if (r)
			return r;
	}
	pv_mode_current = mode;
	update_entry_fast();
	return 0;
}

PV_EXPORT enum pv_mode pv_get_mode(void) { return pv_mode_current; }

/* ---- descriptors the runtime owns ---- */

struct runtime_fd {
	int fd;
	const char *env; /* NULL: not handed on across exec */
};
static struct runtime_fd fds[8];
static int nfds;
static int output_fd = 2, output_is_file;

int pv_output_fd(void) { return output_fd; }
int pv_output_is_file(void) { return output_is_file; }
void pv_set_output_fd(int fd, int is_file)
{
	output_fd = fd;
	output_is_file = is_file;
}

/* High, out of the way of programs that count on getting 3, 4, ... and of
 * shells that keep their scripts at 255. */
static int high_fd_base(void)
{
	struct rlimit rl;
	if (pv_k2(SYS_getrlimit, RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur < 512)
		return 300;
	return rl.rlim_cur > 1024 ? 1000 : (int)rl.rlim_cur - 64;
}

int pv_runtime_fd_is(int fd)
{
	for (int i = 0; i < nfds; i++)
		if (fds[i].fd == fd)
			return 1;
	return 0;
}

int pv_runtime_fd(int fd, const char *envname)
{
	if (nfds == (int)PV_ARRAY_SIZE(fds))
		return -EMFILE;
	long nfd = fd;
	if (fd < high_fd_base()) {
		nfd = pv_k3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, high_fd_base());
		if (nfd < 0)
			return (int)nfd;
		pv_k1(SYS_close, fd);
	} else {
		pv_k3(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	}
	if (fd == output_fd)
		output_fd = (int)nfd;
	fds[nfds].fd = (int)nfd;
	fds[nfds].env = envname;
	nfds++;
	return (int)nfd;
}

/* The program wants `fd` for itself (dup2 onto it): ours moves away. */
static long move_away(int fd)
{
	for (int i = 0; i < nfds; i++) {
		if (fds[i].fd != fd)
			continue;
		long nfd = pv_k3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, high_fd_base());
		if (nfd < 0)
			return nfd;
		if (output_fd == fd)
			output_fd = (int)nfd;
		fds[i].fd = (int)nfd;
	}
	return 0;
}

/* close_range over [first, last] without the runtime's own descriptors: the
 * ranges between them, one call each (UNSHARE only on the first). */
static long close_range_around(unsigned first, unsigned last, unsigned flags)
{
	unsigned lo = first;
	for (;;) {
		unsigned stop = last;
		int ours = 0;
		for (int i = 0; i < nfds; i++) {
			unsigned fd = (unsigned)fds[i].fd;
			if (fd >= lo && fd <= stop) {
				stop = fd;
				ours = 1;
			}
		}
		if (!ours)
			return pv_k3(SYS_close_range, lo, last, flags);
		long r = 0;
		if (stop > lo)
			r = pv_k3(SYS_close_range, lo, stop - 1, flags);
		if (r < 0 || stop == last)
			return r;
		lo = stop + 1;
		flags &= ~(unsigned)CLOSE_RANGE_UNSHARE;
	}
}

long pv_sys_fd_guard(struct pv_syscall *call)
{
	int a = (int)call->arg[0], b = (int)call->arg[1];
	switch (call->nr) {
	case SYS_close:
		return pv_runtime_fd_is(a) ? -EBADF : pv_execute(call);
	case SYS_dup2:
	case SYS_dup3:
		if (pv_runtime_fd_is(a))
			return -EBADF; /* not open, as far as the program knows */
		if (pv_runtime_fd_is(b) && a != b) {
			long r = move_away(b);
			if (r < 0)
				return r;
		}
		return pv_raw(call);
	case SYS_close_range:
		if ((unsigned)a > (unsigned)b)
			return pv_raw(call);
		return close_range_around((unsigned)a, (unsigned)b,
					  (unsigned)call->arg[2]);
	}
	return pv_raw(call);
}

void pv_runtime_fds_inherit(int on)
{
	for (int i = 0; i < nfds; i++)
		if (fds[i].env)
			pv_k3(SYS_fcntl, fds[i].fd, F_SETFD, on ? 0 : FD_CLOEXEC);
}

/* ---- settings carried across exec ---- */

static const char *settings[16];
static int nsettings;
static char settings_space[4096];
static size_t settings_used;

void pv_exec_setting(const char *name, const char *value)
{
	size_t need = rt_strlen(name) + rt_strlen(value) + 2;
	if (nsettings == (int)PV_ARRAY_SIZE(settings) ||
	    settings_used + need > sizeof settings_space)
		return;
	struct rt_buf b = { .p = settings_space + settings_used, .cap = need };
	rt_puts(&b, name);
	rt_putc(&b, '=');
	rt_puts(&b, value);
	rt_putc(&b, 0);
	settings[nsettings++] = b.p;
	settings_used += need;
}

int pv_exec_env(char **out, int max, char *scratch, size_t len)
{
	int n = 0;
	for (int i = 0; i < nsettings && n < max; i++)
		out[n++] = (char *)settings[i];
	struct rt_buf b = { .p = scratch, .cap = len };
	for (int i = 0; i < nfds && n < max; i++) {
		if (!fds[i].env)
			continue;
		size_t start = b.len;
		rt_puts(&b, fds[i].env);
		rt_putc(&b, '=');
		rt_putdec(&b, fds[i].fd);
		rt_putc(&b, 0);
		if (b.overflow)
			break;
		out[n++] = scratch + start;
	}
	return n;
}

/* ---- memory shared by the whole run ---- */

#define SHM_SIZE (64UL << 20)
#define SHM_MAGIC 0x70757276u /* "purv" */
#define SHM_KEYS 64

struct shm_header {
	unsigned magic;
	_Atomic int lock;
	unsigned long used;
	struct {
		char key[48];
		unsigned long off, size;
	} dir[SHM_KEYS];
};

static struct shm_header *shm;

static struct shm_header *shm_map(void)
{
	if (shm)
		return shm;
	long fd, r;
	if (inherited_shm_fd >= 0 &&
	    pv_k3(SYS_fcntl, inherited_shm_fd, F_GETFD, 0) >= 0) {
		fd = inherited_shm_fd; /* handed on across exec */
	} else {
		fd = pv_k2(SYS_memfd_create, "purevirt", MFD_CLOEXEC);
		if (fd < 0)
			return NULL;
		if (pv_k2(SYS_ftruncate, fd, SHM_SIZE) < 0) {
			pv_k1(SYS_close, fd);
			return NULL;
		}
	}
	r = pv_k6(SYS_mmap, 0, SHM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pv_is_error(r))
		return NULL;
	if (pv_runtime_fd((int)fd, "PUREVIRT_SHM_FD") < 0)
		return NULL;
	shm = (struct shm_header *)r;
	if (shm->magic != SHM_MAGIC) {
		shm->used = (sizeof *shm + 4095) & ~4095UL;
		shm->magic = SHM_MAGIC;
	}
	return shm;
}

void *pv_shared(const char *key, size_t size)
{
	struct shm_header *h = shm_map();
	if (!h || rt_strlen(key) >= sizeof h->dir[0].key)
		return NULL;
	int idle = 0;
	while (!atomic_compare_exchange_weak(&h->lock, &idle, 1))
		idle = 0;
	void *found = NULL;
	int i;
	for (i = 0; i < SHM_KEYS && h->dir[i].key[0]; i++)
		if (!rt_strcmp(h->dir[i].key, key)) {
			found = (char *)h + h->dir[i].off;
			break;
		}
	size = (size + 63) & ~63UL;
	if (!found && i < SHM_KEYS && h->used + size <= SHM_SIZE) {
		rt_memcpy(h->dir[i].key, key, rt_strlen(key) + 1);
		h->dir[i].off = h->used;
		h->dir[i].size = size;
		h->used += size;
		found = (char *)h + h->dir[i].off;
	}
	atomic_store(&h->lock, 0);
	return found;
}
