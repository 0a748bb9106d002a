/* pathmap.h - the machinery shared by the path layers (bind, chroot): a
 * small mount table that says where each part of the program's view of the
 * file system lives in the view of the layers below, and the handler that
 * applies it to every call that takes or returns a path.
 *
 * Terms.  A *guest* path is one the program uses; a *host* path is one the
 * layers below understand (the real file system when the layer is at the
 * bottom of the stack).  A mount maps a guest directory (or file) and
 * everything under it to a host one; the longest guest prefix wins.  bind
 * is {GUEST -> HOST, / -> /}; chroot is {/ -> DIR} plus identity mounts for
 * the directories asked to stay reachable (/proc, /dev, /sys).
 *
 * Paths are translated component by component in the program's view: each
 * step is looked at below (an lstat, and a readlink for a symbolic link,
 * through pv_next), so `..` and symbolic links -- absolute ones too --
 * resolve as the program expects.  A path whose walk never touches a
 * remapped mount is passed down as the program gave it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LAYERS_PATHMAP_H
#define PV_LAYERS_PATHMAP_H

#include "purevirt.h"

#include <stddef.h>

#define PM_PATH 4096      /* PATH_MAX: the longest path a call takes */
#define PM_MAX_MOUNTS 8

/* pm_add flags */
#define PM_DIR 0x1         /* the host side must be a directory */
#define PM_CANON_GUEST 0x2 /* the guest path's parent lives below (bind):
			      its symbolic links are resolved there, so that
			      walks, which meet only resolved paths, find it */

struct pm_mount {
	char *guest;
	size_t glen;
	char *host;
	size_t hlen;
	unsigned flags;
};

struct pathmap {
	const char *layer;             /* "bind", "chroot": for messages */
	unsigned long key;             /* names the run-wide record */
	struct pm_mount m[PM_MAX_MOUNTS];
	int n;
	const char *exe; /* the program this process runs through its dynamic
			    loader (guest path), when this layer started it
			    so: what /proc/self/exe names */
	struct exe_table *exes; /* the same for every process of the run */
	const char *_Atomic comm; /* a process name to set at the first call */
};

/* A new, empty map for a layer given spec (the layer's whole argument
 * string, which names the run-wide record of its canonical paths).  NULL
 * with a reason in err when out of memory. */
struct pathmap *pm_new(const char *layer, const char *spec, char *err,
		       size_t errlen);

/* Adds a mount.  guest must be absolute; host may be relative (to the
 * current directory).  When called in the purevirt command, which checks
 * the arguments before anything runs, host must exist (and be a directory
 * with PM_DIR); in a program the check is made again by the layer's start
 * function, in the layer's own view.  `what` names the host path in
 * messages ("HOST", "DIR").  Returns 0, or -EINVAL with a one-line reason
 * in err. */
int pm_add(struct pathmap *pm, const char *guest, const char *host,
	   unsigned flags, const char *what, char *err, size_t errlen);

/* Fills *layer with the path layer that applies pm. */
void pm_layer(struct pathmap *pm, const char *name, struct pv_layer *layer);


#endif
