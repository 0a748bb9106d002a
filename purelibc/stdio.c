/* stdio.c - placeholder until the stdio family lands.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "libc_path.h"

void pv_stdio_start(void) {}
