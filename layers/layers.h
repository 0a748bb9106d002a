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

#endif
