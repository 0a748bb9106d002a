/* config.c - layer lists and modes, as the command and the environment give
 * them.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include "layers.h"
#include "rt.h"

#include <dlfcn.h>
#include <errno.h>

/* A spec names a shared object when its name part holds a '/'. */
static int create_one(const char *spec, size_t len, struct pv_layer *out,
		      char *err, size_t errlen)
{
	char name[512];
	char args_buf[4096];
	const char *colon = NULL;
	for (size_t i = 0; i < len; i++)
		if (spec[i] == ':') {
			colon = spec + i;
			break;
		}
	size_t nlen = colon ? (size_t)(colon - spec) : len;
	if (!nlen) {
		rt_reason(err, errlen, "empty layer name", "", "");
		return -1;
	}
	if (nlen >= sizeof name || len >= sizeof args_buf) {
		rt_reason(err, errlen, "layer specification too long", "", "");
		return -1;
	}
	rt_memcpy(name, spec, nlen);
	name[nlen] = 0;
	const char *args = NULL;
	if (colon) {
		size_t alen = len - nlen - 1;
		rt_memcpy(args_buf, colon + 1, alen);
		args_buf[alen] = 0;
		args = args_buf;
	}

	pv_layer_init_fn *init;
	const struct pv_builtin_layer *b = pv_builtin_layer(name);
	if (b) {
		init = b->init;
	} else if (rt_strchr(name, '/')) {
		void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			rt_reason(err, errlen, "cannot load layer ", name, "");
			return -1;
		}
		init = (pv_layer_init_fn *)dlsym(h, PV_LAYER_INIT_SYMBOL);
		if (!init) {
			rt_reason(err, errlen, name, ": no " PV_LAYER_INIT_SYMBOL,
				" in it: not a purevirt layer");
			return -1;
		}
	} else {
		rt_reason(err, errlen, "unknown layer '", name,
			"' (purevirt --list-layers shows them)");
		return -1;
	}
	char why[400];
	why[0] = 0;
	/* args live in our buffer only until we return: layers keep what
	 * they need (the contract of pv_layer_init_fn) */
	if (init(args, out, why, sizeof why) < 0 || !out->handler) {
		rt_reason(err, errlen, name, ": ", why[0] ? why : "bad arguments");
		return -1;
	}
	if (!out->name)
		out->name = b ? b->name : "layer";
	return 0;
}

int pv_config_layers(const char *list, struct pv_layer *out, int max,
		     char *err, size_t errlen)
{
	int n = 0;
	const char *p = list;
	while (*p) {
		const char *end = rt_strchr(p, PV_LAYER_SEPARATOR);
		size_t len = end ? (size_t)(end - p) : rt_strlen(p);
		if (n == max) {
			rt_reason(err, errlen, "too many layers", "", "");
			return -1;
		}
		if (create_one(p, len, &out[n], err, errlen) < 0)
			return -1;
		n++;
		p += len + (end ? 1 : 0);
	}
	return n;
}

int pv_config_mode(const char *name)
{
	static const struct {
		const char *name;
		enum pv_mode mode;
	} modes[] = {
		{ "libc", PV_MODE_LIBC },
		{ "sud", PV_MODE_SUD },
		{ "hybrid", PV_MODE_HYBRID },
	};
	for (size_t i = 0; i < PV_ARRAY_SIZE(modes); i++)
		if (!rt_strcmp(modes[i].name, name))
			return (int)modes[i].mode;
	return -1;
}
