/* init.c - the LD_PRELOAD constructor: builds the layer stack from the
 * environment, arms the chosen mode and starts the libc path.
 *
 * PUREVIRT_LAYERS   layer specs, top first, separated by ';'
 * PUREVIRT_MODE     libc, sud or hybrid (default hybrid)
 * PUREVIRT_OUTPUT_FD / PUREVIRT_STDERR_FD
 *                   the trace output handed on from the first process
 * Without PUREVIRT_LAYERS the library does nothing at start: an application
 * that links it pushes its own layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include "dispatch.h"
#include "libc_path.h"
#include "rt.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void fail(const char *what)
{
	rt_diag(2, "%s", what);
	pv_kernel(SYS_exit_group, 2, 0, 0, 0, 0, 0);
}

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

/* The program sees its environment as it would natively: without our
 * settings and without libpurevirt in LD_PRELOAD.  exec puts them back. */
static void hide_settings(char **envp, const char *self)
{
	static char preload[PATH_MAX * 2];
	char **out = envp;
	for (char **e = envp; *e; e++) {
		if (!strncmp(*e, "PUREVIRT_", 9))
			continue;
		if (!strncmp(*e, "LD_PRELOAD=", 11)) {
			size_t n = 0;
			char *save, *list = strdup(*e + 11);
			for (char *tok = strtok_r(list, ": ", &save); tok;
			     tok = strtok_r(NULL, ": ", &save)) {
				if (self && !strcmp(tok, self))
					continue;
				if (strstr(tok, "libpurevirt") && !strchr(tok, '/'))
					continue;
				n += (size_t)snprintf(preload + n, sizeof preload - n,
						      "%s%s", n ? ":" : "LD_PRELOAD=", tok);
				if (n >= sizeof preload)
					break;
			}
			free(list);
			if (n && n < sizeof preload)
				*out++ = preload;
			continue;
		}
		*out++ = *e;
	}
	*out = NULL;
}

__attribute__((constructor(101))) static void pv_preload_start(int argc,
							       char **argv,
							       char **envp)
{
	const char *list = rt_getenv(envp, "PUREVIRT_LAYERS");
	if (!list)
		return;
	pv_runtime_start(argc, argv, envp);

	static char self[PATH_MAX];
	Dl_info info;
	if (dladdr((void *)pv_preload_start, &info) && info.dli_fname &&
	    realpath(info.dli_fname, self))
		pv_exec_set_preload(self);

	const char *mode_name = rt_getenv(envp, "PUREVIRT_MODE");
	int mode = mode_name ? pv_config_mode(mode_name) : PV_DEFAULT_MODE;
	if (mode < 0) {
		char msg[256];
		snprintf(msg, sizeof msg, "unknown mode '%s' in PUREVIRT_MODE", mode_name);
		fail(msg);
	}
	pv_exec_setting("PUREVIRT_LAYERS", list);
	if (mode_name)
		pv_exec_setting("PUREVIRT_MODE", mode_name);
	setup_output(envp);

	struct pv_layer layers[PV_MAX_LAYERS];
	char err[512];
	int n = pv_config_layers(list, layers, PV_MAX_LAYERS, err, sizeof err);
	if (n < 0)
		fail(err);
	for (int i = n - 1; i >= 0; i--) /* bottom first */
		pv_push(&layers[i]);

	hide_settings(envp, self[0] ? self : NULL);
	int r = pv_set_mode((enum pv_mode)mode);
	if (r < 0) {
		char msg[256];
		snprintf(msg, sizeof msg, "cannot start mode %s: %s",
			 mode_name ? mode_name : PV_DEFAULT_MODE_NAME, strerror(-r));
		fail(msg);
	}
	pv_libc_start();
}
