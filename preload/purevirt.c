/* purevirt.c - the command: runs a program under layers.
 *
 *   purevirt [-m MODE] [-l LAYER[:ARGS]]... [-o FILE] [--] PROG [ARGS...]
 *
 * It checks every setting before anything starts (one line and status 2 on
 * bad input), puts the run's settings into the environment and execs PROG
 * with libpurevirt preloaded.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include "layers.h"
#include "purevirt.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_NOT_FOUND 127
#define EXIT_CANNOT_RUN 126

static void usage(FILE *f)
{
	fputs("usage: purevirt [OPTIONS] [--] PROG [ARGS...]\n"
	      "Run PROG with every system call handed to a stack of layers.\n"
	      "\n"
	      "  -l, --layer=LAYER[:ARGS]  push a layer; the first one given is the\n"
	      "                            top (the program's calls reach it first);\n"
	      "                            LAYER is a built-in name or the path of a\n"
	      "                            shared object; default: trace\n"
	      "  -m, --mode=MODE           libc, sud or hybrid (default: hybrid)\n"
	      "  -o, --output=FILE         trace and summaries to FILE, not stderr\n"
	      "      --list-layers         list the built-in layers\n"
	      "  -h, --help                this text\n"
	      "  -V, --version             the version\n",
	      f);
}

static void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
static void die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("purevirt: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(status);
}

/* libpurevirt.so beside the command (the build tree) or in ../lib
 * (an installation); PUREVIRT_LIBRARY overrides both. */
static const char *find_library(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("PUREVIRT_LIBRARY");
	if (env && *env)
		return env;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		die(EXIT_USAGE, "cannot find my own executable: %s", strerror(errno));
	self[n] = 0;
	char *dir = dirname(self);
	static const char *const candidates[] = { "%s/libpurevirt.so",
						  "%s/../lib/libpurevirt.so" };
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		snprintf(path, sizeof path, candidates[i], dir);
		if (access(path, R_OK) == 0)
			return realpath(path, NULL);
	}
	die(EXIT_USAGE, "cannot find libpurevirt.so next to %s or in %s/../lib",
	    dir, dir);
}

/* PATH search as the shell does it, so that "not found" is reported before
 * anything runs.  Returns the path to exec, or exits 127/126. */
static const char *find_program(const char *prog)
{
	static char path[PATH_MAX];
	int denied = 0;
	if (strchr(prog, '/')) {
		if (access(prog, F_OK) != 0)
			die(EXIT_NOT_FOUND, "%s: %s", prog, strerror(errno));
		return prog;
	}
	const char *dirs = getenv("PATH");
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	while (*dirs) {
		const char *end = strchrnul(dirs, ':');
		int len = (int)(end - dirs);
		snprintf(path, sizeof path, "%.*s%s%s", len, len ? dirs : ".",
			 "/", prog);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(path, X_OK) == 0)
				return path;
			denied = 1;
		}
		dirs = *end ? end + 1 : end;
	}
	if (denied)
		die(EXIT_CANNOT_RUN, "%s: Permission denied", prog);
	die(EXIT_NOT_FOUND, "%s: command not found", prog);
}

static void list_layers(void)
{
	for (const struct pv_builtin_layer *l = pv_builtin_layers; l->name; l++)
		printf("%-24s %s\n", l->usage, l->summary);
}

/* The environment PROG starts with: ours, minus stale settings, plus the
 * run's.  libpurevirt goes first in LD_PRELOAD. */
static char **make_env(const char *lib, const char *layers, const char *mode,
		       int output_fd)
{
	extern char **environ;
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 8, sizeof *env);
	size_t k = 0;
	const char *old_preload = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(environ[i], "PUREVIRT_", 9))
			continue;
		if (!strncmp(environ[i], "LD_PRELOAD=", 11)) {
			old_preload = environ[i] + 11;
			continue;
		}
		env[k++] = environ[i];
	}
	if (asprintf(&env[k++], "LD_PRELOAD=%s%s%s", lib,
		     old_preload && *old_preload ? ":" : "",
		     old_preload ? old_preload : "") < 0 ||
	    asprintf(&env[k++], "PUREVIRT_LAYERS=%s", layers) < 0 ||
	    asprintf(&env[k++], "PUREVIRT_MODE=%s", mode) < 0)
		die(EXIT_USAGE, "out of memory");
	if (output_fd >= 0 &&
	    asprintf(&env[k++], "PUREVIRT_OUTPUT_FD=%d", output_fd) < 0)
		die(EXIT_USAGE, "out of memory");
	env[k] = NULL;
	return env;
}

int main(int argc, char **argv)
{
	enum { OPT_LIST = 256 };
	static const struct option options[] = {
		{ "layer", required_argument, NULL, 'l' },
		{ "mode", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "list-layers", no_argument, NULL, OPT_LIST },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char *layers = NULL;
	size_t layers_len = 0;
	const char *mode = PV_DEFAULT_MODE_NAME, *output = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:l:m:o:hV", options, NULL)) != -1) {
		switch (c) {
		case 'l': {
			if (strchr(optarg, PV_LAYER_SEPARATOR))
				die(EXIT_USAGE, "layer '%s': '%c' cannot appear in a layer",
				    optarg, PV_LAYER_SEPARATOR);
			size_t add = strlen(optarg) + 1;
			layers = realloc(layers, layers_len + add + 1);
			if (layers_len)
				layers[layers_len - 1] = PV_LAYER_SEPARATOR;
			memcpy(layers + layers_len, optarg, add);
			layers_len += add;
			break;
		}
		case 'm':
			mode = optarg;
			if (pv_config_mode(mode) < 0)
				die(EXIT_USAGE, "unknown mode '%s' (libc, sud or hybrid)",
				    mode);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_LIST:
			list_layers();
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("purevirt %s\n", PUREVIRT_VERSION);
			return 0;
		case ':':
			die(EXIT_USAGE, "option '%s' needs an argument (try --help)",
			    argv[optind - 1]);
		default:
			if (optopt)
				die(EXIT_USAGE, "unknown option '-%c' (try --help)", optopt);
			die(EXIT_USAGE, "unknown option '%s' (try --help)",
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		die(EXIT_USAGE, "no program to run (try --help)");
	if (!layers)
		layers = strdup("trace");

	struct pv_layer checked[PV_MAX_LAYERS];
	char err[512];
	if (pv_config_layers(layers, checked, PV_MAX_LAYERS, err, sizeof err) < 0)
		die(EXIT_USAGE, "%s", err);

	const char *lib = find_library();
	const char *path = find_program(argv[optind]);
	int output_fd = -1;
	if (output) {
		output_fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0666);
		if (output_fd < 0)
			die(EXIT_USAGE, "cannot open output file '%s': %s", output,
			    strerror(errno));
	}
	execve(path, argv + optind, make_env(lib, layers, mode, output_fd));
	int e = errno;
	die(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN, "%s: %s",
	    argv[optind], strerror(e));
}
