/* registry.c - the table of built-in layers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "layers.h"
#include "rt.h"

pv_layer_init_fn pv_pass_init, pv_trace_init;
pv_layer_init_fn pv_bind_init, pv_chroot_init;
pv_layer_init_fn pv_fakeroot_init, pv_time_init;
pv_layer_init_fn pv_count_init, pv_inject_init;

const struct pv_builtin_layer pv_builtin_layers[] = {
	{ "pass", "pass", "hands every call down unchanged", pv_pass_init, 0 },
	{ "trace", "trace[:SET]", "prints every call as strace does",
	  pv_trace_init, 0 },
	{ "count", "count[:SET][:sort=KEY]",
	  "the summary strace -c -f prints, at the end of the run",
	  pv_count_init, 0 },
	{ "inject", "inject:SET:ACTION[:...]",
	  "injects errors, results, signals and delays, as strace -e inject=",
	  pv_inject_init, 0 },
	{ "fakeroot", "fakeroot[:STATEFILE]",
	  "the program runs as root, as fakeroot(1) (-i/-s STATEFILE)",
	  pv_fakeroot_init, 0 },
	{ "time", "time:SPEC",
	  "shifts the real-time clock, as faketime(1) (SPEC: @DATE, DATE, +-N[smhdy])",
	  pv_time_init, 0 },
	{ "bind", "bind:HOST:GUEST", "shows HOST at GUEST, as proot -b",
	  pv_bind_init, PV_LAYER_REMAPS_PATHS },
	{ "chroot", "chroot:DIR[:/proc,...]", "makes DIR the root, as proot -r",
	  pv_chroot_init, PV_LAYER_REMAPS_PATHS },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct pv_builtin_layer *pv_builtin_layer(const char *name)
{
	for (const struct pv_builtin_layer *l = pv_builtin_layers; l->name; l++)
		if (!rt_strcmp(l->name, name))
			return l;
	return NULL;
}
