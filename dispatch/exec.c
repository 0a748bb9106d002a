/* exec.c - execve and execveat keep the new program under the same layers.
 *
 * The program may have cleaned its environment (env -i) or dropped
 * LD_PRELOAD.  The runtime rebuilds the environment the kernel gets: the
 * program's variables, minus any stale PUREVIRT_* settings, plus the run's
 * settings and the descriptors it hands on, with libpurevirt first in
 * LD_PRELOAD and the program's own preloads after it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define MAX_ENV (1 << 20)
#define PRELOAD_MAX 4096

static const char *preload_path; /* LD_PRELOAD entry naming libpurevirt */

void pv_exec_set_preload(const char *path) { preload_path = path; }

/* Counts a NULL-terminated array of pointers in program memory. */
static long count_vector(char *const *v)
{
	long n = 0;
	for (;; n++) {
		char *p;
		if (n >= MAX_ENV || rt_peek(&p, v + n, sizeof p) < 0)
			return -EFAULT;
		if (!p)
			return n;
	}
}

/* Appends to out the colon-separated entries of list other than ours. */
static void append_other_preloads(struct rt_buf *out, const char *list)
{
	while (*list) {
		const char *end = rt_strchr(list, ':');
		size_t n = end ? (size_t)(end - list) : rt_strlen(list);
		if (n && !(preload_path && rt_strlen(preload_path) == n &&
			   !rt_strncmp(list, preload_path, n))) {
			rt_putc(out, ':');
			rt_putn(out, list, n);
		}
		list += n + (end ? 1 : 0);
	}
}

long pv_sys_execve(struct pv_syscall *call)
{
	int ei = call->nr == SYS_execve ? 2 : 3;
	char *const *envp = (char *const *)call->arg[ei];
	long n = envp ? count_vector(envp) : 0;
	if (n < 0 || !preload_path)
		return pv_raw(call);

	char *extra[32];
	char scratch[1024];
	int nextra = pv_exec_env(extra, 32, scratch, sizeof scratch);
	size_t bytes = (size_t)(n + nextra + 2) * sizeof(char *) + PRELOAD_MAX + 16;
	long m = pv_k6(SYS_mmap, 0, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pv_is_error(m))
		return m;
	char **env = (char **)m;
	char *preload = (char *)(env + n + nextra + 2);
	struct rt_buf pl = { .p = preload, .cap = PRELOAD_MAX };
	rt_puts(&pl, "LD_PRELOAD=");
	rt_puts(&pl, preload_path);

	int k = 0;
	for (long i = 0; i < n; i++) {
		char *p, head[16];
		rt_peek(&p, envp + i, sizeof p);
		if (rt_peek_str(head, p, sizeof head) < 0)
			continue; /* unreadable: the kernel would fault on it */
		if (rt_startswith(head, "PUREVIRT_"))
			continue;
		if (rt_startswith(head, "LD_PRELOAD=")) {
			char value[PRELOAD_MAX];
			if (rt_peek_str(value, p, sizeof value) > 0)
				append_other_preloads(&pl, value + 11);
			continue;
		}
		env[k++] = p;
	}
	rt_putc(&pl, 0);
	preload[PRELOAD_MAX - 1] = 0;
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
