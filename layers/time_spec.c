/* time_spec.c - faketime's SPEC notation, and local time read as the C
 * library reads it (TZif files, POSIX TZ rules), written for the time layer,
 * which cannot call libc's strptime or mktime.
 *
 * faketime reads "@2001-02-03 04:05:06" in the local time zone (mktime), so
 * the layer must too: the same SPEC under TZ=Europe/Berlin starts the clock
 * an hour earlier than under UTC.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "time_spec.h"
#include "rt.h"

#include <fcntl.h>
#include <purevirt.h>
#include <sys/syscall.h>

#define NS 1000000000LL

/* Between min and max decimal digits; their value. */
static int digits(const char **p, int min, int max, int64_t *out)
{
	int n = 0;
	int64_t v = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n >= min && !(**p >= '0' && **p <= '9') ? n : -1;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30,
					       31, 31, 30, 31, 30, 31 };
	return dim[m - 1] + (m == 2 && is_leap(y));
}

/* The days-from-civil algorithm (H. Hinnant's): years counted from March so
 * that the leap day ends the year. */
int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t year_of_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	return yoe + era * 400 + (mp >= 10);
}

/* ---- SPEC ---- */

static const char usage[] =
	"' (@YYYY-MM-DD hh:mm:ss starts the clock there, YYYY-MM-DD hh:mm:ss "
	"stops it there, +N or -N shifts it by N seconds, or with a unit m, h, "
	"d or y)";

static int parse_offset(const char *s, struct time_spec *out, char *err,
			size_t errlen)
{
	static const struct {
		char unit;
		int64_t ns;
	} units[] = {
		{ 's', NS }, { 'm', 60 * NS }, { 'h', 3600 * NS },
		{ 'd', 86400 * NS }, { 'y', 365 * 86400 * NS },
	};
	const char *p = s + 1;
	int64_t whole, frac = 0, scale = 1, unit = NS;
	if (digits(&p, 1, 15, &whole) < 0)
		return rt_reason(err, errlen, "bad time offset '", s, usage);
	if (*p == '.') {
		p++;
		const char *f = p;
		if (digits(&p, 1, 9, &frac) < 0)
			return rt_reason(err, errlen, "bad time offset '", s, usage);
		for (; f < p; f++)
			scale *= 10;
	}
	if (*p) {
		size_t i;
		for (i = 0; i < PV_ARRAY_SIZE(units) && units[i].unit != *p; i++)
			;
		if (i < PV_ARRAY_SIZE(units))
			unit = units[i].ns;
		const char *rest = p + (i < PV_ARRAY_SIZE(units));
		if (*rest)
			return rt_reason(err, errlen, "bad time offset '", s,
				    rt_strchr(rest, 'x') || rt_strchr(rest, 'i')
					    ? "': faketime's speed and step (x, i) are not supported"
					    : "': the units are s, m, h, d and y");
	}
	if (whole > INT64_MAX / unit - 1)
		return rt_reason(err, errlen, "time offset '", s, "' is too large");
	out->kind = TIME_OFFSET;
	out->offset_ns = whole * unit + frac * (unit / scale);
	if (s[0] == '-')
		out->offset_ns = -out->offset_ns;
	return 0;
}

static int parse_date(const char *s, struct time_spec *out, char *err,
		      size_t errlen)
{
	const char *p = s + (*s == '@');
	int64_t v[6];
	/* field, its digits, the separator after it */
	static const struct {
		int min, max;
		char sep;
	} fields[6] = { { 1, 4, '-' }, { 1, 2, '-' }, { 1, 2, ' ' },
			{ 1, 2, ':' }, { 1, 2, ':' }, { 1, 2, 0 } };
	for (int i = 0; i < 6; i++) {
		if (digits(&p, fields[i].min, fields[i].max, &v[i]) < 0)
			return rt_reason(err, errlen, "bad time '", s, usage);
		if (fields[i].sep == ' ') {
			if (*p != ' ')
				return rt_reason(err, errlen, "bad time '", s, usage);
			while (*p == ' ')
				p++;
		} else if (fields[i].sep && *p++ != fields[i].sep) {
			return rt_reason(err, errlen, "bad time '", s, usage);
		}
	}
	if (*p)
		return rt_reason(err, errlen, "bad time '", s, usage);
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > days_in_month(v[0], (int)v[1]) || v[3] > 23 || v[4] > 59 ||
	    v[5] > 60)
		return rt_reason(err, errlen, "no such date and time: '", s, "'");
	out->kind = *s == '@' ? TIME_START : TIME_FROZEN;
	out->at = (struct civil){ v[0], (int)v[1], (int)v[2], (int)v[3],
				  (int)v[4], (int)v[5] };
	return 0;
}

int time_spec_parse(const char *s, struct time_spec *out, char *err,
		    size_t errlen)
{
	*out = (struct time_spec){ 0 };
	if (!s || !*s)
		return rt_reason(err, errlen, "a SPEC is needed", usage + 1, "");
	if (*s == '+' || *s == '-')
		return parse_offset(s, out, err, errlen);
	return parse_date(s, out, err, errlen);
}

/* ---- time zones ---- */

/* A POSIX TZ rule's change date: Jn (1-365, never counting Feb 29), n
 * (0-365) or Mm.w.d (day d of week w of month m, week 5 the last). */
struct change {
	char kind; /* 'J', 'D', 'M' */
	int m, w, d;
	int32_t time; /* seconds after local midnight */
};

struct posix_tz {
	int32_t std_off, dst_off; /* seconds east of UTC */
	int has_dst;
	struct change start, end;
};

#define MAX_TRANS 2400
#define MAX_TYPES 256

struct zone {
	int ntrans, ntypes;
	int64_t trans[MAX_TRANS];
	uint8_t idx[MAX_TRANS];
	int32_t utoff[MAX_TYPES];
	int has_rule; /* the POSIX rule for times after the last transition */
	struct posix_tz rule;
};

static struct zone zone; /* read once, at the run's start */

static int parse_tz_name(const char **p)
{
	const char *s = *p;
	if (*s == '<') {
		while (*s && *s != '>')
			s++;
		if (*s != '>')
			return -1;
		*p = s + 1;
		return 0;
	}
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
		s++;
	if (s - *p < 3)
		return -1;
	*p = s;
	return 0;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to 167 as RFC 8536 extends POSIX */
static int parse_hms(const char **p, int32_t *out)
{
	int sign = 1;
	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	int64_t h, m = 0, s = 0;
	if (digits(p, 1, 3, &h) < 0 || h > 167)
		return -1;
	if (**p == ':') {
		(*p)++;
		if (digits(p, 1, 2, &m) < 0 || m > 59)
			return -1;
		if (**p == ':') {
			(*p)++;
			if (digits(p, 1, 2, &s) < 0 || s > 59)
				return -1;
		}
	}
	*out = (int32_t)(sign * (h * 3600 + m * 60 + s));
	return 0;
}

static int parse_change(const char **p, struct change *c)
{
	int64_t a, b, d;
	c->time = 7200; /* 02:00 when the rule gives no time */
	if (**p == 'M') {
		(*p)++;
		if (digits(p, 1, 2, &a) < 0 || *(*p)++ != '.' ||
		    digits(p, 1, 1, &b) < 0 || *(*p)++ != '.' ||
		    digits(p, 1, 1, &d) < 0 || a < 1 || a > 12 || b < 1 ||
		    b > 5 || d > 6)
			return -1;
		*c = (struct change){ 'M', (int)a, (int)b, (int)d, c->time };
	} else {
		c->kind = 'D';
		if (**p == 'J') {
			c->kind = 'J';
			(*p)++;
		}
		if (digits(p, 1, 3, &a) < 0 || a > 365 || (c->kind == 'J' && a < 1))
			return -1;
		c->d = (int)a;
	}
	if (**p == '/' && ((*p)++, parse_hms(p, &c->time) < 0))
		return -1;
	return 0;
}

static int parse_posix_tz(const char *s, struct posix_tz *z)
{
	const char *p = s;
	int32_t off;
	*z = (struct posix_tz){ 0 };
	if (parse_tz_name(&p) < 0 || parse_hms(&p, &off) < 0)
		return -1;
	z->std_off = -off; /* POSIX counts west of Greenwich */
	if (!*p)
		return 0;
	if (parse_tz_name(&p) < 0)
		return -1;
	z->has_dst = 1;
	z->dst_off = z->std_off + 3600;
	if (*p && *p != ',') {
		if (parse_hms(&p, &off) < 0)
			return -1;
		z->dst_off = -off;
	}
	if (!*p) { /* no rule: the C library's default, the US one */
		z->start = (struct change){ 'M', 3, 2, 0, 7200 };
		z->end = (struct change){ 'M', 11, 1, 0, 7200 };
		return 0;
	}
	if (*p++ != ',' || parse_change(&p, &z->start) < 0 || *p++ != ',' ||
	    parse_change(&p, &z->end) < 0 || *p)
		return -1;
	return 0;
}

/* When a change happens in year y, in local seconds. */
static int64_t change_at(const struct change *c, int64_t y)
{
	int64_t day;
	if (c->kind == 'J') {
		day = days_from_civil(y, 1, 1) + c->d - 1 + (is_leap(y) && c->d >= 60);
	} else if (c->kind == 'D') {
		day = days_from_civil(y, 1, 1) + c->d;
	} else {
		int64_t first = days_from_civil(y, c->m, 1);
		int64_t wday = ((first + 4) % 7 + 7) % 7; /* 1970-01-01: Thursday */
		day = first + (c->d - wday + 7) % 7 + (c->w - 1) * 7;
		while (day >= first + days_in_month(y, c->m))
			day -= 7;
	}
	return day * 86400 + c->time;
}

static int32_t posix_offset(const struct posix_tz *z, int64_t t)
{
	if (!z->has_dst)
		return z->std_off;
	int64_t y = year_of_days(floor_div(t + z->std_off, 86400));
	if (y < 1970) /* glibc places a rule's changes before 1970 in 1970 */
		y = 1970;
	int64_t start = change_at(&z->start, y) - z->std_off;
	int64_t end = change_at(&z->end, y) - z->dst_off;
	int dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
	return dst ? z->dst_off : z->std_off;
}

static int32_t zone_offset(const struct zone *z, int64_t t)
{
	if (z->has_rule && (!z->ntrans || t >= z->trans[z->ntrans - 1]))
		return posix_offset(&z->rule, t);
	if (!z->ntrans || t < z->trans[0])
		return z->ntypes ? z->utoff[0] : 0;
	int lo = 0, hi = z->ntrans - 1;
	while (lo < hi) { /* the last transition at or before t */
		int mid = (lo + hi + 1) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return z->utoff[z->idx[lo]];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* A TZif file (RFC 8536), version 2 or later read from its 64-bit part. */
static int load_tzif(const char *path)
{
	static unsigned char buf[65536];
	long fd = pv_syscall(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC,
			     0, 0, 0);
	if (fd < 0)
		return -1;
	long n = 0, r;
	while (n < (long)sizeof buf &&
	       (r = pv_syscall(SYS_read, fd, (long)(buf + n), (long)sizeof buf - n,
			       0, 0, 0)) > 0)
		n += r;
	pv_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	const unsigned char *p = buf, *end = buf + n;
	for (int pass = 0; pass < 2; pass++) {
		if (end - p < 44 || rt_memcmp(p, "TZif", 4))
			return -1;
		uint32_t isut = be32(p + 20), isstd = be32(p + 24), leap = be32(p + 28),
			 timecnt = be32(p + 32), typecnt = be32(p + 36),
			 charcnt = be32(p + 40);
		int wide = pass == 1, tsize = wide ? 8 : 4;
		uint64_t size = (uint64_t)timecnt * (tsize + 1) + typecnt * 6ULL +
				charcnt + leap * (tsize + 4ULL) + isstd + isut;
		p += 44;
		if (size > (uint64_t)(end - p) || typecnt == 0 || typecnt > MAX_TYPES)
			return -1;
		if (p[-40] < '2' || wide) { /* version 1, or the 64-bit part */
			if (timecnt > MAX_TRANS)
				return -1;
			zone.ntrans = (int)timecnt;
			zone.ntypes = (int)typecnt;
			for (uint32_t i = 0; i < timecnt; i++)
				zone.trans[i] = wide ? be64(p + 8 * i)
						     : (int32_t)be32(p + 4 * i);
			p += timecnt * tsize;
			for (uint32_t i = 0; i < timecnt; i++)
				zone.idx[i] = p[i] < typecnt ? p[i] : 0;
			p += timecnt;
			for (uint32_t i = 0; i < typecnt; i++)
				zone.utoff[i] = (int32_t)be32(p + 6 * i);
			p += size - timecnt * (tsize + 1ULL);
			/* the footer: "\nRULE\n" for times after the table */
			if (wide && p < end && *p == '\n') {
				char rule[128];
				size_t k = 0;
				for (p++; p < end && *p != '\n' && k < sizeof rule - 1;)
					rule[k++] = (char)*p++;
				rule[k] = 0;
				zone.has_rule = k && parse_posix_tz(rule, &zone.rule) == 0;
			}
			return 0;
		}
		p += size; /* skip the 32-bit part of a version 2 file */
	}
	return -1;
}

static void load_zone(char *const *envp)
{
	zone = (struct zone){ 0 };
	const char *tz = envp ? rt_getenv(envp, "TZ") : NULL;
	if (!tz) {
		load_tzif("/etc/localtime");
		return;
	}
	if (*tz == ':')
		tz++;
	if (!*tz)
		return; /* UTC */
	char path[4096];
	struct rt_buf b = RT_BUF(path);
	if (*tz != '/') {
		const char *dir = rt_getenv(envp, "TZDIR");
		rt_puts(&b, dir && *dir ? dir : "/usr/share/zoneinfo");
		rt_putc(&b, '/');
	}
	rt_puts(&b, tz);
	rt_putc(&b, 0);
	if (!b.overflow && load_tzif(path) == 0)
		return;
	zone = (struct zone){ 0 };
	if (parse_posix_tz(tz, &zone.rule) == 0)
		zone.has_rule = 1;
	/* else the C library's answer for a name it cannot read: UTC */
}

int64_t local_to_epoch(const struct civil *c, char *const *envp)
{
	load_zone(envp);
	int64_t local = days_from_civil(c->year, c->month, c->day) * 86400 +
			c->hour * 3600 + c->min * 60 + c->sec;
	/* the offset in force at the instant that reads as this local time:
	 * a fixed point, found in a step or two.  A time that a change skips
	 * (02:30 on the night clocks go forward) has none: the two guesses
	 * alternate, and mktime (tm_isdst -1) takes the later instant, read
	 * with the offset from before the change. */
	int64_t u = local - zone_offset(&zone, local);
	for (int i = 0; i < 4; i++) {
		int64_t next = local - zone_offset(&zone, u);
		if (next == u)
			return u;
		if (i == 3 || local - zone_offset(&zone, next) == u)
			return next > u ? next : u;
		u = next;
	}
	return u;
}
