/* layers.h - the built-in layers, by name.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LAYERS_H
#define PV_LAYERS_H

#include "purevirt.h"

struct pv_builtin_layer {
	const char *name;
	const char *usage;     /* "trace[:SET]" */
	const char *summary;   /* one line for --list-layers */
	pv_layer_init_fn *init;
	unsigned flags;        /* PV_LAYER_* */
};

/* The layer shows the program files the host does not have at those names
 * (bind, chroot): the first program must be looked up in its view. */
#define PV_LAYER_REMAPS_PATHS 0x1u

/* NULL if there is no built-in layer of that name. */
const struct pv_builtin_layer *pv_builtin_layer(const char *name);
/* The table, ending with a NULL name. */
extern const struct pv_builtin_layer pv_builtin_layers[];

/* calls.c: facts about calls that several layers need */
/* clone, clone3, fork or vfork: the call makes a task. */
int pv_call_makes_task(long nr);
/* Its CLONE_* flags (clone3's read from the program; 0 if unreadable). */
unsigned long pv_call_clone_flags(const struct pv_syscall *call);

#endif
