/* stdio_probe.c - exercises stdio and dirent the way ordinary programs do
 * and prints what it saw, so that its output natively and under purevirt
 * can be compared byte for byte.
 *
 *   stdio_probe DIR    works inside DIR (created files are removed again)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[4096];

static const char *at(const char *dir, const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static void write_and_read(const char *dir)
{
	FILE *f = fopen(at(dir, "probe-data"), "w+");
	if (!f) {
		printf("fopen: %s\n", strerror(errno));
		return;
	}
	for (int i = 0; i < 2000; i++)
		fprintf(f, "line %04d %s\n", i, i % 3 ? "fizz" : "buzz");
	printf("ftell after writing: %ld\n", ftell(f));
	rewind(f);
	char buf[128];
	int lines = 0;
	while (fgets(buf, sizeof buf, f))
		lines++;
	printf("lines read back: %d eof=%d\n", lines, feof(f) != 0);
	fseek(f, -15, SEEK_END);
	printf("tail: %s", fgets(buf, sizeof buf, f));
	fseek(f, 100, SEEK_SET);
	int c = fgetc(f);
	ungetc(c, f);
	printf("at 100: %c ftell=%ld\n", c, ftell(f));
	fclose(f);
}

static void append_and_reopen(const char *dir)
{
	FILE *f = fopen(at(dir, "probe-data"), "a");
	fputs("appended\n", f);
	f = freopen(at(dir, "probe-data"), "r", f);
	char buf[128], last[128] = "";
	while (fgets(buf, sizeof buf, f))
		snprintf(last, sizeof last, "%s", buf);
	printf("after freopen, last line: %s", last);
	fclose(f);
	errno = 0;
	f = fopen(at(dir, "no/such/file"), "r");
	printf("missing: %s errno=%s\n", f ? "opened" : "NULL", strerror(errno));
	f = fopen(at(dir, "probe-data"), "rz+");
	printf("odd mode: %s\n", f ? "opened" : "NULL");
	if (f)
		fclose(f);
}

static void temporary_and_fd(void)
{
	FILE *t = tmpfile();
	fprintf(t, "%s %d %.3f\n", "temp", 42, 3.14159);
	rewind(t);
	char word[16];
	int n;
	double d;
	if (fscanf(t, "%15s %d %lf", word, &n, &d) == 3)
		printf("tmpfile: %s %d %.2f\n", word, n, d);
	fclose(t);
	int fd = dup(1);
	FILE *out = fdopen(fd, "w");
	fprintf(out, "via fdopen on a copy of stdout\n");
	fclose(out);
	fflush(stdout);
}

static int not_hidden(const struct dirent *e) { return e->d_name[0] != '.'; }

static void directories(const char *dir)
{
	for (int i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof name, "probe-entry-%d", i);
		FILE *f = fopen(at(dir, name), "w");
		fclose(f);
	}
	struct dirent **list;
	int n = scandir(dir, &list, not_hidden, alphasort);
	printf("scandir: %d\n", n);
	for (int i = 0; i < n; i++) {
		printf("  %s%s\n", list[i]->d_name, list[i]->d_type == DT_DIR ? "/" : "");
		free(list[i]);
	}
	free(list);
	DIR *d = opendir(dir);
	int count = 0;
	long mid = 0;
	char midname[256] = "";
	struct dirent *e;
	while ((e = readdir(d))) {
		if (++count == 3) {
			mid = telldir(d);
			e = readdir(d);
			if (!e)
				break;
			snprintf(midname, sizeof midname, "%s", e->d_name);
			count++;
		}
	}
	seekdir(d, mid);
	e = readdir(d);
	printf("readdir: %d entries, seekdir back: %s\n", count,
	       e && !strcmp(e->d_name, midname) ? "same entry" : "different");
	closedir(d);
	for (int i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof name, "probe-entry-%d", i);
		unlink(at(dir, name));
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: stdio_probe DIR\n");
		return 2;
	}
	printf("stdout is fd %d, stderr fd %d, stdin fd %d\n", fileno(stdout),
	       fileno(stderr), fileno(stdin));
	write_and_read(argv[1]);
	append_and_reopen(argv[1]);
	temporary_and_fd();
	directories(argv[1]);
	fprintf(stderr, "to stderr\n");
	unlink(at(argv[1], "probe-data"));
	/* the rest of stdout leaves with exit's flush */
	printf("done\n");
	return 7;
}
