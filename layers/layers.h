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
};

/* NULL if there is no built-in layer of that name. */
const struct pv_builtin_layer *pv_builtin_layer(const char *name);
/* The table, ending with a NULL name. */
extern const struct pv_builtin_layer pv_builtin_layers[];

#endif
