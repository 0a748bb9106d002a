/* libc_path.h - what the rest of purevirt asks of purelibc/.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_PURELIBC_LIBC_PATH_H
#define PV_PURELIBC_LIBC_PATH_H

/* Once the layers are on the stack: route the standard streams through the
 * layers and arrange for the libc path's last word at exit. */
void pv_libc_start(void);

/* stdio.c: the standard streams become streams of the libc path. */
void pv_stdio_start(void);

#endif
