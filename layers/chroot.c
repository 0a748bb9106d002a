/* chroot.c - the `chroot:DIR[:PATH,...]` layer: DIR is the program's /, as
 * `proot -r DIR` (or fakechroot) shows it.  Absolute symbolic links inside
 * DIR resolve inside it; each PATH listed (/proc, /dev, /sys) stays the
 * host's own, reachable at its own name.  Programs inside DIR run, static
 * ones and dynamic ones with DIR's own dynamic loader and libraries
 * (pathmap.c, exec).  The work is pathmap.c's; this file reads the
 * arguments.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "layers.h"
#include "pathmap.h"
#include "rt.h"

#include <errno.h>

int pv_chroot_init(const char *args, struct pv_layer *layer, char *err,
		   unsigned long errlen)
{
	if (!args || !*args) {
		rt_reason(err, errlen, "needs a directory (chroot:DIR[:/proc,/dev,...])",
		       "", "");
		return -EINVAL;
	}
	size_t len = rt_strlen(args), colon = len;
	for (size_t i = 0; i < len; i++)
		if (args[i] == ':')
			colon = i;
	char *dir = rt_alloc(len + 1);
	if (!dir)
		return -ENOMEM;
	rt_memcpy(dir, args, len + 1);
	char *keep = colon < len ? dir + colon + 1 : NULL;
	if (keep)
		dir[colon] = 0;
	struct pathmap *pm = pm_new("chroot", args, err, errlen);
	if (!pm || pm_add(pm, "/", dir, PM_DIR, "DIR", err, errlen) < 0)
		return -EINVAL;
	while (keep && *keep) {
		char *end = keep;
		while (*end && *end != ',')
			end++;
		int more = *end == ',';
		*end = 0;
		if (keep[0] != '/') {
			rt_reason(err, errlen, "'", keep,
			       "' is not an absolute path (chroot:DIR:/proc,/dev,...)");
			return -EINVAL;
		}
		if (pm_add(pm, keep, keep, 0, "path", err, errlen) < 0)
			return -EINVAL;
		keep = more ? end + 1 : end;
	}
	pm_layer(pm, "chroot", layer);
	return 0;
}
