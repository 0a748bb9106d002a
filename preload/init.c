/* init.c - the LD_PRELOAD constructor: builds the layer stack from the
 * environment, arms the chosen mode and starts the libc path.
 *
 * PUREVIRT_LAYERS   layer specs, top first, separated by ';'
 * PUREVIRT_MODE     libc, sud or hybrid (default hybrid)
 * PUREVIRT_OUTPUT_FD / PUREVIRT_STDERR_FD
 *                   the trace output handed on from the first process
 * PUREVIRT_LAUNCHER the purevirt command, for exec of static programs
 * Without PUREVIRT_LAYERS the library does nothing at start: an application
 * that links it pushes its own layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dispatch.h"
#include "libc_path.h"
#include "rt.h"
#include "start.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

static void fail(const char *what)
{
	rt_diag(2, "%s", what);
	pv_kernel(SYS_exit_group, 2, 0, 0, 0, 0, 0);
}

__attribute__((constructor(101))) static void pv_preload_start(int argc,
							       char **argv,
							       char **envp)
{
	if (!rt_getenv(envp, PV_ENV_LAYERS))
		return;
	pv_runtime_start(argc, argv, envp);

	static char self[PATH_MAX];
	Dl_info info;
	if (!(dladdr((void *)pv_preload_start, &info) && info.dli_fname &&
	      realpath(info.dli_fname, self)))
		self[0] = 0;

	int mode;
	char err[512];
	if (pv_start_layers(envp, self[0] ? self : NULL, 0, &mode, err,
			    sizeof err) < 0)
		fail(err);
	int r = pv_set_mode((enum pv_mode)mode);
	if (r < 0) {
		static const char *const names[] = { "libc", "sud", "hybrid" };
		char msg[256];
		snprintf(msg, sizeof msg, "cannot start mode %s: %s",
			 names[mode], strerror(-r));
		fail(msg);
	}
	pv_libc_start();
}
