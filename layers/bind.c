/* bind.c - the `bind:HOST:GUEST` layer: the program sees the tree at HOST
 * (a directory or a file) at GUEST, as `proot -b HOST:GUEST` shows it.
 * HOST stays visible at its own path too.  Several binds are several
 * layers.  The work is pathmap.c's; this file reads the arguments.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "layers.h"
#include "pathmap.h"
#include "rt.h"

#include <errno.h>

int pv_bind_init(const char *args, struct pv_layer *layer, char *err,
		 unsigned long errlen)
{
	if (!args || !*args) {
		rt_reason(err, errlen, "needs HOST:GUEST (bind:HOST:GUEST)", "", "");
		return -EINVAL;
	}
	/* HOST:GUEST, split at the last ':' (GUEST is absolute, a HOST may
	 * hold a ':'); a lone HOST is bound at its own path, as proot -b /dev */
	size_t len = rt_strlen(args), colon = len;
	for (size_t i = 0; i < len; i++)
		if (args[i] == ':')
			colon = i;
	char *host = rt_alloc(len + 1);
	if (!host)
		return -ENOMEM;
	rt_memcpy(host, args, len + 1);
	const char *guest = host;
	if (colon < len) {
		host[colon] = 0;
		guest = host + colon + 1;
	}
	if (guest[0] != '/') {
		rt_reason(err, errlen, "GUEST '", guest,
		       "' is not an absolute path (bind:HOST:GUEST)");
		return -EINVAL;
	}
	struct pathmap *pm = pm_new("bind", args, err, errlen);
	if (!pm || pm_add(pm, guest, host, PM_CANON_GUEST, "HOST", err, errlen) < 0 ||
	    pm_add(pm, "/", "/", PM_DIR, "root", err, errlen) < 0)
		return -EINVAL;
	pm_layer(pm, "bind", layer);
	return 0;
}
