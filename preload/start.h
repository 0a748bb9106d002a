/* start.h - the start of the layers in every process of a run, shared by
 * the LD_PRELOAD constructor (a dynamic program) and the launcher (a program
 * it loads into its own process).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_PRELOAD_START_H
#define PV_PRELOAD_START_H

#include <stddef.h>

/* The run's settings, handed on across exec in the environment. */
#define PV_ENV_LAYERS "PUREVIRT_LAYERS"
#define PV_ENV_MODE "PUREVIRT_MODE"
#define PV_ENV_LAUNCHER "PUREVIRT_LAUNCHER"     /* the purevirt command */
#define PV_ENV_LIBRARY "PUREVIRT_LIBRARY"       /* libpurevirt.so */
#define PV_ENV_FROM_START "PUREVIRT_FROM_START" /* "1": --from-start */
/* A variable of the program that would steer the launcher's own dynamic
 * loader travels as PUREVIRT_PROG_<NAME>=VALUE in its place. */
#define PV_ENV_RENAMED "PUREVIRT_PROG_"

/* Only built-in layers: the process will run a program that owns the FS
 * register and its own libc, where a layer in a shared object (linked
 * against the launcher's libc) cannot run. */
#define PV_START_BUILTIN_ONLY 0x1

/* With the runtime started (pv_runtime_start): hands the settings found in
 * envp on to every exec, sets up the output (-o file or the original
 * stderr), creates the layers of PUREVIRT_LAYERS, takes the settings out of
 * envp in place, so that the program sees the environment it was given
 * (PUREVIRT_* dropped, renamed variables restored, `self` -- the preloaded
 * libpurevirt, or NULL -- out of LD_PRELOAD), and pushes the layers, bottom
 * first.  *mode gets the mode PUREVIRT_MODE asks for.  Libc-free.
 * Returns 0, or -1 with a one-line reason in err. */
int pv_start_layers(char **envp, const char *self, unsigned flags, int *mode,
		    char *err, size_t errlen);

#endif
