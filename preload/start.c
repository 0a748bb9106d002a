/* start.c - the start of the layers in every process of a run.
 *
 * A dynamic program starts them in libpurevirt's constructor; a program the
 * launcher loads into its process has them started by the launcher, before
 * its first instruction.  Both read the same settings and must leave the
 * program the same view of its environment, so they share this.  It is
 * libc-free like the core it is linked with: the constructor runs before
 * the program's own constructors, and a launcher may be a user's program
 * linked with libpurevirt.a, about to hand its process to another libc.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "start.h"
#include "config.h"
#include "dispatch.h"
#include "rt.h"

#include <fcntl.h>
#include <sys/syscall.h>

/* The trace output: a -o file, the original stderr handed on, or our own
 * copy of stderr, taken before the program can redirect it. */
static void setup_output(char **envp)
{
	static const char *const names[2] = { "PUREVIRT_OUTPUT_FD",
					      "PUREVIRT_STDERR_FD" };
	for (int is_stderr = 0; is_stderr < 2; is_stderr++) {
		const char *v = rt_getenv(envp, names[is_stderr]);
		long fd;
		if (v && rt_parse_long(v, 10, &fd) == 0 &&
		    pv_kernel(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0) >= 0) {
			int nfd = pv_runtime_fd((int)fd, names[is_stderr]);
			pv_set_output_fd(nfd, !is_stderr);
			return;
		}
	}
	int fd = (int)pv_kernel(SYS_fcntl, 2, F_DUPFD_CLOEXEC, 3, 0, 0, 0);
	if (fd >= 0)
		fd = pv_runtime_fd(fd, "PUREVIRT_STDERR_FD");
	pv_set_output_fd(fd, 0);
}

/* Is this LD_PRELOAD entry the runtime itself? */
static int is_ours(const char *tok, size_t n, const char *self)
{
	if (self && rt_strlen(self) == n && !rt_strncmp(tok, self, n))
		return 1;
	/* a bare name the dynamic loader looked up in its path */
	int slash = 0;
	for (size_t i = 0; i < n; i++)
		slash |= tok[i] == '/';
	if (slash)
		return 0;
	static const char lib[] = "libpurevirt";
	for (size_t i = 0; i + sizeof lib - 1 <= n; i++)
		if (!rt_strncmp(tok + i, lib, sizeof lib - 1))
			return 1;
	return 0;
}

/* LD_PRELOAD as the program had it: without us, or NULL when the program
 * had none.  The runtime writes "ours" when it added the variable and
 * "ours:REST" (REST possibly empty) when it prepended to the program's. */
static char *preload_without(const char *entry, const char *self)
{
	static char out[8192];
	struct rt_buf b = RT_BUF(out);
	const char *p = entry + sizeof "LD_PRELOAD=" - 1;
	int any = 0, ours = 0, separated = 0;
	rt_puts(&b, "LD_PRELOAD=");
	while (*p) {
		size_t n = 0;
		while (p[n] && p[n] != ':' && p[n] != ' ')
			n++;
		if (n && is_ours(p, n, self)) {
			ours = 1;
		} else if (n) {
			if (any)
				rt_putc(&b, ':');
			rt_putn(&b, p, n);
			any = 1;
		}
		p += n;
		if (*p) {
			separated = 1;
			p++;
		}
	}
	rt_putc(&b, 0);
	if (!ours || b.overflow)
		return (char *)entry; /* not ours to edit */
	return any || separated ? out : NULL;
}

static void hide_settings(char **envp, const char *self)
{
	static const char renamed[] = PV_ENV_RENAMED;
	char **out = envp;
	for (char **e = envp; *e; e++) {
		if (rt_startswith(*e, renamed)) {
			*out++ = *e + sizeof renamed - 1;
			continue;
		}
		if (rt_startswith(*e, "PUREVIRT_"))
			continue;
		if (rt_startswith(*e, "LD_PRELOAD=")) {
			char *kept = preload_without(*e, self);
			if (kept)
				*out++ = kept;
			continue;
		}
		*out++ = *e;
	}
	*out = NULL;
	/* the program's start, as the trace shows it, is what it sees */
	pv_start_info_set(NULL, (int)(out - envp));
}

int pv_start_layers(char **envp, const char *self, unsigned flags, int *mode,
		    char *err, size_t errlen)
{
	const char *list = rt_getenv(envp, PV_ENV_LAYERS);
	const char *mode_name = rt_getenv(envp, PV_ENV_MODE);
	if (!list) {
		rt_reason(err, errlen, "no layers (" PV_ENV_LAYERS " is not set)", "", "");
		return -1;
	}
	*mode = mode_name ? pv_config_mode(mode_name) : PV_DEFAULT_MODE;
	if (*mode < 0) {
		rt_reason(err, errlen, "unknown mode '", mode_name, "' in " PV_ENV_MODE);
		return -1;
	}
	static const char *const carried[] = { PV_ENV_LAYERS, PV_ENV_MODE,
						PV_ENV_LAUNCHER, PV_ENV_LIBRARY,
						PV_ENV_FROM_START };
	for (size_t i = 0; i < PV_ARRAY_SIZE(carried); i++) {
		const char *v = rt_getenv(envp, carried[i]);
		if (v)
			pv_exec_setting(carried[i], v);
	}
	if (self)
		pv_exec_set_preload(self);
	const char *from_start = rt_getenv(envp, PV_ENV_FROM_START);
	const char *launcher = rt_getenv(envp, PV_ENV_LAUNCHER);
	static char launcher_copy[4096]; /* a program may write over its
					    environment (setproctitle) */
	if (launcher && rt_strlen(launcher) < sizeof launcher_copy) {
		rt_memcpy(launcher_copy, launcher, rt_strlen(launcher) + 1);
		pv_exec_set_launcher(launcher_copy,
				     from_start && !rt_strcmp(from_start, "1"));
	}
	setup_output(envp);

	if (flags & PV_START_BUILTIN_ONLY) {
		for (const char *p = list; *p;) {
			const char *end = rt_strchr(p, PV_LAYER_SEPARATOR);
			size_t n = end ? (size_t)(end - p) : rt_strlen(p);
			const char *colon = rt_strchr(p, ':');
			size_t name = colon && colon < p + n ? (size_t)(colon - p) : n;
			for (size_t i = 0; i < name; i++)
				if (p[i] == '/') {
					char spec[256];
					size_t k = name < sizeof spec ? name : sizeof spec - 1;
					rt_memcpy(spec, p, k);
					spec[k] = 0;
					rt_reason(err, errlen, "layer ", spec,
						": a layer in a shared object cannot run in "
						"a program loaded by purevirt (a static "
						"program, or --from-start): use built-in "
						"layers, or link your own launcher with "
						"libpurevirt.a");
					return -1;
				}
			p += n + (end ? 1 : 0);
		}
	}
	struct pv_layer layers[PV_MAX_LAYERS];
	int n = pv_config_layers(list, layers, PV_MAX_LAYERS, err, errlen);
	if (n < 0)
		return -1;
	/* before the layers start: what they see of the program's start (the
	 * trace's execve line) is the environment the program sees */
	hide_settings(envp, self);
	for (int i = n - 1; i >= 0; i--) /* bottom first */
		pv_push(&layers[i]);
	return 0;
}
