/* sysent.h - what purevirt knows about each system call: its name (from the
 * kernel headers) and, for the calls in syscalls.def, how many arguments it
 * takes, what kind each one is, and the classes it belongs to.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LIB_SYSENT_H
#define PV_LIB_SYSENT_H

/* Number of entries in the name table (highest known number + 1). */
extern const int pv_nsyscalls;

/* "openat", or NULL for a number the headers do not name. */
const char *pv_syscall_name(long nr);
/* The number of a name, or -1. */
long pv_syscall_number(const char *name);
/* How many arguments the call takes (6 when not described). */
int pv_syscall_nargs(long nr);

#endif
