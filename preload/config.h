/* config.h - turning the run's settings into layers; shared by the purevirt
 * command (which checks them before starting anything) and the LD_PRELOAD
 * constructor (which builds the stack from them).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_PRELOAD_CONFIG_H
#define PV_PRELOAD_CONFIG_H

#include "purevirt.h"
#include <stddef.h>

/* PUREVIRT_LAYERS holds layer specs, top first, separated by this; each spec
 * is NAME[:ARGS] or the path of a shared object, PATH[:ARGS]. */
#define PV_LAYER_SEPARATOR ';'

/* Creates the layers of a list, top first, into out[].  Returns how many, or
 * -1 with a one-line reason in err. */
int pv_config_layers(const char *list, struct pv_layer *out, int max,
		     char *err, size_t errlen);

/* Parses a mode name; -1 if unknown. */
int pv_config_mode(const char *name);

#define PV_DEFAULT_MODE PV_MODE_HYBRID
#define PV_DEFAULT_MODE_NAME "hybrid"

#endif
