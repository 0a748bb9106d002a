/* time_spec.h - the time layer's SPEC (faketime's notation) and the local
 * time zone it is read in, without libc: the layer runs where libc may not
 * be called (a static program's process, a trapped call inside malloc).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LAYERS_TIME_SPEC_H
#define PV_LAYERS_TIME_SPEC_H

#include <stddef.h>
#include <stdint.h>

enum time_kind {
	TIME_OFFSET, /* +3600, -1d, +1.5h: the real clock, shifted        */
	TIME_START,  /* @2001-02-03 04:05:06: starts there, then runs      */
	TIME_FROZEN, /* 2001-02-03 04:05:06: stands still there            */
};

struct civil {
	int64_t year;
	int month, day, hour, min, sec;
};

struct time_spec {
	enum time_kind kind;
	int64_t offset_ns;  /* TIME_OFFSET */
	struct civil at;    /* TIME_START, TIME_FROZEN: local time */
};

/* Parses SPEC.  Returns 0, or -1 with a one-line reason in err. */
int time_spec_parse(const char *s, struct time_spec *out, char *err,
		    size_t errlen);

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
int64_t days_from_civil(int64_t y, int m, int d);

/* Seconds since the epoch of a local time, in the zone the environment
 * names as the C library reads it: TZ (a zoneinfo name, a file, or a POSIX
 * rule such as CET-1CEST,M3.5.0,M10.5.0/3) or, without TZ, /etc/localtime;
 * UTC when none of them can be read. */
int64_t local_to_epoch(const struct civil *c, char *const *envp);

#endif
